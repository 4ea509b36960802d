"""gRPC status -> HTTP, the way grpc-gateway and Envoy map them.

Routes of legacy APIs answer in their own documented shape and catch errors themselves; every
other route lets `grpc.aio.AioRpcError` reach the handler installed here, which answers
`{"error": {"code": "NOT_FOUND", "message": "...", "reason": "..."}}`.
"""

from __future__ import annotations

import grpc
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from argus.core.grpc_handlers import error_reason

HTTP_STATUS = {
    grpc.StatusCode.OK: 200,
    grpc.StatusCode.INVALID_ARGUMENT: 400,
    grpc.StatusCode.FAILED_PRECONDITION: 400,
    grpc.StatusCode.OUT_OF_RANGE: 400,
    grpc.StatusCode.UNAUTHENTICATED: 401,
    grpc.StatusCode.PERMISSION_DENIED: 403,
    grpc.StatusCode.NOT_FOUND: 404,
    grpc.StatusCode.ALREADY_EXISTS: 409,
    grpc.StatusCode.ABORTED: 409,
    grpc.StatusCode.RESOURCE_EXHAUSTED: 429,
    grpc.StatusCode.CANCELLED: 499,
    grpc.StatusCode.UNIMPLEMENTED: 501,
    grpc.StatusCode.UNAVAILABLE: 503,
    grpc.StatusCode.DEADLINE_EXCEEDED: 504,
}


# Seconds a client should wait before trying again after a 503 or 429 (`Retry-After`).
RETRY_AFTER_SECONDS = 1
# Codes that mean "not now": the backend is away, or shed the work.
TRY_LATER = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.RESOURCE_EXHAUSTED}


class GatewayError(Exception):
    """A request the gateway refuses itself, answered in the gateway's error shape."""

    def __init__(self, status: int, code: str, message: str, reason: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.reason = status, code, message, reason


def http_status(code: grpc.StatusCode) -> int:
    return HTTP_STATUS.get(code, 500)


def retry_after(code: grpc.StatusCode | int) -> dict[str, str] | None:
    """The `Retry-After` header for a status that means "try again later", else None."""
    if code in TRY_LATER or code in (429, 503):
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return None


def error_body(error: grpc.aio.AioRpcError) -> dict[str, dict[str, str]]:
    code = error.code()
    message = error.details() or code.name
    if code == grpc.StatusCode.UNAVAILABLE:
        message = f"backend unavailable: {message}"
    return {"error": {"code": code.name, "message": message, "reason": error_reason(error)}}


async def _rpc_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, grpc.aio.AioRpcError)
    return JSONResponse(
        error_body(exc), status_code=http_status(exc.code()), headers=retry_after(exc.code())
    )


async def _gateway_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, GatewayError)
    body = {"error": {"code": exc.code, "message": exc.message, "reason": exc.reason}}
    return JSONResponse(body, status_code=exc.status)


def install(app: FastAPI) -> None:
    app.add_exception_handler(grpc.aio.AioRpcError, _rpc_error_handler)
    app.add_exception_handler(GatewayError, _gateway_error_handler)
