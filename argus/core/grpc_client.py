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


class _CallDefaults:
    """What every call on a channel gets unless it says otherwise: the channel's metadata, the
    current request id, and a deadline for calls with one answer (streams are long-lived)."""

    def __init__(self, timeout: float, extra: Sequence[tuple[str, str]]) -> None:
        self.timeout = timeout
        self.extra = tuple(extra)

    def metadata(self, given: Any) -> tuple[tuple[str, Any], ...]:
        metadata = tuple(given or ())
        keys = {key for key, _ in metadata}
        added = tuple(pair for pair in self.extra if pair[0] not in keys)
        request_id = request_id_var.get()
        if request_id and REQUEST_ID_HEADER not in keys:
            added += ((REQUEST_ID_HEADER, request_id),)
        return metadata + added


class _Defaulted:
    """A multicallable that fills in the channel's defaults, then calls straight through.

    Not a grpc.aio client interceptor: those wrap every call in an extra task and call
    object, a third of the gateway's gRPC client cost per request."""

    def __init__(self, call: Any, defaults: _CallDefaults, timeout: float | None) -> None:
        self._call = call
        self._defaults = defaults
        self._timeout = timeout

    def __call__(self, *request: Any, timeout: float | None = None, **kwargs: Any) -> Any:
        # `request`: the request, or a stream's optional request iterator (often none).
        kwargs["metadata"] = self._defaults.metadata(kwargs.get("metadata"))
        return self._call(*request, timeout=self._timeout if timeout is None else timeout, **kwargs)


class _DefaultsChannel(grpc.aio.Channel):
    """A channel whose calls get `_CallDefaults`; everything else is the channel's own."""

    def __init__(self, channel: grpc.aio.Channel, defaults: _CallDefaults) -> None:
        self._channel = channel
        self._defaults = defaults

    async def __aenter__(self) -> _DefaultsChannel:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self._channel.close()

    async def close(self, grace: float | None = None) -> None:
        await self._channel.close(grace)

    def get_state(self, try_to_connect: bool = False) -> grpc.ChannelConnectivity:
        return self._channel.get_state(try_to_connect)

    async def wait_for_state_change(self, last_observed_state: grpc.ChannelConnectivity) -> None:
        await self._channel.wait_for_state_change(last_observed_state)

    async def channel_ready(self) -> None:
        await self._channel.channel_ready()

    def unary_unary(self, method: str, *args: Any, **kwargs: Any) -> Any:
        call = self._channel.unary_unary(method, *args, **kwargs)
        return _Defaulted(call, self._defaults, self._defaults.timeout)

    def stream_unary(self, method: str, *args: Any, **kwargs: Any) -> Any:
        call = self._channel.stream_unary(method, *args, **kwargs)
        return _Defaulted(call, self._defaults, self._defaults.timeout)

    def unary_stream(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return _Defaulted(self._channel.unary_stream(method, *args, **kwargs), self._defaults, None)

    def stream_stream(self, method: str, *args: Any, **kwargs: Any) -> Any:
        call = self._channel.stream_stream(method, *args, **kwargs)
        return _Defaulted(call, self._defaults, None)


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
    if tls is not None:
        channel = grpc.aio.secure_channel(target, tls.credentials(), options=options)
    else:
        channel = grpc.aio.insecure_channel(target, options=options)
    return _DefaultsChannel(channel, _CallDefaults(timeout, metadata))


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
