"""Frames streamed by devices: stored in batches, once per (device, sequence)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, Table, and_, bindparam, insert, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from services.fleet.alerts.models import Alert
from services.fleet.frames.models import Frame, StreamRequest

_FRAMES: Table = Frame.__table__  # type: ignore[assignment]
_ALERTS: Table = Alert.__table__  # type: ignore[assignment]
# Built once (its compiled form is found by cache key): read for every batch of frames.
_ALERTS_BY_ID = select(_ALERTS).where(_ALERTS.c.id.in_(bindparam("ids", expanding=True)))


def stored_sequences(
    connection: Connection, *, device_id: int, sequences: Iterable[int]
) -> dict[int, int]:
    """sequence -> frame id of the given sequences this device has already stored."""
    wanted = sorted(set(sequences))
    if not wanted:
        return {}
    query = select(_FRAMES.c.sequence, _FRAMES.c.id).where(
        _FRAMES.c.device_id == device_id, _FRAMES.c.sequence.in_(wanted)
    )
    return {int(seq or 0): int(frame_id) for seq, frame_id in connection.execute(query)}


def alerts_by_id(connection: Connection, alert_ids: Iterable[int]) -> dict[int, Row[Any]]:
    """id -> the alert's row (its columns as attributes), of those that exist."""
    ids = sorted(set(alert_ids))
    if not ids:
        return {}
    return {alert.id: alert for alert in connection.execute(_ALERTS_BY_ID, {"ids": ids})}


def create_many(
    connection: Connection, rows: Sequence[dict[str, Any]]
) -> dict[tuple[int, int], int]:
    """Insert frame rows (column -> value); returns (device id, sequence) -> frame id.

    One INSERT of one row, executed for each row, then one SELECT of the ids. Not one INSERT
    of many rows with RETURNING: SQLite keeps the values bound to each cached statement, and
    a statement per batch size would keep up to a batch of images each, per connection.
    """
    if not rows:
        return {}
    connection.execute(insert(_FRAMES), list(rows))
    sequences: dict[int, list[int]] = {}
    for row in rows:
        sequences.setdefault(int(row["device_id"]), []).append(int(row["sequence"]))
    query = select(_FRAMES.c.device_id, _FRAMES.c.sequence, _FRAMES.c.id).where(
        or_(
            *(
                and_(_FRAMES.c.device_id == device, _FRAMES.c.sequence.in_(wanted))
                for device, wanted in sequences.items()
            )
        )
    )
    result = connection.execute(query)
    return {(int(dev or 0), int(seq or 0)): int(frame_id) for dev, seq, frame_id in result}


async def alert_of_request(
    *, session: AsyncSession, device_id: int, request_id: int
) -> Alert | None:
    """The alert a device's earlier open_alert request with this id opened, if any."""
    query = (
        select(Alert)
        .join(StreamRequest, StreamRequest.alert_id == Alert.id)
        .where(StreamRequest.device_id == device_id, StreamRequest.request_id == request_id)
    )
    return await session.scalar(query)


async def remember_request(
    *, session: AsyncSession, device_id: int, request_id: int, alert_id: int
) -> None:
    session.add(StreamRequest(device_id=device_id, request_id=request_id, alert_id=alert_id))
    await session.flush()
