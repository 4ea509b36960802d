"""Whole transactions written as plain functions of a synchronous connection, run in one go.

A hot path's group commit runs several statements. Through the async driver each one costs a
hop to the driver's thread and back (aiosqlite), through SQLAlchemy's greenlet bridge;
`Transactions.run` runs the whole transaction at once instead:

- on a SQLite file, in one thread of its own, on a synchronous connection that begins
  `IMMEDIATE`: one hop per transaction, and the transaction holds the write lock from its first
  statement, so what it reads cannot change before it writes;
- on PostgreSQL (and in-memory SQLite), on the event loop through the async engine's
  `run_sync`: asyncpg has no thread to hop to.

The function commits when it returns and rolls back when it raises, either way; the caller's
await returns only after the commit.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

T = TypeVar("T")


class Transactions:
    def __init__(self, engine: AsyncEngine, *, on_connect: Callable[[Any, Any], None]) -> None:
        self.engine = engine
        self._sync: Engine | None = None
        self._thread: ThreadPoolExecutor | None = None
        url = engine.url
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            self._sync = _immediate_sqlite(url.set(drivername="sqlite"), on_connect)
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db-writer")

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(connection, *args)` in one transaction, committed before this returns."""
        if self._sync is None or self._thread is None:
            async with self.engine.begin() as connection:
                return await connection.run_sync(fn, *args)
        call = functools.partial(self._in_thread, fn, *args)
        return await asyncio.get_running_loop().run_in_executor(self._thread, call)

    def close(self) -> None:
        """Wait for the transaction under way, then close the connection."""
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self._sync is not None:
            self._sync.dispose()

    def _in_thread(self, fn: Callable[..., T], *args: Any) -> T:
        assert self._sync is not None
        with self._sync.begin() as connection:
            return fn(connection, *args)


def _immediate_sqlite(url: Any, on_connect: Callable[[Any, Any], None]) -> Engine:
    """A synchronous engine whose transactions begin IMMEDIATE (the driver's own implicit
    BEGIN is turned off, as SQLAlchemy's documentation for pysqlite describes)."""
    engine = create_engine(make_url(url), connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        on_connect(dbapi_connection, record)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
