"""Frames posted at the same time are committed together, yet each call gets its own answer,
and only once its frame is stored."""

from __future__ import annotations

import asyncio
from base64 import b64encode

import httpx

from tests.fleet.conftest import T0, Api, envelope_error, jpeg


async def test_concurrent_frames_each_get_their_own_answer_after_their_commit(api: Api) -> None:
    mine = await api.jetson("aa:00:00:00:00:01", "A")
    other = await api.jetson("aa:00:00:00:00:02", "B")
    open_alert = await api.open_alert(mine)
    closed_alert = await api.open_alert(mine)
    body = {"token": mine["token"], "alert_id": closed_alert, "alert_end": T0}
    assert (await api.client.put("/api/v1/alert/", json=body)).status_code == 200
    others_alert = await api.open_alert(other)
    frame = str(b64encode(jpeg()))

    def post(alert_id: int, index: int = 0) -> asyncio.Future[httpx.Response]:
        body = {
            "token": mine["token"],
            "alert_id": alert_id,
            "frame_timestamp": T0,
            "frame_index": index,
            "frame": frame,
        }
        return asyncio.ensure_future(api.client.post("/api/v1/log/", json=body))

    stored = [post(open_alert, i) for i in range(12)]
    safe = asyncio.ensure_future(
        api.client.post(
            "/api/v1/safe/",
            json={
                "token": mine["token"],
                "truck_id": mine["truck_id"],
                "frame_timestamp": T0,
                "frame": frame,
            },
        )
    )
    refused = [post(closed_alert), post(others_alert), post(2**40)]
    await asyncio.gather(*stored, safe, *refused)

    ids = [reply.result().json()["data"]["id"] for reply in stored]
    assert all(reply.result().status_code == 200 for reply in stored)
    assert len(set(ids)) == 12
    assert safe.result().status_code == 200, safe.result().text
    assert envelope_error(refused[0].result(), 400) == "ALERT_CLOSED"
    assert envelope_error(refused[1].result(), 403) == "OTHER_TRUCK"
    assert envelope_error(refused[2].result(), 404) == "ALERT_NOT_FOUND"
    token = await api.login()
    listed = await api.client.get("/api/v1/log/", params={"token": token, "alert_id": open_alert})
    assert listed.json()["data"]["totalItems"] == 12
    closed = await api.client.get("/api/v1/log/", params={"token": token, "alert_id": closed_alert})
    assert closed.json()["data"]["totalItems"] == 0
