"""The web UI's lookup fetches Steam profiles it lacks; fetch times are ISO 8601."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

from services.players.mac.steam import SteamClient
from tests.mac.conftest import MacStack, mac_stack, post_status
from tests.mac.status_samples import CASUAL, steam_id
from tests.mac.steam_server import fake_steam
from tests.support.databases import TestDatabase

SUMMARIES = "/ISteamUser/GetPlayerSummaries/v0002/"


async def test_the_ui_lookup_fetches_steam_profiles_it_does_not_have_yet(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    strangers = [steam_id(5000 + i) for i in range(3)]
    async with fake_steam() as steam:
        settings = {"steam_api_key": "k", "steam_api_base_url": steam.url}
        async with mac_stack(tmp_path, sqlite_db, **settings) as mac:
            response = await mac.http.post("/mac/user/v1", json={"users": strangers})
            assert response.status_code == 200
            players = response.json()
            assert [p["steamID64"] for p in players] == strangers
            first = players[0]["steamInfo"]
            assert first["name"] == f"steam-{strangers[0][-4:]}"
            assert first["pfp"] == f"https://avatars.example/{strangers[0]}_full.jpg"
            assert players[0]["name"] == first["name"]  # never seen in game: the Steam name
            assert sorted(path for path, _ in steam.requests) == sorted(
                [SUMMARIES, "/ISteamUser/GetPlayerBans/v1/"]
            )

            again = await mac.http.post("/mac/user/v1", json={"users": strangers[:2]})
            assert [p["steamInfo"]["name"] for p in again.json()] == [
                p["steamInfo"]["name"] for p in players[:2]
            ]
            assert len(steam.requests) == 2  # fresh in the cache: not fetched again


async def test_stale_profiles_are_fetched_again_and_a_lookup_fetches_a_bounded_number(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    ids = [steam_id(7000 + i) for i in range(250)]
    async with fake_steam() as steam:
        settings = {
            "steam_api_key": "k",
            "steam_api_base_url": steam.url,
            "steam_cache_seconds": 0,
            "steam_max_fetch_per_lookup": 150,
        }
        async with mac_stack(tmp_path, sqlite_db, **settings) as mac:
            players = (await mac.http.post("/mac/user/v1", json={"users": ids})).json()
            assert len(players) == 250
            summaries = [len(batch) for path, batch in steam.requests if path == SUMMARIES]
            assert sorted(summaries) == [50, 100]
            assert sum(p["steamInfo"]["fetched"] is not None for p in players) == 150

            await mac.http.post("/mac/user/v1", json={"users": ids[:1]})
            assert [len(b) for p, b in steam.requests if p == SUMMARIES][-1] == 1


async def test_lookups_of_the_same_ids_at_once_fetch_them_once() -> None:
    ids = [steam_id(9000 + i) for i in range(5)]
    async with fake_steam() as steam:
        client = SteamClient(api_key="k", base_url=steam.url, timeout=5)
        try:
            every, some = await asyncio.gather(client.fetch(ids), client.fetch(ids[2:]))
        finally:
            await client.close()
        assert [(path, batch) for path, batch in steam.requests if path == SUMMARIES] == [
            (SUMMARIES, ids)
        ]
        assert list(every) == ids and sorted(some) == ids[2:]
        assert some[ids[3]] is every[ids[3]]


async def test_steam_fetch_times_are_iso_8601_date_times(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with fake_steam() as steam:
        settings = {"steam_api_key": "k", "steam_api_base_url": steam.url}
        async with mac_stack(tmp_path, sqlite_db, **settings) as mac:
            await post_status(mac, CASUAL)
            game = (await mac.http.get("/mac/game/v1")).json()
    for player in game["players"]:
        fetched = player["steamInfo"]["fetched"]
        assert isinstance(fetched, str) and fetched.endswith("Z")
        assert datetime.fromisoformat(fetched).year >= 2024
        assert datetime.fromisoformat(fetched).tzinfo == UTC


async def test_a_profile_never_fetched_has_no_fetch_time(mac: MacStack) -> None:
    await post_status(mac, CASUAL)
    game = (await mac.http.get("/mac/game/v1")).json()
    assert {p["steamInfo"]["fetched"] for p in game["players"]} == {None}


async def test_the_batches_of_a_lookup_go_to_steam_at_once() -> None:
    ids = [steam_id(11_000 + i) for i in range(150)]
    async with fake_steam() as steam:
        steam.hold_until = 4  # profiles and bans of both batches
        client = SteamClient(api_key="k", base_url=steam.url, timeout=10)
        try:
            fetched = await client.fetch(ids)
        finally:
            await client.close()
        assert steam.most_open == 4
        assert sorted(fetched) == sorted(ids)
