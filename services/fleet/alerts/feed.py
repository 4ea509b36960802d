"""Alert events for every watcher of every fleet replica, read from the outbox table.

Each change writes its event in its own transaction (`record`); ids grow in commit order. One
reader per replica (the tail) reads the rows after the last id it saw whenever it is woken -
by a local commit, by PostgreSQL NOTIFY from another replica, after its LISTEN connection
reconnects, or every `poll_seconds` - and hands them to the watchers. A watcher that starts
from an older id, or falls behind, reads the table itself until it has caught up. So the
table is the truth and notifications are only wake-ups: nothing is missed or seen twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from argus.core.listen import Listener, channel_name
from argus.core.periodic import Periodic
from services.fleet.alerts import event_store as outbox
from services.fleet.alerts import metrics
from services.fleet.alerts.events import AlertEvent, EventKind

PAGE = 500
# Put in a watcher's queue to wake it when it must read the table (it fell behind).
_LAGGED = AlertEvent(EventKind.OPENED, None)


class Watcher:
    """One watcher: its position, and a bounded queue of live events after it."""

    def __init__(self, truck_id: int, cursor: int, limit: int) -> None:
        self.truck_id = truck_id
        self.cursor = cursor
        self.queue: asyncio.Queue[AlertEvent | None] = asyncio.Queue(limit)
        # True: read the table from `cursor` before taking live events again.
        self.lagging = True

    def offer(self, event: AlertEvent) -> None:
        if self.lagging or (self.truck_id and event.truck_id != self.truck_id):
            return
        try:
            self.queue.put_nowait(event)
        except asyncio.QueueFull:
            metrics.WATCHERS_LAGGED.inc()
            self.lagging = True
            _drain(self.queue)
            self.queue.put_nowait(_LAGGED)

    def end(self) -> None:
        _drain(self.queue)
        self.queue.put_nowait(None)


def _drain(queue: asyncio.Queue[AlertEvent | None]) -> None:
    while not queue.empty():
        queue.get_nowait()


class EventFeed:
    """Records alert events and serves them to watchers, replayed or live."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        database_url: str,
        schema: str = "",
        queue_limit: int = 1000,
        poll_seconds: float = 2.0,
        retention_seconds: float = 86_400.0,
    ) -> None:
        self.sessions = sessions
        self.queue_limit = queue_limit
        self.poll_seconds = poll_seconds
        self.retention_seconds = retention_seconds
        self.watchers: set[Watcher] = set()
        self.cursor = 0
        # True while no watcher listens: rows are then not read at all (a frame costs no read),
        # and the next watchers are served from the oldest position among them.
        self._idle = False
        # Woken by a local commit, by NOTIFY, or after `poll_seconds`.
        self._tail = Periodic(
            "alert events tail", self._read_new, every=poll_seconds, wait_first=True
        )
        self._pruning = Periodic(
            "alert events pruning",
            self._prune,
            every=min(retention_seconds, 3600.0),
            wait_first=True,
        )
        postgres = database_url.startswith("postgres")
        self.channel = channel_name("argus_fleet_events", schema) if postgres else ""
        self.listener = Listener(database_url, self.channel, self.wake) if postgres else None

    async def start(self) -> None:
        async with self.sessions() as session:
            self.cursor = await outbox.newest_id(session=session)
        self._tail.start()
        self._pruning.start()
        if self.listener is not None:
            await self.listener.start()

    async def stop(self) -> None:
        if self.listener is not None:
            await self.listener.stop()
        await self._tail.stop()
        await self._pruning.stop()
        for watcher in list(self.watchers):
            watcher.end()

    async def record(self, session: AsyncSession, event: AlertEvent) -> int:
        """Store `event` in `session`'s transaction; call `wake` once it committed."""
        event_id = await outbox.append(
            session=session, truck_id=event.truck_id, payload=event.to_json(), channel=self.channel
        )
        metrics.EVENTS_RECORDED.labels(event.kind.value).inc()
        return event_id

    def record_many(self, connection: Connection, events: Sequence[AlertEvent]) -> None:
        """Store `events` in order in `connection`'s transaction, in one statement (a whole
        transaction run by `argus.core.transactions`); call `wake` once it committed."""
        rows = [(event.truck_id, event.to_json()) for event in events]
        outbox.append_many(connection, rows, channel=self.channel)
        for event in events:
            metrics.EVENTS_RECORDED.labels(event.kind.value).inc()

    def wake(self, _payload: str | None = None) -> None:
        """Something may have been committed: read the table again."""
        self._tail.wake()

    async def newest_id(self) -> int:
        async with self.sessions() as session:
            return await outbox.newest_id(session=session)

    @contextlib.asynccontextmanager
    async def watch(self, truck_id: int = 0, after: int | None = None) -> AsyncIterator[Watcher]:
        """A watcher of one truck (or all with 0) from event id `after` (None: from now)."""
        # Its position first: the tail, when it has had no watcher, starts from the oldest
        # position among them, and a watcher reads the table after its position itself.
        cursor = await self.newest_id() if after is None else after
        watcher = Watcher(truck_id, cursor, self.queue_limit)
        self.watchers.add(watcher)
        metrics.ALERT_WATCHERS.inc()
        try:
            yield watcher
        finally:
            self.watchers.discard(watcher)
            metrics.ALERT_WATCHERS.dec()

    async def events(self, watcher: Watcher) -> AsyncIterator[AlertEvent]:
        """The watcher's events in id order, each once, until the feed stops."""
        while True:
            if watcher.lagging:
                watcher.lagging = False
                async for event in self._read(watcher.cursor, watcher.truck_id):
                    watcher.cursor = event.id
                    yield event
                continue
            live = await watcher.queue.get()
            if live is None:
                return
            if live is not _LAGGED and live.id > watcher.cursor:
                watcher.cursor = live.id
                yield live

    async def _read(self, after: int, truck_id: int) -> AsyncIterator[AlertEvent]:
        while True:
            async with self.sessions() as session:
                rows = await outbox.after(
                    session=session, event_id=after, truck_id=truck_id, limit=PAGE
                )
            for row in rows:
                after = row.id
                yield AlertEvent.from_json(row.payload, row.id)
            if len(rows) < PAGE:
                return

    async def _read_new(self) -> None:
        """Hand the rows after the tail's position to the watchers."""
        if not self.watchers:
            self._idle = True
            return
        if self._idle:
            self._idle = False
            self.cursor = min(watcher.cursor for watcher in self.watchers)
        async for event in self._read(self.cursor, 0):
            self.cursor = event.id
            for watcher in list(self.watchers):
                watcher.offer(event)

    async def _prune(self) -> None:
        cutoff = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=self.retention_seconds)
        async with self.sessions() as session, session.begin():
            metrics.EVENTS_PRUNED.inc(await outbox.prune(session=session, before=cutoff))
