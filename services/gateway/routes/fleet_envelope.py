"""The ServerAPI envelope: `{"code", "status_code", "data"}` (+ `"error"`), HTTP status = code.

Every failure of a fleet route answers in that shape (`ERRORS`, services/gateway/shapes.py):
a gRPC error, a bad parameter, a body that is not JSON, never a bare 422 or 500.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Any

import pybase64
from google.protobuf.timestamp_pb2 import Timestamp

from argus.core.times import utc_timestamp
from services.gateway.errors import BackendError, ErrorShape
from services.gateway.json_bodies import JSONAnswer


def success(data: dict[str, Any], code: int = 200) -> JSONAnswer:
    return JSONAnswer({"code": code, "status_code": "Success", "data": data}, status_code=code)


def error_response(error: BackendError) -> JSONAnswer:
    body = {
        "code": error.status,
        "status_code": "Error",
        "data": {},
        "error": error.message,
        "reason": error.reason,
    }
    return JSONAnswer(body, status_code=error.status, headers=error.headers_for(error.status))


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
ERRORS = ErrorShape(
    error_response,
    (400, 401, 403, 404, 409, 413, 429, 503),
    {"application/json": {"schema": _ENVELOPE}},
)


def parse_time(value: str, field: str) -> Timestamp:
    """`%Y-%m-%d %H:%M:%S` or ISO 8601; zone-less times are taken as given (UTC)."""
    try:
        return utc_timestamp(datetime.fromisoformat(value.strip()))
    except (ValueError, AttributeError):
        raise BackendError(
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
        # SIMD, and strict: it refuses all the standard library refuses, and a little more
        # (padding after a whole last group), which the standard library then decides.
        return pybase64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        pass
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise BackendError(400, "frame: not valid base64", "INVALID_BASE64") from None


def encode_frame(image: bytes) -> str:
    return base64.b64encode(image).decode("ascii")


def credentials(token: str, username: str = "") -> tuple[tuple[str, str], ...]:
    """gRPC metadata carrying the caller's token (and the username it claims)."""
    if not token:
        raise BackendError(401, "a token is required", "TOKEN_MISSING")
    if not _safe_header(token):
        raise BackendError(401, "invalid token", "INVALID_TOKEN")
    metadata = [("authorization", f"Bearer {token}")]
    if username:
        if not _safe_header(username):
            raise BackendError(
                401, "the token does not belong to this username", "USERNAME_MISMATCH"
            )
        metadata.append(("argus-username", username))
    return tuple(metadata)


def _safe_header(value: str) -> bool:
    return value.isascii() and value.isprintable() and len(value) <= 4096
