"""Every error path of the ServerAPI answers in its envelope, and stores nothing."""

from __future__ import annotations

import json
from base64 import b64encode
from pathlib import Path

import httpx
import pytest

from services.gateway.settings import GatewaySettings
from tests.fleet.conftest import ADMIN, T0, Api, envelope_error, fleet_gateway, jpeg
from tests.support.databases import TestDatabase
from tests.support.servers import free_port, gateway


async def test_frames_go_only_to_open_alerts_and_only_open_alerts_close(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    alert_id = await sqlite_api.open_alert(device)
    close = {"token": device["token"], "alert_id": alert_id, "alert_end": "2020-02-19 13:00:00"}
    assert (await sqlite_api.client.put("/api/v1/alert/", json=close)).status_code == 200
    assert envelope_error(await sqlite_api.frame(device, alert_id, jpeg()), 400) == "ALERT_CLOSED"
    reply = await sqlite_api.client.put("/api/v1/alert/", json=close)
    assert envelope_error(reply, 400) == "ALERT_CLOSED"
    assert await sqlite_api.frames(await sqlite_api.login(), alert_id) == []


@pytest.mark.parametrize(
    ("frame", "reason"),
    [
        ("not base64 at all!", "INVALID_BASE64"),
        ("b'QUJD'x", "INVALID_BASE64"),
        (b64encode(b"just some text, not an image").decode(), "NOT_AN_IMAGE"),
        (str(b64encode(jpeg()[:200])), "NOT_AN_IMAGE"),
        ("", "EMPTY_FRAME"),
    ],
    ids=["garbage", "broken-bytes-literal", "text", "truncated-jpeg", "empty"],
)
async def test_a_frame_that_is_not_an_image_answers_400_and_is_not_stored(
    sqlite_api: Api, frame: str, reason: str
) -> None:
    device = await sqlite_api.jetson()
    alert_id = await sqlite_api.open_alert(device)
    body = {"token": device["token"], "alert_id": alert_id, "frame_timestamp": T0, "frame": frame}
    assert envelope_error(await sqlite_api.client.post("/api/v1/log/", json=body), 400) == reason
    safe = {**body, "truck_id": device["truck_id"]}
    assert envelope_error(await sqlite_api.client.post("/api/v1/safe/", json=safe), 400) == reason
    assert await sqlite_api.frames(await sqlite_api.login(), alert_id) == []


async def test_plain_base64_and_png_frames_are_accepted(sqlite_api: Api) -> None:
    import cv2
    import numpy as np

    device = await sqlite_api.jetson()
    alert_id = await sqlite_api.open_alert(device)
    png = cv2.imencode(".png", np.zeros((8, 8), dtype=np.uint8))[1].tobytes()
    body = {
        "token": device["token"],
        "alert_id": alert_id,
        "frame_timestamp": "2020-02-19T12:59:03Z",
        "frame": b64encode(png).decode(),
        "frame_index": 7,
    }
    assert (await sqlite_api.client.post("/api/v1/log/", json=body)).status_code == 200
    [frame] = await sqlite_api.frames(await sqlite_api.login(), alert_id)
    assert frame["frame_index"] == 7 and frame["frame_timestamp"] == "2020-02-19T12:59:03"


async def test_an_oversize_frame_answers_413_and_is_not_stored(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    async with (
        fleet_gateway(tmp_path, sqlite_db, fleet_max_frame_bytes=2048) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        api = Api(client)
        device = await api.jetson()
        alert_id = await api.open_alert(device)
        big = jpeg(320, 240)
        assert len(big) > 2048
        reply = await api.frame(device, alert_id, big)
        assert envelope_error(reply, 413) == "FRAME_TOO_LARGE"
        assert (await api.frame(device, alert_id, jpeg(8, 8))).status_code == 200
        assert len(await api.frames(await api.login(), alert_id)) == 1


@pytest.mark.parametrize("when", ["yesterday", "2020-02-30 10:00:00", "19/02/2020 12:59", "12"])
async def test_bad_dates_answer_400(sqlite_api: Api, when: str) -> None:
    device = await sqlite_api.jetson()
    body = {"token": device["token"], "truck_id": device["truck_id"], "alert_init": when}
    reply = await sqlite_api.client.post("/api/v1/alert/", json={**body, "behavior": "Safe"})
    assert envelope_error(reply, 400) == "INVALID_TIMESTAMP"
    alert_id = await sqlite_api.open_alert(device)
    reply = await sqlite_api.frame(device, alert_id, jpeg(), at=when)
    assert envelope_error(reply, 400) == "INVALID_TIMESTAMP"
    close = {"token": device["token"], "alert_id": alert_id, "alert_end": when}
    reply = await sqlite_api.client.put("/api/v1/alert/", json=close)
    assert envelope_error(reply, 400) == "INVALID_TIMESTAMP"
    token = await sqlite_api.login()
    reply = await sqlite_api.client.get(
        "/api/v1/alert/", params={"token": token, "alert_init": when}
    )
    assert envelope_error(reply, 400) == "INVALID_TIMESTAMP"


async def test_an_alert_cannot_end_before_it_began(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    alert_id = await sqlite_api.open_alert(device)
    close = {"token": device["token"], "alert_id": alert_id, "alert_end": "2020-02-19 12:00:00"}
    reply = await sqlite_api.client.put("/api/v1/alert/", json=close)
    assert envelope_error(reply, 400) == "INVALID_END"


async def test_pages_past_the_end_answer_404_and_page_zero_400(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    for minute in range(21):
        await sqlite_api.open_alert(device, at=f"2020-02-19 12:{minute:02d}:00")
    token = await sqlite_api.login()

    async def alerts(page: object) -> httpx.Response:
        return await sqlite_api.client.get("/api/v1/alert/", params={"token": token, "page": page})

    second = (await alerts(2)).json()["data"]
    assert len(second["alerts"]) == 1 and second["totalPages"] == 2 and second["totalItems"] == 21
    first = (await alerts(1)).json()["data"]["alerts"]
    assert first[0]["alert_init"] == "2020-02-19T12:20:00"  # newest first
    assert envelope_error(await alerts(3), 404) == "PAGE_NOT_FOUND"
    assert envelope_error(await alerts(0), 400) == "INVALID_REQUEST"
    assert envelope_error(await alerts("two"), 400) == "INVALID_REQUEST"
    reply = await sqlite_api.client.get("/api/v1/truck/list/", params={"token": token, "page": 2})
    assert envelope_error(reply, 404) == "PAGE_NOT_FOUND"


async def test_an_empty_list_is_one_empty_page(sqlite_api: Api) -> None:
    token = await sqlite_api.login()
    reply = await sqlite_api.client.get("/api/v1/alert/", params={"token": token})
    assert reply.json() == {
        "code": 200,
        "status_code": "Success",
        "data": {"alerts": [], "page": 1, "perPage": 20, "totalPages": 0, "totalItems": 0},
    }


async def test_unknown_alerts_and_trucks_answer_404(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    token = await sqlite_api.login()
    c = sqlite_api.client
    reply = await c.get("/api/v1/log/", params={"token": token, "alert_id": 99})
    assert envelope_error(reply, 404) == "ALERT_NOT_FOUND"
    assert envelope_error(await sqlite_api.frame(device, 99, jpeg()), 404) == "ALERT_NOT_FOUND"
    reply = await c.get("/api/v1/truck/laststatus/", params={"token": token, "truck_id": 99})
    assert envelope_error(reply, 404) == "TRUCK_NOT_FOUND"
    params = {"token": token, "truck_id": device["truck_id"]}
    reply = await c.get("/api/v1/truck/laststatus/", params=params)
    assert envelope_error(reply, 404) == "NO_FRAME"


async def test_bad_bodies_answer_400(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    c = sqlite_api.client
    reply = await c.post(
        "/api/v1/alert/", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert envelope_error(reply, 400) == "INVALID_REQUEST"
    reply = await c.post("/api/v1/alert/", json={"token": device["token"]})
    assert envelope_error(reply, 400) == "INVALID_REQUEST"
    body = {"token": device["token"], "truck_id": device["truck_id"], "alert_init": T0}
    reply = await c.post("/api/v1/alert/", json={**body, "behavior": "Sleeping"})
    assert envelope_error(reply, 400) == "INVALID_BEHAVIOR"
    reply = await c.post("/api/v1/alert/", json={**body, "behavior": "Safe", "truck_id": 2**70})
    assert envelope_error(reply, 400) == "INVALID_REQUEST"
    reply = await c.get("/api/v1/log/", params={"token": await sqlite_api.login()})
    assert envelope_error(reply, 400) == "INVALID_REQUEST"


async def test_frame_bodies_are_read_as_any_json_reader_reads_them(sqlite_api: Api) -> None:
    """JSON the fast reader refuses or reads otherwise (UTF-16 text, an integer beyond 64
    bits) is read as the standard JSON reader reads it."""
    device = await sqlite_api.jetson()
    alert_id = await sqlite_api.open_alert(device)
    body = {"token": device["token"], "alert_id": alert_id, "frame_timestamp": T0}
    utf16 = json.dumps({**body, "frame": str(b64encode(jpeg()))}).encode("utf-16")
    reply = await sqlite_api.client.post(
        "/api/v1/log/", content=utf16, headers={"content-type": "application/json"}
    )
    assert reply.status_code == 200, reply.text
    assert [f["id"] for f in await sqlite_api.frames(await sqlite_api.login(), alert_id)] == [
        reply.json()["data"]["id"]
    ]
    huge = {**body, "alert_id": 2**70, "frame": str(b64encode(jpeg()))}
    reply = await sqlite_api.client.post("/api/v1/log/", json=huge)
    assert envelope_error(reply, 400) == "INVALID_REQUEST"
    assert reply.json()["error"] == (
        "alert_id: Input should be less than or equal to 9223372036854775807"
    )


async def test_registering_a_taken_username_or_a_bad_role_is_refused(sqlite_api: Api) -> None:
    token = await sqlite_api.login()

    async def register(**new_user: str) -> httpx.Response:
        body = {"cur_user": {"username": ADMIN[0], "token": token}, "new_user": new_user}
        return await sqlite_api.client.post("/api/v1/user/register/", json=body)

    taken = await register(username=ADMIN[0], password="whatever-1", role="viewer")
    assert envelope_error(taken, 409) == "USER_EXISTS"
    assert envelope_error(await register(username="u", password="pw-long-1", role="root"), 400) == (
        "INVALID_ROLE"
    )
    assert envelope_error(await register(username="u", password="short", role="viewer"), 400) == (
        "INVALID_PASSWORD"
    )
    assert envelope_error(await register(username="bad name!", password="pw-long-1"), 400) == (
        "INVALID_USERNAME"
    )


async def test_a_fleet_service_that_is_down_answers_503_in_the_envelope(tmp_path: Path) -> None:
    settings = GatewaySettings(  # type: ignore[call-arg]
        data_dir=tmp_path, gateway_port=free_port(), fleet_target=f"127.0.0.1:{free_port()}"
    )
    async with gateway(settings) as url, httpx.AsyncClient(base_url=url) as client:
        reply = await client.post("/api/v1/login/", json={"username": "a", "password": "b"})
    assert envelope_error(reply, 503) == "UNAVAILABLE"
    # The channel's own words name the backend's address: they stay inside.
    assert reply.json()["error"] == "backend unavailable"
    assert "127.0.0.1" not in reply.text


async def test_an_update_renames_the_caller_unless_the_name_is_taken(sqlite_api: Api) -> None:
    token = await sqlite_api.user("operator", "otto")
    taken = {"token": token, "new_user": {"username": ADMIN[0]}}
    reply = await sqlite_api.client.put("/api/v1/user/register/", json=taken)
    assert envelope_error(reply, 409) == "USER_EXISTS"
    renamed = {"token": token, "new_user": {"username": "otto2", "password": "otto2-password"}}
    reply = await sqlite_api.client.put("/api/v1/user/register/", json=renamed)
    assert reply.status_code == 200
    assert await sqlite_api.login("otto2", "otto2-password")
