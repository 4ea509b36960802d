"""Admission of untrusted image bytes: size, format and pixel limits, then a safe decode.

The dimensions come from the file header, read by hand before anything is decompressed, so a
small file that claims a huge image (a decompression bomb) never expands in memory.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import cv2
import numpy as np

from argus.core.errors import InvalidArgument

REASON = "INVALID_IMAGE"
_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8"
_OTHER_FORMATS = {b"GIF8": "GIF", b"BM": "BMP", b"II*\x00": "TIFF", b"MM\x00*": "TIFF"}
# JPEG start-of-frame markers (they carry the size); C4, C8 and CC are other segments.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int
    max_pixels: int


def _reject(message: str) -> InvalidArgument:
    return InvalidArgument(message, reason=REASON)


def _jpeg_size(data: bytes) -> tuple[int, int]:
    pos = 2
    while pos + 9 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        if marker in _SOF:
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    raise _reject("the JPEG image has no readable frame header")


def header_size(data: bytes) -> tuple[str, int, int]:
    """Format, width and height read from the header only; nothing is decompressed."""
    if data.startswith(_PNG) and len(data) >= 24 and data[12:16] == b"IHDR":
        width, height = struct.unpack(">II", data[16:24])
        return "PNG", width, height
    if data.startswith(_JPEG):
        return ("JPEG", *_jpeg_size(data))
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        raise _reject("the image is WEBP; only PNG and JPEG are accepted")
    for magic, name in _OTHER_FORMATS.items():
        if data.startswith(magic):
            raise _reject(f"the image is {name}; only PNG and JPEG are accepted")
    raise _reject("the image is not a PNG or JPEG file")


def decode(data: bytes, limits: ImageLimits) -> np.ndarray:
    """Check `data` against the limits and decode it to a BGR array, or raise InvalidArgument."""
    if not data:
        raise _reject("the image is empty")
    if len(data) > limits.max_bytes:
        raise _reject(f"the image is {len(data)} bytes, over the limit of {limits.max_bytes}")
    fmt, width, height = header_size(data)
    if width == 0 or height == 0:
        raise _reject(f"the {fmt} image has no pixels ({width}x{height})")
    if width * height > limits.max_pixels:
        raise _reject(
            f"the image is {width}x{height} pixels, over the limit of {limits.max_pixels} pixels"
        )
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_COLOR)
    if image is None or image.size == 0:
        raise _reject(f"the {fmt} image is corrupt or truncated and cannot be decoded")
    return image
