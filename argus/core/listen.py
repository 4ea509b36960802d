"""PostgreSQL LISTEN as a wake-up: one connection per process that reconnects when it drops.

A notification only says "look again"; what changed is read from tables. Because a dropped
connection loses the notifications sent meanwhile, `on_wake` also runs after every (re)connect,
so the reader catches up from its tables.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

log = logging.getLogger("argus.listen")


def channel_name(prefix: str, schema: str) -> str:
    """A NOTIFY channel per database schema; PostgreSQL identifiers hold 63 bytes."""
    suffix = re.sub(r"[^a-z0-9_]", "_", schema.lower())
    return (prefix + (f"_{suffix}" if suffix else ""))[:63]


def asyncpg_dsn(database_url: str) -> str:
    """A SQLAlchemy URL (any PostgreSQL driver) as a DSN asyncpg accepts."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class Listener:
    """LISTEN on `channel`, calling `on_wake(payload)` for each notification, and
    `on_wake(None)` after each (re)connect."""

    def __init__(
        self,
        database_url: str,
        channel: str,
        on_wake: Callable[[str | None], None],
        *,
        retry_seconds: float = 1.0,
    ) -> None:
        self.dsn = asyncpg_dsn(database_url)
        self.channel = channel
        self.on_wake = on_wake
        self.retry_seconds = retry_seconds
        self.connection: asyncpg.Connection | None = None
        self.connected = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self, wait_seconds: float = 10.0) -> None:
        """Start listening; waits (a bounded time) for the first connection."""
        self._task = asyncio.create_task(self._listen_forever())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.connected.wait(), wait_seconds)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        if self.connection is not None and not self.connection.is_closed():
            self.connection.terminate()

    def _notified(self, _conn: Any, _pid: int, _channel: str, payload: str) -> None:
        self.on_wake(payload)

    async def _listen_forever(self) -> None:
        while True:
            lost = asyncio.Event()
            try:
                self.connection = await asyncpg.connect(self.dsn, timeout=10)
                self.connection.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await self.connection.add_listener(self.channel, self._notified)
                self.connected.set()
                self.on_wake(None)
                await lost.wait()
                log.warning("LISTEN %s lost its connection; reconnecting", self.channel)
            except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                log.warning("LISTEN %s cannot connect: %s", self.channel, type(exc).__name__)
            finally:
                self.connected.clear()
                if self.connection is not None and not self.connection.is_closed():
                    self.connection.terminate()
            await asyncio.sleep(self.retry_seconds)
