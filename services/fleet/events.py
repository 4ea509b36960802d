"""Alert events fanned out to every watcher of every fleet replica.

On SQLite (one process) events go straight to the local watchers. On PostgreSQL they go
through NOTIFY on a channel named after the schema, and every replica LISTENs on it, so each
replica's watchers see every event, whichever replica opened the alert.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
from prometheus_client import Counter, Gauge
from sqlalchemy.engine import make_url

from argus.core.errors import ResourceExhausted

log = logging.getLogger("argus.fleet.events")

WATCHERS = Gauge("argus_alert_watchers", "Alert event watchers connected to this replica.")
PUBLISHED = Counter(
    "argus_alert_events_published_total", "Alert events published by this replica.", ("kind",)
)
# Seconds a publication may take before it is given up (and counted as lost).
PUBLISH_TIMEOUT = 5.0

LOST = Counter(
    "argus_alert_events_unpublished_total", "Alert events this replica failed to publish."
)
DROPPED = Counter(
    "argus_alert_watchers_dropped_total", "Watchers disconnected because they fell behind."
)


class EventKind(enum.StrEnum):
    OPENED = "opened"
    CLOSED = "closed"
    FRAME_ADDED = "frame_added"


@dataclass(frozen=True)
class AlertSnapshot:
    id: int
    truck_id: int
    behavior: str
    alert_init: datetime
    alert_end: datetime | None
    started: bool

    @classmethod
    def of(cls, alert: Any) -> AlertSnapshot:
        """From any object with the alert's attributes (the store's rows or domain types)."""
        return cls(
            id=int(alert.id),
            truck_id=int(alert.truck_id),
            behavior=str(alert.behavior),
            alert_init=alert.alert_init,
            alert_end=alert.alert_end,
            started=bool(alert.started),
        )


@dataclass(frozen=True)
class FrameSnapshot:
    """A stored frame without its image; alert_id 0 for a safe frame."""

    id: int
    alert_id: int
    truck_id: int
    frame_index: int
    frame_timestamp: datetime

    @classmethod
    def of(cls, frame: Any) -> FrameSnapshot:
        return cls(
            id=int(frame.id),
            alert_id=int(frame.alert_id or 0),
            truck_id=int(frame.truck_id),
            frame_index=int(frame.frame_index),
            frame_timestamp=frame.frame_timestamp,
        )


@dataclass(frozen=True)
class AlertEvent:
    kind: EventKind
    # None for a safe frame (no alert).
    alert: AlertSnapshot | None
    frame: FrameSnapshot | None = None
    at: datetime | None = None

    @property
    def truck_id(self) -> int:
        if self.alert is not None:
            return self.alert.truck_id
        return self.frame.truck_id if self.frame is not None else 0

    def to_json(self) -> str:
        return json.dumps(asdict(self), default=_iso)

    @classmethod
    def from_json(cls, text: str) -> AlertEvent:
        data = json.loads(text)
        alert, frame = data.get("alert"), data.get("frame")
        if alert is not None:
            alert = AlertSnapshot(
                **{
                    **alert,
                    "alert_init": _dt(alert["alert_init"]),
                    "alert_end": _dt(alert["alert_end"]),
                }
            )
        if frame is not None:
            frame = FrameSnapshot(**{**frame, "frame_timestamp": _dt(frame["frame_timestamp"])})
        return cls(kind=EventKind(data["kind"]), alert=alert, frame=frame, at=_dt(data.get("at")))


def _iso(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _dt(value: str | None) -> Any:
    return None if value is None else datetime.fromisoformat(value)


class Subscription:
    """One watcher's bounded queue; a watcher that falls behind is disconnected, not buffered."""

    def __init__(self, bus: LocalBus, truck_id: int, limit: int) -> None:
        self.bus = bus
        self.truck_id = truck_id
        self.queue: asyncio.Queue[AlertEvent | None] = asyncio.Queue(limit)
        self.overflowed = False

    def offer(self, event: AlertEvent) -> None:
        if self.truck_id and event.truck_id != self.truck_id:
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            self.overflowed = True
            DROPPED.inc()
            self.bus.unsubscribe(self)
            with contextlib.suppress(asyncio.QueueEmpty):
                self.queue.get_nowait()
            self.queue.put_nowait(None)

    def __aiter__(self) -> AsyncIterator[AlertEvent]:
        return self._events()

    async def _events(self) -> AsyncIterator[AlertEvent]:
        while (event := await self.queue.get()) is not None:
            yield event
        if self.overflowed:
            raise ResourceExhausted("this watcher fell behind the alert events; watch again")


class LocalBus:
    """In-process fan-out: what a single replica on SQLite uses."""

    def __init__(self, queue_limit: int = 1000) -> None:
        self.queue_limit = queue_limit
        self.subscribers: set[Subscription] = set()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        for subscription in list(self.subscribers):
            self.unsubscribe(subscription)
            subscription.queue.put_nowait(None)

    async def publish(self, event: AlertEvent) -> None:
        PUBLISHED.labels(event.kind.value).inc()
        self.deliver(event)

    def deliver(self, event: AlertEvent) -> None:
        for subscription in list(self.subscribers):
            subscription.offer(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, truck_id: int = 0) -> AsyncIterator[Subscription]:
        """Watch events (of one truck, or all with 0) for as long as the context is open."""
        subscription = Subscription(self, truck_id, self.queue_limit)
        self.subscribers.add(subscription)
        WATCHERS.inc()
        try:
            yield subscription
        finally:
            self.unsubscribe(subscription)

    def unsubscribe(self, subscription: Subscription) -> None:
        if subscription in self.subscribers:
            self.subscribers.discard(subscription)
            WATCHERS.dec()


def channel_name(schema: str) -> str:
    """The NOTIFY channel of one fleet database (schema); PostgreSQL identifiers hold 63 bytes."""
    suffix = re.sub(r"[^a-z0-9_]", "_", schema.lower())
    return ("argus_fleet_events" + (f"_{suffix}" if suffix else ""))[:63]


class PostgresBus(LocalBus):
    """Fan-out across replicas with LISTEN/NOTIFY; reconnects its listener when it drops."""

    def __init__(
        self, database_url: str, schema: str = "", queue_limit: int = 1000, retry: float = 1.0
    ) -> None:
        super().__init__(queue_limit)
        url = make_url(database_url).set(drivername="postgresql")
        self.dsn = url.render_as_string(hide_password=False)
        self.channel = channel_name(schema)
        self.retry = retry
        self._listener: asyncpg.Connection | None = None
        self._publisher: asyncpg.Connection | None = None
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen_forever())
        await self._ready.wait()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        for connection in (self._listener, self._publisher):
            if connection is not None and not connection.is_closed():
                await connection.close()
        await super().stop()

    async def publish(self, event: AlertEvent) -> None:
        """NOTIFY every replica. Best effort: what it announces is committed already, so a
        failure here is logged and counted, never turned into a failed call."""
        async with self._lock:
            try:
                if self._publisher is None or self._publisher.is_closed():
                    self._publisher = await asyncpg.connect(self.dsn, timeout=PUBLISH_TIMEOUT)
                await self._publisher.execute(
                    "SELECT pg_notify($1, $2)",
                    self.channel,
                    event.to_json(),
                    timeout=PUBLISH_TIMEOUT,
                )
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                LOST.inc()
                log.warning("alert event not published: %s", type(exc).__name__)
                if self._publisher is not None:
                    self._publisher.terminate()
                    self._publisher = None
                return
        PUBLISHED.labels(event.kind.value).inc()

    def _on_notify(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        try:
            event = AlertEvent.from_json(payload)
        except (ValueError, KeyError, TypeError):
            log.warning("ignored a malformed alert event on %s", self.channel)
            return
        self.deliver(event)

    async def _listen_forever(self) -> None:
        while True:
            lost = asyncio.Event()
            try:
                self._listener = await asyncpg.connect(self.dsn)
                self._listener.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await self._listener.add_listener(self.channel, self._on_notify)
                self._ready.set()
                await lost.wait()
                log.warning("alert event listener lost its connection; reconnecting")
            except (OSError, asyncpg.PostgresError) as exc:
                log.warning("alert event listener cannot connect: %s", exc)
            await asyncio.sleep(self.retry)


def create_bus(database_url: str, schema: str = "", queue_limit: int = 1000) -> LocalBus:
    """LISTEN/NOTIFY on PostgreSQL, in-process otherwise."""
    if make_url(database_url).get_backend_name() == "postgresql":
        return PostgresBus(database_url, schema, queue_limit)
    return LocalBus(queue_limit)


def now() -> datetime:
    return datetime.now(UTC)
