"""gRPC over TLS: services serve it, every internal caller and the gateway verify it, mTLS
refuses a caller without a certificate and counts one with a certificate as internal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from argus.core.grpc_client import channel_for, create_channel
from argus.core.settings import CommonSettings
from argus.core.tls import ClientTls
from argus.players.v1 import fairplay_pb2, fairplay_pb2_grpc, mac_pb2, mac_pb2_grpc
from services.players.server import build as build_players
from tests.fleet.conftest import fleet_overrides
from tests.halp.conftest import SEED_NAMES, TOKEN, halp_settings, player_list_png, screenshots
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_count
from tests.support.servers import platform, players_settings, serving
from tests.trust.certs import Pki, make_pki

INTERNAL = "internal-" + "i" * 32


@pytest.fixture
def pki(tmp_path: Path) -> Pki:
    return make_pki(tmp_path / "pki")


@asynccontextmanager
async def tls_platform(data_dir: Path, db: TestDatabase, pki: Pki) -> AsyncIterator[str]:
    """ocr, players and fleet serving TLS only; players and the gateway calling them over TLS."""
    tls = {**pki.server(), **pki.client()}
    async with platform(
        data_dir,
        db,
        ocr=tls,
        players=halp_settings(**tls),
        fleet=fleet_overrides(**tls),
        gateway_overrides=pki.client(),
    ) as running:
        yield running.url


async def _health(channel: grpc.aio.Channel) -> int:
    stub = health_pb2_grpc.HealthStub(channel)
    reply = await stub.Check(health_pb2.HealthCheckRequest(), timeout=5, wait_for_ready=False)
    return int(reply.status)


async def test_the_gateway_reaches_every_service_over_tls(
    tmp_path: Path, sqlite_db: TestDatabase, pki: Pki
) -> None:
    async with (
        tls_platform(tmp_path, sqlite_db, pki) as url,
        httpx.AsyncClient(base_url=url, timeout=60) as http,
    ):
        health = await http.get("/healthz")
        assert health.status_code == 200, health.text
        assert {b["status"] for b in health.json()["backends"].values()} == {"SERVING"}
        token = (await http.get("/create_session/gtasa-samp/")).text
        assert len(token) == 32
        assert (await http.get(f"/get_incidents/{token}/")).text == ""
        # gateway -> players -> ocr, both hops over TLS.
        banner = player_count(7, fmt="PNG")
        files = screenshots(player_list_png(SEED_NAMES), banner.data)
        form = {"auth": TOKEN, "mode": "OCR", "session": "clifford"}
        submitted = await http.post("/submit_playercount", data=form, files=files)
        assert submitted.status_code == 200, submitted.text
        assert submitted.json()["names"] == SEED_NAMES


async def test_a_tls_server_refuses_plaintext_and_unknown_authorities(
    tmp_path: Path, sqlite_db: TestDatabase, pki: Pki
) -> None:
    settings = players_settings(tmp_path, sqlite_db, "127.0.0.1:9", **pki.server())
    async with serving(build_players, settings) as s:
        target = f"127.0.0.1:{s.port}"
        stranger = make_pki(tmp_path / "other", "stranger")
        for channel in (
            create_channel(target),
            create_channel(target, tls=ClientTls.from_files(str(stranger.ca_file))),
        ):
            async with channel:
                with pytest.raises(grpc.aio.AioRpcError) as refused:
                    await _health(channel)
                assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        async with create_channel(target, tls=ClientTls.from_files(str(pki.ca_file))) as channel:
            assert await _health(channel) == health_pb2.HealthCheckResponse.SERVING


async def test_mtls_refuses_a_caller_without_a_certificate_and_trusts_one_with_it(
    tmp_path: Path, sqlite_db: TestDatabase, pki: Pki
) -> None:
    settings = players_settings(
        tmp_path,
        sqlite_db,
        "127.0.0.1:9",
        internal_secret=INTERNAL,
        **pki.server(require_client_certs=True),
    )
    async with serving(build_players, settings) as s:
        target = f"localhost:{s.port}"
        anonymous = CommonSettings(**pki.client())  # type: ignore[arg-type]
        async with channel_for(anonymous, target) as channel:
            stub = fairplay_pb2_grpc.FairPlayServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.CreateSession(fairplay_pb2.CreateSessionRequest(game="gtasa-samp"))
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE

        service = CommonSettings(**pki.client(with_cert=True))  # type: ignore[arg-type]
        async with channel_for(service, target) as channel:
            # Its certificate is its identity: internal with no shared secret sent.
            register = fairplay_pb2.RegisterClientRequest(client_id="pc", ip="10.0.0.1")
            stub = fairplay_pb2_grpc.FairPlayServiceStub(channel)
            assert (await stub.RegisterClient(register)).client_token
            mac = mac_pb2_grpc.MacServiceStub(channel)
            claim = (("x-argus-client-address", "203.0.113.9"),)
            with pytest.raises(grpc.aio.AioRpcError) as remote:
                await mac.GetGame(mac_pb2.GetGameRequest(), metadata=claim)
            assert remote.value.code() == grpc.StatusCode.PERMISSION_DENIED
