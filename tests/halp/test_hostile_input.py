"""HALP answers hostile input in its own plain-text shape: never a 500 or FastAPI's JSON."""

from __future__ import annotations

import pytest

from tests.halp.conftest import TOKEN, Halp


async def test_a_halp_form_over_the_multipart_limits_answers_in_halps_shape(halp: Halp) -> None:
    fields = {f"field{i}": "x" for i in range(1200)}
    reply = await halp.client.post(
        "/submit_playercount", data={"auth": TOKEN, **fields}, files={"f": ("a", b"1")}
    )
    assert reply.status_code == 400
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.text == "Bad Request"


@pytest.mark.parametrize("since", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00"])
async def test_a_history_since_out_of_range_in_utc_answers_400(halp: Halp, since: str) -> None:
    reply = await halp.client.get(
        "/sessions/clifford/history", params={"auth": TOKEN, "since": since}
    )
    assert (reply.status_code, reply.text) == (400, "Invalid since")


@pytest.mark.parametrize("size", [8192, 15000])
async def test_a_kilobytes_long_halp_token_answers_invalid_auth(halp: Halp, size: int) -> None:
    reply = await halp.client.post(
        "/get_sessions", headers={"authorization": "Bearer " + "a" * size}
    )
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")
