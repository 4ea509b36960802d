"""The OpenAPI document declares what each route really answers: its error statuses in its
API's own shape, and the media types of the live streams, so generated clients work."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

_ENVELOPE = {
    "type": "object",
    "required": ["code", "status_code", "data"],
    "properties": {
        "code": {"type": "integer"},
        "status_code": {"type": "string"},
        "data": {"type": "object"},
        "error": {"type": "string"},
        "reason": {"type": "string"},
    },
}
_GATEWAY_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {}}}
_TEXT = {"text/plain": {"schema": {"type": "string"}}}
_JSON_ERROR = {"application/json": {"schema": _GATEWAY_ERROR}}
_DESCRIPTIONS = {
    400: "Bad request",
    401: "Missing or invalid credentials",
    403: "Not allowed",
    404: "Not found",
    409: "Conflict",
    413: "Request body too large",
    429: "Too many requests",
    503: "A backend is unavailable",
}
_FLEET = (400, 401, 403, 404, 409, 413, 429, 503)
_MAC = (400, 401, 403, 404, 413, 429, 503)
_HALP = (400, 403, 404, 413, 503)
_STREAMS = {
    "/api/v1/live/alerts/sse": "text/event-stream",
    "/api/v1/live/trucks/{truck_id}/mjpeg": "multipart/x-mixed-replace",
}
_CREATED = {("/api/v1/alert/", "post")}


def _group(path: str) -> tuple[tuple[int, ...], dict[str, Any]] | None:
    """The error statuses of the API that owns `path`, and the content of its errors."""
    if path.startswith("/api/v1"):
        return _FLEET, {"application/json": {"schema": _ENVELOPE}}
    if path.startswith("/mac/"):
        return _MAC, _JSON_ERROR
    if path in ("/get_sessions", "/submit_playercount", "/read_player_list") or path.startswith(
        ("/uploads/", "/sessions/")
    ):
        # Documented HALP errors are plain text; an unavailable backend answers JSON.
        return _HALP, {**_TEXT, **_JSON_ERROR}
    if path == "/healthz":
        return (503,), {"application/json": {"schema": {"type": "object"}}}
    return None


def _declare(path: str, method: str, operation: dict[str, Any]) -> None:
    group = _group(path)
    if group is None:
        return
    statuses, content = group
    responses = operation.setdefault("responses", {})
    if statuses != (503,):
        responses.pop("422", None)
    if (path, method) in _CREATED:
        responses["201"] = responses.pop("200")
    for status in statuses:
        responses[str(status)] = {"description": _DESCRIPTIONS[status], "content": content}
    if path in _STREAMS:
        schema = {"type": "string"}
        responses["200"] = {
            "description": "A stream",
            "content": {_STREAMS[path]: {"schema": schema}},
        }


def install(app: FastAPI) -> None:
    """Replace `app.openapi` with a builder that adds the declared statuses once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for path, operations in document.get("paths", {}).items():
                for method, operation in operations.items():
                    _declare(path, method, operation)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
