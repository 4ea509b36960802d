"""Frames: images of an alert, or safe frames of a truck (alert_id NULL)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, Table, bindparam, delete, func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from services.fleet.frames.models import Frame
from services.fleet.paging import Page, filtered_page

_TABLE: Table = Frame.__table__  # type: ignore[assignment]
# Built once: SQLAlchemy finds its compiled form by the statement's cache key, which a
# statement built per call computes again each time (a tenth of a frame's CPU).
_INSERT = insert(_TABLE).returning(_TABLE.c.id)


@dataclass(frozen=True)
class FrameFilter:
    """What `list` may filter on; unset fields do not filter."""

    alert_id: int
    since: datetime | None = None
    after_index: int | None = None


def row(
    *,
    truck_id: int,
    alert_id: int | None,
    frame_timestamp: datetime,
    image: bytes,
    frame_index: int = 0,
    device_id: int | None = None,
    sequence: int | None = None,
) -> dict[str, Any]:
    """A frame's row (column -> value), to insert."""
    return {
        "truck_id": truck_id,
        "alert_id": alert_id,
        "frame_index": frame_index,
        "frame_timestamp": frame_timestamp,
        "image": image,
        "size_bytes": len(image),
        "device_id": device_id,
        "sequence": sequence,
    }


def insert_one(connection: Connection, values: dict[str, Any]) -> Frame:
    """Insert one frame row (a Core INSERT, no unit of work); the frame as stored, detached."""
    frame_id = connection.scalar(_INSERT, values)
    return Frame(id=int(frame_id or 0), **values)


async def delete_stored_before(*, session: AsyncSession, cutoff: datetime, limit: int) -> int:
    """Delete up to `limit` frames stored before `cutoff` (oldest first); how many were."""
    oldest = select(Frame.id).where(Frame.received_at < cutoff).order_by(Frame.id).limit(limit)
    result = await session.execute(delete(Frame).where(Frame.id.in_(oldest)))
    return int(getattr(result, "rowcount", 0) or 0)


def list_page(
    connection: Connection, where: FrameFilter, page: int, per_page: int
) -> Page[Row[Any]]:
    """Frames of one alert matching `where`, newest first, with their images: rows with the
    frame's columns as attributes."""
    return filtered_page(connection, where, _page_statements, page=page, per_page=per_page)


@functools.cache
def _page_statements(filters: frozenset[str]) -> tuple[Select[Any], Select[Any]]:
    """The page and count statements of a set of FrameFilter fields, built once each."""
    query = select(_TABLE).where(_TABLE.c.alert_id == bindparam("alert_id"))
    if "since" in filters:
        query = query.where(_TABLE.c.frame_timestamp >= bindparam("since"))
    if "after_index" in filters:
        query = query.where(_TABLE.c.frame_index > bindparam("after_index"))
    count = select(func.count()).select_from(query.subquery())
    query = (
        query.order_by(_TABLE.c.frame_timestamp.desc(), _TABLE.c.id.desc())
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return query, count


_LATEST_OF_TRUCK = (
    select(_TABLE)
    .where(_TABLE.c.truck_id == bindparam("truck_id"))
    .order_by(_TABLE.c.frame_timestamp.desc(), _TABLE.c.id.desc())
    .limit(1)
)


def latest_of_truck(connection: Connection, truck_id: int) -> Row[Any] | None:
    """The newest frame of a truck, safe or alert, with its image."""
    return connection.execute(_LATEST_OF_TRUCK, {"truck_id": truck_id}).first()
