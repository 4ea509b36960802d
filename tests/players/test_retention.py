"""Retention: screenshots and MAC history older than their settings go, in small batches."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from prometheus_client import REGISTRY
from sqlalchemy import insert, select

from argus.core.db import Database
from services.players.halp.models import HalpUpload
from services.players.mac.models import HistoryRow
from services.players.retention import Rule, prune
from services.players.server import build as build_players
from services.players.server import pruner
from services.players.settings import PlayersSettings
from tests.players.conftest import open_players_db
from tests.support.databases import TestDatabase
from tests.support.servers import NOWHERE, grpc_service, players_settings

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def pruned(table: str) -> float:
    value = REGISTRY.get_sample_value("argus_players_rows_pruned_total", {"table": table})
    return value or 0.0


async def _add_uploads(database: Database, ages_in_days: list[float]) -> None:
    rows = [
        {
            "name": f"{n:04d}_playerlist.png",
            "content_type": "image/png",
            "data": b"\x89PNG",
            "created_at": NOW - timedelta(days=age),
        }
        for n, age in enumerate(ages_in_days)
    ]
    async with database.sessions.begin() as session:
        await session.execute(insert(HalpUpload), rows)


async def _add_history(database: Database, ages_in_days: list[float]) -> None:
    rows = [
        {
            "client": "local",
            "steam_id64": "76561198000000001",
            "name": f"age {age}",
            "game_info": {},
            "left_at": NOW - timedelta(days=age),
        }
        for age in ages_in_days
    ]
    async with database.sessions.begin() as session:
        await session.execute(insert(HistoryRow), rows)


async def test_uploads_older_than_the_retention_are_pruned_in_batches_and_counted(
    replicas: tuple[Database, Database],
) -> None:
    database = replicas[0]
    await _add_uploads(database, [31, 45, 29.9, 0, 365, 30.01, 100])
    before = pruned("halp_uploads")
    rule = Rule(HalpUpload.name, HalpUpload.created_at, 30)
    assert await prune(database, rule, batch=2, now=NOW) == 5
    async with database.sessions() as session:
        kept = list(await session.scalars(select(HalpUpload.name).order_by(HalpUpload.name)))
    assert kept == ["0002_playerlist.png", "0003_playerlist.png"]
    assert pruned("halp_uploads") == before + 5
    assert await prune(database, rule, batch=2, now=NOW) == 0


async def test_mac_history_keeps_what_is_younger_than_its_retention(
    replicas: tuple[Database, Database],
) -> None:
    database = replicas[1]
    await _add_history(database, [89, 91, 1, 200])
    rule = Rule(HistoryRow.id, HistoryRow.left_at, 90)
    assert await prune(database, rule, batch=500, now=NOW) == 2
    async with database.sessions() as session:
        names = sorted(await session.scalars(select(HistoryRow.name)))
    assert names == ["age 1", "age 89"]


def test_the_service_prunes_with_the_retention_settings() -> None:
    settings = PlayersSettings(  # type: ignore[call-arg]
        halp_upload_retention_days=7, mac_history_retention_days=14
    )
    rules = {rule.table: rule.days for rule in pruner(settings, None).rules}  # type: ignore[arg-type]
    assert rules == {"halp_uploads": 7, "mac_history": 14}
    assert PlayersSettings().halp_upload_retention_days == 30  # type: ignore[call-arg]
    assert PlayersSettings().mac_history_retention_days == 90  # type: ignore[call-arg]


async def test_a_running_players_service_prunes_in_the_background(
    db: TestDatabase, tmp_path: Path
) -> None:
    database = await open_players_db(db)
    try:
        now = datetime.now(UTC)
        await _add_uploads(database, [40, 1])
        settings = players_settings(
            tmp_path, db, NOWHERE, players_prune_interval_seconds=0.05, players_prune_batch_size=1
        )
        async with grpc_service(build_players(settings)):
            for _ in range(400):
                async with database.sessions() as session:
                    left = list(await session.scalars(select(HalpUpload.created_at)))
                if len(left) == 1:
                    break
                await asyncio.sleep(0.05)
        assert len(left) == 1 and left[0].replace(tzinfo=UTC) > now - timedelta(days=30)
    finally:
        await database.close()
