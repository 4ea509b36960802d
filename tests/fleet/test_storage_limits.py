"""Storage nobody can fill: frames past retention are pruned in batches in the background, and
one device cannot send frames faster than its budget (REST: 429; streams: slowed down)."""

from __future__ import annotations

import asyncio
from base64 import b64encode
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import grpc
import httpx
from prometheus_client import REGISTRY
from sqlalchemy import select, update

from argus.core.db import create_engine
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.frames.models import Frame
from services.fleet.server import build
from tests.fleet.conftest import T0, Api, auth, fleet_gateway, fleet_overrides, jpeg
from tests.live.conftest import frame_count, register
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service


async def _safe_frame(api: Api, device: dict[str, Any], seed: int) -> httpx.Response:
    body = {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "frame_timestamp": T0,
        "frame": str(b64encode(jpeg(seed=seed))),
    }
    return await api.client.post("/api/v1/safe/", json=body)


async def _age(db: TestDatabase, count: int, days: float) -> list[int]:
    """Make the first `count` frames look stored `days` ago; their ids."""
    engine = create_engine(db.url, schema=db.schema or None)
    try:
        async with engine.begin() as connection:
            ids = list(await connection.scalars(select(Frame.id).order_by(Frame.id).limit(count)))
            old = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days)
            await connection.execute(update(Frame).where(Frame.id.in_(ids)).values(received_at=old))
        return ids
    finally:
        await engine.dispose()


async def _api(url: str) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=url) as client:
        yield Api(client)


async def test_frames_past_retention_are_pruned_in_batches_and_counted(
    tmp_path: Path, db: TestDatabase
) -> None:
    settings = {
        "fleet_frame_retention_days": 30,
        "fleet_frame_prune_batch": 2,
        "fleet_frame_prune_interval_seconds": 0.1,
    }
    pruned = REGISTRY.get_sample_value("argus_frames_pruned_total") or 0.0
    async with fleet_gateway(tmp_path, db, **settings) as (url, _):
        async for api in _api(url):
            device = await api.jetson()
            ids = [(await _safe_frame(api, device, seed)).json()["data"]["id"] for seed in range(7)]
            assert await _age(db, 5, days=31) == ids[:5]
            for _ in range(500):
                if await frame_count(db) == 2:
                    break
                await asyncio.sleep(0.02)
            token = await api.login()
            last = await api.client.get(
                "/api/v1/truck/laststatus/",
                params={"token": token, "truck_id": device["truck_id"]},
            )
    assert await frame_count(db) == 2
    assert REGISTRY.get_sample_value("argus_frames_pruned_total") == pruned + 5
    assert last.json()["data"]["frame"]["id"] == ids[-1]


async def test_a_device_over_its_frame_budget_gets_429_with_retry_after(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with fleet_gateway(tmp_path, sqlite_db, fleet_device_frames_per_minute=3) as (url, _):
        async for api in _api(url):
            device = await api.jetson()
            other = await api.jetson(mac="dc:71:96:53:16:0b", name="Truck-2")
            replies = [await _safe_frame(api, device, seed) for seed in range(4)]
            others = await _safe_frame(api, other, 9)
    assert [r.status_code for r in replies] == [200, 200, 200, 429]
    refused = replies[-1].json()
    assert refused["reason"] == "FRAME_RATE_LIMITED"
    assert refused["error"].startswith("this device sent more than 3 frames in a minute")
    assert int(replies[-1].headers["retry-after"]) >= 1
    assert others.status_code == 200


async def test_a_stream_over_its_device_budget_is_slowed_down_not_refused(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    spec = build(
        fleet_settings(tmp_path, sqlite_db, **fleet_overrides(fleet_device_frames_per_minute=120))
    )
    paced = REGISTRY.get_sample_value("argus_frame_stream_paced_seconds_total") or 0.0
    image = jpeg()

    async def frames() -> AsyncIterator[fleet_pb2.StreamFramesRequest]:
        for sequence in range(1, 123):
            frame = fleet_pb2.StreamedFrame(sequence=sequence, image=image)
            frame.frame_timestamp.FromJsonString("2020-02-19T12:59:02Z")
            yield fleet_pb2.StreamFramesRequest(frame=frame)

    async with grpc_service(spec) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            device = await register(stub, "dc:71:96:53:16:0a")
            replies = [r async for r in stub.StreamFrames(frames(), metadata=auth(device.token))]
    assert [r.WhichOneof("item") for r in replies] == ["ack"] * 122
    assert (REGISTRY.get_sample_value("argus_frame_stream_paced_seconds_total") or 0) > paced
