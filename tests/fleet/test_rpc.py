"""The FleetService RPCs, called as internal callers do: token in metadata."""

from __future__ import annotations

from datetime import datetime

import grpc
import pytest

from argus.core.grpc_handlers import error_reason
from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2
from tests.fleet.conftest import ADMIN, FleetRpc, auth, jpeg

T0 = datetime(2020, 2, 19, 12, 59, 2)


async def _device(rpc: FleetRpc, mac: str = "dc:71:96:53:16:0a") -> fleet_pb2.DeviceRegistration:
    request = fleet_pb2.RegisterDeviceRequest(mac=mac, password="pass123", name="Truck-1")
    return await rpc.stub.RegisterDevice(request)


async def test_a_device_opens_an_alert_adds_a_frame_and_a_user_reads_it(
    fleet_rpc: FleetRpc,
) -> None:
    device = await _device(fleet_rpc)
    alert = await fleet_rpc.stub.OpenAlert(
        fleet_pb2.OpenAlertRequest(
            truck_id=device.truck_id, alert_init=utc_timestamp(T0), behavior="Unsafe"
        ),
        metadata=auth(device.token),
    )
    assert alert.started and alert.truck_id == device.truck_id
    image = jpeg()
    frame = await fleet_rpc.stub.AddFrame(
        fleet_pb2.AddFrameRequest(
            alert_id=alert.id, frame_timestamp=utc_timestamp(T0), image=image, frame_index=3
        ),
        metadata=auth(device.token),
    )
    assert frame.alert_id == alert.id and frame.frame_index == 3

    login = await fleet_rpc.stub.Login(fleet_pb2.LoginRequest(username=ADMIN[0], password=ADMIN[1]))
    frames = await fleet_rpc.stub.ListFrames(
        fleet_pb2.ListFramesRequest(alert_id=alert.id), metadata=auth(login.token)
    )
    assert [f.image for f in frames.frames] == [image]
    assert frames.page.total_items == 1


async def test_a_user_token_cannot_open_an_alert(fleet_rpc: FleetRpc) -> None:
    device = await _device(fleet_rpc)
    login = await fleet_rpc.stub.Login(fleet_pb2.LoginRequest(username=ADMIN[0], password=ADMIN[1]))
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await fleet_rpc.stub.OpenAlert(
            fleet_pb2.OpenAlertRequest(
                truck_id=device.truck_id, alert_init=utc_timestamp(T0), behavior="Safe"
            ),
            metadata=auth(login.token),
        )
    assert failure.value.code() == grpc.StatusCode.PERMISSION_DENIED


async def test_an_rpc_without_a_token_fails_unauthenticated_with_a_reason(
    fleet_rpc: FleetRpc,
) -> None:
    with pytest.raises(grpc.aio.AioRpcError) as failure:
        await fleet_rpc.stub.ListTrucks(fleet_pb2.ListTrucksRequest())
    assert failure.value.code() == grpc.StatusCode.UNAUTHENTICATED
    assert error_reason(failure.value) == "TOKEN_MISSING"


async def test_a_device_token_in_metadata_closes_its_alert(fleet_rpc: FleetRpc) -> None:
    device = await _device(fleet_rpc)
    opened = await fleet_rpc.stub.OpenAlert(
        fleet_pb2.OpenAlertRequest(
            truck_id=device.truck_id, alert_init=utc_timestamp(T0), behavior="Tamper"
        ),
        metadata=auth(device.token),
    )
    closed = await fleet_rpc.stub.CloseAlert(
        fleet_pb2.CloseAlertRequest(alert_id=opened.id, alert_end=utc_timestamp(T0)),
        metadata=auth(device.token),
    )
    assert not closed.started and closed.alert_end.ToDatetime() == T0
