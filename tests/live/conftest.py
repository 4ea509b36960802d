"""Live test helpers: a fleet service to stream into, folders of JPEGs, users and devices."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from argus.core.db import create_engine
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.agent.runner import Agent, AgentConfig
from services.fleet.agent.spool import Spool
from services.fleet.frames.models import Frame
from tests.fleet.conftest import ADMIN, auth, fleet_service, jpeg, sqlite_api
from tests.support.databases import TestDatabase, database

__all__ = ["ADMIN", "auth", "jpeg", "sqlite_api"]  # sqlite_api: a fixture for the page tests


@dataclass
class Fleet:
    stub: fleet_pb2_grpc.FleetServiceStub
    target: str
    db: TestDatabase


@pytest.fixture
async def postgres_db(tmp_path: Path) -> AsyncIterator[TestDatabase]:
    """The shared PostgreSQL alone (what replicas and LISTEN need)."""
    async with database("postgresql", tmp_path) as test_db:
        yield test_db


@pytest.fixture
async def fleet(db: TestDatabase, tmp_path: Path) -> AsyncIterator[Fleet]:
    """The fleet service (SQLite and PostgreSQL) and a stub to call it."""
    async with fleet_service(db, tmp_path) as rpc:
        yield Fleet(rpc.stub, rpc.target, db)


def image_folder(path: Path, count: int, *, size: int = 64) -> Path:
    """`count` distinct JPEGs named in order."""
    path.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        (path / f"{index:05d}.jpg").write_bytes(jpeg(size, size, seed=index))
    return path


async def register(stub: fleet_pb2_grpc.FleetServiceStub, mac: str) -> fleet_pb2.DeviceRegistration:
    request = fleet_pb2.RegisterDeviceRequest(mac=mac, password="device-pass-1", name=mac)
    return await stub.RegisterDevice(request)


async def admin_token(stub: fleet_pb2_grpc.FleetServiceStub) -> str:
    reply = await stub.Login(fleet_pb2.LoginRequest(username=ADMIN[0], password=ADMIN[1]))
    return reply.token


def agent(target: str, mac: str, spool_dir: Path, **config: object) -> tuple[Agent, io.StringIO]:
    out = io.StringIO()
    settings = AgentConfig(
        server=target,
        mac=mac,
        password="device-pass-1",
        name=mac,
        backoff_initial=0.05,
        **config,  # type: ignore[arg-type]
    )
    return Agent(settings, Spool(spool_dir / "spool.db"), out), out


async def stored_sequences(db: TestDatabase) -> list[int]:
    """Every (device) sequence stored, duplicates included."""
    engine = create_engine(db.url, schema=db.schema or None)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(Frame.sequence).order_by(Frame.sequence))
            return [int(r[0]) for r in rows]
    finally:
        await engine.dispose()


async def frame_count(db: TestDatabase) -> int:
    engine = create_engine(db.url, schema=db.schema or None)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(select(func.count()).select_from(Frame)) or 0)
    finally:
        await engine.dispose()


async def until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    """Wait (a bounded time, generous for a loaded CI machine) until `condition()` holds."""
    for _ in range(int(seconds * 100)):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached")
