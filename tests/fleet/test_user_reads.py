"""What a signed-in user reads and does beyond the seed: who am I, one alert, closing alerts."""

from __future__ import annotations

from tests.fleet.conftest import ADMIN, Api, envelope_error

END = "2020-02-19 13:00:00"


async def test_user_me_names_the_token_user_and_role(api: Api) -> None:
    viewer = await api.user("viewer", "vera")
    reply = await api.client.get("/api/v1/user/me/", headers={"authorization": f"Bearer {viewer}"})
    assert reply.status_code == 200, reply.text
    assert reply.json()["data"] == {"id": 2, "username": "vera", "role": "viewer"}
    admin = await api.client.get("/api/v1/user/me/", params={"token": await api.login()})
    assert admin.json()["data"]["username"] == ADMIN[0]


async def test_user_me_refuses_a_device_token_and_no_token(api: Api) -> None:
    device = await api.jetson()
    reply = await api.client.get("/api/v1/user/me/", params={"token": device["token"]})
    assert envelope_error(reply, 403) == "USER_TOKEN_REQUIRED"
    assert envelope_error(await api.client.get("/api/v1/user/me/"), 401) == "TOKEN_MISSING"


async def test_one_alert_is_read_by_id_and_an_unknown_one_is_404(api: Api) -> None:
    device = await api.jetson()
    alert_id = await api.open_alert(device, "Tamper")
    token = await api.user("viewer")
    reply = await api.client.get(f"/api/v1/alert/{alert_id}/", params={"token": token})
    assert reply.status_code == 200, reply.text
    alert = reply.json()["data"]["alert"]
    assert (alert["id"], alert["behavior"], alert["started"]) == (alert_id, "Tamper", True)
    missing = await api.client.get("/api/v1/alert/999/", params={"token": token})
    assert envelope_error(missing, 404) == "ALERT_NOT_FOUND"
    bad = await api.client.get("/api/v1/alert/0/", params={"token": token})
    assert bad.status_code == 400


async def test_operators_and_admins_close_any_alert_and_viewers_may_not(api: Api) -> None:
    device = await api.jetson()
    first, second = await api.open_alert(device), await api.open_alert(device, "Unsafe")
    viewer = await api.user("viewer", "vera")
    operator = await api.user("operator", "otto")

    refused = await api.client.put(
        "/api/v1/alert/", json={"token": viewer, "alert_id": first, "alert_end": END}
    )
    assert envelope_error(refused, 403)
    for token, alert_id in ((operator, first), (await api.login(), second)):
        closed = await api.client.put(
            "/api/v1/alert/", json={"token": token, "alert_id": alert_id, "alert_end": END}
        )
        assert closed.status_code == 200, closed.text
    again = await api.client.put(
        "/api/v1/alert/", json={"token": operator, "alert_id": first, "alert_end": END}
    )
    assert envelope_error(again, 400) == "ALERT_CLOSED"
