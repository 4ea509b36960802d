"""The token a caller presents, read by one rule in every API and every service.

Precedence: the places a legacy API documents for its token (a body field, a query parameter,
a form field, a header of its own), in the order the route lists them, then the standard
`Authorization: Bearer <token>` header. The documented places come first because that is what
the existing clients of those APIs send; the header is what every API accepts besides.

The scheme is matched case-insensitively and the credential is trimmed. A value that names
another scheme is no token, except where an API documents a bare token in `Authorization`
(HALP's `auth`): there `bare=True` takes the whole value.

gRPC services read the same header from the call's metadata (`authorization`).
"""

from __future__ import annotations

from collections.abc import Iterable

AUTHORIZATION = "authorization"
_BEARER = "bearer"

Metadata = Iterable[tuple[str, str | bytes]]


def bearer_token(authorization: str | bytes | None, *, bare: bool = False) -> str:
    """The credential of an `Authorization` value ("" when it carries no Bearer token)."""
    if not authorization:
        return ""
    text = authorization.decode("latin-1") if isinstance(authorization, bytes) else authorization
    scheme, _, credential = text.strip().partition(" ")
    if scheme.lower() == _BEARER:
        return credential.strip()
    return text.strip() if bare else ""


def presented_token(
    *documented: str | None, authorization: str | bytes | None = None, bare: bool = False
) -> str:
    """The first non-empty token among the API's documented places, else the bearer token."""
    for value in documented:
        if value:
            return value
    return bearer_token(authorization, bare=bare)


def metadata_value(metadata: Metadata | None, key: str) -> str:
    """The first value of `key` in a call's gRPC metadata ("" when absent)."""
    for name, value in metadata or ():
        if name == key:
            return value.decode("latin-1") if isinstance(value, bytes) else value
    return ""


def metadata_token(metadata: Metadata | None, *, bare: bool = False) -> str:
    """The bearer token of a gRPC call's `authorization` metadata ("" when absent)."""
    return bearer_token(metadata_value(metadata, AUTHORIZATION), bare=bare)
