"""The Steam profile cache: rows of the players database, refetched once they expire."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.upsert import upsert
from services.players.mac.lobby_store import bump_generation
from services.players.mac.models import SteamProfile
from services.players.mac.steam import SteamInfo

_FIELDS = {f.name for f in fields(SteamInfo)}


def _info(data: dict[str, Any]) -> SteamInfo:
    return SteamInfo(**{key: value for key, value in data.items() if key in _FIELDS})


async def load(session: AsyncSession, ids: Iterable[str]) -> dict[str, SteamInfo]:
    """What is cached of `ids`, expired or not (stale beats nothing while Steam is away)."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    query = select(SteamProfile.steam_id64, SteamProfile.info)
    rows = await session.execute(query.where(SteamProfile.steam_id64.in_(wanted)))
    return {sid: _info(info) for sid, info in rows}


async def fresh(session: AsyncSession, ids: Iterable[str], since: float) -> set[str]:
    """The ids among `ids` fetched at or after `since`."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return set()
    query = select(SteamProfile.steam_id64).where(
        SteamProfile.steam_id64.in_(wanted), SteamProfile.fetched_at >= since
    )
    return set(await session.scalars(query))


async def save(session: AsyncSession, infos: dict[str, SteamInfo], fetched_at: float) -> None:
    if not infos:
        return
    rows = [
        {"steam_id64": sid, "info": asdict(info), "fetched_at": fetched_at}
        for sid, info in infos.items()
    ]
    await session.execute(upsert(session, SteamProfile, rows, keys=["steam_id64"]))
    await bump_generation(session)
