"""Alert events: stored with their change, replayed from an id, then live, never twice."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import grpc
import pytest
from sqlalchemy import text

from argus.core.db import create_engine, session_factory
from argus.core.listen import channel_name
from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.alerts import event_store as outbox
from services.fleet.alerts.events import AlertEvent, AlertSnapshot, EventKind, FrameSnapshot
from services.fleet.server import build
from tests.fleet.conftest import fleet_overrides
from tests.live.conftest import Fleet, admin_token, auth, jpeg, register
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service

T0 = datetime(2026, 5, 6, 7, 8, 9)


async def test_an_event_survives_its_json_round_trip() -> None:
    frame = FrameSnapshot(5, 0, 2, 3, T0)
    event = AlertEvent(EventKind.FRAME_ADDED, None, frame, at=T0, id=7)
    assert AlertEvent.from_json(event.to_json(), 7) == event
    alert = AlertSnapshot(4, 1, "Unsafe", T0, None, True)
    opened = AlertEvent(EventKind.OPENED, alert, at=T0)
    assert AlertEvent.from_json(opened.to_json()) == opened
    assert event.truck_id == 2


def test_each_schema_has_its_own_channel() -> None:
    assert channel_name("argus_fleet_events", "") == "argus_fleet_events"
    assert channel_name("argus_fleet_events", "t_ab12") == "argus_fleet_events_t_ab12"
    assert len(channel_name("argus_fleet_events", "x" * 100)) == 63


async def _open(stub: fleet_pb2_grpc.FleetServiceStub, device: object, behavior: str) -> int:
    request = fleet_pb2.OpenAlertRequest(
        truck_id=device.truck_id,  # type: ignore[attr-defined]
        alert_init=utc_timestamp(T0),
        behavior=behavior,
    )
    reply = await stub.OpenAlert(request, metadata=auth(device.token))  # type: ignore[attr-defined]
    return int(reply.id)


async def _take(call: grpc.aio.UnaryStreamCall, count: int) -> list[fleet_pb2.AlertEvent]:
    events = aiter(call)
    return [await asyncio.wait_for(anext(events), 10) for _ in range(count)]


async def test_a_watch_resumed_after_an_event_id_replays_the_rest_then_goes_live(
    fleet: Fleet,
) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:03:10")
    token = await admin_token(fleet.stub)
    first = fleet.stub.WatchAlerts(fleet_pb2.WatchAlertsRequest(), metadata=auth(token))
    start = int((await first.initial_metadata()).get("argus-last-event-id"))
    opened = [await _open(fleet.stub, device, b) for b in ("Unsafe", "Tamper", "Single Hand")]
    seen = await _take(first, 3)
    first.cancel()
    assert [e.alert.id for e in seen] == opened
    assert seen[0].id > start and seen[0].id < seen[1].id < seen[2].id

    # Away after the first event: two stored events come back, then live ones, none twice.
    resumed = fleet.stub.WatchAlerts(
        fleet_pb2.WatchAlertsRequest(after_event_id=seen[0].id), metadata=auth(token)
    )
    await resumed.initial_metadata()
    opened.append(await _open(fleet.stub, device, "Unsafe"))
    again = await _take(resumed, 3)
    resumed.cancel()
    assert [e.alert.id for e in again] == opened[1:]
    assert [e.id for e in again[:2]] == [e.id for e in seen[1:]]


async def test_a_watch_of_one_truck_replays_only_that_truck(fleet: Fleet) -> None:
    mine = await register(fleet.stub, "aa:bb:cc:00:03:11")
    other = await register(fleet.stub, "aa:bb:cc:00:03:12")
    await _open(fleet.stub, other, "Unsafe")
    wanted = await _open(fleet.stub, mine, "Tamper")
    await _open(fleet.stub, other, "Unsafe")
    token = await admin_token(fleet.stub)
    request = fleet_pb2.WatchAlertsRequest(truck_id=mine.truck_id, after_event_id=0)
    call = fleet.stub.WatchAlerts(request, metadata=auth(token))
    live = await _open(fleet.stub, mine, "Unsafe")
    got = await _take(call, 2)
    call.cancel()
    assert [e.alert.id for e in got] == [wanted, live]


async def test_a_watcher_that_falls_behind_catches_up_from_the_table(
    db: TestDatabase, tmp_path: Path
) -> None:
    spec = build(fleet_settings(tmp_path, db, **fleet_overrides(fleet_watch_queue_events=1)))
    async with grpc_service(spec) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            device = await register(stub, "aa:bb:cc:00:03:13")
            token = await admin_token(stub)
            call = stub.WatchAlerts(fleet_pb2.WatchAlertsRequest(), metadata=auth(token))
            await call.initial_metadata()
            opened = await asyncio.gather(*(_open(stub, device, "Unsafe") for _ in range(20)))
            got = await _take(call, 20)
            call.cancel()
    assert sorted(e.alert.id for e in got) == sorted(opened)
    assert [e.id for e in got] == sorted({e.id for e in got})


async def test_a_device_watches_only_its_own_truck(fleet: Fleet) -> None:
    mine = await register(fleet.stub, "aa:bb:cc:00:03:01")
    other = await register(fleet.stub, "aa:bb:cc:00:03:02")
    call = fleet.stub.WatchAlerts(
        fleet_pb2.WatchAlertsRequest(truck_id=other.truck_id), metadata=auth(mine.token)
    )
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await anext(aiter(call))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_a_user_watch_sees_frames_added_without_their_image(fleet: Fleet) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:03:03")
    token = await admin_token(fleet.stub)
    call = fleet.stub.WatchAlerts(fleet_pb2.WatchAlertsRequest(), metadata=auth(token))
    await call.initial_metadata()
    request = fleet_pb2.AddSafeFrameRequest(
        truck_id=device.truck_id, frame_timestamp=utc_timestamp(T0), image=jpeg()
    )
    stored = await fleet.stub.AddSafeFrame(request, metadata=auth(device.token))
    event = await anext(aiter(call))
    call.cancel()
    assert event.kind == fleet_pb2.ALERT_EVENT_KIND_FRAME_ADDED
    assert event.frame.id == stored.id and event.frame.safe and event.frame.image == b""
    assert not event.HasField("alert")


async def _terminate_listeners(db: TestDatabase) -> int:
    """Cut every LISTEN connection of this schema's channel, as a network blip would."""
    engine = create_engine(db.url)
    try:
        async with engine.begin() as connection:
            result = await connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE query LIKE :listen"
                ),
                {"listen": f"%LISTEN%{channel_name('argus_fleet_events', db.schema)}%"},
            )
            return int(result.scalar() or 0)
    finally:
        await engine.dispose()


async def test_events_committed_while_a_replicas_listen_connection_was_cut_reach_its_watchers(
    postgres_db: TestDatabase, tmp_path: Path
) -> None:
    # No polling to fall back on: only the catch-up after reconnecting can deliver them.
    quiet = fleet_overrides(fleet_event_poll_seconds=300)
    replica_a = build(fleet_settings(tmp_path / "a", postgres_db, **quiet))
    replica_b = build(fleet_settings(tmp_path / "b", postgres_db, **quiet))
    async with grpc_service(replica_a) as a, grpc_service(replica_b) as b:
        async with (
            grpc.aio.insecure_channel(f"127.0.0.1:{a.port}") as channel_a,
            grpc.aio.insecure_channel(f"127.0.0.1:{b.port}") as channel_b,
        ):
            stub_a = fleet_pb2_grpc.FleetServiceStub(channel_a)
            stub_b = fleet_pb2_grpc.FleetServiceStub(channel_b)
            device = await register(stub_b, "aa:bb:cc:00:03:20")
            token = await admin_token(stub_a)
            call = stub_a.WatchAlerts(fleet_pb2.WatchAlertsRequest(), metadata=auth(token))
            await call.initial_metadata()
            before = await _open(stub_b, device, "Unsafe")
            assert [e.alert.id for e in await _take(call, 1)] == [before]
            assert await _terminate_listeners(postgres_db) == 2
            during = [await _open(stub_b, device, "Tamper") for _ in range(3)]
            got = await _take(call, 3)
            after = await _open(stub_b, device, "Unsafe")
            got += await _take(call, 1)
            call.cancel()
    assert [e.alert.id for e in got] == [*during, after]


async def test_events_older_than_the_retention_are_deleted_and_ids_never_reused(
    fleet: Fleet,
) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:03:30")
    first = await _open(fleet.stub, device, "Unsafe")
    engine = create_engine(fleet.db.url, schema=fleet.db.schema or None)
    try:
        sessions = session_factory(engine)
        async with sessions() as session, session.begin():
            newest = await outbox.newest_id(session=session)
            pruned = await outbox.prune(session=session, before=datetime(2100, 1, 1))
        assert pruned == newest >= 1
        token = await admin_token(fleet.stub)
        call = fleet.stub.WatchAlerts(
            fleet_pb2.WatchAlertsRequest(after_event_id=0), metadata=auth(token)
        )
        later = await _open(fleet.stub, device, "Tamper")
        (event,) = await _take(call, 1)
        call.cancel()
    finally:
        await engine.dispose()
    assert later != first and event.alert.id == later and event.id > newest
