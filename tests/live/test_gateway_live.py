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
import websockets
from prometheus_client import REGISTRY

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.gateway.backends import Backends
from tests.fleet.conftest import fleet_overrides
from tests.live.conftest import admin_token, auth, jpeg, register, until
from tests.support.databases import TestDatabase
from tests.support.servers import Platform, platform

T0 = datetime(2026, 3, 4, 5, 6, 7)


@pytest.fixture
async def live(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Platform]:
    async with platform(tmp_path, sqlite_db, fleet=fleet_overrides()) as p:
        yield p


@pytest.fixture
async def stub(live: Platform) -> AsyncIterator[fleet_pb2_grpc.FleetServiceStub]:
    """The gateway's own stub of the fleet service, to act as devices and users."""
    backends = Backends(live.gateway_settings)
    try:
        yield backends.fleet
    finally:
        await backends.close()


def _gauge(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def _open_alert(stub, token: str, truck_id: int, behavior: str = "Unsafe"):  # type: ignore[no-untyped-def]
    request = fleet_pb2.OpenAlertRequest(
        truck_id=truck_id, alert_init=utc_timestamp(T0), behavior=behavior
    )
    return await stub.OpenAlert(request, metadata=auth(token))


async def test_a_socketio_client_registered_with_get_alert_receives_each_new_alert(
    live: Platform, stub: fleet_pb2_grpc.FleetServiceStub
) -> None:
    token = await admin_token(stub)
    device = await register(stub, "aa:bb:cc:00:01:01")
    client = socketio.AsyncClient()
    received: asyncio.Queue[dict] = asyncio.Queue()
    client.on("an_alert", received.put, namespace="/alert")
    await client.connect(live.url, namespaces=["/alert"])
    ack = await client.call("get_alert", {"username": "root", "token": token}, namespace="/alert")
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
    assert _gauge("argus_alert_watchers") >= 1

    await client.disconnect()
    await until(lambda: _gauge("argus_gateway_live_watchers", feed="socketio") == 0)
    await until(lambda: _gauge("argus_alert_watchers") == 0)


async def test_get_alert_with_a_bad_token_is_refused_and_leaves_nothing_behind(
    live: Platform,
) -> None:
    client = socketio.AsyncClient()
    await client.connect(live.url, namespaces=["/alert"])
    ack = await client.call("get_alert", {"username": "x", "token": "nope"}, namespace="/alert")
    await client.disconnect()
    assert ack["code"] == 401 and ack["status_code"] == "Error" and ack["data"] == {}
    await until(lambda: _gauge("argus_gateway_live_watchers", feed="socketio") == 0)
    await until(lambda: _gauge("argus_alert_watchers") == 0)


async def test_the_websocket_feed_sends_opened_and_closed_events(
    live: Platform, stub: fleet_pb2_grpc.FleetServiceStub
) -> None:
    token = await admin_token(stub)
    device = await register(stub, "aa:bb:cc:00:01:02")
    ws_url = live.url.replace("http", "ws") + f"/api/v1/live/alerts/ws?token={token}"
    async with websockets.connect(ws_url) as socket:
        alert = await _open_alert(stub, device.token, device.truck_id)
        close = fleet_pb2.CloseAlertRequest(alert_id=alert.id, alert_end=utc_timestamp(T0))
        await stub.CloseAlert(close, metadata=auth(device.token))
        opened = json.loads(await asyncio.wait_for(socket.recv(), 10))
        closed = json.loads(await asyncio.wait_for(socket.recv(), 10))
    assert (opened["kind"], opened["alert"]["id"]) == ("opened", alert.id)
    assert (closed["kind"], closed["alert"]["started"]) == ("closed", False)
    assert closed["alert"]["alert_end"] == "2026-03-04T05:06:07"
    await until(lambda: _gauge("argus_gateway_live_watchers", feed="websocket") == 0)


async def test_the_websocket_feed_refuses_a_bad_token(live: Platform) -> None:
    ws_url = live.url.replace("http", "ws") + "/api/v1/live/alerts/ws?token=bad"
    with pytest.raises(websockets.exceptions.InvalidStatus) as refused:
        async with websockets.connect(ws_url):
            pass
    assert refused.value.response.status_code == 403


async def test_the_sse_feed_streams_events_of_the_chosen_truck_only(
    live: Platform, stub: fleet_pb2_grpc.FleetServiceStub
) -> None:
    token = await admin_token(stub)
    watched = await register(stub, "aa:bb:cc:00:01:03")
    other = await register(stub, "aa:bb:cc:00:01:04")
    async with (
        httpx.AsyncClient(base_url=live.url, timeout=10) as client,
        client.stream(
            "GET",
            "/api/v1/live/alerts/sse",
            params={"truck_id": watched.truck_id},
            headers={"Authorization": f"Bearer {token}"},
        ) as reply,
    ):
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("text/event-stream")
        await _open_alert(stub, other.token, other.truck_id)
        alert = await _open_alert(stub, watched.token, watched.truck_id)
        lines = reply.aiter_lines()
        data = await anext(line async for line in lines if line.startswith("data: "))
    event = json.loads(data.removeprefix("data: "))
    assert event["kind"] == "opened" and event["alert"]["id"] == alert.id
    await until(lambda: _gauge("argus_gateway_live_watchers", feed="sse") == 0)
    await until(lambda: _gauge("argus_alert_watchers") == 0)


async def test_the_sse_feed_without_a_token_answers_401(live: Platform) -> None:
    async with httpx.AsyncClient(base_url=live.url) as client:
        reply = await client.get("/api/v1/live/alerts/sse")
    assert reply.status_code == 401
    assert reply.json()["status_code"] == "Error"


async def test_the_mjpeg_view_shows_each_new_frame_of_the_truck(
    live: Platform, stub: fleet_pb2_grpc.FleetServiceStub
) -> None:
    token = await admin_token(stub)
    device = await register(stub, "aa:bb:cc:00:01:05")
    image = jpeg(seed=42)
    path = f"/api/v1/live/trucks/{device.truck_id}/mjpeg"
    async with (
        httpx.AsyncClient(base_url=live.url, timeout=10) as client,
        client.stream("GET", path, params={"token": token}) as reply,
    ):
        assert reply.status_code == 200
        assert reply.headers["content-type"].startswith("multipart/x-mixed-replace")
        frame = fleet_pb2.AddSafeFrameRequest(
            truck_id=device.truck_id, frame_timestamp=utc_timestamp(T0), image=image
        )
        await stub.AddSafeFrame(frame, metadata=auth(device.token))
        received = b""
        async for chunk in reply.aiter_bytes():
            received += chunk
            if image in received:
                break
    assert received.startswith(b"--argusframe\r\nContent-Type: image/jpeg\r\n")
    await until(lambda: _gauge("argus_gateway_live_watchers", feed="mjpeg") == 0)


async def test_the_mjpeg_view_refuses_a_forged_token(live: Platform) -> None:
    async with httpx.AsyncClient(base_url=live.url) as client:
        reply = await client.get("/api/v1/live/trucks/1/mjpeg", params={"token": "forged"})
    assert reply.status_code == 401


async def test_get_alert_with_another_users_name_is_refused(
    live: Platform, stub: fleet_pb2_grpc.FleetServiceStub
) -> None:
    token = await admin_token(stub)
    client = socketio.AsyncClient()
    errors: asyncio.Queue[dict] = asyncio.Queue()
    client.on("alert_error", errors.put, namespace="/alert")
    await client.connect(live.url, namespaces=["/alert"])
    ack = await client.call(
        "get_alert", {"username": "somebody-else", "token": token}, namespace="/alert"
    )
    error = await asyncio.wait_for(errors.get(), 10)
    await client.disconnect()
    assert ack["code"] == 401 and ack["reason"] == "USERNAME_MISMATCH"
    assert error == ack
