"""PostgreSQL stopped for 10 s under load (alerts opened, frames sent one per call through the
frame group commit, alerts listed through the one-go reads): only 503s with Retry-After in the
ServerAPI envelope, the fleet's health NOT_SERVING then SERVING by itself, nothing acknowledged
lost."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import grpc
import httpx
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import select

from argus.core.db import create_engine
from services.fleet.frames.models import Frame
from services.gateway.settings import GatewaySettings
from tests.fleet.conftest import ADMIN, Api, jpeg
from tests.live.processes import fleet_process
from tests.support.databases import TestDatabase
from tests.support.own_postgres import own_postgres
from tests.support.servers import free_port, gateway

OUTAGE_SECONDS = 10


class Load:
    """Devices opening alerts and a user listing them, until stopped; every answer kept."""

    def __init__(self, client: httpx.AsyncClient, device: dict[str, Any], token: str) -> None:
        self.client, self.device, self.token = client, device, token
        self.answers: list[httpx.Response] = []
        self.acknowledged: list[int] = []
        self.frames: list[int] = []
        self.running = True

    async def send_frames(self, alert_id: int) -> None:
        api, image = Api(self.client), jpeg()
        while self.running:
            reply = await api.frame(self.device, alert_id, image)
            self.answers.append(reply)
            if reply.status_code == 200:
                self.frames.append(int(reply.json()["data"]["id"]))
            await asyncio.sleep(0.05)

    async def open_alerts(self) -> None:
        while self.running:
            body = {
                "token": self.device["token"],
                "truck_id": self.device["truck_id"],
                "alert_init": "2020-02-19 12:59:02",
                "behavior": "Unsafe",
            }
            reply = await self.client.post("/api/v1/alert/", json=body)
            self.answers.append(reply)
            if reply.status_code == 201:
                self.acknowledged.append(int(reply.json()["data"]["alert_id"]))
            await asyncio.sleep(0.05)

    async def list_alerts(self) -> None:
        while self.running:
            reply = await self.client.get(
                "/api/v1/alert/", headers={"Authorization": f"Bearer {self.token}"}
            )
            self.answers.append(reply)
            await asyncio.sleep(0.05)


async def _health(target: str) -> int:
    async with grpc.aio.insecure_channel(target) as channel:
        try:
            reply = await health_pb2_grpc.HealthStub(channel).Check(
                health_pb2.HealthCheckRequest(), timeout=2
            )
        except grpc.aio.AioRpcError:
            return -1
        return int(reply.status)


async def _wait_health(target: str, status: int) -> None:
    deadline = time.monotonic() + 60
    while await _health(target) != status:
        assert time.monotonic() < deadline, f"health never became {status}"
        await asyncio.sleep(0.2)


async def _all_alert_ids(client: httpx.AsyncClient, token: str) -> set[int]:
    ids: set[int] = set()
    page = 1
    while True:
        reply = await client.get(
            "/api/v1/alert/",
            params={"page": page},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert reply.status_code == 200, reply.text
        data = reply.json()["data"]
        ids |= {alert["id"] for alert in data["alerts"]}
        if page >= data["totalPages"]:
            return ids
        page += 1


async def _frame_ids(url: str) -> set[int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return {int(i) for i in await connection.scalars(select(Frame.id))}
    finally:
        await engine.dispose()


async def test_a_database_outage_answers_503s_only_and_loses_nothing_acknowledged(
    tmp_path: Path,
) -> None:
    with own_postgres() as postgres:
        port = free_port()
        target = f"127.0.0.1:{port}"
        async with fleet_process(port, TestDatabase(url=postgres.url), tmp_path / "fleet"):
            settings = GatewaySettings(  # type: ignore[call-arg]
                data_dir=tmp_path, gateway_port=free_port(), fleet_target=target
            )
            async with gateway(settings) as url, httpx.AsyncClient(base_url=url, timeout=30) as c:
                api = Api(c)
                device, token = await api.jetson(), await api.login(*ADMIN)
                load = Load(c, device, token)
                alert_id = await api.open_alert(device)
                workers = [asyncio.create_task(w()) for w in (load.open_alerts, load.list_alerts)]
                workers.append(asyncio.create_task(load.send_frames(alert_id)))
                await asyncio.sleep(1)
                postgres.stop()
                await _wait_health(target, health_pb2.HealthCheckResponse.NOT_SERVING)
                await asyncio.sleep(OUTAGE_SECONDS)
                postgres.start()
                await _wait_health(target, health_pb2.HealthCheckResponse.SERVING)
                served_again = len(load.acknowledged)
                deadline = time.monotonic() + 60
                frames_again = len(load.frames)
                while (
                    len(load.acknowledged) < served_again + 5 or len(load.frames) < frames_again + 5
                ):
                    assert time.monotonic() < deadline, [
                        (r.status_code, r.text[:200]) for r in load.answers[-6:]
                    ]
                    await asyncio.sleep(0.1)
                load.running = False
                await asyncio.gather(*workers)
                stored = await _all_alert_ids(c, token)
                stored_frames = await _frame_ids(postgres.url)

    statuses = {reply.status_code for reply in load.answers}
    assert statuses == {200, 201, 503}, statuses
    for reply in load.answers:
        if reply.status_code == 503:
            body = reply.json()
            assert body["code"] == 503 and body["status_code"] == "Error", body
            assert body["reason"] == "DATABASE_UNAVAILABLE", body
            assert reply.headers["Retry-After"] == "1"
    assert set(load.acknowledged) <= stored
    assert load.frames and set(load.frames) <= stored_frames
