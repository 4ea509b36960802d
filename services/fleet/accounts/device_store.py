"""Jetson devices: each identified by its MAC and bound to one truck."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Table, bindparam, select
from sqlalchemy.engine import Connection
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


_DEVICES: Table = Device.__table__  # type: ignore[assignment]
_MACS = select(_DEVICES.c.truck_id, _DEVICES.c.mac).where(
    _DEVICES.c.truck_id.in_(bindparam("ids", expanding=True))
)


def macs_by_truck(connection: Connection, truck_ids: Sequence[int]) -> dict[int, str]:
    """The MAC of the device of each given truck that has one."""
    if not truck_ids:
        return {}
    rows = connection.execute(_MACS, {"ids": list(truck_ids)})
    return {int(truck_id): str(mac) for truck_id, mac in rows}


async def get(*, session: AsyncSession, device_id: int) -> Device | None:
    return await session.get(Device, device_id)


async def get_by_mac(*, session: AsyncSession, mac: str) -> Device | None:
    return await session.scalar(select(Device).where(Device.mac == mac))
