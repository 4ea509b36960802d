"""The seed's page: a real socket.io-client 2.2.0 (Engine.IO 3) on `/alert`, run under Node."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client import REGISTRY

from services.gateway.live.eio3 import ProtocolError, decode_payload, encode_payload
from tests.fleet.conftest import ADMIN, T0, Api, fleet_overrides
from tests.live.conftest import until
from tests.support.databases import TestDatabase
from tests.support.servers import Platform, platform

CLIENT_DIR = Path(__file__).parent / "js"
FEED = {"feed": "socketio2"}
EIO3 = {"EIO": "3", "transport": "polling"}


@pytest.fixture
async def live(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Platform]:
    async with platform(tmp_path, sqlite_db, fleet=fleet_overrides()) as p:
        yield p


@pytest.fixture
async def api(live: Platform) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=live.url, timeout=10) as client:
        yield Api(client)


class NodeClient:
    """The seed's browser code under Node; reads the JSON lines it prints."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.seen: list[dict[str, Any]] = []
        self.unread: list[dict[str, Any]] = []

    async def next(self, event: str) -> Any:
        """The data of the next `event` the client printed (other events stay unread)."""
        assert self.process.stdout is not None
        while True:
            for printed in self.unread:
                if printed["event"] == event:
                    self.unread.remove(printed)
                    return printed["data"]
            line = await asyncio.wait_for(self.process.stdout.readline(), 15)
            assert line, f"the client ended; it printed {self.seen}"
            self.seen.append(json.loads(line))
            self.unread.append(self.seen[-1])

    async def disconnect(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(b"disconnect\n")
        await self.process.stdin.drain()
        await asyncio.wait_for(self.process.wait(), 15)


@asynccontextmanager
async def node_client(
    url: str, username: str, token: str, transport: str = "both", ack: str = "ack"
) -> AsyncIterator[NodeClient]:
    """`transport`: polling, websocket or both (polling, then the upgrade to WebSocket)."""
    assert (CLIENT_DIR / "node_modules" / "socket.io-client").is_dir(), (
        "run `make install-test` (or `make test`)"
    )
    args = [url, username, token, transport, ack]
    process = await asyncio.create_subprocess_exec(
        "node",
        str(CLIENT_DIR / "alert_client.js"),
        *args,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        yield NodeClient(process)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def _gauge(name: str, labels: dict[str, str] | None = None) -> float:
    return REGISTRY.get_sample_value(name, labels or {}) or 0.0


@pytest.mark.parametrize(
    ("transport", "ack"), [("both", "ack"), ("polling", "noack"), ("websocket", "ack")]
)
async def test_a_socketio_2_client_gets_an_alert_opened_through_the_rest_api(
    live: Platform, api: Api, transport: str, ack: str
) -> None:
    token = await api.login()
    device = await api.jetson()
    watchers = _gauge("argus_alert_watchers")
    async with node_client(live.url, ADMIN[0], token, transport, ack) as client:
        assert await client.next("connect") == ("polling" if transport == "both" else transport)
        if ack == "ack":
            reply = await client.next("ack")
            assert reply == {"code": 200, "status_code": "Success", "data": {"truck_id": 0}}
        await until(lambda: _gauge("argus_gateway_live_watchers", FEED) == 1)
        if transport == "both":
            assert await client.next("upgrade") == "websocket"

        alert_id = await api.open_alert(device, behavior="Unsafe")
        message = await client.next("an_alert")
        assert message == {
            "data": "new_alert",
            "alert": {
                "id": alert_id,
                "truck_id": device["truck_id"],
                "behavior": "Unsafe",
                "alert_init": "2020-02-19T12:59:02",
                "alert_end": None,
                "started": True,
            },
            "event_id": message["event_id"],
        }
        assert message["event_id"] > 0
        second = await api.open_alert(device, behavior="Single Hand")
        assert (await client.next("an_alert"))["alert"]["id"] == second
        close = {"token": device["token"], "alert_id": alert_id, "alert_end": T0}
        assert (await api.client.put("/api/v1/alert/", json=close)).status_code == 200
        closed = await client.next("alert_closed")
        assert (closed["data"], closed["alert"]["id"], closed["alert"]["started"]) == (
            "alert_closed",
            alert_id,
            False,
        )

        await client.disconnect()
    await until(lambda: _gauge("argus_gateway_live_watchers", FEED) == 0)
    await until(lambda: _gauge("argus_alert_watchers") == watchers)


async def test_get_alert_with_a_bad_token_is_refused_as_on_the_current_protocol(
    live: Platform,
) -> None:
    async with node_client(live.url, "someone", "not-a-token") as client:
        error = await client.next("alert_error")
        ack = await client.next("ack")
        await client.disconnect()
    assert ack == error
    assert ack["code"] == 401 and ack["status_code"] == "Error" and ack["data"] == {}
    assert _gauge("argus_gateway_live_watchers", FEED) == 0


async def test_a_killed_websocket_client_leaves_nothing_behind(live: Platform, api: Api) -> None:
    watchers = _gauge("argus_alert_watchers")
    async with node_client(live.url, ADMIN[0], await api.login(), "websocket") as client:
        assert (await client.next("ack"))["code"] == 200
        client.process.kill()
        await client.process.wait()
    await until(lambda: _gauge("argus_gateway_live_watchers", FEED) == 0)
    await until(lambda: _gauge("argus_alert_watchers") == watchers)


def _packets(reply: httpx.Response) -> list[str]:
    assert reply.status_code == 200, reply.text
    assert reply.headers["content-type"] == "text/plain; charset=UTF-8"
    return decode_payload(reply.text)


async def test_engine_io_3_polling_frames_packets_with_their_length_and_answers_pings(
    api: Api,
) -> None:
    handshake = _packets(await api.client.get("/socket.io/", params=EIO3))
    assert handshake[0].startswith("0{") and handshake[1:] == ["40"]
    opened = json.loads(handshake[0][1:])
    assert opened["upgrades"] == ["websocket"]
    assert (opened["pingInterval"], opened["pingTimeout"]) == (25000, 20000)
    session = {**EIO3, "sid": opened["sid"]}

    sent = await api.client.post("/socket.io/", params=session, content="1:29:40/alert,")
    assert sent.status_code == 200 and sent.text == "ok"
    assert _packets(await api.client.get("/socket.io/", params=session)) == ["3", "40/alert,"]

    await api.client.post("/socket.io/", params=session, content="9:40/other,")
    refused = _packets(await api.client.get("/socket.io/", params=session))
    assert refused == ['44/other,"Invalid namespace"']


async def test_engine_io_3_refuses_unknown_sessions_and_bad_payloads(api: Api) -> None:
    unknown = await api.client.get("/socket.io/", params={**EIO3, "sid": "nope"})
    assert (unknown.status_code, unknown.json()) == (
        400,
        {"code": 1, "message": "Session ID unknown"},
    )
    sid = json.loads(_packets(await api.client.get("/socket.io/", params=EIO3))[0][1:])["sid"]
    bad = await api.client.post("/socket.io/", params={**EIO3, "sid": sid}, content="99:2")
    assert bad.status_code == 400
    gone = await api.client.get("/socket.io/", params={**EIO3, "sid": sid})
    assert gone.status_code == 400


async def test_other_engine_io_versions_still_reach_python_socketio(api: Api) -> None:
    reply = await api.client.get("/socket.io/", params={"EIO": "4", "transport": "polling"})
    assert reply.status_code == 200 and reply.text.startswith('0{"sid":')


def test_payload_lengths_count_what_javascript_counts() -> None:
    packets = ['42/alert,["an_alert",{"behavior":"Tamper é 😀"}]', "2"]
    payload = encode_payload(packets)
    assert payload.startswith("48:")  # the emoji is two UTF-16 code units, as in JavaScript
    assert decode_payload(payload) == packets
    with pytest.raises(ProtocolError):
        decode_payload("5:2")


async def test_engine_io_3_answers_cors_like_the_current_server(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    overrides: dict[str, object] = {"gateway_cors_origins": ["http://page.example"]}
    async with (
        platform(tmp_path, sqlite_db, gateway_overrides=overrides) as p,
        httpx.AsyncClient(base_url=p.url) as client,
    ):
        allowed = await client.get(
            "/socket.io/", params=EIO3, headers={"Origin": "http://page.example"}
        )
        refused = await client.get("/socket.io/", params=EIO3, headers={"Origin": "http://evil"})
        current = await client.get(
            "/socket.io/", params={**EIO3, "EIO": "4"}, headers={"Origin": "http://evil"}
        )
    assert allowed.headers["access-control-allow-origin"] == "http://page.example"
    assert allowed.headers["access-control-allow-credentials"] == "true"
    assert refused.status_code == current.status_code == 400


@pytest.mark.parametrize("eio", ["3", "4"])
async def test_socketio_answers_one_cors_origin_with_the_default_any_origin_setting(
    api: Api, eio: str
) -> None:
    # A browser refuses a credentialed poll whose Access-Control-Allow-Origin is doubled or "*".
    reply = await api.client.get(
        "/socket.io/", params={**EIO3, "EIO": eio}, headers={"Origin": "http://page.example"}
    )
    assert reply.status_code == 200
    assert reply.headers.get_list("access-control-allow-origin") == ["http://page.example"]
    assert reply.headers["access-control-allow-credentials"] == "true"
