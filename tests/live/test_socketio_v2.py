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

from tests.fleet.conftest import ADMIN, Api, fleet_overrides
from tests.live.conftest import until
from tests.support.databases import TestDatabase
from tests.support.servers import Platform, platform

CLIENT_DIR = Path(__file__).parent / "js"
FEED = {"feed": "socketio2"}


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
    url: str, username: str, token: str, transport: str = ""
) -> AsyncIterator[NodeClient]:
    assert (CLIENT_DIR / "node_modules" / "socket.io-client").is_dir(), "run `make install`"
    args = [url, username, token] + ([transport] if transport else [])
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


@pytest.mark.parametrize("transport", ["", "polling", "websocket"])
async def test_a_socketio_2_client_gets_an_alert_opened_through_the_rest_api(
    live: Platform, api: Api, transport: str
) -> None:
    token = await api.login()
    device = await api.jetson()
    watchers = _gauge("argus_alert_watchers")
    async with node_client(live.url, ADMIN[0], token, transport) as client:
        assert await client.next("connect") == (transport or "polling")
        ack = await client.next("ack")
        assert ack == {"code": 200, "status_code": "Success", "data": {"truck_id": 0}}
        assert _gauge("argus_gateway_live_watchers", FEED) == 1
        if not transport:
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
        }
        second = await api.open_alert(device, behavior="Single Hand")
        assert (await client.next("an_alert"))["alert"]["id"] == second

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
