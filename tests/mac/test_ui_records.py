"""The player list and previous names, as the web UI shows them."""

from __future__ import annotations

from tests.mac.conftest import MacStack, post_status
from tests.mac.status_samples import CASUAL, steam_id

BOB, ABC, QUOTE, LUKASZ = steam_id(123456789), steam_id(2), steam_id(3), steam_id(1000)


async def test_the_player_list_holds_only_players_the_user_marked_or_wrote_about(
    mac: MacStack,
) -> None:
    await post_status(mac, CASUAL)
    assert (await mac.http.get("/mac/playerlist/v1")).json() == []
    updates = {
        ABC: {"localVerdict": "Cheater"},
        QUOTE: {"customData": {"playerNote": "calls hacks"}},
        LUKASZ: {"customData": {"alias": "", "playerNote": ""}},
    }
    assert (await mac.http.put("/mac/user/v1", json=updates)).json() == {"errors": {}}
    outsider = steam_id(4242)
    await mac.http.put("/mac/user/v1", json={outsider: {"customData": {"alias": "smurf"}}})
    await mac.http.put("/mac/user/v1", json={BOB: {"localVerdict": "Suspicious"}})
    await mac.http.put("/mac/user/v1", json={BOB: {"localVerdict": "Player"}})

    records = (await mac.http.get("/mac/playerlist/v1")).json()
    assert {p["steamID64"] for p in records} == {ABC, QUOTE, outsider}
    by_id = {p["steamID64"]: p for p in records}
    assert by_id[ABC]["localVerdict"] == "Cheater"
    assert by_id[QUOTE]["customData"] == {"playerNote": "calls hacks"}
    assert by_id[outsider]["customData"] == {"alias": "smurf"}


async def test_previous_names_hold_only_names_other_than_the_current_one(mac: MacStack) -> None:
    await post_status(mac, CASUAL)
    game = (await mac.http.get("/mac/game/v1")).json()
    assert [p["previousNames"] for p in game["players"]] == [[], [], [], []]

    await post_status(mac, CASUAL.replace('"Bob"', '"Bobby"'))
    await post_status(mac, CASUAL.replace('"Bob"', '"Robert"'))
    game = (await mac.http.get("/mac/game/v1")).json()
    bob = next(p for p in game["players"] if p["steamID64"] == BOB)
    assert (bob["name"], bob["previousNames"]) == ("Robert", ["Bob", "Bobby"])
    looked_up = (await mac.http.post("/mac/user/v1", json={"users": [BOB]})).json()
    assert looked_up[0]["previousNames"] == ["Bob", "Bobby"]
