"""The HALP REST API without screenshots: sessions, auth, raw counts, history, metrics."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from services.players.settings import PlayersSettings
from tests.halp.conftest import (
    OTHER_TOKEN,
    SESSIONS,
    TOKEN,
    Halp,
    halp_settings,
    player_count_gauge,
    submissions_counted,
)
from tests.support.databases import TestDatabase
from tests.support.servers import platform


async def test_get_sessions_lists_the_configured_sessions(halp: Halp) -> None:
    reply = await halp.client.post("/get_sessions", data={"auth": TOKEN})
    assert reply.status_code == 200
    assert reply.json() == SESSIONS


async def test_auth_is_accepted_as_form_field_query_parameter_or_header(halp: Halp) -> None:
    client = halp.client
    assert (await client.post("/get_sessions", data={"auth": OTHER_TOKEN})).status_code == 200
    assert (await client.post("/get_sessions", params={"auth": TOKEN})).status_code == 200
    assert (await client.post("/get_sessions", headers={"auth": TOKEN})).status_code == 200
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    assert (await client.post("/get_sessions", headers=bearer)).status_code == 200


@pytest.mark.parametrize(
    "auth", [None, "", "wrong", TOKEN.upper(), TOKEN + " ", "tökén", TOKEN[:-1]]
)
async def test_a_missing_or_wrong_token_answers_invalid_auth(halp: Halp, auth: str | None) -> None:
    data = {} if auth is None else {"auth": auth}
    reply = await halp.client.post("/get_sessions", data=data)
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")


async def test_a_raw_count_is_stored_with_its_time_and_shown_in_the_history(halp: Halp) -> None:
    accepted = submissions_counted("rawCount", "accepted")
    reply = await halp.submit_raw("clifford", "17")

    assert reply.status_code == 200
    body = reply.json()
    assert (body["session"], body["mode"], body["playerCount"]) == ("clifford", "rawCount", 17)
    assert body["submittedAt"].endswith("Z")
    await halp.submit_raw("clifford", "0")

    history = await halp.history("clifford")
    assert [s["playerCount"] for s in history] == [0, 17]
    assert history[1] == body
    assert await halp.history("spadge") == []
    assert submissions_counted("rawCount", "accepted") == accepted + 2
    assert player_count_gauge("clifford") == 0


@pytest.mark.parametrize(
    ("form", "status", "error", "result"),
    [
        ({"auth": "wrong"}, 403, "Invalid Auth", "invalid_auth"),
        ({"session": "nowhere"}, 400, "Session not found", "session_not_found"),
        ({"playercount": ""}, 400, "No Playercount", "no_playercount"),
        ({"playercount": "12a"}, 400, "Invalid Playercount", "invalid_playercount"),
        ({"playercount": "-3"}, 400, "Invalid Playercount", "invalid_playercount"),
        ({"playercount": "1.5"}, 400, "Invalid Playercount", "invalid_playercount"),
        ({"playercount": "99999999999"}, 400, "Invalid Playercount", "invalid_playercount"),
        ({"playercount": "9" * 5000}, 400, "Invalid Playercount", "invalid_playercount"),
        ({"playercount": "1001"}, 400, "Invalid Playercount", "invalid_playercount"),
        ({"playercount": "\uff11\uff12"}, 400, "Invalid Playercount", "invalid_playercount"),
    ],
)
async def test_a_rejected_raw_count_answers_its_documented_error_and_stores_nothing(
    halp: Halp, form: dict[str, str], status: int, error: str, result: str
) -> None:
    before = submissions_counted("rawCount", result)
    reply = await halp.submit_raw(
        form.pop("session", "clifford"), form.pop("playercount", "5"), **form
    )

    assert (reply.status_code, reply.text) == (status, error)
    assert await halp.history("clifford") == []
    assert submissions_counted("rawCount", result) == before + 1


async def test_a_missing_playercount_field_answers_no_playercount(halp: Halp) -> None:
    form = {"auth": TOKEN, "mode": "rawCount", "session": "clifford"}
    reply = await halp.client.post("/submit_playercount", data=form)
    assert (reply.status_code, reply.text) == (400, "No Playercount")


async def test_checks_run_in_the_documented_order_auth_then_session_then_count(
    halp: Halp,
) -> None:
    reply = await halp.submit_raw("nowhere", "abc", auth="wrong")
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")
    reply = await halp.submit_raw("nowhere", "abc")
    assert (reply.status_code, reply.text) == (400, "Session not found")


@pytest.mark.parametrize("mode", ["rawcount", "ocr", "RAWCOUNT", ""])
async def test_modes_are_case_sensitive(halp: Halp, mode: str) -> None:
    reply = await halp.submit_raw("clifford", "5", mode=mode)
    assert (reply.status_code, reply.text) == (400, "Invalid mode")
    assert await halp.history("clifford") == []
    reply = await halp.submit_raw("clifford", "5", mode=mode, auth="wrong")
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")


async def test_a_mode_of_any_characters_answers_invalid_mode_with_an_ascii_detail(
    halp: Halp,
) -> None:
    reply = await halp.submit_raw("clifford", "5", mode="€uro")
    assert (reply.status_code, reply.text) == (400, "Invalid mode")
    assert reply.headers["X-Error-Detail"] == "mode must be rawCount or OCR, not '?uro'"


async def test_history_takes_a_limit_and_a_since_time(halp: Halp) -> None:
    for count in ("1", "2", "3"):
        await halp.submit_raw("spadge", count)
    everything = await halp.history("spadge")

    assert [s["playerCount"] for s in await halp.history("spadge", limit="2")] == [3, 2]
    since = str(everything[0]["submittedAt"])
    assert [s["playerCount"] for s in await halp.history("spadge", since=since)] == [3]
    assert await halp.history("spadge", since="4102444800") == []


@pytest.mark.parametrize(
    ("path", "params", "status", "error"),
    [
        ("/sessions/spadge/history", {"auth": "wrong"}, 403, "Invalid Auth"),
        ("/sessions/nowhere/history", {"auth": TOKEN}, 400, "Session not found"),
        ("/sessions/spadge/history", {"auth": TOKEN, "limit": "-1"}, 400, "Invalid limit"),
        ("/sessions/spadge/history", {"auth": TOKEN, "since": "soon"}, 400, "Invalid since"),
    ],
)
async def test_a_bad_history_read_answers_a_clear_error(
    halp: Halp, path: str, params: dict[str, str], status: int, error: str
) -> None:
    reply = await halp.client.get(path, params=params)
    assert (reply.status_code, reply.text) == (status, error)


async def test_read_player_list_answers_every_session_even_before_any_submission(
    halp: Halp,
) -> None:
    await halp.submit_raw("spadge", "12")
    reply = await halp.client.post(
        "/read_player_list", data={"auth": TOKEN, "playerList": "capt_capslock"}
    )

    assert reply.status_code == 200
    assert reply.json() == {
        "clifford": {"matched": [], "unmatched": {}, "playerCount": None},
        "spadge": {"matched": [], "unmatched": {}, "playerCount": 12},
    }


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"auth": "wrong", "session": "clifford"}, 403, "Invalid Auth"),
        ({"auth": TOKEN, "session": "nowhere"}, 400, "Session not found"),
    ],
)
async def test_read_player_list_answers_its_documented_errors(
    halp: Halp, form: dict[str, str], status: int, error: str
) -> None:
    reply = await halp.client.post("/read_player_list", data={**form, "playerList": "a,b"})
    assert (reply.status_code, reply.text) == (status, error)


async def test_a_broken_multipart_body_answers_400_not_a_server_error(halp: Halp) -> None:
    reply = await halp.client.post(
        "/submit_playercount",
        content=b"--x\r\nContent-Disposition: form-data; name=auth\r\n\r\nnot closed",
        headers={"content-type": "multipart/form-data"},
    )
    assert reply.status_code == 400


async def test_the_openapi_document_describes_the_halp_forms(halp: Halp) -> None:
    document = (await halp.client.get("/openapi.json")).json()
    form = document["paths"]["/submit_playercount"]["post"]["requestBody"]["content"]
    fields = form["multipart/form-data"]["schema"]["properties"]
    assert {"auth", "mode", "session", "playercount", "playerlist", "count_img"} <= set(fields)
    assert "/sessions/{session}/history" in document["paths"]


def test_sessions_and_tokens_come_from_comma_separated_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ARGUS_HALP_SESSIONS", "clifford, spadge")
    monkeypatch.setenv("ARGUS_HALP_TOKENS", "a,b")
    monkeypatch.setenv("ARGUS_HALP_MATCH_THRESHOLD", "90")
    settings = PlayersSettings()
    assert settings.halp_sessions == ["clifford", "spadge"]
    assert settings.halp_tokens == ["a", "b"]
    assert settings.halp_match_threshold == 90
    assert PlayersSettings(halp_match_threshold=85).halp_match_threshold == 85


async def test_a_roster_over_the_limit_answers_invalid_player_list(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with (
        platform(tmp_path, sqlite_db, players=halp_settings(halp_max_roster_names=3)) as running,
        httpx.AsyncClient(base_url=running.url) as client,
    ):
        form = {"auth": TOKEN, "session": "clifford"}
        ok = await client.post("/read_player_list", data={**form, "playerList": "a,b,c,a, ,"})
        assert ok.status_code == 200
        reply = await client.post("/read_player_list", data={**form, "playerList": "a,b,c,d"})
    assert (reply.status_code, reply.text) == (400, "Invalid playerList")
