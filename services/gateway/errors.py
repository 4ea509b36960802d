"""The gateway's one error: `BackendError`, whatever refused the request.

A route raises it for what it checks itself; a backend's gRPC status becomes one (`from_rpc`,
mapped the way grpc-gateway and Envoy map codes); FastAPI's 404/405/422 and the body limit's
413 become one before any route. `services/gateway/shapes.py` renders it in the shape of the
API the path belongs to: each API states that shape once, as an `ErrorShape`. Paths of no API
answer `PLATFORM`'s `{"error": {"code": "NOT_FOUND", "message": "...", "reason": "..."}}`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import grpc
from fastapi.responses import JSONResponse
from starlette.responses import Response

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
# Reasons whose HTTP status is more precise than their gRPC code's.
STATUS_BY_REASON = {"FRAME_TOO_LARGE": 413}
# An error's code when none is given: the gRPC name of its status (the first one mapped to
# it), or the gateway's own word where gRPC has none.
_CODES = {
    **{status: code.name for code, status in reversed(HTTP_STATUS.items())},
    405: "METHOD_NOT_ALLOWED",
    413: "PAYLOAD_TOO_LARGE",
}
# Seconds a client should wait before trying again after a 503 or 429 (`Retry-After`).
RETRY_AFTER_SECONDS = 1


class BackendError(Exception):
    """A refused request: its HTTP status, a bounded human message, a stable machine-readable
    `reason`, headers of its own (e.g. `Retry-After` with a wait) and its code (the gRPC
    status name, derived from `status` when not given)."""

    def __init__(
        self,
        status: int,
        message: str,
        reason: str,
        headers: dict[str, str] | None = None,
        *,
        code: str = "",
    ) -> None:
        super().__init__(message)
        self.status, self.message, self.reason = status, message, reason
        self.headers = headers or {}
        self.code = code or _CODES.get(status, "UNKNOWN")

    def headers_for(self, status: int) -> dict[str, str]:
        """The headers of an answer with `status`: `Retry-After` when it means "try later",
        then the error's own."""
        return {**(retry_after(status) or {}), **self.headers}


def http_status(code: grpc.StatusCode) -> int:
    return HTTP_STATUS.get(code, 500)


def retry_after(status: int) -> dict[str, str] | None:
    """The `Retry-After` header for a status that means "try again later", else None."""
    if status in (429, 503):
        return {"Retry-After": str(RETRY_AFTER_SECONDS)}
    return None


def phrase(status: int) -> str:
    """The status line's words (the ones HTTP/1.1 clients of the legacy APIs know)."""
    if status == 413:
        return "Request Entity Too Large"
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def from_rpc(error: grpc.aio.AioRpcError) -> BackendError:
    """A failed gRPC call as the error its caller answers."""
    code = error.code()
    reason = error_reason(error)
    message = error.details() or code.name
    if code == grpc.StatusCode.UNAVAILABLE:
        # Without a reason of ours the channel wrote the details (backend addresses, socket
        # errors): the client learns only that the backend is away.
        message = f"backend unavailable: {message}" if reason else "backend unavailable"
    reason = reason or code.name
    status = STATUS_BY_REASON.get(reason, http_status(code))
    return BackendError(status, message, reason, code=code.name)


@dataclass(frozen=True)
class ErrorShape:
    """How one API answers every error: `render` makes the response; `statuses` and `content`
    are the error responses its routes declare in the OpenAPI document."""

    render: Callable[[BackendError], Response]
    statuses: tuple[int, ...]
    content: dict[str, Any] = field(default_factory=dict)


def _platform(error: BackendError) -> Response:
    body = {"error": {"code": error.code, "message": error.message, "reason": error.reason}}
    return JSONResponse(body, status_code=error.status, headers=error.headers_for(error.status))


_GATEWAY_ERROR = {"type": "object", "required": ["error"], "properties": {"error": {}}}
PLATFORM = ErrorShape(
    _platform,
    (400, 401, 403, 404, 413, 429, 503),
    {"application/json": {"schema": _GATEWAY_ERROR}},
)
TEXT = {"text/plain": {"schema": {"type": "string"}}}
