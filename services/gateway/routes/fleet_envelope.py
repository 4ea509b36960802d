"""The ServerAPI envelope: `{"code", "status_code", "data"}` (+ `"error"`), HTTP status = code.

Fleet routes use `EnvelopeRoute`, so every failure — a gRPC error, a bad parameter, a body
that is not JSON — answers in that shape and never as a bare 422 or 500.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

import grpc
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from google.protobuf.timestamp_pb2 import Timestamp
from starlette.exceptions import HTTPException

from argus.core.grpc_handlers import error_reason
from argus.core.times import utc_timestamp
from services.gateway.errors import http_status, retry_after

# Reasons whose legacy HTTP status is more precise than the gRPC mapping.
_STATUS_BY_REASON = {"FRAME_TOO_LARGE": 413}


class FleetHttpError(Exception):
    """A request the gateway refuses before calling the fleet service."""

    def __init__(
        self, status: int, message: str, reason: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.reason = reason
        self.headers = headers


def success(data: dict[str, Any], code: int = 200) -> JSONResponse:
    return JSONResponse({"code": code, "status_code": "Success", "data": data}, status_code=code)


def failure(
    code: int, message: str, reason: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = {"code": code, "status_code": "Error", "data": {}, "error": message, "reason": reason}
    return JSONResponse(
        body, status_code=code, headers={**(retry_after(code) or {}), **(headers or {})}
    )


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query"))
        parts.append(f"{where}: {error.get('msg', 'invalid')}" if where else error.get("msg", ""))
    return "; ".join(parts) or "invalid request"


def _failure_of(exc: Exception) -> JSONResponse | None:
    if isinstance(exc, FleetHttpError):
        return failure(exc.status, exc.message, exc.reason, exc.headers)
    if isinstance(exc, HTTPException):
        return failure(exc.status_code, str(exc.detail)[:300], "INVALID_REQUEST")
    if isinstance(exc, RequestValidationError):
        return failure(400, validation_message(exc), "INVALID_REQUEST")
    if isinstance(exc, grpc.aio.AioRpcError):
        reason = error_reason(exc) or exc.code().name
        status = _STATUS_BY_REASON.get(reason, http_status(exc.code()))
        message = exc.details() or exc.code().name
        if exc.code() == grpc.StatusCode.UNAVAILABLE:
            message = f"backend unavailable: {message}"
        # Shed load: the caller may come back shortly.
        headers = {"Retry-After": "1"} if status == 429 else None
        return failure(status, message, reason, headers)
    return None


class EnvelopeRoute(APIRoute):
    """A route whose every failure answers in the ServerAPI envelope."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def enveloped(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                answer = _failure_of(exc)
                if answer is None:
                    raise
                return answer

        return enveloped


def parse_time(value: str, field: str) -> Timestamp:
    """`%Y-%m-%d %H:%M:%S` or ISO 8601; zone-less times are taken as given (UTC)."""
    try:
        return utc_timestamp(datetime.fromisoformat(value.strip()))
    except (ValueError, AttributeError):
        raise FleetHttpError(
            400,
            f"{field}: use '%Y-%m-%d %H:%M:%S' or ISO 8601, years 1-9999 in UTC",
            "INVALID_TIMESTAMP",
        ) from None


def format_time(stamp: Timestamp) -> str:
    return stamp.ToDatetime().isoformat()


def decode_frame(text: str) -> bytes:
    """Plain base64, or the `b'...'` text that `str(b64encode(...))` gives."""
    text = text.strip()
    if len(text) >= 3 and text[0] == "b" and text[1] in "'\"" and text[-1] == text[1]:
        text = text[2:-1]
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise FleetHttpError(400, "frame: not valid base64", "INVALID_BASE64") from None


def encode_frame(image: bytes) -> str:
    return base64.b64encode(image).decode("ascii")


def credentials(token: str, username: str = "") -> tuple[tuple[str, str], ...]:
    """gRPC metadata carrying the caller's token (and the username it claims)."""
    if not token:
        raise FleetHttpError(401, "a token is required", "TOKEN_MISSING")
    if not _safe_header(token):
        raise FleetHttpError(401, "invalid token", "INVALID_TOKEN")
    metadata = [("authorization", f"Bearer {token}")]
    if username:
        if not _safe_header(username):
            raise FleetHttpError(
                401, "the token does not belong to this username", "USERNAME_MISMATCH"
            )
        metadata.append(("argus-username", username))
    return tuple(metadata)


def _safe_header(value: str) -> bool:
    return value.isascii() and value.isprintable() and len(value) <= 4096
