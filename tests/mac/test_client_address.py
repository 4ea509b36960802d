"""Whose address MAC's loopback rule sees: X-Forwarded-For only from trusted proxies, and the
gateway's forwarded address only from a caller that proves it is internal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import grpc
import httpx
import pytest

from argus.core.grpc_client import create_channel
from argus.core.internal_auth import INTERNAL_CREDENTIAL_HEADER
from argus.players.v1 import mac_pb2, mac_pb2_grpc
from services.players.server import build as build_players
from tests.support.databases import TestDatabase
from tests.support.servers import gateway, grpc_service, players_gateway_settings, players_settings

INTERNAL = "internal-" + "i" * 32
CLAIM = "x-argus-client-address"
FORWARDED = {"x-forwarded-for": "203.0.113.9"}


@asynccontextmanager
async def mac_behind_gateway(
    data_dir: Path,
    db: TestDatabase,
    players: dict[str, object],
    gateway_settings: dict[str, object],
) -> AsyncIterator[str]:
    spec = build_players(players_settings(data_dir, db, "127.0.0.1:9", **players))
    async with grpc_service(spec) as server:
        base = players_gateway_settings(data_dir, f"127.0.0.1:{server.port}")
        settings = type(base)(**{**base.model_dump(), **gateway_settings})
        async with gateway(settings) as url:
            yield url


async def _status(url: str, headers: dict[str, str], local_address: str = "127.0.0.1") -> int:
    transport = httpx.AsyncHTTPTransport(local_address=local_address)
    async with httpx.AsyncClient(base_url=url, transport=transport) as http:
        return (await http.get("/mac/game/v1", headers=headers)).status_code


async def test_x_forwarded_for_is_believed_only_from_trusted_proxies(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    proxy = {"gateway_trusted_proxies": ["127.0.0.2/32"]}
    async with mac_behind_gateway(tmp_path, sqlite_db, {}, proxy) as url:
        assert await _status(url, FORWARDED) == 200
        assert await _status(url, FORWARDED, local_address="127.0.0.2") == 403
        assert await _status(url, {}, local_address="127.0.0.2") == 200


async def test_by_default_a_local_reverse_proxy_is_trusted(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with mac_behind_gateway(tmp_path, sqlite_db, {}, {}) as url:
        assert await _status(url, FORWARDED) == 403
        assert await _status(url, {}) == 200


async def test_the_gateway_proves_itself_with_the_internal_credential(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    shared = {"internal_secret": INTERNAL}
    async with mac_behind_gateway(tmp_path, sqlite_db, shared, shared) as url:
        assert await _status(url, FORWARDED) == 403
        assert await _status(url, {}) == 200


@pytest.mark.parametrize(
    "players", [{"internal_secret": INTERNAL}, {"mode": "production"}], ids=["secret", "prod"]
)
async def test_a_caller_without_the_credential_cannot_claim_to_be_loopback(
    tmp_path: Path, sqlite_db: TestDatabase, players: dict[str, object]
) -> None:
    spec = build_players(players_settings(tmp_path, sqlite_db, "127.0.0.1:9", **players))
    async with grpc_service(spec) as server:
        target = f"127.0.0.1:{server.port}"
        async with create_channel(target) as channel:
            stub = mac_pb2_grpc.MacServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.GetGame(mac_pb2.GetGameRequest(), metadata=((CLAIM, "127.0.0.1"),))
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        if "internal_secret" not in players:
            return
        proof = ((INTERNAL_CREDENTIAL_HEADER, INTERNAL),)
        async with create_channel(target, metadata=proof) as channel:
            stub = mac_pb2_grpc.MacServiceStub(channel)
            await stub.GetGame(mac_pb2.GetGameRequest(), metadata=((CLAIM, "127.0.0.1"),))
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.GetGame(mac_pb2.GetGameRequest(), metadata=((CLAIM, "203.0.113.9"),))
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
