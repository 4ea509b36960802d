"""Which MAC client is calling: a bearer token from the configured list, or loopback."""

from __future__ import annotations

import hashlib
import hmac

from argus.core.errors import PermissionDenied, Unauthenticated
from argus.core.peers import is_loopback
from argus.core.tokens import bearer_token

LOCAL = "local"


def identify(authorization: str, address: str, tokens: list[str]) -> str:
    """The client id of a caller (a fingerprint of its token), or an auth error."""
    presented = bearer_token(authorization)
    if not tokens:
        if is_loopback(address):
            return LOCAL
        raise PermissionDenied("without configured tokens only loopback callers are served")
    if not presented:
        raise Unauthenticated("a bearer token is required")
    matched = False
    for candidate in tokens:
        matched |= hmac.compare_digest(candidate.encode(), presented.encode())
    if not matched:
        raise Unauthenticated("unknown token")
    return "t-" + hashlib.sha256(presented.encode()).hexdigest()[:16]
