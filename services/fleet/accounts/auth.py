"""Passwords (argon2) and tokens (JWT): who is calling, and what they may do.

Tokens carry only `sub`, `iss` and `exp`. The subject says whether the holder is a user
(`user:<id>`) or a device (`device:<id>`); roles and trucks are read from the database, and
kept for at most ARGUS_FLEET_AUTH_CACHE_SECONDS (accounts/caller_cache.py): a change made through
the same replica takes effect at once, one made elsewhere within those seconds.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from argus.core.errors import (
    ConfigurationError,
    InvalidArgument,
    PermissionDenied,
    Unauthenticated,
)
from argus.core.limits import excerpt
from argus.core.work_slots import WorkSlots

log = logging.getLogger("argus.fleet.auth")

ALGORITHM = "HS256"
KEY_FILE = "fleet-jwt.key"
# Ids are int64 in the protos and the database.
MAX_ID = 2**63 - 1
# Clock difference tolerated between the replica that issued a token and the one checking it.
CLOCK_SKEW_SECONDS = 60


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    VIEWER = "viewer"


class Kind(StrEnum):
    USER = "user"
    DEVICE = "device"


def parse_role(value: str) -> Role:
    try:
        return Role(value.strip().lower())
    except ValueError:
        raise InvalidArgument(
            f"unknown role {excerpt(value)}: use admin, operator or viewer", reason="INVALID_ROLE"
        ) from None


class Passwords:
    """argon2id hashing in a few worker threads (`slots`): a hash takes tens of milliseconds
    of CPU and its memory cost, so a storm of logins queues instead of exhausting both."""

    def __init__(
        self, *, time_cost: int, memory_kib: int, slots: int = 2, max_waiting: int = 8
    ) -> None:
        self._hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_kib)
        self._dummy: str | None = None
        self._dummy_made = asyncio.Lock()
        self.slots = WorkSlots(slots, name="password hashing", max_waiting=max_waiting)

    async def hash(self, password: str) -> str:
        return await self.slots.run(self._hasher.hash, password)

    async def _dummy_hash(self) -> str:
        """Checked when a username or mac is unknown, so a miss costs as much as a hit.
        Made once: a storm of misses must not queue a hash each before its verification."""
        async with self._dummy_made:
            if self._dummy is None:
                self._dummy = await self.hash(secrets.token_hex(16))
        return self._dummy

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """True when `password` matches; an absent hash still costs one verification."""
        try:
            matched = await self.slots.run(
                self._hasher.verify, password_hash or await self._dummy_hash(), password
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False
        return matched and password_hash is not None


def same_text(a: str, b: str) -> bool:
    """Constant-time equality of two strings."""
    return hmac.compare_digest(a.encode(), b.encode())


@dataclass(frozen=True)
class Subject:
    kind: Kind
    id: int
    # When the token naming this subject expires (a Unix time; 0: not from a token).
    expires_at: float = 0.0

    def __str__(self) -> str:
        return f"{self.kind}:{self.id}"


class Tokens:
    """Issues and checks the service's JWTs."""

    def __init__(self, *, secret: str, ttl_seconds: int, issuer: str) -> None:
        if len(secret.encode()) < 32:
            raise ValueError("the token secret must be at least 32 bytes long")
        self._secret = secret
        self.ttl = timedelta(seconds=ttl_seconds)
        self.issuer = issuer

    def issue(self, subject: Subject) -> tuple[str, datetime]:
        expires = datetime.now(UTC) + self.ttl
        # A fractional NumericDate (RFC 7519 allows it) makes every renewal a fresh token.
        claims = {"sub": str(subject), "iss": self.issuer, "exp": round(expires.timestamp(), 6)}
        return jwt.encode(claims, self._secret, algorithm=ALGORITHM), expires

    def subject(self, token: str) -> Subject:
        """The verified subject of `token`; Unauthenticated when bad, expired or foreign."""
        try:
            claims = jwt.decode(
                token,
                self._secret,
                algorithms=[ALGORITHM],
                issuer=self.issuer,
                options={"require": ["exp", "iss", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("token expired", reason="TOKEN_EXPIRED") from None
        except jwt.InvalidTokenError:
            raise Unauthenticated("invalid token", reason="INVALID_TOKEN") from None
        self._check_lifetime(claims["exp"])
        kind, _, raw_id = str(claims["sub"]).partition(":")
        valid_id = raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 19
        if kind not in Kind.__members__.values() or not valid_id or int(raw_id) > MAX_ID:
            raise Unauthenticated("invalid token", reason="INVALID_TOKEN")
        return Subject(Kind(kind), int(raw_id), expires_at=float(claims["exp"]))

    def _check_lifetime(self, exp: object) -> None:
        """No token outlives the configured TTL, whatever its `exp` claims."""
        latest = datetime.now(UTC) + self.ttl + timedelta(seconds=CLOCK_SKEW_SECONDS)
        if not isinstance(exp, int | float) or exp > latest.timestamp():
            raise Unauthenticated("invalid token", reason="INVALID_TOKEN")


def require_role(role: str, allowed: tuple[Role, ...]) -> None:
    if role not in allowed:
        raise PermissionDenied(
            f"this needs the role {' or '.join(allowed)}", reason="ROLE_NOT_ALLOWED"
        )


def load_secret(configured: str, data_dir: Path, *, generate: bool = True) -> str:
    """The configured secret, or (when `generate`) a random one kept in the data directory."""
    if configured:
        return configured
    if not generate:
        raise ConfigurationError(
            "ARGUS_JWT_SECRET is required in production mode: every fleet replica must sign "
            "tokens with the same key"
        )
    path = data_dir / KEY_FILE
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    path.touch(mode=0o600)
    path.write_text(secret)
    log.warning("no ARGUS_JWT_SECRET set: generated one in the data directory")
    return secret
