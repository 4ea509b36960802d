"""What DFairPlay accepts as a game, an ip, a player id, a client and an incident."""

from __future__ import annotations

import hashlib
import ipaddress

from argus.core.errors import InvalidArgument, NotFound

GAMES = frozenset({"gtasa-samp"})
INVALID = "INVALID_PARAMETER"
EXPIRED = "SESSION_EXPIRED"
MAX_CLIENT_ID_CHARS = 128
MAX_ACCOUNT_ID_CHARS = 64


def game(name: str) -> str:
    if name not in GAMES:
        raise InvalidArgument(f"unknown game {name[:32]!r}", reason=INVALID)
    return name


def ip(text: str) -> str:
    """The canonical text of an IPv4 or IPv6 address (IPv4-mapped IPv6 becomes IPv4)."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        raise InvalidArgument(
            f"not an IPv4 or IPv6 address: {text[:64]!r}", reason=INVALID
        ) from None
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id is not None:
            raise InvalidArgument("scoped IPv6 addresses are not accepted", reason=INVALID)
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
    return str(address)


def player_id(value: int, *, highest: int) -> int:
    if not 0 <= value <= highest:
        raise InvalidArgument(f"player id {value} is not in 0..{highest}", reason=INVALID)
    return value


def token_hash(token: str) -> str:
    """What the store keeps of a token; an empty token names no session."""
    if not token:
        raise NotFound("session expired or unknown token", reason=EXPIRED)
    return hashlib.sha256(token.encode()).hexdigest()


def text(
    value: str, *, field: str, longest: int, required: bool = True, single_line: bool = True
) -> str:
    """A text field of at most `longest` characters; single-line ones must be printable."""
    if required and not value:
        raise InvalidArgument(f"{field} is required", reason=INVALID)
    if len(value) > longest:
        raise InvalidArgument(f"{field} is longer than {longest} characters", reason=INVALID)
    if single_line and not value.isprintable():
        raise InvalidArgument(f"{field} holds unprintable characters", reason=INVALID)
    return value
