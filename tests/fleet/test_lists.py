"""Lists and their filters, newest first, on SQLite and PostgreSQL."""

from __future__ import annotations

from base64 import b64encode
from datetime import datetime
from typing import Any

from sqlalchemy import text

from argus.core.db import create_engine
from tests.fleet.conftest import Api, jpeg
from tests.support.databases import TestDatabase


async def _alerts(api: Api, token: str, **filters: Any) -> list[tuple[int, str]]:
    reply = await api.client.get("/api/v1/alert/", params={"token": token, **filters})
    assert reply.status_code == 200, reply.text
    return [(a["truck_id"], a["alert_init"][11:16]) for a in reply.json()["data"]["alerts"]]


async def _three_alerts(api: Api) -> tuple[dict[str, Any], dict[str, Any]]:
    """Trucks A and B: A's Unsafe at 10:00 (open) and Tamper at 11:00 (closed at 11:30),
    B's Unsafe at 12:00 (open)."""
    a = await api.jetson("aa:00:00:00:00:01", "A")
    b = await api.jetson("aa:00:00:00:00:02", "B")
    await api.open_alert(a, "Unsafe", "2020-02-19 10:00:00")
    closed = await api.open_alert(a, "Tamper", "2020-02-19 11:00:00")
    await api.open_alert(b, "Unsafe", "2020-02-19 12:00:00")
    body = {"token": a["token"], "alert_id": closed, "alert_end": "2020-02-19 11:30:00"}
    assert (await api.client.put("/api/v1/alert/", json=body)).status_code == 200
    return a, b


async def test_alert_filters_combine_and_keep_newest_first(api: Api) -> None:
    a, b = await _three_alerts(api)
    token = await api.login()
    ta, tb = a["truck_id"], b["truck_id"]

    assert await _alerts(api, token) == [(tb, "12:00"), (ta, "11:00"), (ta, "10:00")]
    assert await _alerts(api, token, behavior="Unsafe") == [(tb, "12:00"), (ta, "10:00")]
    assert await _alerts(api, token, started="False") == [(ta, "11:00")]
    assert await _alerts(api, token, started="True", truck_id=ta) == [(ta, "10:00")]
    assert await _alerts(api, token, alert_init="2020-02-19 11:00:00") == [
        (tb, "12:00"),
        (ta, "11:00"),
    ]
    assert await _alerts(api, token, alert_init="2020-02-19T11:00:01+00:00") == [(tb, "12:00")]
    assert await _alerts(api, token, truck_id=999) == []


async def test_frame_filters_and_pages_of_five(api: Api) -> None:
    device = await api.jetson()
    alert_id = await api.open_alert(device)
    for i in range(7):
        body = {
            "token": device["token"],
            "alert_id": alert_id,
            "frame_timestamp": f"2020-02-19 13:00:0{i}",
            "frame": str(b64encode(jpeg(seed=i))),
            "frame_index": i,
        }
        assert (await api.client.post("/api/v1/log/", json=body)).status_code == 200
    token = await api.login()

    async def indexes(**filters: Any) -> tuple[list[int], dict[str, Any]]:
        params = {"token": token, "alert_id": alert_id, **filters}
        data = (await api.client.get("/api/v1/log/", params=params)).json()["data"]
        return [f["frame_index"] for f in data["frames"]], data

    first, data = await indexes()
    assert first == [6, 5, 4, 3, 2]
    assert (data["perPage"], data["totalPages"], data["totalItems"]) == (5, 2, 7)
    assert (await indexes(page=2))[0] == [1, 0]
    assert (await indexes(frame_index=4))[0] == [6, 5]
    assert (await indexes(frame_timestamp="2020-02-19 13:00:05"))[0] == [6, 5]


async def test_trucks_list_each_with_its_newest_alert(api: Api) -> None:
    a = await api.jetson("aa:00:00:00:00:01", "A")
    b = await api.jetson("aa:00:00:00:00:02", "B")
    await api.jetson("aa:00:00:00:00:03", "C")
    await api.open_alert(a, "Unsafe", "2020-02-19 10:00:00")
    newest_a = await api.open_alert(a, "Tamper", "2020-02-19 11:00:00")
    newest_b = await api.open_alert(b, "Safe", "2020-02-19 09:00:00")
    token = await api.login()
    reply = await api.client.get("/api/v1/truck/list/", params={"token": token})
    trucks = reply.json()["data"]["trucks"]
    assert [(t["name"], t["mac"]) for t in trucks] == [
        ("A", "aa:00:00:00:00:01"),
        ("B", "aa:00:00:00:00:02"),
        ("C", "aa:00:00:00:00:03"),
    ]
    assert [t["last_alert"] and t["last_alert"]["id"] for t in trucks] == [newest_a, newest_b, None]
    assert trucks[0]["last_alert"]["behavior"] == "Tamper"


async def _totals(api: Api, token: str, **filters: Any) -> tuple[int, int]:
    reply = await api.client.get("/api/v1/alert/", params={"token": token, **filters})
    assert reply.status_code == 200, reply.text
    data = reply.json()["data"]
    return data["totalItems"], data["totalPages"]


async def test_alert_totals_count_every_alert_whoever_wrote_it(api: Api, db: TestDatabase) -> None:
    a, b = await _three_alerts(api)
    ta, tb = a["truck_id"], b["truck_id"]
    # Another writer (a script, an import) adds closed alerts straight into the table.
    engine = create_engine(db.url, schema=db.schema or None)
    insert = text(
        "INSERT INTO fleet_alerts (truck_id, behavior, alert_init, started) "
        "VALUES (:truck, 'Unsafe', :at, :open)"
    )
    rows = [{"truck": ta, "at": datetime(2020, 2, 19, 9, i), "open": False} for i in range(25)]
    async with engine.begin() as connection:
        await connection.execute(insert, rows)
    token = await api.login()

    assert await _totals(api, token) == (28, 2)
    assert await _totals(api, token, behavior="Unsafe") == (27, 2)
    assert await _totals(api, token, started="False") == (26, 2)
    assert await _totals(api, token, started="True", truck_id=ta) == (1, 1)
    assert await _totals(api, token, behavior="Unsafe", truck_id=tb) == (1, 1)
    assert await _totals(api, token, behavior="Tamper", started="False") == (1, 1)
    assert await _totals(api, token, alert_init="2020-02-19 11:00:00") == (2, 1)
    last = await api.client.get("/api/v1/alert/", params={"token": token, "page": 2})
    assert len(last.json()["data"]["alerts"]) == 8

    async with engine.begin() as connection:
        await connection.execute(
            text("DELETE FROM fleet_alerts WHERE alert_end IS NULL AND NOT started")
        )
    await engine.dispose()
    assert await _totals(api, token) == (3, 1)
    assert await _totals(api, token, truck_id=ta) == (2, 1)
