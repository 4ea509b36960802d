"""Argus against the system it replaces, in one run on one machine: frames and alert lists per
second and server CPU per request, each goal of the performance issue printed MET or NOT MET.

The baseline is bench/serverapi_baseline.py: the original ServerAPI's work per request (one ORM
insert and commit per frame; COUNT plus LIMIT/OFFSET per alert page) in a plain threaded WSGI
app on a SQLite file. Argus runs as `make run` starts it: the fleet service and the gateway as
their own processes on SQLite. Every load comes from the same client (httpx, or grpc.aio for
the stream and the direct gRPC call), with the same 50 KB JPEG.

    python bench/bench_perf.py [--seconds 4] [--memory-seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from pathlib import Path

import grpc
import httpx
from _common import frame_body
from bench_stream import (
    auth,
    cpu_seconds,
    free_port,
    jpeg_of,
    service_env,
    start,
    stream_frames,
    wait_grpc,
    wait_http,
)
from http_load import LeanClient
from http_load import checked as http_checked

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc

HERE = Path(__file__).resolve().parent
ADMIN = ("bench", "bench-password-1")
SECRET = "bench-" + "s" * 40
BEHAVIORS = ["Safe", "Unsafe", "Eating/Drinking", "Single Hand", "Tamper"]
GRPC_OPTIONS = [("grpc.max_send_message_length", 16 << 20)]


@dataclass
class Load:
    """What one measured load did: requests per second and server CPU ms per request."""

    rate: float
    cpu_ms: float
    p99_ms: float
    # The load client's own CPU per request (this process), which the servers cannot use.
    client_ms: float = 0.0

    def __str__(self) -> str:
        return (
            f"{self.rate:8.1f}/s  {self.cpu_ms:6.2f} ms CPU  p99 {self.p99_ms:6.1f} ms"
            f"  (client {self.client_ms:4.2f} ms)"
        )


def median(loads: list[Load]) -> Load:
    """Each field's median over rounds of the same load."""
    return Load(*(statistics.median(getattr(x, f.name) for x in loads) for f in fields(Load)))


async def load(
    processes: list[subprocess.Popen[bytes]],
    call: Callable[[int], Awaitable[None]],
    *,
    clients: int,
    seconds: float,
) -> Load:
    """`clients` workers calling `call` in a loop for `seconds`, after a short warm-up."""
    for i in range(clients * 2):
        await call(i)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def worker(n: int) -> None:
        i = n
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            await call(i)
            latencies.append(time.perf_counter() - started)
            i += clients

    cpu, own = cpu_seconds(processes), time.process_time()
    started = time.perf_counter()
    await asyncio.gather(*(worker(n) for n in range(clients)))
    elapsed = time.perf_counter() - started
    used, own = cpu_seconds(processes) - cpu, time.process_time() - own
    latencies.sort()
    p99 = latencies[max(0, int(len(latencies) * 0.99) - 1)]
    count = len(latencies)
    return Load(count / elapsed, used / count * 1000, p99 * 1000, own / count * 1000)


def checked(reply: httpx.Response) -> None:
    if reply.status_code != 200:
        raise RuntimeError(f"{reply.request.url.path}: {reply.status_code} {reply.text[:200]}")


def lean(client: httpx.AsyncClient) -> LeanClient:
    """The load client for the server `client` talks to."""
    url = client.base_url
    return LeanClient(url.host, url.port or 80)


def frame_poster(
    client: LeanClient, token: str, alert_id: int, image: bytes
) -> Callable[[int], Awaitable[None]]:
    frame = str(base64.b64encode(image))

    async def post(i: int) -> None:
        body = frame_body(token, alert_id, i, frame)
        http_checked(*await client.post_json("/api/v1/log/", body), "/api/v1/log/")

    return post


def user_me(client: LeanClient, token: str) -> Callable[[int], Awaitable[None]]:
    params = {"token": token}

    async def get(_i: int) -> None:
        http_checked(*await client.get("/api/v1/user/me/", params), "/api/v1/user/me/")

    return get


def alert_lister(
    client: LeanClient, token: str, **filters: str | int
) -> Callable[[int], Awaitable[None]]:
    params = {"token": token, "page": 1, **filters}

    async def get(_i: int) -> None:
        http_checked(*await client.get("/api/v1/alert/", params), "/api/v1/alert/")

    return get


def add_alerts(database: Path, table: str, truck_id: int, count: int, first: int) -> None:
    """`count` alerts of a truck written straight into a database, older than any live one."""
    start = datetime(2024, 1, 1)
    with sqlite3.connect(database, timeout=30) as connection:
        connection.executemany(
            f"INSERT INTO {table} (truck_id, behavior, alert_init, started) VALUES (?,?,?,?)",
            (
                (
                    truck_id,
                    BEHAVIORS[i % len(BEHAVIORS)],
                    (start - timedelta(seconds=17 * i)).isoformat(sep=" "),
                    i % 3 == 0,
                )
                for i in range(first, first + count)
            ),
        )


def rss_mib(process: subprocess.Popen[bytes]) -> float:
    for line in Path(f"/proc/{process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Report:
    def __init__(self) -> None:
        self.goals: list[tuple[str, bool, str]] = []

    def row(self, name: str, baseline: Load | None, argus: Load, note: str = "") -> None:
        base = f"{baseline}" if baseline else " " * len(str(Load(0, 0, 0)))
        ratio = f"  {argus.rate / baseline.rate:5.2f}x" if baseline else ""
        print(f"{name:<46} {base} | {argus}{ratio}{note}", flush=True)

    def goal(self, name: str, met: bool, detail: str) -> None:
        self.goals.append((name, met, detail))

    def print_goals(self) -> None:
        print("\ngoals (ratios from this run):")
        for name, met, detail in self.goals:
            print(f"  {'MET    ' if met else 'NOT MET'}  {name}: {detail}")


async def argus_setup(
    client: httpx.AsyncClient, stub: fleet_pb2_grpc.FleetServiceStub
) -> tuple[fleet_pb2.DeviceRegistration, int, str]:
    """A device, an open alert of its truck (newer than every seeded one), an admin token."""
    request = fleet_pb2.RegisterDeviceRequest(mac="be:0c:00:00:ff:10", password="device-pass-1")
    device = await stub.RegisterDevice(request)
    opened = await stub.OpenAlert(
        fleet_pb2.OpenAlertRequest(
            truck_id=device.truck_id,
            alert_init=_stamp(datetime(2030, 1, 1)),
            behavior="Unsafe",
        ),
        metadata=auth(device.token),
    )
    login = await stub.Login(fleet_pb2.LoginRequest(username=ADMIN[0], password=ADMIN[1]))
    return device, int(opened.id), login.token


def _stamp(moment: datetime) -> object:
    from argus.core.times import utc_timestamp

    return utc_timestamp(moment)


async def bench_frames(
    report: Report,
    args: argparse.Namespace,
    base: tuple[LeanClient, subprocess.Popen[bytes], dict[str, object]],
    argus: tuple[LeanClient, list[subprocess.Popen[bytes]], str, int],
    image: bytes,
) -> dict[int, tuple[Load, Load]]:
    """Each frame load `--rounds` times, the baseline's and Argus's taking turns, so a slow
    moment of the shared machine falls on both; the goals use each side's median."""
    base_client, base_process, seeded = base
    client, processes, token, alert_id = argus
    base_post = frame_poster(
        base_client, str(seeded["device"]), int(str(seeded["alert_id"])), image
    )
    post = frame_poster(client, token, alert_id, image)
    results = {}
    for clients in (1, 8):
        rounds: list[tuple[Load, Load]] = []
        for _ in range(args.rounds):
            b = await load([base_process], base_post, clients=clients, seconds=args.seconds)
            a = await load(processes, post, clients=clients, seconds=args.seconds)
            rounds.append((b, a))
        b, a = median([b for b, _ in rounds]), median([a for _, a in rounds])
        ratios = sorted(a.rate / b.rate for b, a in rounds)
        spread = f" (rounds {ratios[0]:.2f}-{ratios[-1]:.2f}x)" if len(rounds) > 1 else ""
        report.row(f"POST /api/v1/log/, {clients} client(s)", b, a, spread)
        results[clients] = (b, a)
    return results


async def bench_stream(
    report: Report,
    args: argparse.Namespace,
    fleet: subprocess.Popen[bytes],
    stub: fleet_pb2_grpc.FleetServiceStub,
    token: str,
    alert_id: int,
    image: bytes,
) -> Load:
    cpu = cpu_seconds([fleet])
    started = time.perf_counter()
    acked, latencies = await stream_frames(
        stub, token, alert_id, image, seconds=args.seconds, window=64, first_sequence=1
    )
    elapsed = time.perf_counter() - started
    latencies.sort()
    result = Load(
        acked / elapsed,
        (cpu_seconds([fleet]) - cpu) / acked * 1000,
        latencies[int(len(latencies) * 0.99) - 1] * 1000,
    )
    report.row("gRPC StreamFrames, 64 in flight (decode check)", None, result)
    return result


async def bench_memory(
    report: Report, args: argparse.Namespace, data_dir: Path, image: bytes
) -> None:
    """A fresh fleet process: idle RSS, a stream load, then how far RSS comes back down."""
    port = free_port()
    env = service_env(data_dir, port, free_port())
    fleet = start("fleet", env)
    target = f"127.0.0.1:{port}"
    try:
        await wait_grpc(target)
        async with grpc.aio.insecure_channel(target, options=GRPC_OPTIONS) as channel:
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            devices = [
                await stub.RegisterDevice(
                    fleet_pb2.RegisterDeviceRequest(
                        mac=f"be:0c:00:00:fe:{i:02x}", password="device-pass-1"
                    )
                )
                for i in range(4)
            ]
            await asyncio.sleep(1)
            idle = rss_mib(fleet)
            peak = idle

            async def watch() -> None:
                nonlocal peak
                while True:
                    peak = max(peak, rss_mib(fleet))
                    await asyncio.sleep(0.5)

            watcher = asyncio.create_task(watch())
            await asyncio.gather(
                *(
                    stream_frames(stub, d.token, 0, image, seconds=args.memory_seconds, window=32)
                    for d in devices
                )
            )
            watcher.cancel()
            waited, after = 0.0, rss_mib(fleet)
            while after > idle * 1.5 and waited < 60:
                await asyncio.sleep(1)
                waited += 1
                after = rss_mib(fleet)
    finally:
        fleet.terminate()
        fleet.wait()
    print(
        f"fleet memory: idle {idle:.0f} MiB, peak under {args.memory_seconds:.0f} s of 4 streams "
        f"{peak:.0f} MiB, {waited:.0f} s later {after:.0f} MiB ({after / idle:.2f}x idle)"
    )
    report.goal(
        "fleet memory after a stream load returns within 1.5x of idle within 60 s",
        after <= idle * 1.5,
        f"{after / idle:.2f}x idle after {waited:.0f} s (peak {peak / idle:.2f}x)",
    )


@dataclass
class Argus:
    """The fleet and the gateway as their own processes, with a client of each."""

    client: httpx.AsyncClient
    channel: grpc.aio.Channel
    processes: tuple[subprocess.Popen[bytes], subprocess.Popen[bytes]]
    # What the loads use (http_load.py); `client` sets up.
    loader: LeanClient


@asynccontextmanager
async def argus_processes(
    data_dir: Path, admin: tuple[str, str] | None = None
) -> AsyncIterator[Argus]:
    """Start the fleet and the gateway as `make run` does (SQLite in `data_dir`), wait until
    both answer, and stop them at the end."""
    fleet_port, gateway_port = free_port(), free_port()
    env = {**service_env(data_dir, fleet_port, gateway_port), "ARGUS_JWT_SECRET": SECRET}
    if admin is not None:
        env["ARGUS_FLEET_ADMIN_USERNAME"], env["ARGUS_FLEET_ADMIN_PASSWORD"] = admin
    fleet, gateway = start("fleet", env), start("gateway", env)
    url, target = f"http://127.0.0.1:{gateway_port}", f"127.0.0.1:{fleet_port}"
    try:
        await wait_grpc(target)
        await wait_http(url)
        async with (
            httpx.AsyncClient(base_url=url, timeout=60) as client,
            grpc.aio.insecure_channel(target, options=GRPC_OPTIONS) as channel,
        ):
            loader = lean(client)
            yield Argus(client, channel, (fleet, gateway), loader)
            await loader.close()
    finally:
        for process in (fleet, gateway):
            process.terminate()
            process.wait()


async def run(args: argparse.Namespace, data_dir: Path) -> None:
    report = Report()
    image = jpeg_of(50_000)
    base_db = data_dir / "baseline.db"
    base_port = free_port()
    baseline = subprocess.Popen(
        [
            sys.executable,
            str(HERE / "serverapi_baseline.py"),
            "--database",
            str(base_db),
            "--port",
            str(base_port),
            "--secret",
            SECRET,
            "--alerts",
            str(args.alerts),
        ],
        stdout=subprocess.PIPE,
    )
    assert baseline.stdout is not None
    seeded = json.loads(baseline.stdout.readline())
    try:
        async with (
            argus_processes(data_dir / "argus", ADMIN) as argus,
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{base_port}", timeout=60) as base_client,
        ):
            client, channel, (fleet, gateway) = argus.client, argus.channel, argus.processes
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            device, alert_id, user = await argus_setup(client, stub)
            both = [fleet, gateway]
            base_loader = lean(base_client)
            print(f"{'':<46} {'baseline':<{len(str(Load(0, 0, 0)))}} | Argus", flush=True)
            frames = await bench_frames(
                report,
                args,
                (base_loader, baseline, seeded),
                (argus.loader, both, device.token, alert_id),
                image,
            )
            stream = await bench_stream(report, args, fleet, stub, device.token, alert_id, image)
            await bench_alerts(
                report,
                args,
                data_dir,
                (base_loader, baseline, seeded),
                (argus.loader, both, user, device.truck_id),
            )
            await bench_gateway(report, args, argus.loader, stub, both, user)
            await bench_reads(report, args, argus.loader, both, user, (alert_id, device.truck_id))
        frame_goals(report, frames, stream)
        await bench_memory(report, args, data_dir / "memory", image)
    finally:
        baseline.terminate()
        baseline.wait()
    report.print_goals()


def frame_goals(report: Report, frames: dict[int, tuple[Load, Load]], stream: Load) -> None:
    (b1, a1), (b8, a8) = frames[1], frames[8]
    report.goal(
        "REST frames at 8 clients >= 5x the baseline",
        a8.rate >= 5 * b8.rate,
        f"{a8.rate / b8.rate:.2f}x ({a8.rate:.0f} vs {b8.rate:.0f} frames/s)",
    )
    report.goal(
        "REST frames at 1 client faster than the baseline",
        a1.rate > b1.rate,
        f"{a1.rate / b1.rate:.2f}x ({a1.rate:.0f} vs {b1.rate:.0f} frames/s)",
    )
    worst = max(a1.cpu_ms, a8.cpu_ms)
    report.goal(
        "server CPU per REST frame (gateway + fleet) <= 2 ms",
        worst <= 2.0,
        f"{a1.cpu_ms:.2f} ms at 1 client, {a8.cpu_ms:.2f} ms at 8 "
        f"(baseline {b1.cpu_ms:.2f} / {b8.cpu_ms:.2f} ms)",
    )
    report.goal(
        "gRPC stream >= 10x Argus REST (8 clients)",
        stream.rate >= 10 * a8.rate,
        f"{stream.rate / a8.rate:.2f}x ({stream.rate:.0f} frames/s, {stream.cpu_ms:.2f} ms CPU)",
    )
    report.goal(
        "gRPC stream >= 15x the baseline (8 clients)",
        stream.rate >= 15 * b8.rate,
        f"{stream.rate / b8.rate:.2f}x",
    )


async def bench_alerts(
    report: Report,
    args: argparse.Namespace,
    data_dir: Path,
    base: tuple[LeanClient, subprocess.Popen[bytes], dict[str, object]],
    argus: tuple[LeanClient, list[subprocess.Popen[bytes]], str, int],
) -> None:
    """Page 1 with 1k alerts stored, then with 100k (against the baseline), then with 1M."""
    base_client, baseline, seeded = base
    client, processes, user, truck = argus
    fleet_db, table = data_dir / "argus" / "fleet.db", "fleet_alerts"
    stored = 0
    page1: dict[int, Load] = {}
    for total in (1_000, args.alerts, args.alerts_large):
        add_alerts(fleet_db, table, truck, total - stored, stored)
        stored = total
        page1[total] = await load(
            processes, alert_lister(client, user), clients=8, seconds=args.seconds
        )
        if total == args.alerts:
            b = await load(
                [baseline],
                alert_lister(base_client, str(seeded["user"])),
                clients=8,
                seconds=args.seconds,
            )
            report.row(f"GET /api/v1/alert/ page 1, {total:,} alerts", b, page1[total])
            filters: dict[str, str | int] = {"truck_id": truck, "behavior": "Tamper"}
            base_filters = {**filters, "truck_id": int(str(seeded["truck_id"]))}
            bf = await load(
                [baseline],
                alert_lister(base_client, str(seeded["user"]), **base_filters),
                clients=8,
                seconds=args.seconds,
            )
            af = await load(
                processes, alert_lister(client, user, **filters), clients=8, seconds=args.seconds
            )
            report.row("  same, filtered truck + behaviour", bf, af)
            for name, a, bl in (("page 1", page1[total], b), ("filtered", af, bf)):
                report.goal(
                    f"alert list {name}, {total:,} alerts, >= 10x the baseline's req/s",
                    a.rate >= 10 * bl.rate,
                    f"{a.rate / bl.rate:.2f}x ({a.rate:.0f} vs {bl.rate:.0f} req/s)",
                )
        else:
            report.row(f"GET /api/v1/alert/ page 1, {total:,} alerts", None, page1[total])
    small, large = page1[1_000], page1[args.alerts_large]
    report.goal(
        f"alert page 1 cost flat from 1k to {args.alerts_large:,} alerts (within 1.5x)",
        large.cpu_ms <= 1.5 * small.cpu_ms,
        f"{large.cpu_ms / small.cpu_ms:.2f}x the CPU per request "
        f"({small.cpu_ms:.2f} -> {large.cpu_ms:.2f} ms)",
    )


async def bench_gateway(
    report: Report,
    args: argparse.Namespace,
    client: LeanClient,
    stub: fleet_pb2_grpc.FleetServiceStub,
    processes: list[subprocess.Popen[bytes]],
    user: str,
) -> None:
    """A small call through the gateway against the same call over gRPC direct."""
    rest = user_me(client, user)

    async def direct(_i: int) -> None:
        await stub.GetCurrentUser(fleet_pb2.GetCurrentUserRequest(), metadata=auth(user))

    via_rest = await load(processes, rest, clients=8, seconds=args.seconds)
    via_grpc = await load(processes[:1], direct, clients=8, seconds=args.seconds)
    report.row("GetCurrentUser over gRPC | via GET /user/me/", via_grpc, via_rest)
    report.goal(
        "a small call through REST <= 1.5x the CPU of gRPC direct",
        via_rest.cpu_ms <= 1.5 * via_grpc.cpu_ms,
        f"{via_rest.cpu_ms / via_grpc.cpu_ms:.2f}x "
        f"({via_rest.cpu_ms:.2f} vs {via_grpc.cpu_ms:.2f} ms)",
    )


async def bench_reads(
    report: Report,
    args: argparse.Namespace,
    client: LeanClient,
    processes: list[subprocess.Popen[bytes]],
    user: str,
    of: tuple[int, int],
) -> None:
    """What a user's screen reads besides alerts (the baseline has no such route): a page of
    an alert's frames (5, with their images) and a truck's last status."""
    alert_id, truck_id = of
    for name, path, params in (
        ("GET /api/v1/log/ (5 frames, 50 KB each)", "/api/v1/log/", {"alert_id": alert_id}),
        ("GET /api/v1/truck/laststatus/", "/api/v1/truck/laststatus/", {"truck_id": truck_id}),
    ):
        query = {"token": user, **params}

        async def get(_i: int, path: str = path, query: dict[str, object] = query) -> None:
            http_checked(*await client.get(path, query), path)

        report.row(name, None, await load(processes, get, clients=8, seconds=args.seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per measured load")
    parser.add_argument(
        "--rounds", type=int, default=3, help="frame loads: rounds, taking turns (median)"
    )
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--alerts-large", type=int, default=1_000_000)
    parser.add_argument("--memory-seconds", type=float, default=60.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        asyncio.run(run(args, Path(data_dir)))


if __name__ == "__main__":
    main()
