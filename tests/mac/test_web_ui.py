"""The MAC web UI's calls, replayed with their exact shapes against the gateway."""

from __future__ import annotations

import asyncio
from pathlib import Path

from argus.core.structs import from_struct
from argus.players.v1 import mac_pb2
from tests.mac.conftest import MacStack, mac_stack, post_status
from tests.mac.status_samples import CASUAL, steam_id
from tests.support.databases import TestDatabase

BOB = steam_id(123456789)
ABC = steam_id(2)
MAX_SAFE = 9007199254740991
PLAYER_KEYS = {
    "name",
    "steamID64",
    "isSelf",
    "localVerdict",
    "convicted",
    "tags",
    "previousNames",
    "friends",
    "friendsIsPublic",
    "customData",
    "steamInfo",
    "gameInfo",
}
STEAM_KEYS = {
    "name",
    "profileUrl",
    "pfp",
    "pfpHash",
    "profileVisibility",
    "timeCreated",
    "countryCode",
    "vacBans",
    "gameBans",
    "daysSinceLastBan",
    "fetched",
}
GAME_KEYS = {"userid", "team", "ping", "loss", "state", "kills", "deaths", "time", "lastSeen"}


async def test_a_new_user_posts_status_and_sees_the_lobby_in_the_ui_shape(mac: MacStack) -> None:
    understood = await post_status(mac, CASUAL, BOB)
    assert understood["skipped"] == []
    assert len(understood["understood"]["players"]) == 4

    response = await mac.http.get("/mac/game/v1")
    assert response.status_code == 200
    game = response.json()
    assert game["hostname"] == "Valve Matchmaking Server (Virginia srcds1002-iad1 #29)"
    assert (game["map"], game["ip"]) == ("pl_badwater", "169.254.188.37:19283")
    assert (game["maxPlayers"], game["numPlayers"]) == (24, 4)
    assert game["gamemode"] == {
        "type": "Payload",
        "game_type": "Payload",
        "matchmaking": True,
        "vanilla": True,
    }
    players = {p["steamID64"]: p for p in game["players"]}
    assert len(players) == 4
    bob = players[BOB]
    assert PLAYER_KEYS <= bob.keys()
    assert STEAM_KEYS <= bob["steamInfo"].keys()
    assert GAME_KEYS <= bob["gameInfo"].keys()
    assert bob["isSelf"] is True and players[ABC]["isSelf"] is False
    assert (bob["name"], bob["localVerdict"], bob["convicted"]) == ("Bob", "Player", False)
    assert bob["tags"] == ["Joining"]
    assert bob["previousNames"] == []
    assert bob["customData"] == {}
    assert bob["steamInfo"]["name"] == "Bob"
    assert bob["steamInfo"]["profileUrl"] == f"https://steamcommunity.com/profiles/{BOB}/"
    assert bob["gameInfo"]["userid"] == "345"
    assert bob["gameInfo"]["team"] == 0
    assert (bob["gameInfo"]["ping"], bob["gameInfo"]["time"]) == (65, 3753)
    assert bob["gameInfo"]["state"] == "Active"
    assert bob["gameInfo"]["disconnected"] is False


async def test_the_ui_marks_a_cheater_and_sees_it_in_game_lookup_and_player_list(
    mac: MacStack,
) -> None:
    await post_status(mac, CASUAL)
    update = {
        ABC: {"localVerdict": "Cheater", "customData": {"alias": "aimbot", "playerNote": "!"}}
    }
    response = await mac.http.put("/mac/user/v1", json=update)
    assert response.status_code == 200
    assert response.json() == {"errors": {}}

    game = (await mac.http.get("/mac/game/v1")).json()
    abc = next(p for p in game["players"] if p["steamID64"] == ABC)
    assert abc["localVerdict"] == "Cheater"
    assert abc["customData"] == {"alias": "aimbot", "playerNote": "!"}

    stranger = steam_id(777)
    looked_up = await mac.http.post("/mac/user/v1", json={"users": [ABC, stranger]})
    assert looked_up.status_code == 200
    players = looked_up.json()
    assert [p["steamID64"] for p in players] == [ABC, stranger]
    assert players[0]["localVerdict"] == "Cheater" and "gameInfo" in players[0]
    assert players[1]["localVerdict"] == "Player" and "gameInfo" not in players[1]

    records = (await mac.http.get("/mac/playerlist/v1")).json()
    by_id = {p["steamID64"]: p for p in records}
    assert set(by_id) == {ABC}
    assert by_id[ABC]["localVerdict"] == "Cheater"
    assert all("gameInfo" not in p for p in records)
    assert all(p["created"] and p["modified"] and p["lastSeen"] for p in records)


async def test_preferences_come_as_internal_and_external_and_take_partial_updates(
    mac: MacStack,
) -> None:
    prefs = (await mac.http.get("/mac/pref/v1")).json()
    assert prefs["internal"]["rconPort"] == 27015
    assert prefs["internal"]["friendsApiUsage"] == "CheatersOnly"
    assert prefs["external"] == {}

    change = {
        "internal": {"rconPort": 27016, "steamApiKey": "K3Y", "tosAgreementDate": "2024-01-01"},
        "external": {"theme": "dark", "columns": [1, 2]},
    }
    response = await mac.http.put("/mac/pref/v1", json=change)
    assert response.status_code == 200
    assert response.json() == {"changes": change, "errors": {}}

    prefs = (await mac.http.get("/mac/pref/v1")).json()
    assert prefs["internal"]["rconPort"] == 27016
    assert prefs["internal"]["steamApiKey"] == "K3Y"
    assert prefs["internal"]["dumbAutokick"] is False
    assert prefs["external"] == {"theme": "dark", "columns": [1, 2]}


def without_bob(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if '"Bob"' not in line)


async def test_a_player_missing_from_a_snapshot_shows_as_recently_disconnected(
    mac: MacStack,
) -> None:
    await post_status(mac, CASUAL)
    await post_status(mac, without_bob(CASUAL))
    game = (await mac.http.get("/mac/game/v1")).json()
    bob = next(p for p in game["players"] if p["steamID64"] == BOB)
    assert bob["tags"] == ["Recently Disconnected"]
    assert bob["gameInfo"]["state"] == "Disconnected"
    assert bob["gameInfo"]["disconnected"] is True
    assert all(p["tags"] == [] for p in game["players"] if p["steamID64"] != BOB)
    assert game["numPlayers"] == 4  # as the server's status line says


async def test_players_who_left_are_in_the_history_newest_first(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, sqlite_db, mac_disconnect_grace_seconds=0.1) as mac:
        await post_status(mac, CASUAL)
        await post_status(mac, without_bob(CASUAL))
        present = {BOB}
        while BOB in present:  # until the grace period is over
            await asyncio.sleep(0.05)
            game = (await mac.http.get("/mac/game/v1")).json()
            present = {p["steamID64"] for p in game["players"]}
        assert len(present) == 3
        history = await mac.http.get("/mac/history/v1", params={"from": 0, "to": MAX_SAFE})
        assert history.status_code == 200
        assert [p["steamID64"] for p in history.json()] == [BOB]
        assert history.json()[0]["name"] == "Bob"
        later = await mac.http.get("/mac/history/v1", params={"from": 1, "to": MAX_SAFE})
        assert later.json() == []


async def test_commands_are_queued_for_the_game_client_which_drains_them(mac: MacStack) -> None:
    commands = [
        {"kick": {"player": "345", "reason": "cheating"}},
        {"say": "gg"},
        {"sayTeam": "push cart"},
        {"custom": "tf_party_chat hi"},
    ]
    for command in commands:  # the UI sends one command per request
        response = await mac.http.post("/mac/commands/v1", json={"commands": [command]})
        assert response.status_code == 200
        assert response.json() == {"queued": 1}
    async with mac.stub() as stub:
        drained = await stub.DrainCommands(mac_pb2.DrainCommandsRequest())
        assert [from_struct(c) for c in drained.commands] == commands
        again = await stub.DrainCommands(mac_pb2.DrainCommandsRequest())
        assert list(again.commands) == []


async def test_the_ui_served_from_another_origin_gets_its_preflight_answered(
    mac: MacStack,
) -> None:
    response = await mac.http.options(
        "/mac/user/v1",
        headers={
            "origin": "http://localhost:5173",
            "access-control-request-method": "PUT",
            "access-control-request-headers": "content-type,authorization",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] in ("*", "http://localhost:5173")
    assert "PUT" in response.headers["access-control-allow-methods"]
