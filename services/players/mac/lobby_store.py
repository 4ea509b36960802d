"""Persistence of each client's lobby and its history, shared by every players replica.

A lobby is one row; writers read it, change it and write it back only if its `version` is
still the one they read (optimistic concurrency), else they start over. The `version` and the
shared generation counter (bumped by every change of player records, verdicts and Steam
profiles) make the lobby's ETag.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from argus.core.db import Database
from argus.core.errors import Unavailable
from services.players.mac import lobby_codec
from services.players.mac.lobby import Departure, Lobby
from services.players.mac.lobby_types import GameInfo, LobbyPlayer
from services.players.mac.models import Generation, HistoryRow, LobbyRow

ATTEMPTS = 8


@dataclass(frozen=True)
class Stamp:
    """What the lobby's ETag is made of, and when the lobby must next change by itself."""

    version: int
    generation: int
    expires_at: float | None

    @property
    def etag(self) -> str:
        return f"{self.version}-{self.generation}"


class _Conflict(Exception):
    """Another writer changed the lobby since it was read."""


async def bump_generation(session: AsyncSession) -> None:
    """Shared player data changed: every lobby's ETag changes with it."""
    await session.execute(
        update(Generation).where(Generation.id == 1).values(value=Generation.value + 1)
    )


async def stamp(connection: AsyncConnection, client: str) -> Stamp:
    """The lobby's version and the generation, in one query (this runs on every poll)."""
    query = select(Generation.value, LobbyRow.version, LobbyRow.expires_at).outerjoin(
        LobbyRow, LobbyRow.client == client
    )
    row = (await connection.execute(query.where(Generation.id == 1))).one()
    return Stamp(row.version or 0, row.value, row.expires_at)


async def load(session: AsyncSession, client: str, grace_seconds: float) -> tuple[Lobby, Stamp]:
    """The client's lobby; the stamp is read first, so the lobby is never older than it."""
    generation = (await session.execute(select(Generation.value))).scalar_one()
    query = select(LobbyRow.version, LobbyRow.state, LobbyRow.expires_at)
    row = (await session.execute(query.where(LobbyRow.client == client))).one_or_none()
    if row is None:
        return lobby_codec.decode(None, grace_seconds), Stamp(0, generation, None)
    lobby = lobby_codec.decode(row.state, grace_seconds)
    return lobby, Stamp(row.version, generation, row.expires_at)


def _history_row(client: str, departure: Departure) -> dict[str, Any]:
    player = departure.player
    return {
        "client": client,
        "steam_id64": player.steam_id64,
        "name": player.name,
        "game_info": asdict(player.game_info),
        "left_at": datetime.fromtimestamp(departure.left_at, UTC),
    }


async def _write(
    session: AsyncSession, client: str, lobby: Lobby, read_version: int, departures: list[Departure]
) -> None:
    values = {
        "version": read_version + 1,
        "state": lobby_codec.encode(lobby),
        "expires_at": lobby.next_expiry(),
        "modified": datetime.now(UTC),
    }
    if read_version == 0:
        await session.execute(insert(LobbyRow).values(client=client, **values))
    else:
        result = await session.execute(
            update(LobbyRow)
            .where(LobbyRow.client == client, LobbyRow.version == read_version)
            .values(**values)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise _Conflict
    if departures:
        await session.execute(insert(HistoryRow), [_history_row(client, d) for d in departures])


async def change(
    database: Database,
    client: str,
    grace_seconds: float,
    mutate: Callable[[Lobby], list[Departure]],
) -> Lobby:
    """Apply `mutate` to the stored lobby; its departures go to the history in the same
    transaction. Lost a race with another writer: read again and redo."""
    for attempt in range(ATTEMPTS):
        try:
            async with database.sessions.begin() as session:
                lobby, read = await load(session, client, grace_seconds)
                departures = mutate(lobby)
                await _write(session, client, lobby, read.version, departures)
            return lobby
        except (_Conflict, IntegrityError):
            await asyncio.sleep(random.uniform(0, 0.01 * 2**attempt))
    raise Unavailable("the lobby is changing too fast; try again", reason="LOBBY_BUSY")


async def history(session: AsyncSession, client: str, start: int, end: int) -> list[Departure]:
    """Departures of the client's lobby, newest first, from index `start` to `end`."""
    if end <= start:
        return []
    query = (
        select(HistoryRow)
        .where(HistoryRow.client == client)
        .order_by(HistoryRow.id.desc())
        .offset(start)
        .limit(end - start)
    )
    return [
        Departure(
            LobbyPlayer(row.steam_id64, row.name, GameInfo(**row.game_info)),
            row.left_at.timestamp(),
        )
        for row in await session.scalars(query)
    ]


async def clients(session: AsyncSession, limit: int) -> list[tuple[str, datetime]]:
    """The clients with a stored lobby and when it last changed, latest first."""
    query = select(LobbyRow.client, LobbyRow.modified).order_by(LobbyRow.modified.desc())
    return [(row.client, row.modified) for row in await session.execute(query.limit(limit))]
