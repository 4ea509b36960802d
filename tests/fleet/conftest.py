"""Fleet test helpers: the service on a free port, tokens in metadata, real JPEG frames."""

from __future__ import annotations

from base64 import b64encode
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import grpc
import httpx
import numpy as np
import pytest

from argus.core.grpc_server import RunningServer
from argus.fleet.v1 import fleet_pb2_grpc
from services.fleet.server import build
from services.gateway.settings import GatewaySettings
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, free_port, gateway, grpc_service

ADMIN = ("root", "root-password-1")
SECRET = "test-secret-" + "x" * 40
T0 = "2020-02-19 12:59:02"


def fleet_overrides(**extra: object) -> dict[str, object]:
    """Settings every fleet test uses: a known secret and a first admin."""
    return {
        "jwt_secret": SECRET,
        "fleet_admin_username": ADMIN[0],
        "fleet_admin_password": ADMIN[1],
        # Cheap hashes keep the tests fast; the cost is a setting, the algorithm is not.
        "fleet_password_time_cost": 1,
        "fleet_password_memory_kib": 1024,
        **extra,
    }


def jpeg(width: int = 64, height: int = 48, *, seed: int = 0) -> bytes:
    """A real JPEG of random pixels."""
    pixels = np.random.default_rng(seed).integers(0, 255, (height, width, 3), dtype=np.uint8)
    ok, encoded = cv2.imencode(".jpg", pixels)
    assert ok
    return encoded.tobytes()


def auth(token: str, username: str = "") -> tuple[tuple[str, str], ...]:
    metadata = [("authorization", f"Bearer {token}")]
    if username:
        metadata.append(("argus-username", username))
    return tuple(metadata)


@dataclass
class FleetRpc:
    stub: fleet_pb2_grpc.FleetServiceStub
    target: str


@asynccontextmanager
async def fleet_service(db: TestDatabase, tmp_path: Path) -> AsyncIterator[FleetRpc]:
    """The fleet service in this process on `db`, and a stub to call it."""
    spec = build(fleet_settings(tmp_path, db, **fleet_overrides()))
    async with grpc_service(spec) as server:
        target = f"127.0.0.1:{server.port}"
        async with grpc.aio.insecure_channel(target) as channel:
            yield FleetRpc(fleet_pb2_grpc.FleetServiceStub(channel), target)


@pytest.fixture
async def fleet_rpc(db: TestDatabase, tmp_path: Path) -> AsyncIterator[FleetRpc]:
    """The fleet service on SQLite and PostgreSQL, and a stub to call it."""
    async with fleet_service(db, tmp_path) as rpc:
        yield rpc


@asynccontextmanager
async def fleet_gateway(
    tmp_path: Path,
    db: TestDatabase,
    gateway_overrides: dict[str, object] | None = None,
    **overrides: object,
) -> AsyncIterator[tuple[str, RunningServer]]:
    """The fleet service and the gateway in front of it; yields the gateway's base URL."""
    spec = build(fleet_settings(tmp_path, db, **fleet_overrides(**overrides)))
    async with grpc_service(spec) as server:
        settings = GatewaySettings(  # type: ignore[call-arg]
            data_dir=tmp_path,
            gateway_port=free_port(),
            fleet_target=f"127.0.0.1:{server.port}",
            **(gateway_overrides or {}),
        )
        async with gateway(settings) as url:
            yield url, server


class Api:
    """A ServerAPI client with builders for the usual set-up steps."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def login(self, username: str = ADMIN[0], password: str = ADMIN[1]) -> str:
        reply = await self.client.post(
            "/api/v1/login/", json={"username": username, "password": password}
        )
        assert reply.status_code == 200, reply.text
        return str(reply.json()["data"]["token"])

    async def user(self, role: str, username: str = "", password: str = "user-password-1") -> str:
        """Register a user with `role` (as the admin); returns its token."""
        new_user = {"username": username or f"{role}-1", "password": password, "role": role}
        body = {
            "cur_user": {"username": ADMIN[0], "token": await self.login()},
            "new_user": new_user,
        }
        reply = await self.client.post("/api/v1/user/register/", json=body)
        assert reply.status_code == 200, reply.text
        return str(reply.json()["data"]["token"])

    async def jetson(self, mac: str = "dc:71:96:53:16:0a", name: str = "Truck-1") -> dict[str, Any]:
        body = {"mac": mac, "password": "pass123", "name": name}
        reply = await self.client.post("/api/v1/jetson/register/", json=body)
        assert reply.status_code == 200, reply.text
        return dict(reply.json()["data"])

    async def open_alert(
        self, device: dict[str, Any], behavior: str = "Unsafe", at: str = T0
    ) -> int:
        body = {
            "token": device["token"],
            "truck_id": device["truck_id"],
            "alert_init": at,
            "behavior": behavior,
        }
        reply = await self.client.post("/api/v1/alert/", json=body)
        assert reply.status_code == 201, reply.text
        return int(reply.json()["data"]["alert_id"])

    async def frame(
        self, device: dict[str, Any], alert_id: int, image: bytes, at: str = T0
    ) -> httpx.Response:
        body = {
            "token": device["token"],
            "alert_id": alert_id,
            "frame_timestamp": at,
            "frame": str(b64encode(image)),
        }
        return await self.client.post("/api/v1/log/", json=body)

    async def frames(self, token: str, alert_id: int) -> list[dict[str, Any]]:
        reply = await self.client.get("/api/v1/log/", params={"token": token, "alert_id": alert_id})
        assert reply.status_code == 200, reply.text
        return list(reply.json()["data"]["frames"])


@pytest.fixture
async def api(db: TestDatabase, tmp_path: Path) -> AsyncIterator[Api]:
    """The ServerAPI over the fleet service, on SQLite and on PostgreSQL."""
    async with fleet_gateway(tmp_path, db) as (url, _), httpx.AsyncClient(base_url=url) as client:
        yield Api(client)


@pytest.fixture
async def sqlite_api(sqlite_db: TestDatabase, tmp_path: Path) -> AsyncIterator[Api]:
    """The ServerAPI over the fleet service on SQLite, for tests that are not about storage."""
    async with (
        fleet_gateway(tmp_path, sqlite_db) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        yield Api(client)


def envelope_error(reply: httpx.Response, code: int) -> str:
    """Assert `reply` is a ServerAPI failure with HTTP status `code`; return its reason."""
    assert reply.status_code == code, reply.text
    body = reply.json()
    assert body["code"] == code and body["status_code"] == "Error" and body["error"], body
    return str(body["reason"])
