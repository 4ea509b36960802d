"""Fleet test helpers: the service on a free port, tokens in metadata, real JPEG frames."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import cv2
import grpc
import numpy as np
import pytest

from argus.fleet.v1 import fleet_pb2_grpc
from services.fleet.server import build
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service

ADMIN = ("root", "root-password-1")
SECRET = "test-secret-" + "x" * 40


def fleet_overrides(**extra: object) -> dict[str, object]:
    """Settings every fleet test uses: a known secret and a first admin."""
    return {
        "jwt_secret": SECRET,
        "fleet_admin_username": ADMIN[0],
        "fleet_admin_password": ADMIN[1],
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


@pytest.fixture
async def fleet_rpc(db: TestDatabase, tmp_path: Path) -> AsyncIterator[FleetRpc]:
    """The fleet service on SQLite and PostgreSQL, and a stub to call it."""
    spec = build(fleet_settings(tmp_path, db, **fleet_overrides()))
    async with grpc_service(spec) as server:
        target = f"127.0.0.1:{server.port}"
        async with grpc.aio.insecure_channel(target) as channel:
            yield FleetRpc(fleet_pb2_grpc.FleetServiceStub(channel), target)
