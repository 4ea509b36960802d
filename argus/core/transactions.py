"""Whole transactions written as plain functions of a synchronous connection, run in one go.

A hot path runs several statements per call. Through the async driver each one costs a hop to
the driver's thread and back (aiosqlite), through SQLAlchemy's greenlet bridge; `write` and
`read` run the whole transaction at once instead:

- on a SQLite file, in threads of their own on synchronous connections: one hop per
  transaction. Writes go through one writer thread, and begin `IMMEDIATE`: a write holds the
  write lock from its first statement, so what it reads cannot change before it writes. Reads
  go through a few reader threads and begin `DEFERRED`: one consistent snapshot (WAL) per read,
  beside the writer;
- on PostgreSQL (and in-memory SQLite), on the event loop through the async engine's
  `run_sync`: asyncpg has no thread to hop to.

A write commits when its function returns and rolls back when it raises; the caller's await
returns only after the commit. A read never commits.
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


class _Threads:
    """Synchronous SQLite connections used from `size` threads of their own."""

    def __init__(
        self,
        url: Any,
        on_connect: Callable[[Any, Any], None],
        *,
        name: str,
        begin: str,
        size: int,
    ) -> None:
        self.engine = _sqlite(url, on_connect, begin=begin, pool_size=size)
        self.pool = ThreadPoolExecutor(max_workers=size, thread_name_prefix=name)

    async def run(self, fn: Callable[..., T], args: tuple[Any, ...], *, commit: bool) -> T:
        call = functools.partial(self._transaction, fn, args, commit)
        return await asyncio.get_running_loop().run_in_executor(self.pool, call)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.engine.dispose()

    def _transaction(self, fn: Callable[..., T], args: tuple[Any, ...], commit: bool) -> T:
        with self.engine.connect() as connection, connection.begin() as transaction:
            result = fn(connection, *args)
            if not commit:
                transaction.rollback()
            return result


class Transactions:
    def __init__(
        self, engine: AsyncEngine, *, on_connect: Callable[[Any, Any], None], readers: int = 2
    ) -> None:
        self.engine = engine
        self._on_connect = on_connect
        self._readers_size = readers
        url = engine.url
        on_file = url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")
        self._sqlite_url = url.set(drivername="sqlite") if on_file else None

    async def write(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(connection, *args)` in one transaction, committed before this returns."""
        if self._sqlite_url is None:
            async with self.engine.begin() as connection:
                return await connection.run_sync(fn, *args)
        return await self._writer.run(fn, args, commit=True)

    async def read(self, fn: Callable[..., T], *args: Any) -> T:
        """`fn(connection, *args)` in one read-only transaction (one snapshot), never committed."""
        if self._sqlite_url is None:
            async with self.engine.connect() as connection:
                return await connection.run_sync(fn, *args)
        return await self._readers.run(fn, args, commit=False)

    def close(self) -> None:
        """Wait for the transactions under way, then close the connections."""
        for name in ("_writer", "_readers"):
            # Only what was used: a service that never ran a transaction opened nothing.
            threads = self.__dict__.get(name)
            if threads is not None:
                threads.close()

    @functools.cached_property
    def _writer(self) -> _Threads:
        return _Threads(
            self._sqlite_url, self._on_connect, name="db-writer", begin="IMMEDIATE", size=1
        )

    @functools.cached_property
    def _readers(self) -> _Threads:
        return _Threads(
            self._sqlite_url,
            self._on_connect,
            name="db-reader",
            begin="DEFERRED",
            size=self._readers_size,
        )


def _sqlite(
    url: Any, on_connect: Callable[[Any, Any], None], *, begin: str, pool_size: int
) -> Engine:
    """A synchronous engine whose transactions begin with `BEGIN <begin>` (the driver's own
    implicit BEGIN is turned off, as SQLAlchemy's documentation for pysqlite describes)."""
    engine = create_engine(make_url(url), connect_args={"timeout": 30}, pool_size=pool_size)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, record: Any) -> None:
        on_connect(dbapi_connection, record)
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        connection.exec_driver_sql(f"BEGIN {begin}")

    return engine
