"""Feeding the lobby over gRPC: snapshots replace it; bad snapshots are refused whole."""

from __future__ import annotations

import grpc
import pytest

from argus.players.v1 import mac_pb2
from tests.mac.conftest import MacStack
from tests.mac.status_samples import steam_id

ALICE, BOB = steam_id(40), steam_id(41)


def snapshot(*players: mac_pb2.LobbyPlayer) -> mac_pb2.LobbySnapshot:
    return mac_pb2.LobbySnapshot(
        hostname="Skial | 2Fort",
        map="ctf_2fort",
        ip="203.0.113.2:27015",
        max_players=32,
        gamemode=mac_pb2.GameMode(type="Capture the Flag"),
        players=list(players),
        self_steam_id64=ALICE,
    )


def player(steam_id64: str, name: str, team: int, kills: int) -> mac_pb2.LobbyPlayer:
    info = mac_pb2.GameInfo(userid="7", team=team, ping=20, state="Active", kills=kills)
    return mac_pb2.LobbyPlayer(steam_id64=steam_id64, name=name, game_info=info)


async def test_a_snapshot_replaces_the_lobby_the_gateway_serves(mac: MacStack) -> None:
    async with mac.stub() as stub:
        game = await stub.ReplaceLobby(
            snapshot(player(ALICE, "Alice", 2, 5), player(BOB, "B", 3, 1))
        )
        assert [p.tags for p in game.players] == [["Joining"], ["Joining"]]
        await stub.ReplaceLobby(snapshot(player(ALICE, "Alice", 2, 9), player(BOB, "Bobby", 3, 2)))
    game = (await mac.http.get("/mac/game/v1")).json()
    assert (game["hostname"], game["numPlayers"], game["maxPlayers"]) == ("Skial | 2Fort", 2, 32)
    alice, bob = game["players"]
    assert alice["isSelf"] is True and bob["isSelf"] is False
    assert (alice["gameInfo"]["team"], alice["gameInfo"]["kills"]) == (2, 9)
    assert alice["tags"] == [] and bob["tags"] == []
    assert bob["name"] == "Bobby"
    assert bob["previousNames"] == ["B"]


async def test_a_snapshot_with_a_bad_id_or_name_is_refused_and_changes_nothing(
    mac: MacStack,
) -> None:
    async with mac.stub() as stub:
        await stub.ReplaceLobby(snapshot(player(ALICE, "Alice", 2, 5)))
        for bad in (player("123", "x", 2, 0), player(BOB, "x" * 257, 2, 0)):
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.ReplaceLobby(snapshot(player(ALICE, "Alice", 2, 5), bad))
            assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    game = (await mac.http.get("/mac/game/v1")).json()
    assert [p["name"] for p in game["players"]] == ["Alice"]


async def test_a_status_text_too_large_or_with_a_bad_self_id_is_a_400(mac: MacStack) -> None:
    response = await mac.http.post("/mac/status/v1", content=b"x" * 300_000)
    assert response.status_code == 400
    assert "larger than" in response.json()["error"]["message"]
    response = await mac.http.post("/mac/status/v1", content=b"map : x", params={"self": "1"})
    assert response.status_code == 400
