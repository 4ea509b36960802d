"""OCR-mode submissions with bad images answer "Invalid images" and store nothing."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.halp.conftest import TOKEN, Halp, halp_settings, submissions_counted
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_list, png_header_bomb
from tests.support.servers import platform

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
FORM = {"auth": TOKEN, "mode": "OCR", "session": "clifford"}


def files(player_list: bytes | None, count: bytes | None) -> dict[str, tuple[str, bytes, str]]:
    chosen = {"playerlist": player_list, "count_img": count}
    return {key: (f"{key}.png", data, "image/png") for key, data in chosen.items() if data}


@pytest.mark.parametrize(
    ("player_list", "count", "detail"),
    [
        (None, None, "playerlist is missing or empty"),
        (PNG_SIGNATURE + b"x", None, "count_img is missing or empty"),
        (b"GIF89a not ours", PNG_SIGNATURE + b"x", "playerlist is not a PNG or JPEG image"),
        (PNG_SIGNATURE + b"x", b"%PDF-1.4", "count_img is not a PNG or JPEG image"),
    ],
)
async def test_missing_or_non_image_files_answer_invalid_images(
    halp: Halp, player_list: bytes | None, count: bytes | None, detail: str
) -> None:
    rejected = submissions_counted("OCR", "invalid_images")
    reply = await halp.client.post(
        "/submit_playercount", data=FORM, files=files(player_list, count)
    )

    assert (reply.status_code, reply.text) == (400, "Invalid images")
    assert reply.headers["x-error-detail"] == detail
    assert await halp.history("clifford") == []
    assert await halp.uploads() == []
    assert submissions_counted("OCR", "invalid_images") == rejected + 1


async def test_bad_auth_and_unknown_sessions_are_reported_before_the_images(halp: Halp) -> None:
    reply = await halp.client.post("/submit_playercount", data={**FORM, "auth": "nope"})
    assert (reply.status_code, reply.text) == (403, "Invalid Auth")
    reply = await halp.client.post("/submit_playercount", data={**FORM, "session": "x"})
    assert (reply.status_code, reply.text) == (400, "Session not found")


async def test_an_image_over_the_size_limit_answers_invalid_images(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    big = PNG_SIGNATURE + bytes(4096)
    settings = halp_settings(halp_max_image_bytes=2048)
    async with (
        platform(tmp_path, sqlite_db, players=settings) as running,
        httpx.AsyncClient(base_url=running.url) as client,
    ):
        reply = await client.post("/submit_playercount", data=FORM, files=files(big, big))
    assert (reply.status_code, reply.text) == (400, "Invalid images")
    assert reply.headers["x-error-detail"] == "playerlist is larger than 2048 bytes"


async def test_a_body_over_the_gateway_limit_answers_413(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    big = PNG_SIGNATURE + bytes(8192)
    async with (
        platform(
            tmp_path,
            sqlite_db,
            players=halp_settings(),
            gateway_overrides={"gateway_max_body_bytes": 4096},
        ) as running,
        httpx.AsyncClient(base_url=running.url) as client,
    ):
        reply = await client.post("/submit_playercount", data=FORM, files=files(big, big))
    assert reply.status_code == 413


async def test_a_decompression_bomb_is_refused_from_its_header_before_ocr(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    bomb = png_header_bomb(30_000, 30_000)
    settings = halp_settings(halp_max_image_pixels=1_000_000)
    async with (
        platform(tmp_path, sqlite_db, players=settings) as running,
        httpx.AsyncClient(base_url=running.url) as client,
    ):
        reply = await client.post(
            "/submit_playercount", data=FORM, files=files(player_list(1, rows=3).data, bomb)
        )
    assert (reply.status_code, reply.text) == (400, "Invalid images")
    assert reply.headers["x-error-detail"] == (
        "count_img: the image is 30000x30000 pixels, over the limit of 1000000 pixels"
    )
