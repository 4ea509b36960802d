"""A live feed that outlives its fleet backend: it remembers the id of the last event it
delivered and, when the WatchAlerts stream breaks, watches again from there with backoff.

Only a refusal (the token expired, the user lost the right) or an outage longer than
`gateway_live_outage_seconds` ends it; a restart, a rollout or a short database outage is
invisible to the client, which receives every event once and in order.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import grpc

from argus.fleet.v1 import fleet_pb2
from services.gateway import metrics
from services.gateway.backends import Backends
from services.gateway.errors import BackendError
from services.gateway.live.watch import events, open_watch

log = logging.getLogger("argus.gateway.live")

# What ends a feed for good: the caller is no longer allowed to watch.
REFUSALS = {401, 403}
FIRST_RETRY_SECONDS = 0.2
MAX_EVENT_ID = 2**63 - 1


class FeedLost(Exception):
    """The feed ended for good: `status` 401/403 (refused) or 503 (outage too long)."""

    def __init__(self, status: int, message: str, reason: str) -> None:
        super().__init__(message)
        self.status, self.message, self.reason = status, message, reason


class ResumingWatch:
    """One client's subscription: `open` once (refusals raise BackendError), then iterate."""

    def __init__(
        self,
        backends: Backends,
        token: str,
        truck_id: int = 0,
        username: str = "",
        after: int | None = None,
    ) -> None:
        self.backends = backends
        self.token, self.truck_id, self.username = token, truck_id, username
        # The id of the last event delivered (None: not known yet, i.e. live from now).
        self.last_id = after
        self._call: Any = None

    async def open(self) -> None:
        """Start watching. While the fleet service is unavailable (it restarts or rolls out),
        try again with backoff for up to `gateway_live_connect_seconds`, so a client that
        connects in that window waits for its feed instead of failing (an EventSource never
        retries a 503). Refusals and bad requests raise BackendError at once."""
        limit = self.backends.settings.gateway_live_connect_seconds
        await self._open_patiently(limit, retry=lambda exc: exc.status == 503)

    async def _open_once(self) -> None:
        call = await open_watch(
            self.backends, self.token, self.truck_id, self.username, after=self.last_id
        )
        if self.last_id is None:
            start = (await call.initial_metadata()).get("argus-last-event-id")
            self.last_id = int(start) if start else None
        self._call = call

    async def _open_patiently(self, limit: float, retry: Callable[[BackendError], bool]) -> None:
        """Open; after a failure `retry` accepts, try again with backoff for `limit` seconds.
        Then, or when the gateway stops meanwhile, raise the last failure."""
        settings = self.backends.settings
        started = time.monotonic()
        delay = FIRST_RETRY_SECONDS
        while True:
            try:
                await self._open_once()
                return
            except BackendError as exc:
                if not retry(exc):
                    raise
                failure = exc
            except grpc.aio.AioRpcError:
                failure = _unavailable()
            if self.backends.stopping or time.monotonic() - started + delay > limit:
                # A connection error names backend addresses: the client learns only that
                # the service is away.
                raise _unavailable() if failure.status == 503 else failure
            await asyncio.sleep(delay)
            delay = min(delay * 2, settings.gateway_live_retry_max_seconds)

    def cancel(self) -> None:
        if self._call is not None:
            self._call.cancel()

    async def events(self, feed: str) -> AsyncIterator[fleet_pb2.AlertEvent]:
        """Every event from the position on, across broken streams; raises FeedLost."""
        while True:
            try:
                async for event in events(self._call, feed):
                    self.last_id = event.id or self.last_id
                    yield event
                problem = "the alert stream ended"
            except grpc.aio.AioRpcError as exc:
                problem = f"{exc.code().name}: {exc.details()}"
            if self.backends.stopping:
                return  # the gateway stops: the feed ends cleanly, its client reconnects elsewhere
            log.info("live feed interrupted (%s); resuming after %s", problem, self.last_id)
            await asyncio.sleep(FIRST_RETRY_SECONDS)
            try:
                await self._open_patiently(
                    self.backends.settings.gateway_live_outage_seconds,
                    retry=lambda exc: exc.status not in REFUSALS,
                )
            except BackendError as exc:
                if self.backends.stopping:
                    return
                if exc.status in REFUSALS:
                    raise FeedLost(exc.status, exc.message, exc.reason) from None
                raise FeedLost(503, "alert feed interrupted", "FEED_UNAVAILABLE") from None
            metrics.LIVE_RESUMED.inc()


def _unavailable() -> BackendError:
    return BackendError(503, "the fleet service is unavailable", "UNAVAILABLE")
