"""Every error the gateway answers, in the shape of the API the path belongs to.

`routes.APIS` maps each API's routers to its `ErrorShape`; the handlers installed here look the
path's API up once and render the `BackendError` a route raised, a failed gRPC call, or a
request refused before any route (unknown paths, 405, 413, unreadable bodies, bad parameters:
never FastAPI's bare `{"detail"}` or 422 on an API's path). Paths of no API keep FastAPI's
answers to those, and the platform's JSON error for the rest."""

from __future__ import annotations

from functools import cache

import grpc
from fastapi import FastAPI, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRouter
from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from services.gateway.errors import PLATFORM, BackendError, ErrorShape, from_rpc
from services.gateway.routes import APIS

_REASONS = {405: "METHOD_NOT_ALLOWED", 404: "NOT_FOUND", 413: "PAYLOAD_TOO_LARGE"}
# Every API documents a bad request as 400, never FastAPI's 422.
INVALID_STATUS = 400


def _prefixes(router: APIRouter) -> set[str]:
    """The paths a router serves: its prefix (up to any parameter), else each route's first
    segment."""
    if router.prefix:
        return {router.prefix.split("{", 1)[0].rstrip("/")}
    return {
        "/" + getattr(route, "path", "").lstrip("/").split("/", 1)[0] for route in router.routes
    }


@cache
def _registry() -> tuple[tuple[str, ErrorShape], ...]:
    table = {prefix: shape for router, shape in APIS for prefix in _prefixes(router)}
    return tuple(sorted(table.items(), key=lambda item: -len(item[0])))


def shape_of(path: str) -> ErrorShape | None:
    """The error shape of the API that serves `path`, None for paths of no API."""
    for prefix, shape in _registry():
        if path == prefix or path.startswith(prefix + "/"):
            return shape
    return None


def refusal(status: int, message: str, headers: dict[str, str] | None = None) -> BackendError:
    """A request refused before any route, as the one error every API renders."""
    return BackendError(status, message[:300], _REASONS.get(status, "INVALID_REQUEST"), headers)


def error_response(scope: Scope, status: int, message: str) -> Response:
    """`status` with `message` in the shape of the path's API (the platform's JSON error for
    paths of no API): for middleware, which answers before any route."""
    shape = shape_of(scope.get("path", "/")) or PLATFORM
    return shape.render(refusal(status, message))


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


async def _backend_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, grpc.aio.AioRpcError):
        exc = from_rpc(exc)
    assert isinstance(exc, BackendError)
    return (shape_of(request.url.path) or PLATFORM).render(exc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    shape = shape_of(request.url.path)
    if shape is None:
        return await http_exception_handler(request, exc)
    return shape.render(refusal(exc.status_code, str(exc.detail), dict(exc.headers or {})))


async def _invalid_request(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    shape = shape_of(request.url.path)
    if shape is None:
        return await request_validation_exception_handler(request, exc)
    return shape.render(refusal(INVALID_STATUS, validation_message(exc)))


def install(app: FastAPI) -> None:
    app.add_exception_handler(BackendError, _backend_error)
    app.add_exception_handler(grpc.aio.AioRpcError, _backend_error)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
