"""Small sequential JPEGs sent one per call are decoded on the event loop; everything else in a
decode thread. Which way a frame goes changes no answer."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import httpx
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from prometheus_client import REGISTRY

from services.fleet.frames.image_structure import sequential_jpeg_pixels
from tests.fleet.conftest import Api, envelope_error, fleet_gateway, jpeg
from tests.support.databases import TestDatabase


def _progressive(width: int = 64, height: int = 48) -> bytes:
    pixels = np.random.default_rng(1).integers(0, 255, (height, width, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, "JPEG", progressive=True)
    return out.getvalue()


def _png() -> bytes:
    ok, encoded = cv2.imencode(".png", np.zeros((48, 64, 3), np.uint8))
    assert ok
    return encoded.tobytes()


def _flat_jpeg(width: int, height: int) -> bytes:
    """A large picture in few bytes: many pixels, well under the inline byte limit."""
    ok, encoded = cv2.imencode(".jpg", np.full((height, width, 3), 90, np.uint8))
    assert ok
    return encoded.tobytes()


def _bad_precision() -> bytes:
    """A JPEG whose segments are well formed but whose frame header no decoder accepts (a
    sample precision of 7 bits)."""
    image = bytearray(jpeg())
    sof = image.index(b"\xff\xc0")
    image[sof + 4] = 7
    return bytes(image)


def test_sequential_jpegs_are_told_apart_by_their_frame_header() -> None:
    assert sequential_jpeg_pixels(jpeg(64, 48)) == 64 * 48
    assert sequential_jpeg_pixels(_flat_jpeg(1600, 1200)) == 1600 * 1200
    assert sequential_jpeg_pixels(_progressive()) is None
    assert sequential_jpeg_pixels(_png()) is None
    assert sequential_jpeg_pixels(jpeg()[:40]) is None  # cut before the frame header
    assert sequential_jpeg_pixels(b"not an image") is None
    broken = bytearray(jpeg())
    broken[2:4] = b"\x00\x00"  # the first segment's marker is gone
    assert sequential_jpeg_pixels(bytes(broken)) is None


@given(st.binary(max_size=512))
def test_any_bytes_after_a_jpeg_start_give_pixels_or_none(tail: bytes) -> None:
    pixels = sequential_jpeg_pixels(b"\xff\xd8" + tail)
    assert pixels is None or pixels >= 0


def _checks(where: str) -> float:
    return REGISTRY.get_sample_value("argus_frame_image_checks_total", {"where": where}) or 0.0


# (image, where its check runs by default, the answer's reason or None for stored)
CASES = {
    "small-baseline": (jpeg(320, 240, seed=2), "loop", None),
    "bad-precision": (_bad_precision(), "loop", "NOT_AN_IMAGE"),
    "progressive": (_progressive(), "thread", None),
    "many-pixels": (_flat_jpeg(1600, 1200), "thread", None),
    "png": (_png(), "thread", None),
    "cut-after-frame-header": (jpeg()[:200], "loop", "NOT_AN_IMAGE"),
    "cut-before-frame-header": (jpeg()[:40], "thread", "NOT_AN_IMAGE"),
    "text": (b"just some text", "thread", "NOT_AN_IMAGE"),
}


Answers = dict[str, tuple[str | None, str]]


async def _send(
    tmp_path: Path, db: TestDatabase, mac: str, **overrides: object
) -> tuple[Answers, int]:
    """Each case sent as a REST frame: its answer (None: stored) and where it was checked;
    and how many frames the alert has at the end."""
    answers: Answers = {}
    async with (
        fleet_gateway(tmp_path, db, **overrides) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        api = Api(client)
        device = await api.jetson(mac)
        alert = await api.open_alert(device)
        for name, (image, _where, _reason) in CASES.items():
            before = _checks("loop"), _checks("thread")
            reply = await api.frame(device, alert, image)
            after = _checks("loop"), _checks("thread")
            where = "loop" if after[0] > before[0] else "thread" if after[1] > before[1] else ""
            answers[name] = (
                None if reply.status_code == 200 else envelope_error(reply, 400),
                where,
            )
        stored = len(await api.frames(await api.login(), alert))
    return answers, stored


@pytest.mark.parametrize("name", list(CASES))
async def test_where_a_frame_is_checked(sqlite_db: TestDatabase, tmp_path: Path, name: str) -> None:
    image, where, reason = CASES[name]
    async with (
        fleet_gateway(tmp_path, sqlite_db) as (url, _),
        httpx.AsyncClient(base_url=url) as client,
    ):
        api = Api(client)
        device = await api.jetson()
        alert = await api.open_alert(device)
        before = _checks(where)
        reply = await api.frame(device, alert, image)
        assert _checks(where) == before + 1
        if reason is None:
            assert reply.status_code == 200, reply.text
        else:
            assert envelope_error(reply, 400) == reason


async def test_the_answers_are_the_same_with_every_frame_in_a_decode_thread(
    sqlite_db: TestDatabase, tmp_path: Path
) -> None:
    default, stored = await _send(tmp_path / "default", sqlite_db, "dc:71:96:53:16:01")
    threads, stored_threads = await _send(
        tmp_path / "threads", sqlite_db, "dc:71:96:53:16:02", fleet_image_inline_check_bytes=0
    )
    expected = {name: (reason, where) for name, (_, where, reason) in CASES.items()}
    assert default == expected
    assert threads == {name: (reason, "thread") for name, (reason, _) in expected.items()}
    assert stored == stored_threads == 4
