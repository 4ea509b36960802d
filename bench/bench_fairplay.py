"""DFairPlay benchmark: add_user + get_incidents through the gateway, 1,000 open sessions of
50 players each, against GET /is_alive/ (no backend call) measured in the same run.

The players service and the gateway run as their own processes (`argus serve`), on SQLite.
Sessions, players, client registrations and incidents are inserted in bulk before the clock
starts; the measured calls then go through HTTP -> gateway -> gRPC -> database.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
from _common import free_port  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from argus.core.db import Database  # noqa: E402
from services.players.context import MIGRATIONS  # noqa: E402
from services.players.fairplay.models import FairPlaySession, SessionPlayer  # noqa: E402
from services.players.fairplay.service import new_token  # noqa: E402
from services.players.fairplay.validation import token_hash  # noqa: E402
from services.players.reputation.clients import FairPlayClient  # noqa: E402
from services.players.reputation.incidents import Incident  # noqa: E402

SESSIONS = 1000
PLAYERS = 50
SECONDS = 6.0
CONCURRENCY = 16
FLAGGED_EVERY = 20  # one ip in 20 has an incident; one in 4 runs the fair-play client


def player_ip(session: int, player: int) -> str:
    return f"10.{session // 250}.{session % 250}.{player + 1}"


async def populate(url: str) -> list[str]:
    """Bulk-insert the sessions with their players, clients and incidents; returns tokens."""
    database = await Database.open(url, MIGRATIONS)
    now = time.time()
    tokens = [new_token() for _ in range(SESSIONS)]
    ips = [(s, p, player_ip(s, p)) for s in range(SESSIONS) for p in range(PLAYERS)]
    async with database.sessions.begin() as session:
        await session.execute(
            insert(FairPlaySession),
            [
                {
                    "id": i + 1,
                    "token_hash": token_hash(t),
                    "game": "gtasa-samp",
                    "created_at": now,
                    "expires_at": now + 3600,
                }
                for i, t in enumerate(tokens)
            ],
        )
        await session.execute(
            insert(SessionPlayer),
            [{"session_id": s + 1, "player_id": p, "ip": ip, "added_at": now} for s, p, ip in ips],
        )
        await session.execute(
            insert(FairPlayClient),
            [
                {
                    "client_id": f"pc-{ip}",
                    "ip": ip,
                    "account_id": None,
                    "registered_at": now,
                    "expires_at": now + 3600,
                }
                for s, p, ip in ips
                if p % 4 == 0
            ],
        )
        await session.execute(
            insert(Incident),
            [
                {
                    "ip": ip,
                    "client_id": None,
                    "kind": "aimbot",
                    "detail": "",
                    "occurred_at": now,
                    "reported_at": now,
                }
                for s, p, ip in ips
                if p % FLAGGED_EVERY == 0
            ],
        )
    await database.close()
    return tokens


@asynccontextmanager
async def services(data_dir: Path) -> AsyncIterator[str]:
    """The players service and the gateway as separate processes; yields the gateway URL."""
    players_port, gateway_port = free_port(), free_port()
    env = {
        **os.environ,
        "ARGUS_DATA_DIR": str(data_dir),
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_PLAYERS_PORT": str(players_port),
        "ARGUS_PLAYERS_METRICS_PORT": str(free_port()),
        "ARGUS_PLAYERS_TARGET": f"127.0.0.1:{players_port}",
        "ARGUS_GATEWAY_PORT": str(gateway_port),
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "argus.cli", "serve"]
    procs = [
        subprocess.Popen([*command, name], env=env, cwd=ROOT) for name in ("players", "gateway")
    ]
    url = f"http://127.0.0.1:{gateway_port}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                try:
                    async with http.get(f"{url}/ping/x/") as response:
                        if await response.text() == "-4":
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("the services did not start")
        yield url
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=30)


async def hammer(
    url: str, next_path: Callable[[random.Random], str]
) -> tuple[float, dict[str, int]]:
    """Requests per second over SECONDS with CONCURRENCY workers, and the bodies seen."""
    bodies: dict[str, int] = {}
    done = 0
    deadline = time.perf_counter() + SECONDS
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)

    async def worker(seed: int, http: aiohttp.ClientSession) -> None:
        nonlocal done
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            async with http.get(url + next_path(rng)) as response:
                body = await response.text()
                assert response.status == 200, body
            kind = body if body in ("0", "1", "-1", "-2", "-3", "-4") else "list"
            bodies[kind] = bodies.get(kind, 0) + 1
            done += 1

    async with aiohttp.ClientSession(connector=connector) as http:
        start = time.perf_counter()
        await asyncio.gather(*(worker(seed, http) for seed in range(CONCURRENCY)))
        return done / (time.perf_counter() - start), bodies


async def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp)
        async with services(data_dir) as url:
            started = time.perf_counter()
            tokens = await populate(f"sqlite+aiosqlite:///{data_dir / 'players.db'}")
            setup = time.perf_counter() - started

            def add_or_get(rng: random.Random) -> str:
                s = rng.randrange(SESSIONS)
                if rng.random() < 0.5:
                    return f"/get_incidents/{tokens[s]}/"
                player = rng.randrange(PLAYERS)
                ip = player_ip(s, rng.randrange(PLAYERS))
                return f"/add_user/{tokens[s]}/{player}/{ip}/"

            await hammer(url, lambda rng: "/is_alive/")  # warm-up
            alive_rps, _ = await hammer(url, lambda rng: "/is_alive/")
            mixed_rps, bodies = await hammer(url, add_or_get)
    assert set(bodies) <= {"0", "1", "list"}, bodies
    print(f"set-up: {SESSIONS} sessions x {PLAYERS} players inserted in {setup:.1f} s")
    print(f"GET /is_alive/ (baseline)                {alive_rps:9.1f} req/s")
    print(
        f"add_user + get_incidents (50/50 mix)     {mixed_rps:9.1f} req/s"
        f"   ratio to baseline {mixed_rps / alive_rps:.2f}"
        f"   (concurrency {CONCURRENCY}, {SECONDS:.0f} s each)"
    )


if __name__ == "__main__":
    asyncio.run(main())
