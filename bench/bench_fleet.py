"""ServerAPI throughput: frames posted per second through `POST /api/v1/log/` (50 KB JPEGs)
and alert list requests per second with 100,000 alerts stored, each against a trivial
endpoint (`GET /healthz`, three gRPC health checks) measured in the same run.

The fleet service and the gateway run as their own processes, as `make run` starts them.
"""

from __future__ import annotations

import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from base64 import b64encode
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path

import httpx
from _common import frame_body, free_port, jpeg_of

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 8
SECONDS = 6.0
ALERTS = 100_000
ADMIN = ("bench-admin", "bench-admin-password")


def start(data_dir: Path) -> tuple[list[subprocess.Popen[bytes]], str]:
    fleet, gateway = free_port(), free_port()
    target = f"127.0.0.1:{fleet}"
    env = {
        **os.environ,
        "ARGUS_DATA_DIR": str(data_dir),
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_FLEET_PORT": str(fleet),
        "ARGUS_FLEET_METRICS_PORT": str(free_port()),
        "ARGUS_GATEWAY_PORT": str(gateway),
        # The baseline /healthz checks three backends: all of them are the fleet process here.
        "ARGUS_FLEET_TARGET": target,
        "ARGUS_OCR_TARGET": target,
        "ARGUS_PLAYERS_TARGET": target,
        "ARGUS_JWT_SECRET": "bench-" + "s" * 40,
        # Throughput, not the per-device frame budget, is what this measures.
        "ARGUS_FLEET_DEVICE_FRAMES_PER_MINUTE": str(10**9),
        "ARGUS_FLEET_ADMIN_USERNAME": ADMIN[0],
        "ARGUS_FLEET_ADMIN_PASSWORD": ADMIN[1],
    }
    procs = [
        subprocess.Popen([sys.executable, "-m", "argus.cli", "serve", name], env=env, cwd=ROOT)
        for name in ("fleet", "gateway")
    ]
    return procs, f"http://127.0.0.1:{gateway}"


async def wait_ready(client: httpx.AsyncClient) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if (await client.get("/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError("the platform did not become healthy")


async def rate(call: Callable[[int], Awaitable[httpx.Response]], expect: int) -> float:
    """Requests per second answered with `expect` by CONCURRENCY workers over SECONDS."""
    done = 0
    stop = time.perf_counter() + SECONDS

    async def worker(n: int) -> None:
        nonlocal done
        i = n
        while time.perf_counter() < stop:
            reply = await call(i)
            if reply.status_code != expect:
                raise RuntimeError(f"{reply.status_code}: {reply.text[:200]}")
            done += 1
            i += CONCURRENCY

    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(CONCURRENCY)))
    return done / (time.perf_counter() - started)


def store_alerts(database: Path, truck_id: int) -> None:
    """100,000 alerts written straight into the fleet database."""
    start = datetime(2024, 1, 1)
    behaviors = ["Safe", "Unsafe", "Eating/Drinking", "Single Hand", "Tamper"]
    rows = [
        (truck_id, random.choice(behaviors), start + timedelta(seconds=17 * i), i % 3 == 0)
        for i in range(ALERTS)
    ]
    with sqlite3.connect(database) as connection:
        connection.executemany(
            "INSERT INTO fleet_alerts (truck_id, behavior, alert_init, started) VALUES (?,?,?,?)",
            [(t, b, a.isoformat(sep=" "), s) for t, b, a, s in rows],
        )


async def measure(client: httpx.AsyncClient, data_dir: Path) -> dict[str, float]:
    device = (
        await client.post(
            "/api/v1/jetson/register/",
            json={"mac": "be:0c:00:00:00:01", "password": "bench-pass", "name": "Bench"},
        )
    ).json()["data"]
    token, truck_id = device["token"], device["truck_id"]
    opened = await client.post(
        "/api/v1/alert/",
        json={
            "token": token,
            "truck_id": truck_id,
            "alert_init": "2024-01-01 00:00:00",
            "behavior": "Unsafe",
        },
    )
    alert_id = opened.json()["data"]["alert_id"]
    frame = str(b64encode(jpeg_of(50_000)))

    def post_frame(i: int) -> Awaitable[httpx.Response]:
        return client.post("/api/v1/log/", json=frame_body(token, alert_id, i, frame))

    results = {"healthz": await rate(lambda _: client.get("/healthz"), 200)}
    results["frames"] = await rate(post_frame, 200)
    store_alerts(data_dir / "fleet.db", truck_id)
    login = await client.post("/api/v1/login/", json={"username": ADMIN[0], "password": ADMIN[1]})
    user = login.json()["data"]["token"]
    results["alerts"] = await rate(
        lambda i: client.get("/api/v1/alert/", params={"token": user, "page": 1 + i % 50}), 200
    )
    results["alerts_filtered"] = await rate(
        lambda i: client.get(
            "/api/v1/alert/",
            params={"token": user, "page": 1 + i % 20, "behavior": "Tamper", "started": "True"},
        ),
        200,
    )
    return results


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        procs, url = start(data_dir)
        try:
            async with httpx.AsyncClient(base_url=url, timeout=30) as client:
                await wait_ready(client)
                r = await measure(client, data_dir)
        finally:
            for proc in procs:
                proc.terminate()
            for proc in procs:
                proc.wait(timeout=30)
    base = r["healthz"]
    print(f"baseline GET /healthz: {base:8.1f} req/s")
    frames, alerts = r["frames"], r["alerts"]
    print(f"POST /api/v1/log/ (50 KB JPEG): {frames:8.1f} frames/s  ratio {frames / base:.2f}")
    print(f"GET /api/v1/alert/ ({ALERTS} alerts): {alerts:8.1f} req/s  ratio {alerts / base:.2f}")
    print(
        f"GET /api/v1/alert/ filtered: {r['alerts_filtered']:8.1f} req/s  "
        f"ratio {r['alerts_filtered'] / base:.2f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
