"""State lives in the database: it survives a players-service restart, except what expired."""

from __future__ import annotations

import asyncio
from pathlib import Path

from prometheus_client import REGISTRY

from tests.fairplay.conftest import FairPlayStack, fairplay_stack
from tests.support.databases import TestDatabase

SHORT_TTL = 0.2


async def test_sessions_clients_and_incidents_survive_a_restart_except_expired_sessions(
    tmp_path: Path, db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, db, dfairplay_session_ttl=SHORT_TTL) as stack:
        short_lived = await stack.session()
        await stack.call(f"/add_user/{short_lived}/1/10.0.0.1/")
    async with fairplay_stack(tmp_path, db) as stack:
        token = await stack.session()
        await stack.register("pc-2", "10.0.0.2")
        await stack.incident("10.0.0.3")
        await stack.call(f"/add_user/{token}/2/10.0.0.2/")
        await stack.call(f"/add_user/{token}/3/10.0.0.3/")
        await stack.call(f"/add_user/{token}/4/10.0.0.4/")
    async with fairplay_stack(tmp_path, db) as stack:
        assert await stack.call(f"/get_incidents/{token}/") == "3"
        assert await stack.call(f"/add_user/{token}/2/10.0.0.2/") == "1"
        assert await stack.call(f"/delete_user/{token}/4/") == "1"
        assert await stack.call(f"/get_incidents/{short_lived}/") == "-4"
        assert await stack.call(f"/delete_user/{short_lived}/1/") == "-4"


async def test_a_token_unused_for_the_ttl_answers_minus_four_over_http(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, sqlite_db, dfairplay_session_ttl=SHORT_TTL) as stack:
        token = await stack.session()
        assert await stack.call(f"/add_user/{token}/1/10.0.0.1/") == "0"
        await asyncio.sleep(SHORT_TTL * 1.5)
        for path in ("ping", "get_incidents", "destroy_session"):
            assert await stack.call(f"/{path}/{token}/") == "-4"


def _metric(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_domain_metrics_count_sessions_players_clients_and_incidents(
    stack: FairPlayStack,
) -> None:
    before = {
        "sessions": _metric("argus_dfairplay_sessions_created_total"),
        "with": _metric("argus_dfairplay_players_added_total", uses_client="true"),
        "without": _metric("argus_dfairplay_players_added_total", uses_client="false"),
        "clients": _metric("argus_dfairplay_client_registrations_total"),
        "incidents": _metric("argus_dfairplay_incidents_reported_total"),
    }
    token = await stack.session()
    await stack.register("pc-1", "10.0.0.1")
    await stack.incident("10.0.0.1")
    await stack.call(f"/add_user/{token}/1/10.0.0.1/")
    await stack.call(f"/add_user/{token}/2/10.0.0.2/")
    assert _metric("argus_dfairplay_sessions_created_total") == before["sessions"] + 1
    assert _metric("argus_dfairplay_players_added_total", uses_client="true") == before["with"] + 1
    assert (
        _metric("argus_dfairplay_players_added_total", uses_client="false") == before["without"] + 1
    )
    assert _metric("argus_dfairplay_client_registrations_total") == before["clients"] + 1
    assert _metric("argus_dfairplay_incidents_reported_total") == before["incidents"] + 1
    assert _metric("argus_dfairplay_sessions_open") >= 0
