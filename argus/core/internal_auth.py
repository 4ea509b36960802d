"""The internal credential: proof that a gRPC caller is one of our services or the gateway.

Clients built with `argus.core.grpc_client.channel_for` send `ARGUS_INTERNAL_SECRET` as
metadata on every call; servicers ask `is_internal_caller` before trusting what only an
internal caller may say (the HTTP client's address, enrolling without a secret). A caller with
a verified client certificate (mTLS) is internal too; in development with no secret configured,
so is a loopback caller, which keeps `make run` working without configuration.
"""

from __future__ import annotations

import hmac

import grpc

from argus.core.errors import PermissionDenied, Unauthenticated
from argus.core.peers import is_loopback, peer_address
from argus.core.trust_settings import TrustSettings

INTERNAL_CREDENTIAL_HEADER = "x-argus-internal"


def internal_metadata(settings: TrustSettings) -> tuple[tuple[str, str], ...]:
    """The metadata that every internal call carries (none when no secret is configured)."""
    secret = settings.internal_secret.get_secret_value()
    return ((INTERNAL_CREDENTIAL_HEADER, secret),) if secret else ()


def _presented(context: grpc.aio.ServicerContext) -> str | None:
    for key, value in context.invocation_metadata() or ():
        if key == INTERNAL_CREDENTIAL_HEADER:
            return value if isinstance(value, str) else value.decode("latin-1")
    return None


def _has_verified_client_certificate(context: grpc.aio.ServicerContext) -> bool:
    auth = context.auth_context()
    return bool(auth.get("x509_pem_cert") or auth.get("x509_common_name"))


def is_internal_caller(context: grpc.aio.ServicerContext, settings: TrustSettings) -> bool:
    """Whether the caller proved it is ours; a wrong credential is refused (UNAUTHENTICATED)."""
    secret = settings.internal_secret.get_secret_value()
    presented = _presented(context)
    if presented is not None:
        if secret and hmac.compare_digest(secret.encode(), presented.encode("utf-8", "replace")):
            return True
        raise Unauthenticated("the internal credential is wrong", reason="BAD_INTERNAL_CREDENTIAL")
    if settings.grpc_tls_client_ca_file and _has_verified_client_certificate(context):
        return True
    if secret or settings.mode == "production":
        return False
    return is_loopback(peer_address(context.peer()))


def require_internal_caller(context: grpc.aio.ServicerContext, settings: TrustSettings) -> None:
    """PERMISSION_DENIED unless the caller is internal: for operators' views, which only the
    gateway serves (to signed-in users)."""
    if not is_internal_caller(context, settings):
        raise PermissionDenied("only internal callers may read this", reason="INTERNAL_ONLY")
