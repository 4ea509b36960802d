"""Real servers on free ports: each gRPC service in-process, the gateway under uvicorn."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import uvicorn

from argus.core.grpc_server import RunningServer, ServiceSpec, start_server
from argus.core.settings import GrpcServiceSettings
from argus.core.tls import server_credentials
from services.fleet.server import build as build_fleet
from services.fleet.settings import FleetSettings
from services.gateway.app import create_app
from services.gateway.server import uvicorn_config
from services.gateway.settings import GatewaySettings
from services.ocr.server import build as build_ocr
from services.ocr.settings import OcrSettings
from services.players.server import build as build_players
from services.players.settings import PlayersSettings
from tests.support.databases import TestDatabase

MAX_MESSAGE_BYTES = 16 * 1024 * 1024


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def grpc_service(
    spec: ServiceSpec,
    port: int = 0,
    max_message_bytes: int = MAX_MESSAGE_BYTES,
    credentials: grpc.ServerCredentials | None = None,
) -> AsyncIterator[RunningServer]:
    running = await start_server(
        spec,
        host="127.0.0.1",
        port=port,
        max_message_bytes=max_message_bytes,
        credentials=credentials,
    )
    try:
        yield running
    finally:
        await running.stop(0)


@asynccontextmanager
async def serving(
    build: Callable[[Any], ServiceSpec], settings: GrpcServiceSettings
) -> AsyncIterator[RunningServer]:
    """The service `build` makes of `settings`, over TLS when they configure a certificate."""
    async with grpc_service(build(settings), credentials=server_credentials(settings)) as server:
        yield server


def ocr_settings(data_dir: Path, **overrides: object) -> OcrSettings:
    return OcrSettings(data_dir=data_dir, ocr_port=0, ocr_metrics_port=0, **overrides)  # type: ignore[arg-type]


def players_settings(
    data_dir: Path, db: TestDatabase, ocr_target: str, **overrides: object
) -> PlayersSettings:
    return PlayersSettings(  # type: ignore[arg-type]
        data_dir=data_dir,
        players_port=0,
        players_database_url=db.url,
        players_database_schema=db.schema,
        ocr_target=ocr_target,
        **overrides,
    )


def fleet_settings(data_dir: Path, db: TestDatabase, **overrides: object) -> FleetSettings:
    return FleetSettings(  # type: ignore[arg-type]
        data_dir=data_dir,
        fleet_port=0,
        fleet_database_url=db.url,
        fleet_database_schema=db.schema,
        **overrides,
    )


@asynccontextmanager
async def gateway(settings: GatewaySettings) -> AsyncIterator[str]:
    """Serve the gateway on a free port; yields its base URL."""
    port = settings.gateway_port or free_port()
    config = uvicorn_config(create_app(settings), settings, host="127.0.0.1", port=port)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


@dataclass
class Platform:
    """The three gRPC services and the gateway, all real, on free ports."""

    url: str
    ocr: RunningServer
    players: RunningServer
    fleet: RunningServer
    gateway_settings: GatewaySettings

    @property
    def ocr_target(self) -> str:
        return f"127.0.0.1:{self.ocr.port}"

    @property
    def players_target(self) -> str:
        return f"127.0.0.1:{self.players.port}"

    @property
    def fleet_target(self) -> str:
        return f"127.0.0.1:{self.fleet.port}"


@asynccontextmanager
async def platform(
    data_dir: Path,
    db: TestDatabase,
    *,
    ocr: dict[str, object] | None = None,
    players: dict[str, object] | None = None,
    fleet: dict[str, object] | None = None,
    gateway_overrides: dict[str, object] | None = None,
) -> AsyncIterator[Platform]:
    """Start everything; `players`/`fleet` share `db` (each service owns its own tables)."""
    async with serving(build_ocr, ocr_settings(data_dir, **(ocr or {}))) as ocr_server:
        ocr_target = f"127.0.0.1:{ocr_server.port}"
        players_config = players_settings(data_dir, db, ocr_target, **(players or {}))
        async with serving(build_players, players_config) as players_server:
            fleet_config = fleet_settings(data_dir, db, **(fleet or {}))
            async with serving(build_fleet, fleet_config) as fleet_server:
                settings = GatewaySettings(  # type: ignore[arg-type]
                    data_dir=data_dir,
                    gateway_port=free_port(),
                    ocr_target=ocr_target,
                    players_target=f"127.0.0.1:{players_server.port}",
                    fleet_target=f"127.0.0.1:{fleet_server.port}",
                    **(gateway_overrides or {}),
                )
                async with gateway(settings) as url:
                    yield Platform(url, ocr_server, players_server, fleet_server, settings)


NOWHERE = "127.0.0.1:9"  # a target where no backend listens


def players_gateway_settings(data_dir: Path, players_target: str) -> GatewaySettings:
    """A gateway in front of the players service alone: OCR and fleet targets point nowhere."""
    return GatewaySettings(  # type: ignore[call-arg]
        data_dir=data_dir,
        gateway_port=free_port(),
        players_target=players_target,
        ocr_target=NOWHERE,
        fleet_target=NOWHERE,
    )


@asynccontextmanager
async def players_behind_gateway(
    data_dir: Path, db: TestDatabase, **players: object
) -> AsyncIterator[tuple[RunningServer, str]]:
    """Only the players service (with `players` settings) and a gateway in front of it; yields
    the server and the gateway's URL."""
    spec = build_players(players_settings(data_dir, db, NOWHERE, **players))
    async with grpc_service(spec) as server:
        settings = players_gateway_settings(data_dir, f"127.0.0.1:{server.port}")
        async with gateway(settings) as url:
            yield server, url
