"""Every live client gets every alert once, in order, across a fleet SIGKILL and restart:
python-socketio 5, the seed's socket.io-client 2.2.0 under Node, a WebSocket and an SSE
client that reconnects with Last-Event-ID; alerts keep coming through a second fleet replica
on PostgreSQL meanwhile, and the LISTEN connections are cut as well."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import grpc
import httpx
import socketio
import websockets

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.gateway.settings import GatewaySettings
from tests.live.conftest import admin_token, auth, jpeg, register, until
from tests.live.processes import fleet_process, kill, replicas_behind_gateway, start_fleet
from tests.live.test_events import _terminate_listeners
from tests.live.test_socketio_v2 import node_client
from tests.support.databases import TestDatabase
from tests.support.servers import free_port, gateway


class SseClient:
    """An EventSource: remembers the last id and reconnects with Last-Event-ID."""

    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token
        self.opened: list[int] = []
        self.last_id: str | None = None
        self.task: asyncio.Task[None] | None = None
        self.headers_received = False

    def connect(self) -> None:
        self.task = asyncio.create_task(self._read())

    def seen(self, count: int) -> bool:
        """At least `count` alerts opened; raises what ended the stream, if it ended."""
        assert self.task is not None
        if self.task.done() and not self.task.cancelled():
            self.task.result()
            raise AssertionError("the event stream ended")
        return len(self.opened) >= count

    async def disconnect(self) -> None:
        assert self.task is not None
        self.task.cancel()
        await asyncio.gather(self.task, return_exceptions=True)

    async def _read(self) -> None:
        headers = {"Last-Event-ID": self.last_id} if self.last_id else {}
        async with (
            httpx.AsyncClient(timeout=None) as client,
            client.stream("GET", self.url, params={"token": self.token}, headers=headers) as stream,
        ):
            assert stream.status_code == 200, (await stream.aread()).decode()
            self.headers_received = True
            event_id, kind = None, None
            async for line in stream.aiter_lines():
                if line.startswith("id: "):
                    event_id = line[4:]
                elif line.startswith("event: "):
                    kind = line[7:]
                elif line.startswith("data: ") and kind == "opened":
                    self.opened.append(json.loads(line[6:])["alert"]["id"])
                if line == "" and event_id is not None:
                    self.last_id, event_id, kind = event_id, None, None


async def _open(stub: fleet_pb2_grpc.FleetServiceStub, device: Any) -> int:
    request = fleet_pb2.OpenAlertRequest(
        truck_id=device.truck_id, alert_init=utc_timestamp(datetime(2026, 1, 1)), behavior="Unsafe"
    )
    return int((await stub.OpenAlert(request, metadata=auth(device.token))).id)


async def test_every_live_client_gets_every_alert_once_in_order_across_a_fleet_kill(
    postgres_db: TestDatabase, tmp_path: Path
) -> None:
    async with replicas_behind_gateway(postgres_db, tmp_path) as replicas:
        url, stub, replica_a = replicas.url, replicas.stub, replicas.first
        token = await admin_token(stub)
        device = await register(stub, "aa:bb:cc:00:09:01")

        sio: list[int] = []
        sio_errors: list[Any] = []
        client = socketio.AsyncClient()
        client.on("an_alert", lambda m: sio.append(m["alert"]["id"]), namespace="/alert")
        client.on("alert_error", sio_errors.append, namespace="/alert")
        await client.connect(url, namespaces=["/alert"])
        ack = await client.call("get_alert", {"token": token}, namespace="/alert")
        assert ack["code"] == 200

        ws_url = url.replace("http", "ws") + f"/api/v1/live/alerts/ws?token={token}"
        sse = SseClient(f"{url}/api/v1/live/alerts/sse", token)
        sse.connect()
        async with (
            node_client(url, "root", token, "websocket") as node,
            websockets.connect(ws_url) as ws,
        ):
            assert (await node.next("ack"))["code"] == 200
            ws_seen: list[int] = []

            async def read_ws() -> None:
                async for text in ws:
                    event = json.loads(text)
                    if event["kind"] == "opened":
                        ws_seen.append(event["alert"]["id"])

            ws_reader = asyncio.create_task(read_ws())
            opened = [await _open(stub, device) for _ in range(2)]
            await until(lambda: len(sio) == 2 and len(ws_seen) == 2 and sse.seen(2))

            # Fleet A dies; the SSE client loses its connection too (as a browser would).
            kill(replica_a[0])
            await sse.disconnect()
            opened += [await _open(stub, device) for _ in range(3)]
            replica_a[0] = await start_fleet(replicas.first_port, postgres_db, tmp_path / "a")
            sse.connect()
            opened += [await _open(stub, device) for _ in range(2)]
            await until(lambda: len(sio) >= 7 and len(ws_seen) >= 7, seconds=60)

            # Both replicas' LISTEN connections cut: the alerts still arrive.
            assert await _terminate_listeners(postgres_db) == 2
            opened += [await _open(stub, device) for _ in range(2)]
            node_seen = [(await node.next("an_alert"))["alert"]["id"] for _ in range(len(opened))]
            await until(
                lambda: len(sio) >= 9 and len(ws_seen) >= 9 and sse.seen(9),
                seconds=60,
            )
            ws_reader.cancel()
            await asyncio.gather(ws_reader, return_exceptions=True)
            await sse.disconnect()
            await node.disconnect()
        await client.disconnect()

    assert sio == opened and sio_errors == []
    assert node_seen == opened
    assert ws_seen == opened
    assert sse.opened == opened


async def test_a_feed_opened_while_the_fleet_restarts_waits_for_it(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    """An EventSource gives up for good on a 503, so SSE opened in the gap between a fleet
    SIGKILL and its restart must wait for the new process, then stream; Socket.IO likewise."""
    port = free_port()
    async with fleet_process(port, sqlite_db, tmp_path / "fleet") as replica:
        settings = GatewaySettings(  # type: ignore[call-arg]
            data_dir=tmp_path,
            gateway_port=free_port(),
            fleet_target=f"127.0.0.1:{port}",
            gateway_live_connect_seconds=60,
        )
        async with gateway(settings) as url:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = fleet_pb2_grpc.FleetServiceStub(channel)
                token = await admin_token(stub)
                device = await register(stub, "aa:bb:cc:00:09:02")
            kill(replica[0])

            sse = SseClient(f"{url}/api/v1/live/alerts/sse", token)
            sse.connect()
            client = socketio.AsyncClient()
            await client.connect(url, namespaces=["/alert"])
            sio: list[int] = []
            client.on("an_alert", lambda m: sio.append(m["alert"]["id"]), namespace="/alert")
            ack = asyncio.create_task(
                client.call("get_alert", {"token": token}, namespace="/alert", timeout=90)
            )
            await asyncio.sleep(1.0)  # both are waiting for the fleet service now
            assert not ack.done()

            replica[0] = await start_fleet(port, sqlite_db, tmp_path / "fleet")
            assert (await ack)["code"] == 200
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = fleet_pb2_grpc.FleetServiceStub(channel)
                # The SSE stream is open once its headers arrived; alerts opened from then on
                # reach it (one opened earlier would too, as "from now" is when it opened).
                await until(lambda: sse.headers_received, seconds=60)
                opened = [await _open(stub, device) for _ in range(2)]
            await until(lambda: sse.seen(2) and len(sio) >= 2, seconds=60)
            await sse.disconnect()
            await client.disconnect()
    assert sse.opened == opened
    assert sio == opened


async def test_the_mjpeg_view_stays_open_across_a_fleet_kill(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    """The truck's live view keeps streaming: a frame added after the fleet service was
    SIGKILLed and restarted reaches the viewer on the same HTTP response."""
    port = free_port()
    async with fleet_process(port, sqlite_db, tmp_path / "fleet") as replica:
        settings = GatewaySettings(  # type: ignore[call-arg]
            data_dir=tmp_path, gateway_port=free_port(), fleet_target=f"127.0.0.1:{port}"
        )
        async with gateway(settings) as url:
            async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                stub = fleet_pb2_grpc.FleetServiceStub(channel)
                token = await admin_token(stub)
                device = await register(stub, "aa:bb:cc:00:09:03")
                before = await _add_frame(stub, device, seed=1)
            path = f"{url}/api/v1/live/trucks/{device.truck_id}/mjpeg"
            async with (
                httpx.AsyncClient(timeout=120) as client,
                client.stream("GET", path, params={"token": token}) as reply,
            ):
                assert reply.status_code == 200
                chunks = reply.aiter_bytes()
                received = await _read_until(chunks, before)
                kill(replica[0])
                replica[0] = await start_fleet(port, sqlite_db, tmp_path / "fleet")
                async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
                    stub = fleet_pb2_grpc.FleetServiceStub(channel)
                    after = await _add_frame(stub, device, seed=2)
                received += await _read_until(chunks, after)
    assert received.count(b"Content-Type: image/jpeg") >= 2


async def _add_frame(stub: fleet_pb2_grpc.FleetServiceStub, device: Any, seed: int) -> bytes:
    image = jpeg(seed=seed)
    request = fleet_pb2.AddSafeFrameRequest(
        truck_id=device.truck_id, frame_timestamp=utc_timestamp(datetime(2026, 1, 1)), image=image
    )
    await stub.AddSafeFrame(request, metadata=auth(device.token))
    return image


async def _read_until(chunks: Any, image: bytes) -> bytes:
    received = b""
    async for chunk in chunks:
        received += chunk
        if image in received:
            return received
    raise AssertionError("the MJPEG stream ended before the frame arrived")
