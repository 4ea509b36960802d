"""Commands queued for a client's game client: rows, each drained exactly once.

Draining deletes the rows it returns in one statement. On PostgreSQL the rows are picked with
`FOR UPDATE SKIP LOCKED`, so replicas draining at once take disjoint rows; SQLite runs one
writer at a time, so the statement alone is enough there.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select

from argus.core.db import Database
from services.players.mac.models import CommandRow


async def queue(database: Database, client: str, commands: list[dict[str, Any]], limit: int) -> int:
    """Queue `commands`; beyond `limit` queued for the client, the oldest are dropped."""
    if not commands:
        return 0
    now = datetime.now(UTC)
    rows = [{"client": client, "command": command, "queued_at": now} for command in commands]
    newest_kept = (
        select(CommandRow.id)
        .where(CommandRow.client == client)
        .order_by(CommandRow.id.desc())
        .offset(limit)
        .limit(1)
        .scalar_subquery()
    )
    async with database.sessions.begin() as session:
        await session.execute(insert(CommandRow), rows)
        await session.execute(
            delete(CommandRow).where(CommandRow.client == client, CommandRow.id <= newest_kept)
        )
    return len(commands)


async def drain(database: Database, client: str, limit: int) -> list[dict[str, Any]]:
    """Remove and return the client's oldest commands (all of them when `limit` <= 0)."""
    picked = (
        select(CommandRow.id)
        .where(CommandRow.client == client)
        .order_by(CommandRow.id)
        .with_for_update(skip_locked=True)
    )
    if limit > 0:
        picked = picked.limit(limit)
    statement = (
        delete(CommandRow)
        .where(CommandRow.id.in_(picked.scalar_subquery()))
        .returning(CommandRow.id, CommandRow.command)
    )
    async with database.sessions.begin() as session:
        rows = (await session.execute(statement)).all()
    return [command for _, command in sorted(rows, key=lambda row: row[0])]
