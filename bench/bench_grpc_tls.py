"""What TLS, mTLS and the internal credential cost a gRPC call: health checks per second from
8 concurrent callers against one server, each mode measured in the same run and printed as a
ratio of the plaintext baseline. Certificates are made for the run (trustme)."""

from __future__ import annotations

import asyncio
import tempfile
import time
from pathlib import Path

import grpc
import trustme
from grpc_health.v1 import health_pb2, health_pb2_grpc

from argus.core.grpc_client import channel_for
from argus.core.grpc_server import ServiceSpec, start_server
from argus.core.settings import CommonSettings
from argus.core.tls import server_credentials

CONCURRENCY = 8
SECONDS = 3.0
SECRET = "bench-internal-secret-" + "x" * 32


def _pki(folder: Path) -> dict[str, str]:
    ca = trustme.CA()
    leaf = ca.issue_cert("localhost", "127.0.0.1")
    files = {"ca": folder / "ca.pem", "cert": folder / "cert.pem", "key": folder / "key.pem"}
    ca.cert_pem.write_to_path(str(files["ca"]))
    leaf.private_key_pem.write_to_path(str(files["key"]))
    files["cert"].write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    return {name: str(path) for name, path in files.items()}


def _modes(pki: dict[str, str]) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Mode -> (server settings, client settings)."""
    server_tls = {"grpc_tls_cert_file": pki["cert"], "grpc_tls_key_file": pki["key"]}
    client_cert = {**server_tls, "grpc_tls_ca_file": pki["ca"]}
    return {
        "plaintext": ({}, {}),
        "internal credential": ({"internal_secret": SECRET}, {"internal_secret": SECRET}),
        "TLS": (server_tls, {"grpc_tls_ca_file": pki["ca"]}),
        "mTLS": ({**server_tls, "grpc_tls_client_ca_file": pki["ca"]}, client_cert),
    }


async def _calls_per_second(server: dict[str, str], client: dict[str, str]) -> float:
    spec = ServiceSpec(name="bench", register=[], service_names=[])
    running = await start_server(
        spec,
        host="127.0.0.1",
        port=0,
        max_message_bytes=1 << 20,
        credentials=server_credentials(CommonSettings(**server)),  # type: ignore[arg-type]
    )
    channel = channel_for(CommonSettings(**client), f"127.0.0.1:{running.port}")  # type: ignore[arg-type]
    stub = health_pb2_grpc.HealthStub(channel)
    request = health_pb2.HealthCheckRequest()
    await stub.Check(request)
    done = 0
    deadline = time.perf_counter() + SECONDS

    async def caller() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            await stub.Check(request)
            done += 1

    start = time.perf_counter()
    await asyncio.gather(*(caller() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - start
    await channel.close()
    await running.stop(0)
    return done / elapsed


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        modes = _modes(_pki(Path(folder)))
        # Two rounds, modes interleaved, best of each: the machine's load moves under us.
        results: dict[str, float] = {}
        for _round in range(2):
            for name, settings in modes.items():
                rate = await _calls_per_second(*settings)
                results[name] = max(rate, results.get(name, 0.0))
    baseline = results["plaintext"]
    print(f"gRPC health checks, {CONCURRENCY} concurrent callers, best of 2 x {SECONDS:.0f} s")
    for name, rate in results.items():
        print(f"  {name:<20} {rate:8.0f} calls/s   {rate / baseline:5.2f}x plaintext")


if __name__ == "__main__":
    grpc.aio.init_grpc_aio()
    asyncio.run(main())
