"""MAC benchmark: status (and g15_dumpplayer) parsing vs splitlines; GET /mac/game/v1
(100 players), in full and with its ETag (304), vs /healthz."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from services.players.mac.status import parse_status  # noqa: E402
from tests.mac.status_samples import full_lobby, g15_dump  # noqa: E402
from tests.support.databases import TestDatabase  # noqa: E402
from tests.support.servers import platform  # noqa: E402

SECONDS = 4.0
CONCURRENCY = 8


def per_second(work: Callable[[], object], seconds: float = 1.5) -> float:
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        work()
        count += 1
    return count / (time.perf_counter() - start)


async def hammer(
    http: httpx.AsyncClient,
    path: str,
    concurrency: int = CONCURRENCY,
    *,
    etag: str = "",
) -> tuple[float, list[float]]:
    """Requests per second over SECONDS with `concurrency` workers, and each latency. With
    `etag`, each request is conditional (If-None-Match) and must answer 304."""
    latencies: list[float] = []
    deadline = time.perf_counter() + SECONDS
    headers = {"if-none-match": etag} if etag else {}
    expected = 304 if etag else 200

    async def worker() -> None:
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            response = await http.get(path, headers=headers)
            latencies.append(time.perf_counter() - start)
            assert response.status_code == expected, response.text

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return len(latencies) / (time.perf_counter() - start), latencies


def quantile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q * 100) - 1] * 1000


async def serve_game() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = TestDatabase(url=f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        async with platform(Path(tmp), db) as running:
            limits = httpx.Limits(max_connections=CONCURRENCY)
            async with httpx.AsyncClient(base_url=running.url, limits=limits) as http:
                response = await http.post("/mac/status/v1", content=full_lobby(100).encode())
                assert len(response.json()["understood"]["players"]) == 100
                game = await http.get("/mac/game/v1")
                assert len(game.json()["players"]) == 100
                await hammer(http, "/healthz")  # warm-up
                base_rps, _ = await hammer(http, "/healthz")
                game_rps, latencies = await hammer(http, "/mac/game/v1")
                etag = game.headers["etag"]
                cond_rps, cond = await hammer(http, "/mac/game/v1", etag=etag)
                _, polls = await hammer(http, "/mac/game/v1", concurrency=1)
    print(f"GET /healthz (baseline)          {base_rps:9.1f} req/s")
    print(
        f"GET /mac/game/v1 (100 players)   {game_rps:9.1f} req/s   "
        f"p50 {quantile(latencies, 0.5):.1f} ms  p99 {quantile(latencies, 0.99):.1f} ms"
        f"  (concurrency {CONCURRENCY}, one players replica; the UI needs < 500 ms)"
    )
    print(
        f"GET /mac/game/v1 with its ETag   {cond_rps:9.1f} req/s   "
        f"p50 {quantile(cond, 0.5):.1f} ms  p99 {quantile(cond, 0.99):.1f} ms  (304 Not Modified)"
    )
    print(
        f"GET /mac/game/v1, one UI polling   p50 {quantile(polls, 0.5):.1f} ms"
        f"  p99 {quantile(polls, 0.99):.1f} ms"
    )
    print(f"ratio game/healthz               {game_rps / base_rps:9.3f}   (goal >= 0.8)")
    print(f"ratio game 304/healthz           {cond_rps / base_rps:9.3f}")


def parse() -> None:
    text = full_lobby(100)
    assert len(parse_status(text).snapshot.players) == 100
    baseline = per_second(text.splitlines)
    parsed = per_second(lambda: parse_status(text))
    print(f"splitlines of the text (baseline) {baseline:9.1f} /s")
    print(f"parse 100-player status           {parsed:9.1f} /s   ({1000 / parsed:.3f} ms each)")
    print(f"ratio parse/splitlines            {parsed / baseline:9.4f}")
    slots = [
        (100 + i, f"Player number {i}", 10_000 + i, 2 + i % 2, i % 20, i % 7, 40 + i, i % 2 == 0)
        for i in range(100)
    ]
    both = text + "\n" + g15_dump(*slots)
    assert {p.game_info.team for p in parse_status(both).snapshot.players} == {2, 3}
    with_dump = per_second(lambda: parse_status(both))
    print(
        f"parse status + g15_dumpplayer     {with_dump:9.1f} /s   ({1000 / with_dump:.3f} ms each)"
    )
    print(f"ratio with dump/status alone      {with_dump / parsed:9.4f}")


if __name__ == "__main__":
    parse()
    asyncio.run(serve_game())
