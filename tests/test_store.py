"""The store layer: every service's migrations run on SQLite and PostgreSQL, twice safely."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from argus.core.db import Database, alembic_config
from services.fleet.context import MIGRATIONS as FLEET_MIGRATIONS
from services.players.context import MIGRATIONS as PLAYERS_MIGRATIONS
from tests.support.databases import TestDatabase


@pytest.mark.parametrize(
    ("service", "migrations"), [("players", PLAYERS_MIGRATIONS), ("fleet", FLEET_MIGRATIONS)]
)
async def test_migrations_reach_every_head_and_can_run_again(
    db: TestDatabase, service: str, migrations: Path
) -> None:
    heads = set(ScriptDirectory.from_config(alembic_config(migrations)).get_heads())
    assert heads, "a service without migrations"
    for _ in range(2):  # a restart runs them again: nothing to do, nothing breaks
        database = await Database.open(db.url, migrations, schema=db.schema)
        try:
            async with database.engine.connect() as connection:
                rows = await connection.execute(
                    text(f"SELECT version_num FROM alembic_version_{service}")
                )
                assert {row[0] for row in rows} == heads
            assert database.dialect == db.backend
        finally:
            await database.close()


async def test_two_services_share_one_database_without_touching_each_others_versions(
    db: TestDatabase,
) -> None:
    players = await Database.open(db.url, PLAYERS_MIGRATIONS, schema=db.schema)
    fleet = await Database.open(db.url, FLEET_MIGRATIONS, schema=db.schema)
    try:
        async with fleet.engine.connect() as connection:
            players_versions = await connection.execute(
                text("SELECT count(*) FROM alembic_version_players")
            )
            fleet_versions = await connection.execute(
                text("SELECT count(*) FROM alembic_version_fleet")
            )
            assert players_versions.scalar_one() >= 1
            assert fleet_versions.scalar_one() >= 1
    finally:
        await players.close()
        await fleet.close()
