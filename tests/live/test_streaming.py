"""StreamFrames: acknowledged after commit, idempotent on (device, sequence), own truck only."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import grpc
from prometheus_client import REGISTRY

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.agent.sources import image_files, read_images
from services.fleet.server import build
from tests.fleet.conftest import fleet_overrides
from tests.live.conftest import (
    Fleet,
    admin_token,
    agent,
    auth,
    image_folder,
    jpeg,
    register,
    stored_sequences,
)
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service

NOW = datetime(2026, 1, 2, 3, 4, 5)


async def test_the_agent_streams_a_folder_as_one_alert_and_a_user_lists_its_frames(
    fleet: Fleet, tmp_path: Path
) -> None:
    folder = image_folder(tmp_path / "images", 12)
    device, out = agent(fleet.target, "aa:bb:cc:00:00:01", tmp_path)
    await device.stream(read_images(image_files(folder)), behavior="Unsafe")
    await device.close()

    assert device.stats.acked == 12 and device.stats.rejected == 0
    assert device.spool.count() == 0
    token = await admin_token(fleet.stub)
    alerts = await fleet.stub.ListAlerts(fleet_pb2.ListAlertsRequest(), metadata=auth(token))
    [alert] = alerts.alerts
    assert alert.behavior == "Unsafe" and not alert.started
    assert alert.alert_init.nanos == 0 and alert.alert_end.nanos == 0
    frames = await fleet.stub.ListFrames(
        fleet_pb2.ListFramesRequest(alert_id=alert.id), metadata=auth(token)
    )
    assert frames.page.total_items == 12
    assert sorted(f.frame_index for f in frames.frames) == [7, 8, 9, 10, 11]
    assert "done: 12 frames acknowledged" in out.getvalue()


def _frame(sequence: int, alert_id: int = 0, seed: int = 0) -> fleet_pb2.StreamFramesRequest:
    return fleet_pb2.StreamFramesRequest(
        frame=fleet_pb2.StreamedFrame(
            sequence=sequence,
            alert_id=alert_id,
            frame_timestamp=utc_timestamp(NOW),
            image=jpeg(seed=seed),
        )
    )


async def _exchange(
    fleet: Fleet, token: str, requests: list[fleet_pb2.StreamFramesRequest]
) -> list[fleet_pb2.StreamFramesResponse]:
    call = fleet.stub.StreamFrames(metadata=auth(token))
    replies = []
    for request in requests:
        await call.write(request)
        replies.append(await call.read())
    await call.done_writing()
    return replies


async def test_a_resent_sequence_is_acknowledged_again_and_stored_once(fleet: Fleet) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:00:02")
    acked_before = REGISTRY.get_sample_value("argus_frames_acknowledged_total") or 0
    first = await _exchange(fleet, device.token, [_frame(100), _frame(101)])
    again = await _exchange(fleet, device.token, [_frame(101), _frame(100), _frame(102)])

    assert [r.ack.sequence for r in first] == [100, 101]
    assert [r.ack.sequence for r in again] == [101, 100, 102]
    assert again[0].ack.frame_id == first[1].ack.frame_id
    assert again[1].ack.frame_id == first[0].ack.frame_id
    assert await stored_sequences(fleet.db) == [100, 101, 102]
    assert REGISTRY.get_sample_value("argus_frames_acknowledged_total") == acked_before + 5


async def test_a_device_cannot_stream_into_another_trucks_alert(fleet: Fleet) -> None:
    owner = await register(fleet.stub, "aa:bb:cc:00:00:03")
    intruder = await register(fleet.stub, "aa:bb:cc:00:00:04")
    opened = await _exchange(
        fleet,
        owner.token,
        [
            fleet_pb2.StreamFramesRequest(
                request_id=7,
                open_alert=fleet_pb2.OpenAlertRequest(
                    truck_id=owner.truck_id, alert_init=utc_timestamp(NOW), behavior="Tamper"
                ),
            )
        ],
    )
    alert_id = opened[0].alert.alert.id
    assert opened[0].alert.request_id == 7 and alert_id

    replies = await _exchange(
        fleet,
        intruder.token,
        [
            _frame(1, alert_id=alert_id),
            fleet_pb2.StreamFramesRequest(
                request_id=8,
                open_alert=fleet_pb2.OpenAlertRequest(
                    truck_id=owner.truck_id, alert_init=utc_timestamp(NOW), behavior="Tamper"
                ),
            ),
            fleet_pb2.StreamFramesRequest(
                request_id=9,
                close_alert=fleet_pb2.CloseAlertRequest(
                    alert_id=alert_id, alert_end=utc_timestamp(NOW)
                ),
            ),
        ],
    )
    assert replies[0].nack.sequence == 1 and replies[0].nack.code == "PERMISSION_DENIED"
    assert replies[1].alert.error_code == "PERMISSION_DENIED"
    assert replies[2].alert.error_code == "PERMISSION_DENIED"
    assert await stored_sequences(fleet.db) == []


async def test_frames_of_a_closed_alert_or_not_images_are_refused_with_a_reason(
    fleet: Fleet,
) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:00:05")
    not_image = fleet_pb2.StreamFramesRequest(
        frame=fleet_pb2.StreamedFrame(sequence=5, frame_timestamp=utc_timestamp(NOW), image=b"nope")
    )
    no_time = fleet_pb2.StreamFramesRequest(frame=fleet_pb2.StreamedFrame(sequence=6, image=jpeg()))
    replies = await _exchange(fleet, device.token, [not_image, no_time, _frame(7)])
    assert [(r.nack.sequence, r.nack.code) for r in replies[:2]] == [
        (5, "INVALID_ARGUMENT"),
        (6, "INVALID_ARGUMENT"),
    ]
    assert replies[2].ack.sequence == 7
    assert await stored_sequences(fleet.db) == [7]


async def test_a_user_token_cannot_stream_frames(fleet: Fleet) -> None:
    token = await admin_token(fleet.stub)
    call = fleet.stub.StreamFrames(metadata=auth(token))
    await call.write(_frame(1))
    assert await call.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_an_open_alert_resent_with_its_request_id_opens_one_alert(fleet: Fleet) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:00:06")
    open_request = fleet_pb2.StreamFramesRequest(
        request_id=1_764_000_000_000_001,
        open_alert=fleet_pb2.OpenAlertRequest(alert_init=utc_timestamp(NOW), behavior="Unsafe"),
    )
    first = await _exchange(fleet, device.token, [open_request])
    again = await _exchange(fleet, device.token, [open_request])
    other = open_request.__deepcopy__()
    other.request_id += 1
    third = await _exchange(fleet, device.token, [other])

    assert first[0].alert.alert.id == again[0].alert.alert.id
    assert third[0].alert.alert.id != first[0].alert.alert.id
    token = await admin_token(fleet.stub)
    alerts = await fleet.stub.ListAlerts(fleet_pb2.ListAlertsRequest(), metadata=auth(token))
    assert alerts.page.total_items == 2


async def test_with_the_structure_check_a_truncated_jpeg_is_refused_and_a_whole_one_stored(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    overrides = fleet_overrides(fleet_stream_image_check="structure")
    async with grpc_service(build(fleet_settings(tmp_path, sqlite_db, **overrides))) as server:
        target = f"127.0.0.1:{server.port}"
        async with grpc.aio.insecure_channel(target) as channel:
            fleet = Fleet(fleet_pb2_grpc.FleetServiceStub(channel), target, sqlite_db)
            device = await register(fleet.stub, "aa:bb:cc:00:00:07")
            truncated = _frame(1)
            truncated.frame.image = truncated.frame.image[:-100]
            replies = await _exchange(fleet, device.token, [truncated, _frame(2)])
    assert replies[0].nack.code == "INVALID_ARGUMENT" and "truncated" in replies[0].nack.message
    assert replies[1].ack.sequence == 2
    assert await stored_sequences(sqlite_db) == [2]


async def test_a_device_that_hangs_up_mid_stream_leaves_no_stream_open(fleet: Fleet) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:00:08")
    call = fleet.stub.StreamFrames(metadata=auth(device.token))
    await call.write(_frame(1))
    assert (await call.read()).ack.sequence == 1
    assert REGISTRY.get_sample_value("argus_frame_streams_open") >= 1
    await call.write(_frame(2))
    call.cancel()
    for _ in range(500):
        if REGISTRY.get_sample_value("argus_frame_streams_open") == 0:
            break
        await asyncio.sleep(0.01)
    assert REGISTRY.get_sample_value("argus_frame_streams_open") == 0
    assert (await stored_sequences(fleet.db))[0] == 1


async def test_the_next_run_sends_what_an_interrupted_run_spooled_and_closes_its_alert(
    fleet: Fleet, tmp_path: Path
) -> None:
    mac = "aa:bb:cc:00:00:09"
    registration = await register(fleet.stub, mac)
    opened = await fleet.stub.OpenAlert(
        fleet_pb2.OpenAlertRequest(
            truck_id=registration.truck_id, alert_init=utc_timestamp(NOW), behavior="Unsafe"
        ),
        metadata=auth(registration.token),
    )
    interrupted, _ = agent(fleet.target, mac, tmp_path)
    for index in range(3):
        interrupted.spool.add(alert_id=opened.id, frame_index=index, taken_at=NOW, image=jpeg())
    interrupted.spool.set_meta("open_alert", str(opened.id))
    interrupted.spool.close()
    await interrupted.close()

    device, out = agent(fleet.target, mac, tmp_path)
    folder = image_folder(tmp_path / "images", 2)
    await device.stream(read_images(image_files(folder)))
    await device.close()

    assert "resending 3 frames not acknowledged in an earlier run" in out.getvalue()
    token = await admin_token(fleet.stub)
    frames = await fleet.stub.ListFrames(
        fleet_pb2.ListFramesRequest(alert_id=opened.id), metadata=auth(token)
    )
    assert frames.page.total_items == 3
    alerts = await fleet.stub.ListAlerts(fleet_pb2.ListAlertsRequest(), metadata=auth(token))
    assert [(a.id, a.started) for a in alerts.alerts] == [(opened.id, False)]
    assert len(await stored_sequences(fleet.db)) == 5


async def test_a_close_sent_right_after_frames_waits_for_them(fleet: Fleet) -> None:
    device = await register(fleet.stub, "aa:bb:cc:00:00:10")
    call = fleet.stub.StreamFrames(metadata=auth(device.token))
    await call.write(
        fleet_pb2.StreamFramesRequest(
            request_id=1,
            open_alert=fleet_pb2.OpenAlertRequest(alert_init=utc_timestamp(NOW), behavior="Unsafe"),
        )
    )
    alert_id = (await call.read()).alert.alert.id
    for sequence in range(1, 21):
        await call.write(_frame(sequence, alert_id=alert_id, seed=sequence))
    close = fleet_pb2.CloseAlertRequest(alert_id=alert_id, alert_end=utc_timestamp(NOW))
    await call.write(fleet_pb2.StreamFramesRequest(request_id=2, close_alert=close))
    await call.done_writing()
    replies = []
    while (reply := await call.read()) is not grpc.aio.EOF:
        replies.append(reply)

    assert [r.ack.sequence for r in replies[:20]] == list(range(1, 21))
    assert replies[20].alert.request_id == 2 and not replies[20].alert.error_code
    assert not replies[20].alert.alert.started
