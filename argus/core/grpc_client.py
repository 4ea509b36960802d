"""Channels to other services: one per target, reused, with budgeted retries of read-only
calls, deadlines and request ids."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import grpc

from argus.core.internal_auth import internal_metadata
from argus.core.logging import REQUEST_ID_HEADER, request_id_var
from argus.core.retries import service_config
from argus.core.settings import CommonSettings
from argus.core.tls import ClientTls, client_tls

# Retries of read-only calls only, within a budget: see argus.core.retries.
_SERVICE_CONFIG = service_config()


def _with_defaults(
    details: Any, timeout: float | None, extra: Sequence[tuple[str, str]] = ()
) -> Any:
    metadata = list(details.metadata or ())
    metadata.extend(pair for pair in extra if pair[0] not in {key for key, _ in metadata})
    request_id = request_id_var.get()
    if request_id and not any(key == REQUEST_ID_HEADER for key, _ in metadata):
        metadata.append((REQUEST_ID_HEADER, request_id))
    return grpc.aio.ClientCallDetails(
        method=details.method,
        timeout=details.timeout if details.timeout is not None else timeout,
        metadata=grpc.aio.Metadata(*metadata),
        credentials=details.credentials,
        wait_for_ready=details.wait_for_ready,
    )


class _UnaryDefaults(grpc.aio.UnaryUnaryClientInterceptor, grpc.aio.StreamUnaryClientInterceptor):
    """Unary calls get the default deadline, the current request id and the channel's metadata."""

    def __init__(self, timeout: float, extra: Sequence[tuple[str, str]] = ()) -> None:
        self.timeout = timeout
        self.extra = tuple(extra)

    async def intercept_unary_unary(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        details = _with_defaults(client_call_details, self.timeout, self.extra)
        return await continuation(details, request)

    async def intercept_stream_unary(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        details = _with_defaults(client_call_details, self.timeout, self.extra)
        return await continuation(details, request_iterator)


class _StreamDefaults(
    grpc.aio.UnaryStreamClientInterceptor, grpc.aio.StreamStreamClientInterceptor
):
    """Streams are long-lived: no default deadline, only the request id and the metadata."""

    def __init__(self, extra: Sequence[tuple[str, str]] = ()) -> None:
        self.extra = tuple(extra)

    async def intercept_unary_stream(self, continuation, client_call_details, request):  # type: ignore[no-untyped-def]
        return await continuation(_with_defaults(client_call_details, None, self.extra), request)

    async def intercept_stream_stream(self, continuation, client_call_details, request_iterator):  # type: ignore[no-untyped-def]
        details = _with_defaults(client_call_details, None, self.extra)
        return await continuation(details, request_iterator)


def channel_options(max_message_bytes: int) -> list[tuple[str, Any]]:
    return [
        ("grpc.service_config", _SERVICE_CONFIG),
        ("grpc.enable_retries", 1),
        ("grpc.max_receive_message_length", max_message_bytes),
        ("grpc.max_send_message_length", max_message_bytes),
        # Reconnect quickly once a backend comes back instead of backing off for minutes.
        ("grpc.initial_reconnect_backoff_ms", 200),
        ("grpc.min_reconnect_backoff_ms", 200),
        ("grpc.max_reconnect_backoff_ms", 2000),
        ("grpc.keepalive_time_ms", 30_000),
        ("grpc.keepalive_timeout_ms", 10_000),
    ]


def create_channel(
    target: str,
    *,
    timeout: float = 10.0,
    max_message_bytes: int = 16 * 1024 * 1024,
    tls: ClientTls | None = None,
    metadata: Sequence[tuple[str, str]] = (),
) -> grpc.aio.Channel:
    """A channel to `target` (`host:port` or `dns:///name:port`): over TLS when `tls` is
    given, plaintext otherwise; `metadata` goes with every call."""
    options = channel_options(max_message_bytes)
    interceptors = [_UnaryDefaults(timeout, metadata), _StreamDefaults(metadata)]
    if tls is not None:
        return grpc.aio.secure_channel(
            target, tls.credentials(), options=options, interceptors=interceptors
        )
    return grpc.aio.insecure_channel(target, options=options, interceptors=interceptors)


def channel_for(settings: CommonSettings, target: str) -> grpc.aio.Channel:
    """A channel from one of our processes to another service: its deadline and message limit,
    TLS when configured, and the internal credential on every call."""
    return create_channel(
        target,
        timeout=settings.grpc_call_timeout_seconds,
        max_message_bytes=settings.grpc_max_message_bytes,
        tls=client_tls(settings),
        metadata=internal_metadata(settings),
    )
