"""Trucks: one per registered device."""

from __future__ import annotations

from sqlalchemy import Table, bindparam, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import inserted
from services.fleet.accounts.models import Truck
from services.fleet.paging import Page, paginate


async def create(*, session: AsyncSession, name: str) -> Truck:
    return await inserted(session, Truck(name=name))


async def get(*, session: AsyncSession, truck_id: int) -> Truck | None:
    return await session.get(Truck, truck_id)


_TRUCKS: Table = Truck.__table__  # type: ignore[assignment]
_EXISTS = select(_TRUCKS.c.id).where(_TRUCKS.c.id == bindparam("id"))


def exists(connection: Connection, truck_id: int) -> bool:
    return connection.execute(_EXISTS, {"id": truck_id}).first() is not None


async def list_page(*, session: AsyncSession, page: int, per_page: int) -> Page[Truck]:
    """Trucks by id."""
    query = select(Truck).order_by(Truck.id)
    return await paginate(session, query=query, page=page, per_page=per_page)
