"""Database URLs for store tests: SQLite always, PostgreSQL whenever one is reachable.

PostgreSQL tests each get a schema of their own, dropped afterwards. With
ARGUS_REQUIRE_POSTGRES=1 (CI) an unreachable PostgreSQL fails the run instead of skipping.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from argus.core.db import create_engine

POSTGRES_URL = os.environ.get(
    "ARGUS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


@dataclass(frozen=True)
class TestDatabase:
    __test__ = False

    url: str
    schema: str = ""

    @property
    def backend(self) -> str:
        return "postgresql" if self.url.startswith("postgresql") else "sqlite"


async def _postgres_reachable() -> str | None:
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("select 1"))
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()
    return None


@asynccontextmanager
async def database(backend: str, tmp_path: Path) -> AsyncIterator[TestDatabase]:
    if backend == "sqlite":
        yield TestDatabase(url=f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        return
    problem = await _postgres_reachable()
    if problem is not None:
        message = f"PostgreSQL at {POSTGRES_URL} is not reachable ({problem})"
        if os.environ.get("ARGUS_REQUIRE_POSTGRES") == "1" or os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    async with admin.begin() as connection:
        await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield TestDatabase(url=POSTGRES_URL, schema=schema)
    finally:
        async with admin.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()
