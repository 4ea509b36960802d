"""Trucks: one per registered device."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.fleet.accounts.models import Truck
from services.fleet.paging import Page, paginate


async def create(*, session: AsyncSession, name: str) -> Truck:
    truck = Truck(name=name)
    session.add(truck)
    await session.flush()
    return truck


async def get(*, session: AsyncSession, truck_id: int) -> Truck | None:
    return await session.get(Truck, truck_id)


async def list_page(*, session: AsyncSession, page: int, per_page: int) -> Page[Truck]:
    """Trucks by id."""
    query = select(Truck).order_by(Truck.id)
    return await paginate(session, query=query, page=page, per_page=per_page)
