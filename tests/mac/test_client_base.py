"""The token-bearing base `/mac-client/<token>/mac`: the web UI unchanged, with tokens."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.mac.conftest import mac_stack
from tests.mac.status_samples import CASUAL, steam_id
from tests.support.databases import TestDatabase

ABC = steam_id(2)
TOKENS = "token-one,token-two"


async def test_the_token_bearing_base_serves_the_ui_without_an_authorization_header(
    sqlite_db: TestDatabase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with mac_stack(tmp_path, sqlite_db, mac_tokens=TOKENS) as mac:
        base = "/mac-client/token-one/mac"
        status = await mac.http.post(f"{base}/status/v1", content=CASUAL.encode())
        assert status.status_code == 200
        game = await mac.http.get(f"{base}/game/v1")
        assert game.status_code == 200 and len(game.json()["players"]) == 4
        header = {"authorization": "Bearer token-one"}
        same = (await mac.http.get("/mac/game/v1", headers=header)).json()
        assert same["map"] == game.json()["map"] == "pl_badwater"
        other = (await mac.http.get("/mac-client/token-two/mac/game/v1")).json()
        assert other["players"] == []

        update = await mac.http.put(f"{base}/user/v1", json={ABC: {"localVerdict": "Bot"}})
        assert update.json() == {"errors": {}}
        assert (await mac.http.get(f"{base}/playerlist/v1")).json()[0]["localVerdict"] == "Bot"
        await mac.http.put(f"{base}/pref/v1", json={"external": {"colors": {"You": "#fff"}}})
        prefs = (await mac.http.get(f"{base}/pref/v1")).json()
        assert prefs["external"] == {"colors": {"You": "#fff"}}

        for path in ("token-three", "t%C3%B6ken", "token%0A-one", "token-one%20", "%00"):
            refused = await mac.http.get(f"/mac-client/{path}/mac/game/v1")
            assert refused.status_code == 401, path
            assert refused.json()["error"]["code"] == "UNAUTHENTICATED"
            assert "token-three" not in refused.text

        metrics = (await mac.http.get("/metrics")).text
    # Labelled with the route template the call matched, never the path it came in on.
    assert 'method="GET",route="/mac/game/v1",status="401"' in metrics
    assert "token-one" not in metrics and "token-three" not in metrics
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "token-one" not in logged and "token-three" not in logged


async def test_the_token_bearing_base_answers_cors_preflights(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, sqlite_db, mac_tokens=TOKENS) as mac:
        origin = "http://localhost:5173"
        preflight = await mac.http.options(
            "/mac-client/token-one/mac/pref/v1",
            headers={
                "origin": origin,
                "access-control-request-method": "PUT",
                "access-control-request-headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] in ("*", origin)
        assert "PUT" in preflight.headers["access-control-allow-methods"]
        game = await mac.http.get("/mac-client/token-one/mac/game/v1", headers={"origin": origin})
        assert (game.status_code, game.json()["players"]) == (200, [])
        assert game.headers["access-control-allow-origin"] in ("*", origin)


async def test_unknown_paths_and_methods_under_the_base_answer_in_the_mac_shape(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, sqlite_db, mac_tokens=TOKENS) as mac:
        for method, path, status in (
            ("GET", "/mac-client/token-one/mac/nothing/v1", 404),
            ("GET", "/mac-client/token-one/elsewhere", 404),
            ("DELETE", "/mac-client/token-one/mac/game/v1", 405),
        ):
            response = await mac.http.request(method, path)
            assert response.status_code == status, path
            assert response.json()["error"]["code"] in ("NOT_FOUND", "METHOD_NOT_ALLOWED")
            assert "token-one" not in response.text
