"""Frames stored and acknowledged per second: the gRPC StreamFrames path against the REST
`POST /api/v1/log/` baseline, same services, same 50 KB JPEGs, same run. Then 50 devices at
5 fps (lost, duplicated, p99 ack latency) and the alert notification latency to a Socket.IO
client. The fleet service and the gateway run as their own processes on SQLite.

    python bench/bench_stream.py [--seconds 6] [--devices 50] [--device-seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from pathlib import Path

import grpc
import httpx
import socketio
from grpc_health.v1 import health_pb2, health_pb2_grpc
from sqlalchemy import create_engine, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import free_port, jpeg_of

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc

ADMIN = ("bench", "bench-password-1")
BIN = Path(sys.executable).parent


def cpu_seconds(processes: list[subprocess.Popen[bytes]]) -> float:
    """User + system CPU time the processes (all their threads) have used so far."""
    total = 0.0
    for process in processes:
        fields = Path(f"/proc/{process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def start(service: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(BIN / "argus"), "serve", service], env=env)


async def wait_grpc(target: str) -> None:
    async with grpc.aio.insecure_channel(target) as channel:
        stub = health_pb2_grpc.HealthStub(channel)
        for _ in range(600):
            try:
                await stub.Check(health_pb2.HealthCheckRequest(), timeout=1)
                return
            except grpc.aio.AioRpcError:
                await asyncio.sleep(0.05)
    raise RuntimeError(f"{target} did not start")


async def wait_http(url: str) -> None:
    async with httpx.AsyncClient() as client:
        for _ in range(600):
            try:
                await client.get(url + "/docs")
                return
            except httpx.HTTPError:
                await asyncio.sleep(0.05)
    raise RuntimeError(f"{url} did not start")


def auth(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


async def device(stub: fleet_pb2_grpc.FleetServiceStub, mac: str) -> fleet_pb2.DeviceRegistration:
    request = fleet_pb2.RegisterDeviceRequest(mac=mac, password="device-pass-1", name=mac)
    return await stub.RegisterDevice(request)


async def open_alert(
    stub: fleet_pb2_grpc.FleetServiceStub, dev: fleet_pb2.DeviceRegistration
) -> int:
    request = fleet_pb2.OpenAlertRequest(
        truck_id=dev.truck_id, alert_init=utc_timestamp(datetime.now(UTC)), behavior="Unsafe"
    )
    return int((await stub.OpenAlert(request, metadata=auth(dev.token))).id)


async def bench_rest(url: str, token: str, alert_id: int, image: bytes, seconds: float) -> float:
    """Frames/s through POST /api/v1/log/ with 8 requests in flight."""
    frame = str(base64.b64encode(image))
    done = 0
    deadline = time.perf_counter() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            body = {
                "token": token,
                "alert_id": alert_id,
                "frame_timestamp": datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
                "frame": frame,
            }
            reply = await client.post("/api/v1/log/", json=body)
            assert reply.status_code == 200, reply.text
            done += 1

    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(8)))
    return done / (time.perf_counter() - started)


async def stream_frames(
    stub: fleet_pb2_grpc.FleetServiceStub,
    token: str,
    alert_id: int,
    image: bytes,
    *,
    seconds: float,
    fps: float = 0,
    window: int = 128,
    first_sequence: int = 1,
) -> tuple[int, list[float]]:
    """Stream for `seconds` (paced at `fps` when set); returns frames acked and ack latencies."""
    call = stub.StreamFrames(metadata=auth(token))
    sent_at: dict[int, float] = {}
    latencies: list[float] = []
    room = asyncio.Semaphore(window)
    sequence = first_sequence
    stamp = utc_timestamp(datetime.now(UTC))

    async def read() -> None:
        while (reply := await call.read()) is not grpc.aio.EOF:
            assert reply.WhichOneof("item") == "ack", reply
            latencies.append(time.perf_counter() - sent_at.pop(reply.ack.sequence))
            room.release()

    reader = asyncio.create_task(read())
    deadline = time.perf_counter() + seconds
    next_at = time.perf_counter()
    while time.perf_counter() < deadline:
        await room.acquire()
        sent_at[sequence] = time.perf_counter()
        request = fleet_pb2.StreamedFrame(
            sequence=sequence, alert_id=alert_id, frame_timestamp=stamp, image=image
        )
        await call.write(fleet_pb2.StreamFramesRequest(frame=request))
        sequence += 1
        if fps:
            next_at += 1 / fps
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
    await call.done_writing()
    await reader
    return len(latencies), latencies


async def bench_stream(
    stub: fleet_pb2_grpc.FleetServiceStub,
    token: str,
    alert_id: int,
    image: bytes,
    seconds: float,
    first_sequence: int,
) -> float:
    started = time.perf_counter()
    acked, _ = await stream_frames(
        stub, token, alert_id, image, seconds=seconds, first_sequence=first_sequence
    )
    return acked / (time.perf_counter() - started)


async def bench_devices(
    stub: fleet_pb2_grpc.FleetServiceStub, db_url: str, image: bytes, count: int, seconds: float
) -> None:
    devices = [
        await device(stub, f"be:0c:00:00:{i // 256:02x}:{i % 256:02x}") for i in range(count)
    ]
    results = await asyncio.gather(
        *(
            stream_frames(stub, d.token, 0, image, seconds=seconds, fps=5, window=16)
            for d in devices
        )
    )
    sent = sum(acked for acked, _ in results)
    latencies = sorted(x for _, lat in results for x in lat)
    engine = create_engine(db_url)
    with engine.connect() as connection:
        rows, distinct = connection.execute(
            text(
                "SELECT count(*), count(DISTINCT device_id || ':' || sequence) FROM fleet_frames "
                "WHERE alert_id IS NULL"
            )
        ).one()
    engine.dispose()
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    print(
        f"{count} devices x 5 fps x {seconds:.0f} s: {sent} frames acked, "
        f"{sent - distinct} lost, {rows - distinct} duplicated, "
        f"ack latency p50 {statistics.median(latencies) * 1000:.1f} ms, p99 {p99:.1f} ms"
    )


async def bench_notify(url: str, stub: fleet_pb2_grpc.FleetServiceStub, token: str, n: int) -> None:
    dev = await device(stub, "be:0c:00:00:ff:01")
    client = socketio.AsyncClient()
    received: asyncio.Queue[float] = asyncio.Queue()
    client.on("an_alert", lambda _m: received.put_nowait(time.perf_counter()), namespace="/alert")
    await client.connect(url, namespaces=["/alert"])
    await client.call("get_alert", {"username": ADMIN[0], "token": token}, namespace="/alert")
    latencies = []
    for _ in range(n):
        started = time.perf_counter()
        await open_alert(stub, dev)
        latencies.append((await asyncio.wait_for(received.get(), 10)) - started)
    await client.disconnect()
    latencies.sort()
    print(
        f"alert notification, OpenAlert call -> Socket.IO an_alert ({n} alerts): "
        f"p50 {statistics.median(latencies) * 1000:.1f} ms, "
        f"p99 {latencies[int(n * 0.99) - 1] * 1000:.1f} ms (goal p99 < 50 ms)"
    )


def service_env(data_dir: Path, fleet_port: int, gateway_port: int) -> dict[str, str]:
    return {
        **os.environ,
        "ARGUS_DATA_DIR": str(data_dir),
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_FLEET_PORT": str(fleet_port),
        "ARGUS_FLEET_METRICS_PORT": "0",
        "ARGUS_FLEET_TARGET": f"127.0.0.1:{fleet_port}",
        "ARGUS_GATEWAY_PORT": str(gateway_port),
        "ARGUS_FLEET_ADMIN_USERNAME": ADMIN[0],
        "ARGUS_FLEET_ADMIN_PASSWORD": ADMIN[1],
        # Throughput, not the per-device frame budget, is what this measures.
        "ARGUS_FLEET_DEVICE_FRAMES_PER_MINUTE": str(10**9),
    }


async def measured(
    processes: list[subprocess.Popen[bytes]], run: Awaitable[float], seconds: float
) -> tuple[float, float]:
    """frames/s of `run`, and the server CPU milliseconds it cost per frame."""
    cpu = cpu_seconds(processes)
    rate = await run
    return rate, (cpu_seconds(processes) - cpu) / (rate * seconds) * 1000


async def bench_throughput(
    args: argparse.Namespace,
    url: str,
    stubs: tuple[fleet_pb2_grpc.FleetServiceStub, fleet_pb2_grpc.FleetServiceStub],
    processes: list[subprocess.Popen[bytes]],
) -> None:
    """REST against the stream (default image check), then the stream with `structure`."""
    fleet, gateway, structure = processes
    stub, structure_stub = stubs
    image = jpeg_of(50_000)
    dev = await device(stub, "be:0c:00:00:ff:02")
    alert_id = await open_alert(stub, dev)
    rest, rest_cpu = await measured(
        [fleet, gateway], bench_rest(url, dev.token, alert_id, image, args.seconds), args.seconds
    )
    print(
        f"REST POST /api/v1/log/ ({len(image)} B JPEG, 8 in flight): {rest:.1f} frames/s, "
        f"server CPU {rest_cpu:.2f} ms/frame"
    )
    runs = [
        ("decode", fleet, bench_stream(stub, dev.token, alert_id, image, args.seconds, 1)),
        (
            "structure",
            structure,
            bench_stream(structure_stub, dev.token, alert_id, image, args.seconds, 10**9),
        ),
    ]
    for check, process, run in runs:
        streamed, cpu = await measured([process], run, args.seconds)
        print(
            f"gRPC StreamFrames (same JPEG, 128 in flight, image check {check}): "
            f"{streamed:.1f} frames/s, server CPU {cpu:.2f} ms/frame; vs REST: "
            f"{streamed / rest:.1f}x frames/s (goal >= 10x), {rest_cpu / cpu:.1f}x less CPU"
        )


async def run(args: argparse.Namespace, data_dir: Path) -> None:
    fleet_port, gateway_port, structure_port = free_port(), free_port(), free_port()
    env = service_env(data_dir, fleet_port, gateway_port)
    processes = [start("fleet", env), start("gateway", env)]
    url, target = f"http://127.0.0.1:{gateway_port}", f"127.0.0.1:{fleet_port}"
    options = [("grpc.max_send_message_length", 16 << 20)]
    try:
        await wait_grpc(target)
        await wait_http(url)
        # A second fleet process on the same database, checking streamed images by structure.
        structure_env = {**env, "ARGUS_FLEET_STREAM_IMAGE_CHECK": "structure"}
        structure_env["ARGUS_FLEET_PORT"] = str(structure_port)
        processes.append(start("fleet", structure_env))
        await wait_grpc(f"127.0.0.1:{structure_port}")
        async with (
            grpc.aio.insecure_channel(target, options=options) as channel,
            grpc.aio.insecure_channel(f"127.0.0.1:{structure_port}", options=options) as other,
        ):
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            stubs = (stub, fleet_pb2_grpc.FleetServiceStub(other))
            await bench_throughput(args, url, stubs, processes)
            db_url = f"sqlite:///{data_dir / 'fleet.db'}"
            await bench_devices(stub, db_url, jpeg_of(50_000), args.devices, args.device_seconds)
            login = await stub.Login(fleet_pb2.LoginRequest(username=ADMIN[0], password=ADMIN[1]))
            await bench_notify(url, stub, login.token, args.alerts)
    finally:
        for process in processes:
            process.terminate()
            process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=6.0, help="per throughput measurement")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--device-seconds", type=float, default=15.0)
    parser.add_argument("--alerts", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        asyncio.run(run(args, Path(data_dir)))


if __name__ == "__main__":
    main()
