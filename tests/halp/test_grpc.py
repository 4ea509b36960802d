"""HalpService over gRPC, for internal callers and dashboards: counts, history, matching."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import grpc
import httpx
import pytest
from google.protobuf.timestamp_pb2 import Timestamp

from argus.players.v1 import halp_pb2, halp_pb2_grpc
from services.gateway.settings import GatewaySettings
from services.players.halp import metrics
from services.players.server import build as build_players
from tests.halp.conftest import (
    SEED_NAMES,
    TOKEN,
    Halp,
    halp_settings,
    last_submission_gauge,
    player_count_gauge,
    player_list_png,
    screenshots,
    stored_uploads,
)
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_count
from tests.support.servers import free_port, gateway, grpc_service, platform, players_settings

AUTH = (("authorization", f"Bearer {TOKEN}"),)


@pytest.fixture
async def stub(halp: Halp) -> AsyncIterator[halp_pb2_grpc.HalpServiceStub]:
    async with grpc.aio.insecure_channel(halp.platform.players_target) as channel:
        yield halp_pb2_grpc.HalpServiceStub(channel)


async def test_counts_sent_over_grpc_come_back_in_the_history_newest_first(
    stub: halp_pb2_grpc.HalpServiceStub,
) -> None:
    for count in (4, 8):
        request = halp_pb2.SubmitPlayerCountRequest(session="spadge", raw_count=count)
        submission = await stub.SubmitPlayerCount(request, metadata=AUTH)
        assert submission.mode == halp_pb2.SUBMISSION_MODE_RAW_COUNT
    reply = await stub.ListSubmissions(
        halp_pb2.ListSubmissionsRequest(session="spadge"), metadata=AUTH
    )
    assert [s.player_count for s in reply.submissions] == [8, 4]
    newest = reply.submissions[0].submitted_at.ToDatetime(tzinfo=UTC)
    assert abs(datetime.now(UTC) - newest) < timedelta(minutes=1)

    since = Timestamp()
    since.FromDatetime(datetime.now(UTC) + timedelta(minutes=1))
    later = await stub.ListSubmissions(
        halp_pb2.ListSubmissionsRequest(session="spadge", since=since), metadata=AUTH
    )
    assert list(later.submissions) == []


@pytest.mark.parametrize(
    ("metadata", "request_", "code"),
    [
        ((), halp_pb2.SubmitPlayerCountRequest(session="spadge", raw_count=1), "PERMISSION_DENIED"),
        (AUTH, halp_pb2.SubmitPlayerCountRequest(session="x", raw_count=1), "NOT_FOUND"),
        (
            AUTH,
            halp_pb2.SubmitPlayerCountRequest(session="spadge", raw_count=-1),
            "INVALID_ARGUMENT",
        ),
        (AUTH, halp_pb2.SubmitPlayerCountRequest(session="spadge"), "INVALID_ARGUMENT"),
    ],
)
async def test_grpc_callers_get_status_codes(
    stub: halp_pb2_grpc.HalpServiceStub,
    metadata: tuple[tuple[str, str], ...],
    request_: halp_pb2.SubmitPlayerCountRequest,
    code: str,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await stub.SubmitPlayerCount(request_, metadata=metadata)
    assert failure.value.code().name == code


async def test_read_player_list_over_grpc_gives_the_documented_numbers(
    halp: Halp, stub: halp_pb2_grpc.HalpServiceStub
) -> None:
    files = screenshots(player_list_png(SEED_NAMES), player_count(7, fmt="PNG").data)
    form = {"auth": TOKEN, "mode": "OCR", "session": "clifford"}
    assert (await halp.client.post("/submit_playercount", data=form, files=files)).is_success

    request = halp_pb2.ReadPlayerListRequest(session="clifford", player_list=["capt_capslock"])
    (match,) = (await stub.ReadPlayerList(request, metadata=AUTH)).sessions
    assert list(match.matched) == ["capt_capslock"]
    assert [(u.name, u.match_chance, u.sub_match_chance) for u in match.unmatched] == [
        ("CliffordGTAV", 24, 24),
        ("SpadgeVEVO", 26, 26),
        ("blazeroman", 17, 17),
    ]


async def test_the_player_count_gauges_are_restored_after_a_restart(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    before = time.time()
    async with (
        platform(tmp_path, sqlite_db, players=halp_settings()) as running,
        httpx.AsyncClient(base_url=running.url) as client,
    ):
        form = {"auth": TOKEN, "mode": "rawCount", "session": "spadge", "playercount": "23"}
        assert (await client.post("/submit_playercount", data=form)).is_success
    submitted = last_submission_gauge("spadge")
    assert submitted is not None and before <= submitted <= time.time()
    metrics.PLAYER_COUNT.remove("spadge")
    metrics.LAST_SUBMISSION.remove("spadge")
    assert player_count_gauge("spadge") is None

    settings = players_settings(tmp_path, sqlite_db, "127.0.0.1:1", **halp_settings())
    async with grpc_service(build_players(settings)):
        assert player_count_gauge("spadge") == 23
        assert last_submission_gauge("spadge") == pytest.approx(submitted)


async def test_screenshots_answer_503_and_store_nothing_while_the_ocr_service_is_down(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    down = f"127.0.0.1:{free_port()}"
    settings = players_settings(
        tmp_path, sqlite_db, down, grpc_call_timeout_seconds=2, **halp_settings()
    )
    async with grpc_service(build_players(settings)) as players:
        gateway_settings = GatewaySettings(  # type: ignore[call-arg]
            data_dir=tmp_path,
            gateway_port=free_port(),
            ocr_target=down,
            players_target=f"127.0.0.1:{players.port}",
            fleet_target=down,
        )
        async with gateway(gateway_settings) as url, httpx.AsyncClient(base_url=url) as client:
            files = screenshots(player_list_png(SEED_NAMES), player_count(7, fmt="PNG").data)
            form = {"auth": TOKEN, "mode": "OCR", "session": "clifford"}
            reply = await client.post("/submit_playercount", data=form, files=files)
            assert (reply.status_code, reply.text) == (503, "Service Unavailable")
            assert reply.headers["Retry-After"] == "1"
            assert "OCR service failed: UNAVAILABLE" in reply.headers["X-Error-Detail"]
            history = await client.get("/sessions/clifford/history", params={"auth": TOKEN})
            assert history.json()["submissions"] == []
    assert await stored_uploads(sqlite_db) == []
