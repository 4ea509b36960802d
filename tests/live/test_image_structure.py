"""The structural image check streams may use instead of a full decode."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from argus.core.errors import InvalidArgument
from services.fleet.frames.image_structure import check_structure
from tests.live.conftest import jpeg
from tests.support.screenshots import png_header_bomb

LIMIT = 1 << 20
PIXELS = 1_000_000


def _png() -> bytes:
    ok, encoded = cv2.imencode(".png", np.zeros((8, 8, 3), np.uint8))
    assert ok
    return encoded.tobytes()


@pytest.mark.parametrize(
    "image", [jpeg(), jpeg(640, 480, seed=3), _png()], ids=["jpeg", "big-jpeg", "png"]
)
def test_whole_jpeg_and_png_files_pass(image: bytes) -> None:
    check_structure(image, max_bytes=LIMIT, max_pixels=PIXELS)


@pytest.mark.parametrize(
    ("image", "reason"),
    [
        (b"", "EMPTY_FRAME"),
        (b"not an image at all", "NOT_AN_IMAGE"),
        (jpeg()[:-200], "NOT_AN_IMAGE"),
        (jpeg()[:300], "NOT_AN_IMAGE"),
        (b"\xff\xd8\xff\xd9", "NOT_AN_IMAGE"),
        (_png()[:-12], "NOT_AN_IMAGE"),
        (jpeg(1200, 900), "FRAME_TOO_LARGE"),
        (png_header_bomb(30_000, 30_000), "TOO_MANY_PIXELS"),
        (jpeg(1200, 1000)[:2000] + b"\xff\xd9", "TOO_MANY_PIXELS"),
    ],
    ids=[
        "empty",
        "text",
        "truncated-jpeg",
        "header-only",
        "no-scan",
        "truncated-png",
        "too-large",
        "png-bomb",
        "jpeg-over-pixels",
    ],
)
def test_anything_else_is_refused_with_its_reason(image: bytes, reason: str) -> None:
    with pytest.raises(InvalidArgument) as refused:
        check_structure(image, max_bytes=LIMIT, max_pixels=PIXELS)
    assert refused.value.reason == reason
