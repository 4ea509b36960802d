"""GET /mac/game/v1 carries an ETag: 304 while nothing in the answer changed, 200 after."""

from __future__ import annotations

from pathlib import Path

from tests.mac.conftest import MacStack, mac_stack, post_status
from tests.mac.status_samples import CASUAL, full_lobby, steam_id
from tests.support.databases import TestDatabase


async def _game(mac: MacStack, etag: str = "") -> tuple[int, str, list[str]]:
    headers = {"if-none-match": etag} if etag else {}
    reply = await mac.http.get("/mac/game/v1", headers=headers)
    names = [p["name"] for p in reply.json()["players"]] if reply.status_code == 200 else []
    return reply.status_code, reply.headers["etag"], names


async def test_an_unchanged_lobby_answers_304_and_every_change_a_new_etag(
    db: TestDatabase, tmp_path: Path
) -> None:
    async with mac_stack(tmp_path, db) as mac:
        await post_status(mac, CASUAL)
        status, etag, names = await _game(mac)
        assert (status, len(names)) == (200, 4)
        assert (await _game(mac, etag))[:2] == (304, etag)
        assert (await _game(mac, f'W/{etag}, "other"'))[0] == 304
        assert (await _game(mac, '"stale-0"'))[0] == 200

        verdict = {steam_id(123456789): {"localVerdict": "Cheater"}}
        assert (await mac.http.put("/mac/user/v1", json=verdict)).status_code == 200
        status, after_verdict, _ = await _game(mac, etag)
        assert status == 200 and after_verdict != etag
        game = (await mac.http.get("/mac/game/v1")).json()
        bob = next(p for p in game["players"] if p["steamID64"] == steam_id(123456789))
        assert bob["localVerdict"] == "Cheater"

        await post_status(mac, full_lobby(3))
        status, after_status, names = await _game(mac, after_verdict)
        assert status == 200 and after_status != after_verdict and len(names) == 7


async def test_a_304_needs_the_callers_own_lobby(db: TestDatabase, tmp_path: Path) -> None:
    async with mac_stack(tmp_path, db, mac_tokens=["alpha", "beta"]) as mac:
        alpha, beta = {"authorization": "Bearer alpha"}, {"authorization": "Bearer beta"}
        posted = await mac.http.post("/mac/status/v1", content=CASUAL.encode(), headers=alpha)
        assert posted.status_code == 200
        first = await mac.http.get("/mac/game/v1", headers=alpha)
        assert len(first.json()["players"]) == 4
        asking = {**beta, "if-none-match": first.headers["etag"]}
        other = await mac.http.get("/mac/game/v1", headers=asking)
        assert other.status_code == 200 and other.json()["players"] == []
