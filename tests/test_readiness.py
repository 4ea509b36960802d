"""Readiness means "this gateway can serve": a backend that is down fails only its own routes."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.fleet.conftest import ADMIN, fleet_overrides
from tests.halp.conftest import SEED_NAMES, TOKEN, halp_settings, player_list_png, screenshots
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_count
from tests.support.servers import platform

FORM = {"auth": TOKEN, "mode": "OCR", "session": "clifford"}


async def test_with_ocr_stopped_the_gateway_stays_ready_fleet_works_and_halp_ocr_answers_503(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    files = screenshots(player_list_png(SEED_NAMES), player_count(7, fmt="PNG").data)
    async with (
        platform(tmp_path, sqlite_db, players=halp_settings(), fleet=fleet_overrides()) as running,
        httpx.AsyncClient(base_url=running.url, timeout=30) as client,
    ):
        assert (await client.get("/readyz")).status_code == 200
        await running.ocr.server.stop(0)

        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        health = await client.get("/healthz")
        assert health.status_code == 503
        assert health.json()["backends"]["ocr"]["status"] == "UNREACHABLE"
        assert health.json()["backends"]["fleet"]["status"] == "SERVING"

        login = {"username": ADMIN[0], "password": ADMIN[1]}
        reply = await client.post("/api/v1/login/", json=login)
        assert reply.status_code == 200, reply.text
        sessions = await client.post("/get_sessions", data={"auth": TOKEN})
        assert sessions.status_code == 200, sessions.text

        submitted = await client.post("/submit_playercount", data=FORM, files=files)
        assert submitted.status_code == 503, submitted.text
        assert submitted.text == "Service Unavailable"
        assert submitted.headers["Retry-After"] == "1"
