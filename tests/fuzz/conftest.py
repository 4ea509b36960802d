"""The whole platform in a background thread for the fuzz suite, with a token per API."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fleet.conftest import ADMIN, fleet_overrides
from tests.support.databases import database
from tests.support.servers import platform

HALP_TOKEN = "fuzz-halp-token"
MAC_TOKEN = "fuzz-mac-token"


@dataclass
class FuzzPlatform:
    """Where the gateway listens, and the credentials each route group takes."""

    url: str
    fleet_token: str
    openapi: dict[str, Any] = field(default_factory=dict)

    def headers(self, path: str) -> dict[str, str]:
        if path.startswith("/api/v1"):
            return {"authorization": f"Bearer {self.fleet_token}"}
        if path.startswith("/mac/"):
            return {"authorization": f"Bearer {MAC_TOKEN}"}
        return {"auth": HALP_TOKEN}


class _Background:
    """An event loop in a thread: the sync fuzz tests call the servers over HTTP."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.stack = AsyncExitStack()

    def run(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=120)

    def close(self) -> None:
        self.run(self.stack.aclose())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def fuzz_platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FuzzPlatform]:
    data_dir: Path = tmp_path_factory.mktemp("fuzz")
    background = _Background()

    async def start() -> str:
        db = await background.stack.enter_async_context(database("sqlite", data_dir))
        players = {
            "halp_sessions": ["fuzz"],
            "halp_tokens": [HALP_TOKEN],
            "mac_tokens": [MAC_TOKEN],
        }
        running = await background.stack.enter_async_context(
            platform(data_dir, db, players=players, fleet=fleet_overrides())
        )
        return running.url

    try:
        url = background.run(start())
        login = httpx.post(
            f"{url}/api/v1/login/", json={"username": ADMIN[0], "password": ADMIN[1]}
        )
        login.raise_for_status()
        document = httpx.get(f"{url}/openapi.json").json()
        yield FuzzPlatform(url, login.json()["data"]["token"], document)
    finally:
        background.close()
