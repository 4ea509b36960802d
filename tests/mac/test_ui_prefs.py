"""Preferences as the MAC web UI sets them: one key per request, merged like its backend."""

from __future__ import annotations

from pathlib import Path

from tests.mac.conftest import MacStack, mac_stack
from tests.support.databases import TestDatabase


async def put_pref(mac: MacStack, body: dict[str, object]) -> None:
    response = await mac.http.put("/mac/pref/v1", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["errors"] == {}


async def test_one_colour_per_request_keeps_the_colours_set_before(mac: MacStack) -> None:
    await put_pref(mac, {"external": {"colors": {"You": "#00ff00"}, "theme": "dark"}})
    await put_pref(mac, {"external": {"colors": {"Cheater": "#ff0000"}}})
    await put_pref(mac, {"external": {"colors": {"Bot": "#0000ff", "You": "#00aa00"}}})
    external = (await mac.http.get("/mac/pref/v1")).json()["external"]
    assert external == {
        "colors": {"You": "#00aa00", "Cheater": "#ff0000", "Bot": "#0000ff"},
        "theme": "dark",
    }

    await put_pref(mac, {"external": {"colors": {"Bot": None}, "theme": None}})
    external = (await mac.http.get("/mac/pref/v1")).json()["external"]
    assert external == {"colors": {"You": "#00aa00", "Cheater": "#ff0000"}}


async def test_a_merge_that_would_grow_a_preference_past_the_limit_is_refused(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, sqlite_db, mac_max_namespace_bytes=1024) as mac:
        await put_pref(mac, {"external": {"notes": {"a": "x" * 600}}})
        response = await mac.http.put(
            "/mac/pref/v1", json={"external": {"notes": {"b": "y" * 600}}}
        )
        assert response.status_code == 200
        assert response.json() == {
            "changes": {},
            "errors": {"external": {"notes": "Value larger than 1024 bytes once merged."}},
        }
        external = (await mac.http.get("/mac/pref/v1")).json()["external"]
        assert external == {"notes": {"a": "x" * 600}}
