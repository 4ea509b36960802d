"""Trucks: one per registered device."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Table, bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import inserted
from services.fleet.accounts.models import Truck
from services.fleet.paging import Page, rows_page


async def create(*, session: AsyncSession, name: str) -> Truck:
    return await inserted(session, Truck(name=name))


async def get(*, session: AsyncSession, truck_id: int) -> Truck | None:
    return await session.get(Truck, truck_id)


_TRUCKS: Table = Truck.__table__  # type: ignore[assignment]
_EXISTS = select(_TRUCKS.c.id).where(_TRUCKS.c.id == bindparam("id"))


def exists(connection: Connection, truck_id: int) -> bool:
    return connection.execute(_EXISTS, {"id": truck_id}).first() is not None


_PAGE = select(_TRUCKS).order_by(_TRUCKS.c.id).limit(bindparam("limit")).offset(bindparam("offset"))
_COUNT = select(func.count()).select_from(_TRUCKS)


def list_page(connection: Connection, page: int, per_page: int) -> Page[Row[Any]]:
    """Trucks by id: rows with the truck's columns as attributes."""
    return rows_page(connection, query=_PAGE, count=_COUNT, params={}, page=page, per_page=per_page)
