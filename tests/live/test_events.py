"""The alert event bus: in-process, across replicas on PostgreSQL, bounded per watcher."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path

import grpc
import pytest
from prometheus_client import REGISTRY

from argus.core.errors import ResourceExhausted
from argus.fleet.v1 import fleet_pb2
from services.fleet.convert import timestamp
from services.fleet.events import (
    AlertEvent,
    AlertSnapshot,
    EventKind,
    FrameSnapshot,
    LocalBus,
    PostgresBus,
    channel_name,
    create_bus,
)
from tests.live.conftest import Fleet, admin_token, auth, jpeg, register
from tests.support.databases import TestDatabase, database
from tests.support.servers import free_port

T0 = datetime(2026, 5, 6, 7, 8, 9)


def _event(alert_id: int, truck_id: int = 1) -> AlertEvent:
    alert = AlertSnapshot(alert_id, truck_id, "Unsafe", T0, None, True)
    return AlertEvent(EventKind.OPENED, alert, at=T0)


@pytest.fixture
async def postgres_db(tmp_path: Path) -> AsyncIterator[TestDatabase]:
    async with database("postgresql", tmp_path) as test_db:
        yield test_db


async def test_an_event_survives_its_json_round_trip() -> None:
    frame = FrameSnapshot(5, 0, 2, 3, T0)
    event = AlertEvent(EventKind.FRAME_ADDED, None, frame, at=T0)
    assert AlertEvent.from_json(event.to_json()) == event
    assert AlertEvent.from_json(_event(4).to_json()) == _event(4)
    assert event.truck_id == 2


async def test_a_watcher_of_one_truck_sees_only_that_truck() -> None:
    bus = LocalBus()
    async with bus.subscribe(truck_id=2) as watcher:
        await bus.publish(_event(1, truck_id=1))
        await bus.publish(_event(2, truck_id=2))
        seen = await anext(aiter(watcher))
    assert seen.alert is not None and seen.alert.id == 2
    assert not bus.subscribers


async def test_a_watcher_that_falls_behind_is_disconnected_not_buffered() -> None:
    bus = LocalBus(queue_limit=2)
    async with bus.subscribe() as watcher:
        for alert_id in range(5):
            await bus.publish(_event(alert_id))
        assert not bus.subscribers
        with pytest.raises(ResourceExhausted):
            async for _ in watcher:
                pass


async def test_two_postgres_buses_deliver_every_event_to_both(postgres_db: TestDatabase) -> None:
    assert isinstance(create_bus(postgres_db.url, postgres_db.schema), PostgresBus)
    first = PostgresBus(postgres_db.url, postgres_db.schema)
    second = PostgresBus(postgres_db.url, postgres_db.schema)
    await first.start()
    await second.start()
    try:
        async with first.subscribe() as on_first, second.subscribe() as on_second:
            await first.publish(_event(1))
            await second.publish(_event(2))
            for watcher in (on_first, on_second):
                events = aiter(watcher)
                got = [await asyncio.wait_for(anext(events), 10) for _ in range(2)]
                assert sorted(e.alert.id for e in got if e.alert) == [1, 2]
    finally:
        await first.stop()
        await second.stop()


def test_each_schema_has_its_own_channel() -> None:
    assert channel_name("") == "argus_fleet_events"
    assert channel_name("t_ab12") == "argus_fleet_events_t_ab12"
    assert len(channel_name("x" * 100)) == 63


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
        truck_id=device.truck_id, frame_timestamp=timestamp(T0), image=jpeg()
    )
    stored = await fleet.stub.AddSafeFrame(request, metadata=auth(device.token))
    event = await anext(aiter(call))
    call.cancel()
    assert event.kind == fleet_pb2.ALERT_EVENT_KIND_FRAME_ADDED
    assert event.frame.id == stored.id and event.frame.safe and event.frame.image == b""
    assert not event.HasField("alert")


async def test_an_event_that_cannot_be_published_is_counted_not_raised() -> None:
    before = REGISTRY.get_sample_value("argus_alert_events_unpublished_total") or 0.0
    bus = PostgresBus(f"postgresql://postgres@127.0.0.1:{free_port()}/test")
    await bus.publish(_event(1))
    assert REGISTRY.get_sample_value("argus_alert_events_unpublished_total") == before + 1
