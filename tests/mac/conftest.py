"""The players service and the gateway, real, on free ports, for the MAC tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from argus.core.grpc_client import create_channel
from argus.players.v1 import mac_pb2_grpc
from services.gateway.settings import GatewaySettings
from services.players.server import build as build_players
from tests.support.databases import TestDatabase
from tests.support.servers import free_port, gateway, grpc_service, players_settings

UNUSED_TARGET = "127.0.0.1:9"


@dataclass
class MacStack:
    http: httpx.AsyncClient
    players_target: str

    @asynccontextmanager
    async def stub(self) -> AsyncIterator[mac_pb2_grpc.MacServiceStub]:
        channel = create_channel(self.players_target, timeout=10, max_message_bytes=1 << 24)
        try:
            yield mac_pb2_grpc.MacServiceStub(channel)
        finally:
            await channel.close()


@asynccontextmanager
async def mac_stack(data_dir: Path, db: TestDatabase, **players: object) -> AsyncIterator[MacStack]:
    """Players service (with `players` settings) behind the gateway; an HTTP client on it."""
    spec = build_players(players_settings(data_dir, db, UNUSED_TARGET, **players))
    async with grpc_service(spec) as server:
        target = f"127.0.0.1:{server.port}"
        settings = GatewaySettings(  # type: ignore[call-arg]
            data_dir=data_dir,
            gateway_port=free_port(),
            players_target=target,
            ocr_target=UNUSED_TARGET,
            fleet_target=UNUSED_TARGET,
        )
        async with gateway(settings) as url, httpx.AsyncClient(base_url=url) as http:
            yield MacStack(http, target)


async def post_status(mac: MacStack, text: str, self_id: str = "") -> dict[str, Any]:
    """Post a status text as the game client would; its answer."""
    response = await mac.http.post(
        "/mac/status/v1",
        content=text.encode(),
        params={"self": self_id} if self_id else None,
        headers={"content-type": "text/plain"},
    )
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
async def mac(db: TestDatabase, tmp_path: Path) -> AsyncIterator[MacStack]:
    """The stack on SQLite and on PostgreSQL."""
    async with mac_stack(tmp_path, db) as stack:
        yield stack
