"""Frames sent one per call and acknowledged are stored, however the fleet dies: concurrent
devices send frames while the fleet process is SIGKILLed mid-commit; after a restart on the same
database every frame whose call was answered is there, once, with its index. On SQLite (the
writer thread) and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import grpc
from sqlalchemy import select

from argus.core.db import create_engine
from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.frames.models import Frame
from tests.live.conftest import auth, jpeg, register, until
from tests.live.processes import fleet_process, kill, start_fleet
from tests.support.databases import TestDatabase
from tests.support.servers import free_port

DEVICES = 4
MOMENT = utc_timestamp(datetime(2026, 1, 1))


async def stored(db: TestDatabase) -> dict[int, tuple[int, int]]:
    """frame id -> (alert id, frame index) of every stored frame."""
    engine = create_engine(db.url, schema=db.schema or None)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(Frame.id, Frame.alert_id, Frame.frame_index))
            return {int(i): (int(a or 0), int(n)) for i, a, n in rows}
    finally:
        await engine.dispose()


async def test_every_acknowledged_frame_survives_a_fleet_kill(
    db: TestDatabase, tmp_path: Path
) -> None:
    port = free_port()
    target = f"127.0.0.1:{port}"
    image = jpeg(320, 240)
    acknowledged: dict[int, tuple[int, int]] = {}

    async def send(stub: fleet_pb2_grpc.FleetServiceStub, token: str, alert_id: int) -> None:
        """Frames one per call until the fleet is gone; remembers each answered one."""
        for index in range(1, 100_000):
            request = fleet_pb2.AddFrameRequest(
                alert_id=alert_id, frame_timestamp=MOMENT, image=image, frame_index=index
            )
            try:
                reply = await stub.AddFrame(request, metadata=auth(token), timeout=5)
            except grpc.aio.AioRpcError:
                return
            acknowledged[reply.id] = (alert_id, index)

    async with fleet_process(port, db, tmp_path / "fleet") as current:
        async with grpc.aio.insecure_channel(target) as channel:
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            senders = []
            for n in range(DEVICES):
                device = await register(stub, f"aa:bb:cc:00:00:{n:02x}")
                opened = await stub.OpenAlert(
                    fleet_pb2.OpenAlertRequest(
                        truck_id=device.truck_id, alert_init=MOMENT, behavior="Unsafe"
                    ),
                    metadata=auth(device.token),
                )
                senders.append(asyncio.create_task(send(stub, device.token, opened.id)))
            await until(lambda: len(acknowledged) >= 40)
            kill(current[0])
            await asyncio.wait_for(asyncio.gather(*senders), timeout=30)
        assert len(acknowledged) >= 40

        current[0] = await start_fleet(port, db, tmp_path / "fleet")
        after = await stored(db)

    # Every answered frame is stored as answered; frames in flight at the kill may be stored
    # too (their answer was lost), never twice.
    assert {frame_id: after.get(frame_id) for frame_id in acknowledged} == acknowledged
    assert len(set(after.values())) == len(after)
