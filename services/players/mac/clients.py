"""Which MAC client is calling: a bearer token from the configured list, or loopback."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from argus.core.errors import PermissionDenied, Unauthenticated

LOCAL = "local"


def _is_loopback(address: str) -> bool:
    host = address.strip()
    if host.startswith("[") and "]" in host:
        host = host[1 : host.index("]")]
    elif host.count(":") == 1:
        host = host.split(":", 1)[0]
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def peer_address(peer: str) -> str:
    """The address part of a gRPC peer string (`ipv4:1.2.3.4:5`, `ipv6:[::1]:5`)."""
    kind, _, rest = peer.partition(":")
    if kind == "ipv4":
        return rest.rsplit(":", 1)[0]
    if kind == "ipv6":
        return rest.rsplit(":", 1)[0].strip("[]") if rest.startswith("[") else rest
    return rest or peer


def identify(authorization: str, address: str, tokens: list[str]) -> str:
    """The client id of a caller (a fingerprint of its token), or an auth error."""
    scheme, _, token = authorization.strip().partition(" ")
    presented = token.strip() if scheme.lower() == "bearer" else ""
    if not tokens:
        if _is_loopback(address):
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
