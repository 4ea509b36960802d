"""Who may register a device: open, secret (the enrollment secret) or approval (pending until
an admin approves it, over the API or with `argus device approve`)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from base64 import b64encode
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import grpc
import httpx
import pytest

from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.agent.sources import image_files, read_images
from tests.fleet.conftest import ADMIN, T0, Api, fleet_gateway, jpeg
from tests.live.conftest import agent, image_folder, register
from tests.support.databases import TestDatabase

MAC = "dc:71:96:53:16:0a"
ENROLLMENT = "enrollment-secret-0123456789"
BIN = Path(sys.executable).parent


async def _api(tmp_path: Path, db: TestDatabase, **settings: object) -> AsyncIterator[Api]:
    async with fleet_gateway(tmp_path, db, **settings) as (url, server):
        async with httpx.AsyncClient(base_url=url) as client:
            api = Api(client)
            api.target = f"127.0.0.1:{server.port}"  # type: ignore[attr-defined]
            yield api


@pytest.fixture
async def approval(tmp_path: Path, db: TestDatabase) -> AsyncIterator[Api]:
    async for api in _api(tmp_path, db, fleet_device_registration="approval"):
        yield api


@pytest.fixture
async def secret(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Api]:
    settings = {"fleet_device_registration": "secret", "fleet_device_enrollment_secret": ENROLLMENT}
    async for api in _api(tmp_path, sqlite_db, **settings):
        yield api


def _jetson(**extra: str) -> dict[str, str]:
    return {"mac": MAC, "password": "pass123", "name": "Truck-1", **extra}


async def test_a_mac_that_is_not_a_mac_address_answers_400(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async for api in _api(tmp_path, sqlite_db):
        for mac in ("truck-1", "dc:71:96:53:16", "dc:71:96:53:16:0a:ff", "zz:71:96:53:16:0a"):
            reply = await api.client.post("/api/v1/jetson/register/", json=_jetson(mac=mac))
            assert reply.status_code == 400, mac
            assert reply.json()["reason"] == "INVALID_MAC"
        spelled = await api.client.post(
            "/api/v1/jetson/register/", json=_jetson(mac="DC-71-96-53-16-0A")
        )
        assert spelled.json()["data"]["truck_id"] == (await api.jetson())["truck_id"]


async def test_secret_mode_registers_a_new_mac_only_with_the_enrollment_secret(secret: Api) -> None:
    path = "/api/v1/jetson/register/"
    refused = [
        await secret.client.post(path, json=_jetson()),
        await secret.client.post(path, json=_jetson(enrollment_secret="wrong")),
    ]
    assert [r.status_code for r in refused] == [403, 403]
    assert {r.json()["reason"] for r in refused} == {"ENROLLMENT_REFUSED"}
    in_body = await secret.client.post(path, json=_jetson(enrollment_secret=ENROLLMENT))
    other = _jetson(mac="dc:71:96:53:16:0b")
    in_header = await secret.client.post(
        path, json=other, headers={"X-Enrollment-Secret": ENROLLMENT}
    )
    assert (in_body.status_code, in_header.status_code) == (200, 200)
    # A known device renews its token with its password alone.
    renewed = await secret.client.post(path, json=_jetson())
    assert renewed.json()["data"]["truck_id"] == in_body.json()["data"]["truck_id"]


async def _frame_reply(api: Api, device: dict[str, Any]) -> httpx.Response:
    body = {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "frame_timestamp": T0,
        "frame": str(b64encode(jpeg())),
    }
    return await api.client.post("/api/v1/safe/", json=body)


async def test_a_pending_device_gets_403_until_an_admin_approves_it(approval: Api) -> None:
    device = await approval.jetson()
    assert device["pending"] is True
    alert = {"token": device["token"], "truck_id": device["truck_id"], "alert_init": T0}
    opened = await approval.client.post("/api/v1/alert/", json={**alert, "behavior": "Unsafe"})
    framed = await _frame_reply(approval, device)
    for reply in (opened, framed):
        assert reply.status_code == 403
        assert reply.json()["reason"] == "DEVICE_NOT_APPROVED"

    approve = {"token": await approval.user("operator"), "mac": MAC}
    assert (await approval.client.post("/api/v1/jetson/approve/", json=approve)).status_code == 403
    approve["token"] = await approval.login()
    approved = await approval.client.post("/api/v1/jetson/approve/", json=approve)
    assert approved.json()["data"]["pending"] is False

    assert (await _frame_reply(approval, device)).status_code == 200
    assert await approval.open_alert(device) > 0
    assert (await approval.jetson())["pending"] is False


async def test_a_pending_device_cannot_stream_frames(approval: Api) -> None:
    async with grpc.aio.insecure_channel(approval.target) as channel:  # type: ignore[attr-defined]
        stub = fleet_pb2_grpc.FleetServiceStub(channel)
        device = await register(stub, MAC)
        assert device.pending

        async def nothing() -> AsyncIterator[fleet_pb2.StreamFramesRequest]:
            await asyncio.sleep(0)
            return
            yield

        call = stub.StreamFrames(nothing(), metadata=(("authorization", f"Bearer {device.token}"),))
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            async for _ in call:
                pass
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_argus_device_approve_lets_a_pending_device_work(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async for api in _api(tmp_path, sqlite_db, fleet_device_registration="approval"):
        device = await api.jetson()
        env = {
            **os.environ,
            "ARGUS_DATA_DIR": str(tmp_path),
            "ARGUS_FLEET_DATABASE_URL": sqlite_db.url,
            "ARGUS_FLEET_ADMIN_USERNAME": ADMIN[0],
        }
        done = subprocess.run(
            [str(BIN / "argus"), "device", "approve", MAC.upper()],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"approved device {MAC.upper()}")
        assert (await _frame_reply(api, device)).status_code == 200
        unknown = subprocess.run(
            [str(BIN / "argus"), "device", "approve", "00:00:00:00:00:01"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert unknown.returncode == 1
        assert "no device with mac 00:00:00:00:00:01" in unknown.stderr


async def test_the_agent_of_a_pending_device_keeps_its_frames_until_approval(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async for api in _api(tmp_path, sqlite_db, fleet_device_registration="approval"):
        folder = image_folder(tmp_path / "images", 3)
        device, out = agent(api.target, MAC, tmp_path)  # type: ignore[attr-defined]
        streaming = asyncio.create_task(device.stream(read_images(image_files(folder))))
        for _ in range(1000):  # until the refused stream is being retried
            if "connection lost (PERMISSION_DENIED" in out.getvalue():
                break
            await asyncio.sleep(0.02)
        assert "this device waits for an admin's approval (argus device approve" in out.getvalue()
        assert device.stats.acked == 0 and not streaming.done()
        approve = {"token": await api.login(), "mac": MAC}
        assert (await api.client.post("/api/v1/jetson/approve/", json=approve)).status_code == 200
        await streaming
        await device.close()
    assert device.stats.acked == 3 and device.spool.count() == 0
    assert "connection lost (PERMISSION_DENIED: this device waits" in out.getvalue()


async def test_the_agent_presents_the_enrollment_secret(secret: Api, tmp_path: Path) -> None:
    folder = image_folder(tmp_path / "images", 2)
    device, _ = agent(secret.target, MAC, tmp_path, enrollment_secret=ENROLLMENT)  # type: ignore[attr-defined]
    await device.stream(read_images(image_files(folder)))
    await device.close()
    assert device.stats.acked == 2
