"""The alert event outbox: rows appended in their change's transaction, read by id."""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import Table, delete, func, insert, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from services.fleet.alerts.models import AlertEventRow

# Writers of events queue on this lock until they commit, so ids become visible in id order:
# a reader that has seen id N never sees a smaller id appear later.
_ORDER_LOCK = zlib.crc32(b"argus-fleet-alert-events")
_TABLE: Table = AlertEventRow.__table__  # type: ignore[assignment]
# Built once (their compiled forms are found by cache key): rows per frame on the hot path.
_INSERT = insert(_TABLE).returning(_TABLE.c.id)
_INSERT_MANY = insert(_TABLE)


async def append(*, session: AsyncSession, truck_id: int, payload: str, channel: str = "") -> int:
    """Add one event; on PostgreSQL NOTIFY `channel` with its id when the transaction commits."""
    postgres = session.get_bind().dialect.name == "postgresql"
    if postgres:
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ORDER_LOCK})
    created = datetime.now(UTC).replace(tzinfo=None)
    # A Core INSERT: a row per frame on the hot path, without the ORM's unit of work.
    values = {"truck_id": truck_id, "payload": payload, "created_at": created}
    event_id = int(await session.scalar(_INSERT, values) or 0)
    if postgres and channel:
        await session.execute(select(func.pg_notify(channel, str(event_id))))
    return event_id


def append_many(
    connection: Connection, events: Sequence[tuple[int, str]], channel: str = ""
) -> None:
    """Add (truck id, payload) events in their order, in one statement; on PostgreSQL NOTIFY
    `channel` once when the transaction commits (listeners read the rows, not the payload)."""
    if not events:
        return
    postgres = connection.dialect.name == "postgresql"
    if postgres:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ORDER_LOCK})
    created = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {"truck_id": truck_id, "payload": payload, "created_at": created}
        for truck_id, payload in events
    ]
    connection.execute(_INSERT_MANY, rows)
    if postgres and channel:
        connection.execute(select(func.pg_notify(channel, str(len(rows)))))


async def after(
    *, session: AsyncSession, event_id: int, truck_id: int = 0, limit: int = 500
) -> Sequence[AlertEventRow]:
    """Events after `event_id` in id order (of one truck, or all with 0)."""
    query = select(AlertEventRow).where(AlertEventRow.id > event_id)
    if truck_id:
        query = query.where(AlertEventRow.truck_id == truck_id)
    return (await session.scalars(query.order_by(AlertEventRow.id).limit(limit))).all()


async def newest_id(*, session: AsyncSession) -> int:
    return int(await session.scalar(select(func.max(AlertEventRow.id))) or 0)


async def prune(*, session: AsyncSession, before: datetime) -> int:
    """Delete events created before `before`; returns how many."""
    result = await session.execute(delete(AlertEventRow).where(AlertEventRow.created_at < before))
    return int(getattr(result, "rowcount", 0) or 0)
