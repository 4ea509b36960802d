"""Errors raised before a route runs (405, unreadable bodies, bad parameters), in the shape of
the API the path belongs to: never FastAPI's bare `{"detail": ...}` on a legacy route."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from services.gateway.routes.fleet_envelope import failure, validation_message
from services.gateway.routes.halp import legacy_response

FLEET_PREFIX = "/api/v1"
MAC_PREFIX = "/mac/"
HALP_PREFIXES = ("/get_sessions", "/submit_playercount", "/read_player_list", "/uploads/")
HALP_HISTORY = "/sessions/"
_REASONS = {405: "METHOD_NOT_ALLOWED", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE"}


def _reason(status: int) -> str:
    return _REASONS.get(status, "INVALID_REQUEST")


def _halp_name(status: int) -> str:
    return {405: "Method Not Allowed", 404: "Not Found"}.get(status, "Bad Request")


def shaped(path: str, status: int, message: str) -> Response | None:
    """The answer of the API that owns `path`, or None for paths of no legacy API."""
    message = message[:300]
    if path == FLEET_PREFIX or path.startswith(FLEET_PREFIX + "/"):
        return failure(status, message, _reason(status))
    if path.startswith(MAC_PREFIX):
        code = "INVALID_ARGUMENT" if status == 400 else _reason(status)
        body = {"error": {"code": code, "message": message, "reason": _reason(status)}}
        return JSONResponse(body, status_code=status)
    if path.startswith(HALP_PREFIXES) or (
        path.startswith(HALP_HISTORY) and path.endswith("/history")
    ):
        return legacy_response(_halp_name(status), status, message)
    return None


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
