"""The OpenAPI document declares what each route really answers: its error statuses in its
API's own shape, and the media types of the live streams, so generated clients work."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from services.gateway.routes import fleet_envelope
from services.gateway.shapes import shape_of

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
_STREAMS = {
    "/api/v1/live/alerts/sse": "text/event-stream",
    "/api/v1/live/trucks/{truck_id}/mjpeg": "multipart/x-mixed-replace",
}
_CREATED = {("/api/v1/alert/", "post")}


def _group(path: str) -> tuple[tuple[int, ...], dict[str, Any]] | None:
    """The error statuses of the API that owns `path`, and the content of its errors."""
    if path.startswith("/console/"):
        # The console's files: an unknown name answers 404 in the ServerAPI envelope.
        return (404,), fleet_envelope.ERRORS.content
    if path == "/healthz":
        return (503,), {"application/json": {"schema": {"type": "object"}}}
    shape = shape_of(path)
    return None if shape is None else (shape.statuses, shape.content)


def _declare(path: str, method: str, operation: dict[str, Any]) -> None:
    group = _group(path)
    if group is None:
        return
    statuses, content = group
    responses = operation.setdefault("responses", {})
    if path != "/healthz":  # the APIs answer a bad request 400 (or DFairPlay's -3), never 422
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
