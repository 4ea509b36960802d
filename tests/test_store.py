"""The store layer: every service's migrations run on SQLite and PostgreSQL, twice safely."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from argus.core.db import Database, alembic_config
from services.fleet.context import MIGRATIONS as FLEET_MIGRATIONS
from services.players.context import MIGRATIONS as PLAYERS_MIGRATIONS
from tests.support.databases import TestDatabase, database


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


# One replica's first start, as a process of its own (Alembic keeps per-process state).
_OPEN = """
import asyncio, sys
from pathlib import Path
from argus.core.db import Database

async def main() -> None:
    database = await Database.open(sys.argv[1], Path(sys.argv[2]), schema=sys.argv[3])
    await database.close()

asyncio.run(main())
"""


@pytest.mark.parametrize(
    ("service", "migrations"), [("players", PLAYERS_MIGRATIONS), ("fleet", FLEET_MIGRATIONS)]
)
async def test_replicas_starting_together_on_an_empty_postgresql_all_start(
    tmp_path: Path, service: str, migrations: Path
) -> None:
    # Only PostgreSQL serves several replicas; a SQLite file belongs to one process.
    heads = set(ScriptDirectory.from_config(alembic_config(migrations)).get_heads())
    async with database("postgresql", tmp_path) as db:
        replicas = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                _OPEN,
                db.url,
                str(migrations),
                db.schema,
                stderr=asyncio.subprocess.PIPE,
            )
            for _ in range(3)
        ]
        errors = [(await replica.communicate())[1].decode() for replica in replicas]
        assert [replica.returncode for replica in replicas] == [0, 0, 0], errors
        opened = await Database.open(db.url, migrations, schema=db.schema)
        try:
            async with opened.engine.connect() as connection:
                rows = await connection.execute(
                    text(f"SELECT version_num FROM alembic_version_{service}")
                )
                assert {row[0] for row in rows} == heads
        finally:
            await opened.close()
