"""Jetson devices: each identified by its MAC and bound to one truck."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import inserted
from services.fleet.accounts.models import Device


async def create(
    *,
    session: AsyncSession,
    mac: str,
    password_hash: str,
    name: str,
    truck_id: int,
    approved: bool = True,
) -> Device:
    device = Device(
        mac=mac, password_hash=password_hash, name=name, truck_id=truck_id, approved=approved
    )
    return await inserted(session, device)


async def get(*, session: AsyncSession, device_id: int) -> Device | None:
    return await session.get(Device, device_id)


async def get_by_mac(*, session: AsyncSession, mac: str) -> Device | None:
    return await session.scalar(select(Device).where(Device.mac == mac))


async def by_truck(*, session: AsyncSession, truck_ids: Iterable[int]) -> dict[int, Device]:
    """The device of each given truck."""
    rows = await session.scalars(select(Device).where(Device.truck_id.in_(list(truck_ids))))
    return {device.truck_id: device for device in rows}
