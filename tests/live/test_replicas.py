"""Two fleet processes on one PostgreSQL: every event reaches the watchers of both."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path

import socketio

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2
from tests.live.conftest import admin_token, auth, register
from tests.live.processes import replicas_behind_gateway
from tests.support.databases import TestDatabase


async def test_an_alert_opened_through_one_replica_reaches_a_socketio_client_of_the_other(
    postgres_db: TestDatabase, tmp_path: Path
) -> None:
    async with replicas_behind_gateway(postgres_db, tmp_path) as replicas:
        url, other = replicas.url, replicas.stub
        token = await admin_token(other)
        device = await register(other, "aa:bb:cc:00:02:01")

        client = socketio.AsyncClient()
        received: asyncio.Queue[dict] = asyncio.Queue()
        client.on("an_alert", received.put, namespace="/alert")
        await client.connect(url, namespaces=["/alert"])
        ack = await client.call(
            "get_alert", {"username": "root", "token": token}, namespace="/alert"
        )
        assert ack["code"] == 200

        opened = []
        for behavior in ("Unsafe", "Tamper", "Single Hand"):
            request = fleet_pb2.OpenAlertRequest(
                truck_id=device.truck_id,
                alert_init=utc_timestamp(datetime(2026, 1, 1, 8, 0, 0)),
                behavior=behavior,
            )
            opened.append(await other.OpenAlert(request, metadata=auth(device.token)))
        messages = [await asyncio.wait_for(received.get(), 10) for _ in opened]
        await client.disconnect()

    assert [m["alert"]["id"] for m in messages] == [a.id for a in opened]
    assert [m["alert"]["behavior"] for m in messages] == ["Unsafe", "Tamper", "Single Hand"]
