"""Whole transactions run in one go: committed before the await returns, rolled back when the
function raises; on a SQLite file in the writer thread, holding the write lock from the first
statement. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url

from argus.core.db import Database, create_engine
from tests.support.databases import TestDatabase


async def with_notes(db: TestDatabase) -> Database:
    opened = Database(create_engine(db.url, schema=db.schema or None))
    serial = "SERIAL" if db.backend == "postgresql" else "INTEGER"
    async with opened.engine.begin() as connection:
        await connection.execute(text(f"CREATE TABLE notes (id {serial} PRIMARY KEY, body TEXT)"))
    return opened


@pytest.fixture
async def database(db: TestDatabase) -> AsyncIterator[Database]:
    opened = await with_notes(db)
    yield opened
    await opened.close()


async def bodies(database: Database) -> list[str]:
    async with database.engine.connect() as connection:
        rows = await connection.execute(text("SELECT body FROM notes ORDER BY id"))
        return [row.body for row in rows]


def add(connection: Connection, *notes: str) -> str:
    for note in notes:
        connection.execute(text("INSERT INTO notes (body) VALUES (:body)"), {"body": note})
    return threading.current_thread().name


async def test_a_transaction_is_committed_when_the_await_returns(
    database: Database, db: TestDatabase
) -> None:
    thread = await database.transactions.write(add, "first", "second")

    # Another connection of the service sees both rows at once.
    assert await bodies(database) == ["first", "second"]
    # SQLite: the writer thread, one hop for the whole transaction; PostgreSQL: the event loop.
    if db.backend == "sqlite":
        assert thread.startswith("db-writer")
    else:
        assert thread == threading.current_thread().name


async def test_a_function_that_raises_stores_nothing(database: Database) -> None:
    def half(connection: Connection) -> None:
        add(connection, "kept?")
        raise ValueError("refused")

    await database.transactions.write(add, "before")
    with pytest.raises(ValueError, match="refused"):
        await database.transactions.write(half)

    assert await bodies(database) == ["before"]
    # The writer goes on after a failure.
    await database.transactions.write(add, "after")
    assert await bodies(database) == ["before", "after"]


async def test_on_sqlite_the_write_lock_is_held_from_the_first_statement(
    sqlite_db: TestDatabase,
) -> None:
    """What a transaction reads cannot change before it writes: another writer cannot start
    while it runs, even before its first write."""
    path = make_url(sqlite_db.url).database
    assert path

    def read_then_look(connection: Connection) -> str:
        connection.execute(text("SELECT count(*) FROM notes")).scalar()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            return str(exc)
        finally:
            other.close()
        return "another writer began"

    database = await with_notes(sqlite_db)
    try:
        assert await database.transactions.write(read_then_look) == "database is locked"
    finally:
        await database.close()


async def test_in_memory_sqlite_runs_on_the_event_loop() -> None:
    """A separate connection would see another, empty database: in-memory SQLite keeps using
    the async engine's own connection."""
    database = Database(create_engine("sqlite+aiosqlite:///:memory:"))
    try:
        async with database.engine.begin() as connection:
            await connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
        assert await database.transactions.write(add, "x") == threading.current_thread().name
    finally:
        await database.close()


async def test_a_read_sees_what_was_committed_and_never_commits(
    database: Database, db: TestDatabase
) -> None:
    await database.transactions.write(add, "kept")

    def read_and_try_to_write(connection: Connection) -> tuple[list[str], str]:
        seen = [row.body for row in connection.execute(text("SELECT body FROM notes"))]
        add(connection, "never stored")
        return seen, threading.current_thread().name

    seen, thread = await database.transactions.read(read_and_try_to_write)

    assert seen == ["kept"]
    assert await bodies(database) == ["kept"]
    if db.backend == "sqlite":
        assert thread.startswith("db-reader")


async def test_reads_run_side_by_side_in_as_many_threads_as_set(sqlite_db: TestDatabase) -> None:
    """ARGUS_FLEET_DATABASE_READER_THREADS reads at once: three reads that each wait for the
    other two all finish with three threads."""
    database = Database(create_engine(sqlite_db.url), readers=3)
    all_three = threading.Barrier(3, timeout=10)

    def meet(connection: Connection) -> int:
        connection.execute(text("SELECT 1"))
        return all_three.wait()

    try:
        turns = await asyncio.gather(*(database.transactions.read(meet) for _ in range(3)))
    finally:
        await database.close()
    assert sorted(turns) == [0, 1, 2]
