"""Injection attempts in every filter are refused or taken literally; nothing leaks or breaks."""

from __future__ import annotations

import pytest

from tests.fleet.conftest import ADMIN, Api, envelope_error, jpeg

ATTACKS = [
    "' OR '1'='1",
    "1 OR 1=1",
    "1; DROP TABLE fleet_alerts; --",
    "Safe' UNION SELECT password_hash FROM fleet_users --",
]


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/alert/", "behavior"),
        ("/api/v1/alert/", "alert_init"),
        ("/api/v1/alert/", "started"),
        ("/api/v1/alert/", "truck_id"),
        ("/api/v1/alert/", "page"),
        ("/api/v1/log/", "frame_timestamp"),
        ("/api/v1/log/", "frame_index"),
        ("/api/v1/log/", "alert_id"),
        ("/api/v1/truck/laststatus/", "truck_id"),
        ("/api/v1/truck/list/", "page"),
    ],
)
async def test_injection_in_a_filter_answers_400_and_the_data_stays(
    api: Api, path: str, field: str
) -> None:
    device = await api.jetson()
    alert_id = await api.open_alert(device)
    assert (await api.frame(device, alert_id, jpeg())).status_code == 200
    token = await api.login()
    base = {"token": token, "alert_id": alert_id, "truck_id": device["truck_id"]}
    for attack in ATTACKS:
        reply = await api.client.get(path, params={**base, field: attack})
        assert envelope_error(reply, 400) in {
            "INVALID_REQUEST",
            "INVALID_TIMESTAMP",
            "INVALID_STARTED",
            "INVALID_BEHAVIOR",
        }
    listed = await api.client.get("/api/v1/alert/", params={"token": token})
    assert [a["id"] for a in listed.json()["data"]["alerts"]] == [alert_id]
    assert len(await api.frames(token, alert_id)) == 1


async def test_injection_in_credentials_is_taken_literally(api: Api) -> None:
    for attack in ATTACKS:
        reply = await api.client.post(
            "/api/v1/login/", json={"username": attack, "password": attack}
        )
        assert envelope_error(reply, 401) == "BAD_CREDENTIALS"
        reply = await api.client.post(
            "/api/v1/login/", json={"username": f"{ADMIN[0]}' --", "password": "x"}
        )
        assert envelope_error(reply, 401) == "BAD_CREDENTIALS"
        token = await api.login()
        reply = await api.client.get("/api/v1/alert/", params={"token": token, "username": attack})
        assert envelope_error(reply, 401) == "USERNAME_MISMATCH"
    body = {"mac": ATTACKS[2], "password": "pass123"}
    assert envelope_error(await api.client.post("/api/v1/jetson/register/", json=body), 400) == (
        "INVALID_MAC"
    )
    device = await api.jetson(name=ATTACKS[3])
    token = await api.login()
    reply = await api.client.get("/api/v1/truck/list/", params={"token": token})
    [truck] = reply.json()["data"]["trucks"]
    assert (truck["id"], truck["mac"], truck["name"]) == (
        device["truck_id"],
        "dc:71:96:53:16:0a",
        ATTACKS[3],
    )
    assert (await api.client.get("/api/v1/alert/", params={"token": token})).status_code == 200
