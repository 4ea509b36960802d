"""1,000 sessions open at once, each seeing only its own players (sessions are opened over
gRPC to keep the set-up short; players are added and incidents read over HTTP)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import httpx

from argus.players.v1 import fairplay_pb2 as pb
from tests.fairplay.conftest import fairplay_stack
from tests.support.databases import TestDatabase

SESSIONS = 1000
PARALLEL = 64
T = TypeVar("T")


def _ip(index: int) -> str:
    return f"10.{index // 250}.{index % 250}.1"


async def _all(calls: list[Callable[[], Awaitable[T]]]) -> list[T]:
    gate = asyncio.Semaphore(PARALLEL)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return await asyncio.gather(*(one(call) for call in calls))


async def test_a_thousand_concurrent_sessions_do_not_cross_talk(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, sqlite_db) as stack:
        limits = httpx.Limits(max_connections=PARALLEL)
        async with httpx.AsyncClient(base_url=stack.url, limits=limits, timeout=60) as http:

            async def get(path: str) -> str:
                response = await http.get(path)
                assert response.status_code == 200
                return response.text

            create = pb.CreateSessionRequest(game="gtasa-samp")
            sessions = await _all([lambda: stack.stub.CreateSession(create)] * SESSIONS)
            tokens = [session.token for session in sessions]
            assert len(set(tokens)) == SESSIONS
            added = await _all(
                [
                    lambda i=i: get(f"/add_user/{tokens[i]}/{i % 1000}/{_ip(i)}/")
                    for i in range(SESSIONS)
                ]
            )
            assert set(added) == {"0"}
            await _all([lambda i=i: stack.incident(_ip(i)) for i in range(0, SESSIONS, 2)])
            answers = await _all(
                [lambda token=token: get(f"/get_incidents/{token}/") for token in tokens]
            )
        expected = [str(i % 1000) if i % 2 == 0 else "" for i in range(SESSIONS)]
        assert answers == expected
