"""Persistence of DFairPlay sessions and their players."""

from __future__ import annotations

from sqlalchemy import and_, delete, exists, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.upsert import upsert
from services.players.fairplay.models import FairPlaySession, SessionPlayer
from services.players.reputation.clients import FairPlayClient
from services.players.reputation.incidents import Incident


async def create_session(
    session: AsyncSession, *, token_hash: str, game: str, now: float, expires_at: float
) -> None:
    session.add(
        FairPlaySession(token_hash=token_hash, game=game, created_at=now, expires_at=expires_at)
    )
    await session.flush()


async def touch(
    session: AsyncSession, token_hash: str, *, now: float, expires_at: float
) -> int | None:
    """Renew a live session and return its id; None when it is unknown or expired."""
    renewed = await session.execute(
        update(FairPlaySession)
        .where(FairPlaySession.token_hash == token_hash, FairPlaySession.expires_at > now)
        .values(expires_at=expires_at)
        .returning(FairPlaySession.id)
    )
    return renewed.scalar_one_or_none()


async def forget(session: AsyncSession, token_hash: str) -> bool:
    """Delete a session by its token (its players go with it); False when there was none."""
    result = await session.execute(
        delete(FairPlaySession).where(FairPlaySession.token_hash == token_hash)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def delete_session(session: AsyncSession, session_id: int) -> bool:
    result = await session.execute(delete(FairPlaySession).where(FairPlaySession.id == session_id))
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def lookup_player(
    session: AsyncSession, session_id: int, player_id: int, *, ip: str, now: float
) -> tuple[str | None, bool]:
    """In one query: the ip the session holds for the player (None when absent), and whether
    a live fair-play client registration announces `ip`."""
    known_ip = (
        select(SessionPlayer.ip)
        .where(SessionPlayer.session_id == session_id, SessionPlayer.player_id == player_id)
        .scalar_subquery()
    )
    uses_client = exists().where(FairPlayClient.ip == ip, FairPlayClient.expires_at > now)
    row = (await session.execute(select(known_ip, uses_client))).one()
    return row[0], bool(row[1])


async def count_players(session: AsyncSession, session_id: int) -> int:
    query = select(func.count()).where(SessionPlayer.session_id == session_id)
    return int((await session.execute(query)).scalar_one())


async def put_player(
    session: AsyncSession, session_id: int, player_id: int, *, ip: str, now: float
) -> None:
    """Add a player, or give an existing one its new ip (and a fresh added time)."""
    values = {"session_id": session_id, "player_id": player_id, "ip": ip, "added_at": now}
    await session.execute(upsert(session, SessionPlayer, values, keys=("session_id", "player_id")))


async def delete_player(session: AsyncSession, session_id: int, player_id: int) -> bool:
    result = await session.execute(
        delete(SessionPlayer).where(
            SessionPlayer.session_id == session_id, SessionPlayer.player_id == player_id
        )
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


async def standing(
    session: AsyncSession, session_id: int, *, lookback: float, now: float
) -> tuple[set[int], dict[int, set[str]]]:
    """In one query: the ids of the session's players whose ip has incidents since `lookback`
    seconds before they were added, and the account ids of the live fair-play clients on the
    ip of each other player."""
    incident = exists().where(
        Incident.ip == SessionPlayer.ip, Incident.occurred_at >= SessionPlayer.added_at - lookback
    )
    client = and_(
        FairPlayClient.ip == SessionPlayer.ip,
        FairPlayClient.expires_at > now,
        FairPlayClient.account_id.is_not(None),
    )
    query = (
        select(SessionPlayer.player_id, incident, FairPlayClient.account_id)
        .outerjoin(FairPlayClient, client)
        .where(SessionPlayer.session_id == session_id)
    )
    with_incidents: set[int] = set()
    accounts: dict[int, set[str]] = {}
    for player_id, has_incident, account_id in await session.execute(query):
        if has_incident:
            with_incidents.add(player_id)
        elif account_id:
            accounts.setdefault(player_id, set()).add(account_id)
    return with_incidents, accounts


async def delete_expired(session: AsyncSession, *, now: float) -> int:
    """Delete expired sessions (their players go with them); returns how many."""
    result = await session.execute(delete(FairPlaySession).where(FairPlaySession.expires_at <= now))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def count_open(session: AsyncSession, *, now: float) -> int:
    query = select(func.count()).where(FairPlaySession.expires_at > now)
    return int((await session.execute(query)).scalar_one())


async def list_open(
    session: AsyncSession, *, now: float, limit: int
) -> list[tuple[FairPlaySession, list[SessionPlayer]]]:
    """The newest `limit` live sessions, each with its players in the order they were added."""
    query = (
        select(FairPlaySession)
        .where(FairPlaySession.expires_at > now)
        .order_by(FairPlaySession.id.desc())
        .limit(limit)
    )
    sessions = list((await session.execute(query)).scalars())
    players: dict[int, list[SessionPlayer]] = {s.id: [] for s in sessions}
    if players:
        rows = await session.execute(
            select(SessionPlayer)
            .where(SessionPlayer.session_id.in_(players))
            .order_by(SessionPlayer.added_at, SessionPlayer.player_id)
        )
        for player in rows.scalars():
            players[player.session_id].append(player)
    return [(s, players[s.id]) for s in sessions]
