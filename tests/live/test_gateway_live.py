"""Browser feeds through the gateway: Socket.IO `/alert`, WebSocket, SSE and MJPEG."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest
import socketio
from prometheus_client import REGISTRY

from argus.fleet.v1 import fleet_pb2
from services.fleet.convert import timestamp
from tests.fleet.conftest import fleet_overrides
from tests.live.conftest import admin_token, auth, jpeg, register
from tests.support.databases import TestDatabase
from tests.support.servers import Platform, platform

T0 = datetime(2026, 3, 4, 5, 6, 7)


@pytest.fixture
async def live(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Platform]:
    async with platform(tmp_path, sqlite_db, fleet=fleet_overrides()) as p:
        yield p


def _gauge(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def _until(condition) -> None:  # type: ignore[no-untyped-def]
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("condition not reached")


async def _open_alert(stub, token: str, truck_id: int, behavior: str = "Unsafe"):  # type: ignore[no-untyped-def]
    request = fleet_pb2.OpenAlertRequest(
        truck_id=truck_id, alert_init=timestamp(T0), behavior=behavior
    )
    return await stub.OpenAlert(request, metadata=auth(token))


async def test_a_socketio_client_registered_with_get_alert_receives_each_new_alert(
    live: Platform,
) -> None:
    from services.gateway.backends import Backends

    backends = Backends(live.gateway_settings)
    try:
        stub = backends.fleet
        token = await admin_token(stub)
        device = await register(stub, "aa:bb:cc:00:01:01")
        client = socketio.AsyncClient()
        received: asyncio.Queue[dict] = asyncio.Queue()
        client.on("an_alert", received.put, namespace="/alert")
        await client.connect(live.url, namespaces=["/alert"])
        ack = await client.call(
            "get_alert", {"username": "root", "token": token}, namespace="/alert"
        )
        assert ack["code"] == 200

        alert = await _open_alert(stub, device.token, device.truck_id)
        message = await asyncio.wait_for(received.get(), 10)
        assert message["data"] == "new_alert"
        assert message["alert"] == {
            "behavior": "Unsafe",
            "alert_init": "2026-03-04T05:06:07",
            "id": alert.id,
            "truck_id": device.truck_id,
            "started": True,
            "alert_end": None,
        }
        assert _gauge("argus_gateway_live_watchers", feed="socketio") == 1
        assert _gauge("argus_alert_watchers") == 1

        await client.disconnect()
        await _until(lambda: _gauge("argus_gateway_live_watchers", feed="socketio") == 0)
        await _until(lambda: _gauge("argus_alert_watchers") == 0)
    finally:
        await backends.close()


async def test_get_alert_with_a_bad_token_is_refused_and_leaves_nothing_behind(
    live: Platform,
) -> None:
    client = socketio.AsyncClient()
    await client.connect(live.url, namespaces=["/alert"])
    ack = await client.call("get_alert", {"username": "x", "token": "nope"}, namespace="/alert")
    await client.disconnect()
    assert ack["code"] == 401 and ack["status_code"] == "Error"
    assert _gauge("argus_gateway_live_watchers", feed="socketio") == 0
    assert _gauge("argus_alert_watchers") == 0
