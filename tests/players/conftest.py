"""Two players "replicas" in one test: two databases objects (two engines) on one schema."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from argus.core.db import Database
from services.players.context import MIGRATIONS
from tests.support.databases import TestDatabase


async def open_players_db(db: TestDatabase) -> Database:
    return await Database.open(db.url, MIGRATIONS, schema=db.schema)


@pytest.fixture
async def replicas(db: TestDatabase) -> AsyncIterator[tuple[Database, Database]]:
    """The players database opened twice, as two replicas would: separate connection pools."""
    first = await open_players_db(db)
    second = await open_players_db(db)
    try:
        yield first, second
    finally:
        await first.close()
        await second.close()
