"""Decompression bombs (an ~870 KB PNG of 30000x30000) are refused from their header on every
image path, and three at once barely move the memory of the fleet and OCR processes."""

from __future__ import annotations

import asyncio
import os
from base64 import b64encode
from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import httpx
import pytest

from argus.core.grpc_handlers import error_reason
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from tests.fleet.conftest import T0, fleet_gateway
from tests.live.conftest import register
from tests.live.processes import kill, start_fleet, start_service
from tests.support.databases import TestDatabase
from tests.support.memory import peak, reset_peak
from tests.support.screenshots import png_bomb
from tests.support.servers import free_port

MB = 1024 * 1024
MAC = "00:1b:44:11:3a:b7"


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = png_bomb(30_000)
    assert len(data) < MB
    return data


def _stamp() -> fleet_pb2.StreamedFrame:
    frame = fleet_pb2.StreamedFrame(sequence=1)
    frame.frame_timestamp.FromJsonString("2020-02-19T12:59:02Z")
    return frame


async def _streamed(stub: fleet_pb2_grpc.FleetServiceStub, token: str, image: bytes) -> str:
    """Stream one frame; the reason of its nack."""
    frame = _stamp()
    frame.image = image

    async def requests() -> AsyncIterator[fleet_pb2.StreamFramesRequest]:
        yield fleet_pb2.StreamFramesRequest(frame=frame)

    call = stub.StreamFrames(requests(), metadata=(("authorization", f"Bearer {token}"),))
    async for reply in call:
        assert reply.WhichOneof("item") == "nack", reply
        return reply.nack.message
    raise AssertionError("no answer")


async def _posted(
    stub: fleet_pb2_grpc.FleetServiceStub, device: fleet_pb2.DeviceRegistration, image: bytes
) -> str:
    request = fleet_pb2.AddSafeFrameRequest(truck_id=device.truck_id, image=image)
    request.frame_timestamp.FromJsonString("2020-02-19T12:59:02Z")
    metadata = (("authorization", f"Bearer {device.token}"),)
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await stub.AddSafeFrame(request, metadata=metadata)
    assert refused.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error_reason(refused.value) == "TOO_MANY_PIXELS"
    return refused.value.details() or ""


async def test_three_bombs_at_once_leave_fleet_memory_flat(
    bomb: bytes, sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    port = free_port()
    process = await start_fleet(port, sqlite_db, tmp_path)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            device = await register(stub, MAC)
            before = reset_peak(process.pid)
            answers = await asyncio.gather(
                _posted(stub, device, bomb),
                _posted(stub, device, bomb),
                _streamed(stub, device.token, bomb),
            )
            grown = peak(process.pid) - before
    finally:
        kill(process)
    assert all("30000x30000 pixels, over the limit" in answer for answer in answers)
    assert grown < 100 * MB, f"fleet grew by {grown // MB} MB"


async def test_three_bombs_at_once_leave_ocr_memory_flat(bomb: bytes, tmp_path: Path) -> None:
    port = free_port()
    env = {
        **os.environ,
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_OCR_PORT": str(port),
        "ARGUS_OCR_METRICS_PORT": "0",
        "ARGUS_OCR_WORKERS": "1",
        "ARGUS_DATA_DIR": str(tmp_path),
        "ARGUS_LOG_LEVEL": "WARNING",
    }
    process = await start_service("ocr", port, env)
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = ocr_pb2_grpc.OcrServiceStub(channel)
            before = reset_peak(process.pid)
            calls = [stub.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=bomb))] * 2
            calls.append(stub.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=bomb)))
            results = await asyncio.gather(*calls, return_exceptions=True)
            grown = peak(process.pid) - before
    finally:
        kill(process)
    for result in results:
        assert isinstance(result, grpc.aio.AioRpcError)
        assert result.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "30000x30000 pixels, over the limit" in (result.details() or "")
    assert grown < 100 * MB, f"OCR grew by {grown // MB} MB"


async def test_a_bomb_posted_as_a_rest_frame_answers_400_in_the_envelope(
    bomb: bytes, sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with (
        fleet_gateway(tmp_path, sqlite_db, fleet_max_frame_pixels=1_000_000) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        reply = await client.post(
            "/api/v1/jetson/register/", json={"mac": MAC, "password": "device-pass-1"}
        )
        device = reply.json()["data"]
        body = {
            "token": device["token"],
            "truck_id": device["truck_id"],
            "frame_timestamp": T0,
            "frame": str(b64encode(bomb)),
        }
        reply = await client.post("/api/v1/safe/", json=body)
    assert reply.status_code == 400
    assert reply.json()["code"] == 400
    assert reply.json()["reason"] == "TOO_MANY_PIXELS"
    assert reply.json()["error"] == (
        "the image is 30000x30000 pixels, over the limit of 1000000 pixels"
    )
