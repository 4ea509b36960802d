"""OCR submissions end to end: screenshots through the gateway, players and the OCR service."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.halp.conftest import (
    SEED_NAMES,
    TOKEN,
    Halp,
    blank_png,
    halp_settings,
    player_count_gauge,
    player_list_png,
    screenshots,
    submissions_counted,
)
from tests.support.databases import TestDatabase
from tests.support.screenshots import player_count, player_list, png_header_bomb
from tests.support.servers import platform

FORM = {"auth": TOKEN, "mode": "OCR", "session": "clifford"}
SEED_ANSWER = {
    "matched": ["capt_capslock"],
    "unmatched": {
        "CliffordGTAV": {
            "matchChance": 24,
            "matchName": "capt_capslock",
            "subMatchChance": 24,
            "subMatchName": "capt_capslock",
        },
        "SpadgeVEVO": {
            "matchChance": 26,
            "matchName": "capt_capslock",
            "subMatchChance": 26,
            "subMatchName": "capt_capslock",
        },
        "blazeroman": {
            "matchChance": 17,
            "matchName": "capt_capslock",
            "subMatchChance": 17,
            "subMatchName": "capt_capslock",
        },
    },
}


async def test_two_screenshots_give_back_the_names_count_and_the_documented_numbers(
    tmp_path: Path, db: TestDatabase
) -> None:
    banner = player_count(7, fmt="PNG")
    files = screenshots(player_list_png(SEED_NAMES), banner.data)
    async with (
        platform(tmp_path, db, players=halp_settings()) as running,
        httpx.AsyncClient(base_url=running.url, timeout=60) as client,
    ):
        reply = await client.post("/submit_playercount", data=FORM, files=files)
        assert reply.status_code == 200, reply.text
        submitted = reply.json()
        assert submitted["names"] == SEED_NAMES
        assert submitted["playerCount"] == banner.count
        assert player_count_gauge("clifford") == banner.count

        form = {"auth": TOKEN, "session": "clifford", "playerList": "capt_capslock"}
        reply = await client.post("/read_player_list", data=form)
        assert reply.status_code == 200
        assert reply.json() == {"clifford": {**SEED_ANSWER, "playerCount": banner.count}}

        for field, url in submitted["uploads"].items():
            served = await client.get(url, params={"auth": TOKEN})
            assert served.status_code == 200
            assert served.headers["content-type"] == "image/png"
            assert served.content == files[field][1]


async def test_a_crew_tag_is_read_apart_and_scored_in_the_sub_match(halp: Halp) -> None:
    shot = player_list_png(["capt_capslock", "blazeroman"], ["DOGS", ""])
    files = screenshots(shot, player_count(7, fmt="PNG").data)
    reply = await halp.client.post("/submit_playercount", data=FORM, files=files)
    assert reply.json()["names"] == ["[DOGS] capt_capslock", "blazeroman"]

    form = {"auth": TOKEN, "session": "clifford", "playerList": "capt_capslock,blaze"}
    answer = (await halp.client.post("/read_player_list", data=form)).json()["clifford"]
    assert answer["matched"] == ["capt_capslock"]
    assert answer["unmatched"] == {
        "blazeroman": {
            "matchChance": 67,
            "matchName": "blaze",
            "subMatchChance": 67,
            "subMatchName": "blaze",
        }
    }


async def test_a_generated_jpeg_and_png_pair_is_read_and_matched_despite_small_misreads(
    halp: Halp,
) -> None:
    shot = player_list(2, rows=6, fmt="PNG", tag_share=0.5)
    banner = player_count(3, fmt="JPEG")
    files = {
        "playerlist": ("list.png", shot.data, "image/png"),
        "count_img": ("count.jpg", banner.data, "image/jpeg"),
    }
    reply = await halp.client.post("/submit_playercount", data=FORM, files=files)
    assert reply.status_code == 200, reply.text
    assert len(reply.json()["names"]) == len(shot.names)
    assert reply.json()["playerCount"] == banner.count
    assert reply.json()["uploads"]["count_img"].endswith("_count.jpg")

    form = {"auth": TOKEN, "session": "clifford", "playerList": ",".join(shot.names[:3])}
    answer = (await halp.client.post("/read_player_list", data=form)).json()["clifford"]
    assert answer["matched"] == list(shot.names[:3])
    assert len(answer["unmatched"]) == 3


async def test_read_player_list_uses_the_latest_ocr_and_the_latest_count(halp: Halp) -> None:
    first = screenshots(player_list_png(["blazeroman"]), player_count(7, fmt="PNG").data)
    await halp.client.post("/submit_playercount", data=FORM, files=first)
    latest = screenshots(player_list_png(SEED_NAMES), player_count(7, fmt="PNG").data)
    await halp.client.post("/submit_playercount", data=FORM, files=latest)
    await halp.submit_raw("clifford", "30")

    form = {"auth": TOKEN, "playerList": "capt_capslock"}
    reply = await halp.client.post("/read_player_list", data=form)
    assert reply.json()["clifford"] == {**SEED_ANSWER, "playerCount": 30}
    assert reply.json()["spadge"] == {"matched": [], "unmatched": {}, "playerCount": None}
    history = await halp.history("clifford")
    assert [s["mode"] for s in history] == ["rawCount", "OCR", "OCR"]


async def test_images_the_ocr_service_cannot_read_answer_invalid_images_and_store_nothing(
    halp: Halp,
) -> None:
    good_list = player_list_png(SEED_NAMES)
    good_count = player_count(7, fmt="PNG").data
    cases = [
        (b"\x89PNG\r\n\x1a\n" + b"garbage" * 10, good_count, "playerlist: "),
        (good_list, png_header_bomb(20_000, 20_000), "count_img: "),
        (good_list, blank_png(), "count_img: no player count could be read"),
        (blank_png(), good_count, "playerlist: no player names could be read"),
    ]
    rejected = submissions_counted("OCR", "invalid_images")
    for player_list_data, count_data, detail in cases:
        files = screenshots(player_list_data, count_data)
        reply = await halp.client.post("/submit_playercount", data=FORM, files=files)
        assert (reply.status_code, reply.text) == (400, "Invalid images")
        assert reply.headers["x-error-detail"].startswith(detail)
    assert submissions_counted("OCR", "invalid_images") == rejected + len(cases)
    assert await halp.history("clifford") == []
    assert await halp.uploads() == []


async def test_a_busy_ocr_service_answers_503_not_invalid_images_and_stores_nothing(
    tmp_path: Path, sqlite_db: TestDatabase
) -> None:
    # One image at a time: the submission's two concurrent reads find the service busy.
    busy = {"ocr_workers": 1, "ocr_max_pending": 1}
    files = screenshots(player_list_png(SEED_NAMES), player_count(7, fmt="PNG").data)
    async with (
        platform(tmp_path, sqlite_db, ocr=busy, players=halp_settings()) as running,
        httpx.AsyncClient(base_url=running.url, timeout=60) as client,
    ):
        reply = await client.post("/submit_playercount", data=FORM, files=files)
        # Shed work comes back at once, in HALP's plain-text shape, with when to try again.
        assert reply.status_code == 503, reply.text
        assert reply.text == "Service Unavailable"
        assert "OCR service busy" in reply.headers["X-Error-Detail"]
        assert reply.headers["Retry-After"] == "1"
        history = await client.get("/sessions/clifford/history", params={"auth": TOKEN})
        assert history.json()["submissions"] == []
