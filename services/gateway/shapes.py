"""Errors raised before a route runs (unknown paths, 405, 413, unreadable bodies, bad
parameters), in the shape of the API the path belongs to: never FastAPI's bare `{"detail"}` on
a legacy route. ServerAPI (`/api/v1/...`) answers in its envelope, MAC in the platform's JSON
error, HALP as plain text, DFairPlay functions with their `-1`/`-3` code (HTTP 200, as all its
answers). Paths of no legacy API keep FastAPI's answers."""

from __future__ import annotations

from functools import cache
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import Scope

from services.gateway.routes import fairplay, halp, mac
from services.gateway.routes.fleet_envelope import failure, validation_message
from services.gateway.routes.halp import legacy_response

SERVERAPI, MAC, HALP, DFAIRPLAY, PLATFORM = "serverapi", "mac", "halp", "dfairplay", "platform"
FLEET_PREFIX = "/api/v1"
MAC_PREFIX = "/mac/"
MAC_CLIENT_PREFIX = f"/{mac.CLIENT_SEGMENT}/"  # the MAC API under a token-bearing base
_REASONS = {405: "METHOD_NOT_ALLOWED", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE"}


def _first_segment(path: str) -> str:
    return path.lstrip("/").split("/", 1)[0]


@cache
def _halp_segments() -> frozenset[str]:
    return frozenset(_first_segment(getattr(route, "path", "")) for route in halp.router.routes)


def api_of(path: str) -> str:
    """Which API answers for this path (paths no API routes at all are left to DFairPlay's
    fallback, which answers them `-1`)."""
    if path == FLEET_PREFIX or path.startswith(FLEET_PREFIX + "/"):
        return SERVERAPI
    if path.startswith((MAC_PREFIX, MAC_CLIENT_PREFIX)):
        return MAC
    first = _first_segment(path)
    if first in _halp_segments():
        return HALP
    if first in fairplay.FUNCTIONS:
        return DFAIRPLAY
    return PLATFORM


def _reason(status: int) -> str:
    return _REASONS.get(status, "INVALID_REQUEST")


def _halp_name(status: int) -> str:
    if status == 413:
        return "Request Entity Too Large"
    return {405: "Method Not Allowed", 404: "Not Found"}.get(status, "Bad Request")


def shaped(path: str, status: int, message: str) -> Response | None:
    """The answer of the API that owns `path`, or None for paths of no legacy API."""
    message = message[:300]
    api = api_of(path)
    if api == SERVERAPI:
        return failure(status, message, _reason(status))
    if api == MAC:
        code = "INVALID_ARGUMENT" if status == 400 else _reason(status)
        body = {"error": {"code": code, "message": message, "reason": _reason(status)}}
        return JSONResponse(body, status_code=status)
    if api == HALP:
        return legacy_response(_halp_name(status), status, message)
    if api == DFAIRPLAY:
        code = fairplay.INVALID_PARAMETER if status in (400, 413) else fairplay.UNKNOWN_FUNCTION
        return PlainTextResponse(code)
    return None


def error_response(scope: Scope, status: int, message: str) -> Response:
    """`status` with `message` in the shape of the path's API (the platform's JSON error for
    paths of no legacy API): for middleware, which answers before any route."""
    answer = shaped(scope.get("path", "/"), status, message)
    if answer is not None:
        return answer
    phrase = HTTPStatus(status).phrase
    body = {"error": {"code": _reason(status), "message": message[:300] or phrase}}
    return JSONResponse(body, status_code=status)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    answer = shaped(request.url.path, exc.status_code, str(exc.detail))
    if answer is None:
        return await http_exception_handler(request, exc)
    if exc.headers:
        answer.headers.update(exc.headers)
    return answer


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    answer = shaped(request.url.path, 400, validation_message(exc))
    return answer or await request_validation_exception_handler(request, exc)


def install(app: FastAPI) -> None:
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
