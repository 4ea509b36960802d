"""Unknown paths, wrong methods and oversize bodies answer in the shape of the API a path
belongs to: ServerAPI's envelope, HALP's plain text, DFairPlay's codes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests.support.servers import NOWHERE, gateway, players_gateway_settings


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A gateway alone (no backend is needed to refuse a request), 2 KiB body limit."""
    settings = players_gateway_settings(tmp_path, NOWHERE)
    settings.gateway_max_body_bytes = 2048
    async with gateway(settings) as url, httpx.AsyncClient(base_url=url) as http:
        yield http


async def test_an_unknown_serverapi_path_answers_the_envelope_with_404(
    client: httpx.AsyncClient,
) -> None:
    reply = await client.get("/api/v1/no/such/thing/")
    assert reply.status_code == 404
    assert reply.json() == {
        "code": 404,
        "status_code": "Error",
        "data": {},
        "error": "Not Found",
        "reason": "NOT_FOUND",
    }


async def test_a_wrong_method_on_a_serverapi_route_answers_the_envelope_with_405(
    client: httpx.AsyncClient,
) -> None:
    reply = await client.delete("/api/v1/login/")
    assert reply.status_code == 405
    assert reply.json()["code"] == 405 and reply.json()["reason"] == "METHOD_NOT_ALLOWED"


async def test_an_oversize_serverapi_body_answers_the_envelope_with_413(
    client: httpx.AsyncClient,
) -> None:
    reply = await client.post("/api/v1/log/", content=b"{" + b" " * 4096 + b"}")
    assert reply.status_code == 413
    body = reply.json()
    assert body["code"] == 413 and body["status_code"] == "Error"
    assert body["reason"] == "PAYLOAD_TOO_LARGE" and "2048" in body["error"]


async def test_unknown_halp_paths_and_methods_answer_plain_text(
    client: httpx.AsyncClient,
) -> None:
    nested = await client.get("/uploads/a/b/c.png")
    method = await client.delete("/get_sessions")
    assert (nested.status_code, nested.text) == (404, "Not Found")
    assert nested.headers["content-type"].startswith("text/plain")
    assert (method.status_code, method.text) == (405, "Method Not Allowed")


async def test_an_oversize_halp_upload_answers_plain_text_413(client: httpx.AsyncClient) -> None:
    reply = await client.post(
        "/submit_playercount", files={"playerlist": ("l.png", b"x" * 4096, "image/png")}
    )
    assert (reply.status_code, reply.text) == (413, "Request Entity Too Large")


async def test_dfairplay_answers_its_codes_with_200_for_unknown_and_oversize_requests(
    client: httpx.AsyncClient,
) -> None:
    unknown = await client.get("/no_such_function/1/")
    method = await client.post("/is_alive/")
    large = await client.post("/ping/token/", content=b"x" * 4096)
    assert [(r.status_code, r.text) for r in (unknown, method, large)] == [
        (200, "-1"),
        (200, "-1"),
        (200, "-3"),
    ]


async def test_other_paths_keep_the_platform_json_errors(client: httpx.AsyncClient) -> None:
    large = await client.post("/healthz", content=b"x" * 4096)
    missing = await client.get("/mac/no/such/v1")
    assert large.status_code == 413
    assert large.json()["error"]["code"] == "PAYLOAD_TOO_LARGE"
    # MAC's errors are the platform's JSON error, unknown paths included.
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "NOT_FOUND",
        "message": "Not Found",
        "reason": "NOT_FOUND",
    }
