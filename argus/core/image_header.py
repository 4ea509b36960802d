"""Image dimensions read from the file header, before a single pixel is decompressed.

A decompression bomb is a small file whose header claims a huge image (an 850 KB PNG of
30000x30000 expands to 0.9 GB). Every path that takes images from outside reads the header
here first and refuses what is over its pixel limit, so a bomb never expands in memory.

Pillow's plugins parse the headers (lazily: `_open` reads no pixel data). They are built
directly, not through `Image.open`, so the format is the one the magic bytes name and
Pillow's own bomb check (a warning, or an error past 179 M pixels) does not run: ours does.
"""

from __future__ import annotations

import io
from collections.abc import Collection
from dataclasses import dataclass

from PIL import (
    BmpImagePlugin,
    GifImagePlugin,
    JpegImagePlugin,
    PngImagePlugin,
    TiffImagePlugin,
    WebPImagePlugin,
)
from PIL.ImageFile import ImageFile

from argus.core.errors import InvalidArgument

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_PLUGINS: dict[str, type[ImageFile]] = {
    "PNG": PngImagePlugin.PngImageFile,
    "JPEG": JpegImagePlugin.JpegImageFile,
    "GIF": GifImagePlugin.GifImageFile,
    "BMP": BmpImagePlugin.BmpImageFile,
    "TIFF": TiffImagePlugin.TiffImageFile,
    "WEBP": WebPImagePlugin.WebPImageFile,
}
PNG_AND_JPEG = ("PNG", "JPEG")


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int


def sniff(data: bytes) -> str | None:
    """The format the file's magic bytes name (PNG, JPEG, GIF, BMP, TIFF, WEBP), or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return next((name for magic, name in _MAGIC if data.startswith(magic)), None)


def _listed(formats: Collection[str], last: str) -> str:
    names = list(formats)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def read_header(
    data: bytes, *, formats: Collection[str] = PNG_AND_JPEG, reason: str = "INVALID_IMAGE"
) -> ImageHeader:
    """Format and size from the header only; InvalidArgument(`reason`) when unreadable or when
    the format is not one of `formats`."""
    fmt = sniff(data)
    if fmt is None:
        raise InvalidArgument(f"the image is not a {_listed(formats, 'or')} file", reason=reason)
    if fmt not in formats:
        raise InvalidArgument(
            f"the image is {fmt}; only {_listed(formats, 'and')} are accepted", reason=reason
        )
    try:
        with _PLUGINS[fmt](io.BytesIO(data)) as image:
            width, height = image.size
    except Exception:  # a hostile header may break a plugin in any way
        raise InvalidArgument(f"the {fmt} image has no readable header", reason=reason) from None
    return ImageHeader(fmt, width, height)


def check_pixels(
    data: bytes,
    *,
    max_pixels: int,
    formats: Collection[str] = PNG_AND_JPEG,
    reason: str = "INVALID_IMAGE",
    pixels_reason: str = "",
) -> ImageHeader:
    """The header of `data`, once its pixel count is known to be between 1 and `max_pixels`."""
    header = read_header(data, formats=formats, reason=reason)
    width, height = header.width, header.height
    if width <= 0 or height <= 0:
        raise InvalidArgument(
            f"the {header.format} image has no pixels ({width}x{height})", reason=reason
        )
    if width * height > max_pixels:
        raise InvalidArgument(
            f"the image is {width}x{height} pixels, over the limit of {max_pixels} pixels",
            reason=pixels_reason or reason,
            metadata={"limit_pixels": str(max_pixels)},
        )
    return header
