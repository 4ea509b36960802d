"""The other side over gRPC: fair-play clients register and report incidents, and MAC
verdicts of the same reputation store flag players too."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest
from google.protobuf.struct_pb2 import Struct
from google.protobuf.timestamp_pb2 import Timestamp

from argus.core.grpc_handlers import error_reason
from argus.players.v1 import fairplay_pb2 as pb
from argus.players.v1 import mac_pb2, mac_pb2_grpc
from tests.fairplay.conftest import FairPlayStack, fairplay_stack
from tests.support.databases import TestDatabase

CHEATER, CONVICT, HONEST = "76561198000000001", "76561198000000002", "76561198000000003"


async def _set_verdicts(stack: FairPlayStack, verdicts: dict[str, str]) -> None:
    updates = {}
    for steam_id64, verdict in verdicts.items():
        update = Struct()
        update.update({"mac": {"verdict": verdict}})
        updates[steam_id64] = update
    stub = mac_pb2_grpc.MacServiceStub(stack.channel)
    reply = await stub.UpdatePlayers(mac_pb2.UpdatePlayersRequest(updates=updates))
    assert dict(reply.errors) == {}


async def test_players_whose_client_account_has_a_cheater_or_convict_verdict_have_incidents(
    tmp_path: Path, db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, db) as stack:
        await _set_verdicts(stack, {CHEATER: "Cheater", CONVICT: "Convict", HONEST: "Trusted"})
        await stack.register("pc-1", "10.0.0.1", account_id=CHEATER)
        await stack.register("pc-2", "10.0.0.2", account_id=CONVICT)
        await stack.register("pc-3", "10.0.0.3", account_id=HONEST)
        await stack.register("pc-4", "10.0.0.4")
        token = await stack.session()
        for player_id in (1, 2, 3, 4):
            assert await stack.call(f"/add_user/{token}/{player_id}/10.0.0.{player_id}/") == "1"
        assert await stack.call(f"/get_incidents/{token}/") == "1,2"
        await _set_verdicts(stack, {CHEATER: "Player"})
        assert await stack.call(f"/get_incidents/{token}/") == "2"


async def test_incidents_reported_over_grpc_flag_players_by_client_or_ip(
    tmp_path: Path, db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, db) as stack:
        await stack.register("pc-5", "2001:db8::5")
        token = await stack.session()
        await stack.call(f"/add_user/{token}/5/2001:db8::5/")
        await stack.call(f"/add_user/{token}/6/10.0.0.6/")
        occurred = Timestamp()
        occurred.GetCurrentTime()
        first = await stack.stub.ReportIncident(
            pb.ReportIncidentRequest(
                client_id="pc-5", kind="aimbot", detail="snap", occurred_at=occurred
            )
        )
        second = await stack.stub.ReportIncident(
            pb.ReportIncidentRequest(ip="10.0.0.6", kind="speedhack")
        )
        assert second.id > first.id > 0
        assert await stack.call(f"/get_incidents/{token}/") == "5,6"


async def test_register_client_answers_when_the_registration_expires(
    stack: FairPlayStack,
) -> None:
    reply = await stack.stub.RegisterClient(
        pb.RegisterClientRequest(client_id="pc-1", ip="10.0.0.1")
    )
    now = Timestamp()
    now.GetCurrentTime()
    remaining = reply.expires_at.seconds - now.seconds
    assert 590 <= remaining <= 600


@pytest.mark.parametrize(
    ("call", "request_message", "code", "reason"),
    [
        (
            "CreateSession",
            pb.CreateSessionRequest(game="gta5"),
            "INVALID_ARGUMENT",
            "INVALID_PARAMETER",
        ),
        ("Ping", pb.SessionRequest(token="nope"), "NOT_FOUND", "SESSION_EXPIRED"),
        ("GetIncidents", pb.SessionRequest(), "NOT_FOUND", "SESSION_EXPIRED"),
        (
            "RegisterClient",
            pb.RegisterClientRequest(client_id="pc", ip="1.2.3"),
            "INVALID_ARGUMENT",
            "INVALID_PARAMETER",
        ),
        (
            "ReportIncident",
            pb.ReportIncidentRequest(kind="aimbot"),
            "INVALID_ARGUMENT",
            "INVALID_PARAMETER",
        ),
        (
            "ReportIncident",
            pb.ReportIncidentRequest(client_id="ghost", kind="aimbot"),
            "NOT_FOUND",
            "UNKNOWN_CLIENT",
        ),
    ],
)
async def test_bad_grpc_calls_fail_with_a_status_and_a_reason(
    stack: FairPlayStack, call: str, request_message: object, code: str, reason: str
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await getattr(stack.stub, call)(request_message)
    assert failure.value.code().name == code
    assert error_reason(failure.value) == reason


async def test_add_user_over_grpc_checks_the_id_range(stack: FairPlayStack) -> None:
    token = await stack.session()
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await stack.stub.AddUser(pb.AddUserRequest(token=token, player_id=-5, ip="10.0.0.1"))
    assert failure.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    reply = await stack.stub.AddUser(pb.AddUserRequest(token=token, player_id=999, ip="10.0.0.1"))
    assert reply.uses_client is False
