"""DFairPlay test helpers: the players service and the gateway on free ports, a plain-text
HTTP caller, and the gRPC stub the fair-play clients use."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
import httpx
import pytest

from argus.core.grpc_server import RunningServer
from argus.players.v1 import fairplay_pb2 as pb
from argus.players.v1 import fairplay_pb2_grpc
from tests.support.databases import TestDatabase
from tests.support.servers import players_behind_gateway


@dataclass
class FairPlayStack:
    """The players service and a gateway in front of it."""

    url: str
    players: RunningServer
    http: httpx.AsyncClient
    channel: grpc.aio.Channel

    @property
    def stub(self) -> fairplay_pb2_grpc.FairPlayServiceStub:
        return fairplay_pb2_grpc.FairPlayServiceStub(self.channel)

    async def call(self, path: str) -> str:
        """GET a DFairPlay path; every answer is HTTP 200 with a plain-text body."""
        response = await self.http.get(path)
        assert response.status_code == 200, (path, response.status_code, response.text)
        assert response.headers["content-type"].startswith("text/plain")
        return response.text

    async def session(self) -> str:
        token = await self.call("/create_session/gtasa-samp/")
        assert not token.startswith("-")
        return token

    async def register(self, client_id: str, ip: str, account_id: str = "") -> None:
        await self.stub.RegisterClient(
            pb.RegisterClientRequest(client_id=client_id, ip=ip, account_id=account_id)
        )

    async def incident(self, ip: str, kind: str = "aimbot", **fields: object) -> int:
        request = pb.ReportIncidentRequest(ip=ip, kind=kind, **fields)  # type: ignore[arg-type]
        return int((await self.stub.ReportIncident(request)).id)


@asynccontextmanager
async def fairplay_stack(
    data_dir: Path, db: TestDatabase, **settings: object
) -> AsyncIterator[FairPlayStack]:
    async with players_behind_gateway(data_dir, db, **settings) as (players, url):
        async with (
            httpx.AsyncClient(base_url=url, timeout=30) as http,
            grpc.aio.insecure_channel(f"127.0.0.1:{players.port}") as channel,
        ):
            yield FairPlayStack(url, players, http, channel)


@pytest.fixture
async def stack(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[FairPlayStack]:
    async with fairplay_stack(tmp_path, sqlite_db) as running:
        yield running
