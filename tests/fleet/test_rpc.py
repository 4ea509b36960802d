"""The FleetService RPCs, called as internal callers do: token in metadata."""

from __future__ import annotations

from datetime import datetime

import grpc
import pytest

from argus.fleet.v1 import fleet_pb2
from services.fleet.convert import timestamp
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
            truck_id=device.truck_id, alert_init=timestamp(T0), behavior="Unsafe"
        ),
        metadata=auth(device.token),
    )
    assert alert.started and alert.truck_id == device.truck_id
    image = jpeg()
    frame = await fleet_rpc.stub.AddFrame(
        fleet_pb2.AddFrameRequest(
            alert_id=alert.id, frame_timestamp=timestamp(T0), image=image, frame_index=3
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
                truck_id=device.truck_id, alert_init=timestamp(T0), behavior="Safe"
            ),
            metadata=auth(login.token),
        )
    assert failure.value.code() == grpc.StatusCode.PERMISSION_DENIED
