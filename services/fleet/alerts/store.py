"""Driver-behaviour alerts of trucks."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, Table, bindparam, func, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import inserted
from services.fleet.alerts.models import Alert, AlertCount
from services.fleet.paging import Page, filtered_page

_ALERTS: Table = Alert.__table__  # type: ignore[assignment]
_COUNTS: Table = AlertCount.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class AlertFilter:
    """What `list` may filter on; unset fields do not filter."""

    behavior: str | None = None
    since: datetime | None = None
    started: bool | None = None
    truck_id: int | None = None


async def create(
    *, session: AsyncSession, truck_id: int, behavior: str, alert_init: datetime
) -> Alert:
    alert = Alert(truck_id=truck_id, behavior=behavior, alert_init=alert_init, started=True)
    return await inserted(session, alert)


async def get(*, session: AsyncSession, alert_id: int) -> Alert | None:
    return await session.get(Alert, alert_id)


_EXISTS = select(_ALERTS.c.id).where(_ALERTS.c.id == bindparam("id"))


def exists(connection: Connection, alert_id: int) -> bool:
    return connection.execute(_EXISTS, {"id": alert_id}).first() is not None


async def close(*, session: AsyncSession, alert_id: int, alert_end: datetime) -> bool:
    """Close an open alert; False when it was not open (one UPDATE, so racing closes agree)."""
    result = await session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.started.is_(True))
        .values(started=False, alert_end=alert_end)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0))


def list_page(
    connection: Connection, where: AlertFilter, page: int, per_page: int
) -> Page[Row[Any]]:
    """Alerts matching `where`, newest first: rows with the alert's columns as attributes."""
    return filtered_page(connection, where, _page_statements, page=page, per_page=per_page)


@functools.cache
def _page_statements(filters: frozenset[str]) -> tuple[Select[Any], Select[Any]]:
    """The page and count statements of a set of AlertFilter fields, built once each (their
    compiled forms are then found without computing a cache key per call); values are bound."""
    query = select(_ALERTS)
    for name in sorted(filters):
        if name == "since":
            query = query.where(_ALERTS.c.alert_init >= bindparam(name))
        else:
            query = query.where(_ALERTS.c[name] == bindparam(name))
    if "since" in filters:
        # Counted from the rows; without `since`, from the counts the database keeps.
        count = select(func.count()).select_from(query.subquery())
    else:
        count = select(func.coalesce(func.sum(_COUNTS.c.n), 0))
        for name in sorted(filters):
            count = count.where(_COUNTS.c[name] == bindparam(name))
    query = (
        query.order_by(_ALERTS.c.alert_init.desc(), _ALERTS.c.id.desc())
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )
    return query, count


async def count_open(*, session: AsyncSession) -> int:
    query = select(func.count()).select_from(Alert).where(Alert.started.is_(True))
    return int(await session.scalar(query) or 0)


_NEWEST = (
    select(
        _ALERTS.c.id,
        func.row_number()
        .over(
            partition_by=_ALERTS.c.truck_id,
            order_by=(_ALERTS.c.alert_init.desc(), _ALERTS.c.id.desc()),
        )
        .label("rank"),
    )
    .where(_ALERTS.c.truck_id.in_(bindparam("ids", expanding=True)))
    .subquery()
)
_LATEST_BY_TRUCK = (
    select(_ALERTS).join(_NEWEST, _NEWEST.c.id == _ALERTS.c.id).where(_NEWEST.c.rank == 1)
)


def latest_by_truck(connection: Connection, truck_ids: Sequence[int]) -> dict[int, Row[Any]]:
    """The newest alert (a row) of each given truck that has one."""
    if not truck_ids:
        return {}
    rows = connection.execute(_LATEST_BY_TRUCK, {"ids": list(truck_ids)})
    return {row.truck_id: row for row in rows}
