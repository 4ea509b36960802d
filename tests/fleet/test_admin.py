"""The first admin and `argus user create`: how users exist before anyone can register them."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import httpx

from tests.fleet.conftest import ADMIN, Api, envelope_error, fleet_gateway
from tests.support.databases import TestDatabase

ROOT = Path(__file__).resolve().parents[2]


def _argus(
    tmp_path: Path, db: TestDatabase, *args: str, stdin: str
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ARGUS_DATA_DIR": str(tmp_path),
        "ARGUS_FLEET_DATABASE_URL": db.url,
        "ARGUS_FLEET_DATABASE_SCHEMA": db.schema,
        "ARGUS_FLEET_PASSWORD_TIME_COST": "1",
        "ARGUS_FLEET_PASSWORD_MEMORY_KIB": "1024",
    }
    return subprocess.run(
        [sys.executable, "-m", "argus.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


async def test_argus_user_create_makes_a_user_who_can_log_in(
    db: TestDatabase, tmp_path: Path
) -> None:
    command = ("user", "create", "--username", "alice", "--role", "operator", "--password-stdin")
    done = await asyncio.to_thread(_argus, tmp_path, db, *command, stdin="alice-password\n")
    assert done.returncode == 0, done.stderr
    assert "alice" in done.stdout and "alice-password" not in done.stdout + done.stderr
    again = await asyncio.to_thread(_argus, tmp_path, db, *command, stdin="alice-password\n")
    assert again.returncode == 1 and "exists" in again.stderr

    async with fleet_gateway(tmp_path, db) as (url, _), httpx.AsyncClient(base_url=url) as client:
        api = Api(client)
        token = await api.login("alice", "alice-password")
        body = {"token": token, "new_user": {"username": "bob", "password": "bob-password"}}
        reply = await client.post("/api/v1/user/register/", json=body)
        assert envelope_error(reply, 403) == "ROLE_NOT_ALLOWED"


async def test_the_configured_admin_is_created_only_when_no_user_exists(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with fleet_gateway(tmp_path, sqlite_db) as (url, _), httpx.AsyncClient(base_url=url) as c:
        assert await Api(c).login(*ADMIN)
    other = {"fleet_admin_username": "second", "fleet_admin_password": "second-password"}
    async with (
        fleet_gateway(tmp_path, sqlite_db, **other) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        reply = await client.post(
            "/api/v1/login/", json={"username": "second", "password": "second-password"}
        )
        assert envelope_error(reply, 401) == "BAD_CREDENTIALS"
        assert await Api(client).login(*ADMIN)


async def test_with_no_admin_configured_one_is_made_with_a_private_password(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    unset = {"fleet_admin_username": "", "fleet_admin_password": ""}
    async with (
        fleet_gateway(tmp_path, sqlite_db, **unset) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        kept = tmp_path / "credentials.env"
        assert kept.stat().st_mode & 0o777 == 0o600
        lines = dict(line.split("=", 1) for line in kept.read_text().splitlines()[1:])
        assert lines["ARGUS_FLEET_ADMIN_USERNAME"] == "admin"
        token = await Api(client).login("admin", lines["ARGUS_FLEET_ADMIN_PASSWORD"])
        body = {"token": token, "new_user": {"username": "eve", "password": "eve-password"}}
        assert (await client.post("/api/v1/user/register/", json=body)).status_code == 200
    kept.unlink()
    async with fleet_gateway(tmp_path, sqlite_db, **unset):
        assert not kept.exists()  # users exist: no second admin
