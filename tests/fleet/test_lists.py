"""Lists and their filters, newest first, on SQLite and PostgreSQL."""

from __future__ import annotations

from base64 import b64encode
from typing import Any

from tests.fleet.conftest import Api, jpeg


async def _alerts(api: Api, token: str, **filters: Any) -> list[tuple[int, str]]:
    reply = await api.client.get("/api/v1/alert/", params={"token": token, **filters})
    assert reply.status_code == 200, reply.text
    return [(a["truck_id"], a["alert_init"][11:16]) for a in reply.json()["data"]["alerts"]]


async def test_alert_filters_combine_and_keep_newest_first(api: Api) -> None:
    a = await api.jetson("aa:00:00:00:00:01", "A")
    b = await api.jetson("aa:00:00:00:00:02", "B")
    await api.open_alert(a, "Unsafe", "2020-02-19 10:00:00")
    closed = await api.open_alert(a, "Tamper", "2020-02-19 11:00:00")
    await api.open_alert(b, "Unsafe", "2020-02-19 12:00:00")
    body = {"token": a["token"], "alert_id": closed, "alert_end": "2020-02-19 11:30:00"}
    assert (await api.client.put("/api/v1/alert/", json=body)).status_code == 200
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
