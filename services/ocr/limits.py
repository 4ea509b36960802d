"""Admission of untrusted image bytes: size, format and pixel limits, then a safe decode.

The dimensions come from the file header (argus.core.image_header) before anything is
decompressed, so a small file that claims a huge image (a decompression bomb) never expands.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from argus.core.errors import InvalidArgument
from argus.core.image_header import ImageHeader, check_pixels

REASON = "INVALID_IMAGE"


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int


def admit(data: bytes, limits: ImageLimits) -> ImageHeader:
    """Raise InvalidArgument unless `data` is a PNG or JPEG within the limits (header only)."""
    if not data:
        raise InvalidArgument("the image is empty", reason=REASON)
    if len(data) > limits.max_bytes:
        raise InvalidArgument(
            f"the image is {len(data)} bytes, over the limit of {limits.max_bytes}", reason=REASON
        )
    return check_pixels(data, max_pixels=limits.max_pixels, reason=REASON)


def decode(data: bytes, limits: ImageLimits) -> np.ndarray:
    """Check `data` against the limits and decode it to a BGR array, or raise InvalidArgument."""
    header = admit(data, limits)
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise InvalidArgument(
            f"the {header.format} image is corrupt or truncated and cannot be decoded",
            reason=REASON,
        )
    return image
