"""The ServerAPI answers in its envelope even errors raised before a route runs."""

from __future__ import annotations

import pytest

from tests.fleet.conftest import Api, envelope_error

DEEP = ("[" * 5000 + "]" * 5000).encode()


async def test_a_5000_deep_login_body_answers_in_the_envelope(sqlite_api: Api) -> None:
    reply = await sqlite_api.client.post(
        "/api/v1/login/", content=DEEP, headers={"content-type": "application/json"}
    )
    envelope_error(reply, 400)


@pytest.mark.parametrize(
    ("method", "path"),
    [("DELETE", "/api/v1/login/"), ("PATCH", "/api/v1/alert/"), ("POST", "/api/v1/truck/list/")],
)
async def test_a_wrong_method_under_api_v1_answers_405_in_the_envelope(
    sqlite_api: Api, method: str, path: str
) -> None:
    reply = await sqlite_api.client.request(method, path)
    envelope_error(reply, 405)
    assert "allow" in reply.headers


@pytest.mark.parametrize("truck_id", ["abc", "-1", "9" * 30])
async def test_a_bad_truck_id_on_a_live_feed_answers_400_in_the_envelope(
    sqlite_api: Api, truck_id: str
) -> None:
    token = await sqlite_api.login()
    sse = await sqlite_api.client.get(
        "/api/v1/live/alerts/sse", params={"token": token, "truck_id": truck_id}
    )
    envelope_error(sse, 400)
    mjpeg = await sqlite_api.client.get(
        f"/api/v1/live/trucks/{truck_id}/mjpeg", params={"token": token}
    )
    envelope_error(mjpeg, 400)
