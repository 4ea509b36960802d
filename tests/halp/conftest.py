"""HALP test helpers: the platform with sessions and tokens configured, and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client import REGISTRY

from tests.support.databases import TestDatabase
from tests.support.servers import Platform, platform

SESSIONS = ["clifford", "spadge"]
TOKEN = "halp-test-token"
OTHER_TOKEN = "second-token"


@dataclass
class Halp:
    platform: Platform
    client: httpx.AsyncClient
    data_dir: Path

    async def submit_raw(self, session: str, count: str, **extra: str) -> httpx.Response:
        form = {"auth": TOKEN, "mode": "rawCount", "session": session, "playercount": count}
        return await self.client.post("/submit_playercount", data={**form, **extra})

    async def history(self, session: str, **params: str) -> list[dict[str, object]]:
        reply = await self.client.get(
            f"/sessions/{session}/history", params={"auth": TOKEN, **params}
        )
        assert reply.status_code == 200, reply.text
        submissions: list[dict[str, object]] = reply.json()["submissions"]
        return submissions

    def uploads(self) -> list[str]:
        folder = self.data_dir / "halp-uploads"
        return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def halp_settings(**overrides: object) -> dict[str, object]:
    return {"halp_sessions": SESSIONS, "halp_tokens": [TOKEN, OTHER_TOKEN], **overrides}


@pytest.fixture
async def halp(tmp_path: Path, sqlite_db: TestDatabase) -> AsyncIterator[Halp]:
    """The whole platform on SQLite with two sessions and two tokens."""
    async with (
        platform(tmp_path, sqlite_db, players=halp_settings()) as running,
        httpx.AsyncClient(base_url=running.url, timeout=60) as client,
    ):
        yield Halp(running, client, tmp_path)


def submissions_counted(mode: str, result: str) -> float:
    value = REGISTRY.get_sample_value(
        "argus_halp_submissions_total", {"mode": mode, "result": result}
    )
    return value or 0.0


def player_count_gauge(session: str) -> float | None:
    return REGISTRY.get_sample_value("argus_halp_player_count", {"session": session})
