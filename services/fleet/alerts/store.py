"""Driver-behaviour alerts of trucks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import inserted
from services.fleet.alerts.models import Alert, AlertCount
from services.fleet.paging import Page, paginate


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


async def close(*, session: AsyncSession, alert_id: int, alert_end: datetime) -> bool:
    """Close an open alert; False when it was not open (one UPDATE, so racing closes agree)."""
    result = await session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.started.is_(True))
        .values(started=False, alert_end=alert_end)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(result, "rowcount", 0))


async def list_page(
    *, session: AsyncSession, where: AlertFilter, page: int, per_page: int
) -> Page[Alert]:
    """Alerts matching `where`, newest first."""
    query = select(Alert)
    if where.behavior is not None:
        query = query.where(Alert.behavior == where.behavior)
    if where.since is not None:
        query = query.where(Alert.alert_init >= where.since)
    if where.started is not None:
        query = query.where(Alert.started.is_(where.started))
    if where.truck_id is not None:
        query = query.where(Alert.truck_id == where.truck_id)
    query = query.order_by(Alert.alert_init.desc(), Alert.id.desc())
    count = _kept_count(where) if where.since is None else None
    return await paginate(session, query=query, page=page, per_page=per_page, count=count)


def _kept_count(where: AlertFilter) -> Select[Any]:
    """The number of matching alerts from the counts the database keeps (no `since`)."""
    query = select(func.coalesce(func.sum(AlertCount.n), 0))
    if where.behavior is not None:
        query = query.where(AlertCount.behavior == where.behavior)
    if where.started is not None:
        query = query.where(AlertCount.started.is_(where.started))
    if where.truck_id is not None:
        query = query.where(AlertCount.truck_id == where.truck_id)
    return query


async def count_open(*, session: AsyncSession) -> int:
    query = select(func.count()).select_from(Alert).where(Alert.started.is_(True))
    return int(await session.scalar(query) or 0)


async def latest_by_truck(*, session: AsyncSession, truck_ids: Iterable[int]) -> dict[int, Alert]:
    """The newest alert of each given truck that has one."""
    ids = [*truck_ids]
    if not ids:
        return {}
    newest = (
        select(
            Alert.id,
            func.row_number()
            .over(partition_by=Alert.truck_id, order_by=(Alert.alert_init.desc(), Alert.id.desc()))
            .label("rank"),
        )
        .where(Alert.truck_id.in_(ids))
        .subquery()
    )
    rows = await session.scalars(
        select(Alert).join(newest, newest.c.id == Alert.id).where(newest.c.rank == 1)
    )
    return {alert.truck_id: alert for alert in rows}
