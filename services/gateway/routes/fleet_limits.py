"""Login and registration on the ServerAPI: a brake per client address and per account.

Each attempt costs the fleet service an argon2 hash; a storm of them is refused here, at the
edge, with 429 and Retry-After in the ServerAPI envelope before any hash is computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from argus.core.rate_limit import RateLimiter, retry_after
from services.gateway import metrics
from services.gateway.errors import BackendError
from services.gateway.settings import GatewaySettings

# Accounts are named by the caller: keep keys short, whatever was sent.
_MAX_KEY = 200


@dataclass
class AuthLimits:
    by_address: RateLimiter
    by_account: RateLimiter

    @classmethod
    def of(cls, settings: GatewaySettings) -> AuthLimits:
        return cls(
            RateLimiter(settings.gateway_auth_attempts_per_address),
            RateLimiter(settings.gateway_auth_attempts_per_account),
        )


def _limits(request: Request) -> AuthLimits:
    limits: AuthLimits | None = getattr(request.app.state, "auth_limits", None)
    if limits is None:
        limits = request.app.state.auth_limits = AuthLimits.of(request.app.state.settings)
    return limits


def check_attempt(request: Request, account: str) -> None:
    """Count one attempt of `account` from the caller's address; BackendError(429) if over."""
    limits = _limits(request)
    address = request.client.host if request.client else ""
    for limit, limiter, key in (
        ("address", limits.by_address, address),
        ("account", limits.by_account, account.strip().lower()[:_MAX_KEY]),
    ):
        wait = limiter.take(key)
        if wait:
            metrics.AUTH_RATE_LIMITED.labels(limit).inc()
            raise BackendError(
                429,
                f"too many attempts from this {limit}; retry in {retry_after(wait)} s",
                "RATE_LIMITED",
                headers={"Retry-After": retry_after(wait)},
            )
