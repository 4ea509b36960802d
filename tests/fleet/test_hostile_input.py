"""Hostile input on the ServerAPI answers 400/401 in its envelope: never a 500, never stored."""

from __future__ import annotations

import io
import time
from base64 import b64encode

import jwt
import pytest
from PIL import Image

from tests.fleet.conftest import ADMIN, SECRET, T0, Api, envelope_error

FAR_PAST = "0001-01-01T00:00:00+05:00"
FAR_FUTURE = "9999-12-31T23:59:59-05:00"


async def test_a_nul_byte_in_a_login_username_answers_400(api: Api) -> None:
    reply = await api.client.post(
        "/api/v1/login/", json={"username": "ro\x00ot", "password": ADMIN[1]}
    )
    assert envelope_error(reply, 400) == "INVALID_TEXT"


async def test_a_nul_byte_in_a_jetson_name_answers_400_and_registers_nothing(api: Api) -> None:
    body = {"mac": "dc:71:96:53:16:0a", "password": "pass123", "name": "Truck\x00-1"}
    reply = await api.client.post("/api/v1/jetson/register/", json=body)
    assert envelope_error(reply, 400) == "INVALID_TEXT"
    trucks = await api.client.get("/api/v1/truck/list/", params={"token": await api.login()})
    assert trucks.json()["data"]["trucks"] == []


async def test_a_jetson_name_longer_than_its_column_answers_400(api: Api) -> None:
    body = {"mac": "dc:71:96:53:16:0a", "password": "pass123", "name": "T" * 200}
    reply = await api.client.post("/api/v1/jetson/register/", json=body)
    assert envelope_error(reply, 400) == "TEXT_TOO_LONG"
    assert "150" in reply.json()["error"]


async def test_a_megabyte_email_answers_400_without_echoing_it(api: Api) -> None:
    body = {
        "cur_user": {"username": ADMIN[0], "token": await api.login()},
        "new_user": {"username": "eve", "password": "eve-password", "email": "e" * 1_000_000},
    }
    reply = await api.client.post("/api/v1/user/register/", json=body)
    assert envelope_error(reply, 400) == "TEXT_TOO_LONG"
    assert len(reply.content) < 1000


@pytest.mark.parametrize("moment", [FAR_PAST, FAR_FUTURE])
async def test_an_alert_time_out_of_range_in_utc_answers_400(sqlite_api: Api, moment: str) -> None:
    device = await sqlite_api.jetson()
    body = {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "alert_init": moment,
        "behavior": "Unsafe",
    }
    reply = await sqlite_api.client.post("/api/v1/alert/", json=body)
    assert envelope_error(reply, 400) == "INVALID_TIMESTAMP"
    listed = await sqlite_api.client.get(
        "/api/v1/alert/", params={"token": await sqlite_api.login(), "alert_init": moment}
    )
    assert envelope_error(listed, 400) == "INVALID_TIMESTAMP"


def _tiny(fmt: str, size: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), (200, 10, 10)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "size"),
    [("PNG", 1), ("PNG", 7), ("BMP", 4), ("WEBP", 4), ("TIFF", 4), ("GIF", 1)],
    ids=["png-1", "png-7", "bmp-4", "webp-4", "tiff-4", "gif-1"],
)
async def test_images_under_eight_pixels_answer_200_or_a_clear_400(
    sqlite_api: Api, fmt: str, size: int
) -> None:
    device = await sqlite_api.jetson()
    alert_id = await sqlite_api.open_alert(device)
    reply = await sqlite_api.frame(device, alert_id, _tiny(fmt, size))
    if reply.status_code != 200:
        assert envelope_error(reply, 400) == "NOT_AN_IMAGE"
    safe = {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "frame_timestamp": T0,
        "frame": b64encode(_tiny(fmt, size)).decode(),
    }
    reply = await sqlite_api.client.post("/api/v1/safe/", json=safe)
    assert reply.status_code == 200 or envelope_error(reply, 400) == "NOT_AN_IMAGE"


async def test_a_100_kb_behavior_answers_400_quoting_only_its_start(sqlite_api: Api) -> None:
    device = await sqlite_api.jetson()
    body = {
        "token": device["token"],
        "truck_id": device["truck_id"],
        "alert_init": T0,
        "behavior": "x" * 100_000,
    }
    reply = await sqlite_api.client.post("/api/v1/alert/", json=body)
    assert envelope_error(reply, 400) == "INVALID_BEHAVIOR"
    assert len(reply.content) < 1000


async def test_an_8_kb_authorization_header_answers_401(sqlite_api: Api) -> None:
    reply = await sqlite_api.client.get(
        "/api/v1/truck/list/", headers={"authorization": "Bearer " + "a" * 8192}
    )
    envelope_error(reply, 401)


def _token(**claims: object) -> str:
    return jwt.encode({"iss": "argus-fleet", **claims}, SECRET, algorithm="HS256")


async def test_a_subject_id_beyond_int64_answers_401(sqlite_api: Api) -> None:
    token = _token(sub="user:99999999999999999999", exp=int(time.time()) + 60)
    reply = await sqlite_api.client.get("/api/v1/truck/list/", params={"token": token})
    assert envelope_error(reply, 401) == "INVALID_TOKEN"


async def test_a_token_living_longer_than_the_ttl_answers_401(sqlite_api: Api) -> None:
    token = _token(sub="user:1", exp=1e20)
    reply = await sqlite_api.client.get("/api/v1/truck/list/", params={"token": token})
    assert envelope_error(reply, 401) == "INVALID_TOKEN"
    fresh = _token(sub="user:1", exp=int(time.time()) + 600)
    assert (await sqlite_api.client.get("/api/v1/truck/list/", params={"token": fresh})).is_success
