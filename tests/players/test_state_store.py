"""MAC and HALP state in the players database, shared correctly by two replicas."""

from __future__ import annotations

import asyncio
import time

import pytest

from argus.core.db import Database
from argus.core.errors import NotFound
from services.players.halp.uploads import Uploads
from services.players.mac import commands, lobby_store, steam_cache
from services.players.mac.lobby import Departure, Lobby, Member
from services.players.mac.lobby_types import GameInfo, LobbyPlayer, Snapshot
from services.players.mac.steam import SteamInfo

CLIENT = "t-0123456789abcdef"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 64


def sid(n: int) -> str:
    return str(76561198000000000 + n)


async def test_commands_queued_once_are_drained_exactly_once_by_two_replicas(
    replicas: tuple[Database, Database],
) -> None:
    first, second = replicas
    queued = [{"say": f"message {n}"} for n in range(200)]
    for start in range(0, 200, 20):
        await commands.queue(first, CLIENT, queued[start : start + 20], limit=1000)

    async def drain(database: Database) -> list[list[dict[str, object]]]:
        batches = []
        while batch := await commands.drain(database, CLIENT, 7):
            batches.append(batch)
        return batches

    results = await asyncio.gather(*(drain(db) for db in (first, second, first, second)))
    drained = [command for batches in results for batch in batches for command in batch]
    assert sorted(drained, key=lambda c: int(str(c["say"]).split()[1])) == queued
    for batches in results:  # each drain hands its commands out oldest first
        numbers = [int(str(c["say"]).split()[1]) for batch in batches for c in batch]
        assert numbers == sorted(numbers)
    assert await commands.drain(second, CLIENT, 0) == []


async def test_the_oldest_commands_drop_beyond_the_queue_limit_and_clients_stay_apart(
    replicas: tuple[Database, Database],
) -> None:
    first, second = replicas
    await commands.queue(first, CLIENT, [{"say": "one"}, {"say": "two"}], limit=2)
    await commands.queue(second, CLIENT, [{"say": "three"}], limit=2)
    await commands.queue(second, "local", [{"say": "other client"}], limit=2)
    assert await commands.drain(second, CLIENT, 1) == [{"say": "two"}]
    assert await commands.drain(first, CLIENT, 0) == [{"say": "three"}]
    assert await commands.drain(first, "local", 0) == [{"say": "other client"}]


def _join(name: int) -> object:
    def mutate(lobby: Lobby) -> list[Departure]:
        player = LobbyPlayer(sid(name), f"p{name}", GameInfo())
        lobby.members[player.steam_id64] = Member(player)
        return []

    return mutate


async def test_concurrent_lobby_changes_through_two_replicas_lose_nothing(
    replicas: tuple[Database, Database],
) -> None:
    changes = [
        lobby_store.change(replicas[n % 2], CLIENT, 60, _join(n))  # type: ignore[arg-type]
        for n in range(20)
    ]
    await asyncio.gather(*changes)
    async with replicas[1].sessions() as session:
        lobby, stamp = await lobby_store.load(session, CLIENT, 60)
    assert sorted(lobby.members) == sorted(sid(n) for n in range(20))
    assert stamp.version == 20


async def test_departures_land_in_the_history_newest_first_and_change_the_etag(
    replicas: tuple[Database, Database],
) -> None:
    first, second = replicas
    players = [LobbyPlayer(sid(n), f"p{n}", GameInfo()) for n in range(3)]
    for present in (players, players[1:], players[2:], []):
        snapshot = Snapshot(hostname="h", players=list(present))
        await lobby_store.change(first, CLIENT, 0, lambda lobby, s=snapshot: lobby.apply(s, 1.0))
    async with second.engine.connect() as connection:
        before = await lobby_store.stamp(connection, CLIENT)
    async with second.sessions() as session:
        departed = await lobby_store.history(session, CLIENT, 0, 10)
        assert [d.player.name for d in departed] == ["p2", "p1", "p0"]
        assert [d.player.name for d in await lobby_store.history(session, CLIENT, 1, 2)] == ["p1"]
    async with first.sessions.begin() as session:
        await lobby_store.bump_generation(session)
    async with second.engine.connect() as connection:
        assert (await lobby_store.stamp(connection, CLIENT)).etag != before.etag


async def test_steam_profiles_are_shared_and_expire_by_their_fetch_time(
    replicas: tuple[Database, Database],
) -> None:
    first, second = replicas
    now = time.time()
    async with first.sessions.begin() as session:
        await steam_cache.save(session, {sid(1): SteamInfo(name="old", fetched=1)}, now - 100)
        await steam_cache.save(session, {sid(2): SteamInfo(name="new", fetched=2)}, now)
    async with second.sessions() as session:
        assert await steam_cache.fresh(session, [sid(1), sid(2), sid(3)], now - 50) == {sid(2)}
        cached = await steam_cache.load(session, [sid(1), sid(2), sid(3)])
    assert {k: v.name for k, v in cached.items()} == {sid(1): "old", sid(2): "new"}


async def test_an_upload_stored_through_one_replica_is_read_through_the_other(
    replicas: tuple[Database, Database],
) -> None:
    first, second = replicas
    name = await Uploads(first).save(PNG, "playerlist")
    assert await Uploads(second).read(name) == (PNG, "image/png")
    await Uploads(second).delete(name)
    with pytest.raises(NotFound):
        await Uploads(first).read(name)
