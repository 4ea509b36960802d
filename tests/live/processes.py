"""Fleet services and agents as real processes, to kill and restart."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from argus.fleet.v1 import fleet_pb2_grpc
from services.gateway.settings import GatewaySettings
from tests.fleet.conftest import ADMIN, SECRET
from tests.support.databases import TestDatabase
from tests.support.servers import free_port, gateway

BIN = Path(sys.executable).parent


def fleet_env(port: int, db: TestDatabase, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_FLEET_PORT": str(port),
        "ARGUS_FLEET_METRICS_PORT": "0",
        "ARGUS_FLEET_DATABASE_URL": db.url,
        "ARGUS_FLEET_DATABASE_SCHEMA": db.schema,
        "ARGUS_DATA_DIR": str(data_dir),
        "ARGUS_JWT_SECRET": SECRET,
        "ARGUS_FLEET_ADMIN_USERNAME": ADMIN[0],
        "ARGUS_FLEET_ADMIN_PASSWORD": ADMIN[1],
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_SHUTDOWN_GRACE_SECONDS": "0",
    }


async def wait_serving(target: str, process: subprocess.Popen[bytes]) -> None:
    async with grpc.aio.insecure_channel(target) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the service process exited with {process.returncode}")
            try:
                reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
                if reply.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            await asyncio.sleep(0.05)


async def start_service(service: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """`argus serve <service>` listening on `port`, once it reports SERVING."""
    process = subprocess.Popen([str(BIN / "argus"), "serve", service], env=env)
    try:
        await wait_serving(f"127.0.0.1:{port}", process)
    except BaseException:
        kill(process)
        raise
    return process


async def start_fleet(
    port: int, db: TestDatabase, data_dir: Path, **settings: str
) -> subprocess.Popen[bytes]:
    """`argus serve fleet` on `port` (plus ARGUS_<NAME> `settings`), once SERVING."""
    extra = {f"ARGUS_{name.upper()}": value for name, value in settings.items()}
    return await start_service("fleet", port, {**fleet_env(port, db, data_dir), **extra})


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no graceful shutdown, whatever was in flight is lost."""
    if process.poll() is None:
        process.send_signal(signal.SIGKILL)
        process.wait()


@asynccontextmanager
async def fleet_process(
    port: int, db: TestDatabase, data_dir: Path
) -> AsyncIterator[list[subprocess.Popen[bytes]]]:
    """A fleet process; the yielded list holds the current one (tests may replace it)."""
    current = [await start_fleet(port, db, data_dir)]
    try:
        yield current
    finally:
        for process in current:
            kill(process)


@dataclass
class Replicas:
    """Two fleet processes on one database: a gateway in front of the first, a stub of the
    second."""

    url: str
    stub: fleet_pb2_grpc.FleetServiceStub
    # The first replica's process (data directory `a`): a test may kill and replace it.
    first: list[subprocess.Popen[bytes]]
    first_port: int


@asynccontextmanager
async def replicas_behind_gateway(db: TestDatabase, tmp_path: Path) -> AsyncIterator[Replicas]:
    port_a, port_b = free_port(), free_port()
    async with (
        fleet_process(port_a, db, tmp_path / "a") as first,
        fleet_process(port_b, db, tmp_path / "b"),
    ):
        settings = GatewaySettings(  # type: ignore[call-arg]
            data_dir=tmp_path, gateway_port=free_port(), fleet_target=f"127.0.0.1:{port_a}"
        )
        async with (
            gateway(settings) as url,
            grpc.aio.insecure_channel(f"127.0.0.1:{port_b}") as channel,
        ):
            yield Replicas(url, fleet_pb2_grpc.FleetServiceStub(channel), first, port_a)
