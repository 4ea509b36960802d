"""Errors the gateway raises before any route runs, in the shape of the API a path belongs to.

An unknown path, a wrong method or a body over the size limit answers as that legacy API would:
ServerAPI (`/api/v1/...`) in its envelope, HALP as plain text, DFairPlay functions with their
`-1`/`-3` code (HTTP 200, as all its answers). Other paths keep the platform's JSON error.
"""

from __future__ import annotations

from functools import cache
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import Scope

from services.gateway.routes import fairplay, halp
from services.gateway.routes.fleet_envelope import failure

SERVERAPI, HALP, DFAIRPLAY, PLATFORM = "serverapi", "halp", "dfairplay", "platform"
_SERVERAPI_PREFIX = "/api/v1"


def _first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


@cache
def _halp_segments() -> frozenset[str]:
    return frozenset(_first_segment(getattr(route, "path", "")) for route in halp.router.routes)


def api_of(scope: Scope) -> str:
    """Which API answers for this path (paths no API routes at all are left to DFairPlay's
    fallback, which answers them `-1`)."""
    path: str = scope.get("path", "/")
    if path == _SERVERAPI_PREFIX or path.startswith(f"{_SERVERAPI_PREFIX}/"):
        return SERVERAPI
    first = _first_segment(path)
    if first in _halp_segments():
        return HALP
    if first in fairplay.FUNCTIONS:
        return DFAIRPLAY
    return PLATFORM


# status -> (reason word, the phrase Flask's HALP backend answered with).
_STATUSES = {
    404: ("NOT_FOUND", "Not Found"),
    405: ("METHOD_NOT_ALLOWED", "Method Not Allowed"),
    413: ("PAYLOAD_TOO_LARGE", "Request Entity Too Large"),
}


def _reason(status: int) -> str:
    return _STATUSES.get(status, ("ERROR", ""))[0]


def _phrase(status: int) -> str:
    known = _STATUSES.get(status)
    return known[1] if known else HTTPStatus(status).phrase


def error_response(scope: Scope, status: int, message: str) -> Response:
    """`status` with `message`, in the shape of the path's API."""
    api = api_of(scope)
    if api == SERVERAPI:
        return failure(status, message, _reason(status))
    if api == HALP:
        return PlainTextResponse(_phrase(status), status_code=status)
    if api == DFAIRPLAY:
        too_large = status == 413
        return PlainTextResponse(
            fairplay.INVALID_PARAMETER if too_large else fairplay.UNKNOWN_FUNCTION
        )
    body = {"error": {"code": _reason(status), "message": message}}
    return JSONResponse(body, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if api_of(request.scope) == PLATFORM:
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )
    response = error_response(request.scope, exc.status_code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def install(app: FastAPI) -> None:
    """Unknown paths and wrong methods of legacy APIs answer in their own shape."""
    app.add_exception_handler(HTTPException, _http_error)
