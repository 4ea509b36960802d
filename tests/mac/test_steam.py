"""Steam profiles and bans: batched by 100, cached, and the lobby's view without a key."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.mac.conftest import mac_stack, post_status
from tests.mac.status_samples import full_lobby, steam_id
from tests.mac.steam_server import fake_steam
from tests.support.databases import TestDatabase

SUMMARIES = "/ISteamUser/GetPlayerSummaries/v0002/"
BANS = "/ISteamUser/GetPlayerBans/v1/"


async def test_steam_info_is_fetched_in_batches_of_100_and_cached(
    sqlite_db: TestDatabase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with fake_steam() as steam:
        settings = {"steam_api_key": "test-key", "steam_api_base_url": steam.url}
        async with mac_stack(tmp_path, sqlite_db, **settings) as mac:
            await post_status(mac, full_lobby(150, first_account=20_000))
            assert sorted((path, len(ids)) for path, ids in steam.requests) == [
                (BANS, 50),
                (BANS, 100),
                (SUMMARIES, 50),
                (SUMMARIES, 100),
            ]
            assert steam.keys == {"test-key"}
            await post_status(mac, full_lobby(150, first_account=20_000))
            assert len(steam.requests) == 4

            game = (await mac.http.get("/mac/game/v1")).json()
            assert len(game["players"]) == 150
            banned = next(p for p in game["players"] if p["steamID64"] == steam_id(20_005))
            info = banned["steamInfo"]
            assert info["name"] == f"steam-{steam_id(20_005)[-4:]}"
            assert info["pfp"] == f"https://avatars.example/{steam_id(20_005)}_full.jpg"
            assert info["profileVisibility"] == "Public"
            assert (info["timeCreated"], info["countryCode"]) == (1262304000, "DE")
            assert (info["vacBans"], info["gameBans"], info["daysSinceLastBan"]) == (1, 0, 42)
            assert info["fetched"].endswith("Z")
            assert banned["name"] == "Player number 5"
            clean = next(p for p in game["players"] if p["steamID64"] == steam_id(20_006))
            assert clean["steamInfo"]["daysSinceLastBan"] is None
            assert clean["steamInfo"]["profileVisibility"] == "Private"
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("aiohttp")]
    assert ours and not any("test-key" in message for message in ours)


async def test_an_unreachable_steam_api_leaves_the_lobby_usable(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    settings = {"steam_api_key": "k", "steam_api_base_url": "http://127.0.0.1:9"}
    async with mac_stack(tmp_path, sqlite_db, **settings) as mac:
        await post_status(mac, full_lobby(3))
        game = (await mac.http.get("/mac/game/v1")).json()
        assert [p["steamInfo"]["name"] for p in game["players"]] == [
            "Player number 0",
            "Player number 1",
            "Player number 2",
        ]
        assert all(p["steamInfo"]["fetched"] is None for p in game["players"])


async def test_without_a_deployment_key_the_key_the_client_set_in_its_prefs_is_used(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with fake_steam() as steam:
        async with mac_stack(tmp_path, sqlite_db, steam_api_base_url=steam.url) as mac:
            await post_status(mac, full_lobby(2))
            assert steam.requests == []
            prefs = {"internal": {"steamApiKey": "users-own-key"}}
            assert (await mac.http.put("/mac/pref/v1", json=prefs)).status_code == 200
            await post_status(mac, full_lobby(2))
            assert steam.keys == {"users-own-key"}
            game = (await mac.http.get("/mac/game/v1")).json()
            assert all(p["steamInfo"]["fetched"] for p in game["players"])
