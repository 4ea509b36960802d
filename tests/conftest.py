"""Fixtures shared by every test module."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.databases import TestDatabase, database


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """A fresh, empty database: once on SQLite, once on PostgreSQL."""
    async with database(request.param, tmp_path) as test_db:
        yield test_db


@pytest.fixture
async def sqlite_db(tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """A fresh SQLite database, for tests that are not about storage."""
    async with database("sqlite", tmp_path) as test_db:
        yield test_db
