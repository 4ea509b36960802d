"""Persistence of MAC player records, verdicts and preferences."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from argus.core.db import Database
from services.players.mac.lobby_store import bump_generation
from services.players.mac.models import PlayerRecord, Preference
from services.players.reputation.verdicts import PLAYER, Verdict, set_verdicts


async def write(database: Database, work: Callable[[AsyncSession], Awaitable[None]]) -> None:
    """Run `work` in a transaction; lost a race to insert the same row: run it once more."""
    for attempt in range(2):
        try:
            async with database.sessions.begin() as session:
                await work(session)
            return
        except IntegrityError:
            if attempt:
                raise


@dataclass
class PlayerData:
    """What the deployment remembers about one steamID64."""

    steam_id64: str
    name: str = ""
    previous_names: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    custom_data: dict[str, Any] = field(default_factory=dict)
    namespaces: dict[str, Any] = field(default_factory=dict)
    created: datetime | None = None
    modified: datetime | None = None
    last_seen: datetime | None = None
    local_verdict: str = PLAYER
    convicted: bool = False


@dataclass
class PlayerChange:
    """A validated update of one player: each field None when left alone."""

    verdict: str | bool | None = None
    tags: list[str] | None = None
    custom_data: dict[str, Any] | None = None
    namespaces: dict[str, dict[str, Any]] = field(default_factory=dict)


def _data(row: Any, steam_id64: str) -> PlayerData:
    """A player from a record row joined with its verdict (the row may be missing)."""
    data = PlayerData(steam_id64)
    if row is not None:
        data.name, data.previous_names = row.name, list(row.previous_names)
        data.tags, data.custom_data = list(row.tags), dict(row.custom_data)
        data.namespaces = dict(row.namespaces)
        data.created, data.modified, data.last_seen = row.created, row.modified, row.last_seen
        if row.local_verdict is not None:
            data.local_verdict, data.convicted = row.local_verdict, row.convicted
    return data


def _joined() -> Select[Any]:
    # Every verdict set here comes with a record, so records lead the join.
    records, verdicts = PlayerRecord.__table__, Verdict.__table__
    return select(records, verdicts.c.local_verdict, verdicts.c.convicted).outerjoin(
        verdicts, verdicts.c.steam_id64 == records.c.steam_id64
    )


async def load_players(session: AsyncSession, ids: Iterable[str]) -> dict[str, PlayerData]:
    """Records and verdicts of `ids`; ids never seen get an empty record."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    # Plain rows in one query, not ORM objects: this runs on every poll of the lobby.
    query = _joined().where(PlayerRecord.__table__.c.steam_id64.in_(wanted))
    rows = {row.steam_id64: row for row in await session.execute(query)}
    return {sid: _data(rows.get(sid), sid) for sid in wanted}


async def all_players(session: AsyncSession) -> list[PlayerData]:
    """Every player the deployment has a record of."""
    query = _joined().order_by(PlayerRecord.__table__.c.steam_id64)
    return [_data(row, row.steam_id64) for row in await session.execute(query)]


async def _records(session: AsyncSession, ids: list[str]) -> dict[str, PlayerRecord]:
    rows = await session.scalars(select(PlayerRecord).where(PlayerRecord.steam_id64.in_(ids)))
    return {row.steam_id64: row for row in rows}


def _new_record(steam_id64: str, now: datetime) -> PlayerRecord:
    return PlayerRecord(
        steam_id64=steam_id64,
        name="",
        previous_names=[],
        tags=[],
        custom_data={},
        namespaces={},
        created=now,
        modified=now,
    )


async def remember_seen(session: AsyncSession, seen: dict[str, str]) -> None:
    """Record that each steamID64 was just seen with its name (every name is kept)."""
    if not seen:
        return
    now = datetime.now(UTC)
    records = await _records(session, list(seen))
    changed = False
    for steam_id64, name in seen.items():
        record = records.get(steam_id64)
        if record is None:
            record = _new_record(steam_id64, now)
            session.add(record)
            changed = True
        if name and record.name != name:
            record.name = name
            record.modified = now
            changed = True
        if name and name not in record.previous_names:
            record.previous_names = [*record.previous_names, name]
        record.last_seen = now
    if changed:  # last_seen alone does not show in the lobby
        await bump_generation(session)


async def apply_changes(session: AsyncSession, changes: dict[str, PlayerChange]) -> None:
    """Store validated player updates: verdicts, tags, custom data and merged namespaces."""
    now = datetime.now(UTC)
    records = await _records(session, list(changes))
    verdicts: dict[str, str | bool] = {}
    for steam_id64, change in changes.items():
        if change.verdict is not None:
            verdicts[steam_id64] = change.verdict
        record = records.get(steam_id64)
        if record is None:
            record = _new_record(steam_id64, now)
            session.add(record)
        if change.tags is not None:
            record.tags = change.tags
        if change.custom_data is not None:
            record.custom_data = {**record.custom_data, **change.custom_data}
        if change.namespaces:
            merged = dict(record.namespaces)
            for namespace, values in change.namespaces.items():
                merged[namespace] = {**merged.get(namespace, {}), **values}
            record.namespaces = merged
        record.modified = now
    await set_verdicts(session, verdicts)
    await bump_generation(session)


async def load_prefs(session: AsyncSession) -> list[Preference]:
    return list(await session.scalars(select(Preference)))


Merge = Callable[[str, str, Any, Any], Any]


async def save_prefs(
    session: AsyncSession, changes: dict[str, dict[str, Any]], client: str, merge: Merge
) -> None:
    """Store preference values merged over the stored ones (None: removed), and who set them."""
    now = datetime.now(UTC)
    for namespace, values in changes.items():
        for key, value in values.items():
            row = await session.get(Preference, (namespace, key), with_for_update=True)
            merged = merge(namespace, key, row.value if row is not None else None, value)
            if merged is None:
                if row is not None:
                    await session.delete(row)
                continue
            if row is None:
                row = Preference(namespace=namespace, key=key)
                session.add(row)
            row.value, row.set_by, row.modified = merged, client, now


async def load_pref(session: AsyncSession, namespace: str, key: str) -> Any:
    row = await session.get(Preference, (namespace, key))
    return row.value if row is not None else None
