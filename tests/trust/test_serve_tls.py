"""`argus serve` with TLS settings: the service answers only over TLS, its health also in
plaintext on ARGUS_GRPC_HEALTH_PORT for probes; bad TLS settings stop it with a clear message."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from argus.core.grpc_client import create_channel
from argus.core.tls import ClientTls
from tests.support.servers import free_port
from tests.trust.certs import make_pki

BIN = Path(sys.executable).parent
SERVING = health_pb2.HealthCheckResponse.SERVING


def _players_env(tmp_path: Path, port: int, **env: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("ARGUS_")}
    return {
        **keep,
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_PLAYERS_PORT": str(port),
        "ARGUS_PLAYERS_METRICS_PORT": "0",
        "ARGUS_OCR_TARGET": "127.0.0.1:9",
        "ARGUS_DATA_DIR": str(tmp_path / "data"),
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_SHUTDOWN_GRACE_SECONDS": "0",
        **env,
    }


async def _check(channel: grpc.aio.Channel) -> int:
    reply = await health_pb2_grpc.HealthStub(channel).Check(
        health_pb2.HealthCheckRequest(), timeout=2
    )
    return int(reply.status)


async def _wait_serving(channel: grpc.aio.Channel, process: subprocess.Popen[bytes]) -> None:
    while True:
        assert process.poll() is None, "argus serve players exited"
        try:
            if await _check(channel) == SERVING:
                return
        except grpc.aio.AioRpcError:
            await asyncio.sleep(0.1)


async def test_a_tls_service_keeps_a_plaintext_health_port_for_probes(tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    port, health_port = free_port(), free_port()
    env = _players_env(
        tmp_path,
        port,
        ARGUS_GRPC_TLS_CERT_FILE=str(pki.cert_file),
        ARGUS_GRPC_TLS_KEY_FILE=str(pki.key_file),
        ARGUS_GRPC_HEALTH_PORT=str(health_port),
        # A placeholder is let through only because development says so.
        ARGUS_MAC_TOKENS="CHANGE-ME",
        ARGUS_ALLOW_WEAK_SECRETS="true",
    )
    process = subprocess.Popen([str(BIN / "argus"), "serve", "players"], env=env)
    try:
        async with create_channel(f"127.0.0.1:{health_port}") as probe:
            await asyncio.wait_for(_wait_serving(probe, process), timeout=60)
        tls = ClientTls.from_files(str(pki.ca_file))
        async with create_channel(f"localhost:{port}", tls=tls) as channel:
            assert await _check(channel) == SERVING
        async with create_channel(f"127.0.0.1:{port}") as plaintext:
            try:
                await _check(plaintext)
                raise AssertionError("the TLS port answered plaintext")
            except grpc.aio.AioRpcError as exc:
                assert exc.code() == grpc.StatusCode.UNAVAILABLE
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_half_a_key_pair_or_a_missing_file_stops_the_service(tmp_path: Path) -> None:
    pki = make_pki(tmp_path / "pki")
    cases = [
        ({"ARGUS_GRPC_TLS_CERT_FILE": str(pki.cert_file)}, "set together"),
        (
            {
                "ARGUS_GRPC_TLS_CERT_FILE": str(pki.cert_file),
                "ARGUS_GRPC_TLS_KEY_FILE": str(tmp_path / "absent.pem"),
            },
            "ARGUS_GRPC_TLS_KEY_FILE: cannot read",
        ),
    ]
    for env, message in cases:
        done = subprocess.run(
            [str(BIN / "argus"), "serve", "players"],
            env=_players_env(tmp_path, free_port(), **env),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 2, done.stderr
        assert message in done.stderr
