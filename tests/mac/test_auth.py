"""Bearer tokens: one client per token with its own lobby; shared verdicts; loopback default."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from argus.players.v1 import mac_pb2
from tests.mac.conftest import MacStack, mac_stack
from tests.mac.status_samples import CASUAL, COMMUNITY_WITH_BOTS, steam_id
from tests.support.databases import TestDatabase

ONE, TWO = {"authorization": "Bearer token-one"}, {"authorization": "Bearer token-two"}
BOB = steam_id(123456789)


@pytest.fixture
async def secured(sqlite_db: TestDatabase, tmp_path: Path) -> AsyncIterator[MacStack]:
    async with mac_stack(tmp_path, sqlite_db, mac_tokens="token-one,token-two") as stack:
        yield stack


async def test_without_a_token_or_with_an_unknown_one_the_answer_is_401(secured: MacStack) -> None:
    for headers in ({}, {"authorization": "Bearer nope"}, {"authorization": "token-one"}):
        response = await secured.http.get("/mac/game/v1", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "UNAUTHENTICATED"
        assert "token-one" not in response.text


async def test_each_token_has_its_own_lobby_but_verdicts_are_shared(secured: MacStack) -> None:
    post = secured.http.post
    await post("/mac/status/v1", content=CASUAL.encode(), headers=ONE, params={"self": BOB})
    await post("/mac/status/v1", content=COMMUNITY_WITH_BOTS.encode(), headers=TWO)
    one = (await secured.http.get("/mac/game/v1", headers=ONE)).json()
    two = (await secured.http.get("/mac/game/v1", headers=TWO)).json()
    assert one["map"] == "pl_badwater" and two["map"] == "koth_viaduct"
    assert len(one["players"]) == 4 and len(two["players"]) == 2

    await secured.http.put("/mac/user/v1", json={BOB: {"localVerdict": "bot"}}, headers=TWO)
    seen_by_one = await secured.http.post("/mac/user/v1", json={"users": [BOB]}, headers=ONE)
    assert seen_by_one.json()[0]["localVerdict"] == "Bot"
    assert seen_by_one.json()[0]["isSelf"] is True
    seen_by_two = await secured.http.post("/mac/user/v1", json={"users": [BOB]}, headers=TWO)
    assert seen_by_two.json()[0]["isSelf"] is False


async def test_secret_preferences_are_shown_only_to_the_client_that_set_them(
    secured: MacStack,
) -> None:
    change = {"internal": {"rconPassword": "hunter2", "masterbaseHost": "mb.example"}}
    await secured.http.put("/mac/pref/v1", json=change, headers=ONE)
    mine = (await secured.http.get("/mac/pref/v1", headers=ONE)).json()["internal"]
    theirs = (await secured.http.get("/mac/pref/v1", headers=TWO)).json()["internal"]
    assert mine["rconPassword"] == "hunter2"
    assert "rconPassword" not in theirs
    assert theirs["masterbaseHost"] == "mb.example"
    await secured.http.put("/mac/pref/v1", json={"mac": {"rconPassword": "other"}}, headers=TWO)
    mine = (await secured.http.get("/mac/pref/v1", headers=ONE)).json()["internal"]
    theirs = (await secured.http.get("/mac/pref/v1", headers=TWO)).json()["internal"]
    assert (mine["rconPassword"], theirs["rconPassword"]) == ("hunter2", "other")
    reserved = await secured.http.put(
        "/mac/pref/v1", json={"internal/t-x": {"rconPassword": "x"}}, headers=TWO
    )
    assert reserved.json()["errors"] == {"internal/t-x": "A namespace of that name is reserved."}


async def test_with_no_tokens_configured_only_loopback_callers_are_served(mac: MacStack) -> None:
    assert (await mac.http.get("/mac/game/v1")).status_code == 200
    async with mac.stub() as stub:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.GetGame(
                mac_pb2.GetGameRequest(), metadata=(("x-argus-client-address", "203.0.113.9"),)
            )
        assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        game = await stub.GetGame(mac_pb2.GetGameRequest())
        assert game.players == []
