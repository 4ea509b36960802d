"""The gateway's own CPU per request: the REST frame ingest and a small call, each load
counting the gateway process's CPU only (from /proc).

Argus runs as `make run` starts it (the fleet and the gateway as their own processes on
SQLite); the loads are bench_perf's. For A/B runs of a gateway change, run it twice before and
twice after in the same conditions:

    python bench/bench_gateway.py [--seconds 4] [--rounds 2]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from bench_perf import argus_processes, argus_setup, frame_poster, load, user_me
from bench_stream import jpeg_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from argus.fleet.v1 import fleet_pb2_grpc


async def run(args: argparse.Namespace, data_dir: Path) -> None:
    async with argus_processes(data_dir) as argus:
        client, (_fleet, gateway) = argus.client, argus.processes
        stub = fleet_pb2_grpc.FleetServiceStub(argus.channel)
        device, alert_id, user = await argus_setup(client, stub)
        post = frame_poster(argus.loader, device.token, alert_id, jpeg_of(50_000))
        me = user_me(argus.loader, user)

        for _round in range(args.rounds):
            for name, call, clients in (
                ("POST /api/v1/log/, 1 client", post, 1),
                ("POST /api/v1/log/, 8 clients", post, 8),
                ("GET /api/v1/user/me/, 8 clients", me, 8),
            ):
                measured = await load([gateway], call, clients=clients, seconds=args.seconds)
                print(f"{name:<34} gateway {measured}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0, help="per measured load")
    parser.add_argument("--rounds", type=int, default=2, help="each load this many times")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        asyncio.run(run(args, Path(data_dir)))


if __name__ == "__main__":
    main()
