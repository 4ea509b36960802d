"""The seed's v1 shapes: lookups, namespaced updates, preferences, verdict precedence."""

from __future__ import annotations

from pathlib import Path

from tests.mac.conftest import MacStack, mac_stack, post_status
from tests.mac.status_samples import CASUAL, steam_id
from tests.support.databases import TestDatabase

BOB, ABC, QUOTE = steam_id(123456789), steam_id(2), steam_id(3)
ABSENT = steam_id(4242)


async def test_put_lookup_answers_players_in_game_and_an_error_for_each_missing_one(
    mac: MacStack,
) -> None:
    await post_status(mac, CASUAL)
    body = {"steamID64": [BOB, ABSENT, "abc"], "name": ["a b c", "nobody"]}
    response = await mac.http.put("/mac/user/v1", json=body)
    assert response.status_code == 200
    answer = response.json()
    assert [p["steamID64"] for p in answer["players"]] == [BOB, ABC]
    assert answer["errors"] == {
        ABSENT: "Player not found in game.",
        "abc": "Invalid steamID64.",
        "nobody": "Player not found in game.",
    }
    assert answer["players"][0]["gameInfo"]["ping"] == 65


async def test_get_lookup_takes_query_parameters(mac: MacStack) -> None:
    await post_status(mac, CASUAL)
    response = await mac.http.get(
        "/mac/user/v1", params=[("steamID64", QUOTE), ("name", "Bob"), ("name", "ghost")]
    )
    assert response.status_code == 200
    answer = response.json()
    assert [p["name"] for p in answer["players"]] == ['He said "hi"', "Bob"]
    assert answer["errors"] == {"ghost": "Player not found in game."}


async def test_namespaced_updates_merge_and_come_back_under_their_namespace(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, db) as mac:
        await post_status(mac, CASUAL)
        first = {
            BOB: {
                "mac": {"verdict": "sus", "tags": ["Steam Friend"]},
                "anotherNamespace": {"customKey": "some custom value", "count": 1},
            },
            ABC: {"mac": {"tag": ["Suspicious"]}},
        }
        response = await mac.http.post("/mac/user/v1", json=first)
        assert response.status_code == 200
        assert response.json() == {"errors": {}}
        second = {BOB: {"anotherNamespace": {"count": 2, "more": {"nested": [1, "x"]}}}}
        assert (await mac.http.post("/mac/user/v1", json=second)).json() == {"errors": {}}

        answer = (await mac.http.put("/mac/user/v1", json={"steamID64": [BOB, ABC]})).json()
        bob, abc = answer["players"]
        assert bob["localVerdict"] == "Suspicious"
        assert bob["anotherNamespace"] == {
            "customKey": "some custom value",
            "count": 2,
            "more": {"nested": [1, "x"]},
        }
        assert bob["tags"] == ["Steam Friend", "Joining"]
        assert bob["mac"]["verdict"] == "Suspicious"
        assert abc["tags"] == ["Suspicious", "Joining"]
        assert abc["localVerdict"] == "Player"


async def test_updates_that_cannot_apply_are_reported_per_steam_id_and_the_rest_are_stored(
    mac: MacStack,
) -> None:
    body = {
        "12345": {"mac": {"verdict": "Cheater"}},
        BOB: {"mac": {"verdict": "hacker"}},
        ABC: {"mac": {"verdict": "cheater"}},
        QUOTE: {"mac": {"colour": "red"}},
        ABSENT: {"name": {"x": 1}},
        steam_id(99): "Cheater",
    }
    response = await mac.http.post("/mac/user/v1", json=body)
    assert response.status_code == 200
    errors = response.json()["errors"]
    assert set(errors) == {"12345", BOB, QUOTE, ABSENT, steam_id(99)}
    assert errors[steam_id(99)] == "Expected an object of namespaces."
    assert errors["12345"] == "Invalid steamID64."
    assert errors[BOB] == "Unknown verdict 'hacker'."
    players = (await mac.http.post("/mac/user/v1", json={"users": [ABC, BOB]})).json()
    assert [p["localVerdict"] for p in players] == ["Cheater", "Player"]


async def test_a_convict_verdict_overrides_local_verdicts_in_every_response(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, db) as mac:
        await post_status(mac, CASUAL)
        await mac.http.post("/mac/user/v1", json={BOB: {"mac": {"verdict": "convict"}}})
        await mac.http.put("/mac/user/v1", json={BOB: {"localVerdict": "Trusted"}})
        game = (await mac.http.get("/mac/game/v1")).json()
        seen = [p for p in game["players"] if p["steamID64"] == BOB]
        seen += (await mac.http.put("/mac/user/v1", json={"steamID64": [BOB]})).json()["players"]
        seen += (await mac.http.post("/mac/user/v1", json={"users": [BOB]})).json()
        seen += [p for p in (await mac.http.get("/mac/playerlist/v1")).json() if p["name"] == "Bob"]
        assert len(seen) == 4
        assert {(p["localVerdict"], p["convicted"]) for p in seen} == {("Convict", True)}


async def test_pref_changes_and_errors_come_back_per_namespace_as_the_seed_shows(
    mac: MacStack,
) -> None:
    body = {
        "mac": {"dumbAutokick": True, "autokick_interbal": 60, "rconPort": "x"},
        "anotherNamespace": {"xyz": {"a": 1}},
        "broken": 5,
    }
    response = await mac.http.post("/mac/pref/v1", json=body)
    assert response.status_code == 200
    assert response.json() == {
        "changes": {"mac": {"dumbAutokick": True}, "anotherNamespace": {"xyz": {"a": 1}}},
        "errors": {
            "mac": {
                "autokick_interbal": "A key of that name does not exist.",
                "rconPort": "Expected a port number (1-65535).",
            },
            "broken": "A namespace must be an object.",
        },
    }
    prefs = (await mac.http.get("/mac/pref/v1")).json()
    assert prefs["mac"]["dumbAutokick"] is True
    assert prefs["internal"]["dumbAutokick"] is True
    assert prefs["anotherNamespace"] == {"xyz": {"a": 1}}


async def test_bodies_that_are_not_json_objects_get_a_clear_400(mac: MacStack) -> None:
    for method, path, content in [
        ("POST", "/mac/user/v1", b"{not json"),
        ("PUT", "/mac/user/v1", b'["765"]'),
        ("POST", "/mac/pref/v1", b"[1, 2]"),
        ("POST", "/mac/commands/v1", b'{"commands": "kick"}'),
        ("PUT", "/mac/user/v1", b'{"steamID64": [true]}'),
    ]:
        response = await mac.http.request(method, path, content=content)
        assert response.status_code == 400, (path, content)
        assert response.json()["error"]["code"] == "INVALID_ARGUMENT"
    status = await mac.http.post("/mac/status/v1", content=b"\xff\xfe")
    assert status.status_code == 400


async def test_the_seeds_bulk_verdict_object_sets_many_verdicts_at_once(mac: MacStack) -> None:
    body = {"localVerdict": {BOB: "Cheater", ABC: "bot", "x": "Cheater"}, "tag": {QUOTE: "sus"}}
    response = await mac.http.post("/mac/user/v1", json=body)
    assert response.json() == {"errors": {"x": "Invalid steamID64."}}
    players = (await mac.http.post("/mac/user/v1", json={"users": [BOB, ABC, QUOTE]})).json()
    assert [p["localVerdict"] for p in players] == ["Cheater", "Bot", "Suspicious"]


async def test_history_bounds_that_are_not_integers_get_a_clear_400_and_large_ones_mean_all(
    mac: MacStack,
) -> None:
    for params in ({"from": "-1"}, {"to": "soon"}, {"to": "1e3"}):
        response = await mac.http.get("/mac/history/v1", params=params)
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "INVALID_ARGUMENT"
    beyond = {"from": "10", "to": str(10 + 9007199254740991)}
    response = await mac.http.get("/mac/history/v1", params=beyond)
    assert (response.status_code, response.json()) == (200, [])


async def test_deeply_nested_bodies_are_refused_with_a_400(mac: MacStack) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    response = await mac.http.post("/mac/pref/v1", content=f'{{"external": {{"x": {deep}}}}}')
    assert response.status_code == 400
