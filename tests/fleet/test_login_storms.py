"""Login storms: refused at the gateway per client address and per account (429 with
Retry-After, in the ServerAPI envelope), and argon2 work bounded so fleet memory stays flat."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from prometheus_client import REGISTRY

from services.gateway.settings import GatewaySettings
from tests.fleet.conftest import fleet_gateway
from tests.live.processes import kill, start_fleet
from tests.support.databases import TestDatabase
from tests.support.memory import peak, reset_peak
from tests.support.servers import free_port, gateway

MB = 1024 * 1024
FAILURES = "argus_fleet_auth_failures_total"


def _is_rate_limited(reply: httpx.Response, limit: str) -> bool:
    body = reply.json()
    return (
        reply.status_code == 429
        and body["code"] == 429
        and body["status_code"] == "Error"
        and body["reason"] == "RATE_LIMITED"
        and f"too many attempts from this {limit}" in body["error"]
        and int(reply.headers["retry-after"]) >= 1
    )


@asynccontextmanager
async def _client(url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=url, timeout=120) as client:
        yield client


async def test_fifty_concurrent_bad_logins_meet_429s_and_fleet_memory_stays_flat(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    port = free_port()
    # The production memory cost (64 MiB per hash): the slots are what bound memory. One pass
    # instead of three keeps a loaded test machine within the gateway's deadline.
    process = await start_fleet(port, sqlite_db, tmp_path, fleet_password_time_cost="1")
    settings = GatewaySettings(  # type: ignore[call-arg]
        data_dir=tmp_path, gateway_port=free_port(), fleet_target=f"127.0.0.1:{port}"
    )
    try:
        async with gateway(settings) as url, _client(url) as client:
            before = reset_peak(process.pid)
            replies = await asyncio.gather(
                *(
                    client.post(
                        "/api/v1/login/", json={"username": f"guess-{i}", "password": "wrong-1"}
                    )
                    for i in range(50)
                )
            )
            grown = peak(process.pid) - before
            metrics = (await client.get("/metrics")).text
    finally:
        kill(process)
    statuses = Counter(reply.status_code for reply in replies)
    assert set(statuses) == {401, 429}, statuses
    limited = [r for r in replies if _is_rate_limited(r, "address")]
    assert len(limited) == 50 - settings.gateway_auth_attempts_per_address
    assert 'argus_gateway_auth_rate_limited_total{limit="address"} 20.0' in metrics
    # Past the rate limit, what the hashing slots cannot take soon is shed, never queued long.
    shed = [r for r in replies if r.status_code == 429 and r not in limited]
    assert all(r.json()["reason"] == "BUSY" and r.headers["retry-after"] for r in shed)
    assert grown < 150 * MB, f"fleet grew by {grown // MB} MB"


async def test_one_account_is_limited_whatever_the_address_allows(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    generous = {"gateway_auth_attempts_per_address": 1000, "gateway_auth_attempts_per_account": 3}
    failed = REGISTRY.get_sample_value(FAILURES, {"reason": "BAD_CREDENTIALS"}) or 0.0
    async with (
        fleet_gateway(tmp_path, sqlite_db, gateway_overrides=generous) as (url, _),
        _client(url) as client,
    ):
        logins = [
            await client.post("/api/v1/login/", json={"username": "Root", "password": "nope-1"})
            for _ in range(4)
        ]
        other = await client.post("/api/v1/login/", json={"username": "x", "password": "nope-1"})
        body = {"mac": "00:1b:44:11:3a:b7", "password": "device-pass-1"}
        devices = [await client.post("/api/v1/jetson/register/", json=body) for _ in range(4)]
    assert [r.status_code for r in logins] == [401, 401, 401, 429]
    assert _is_rate_limited(logins[-1], "account")
    assert other.status_code == 401
    assert REGISTRY.get_sample_value(FAILURES, {"reason": "BAD_CREDENTIALS"}) == failed + 4
    assert [r.status_code for r in devices] == [200, 200, 200, 429]
    assert _is_rate_limited(devices[-1], "account")
