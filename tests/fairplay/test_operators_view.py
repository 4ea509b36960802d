"""The operators' view of DFairPlay (the console's data): open sessions and recent incidents."""

from __future__ import annotations

from pathlib import Path

import grpc
import pytest

from argus.players.v1 import fairplay_pb2 as pb
from argus.players.v1 import mac_pb2, mac_pb2_grpc
from tests.fairplay.conftest import fairplay_stack
from tests.support.databases import TestDatabase


async def test_open_sessions_list_their_players_newest_first_without_tokens(
    tmp_path: Path, db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, db) as stack:
        first = await stack.session()
        second = await stack.session()
        closed = await stack.session()
        assert await stack.call(f"/add_user/{first}/7/10.0.0.7/") == "0"
        assert await stack.call(f"/add_user/{first}/3/10.0.0.3/") == "0"
        assert await stack.call(f"/add_user/{second}/1/10.0.0.1/") == "0"
        assert await stack.call(f"/destroy_session/{closed}/") == "1"

        reply = await stack.stub.ListOpenSessions(pb.ListOpenSessionsRequest())
        assert [[p.player_id for p in s.players] for s in reply.sessions] == [[1], [7, 3]]
        assert [p.ip for p in reply.sessions[1].players] == ["10.0.0.7", "10.0.0.3"]
        assert all(s.game == "gtasa-samp" for s in reply.sessions)
        assert first not in str(reply) and second not in str(reply)

        limited = await stack.stub.ListOpenSessions(pb.ListOpenSessionsRequest(limit=1))
        assert len(limited.sessions) == 1


async def test_recent_incidents_come_newest_first_and_the_limit_is_capped(
    tmp_path: Path, db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, db, dfairplay_list_max=2) as stack:
        for n in range(3):
            await stack.incident(f"10.0.0.{n}", kind=f"kind-{n}", detail=f"detail {n}")
        reply = await stack.stub.ListRecentIncidents(pb.ListRecentIncidentsRequest(limit=50))
        assert [i.kind for i in reply.incidents] == ["kind-2", "kind-1"]
        assert reply.incidents[0].ip == "10.0.0.2"
        assert reply.incidents[0].detail == "detail 2"


async def test_operators_views_refuse_callers_that_are_not_internal(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    secret = "internal-" + "s" * 40
    async with fairplay_stack(tmp_path, sqlite_db, internal_secret=secret) as stack:
        mac = mac_pb2_grpc.MacServiceStub(stack.channel)
        for call in (
            stack.stub.ListOpenSessions(pb.ListOpenSessionsRequest()),
            stack.stub.ListRecentIncidents(pb.ListRecentIncidentsRequest()),
            mac.ListClients(mac_pb2.ListClientsRequest()),
        ):
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await call
            assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
        internal = (("x-argus-internal", secret),)
        listed = await mac.ListClients(mac_pb2.ListClientsRequest(), metadata=internal)
        assert list(listed.clients) == []
