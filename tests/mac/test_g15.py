"""g15_dumpplayer output on the status route: teams, scores, deaths, alive and ping."""

from __future__ import annotations

from tests.mac.conftest import MacStack, post_status
from tests.mac.status_samples import CASUAL, CASUAL_G15, full_lobby, steam_id

BOB, ABC, QUOTE, LUKASZ = steam_id(123456789), steam_id(2), steam_id(3), steam_id(1000)


def in_game(game: dict[str, object]) -> dict[str, dict[str, object]]:
    players = game["players"]
    assert isinstance(players, list)
    return {p["steamID64"]: p["gameInfo"] for p in players}


async def test_a_g15_dump_after_the_status_text_fills_teams_scores_and_who_is_alive(
    mac: MacStack,
) -> None:
    understood = await post_status(mac, CASUAL + CASUAL_G15)
    assert understood["skipped"] == []
    game = (await mac.http.get("/mac/game/v1")).json()
    info = in_game(game)
    assert (info[BOB]["team"], info[BOB]["kills"], info[BOB]["deaths"]) == (2, 7, 3)
    assert (info[BOB]["alive"], info[BOB]["ping"], info[BOB]["time"]) == (True, 61, 3753)
    assert (info[ABC]["team"], info[ABC]["kills"], info[ABC]["alive"]) == (3, 2, False)
    assert (info[QUOTE]["team"], info[LUKASZ]["team"]) == (3, 1)
    assert game["map"] == "pl_badwater" and len(info) == 4


async def test_a_g15_dump_alone_updates_the_lobby_the_status_text_made(mac: MacStack) -> None:
    await post_status(mac, CASUAL)
    assert {i["team"] for i in in_game((await mac.http.get("/mac/game/v1")).json()).values()} == {0}
    understood = await post_status(mac, CASUAL_G15)
    assert understood["skipped"] == []
    game = (await mac.http.get("/mac/game/v1")).json()
    info = in_game(game)
    assert game["hostname"].startswith("Valve Matchmaking Server")
    assert (game["map"], game["maxPlayers"]) == ("pl_badwater", 24)
    assert {sid: i["team"] for sid, i in info.items()} == {BOB: 2, ABC: 3, QUOTE: 3, LUKASZ: 1}
    assert (info[BOB]["kills"], info[BOB]["time"], info[BOB]["userid"]) == (7, 3753, "345")
    assert all(i["state"] != "Disconnected" for i in info.values())


async def test_a_g15_dump_on_an_empty_lobby_brings_its_players(mac: MacStack) -> None:
    await post_status(mac, CASUAL_G15)
    game = (await mac.http.get("/mac/game/v1")).json()
    players = {p["steamID64"]: p for p in game["players"]}
    assert set(players) == {BOB, ABC, QUOTE, LUKASZ}
    assert players[QUOTE]["name"] == 'He said "hi"'
    assert players[BOB]["gameInfo"]["userid"] == "345"


async def test_g15_lines_that_make_no_sense_are_skipped_not_believed(mac: MacStack) -> None:
    broken = "\n".join(
        [
            "m_iTeam[1] integer (7)",
            "m_iScore[500] integer (3)",
            "m_bAlive[1] bool (maybe)",
            "m_iPing[1] integer (99999999999)",
            "m_iScore[2] integer (4294967295)",
            "m_iDeaths[2] integer (²)",
            "m_iAccountID[3] integer (4294967296)",
        ]
    )
    understood = await post_status(mac, full_lobby(2) + "\n" + CASUAL_G15 + broken)
    assert understood["skipped"] == broken.splitlines()
