"""Every DFairPlay function and error code through the gateway, as plain text."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.fairplay.conftest import FairPlayStack, fairplay_stack
from tests.support.databases import TestDatabase
from tests.support.servers import free_port, gateway, players_gateway_settings


@pytest.mark.parametrize("path", ["/is_alive/", "/is_alive"])
async def test_is_alive_answers_one_with_and_without_trailing_slash(
    stack: FairPlayStack, path: str
) -> None:
    assert await stack.call(path) == "1"


async def test_create_session_answers_a_fresh_token_of_letters_and_digits(
    stack: FairPlayStack,
) -> None:
    tokens = {await stack.call("/create_session/gtasa-samp/") for _ in range(20)}
    tokens.add(await stack.call("/create_session/gtasa-samp"))
    assert len(tokens) == 21
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9]{32}", token)


@pytest.mark.parametrize("game", ["gtavc-mta", "GTASA-SAMP", "x" * 300])
async def test_create_session_for_an_unknown_game_answers_minus_three(
    stack: FairPlayStack, game: str
) -> None:
    assert await stack.call(f"/create_session/{game}/") == "-3"


@pytest.mark.parametrize(
    "path", ["/nope/", "/nope", "/", "/getincidents/x/", "/add_users/a/1/1.2.3.4/"]
)
async def test_an_unknown_function_answers_minus_one(stack: FairPlayStack, path: str) -> None:
    assert await stack.call(path) == "-1"


@pytest.mark.parametrize("path", ["/healthz/extra", "/docs/extra", "/metrics/extra"])
async def test_paths_of_other_apis_keep_their_not_found(stack: FairPlayStack, path: str) -> None:
    response = await stack.http.get(path)
    assert response.status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/is_alive/x/",
        "/create_session/",
        "/create_session",
        "/create_session/gtasa-samp/x/",
        "/ping/",
        "/ping/a/b/",
        "/destroy_session/",
        "/add_user/{token}/1/",
        "/add_user/{token}/1/1.2.3.4/x/",
        "/add_user",
        "/delete_user/{token}/",
        "/delete_user/{token}/1/2/",
        "/get_incidents/",
        "/get_incidents/{token}/x",
    ],
)
async def test_a_wrong_parameter_count_answers_minus_two(stack: FairPlayStack, path: str) -> None:
    token = await stack.session()
    assert await stack.call(path.format(token=token)) == "-2"


async def test_ping_renews_and_answers_one(stack: FairPlayStack) -> None:
    token = await stack.session()
    assert await stack.call(f"/ping/{token}/") == "1"
    assert await stack.call(f"/ping/{token}") == "1"


@pytest.mark.parametrize(
    "path",
    [
        "/ping/{bad}/",
        "/destroy_session/{bad}/",
        "/add_user/{bad}/1/1.2.3.4/",
        "/delete_user/{bad}/1/",
        "/get_incidents/{bad}/",
    ],
)
async def test_an_unknown_token_answers_minus_four(stack: FairPlayStack, path: str) -> None:
    await stack.session()
    assert await stack.call(path.format(bad="not-a-token")) == "-4"


async def test_destroy_session_answers_one_then_the_token_is_gone(stack: FairPlayStack) -> None:
    token = await stack.session()
    await stack.call(f"/add_user/{token}/1/10.0.0.1/")
    assert await stack.call(f"/destroy_session/{token}/") == "1"
    assert await stack.call(f"/ping/{token}/") == "-4"
    assert await stack.call(f"/destroy_session/{token}") == "-4"


async def test_add_user_answers_one_only_for_an_ip_running_the_client(
    stack: FairPlayStack,
) -> None:
    token = await stack.session()
    await stack.register("client-a", "10.0.0.2")
    await stack.register("client-b", "2001:db8::7")
    assert await stack.call(f"/add_user/{token}/0/10.0.0.1/") == "0"
    assert await stack.call(f"/add_user/{token}/1/10.0.0.2/") == "1"
    assert await stack.call(f"/add_user/{token}/2/2001:0db8:0:0::7") == "1"
    assert await stack.call(f"/add_user/{token}/3/::ffff:10.0.0.2/") == "1"


@pytest.mark.parametrize(
    ("player_id", "ip"),
    [
        ("abc", "10.0.0.1"),
        ("-1", "10.0.0.1"),
        ("1.5", "10.0.0.1"),
        ("1000", "10.0.0.1"),
        ("99999999999999999999999", "10.0.0.1"),
        ("", "10.0.0.1"),
        ("1", "10.0.0.256"),
        ("1", "10.0.0"),
        ("1", "localhost"),
        ("1", "01.2.3.4"),
        ("1", "2001:db8::g"),
        ("1", "fe80::1%25eth0"),
    ],
)
async def test_add_user_with_a_bad_id_or_ip_answers_minus_three_and_adds_nothing(
    stack: FairPlayStack, player_id: str, ip: str
) -> None:
    token = await stack.session()
    await stack.incident("10.0.0.1")
    assert await stack.call(f"/add_user/{token}/{player_id}/{ip}/") == "-3"
    assert await stack.call(f"/get_incidents/{token}/") == ""


async def test_delete_user_answers_one_for_a_player_and_zero_for_an_absent_one(
    stack: FairPlayStack,
) -> None:
    token = await stack.session()
    await stack.call(f"/add_user/{token}/4/10.0.0.4/")
    assert await stack.call(f"/delete_user/{token}/4/") == "1"
    assert await stack.call(f"/delete_user/{token}/4") == "0"
    assert await stack.call(f"/delete_user/{token}/x/") == "-3"
    assert await stack.call(f"/delete_user/{token}/5000/") == "-3"


async def test_get_incidents_lists_players_whose_ip_has_incidents(stack: FairPlayStack) -> None:
    token = await stack.session()
    assert await stack.call(f"/get_incidents/{token}/") == ""
    for player_id, ip in ((12, "10.0.0.12"), (3, "10.0.0.3"), (7, "2001:db8::7"), (9, "10.0.0.9")):
        await stack.call(f"/add_user/{token}/{player_id}/{ip}/")
    await stack.incident("10.0.0.12")
    await stack.incident("2001:db8:0::7", kind="speedhack")
    await stack.incident("10.0.0.3")
    await stack.incident("10.0.0.77")
    assert await stack.call(f"/get_incidents/{token}/") == "3,7,12"
    await stack.call(f"/delete_user/{token}/3/")
    assert await stack.call(f"/get_incidents/{token}") == "7,12"


async def test_re_adding_an_id_replaces_its_ip(stack: FairPlayStack) -> None:
    token = await stack.session()
    await stack.incident("10.0.0.66")
    await stack.call(f"/add_user/{token}/5/10.0.0.5/")
    assert await stack.call(f"/get_incidents/{token}/") == ""
    await stack.call(f"/add_user/{token}/5/10.0.0.66/")
    assert await stack.call(f"/get_incidents/{token}/") == "5"
    await stack.call(f"/add_user/{token}/5/10.0.0.5/")
    assert await stack.call(f"/get_incidents/{token}/") == ""


async def test_a_full_session_refuses_new_ids_with_minus_three_but_accepts_known_ones(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    async with fairplay_stack(tmp_path, sqlite_db, dfairplay_max_players_per_session=2) as stack:
        token = await stack.session()
        assert await stack.call(f"/add_user/{token}/1/10.0.0.1/") == "0"
        assert await stack.call(f"/add_user/{token}/2/10.0.0.2/") == "0"
        assert await stack.call(f"/add_user/{token}/3/10.0.0.3/") == "-3"
        assert await stack.call(f"/add_user/{token}/2/10.0.0.22/") == "0"
        assert await stack.call(f"/delete_user/{token}/1/") == "1"
        assert await stack.call(f"/add_user/{token}/3/10.0.0.3/") == "0"


async def test_sessions_do_not_see_each_others_players(stack: FairPlayStack) -> None:
    first, second = await stack.session(), await stack.session()
    await stack.incident("10.0.0.8")
    await stack.call(f"/add_user/{first}/8/10.0.0.8/")
    await stack.call(f"/add_user/{second}/1/10.0.0.1/")
    assert await stack.call(f"/get_incidents/{first}/") == "8"
    assert await stack.call(f"/get_incidents/{second}/") == ""
    assert await stack.call(f"/delete_user/{second}/8/") == "0"


async def test_without_the_players_service_token_calls_fail_with_503_not_a_code(
    tmp_path: Path,
) -> None:
    settings = players_gateway_settings(tmp_path, f"127.0.0.1:{free_port()}")
    async with gateway(settings) as url, httpx.AsyncClient(base_url=url, timeout=30) as http:
        response = await http.get("/ping/some-token/")
        # Plain text, as every DFairPlay answer, and when to try again.
        assert (response.status_code, response.text) == (503, "Service Unavailable")
        assert response.headers["Retry-After"] == "1"
        alive = await http.get("/is_alive/")
        assert (alive.status_code, alive.text) == (200, "1")
