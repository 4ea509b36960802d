"""Frame images: within the byte and pixel limits (from the header), and decodable."""

from __future__ import annotations

import cv2
import numpy as np

from argus.core.errors import InvalidArgument
from argus.core.image_header import ImageHeader, check_pixels

# What OpenCV decodes and the header reader understands.
FORMATS = ("JPEG", "PNG", "BMP", "WEBP", "TIFF", "GIF")
NOT_AN_IMAGE = "NOT_AN_IMAGE"
TOO_MANY_PIXELS = "TOO_MANY_PIXELS"


def check_size(image: bytes, *, max_bytes: int) -> None:
    """Raise InvalidArgument unless `image` holds between 1 and `max_bytes` bytes."""
    if not image:
        raise InvalidArgument("the frame is empty", reason="EMPTY_FRAME")
    if len(image) > max_bytes:
        raise InvalidArgument(
            f"the frame has {len(image)} bytes; the limit is {max_bytes}",
            reason="FRAME_TOO_LARGE",
            metadata={"limit_bytes": str(max_bytes)},
        )


def check_header(
    image: bytes, *, max_bytes: int, max_pixels: int, formats: tuple[str, ...] = FORMATS
) -> ImageHeader:
    """Size, format and pixel count, from the header only: nothing is decompressed."""
    check_size(image, max_bytes=max_bytes)
    return check_pixels(
        image,
        max_pixels=max_pixels,
        formats=formats,
        reason=NOT_AN_IMAGE,
        pixels_reason=TOO_MANY_PIXELS,
    )


def check_image(image: bytes, *, max_bytes: int, max_pixels: int) -> None:
    """Raise InvalidArgument unless `image` is a decodable image within the limits."""
    header = check_header(image, max_bytes=max_bytes, max_pixels=max_pixels)
    # A JPEG decodes at 1/8 scale (libjpeg scales while decoding: 64x less memory); other
    # formats decode whole, which the pixel limit keeps bounded.
    flags = cv2.IMREAD_REDUCED_GRAYSCALE_8 if header.format == "JPEG" else cv2.IMREAD_GRAYSCALE
    try:
        decoded = cv2.imdecode(np.frombuffer(image, dtype=np.uint8), flags)
    except cv2.error:
        decoded = None
    if decoded is None or decoded.size == 0:
        raise InvalidArgument("the frame is not an image", reason=NOT_AN_IMAGE)
