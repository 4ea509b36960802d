"""A slow database slows the device down: the server stops reading instead of buffering."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import grpc
from prometheus_client import REGISTRY

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.server import build
from tests.fleet.conftest import fleet_overrides
from tests.live.conftest import auth, jpeg, register, stored_sequences
from tests.live.test_streaming import NOW
from tests.support.databases import TestDatabase
from tests.support.servers import fleet_settings, grpc_service

IN_FLIGHT = 2
NOW_STAMP = utc_timestamp(NOW)
FRAMES = 40


def _received() -> float:
    labels = {
        "grpc_type": "bidi_stream",
        "grpc_service": "argus.fleet.v1.FleetService",
        "grpc_method": "StreamFrames",
    }
    return REGISTRY.get_sample_value("grpc_server_msg_received_total", labels) or 0.0


async def test_a_locked_database_stops_the_server_reading_until_it_is_free(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    overrides = fleet_overrides(fleet_stream_max_in_flight=IN_FLIGHT, fleet_stream_batch_frames=1)
    async with grpc_service(build(fleet_settings(tmp_path, sqlite_db, **overrides))) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            stub = fleet_pb2_grpc.FleetServiceStub(channel)
            device = await register(stub, "aa:bb:cc:00:04:01")
            image = jpeg(400, 300)
            blocker = sqlite3.connect(sqlite_db.url.split("///", 1)[1], isolation_level=None)
            blocker.execute("BEGIN IMMEDIATE")
            start = _received()
            call = stub.StreamFrames(metadata=auth(device.token))

            async def send() -> None:
                for sequence in range(1, FRAMES + 1):
                    frame = fleet_pb2.StreamedFrame(
                        sequence=sequence, frame_timestamp=NOW_STAMP, image=image
                    )
                    await call.write(fleet_pb2.StreamFramesRequest(frame=frame))
                await call.done_writing()

            sender = asyncio.create_task(send())
            while _received() - start < IN_FLIGHT:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.5)  # time enough to read everything, were it not bounded
            read_while_locked = _received() - start
            blocker.execute("ROLLBACK")
            blocker.close()
            acks = [reply.ack.sequence async for reply in call]
            await sender

    # Bounded: the queue, one batch being checked, one committing, one in the reader's hands.
    assert read_while_locked <= IN_FLIGHT + 3
    assert sorted(acks) == list(range(1, FRAMES + 1))
    assert await stored_sequences(sqlite_db) == list(range(1, FRAMES + 1))
