"""Who may register a fair-play client and report incidents: the enrollment secret, the client
token issued at registration, or an internal caller (which needs neither)."""

from __future__ import annotations

import hmac

from argus.core.errors import PermissionDenied, Unauthenticated
from services.players.fairplay import validation as valid
from services.players.reputation.clients import FairPlayClient


def check_enrollment(*, configured: str, presented: str, internal: bool) -> None:
    """Let an internal caller or one presenting the enrollment secret register a client."""
    if internal:
        return
    if not configured:
        raise Unauthenticated(
            "client registration needs ARGUS_DFAIRPLAY_CLIENT_ENROLLMENT_SECRET to be configured",
            reason="ENROLLMENT_CLOSED",
        )
    if not presented or not hmac.compare_digest(configured.encode(), presented.encode()):
        raise Unauthenticated("a valid enrollment_secret is required", reason="BAD_ENROLLMENT")


def check_client(client: FairPlayClient, *, token: str, ip: str) -> None:
    """A client reports only with its own token, and only against its own ip."""
    stored = client.token_hash or ""
    if not token or not hmac.compare_digest(stored, valid.token_hash(token)):
        raise Unauthenticated("a valid client_token is required", reason="BAD_CLIENT_TOKEN")
    if ip and valid.ip(ip) != client.ip:
        raise PermissionDenied(
            "a client reports incidents only against its own ip", reason="NOT_CLIENT_IP"
        )
