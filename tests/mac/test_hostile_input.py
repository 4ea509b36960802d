"""Hostile input on the MAC API answers 400/401 in the gateway's shape; the lobby survives."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import pytest

from argus.core.structs import to_struct
from argus.players.v1 import mac_pb2
from tests.mac.conftest import MacStack, mac_stack, post_status
from tests.mac.status_samples import CASUAL, steam_id
from tests.support.databases import TestDatabase

BOB = steam_id(123456789)


def error_code(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    return str(response.json()["error"]["code"])


def nested(depth: int) -> dict[str, Any]:
    value: dict[str, Any] = {"leaf": 1}
    for _ in range(depth - 1):
        value = {"x": value}
    return value


def nested_json(outer: str, depth: int) -> bytes:
    """`{outer: {"x": {"x": ... 1}}}` nested `depth` levels, written without an encoder."""
    opening, closing = '{"x": ' * depth, "}" * depth
    return ('{"' + outer + '": ' + opening + "1" + closing + "}").encode()


@pytest.fixture
async def secured(sqlite_db: TestDatabase, tmp_path: Path) -> AsyncIterator[MacStack]:
    async with mac_stack(tmp_path, sqlite_db, mac_tokens="token-one") as stack:
        yield stack


async def test_a_nul_byte_in_status_text_answers_400_and_keeps_the_lobby(mac: MacStack) -> None:
    await post_status(mac, CASUAL)
    poisoned = CASUAL.replace('"Bob"', '"B\x00ob"')
    response = await mac.http.post("/mac/status/v1", content=poisoned.encode())
    assert error_code(response, 400) == "INVALID_ARGUMENT"
    game = await mac.http.get("/mac/game/v1")
    assert game.status_code == 200 and len(game.json()["players"]) == 4


async def test_a_nul_byte_in_a_pref_namespace_answers_400(mac: MacStack) -> None:
    response = await mac.http.post("/mac/pref/v1", json={"ns\x00": {"key": "value"}})
    assert error_code(response, 400) == "INVALID_ARGUMENT"
    prefs = await mac.http.get("/mac/pref/v1")
    assert prefs.status_code == 200 and not any("\x00" in ns for ns in prefs.json())


async def test_a_nul_byte_from_a_grpc_caller_is_invalid_argument(mac: MacStack) -> None:
    async with mac.stub() as stub:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.UpdatePrefs(mac_pb2.UpdatePrefsRequest(changes=to_struct({"a\x00": {}})))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.SubmitStatus(mac_pb2.SubmitStatusRequest(text="hostname: a\x00b"))
        assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize("column", ["ping", "loss"])
async def test_a_status_row_beyond_int32_is_skipped_and_the_lobby_keeps_working(
    mac: MacStack, column: str
) -> None:
    huge = "99999999999"
    row = f'#    349 "Eve"  [U:1:4]  00:07  {huge if column == "ping" else 45}  '
    row += f"{huge if column == 'loss' else 0} active"
    answer = await post_status(mac, CASUAL + row + "\n")
    assert answer["skipped"] == [row]
    for path in ("/mac/game/v1", "/mac/history/v1"):
        assert (await mac.http.get(path)).status_code == 200
    lookup = await mac.http.post("/mac/user/v1", json={"users": [BOB]})
    assert lookup.status_code == 200 and lookup.json()[0]["steamID64"] == BOB


@pytest.mark.parametrize("depth", [32, 100, 5000])
async def test_json_nested_deeply_answers_400(mac: MacStack, depth: int) -> None:
    for method, path, body in (
        ("POST", "/mac/pref/v1", nested_json("external", depth)),
        ("POST", "/mac/user/v1", nested_json(BOB, depth)),
        ("PUT", "/mac/user/v1", nested_json(BOB, depth)),
    ):
        response = await mac.http.request(method, path, content=body)
        assert error_code(response, 400) == "INVALID_ARGUMENT", path


async def test_deep_json_from_a_grpc_caller_is_invalid_argument(mac: MacStack) -> None:
    update = to_struct({"customData": nested(30)})
    async with mac.stub() as stub:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await stub.UpdatePlayers(mac_pb2.UpdatePlayersRequest(updates={BOB: update}))
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT


@pytest.mark.parametrize(
    "authorization",
    [
        b"Bearer \xc3\xa9t\xc3\xa9",
        b"Bearer \x01token",
        b"Bearer \xff",
        b"Bearer " + b"a" * 8192,
        b"Bearer " + b"a" * 15000,
    ],
    ids=["non-ascii", "control", "latin-1", "8-kb", "15-kb"],
)
async def test_an_unreadable_authorization_header_answers_401(
    secured: MacStack, authorization: bytes
) -> None:
    for method, path in (("GET", "/mac/game/v1"), ("POST", "/mac/pref/v1")):
        response = await secured.http.request(
            method, path, headers=[(b"authorization", authorization)], json={}
        )
        assert error_code(response, 401) == "UNAUTHENTICATED"
        assert len(response.content) < 1000


async def test_commands_authenticate_before_reading_the_body(secured: MacStack) -> None:
    for body in (b"not json", b'{"commands": 3}'):
        response = await secured.http.post("/mac/commands/v1", content=body)
        assert error_code(response, 401) == "UNAUTHENTICATED"
        response = await secured.http.post(
            "/mac/commands/v1", content=body, headers={"authorization": "Bearer token-one"}
        )
        assert error_code(response, 400) == "INVALID_ARGUMENT"
