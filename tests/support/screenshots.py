"""Realistic GTA Online screenshots with their ground truth, deterministic by seed.

Player lists are what the HALP screenshotter sends: only the name column, one row per player,
light text on translucent dark rows (alternating shades, some rows tinted) over a game scene.
Count images hold the "GTA Online (Public, 27)" banner. Both come as PNG or JPEG, in several
fonts and sizes, with mild noise and scaling.
"""

from __future__ import annotations

import io
import random
import string
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
)
FONT_FILES = (
    "DejaVuSans.ttf",
    "DejaVuSans-Bold.ttf",
    "DejaVuSansCondensed.ttf",
    "LiberationSans-Regular.ttf",
    "LiberationSans-Bold.ttf",
    "DejaVuSansMono.ttf",
)
LOBBY_TYPES = ("Public", "Invite Only", "Crew Only", "Closed Crew", "Friend", "Solo")
_WORDS = (
    "capt capslock clifford spadge blaze roman shadow wolf hunter ghost viper nova rider "
    "sniper king queen drift turbo neon storm blade frost ember raven toxic pixel lucky "
    "savage rogue cobra falcon jet hazard zero alpha omega mad max tiny big lil dark red "
    "blue gold silver night sky fox bear tiger panda ninja pirate bandit outlaw sheriff "
    "racer boss chief doc jack mike sam leo kai zed rex duke ace hex byte glitch"
).split()
_TAG_CHARS = string.ascii_uppercase + string.digits
_TEXT_COLOURS = ((245, 245, 245), (255, 255, 255), (230, 230, 230), (250, 240, 200))
_ROW_TINTS = ((0, 0, 0), (20, 40, 90), (90, 20, 20), (20, 70, 40), (60, 30, 80))


@dataclass(frozen=True)
class PlayerListShot:
    """An encoded player-list screenshot and the rows it shows, top to bottom."""

    data: bytes
    format: str
    names: tuple[str, ...]
    crew_tags: tuple[str, ...]

    @property
    def texts(self) -> tuple[str, ...]:
        return tuple(
            f"[{tag}] {name}" if tag else name
            for tag, name in zip(self.crew_tags, self.names, strict=True)
        )


@dataclass(frozen=True)
class CountShot:
    """An encoded player-count banner and the count and lobby type it shows."""

    data: bytes
    format: str
    count: int
    lobby_type: str
    text: str


def font_path(name: str) -> Path:
    """The installed file of one of the fonts the generator uses."""
    for folder in _FONT_DIRS:
        candidate = folder / name
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"font {name} is not installed (fonts-dejavu-core, fonts-liberation2)")


def random_name(rng: random.Random) -> str:
    """A Social Club style name of 6-16 characters: words, digits, underscores, hyphens."""
    while True:
        words = [rng.choice(_WORDS) for _ in range(rng.choice((1, 2, 2, 3)))]
        style = rng.random()
        if style < 0.35:
            words = [w.capitalize() for w in words]
        elif style < 0.45:
            words = [w.upper() for w in words]
        name = rng.choice(("", "", "_", "-", ".")).join(words)
        if rng.random() < 0.4:
            name += rng.choice(("", "_")) + str(rng.randint(1, 9999))
        elif rng.random() < 0.2:
            name += rng.choice(("GTAV", "TTV", "YT", "VEVO", "_x"))
        if 6 <= len(name) <= 16:
            return name


def random_tag(rng: random.Random) -> str:
    return "".join(rng.choice(_TAG_CHARS) for _ in range(rng.randint(2, 4)))


def _scene(rng: random.Random, width: int, height: int) -> np.ndarray:
    """A blurred colourful backdrop standing in for the game world behind the overlay."""
    base = np.array([rng.randint(30, 200) for _ in range(3)], dtype=np.float32)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 6.28)
    wave = np.sin((xs * np.cos(angle) + ys * np.sin(angle)) / rng.uniform(20, 80))
    img = base + wave[..., None] * rng.uniform(20, 60)
    return np.clip(img, 0, 255)


def _overlay(
    img: np.ndarray, box: tuple[int, int, int, int], colour: tuple[int, int, int], alpha: float
) -> None:
    x0, y0, x1, y1 = box
    region = img[y0:y1, x0:x1]
    region[:] = region * (1 - alpha) + np.array(colour, dtype=np.float32) * alpha


def _finish(rng: random.Random, img: np.ndarray, fmt: str | None) -> tuple[bytes, str]:
    """Add sensor-like noise, rescale a little and encode as PNG or JPEG."""
    img = img + np.asarray(
        np.random.default_rng(rng.randrange(2**32)).normal(0, rng.uniform(1, 5), img.shape)
    )
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    scale = rng.uniform(0.9, 1.25)
    pil = pil.resize(
        (max(1, round(pil.width * scale)), max(1, round(pil.height * scale))),
        Image.Resampling.BILINEAR,
    )
    fmt = fmt or rng.choice(("PNG", "JPEG"))
    out = io.BytesIO()
    if fmt == "JPEG":
        pil.save(out, "JPEG", quality=rng.randint(80, 95))
    else:
        pil.save(out, "PNG")
    return out.getvalue(), fmt


def player_list(
    seed: int, *, rows: int | None = None, fmt: str | None = None, tag_share: float = 0.4
) -> PlayerListShot:
    """A player-list screenshot of `rows` players (random when None)."""
    rng = random.Random(seed)
    count = rows if rows is not None else rng.randint(4, 16)
    names = tuple(random_name(rng) for _ in range(count))
    tags = tuple(random_tag(rng) if rng.random() < tag_share else "" for _ in range(count))
    size = rng.randint(16, 22)
    font = ImageFont.truetype(str(font_path(rng.choice(FONT_FILES))), size)
    row_h = round(size * rng.uniform(1.6, 1.9))
    pad = rng.randint(6, 14)
    texts = [f"[{t}] {n}" if t else n for t, n in zip(tags, names, strict=True)]
    # The column is as wide as the game draws it, or wider when a name needs it.
    widest = max(int(font.getlength(text)) for text in texts)
    width = max(rng.randint(300, 380), widest + 30)
    img = _scene(rng, width + 2 * pad, count * row_h + 2 * pad)
    shades = (rng.uniform(0.65, 0.75), rng.uniform(0.78, 0.88))
    for i in range(count):
        tint = rng.choice(_ROW_TINTS) if rng.random() < 0.25 else (0, 0, 0)
        top = pad + i * row_h
        _overlay(img, (pad, top, pad + width, top + row_h - 1), tint, shades[i % 2])
    canvas = Image.fromarray(img.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(canvas)
    for i, text in enumerate(texts):
        colour = rng.choice(_TEXT_COLOURS)
        y = pad + i * row_h + (row_h - size) // 2 - 1
        draw.text((pad + rng.randint(6, 12), y), text, font=font, fill=colour)
    data, used = _finish(rng, np.asarray(canvas, dtype=np.float32), fmt)
    return PlayerListShot(data=data, format=used, names=names, crew_tags=tags)


def player_count(seed: int, *, fmt: str | None = None) -> CountShot:
    """A "GTA Online (<lobby>, <count>)" banner."""
    rng = random.Random(seed)
    count = rng.randint(1, 32)
    lobby = rng.choice(LOBBY_TYPES)
    text = f"GTA Online ({lobby}, {count})"
    size = rng.randint(18, 26)
    font = ImageFont.truetype(str(font_path(rng.choice(FONT_FILES))), size)
    text_w = int(font.getlength(text))
    pad = rng.randint(8, 16)
    width, height = text_w + 4 * pad, round(size * 1.8) + 2 * pad
    img = _scene(rng, width, height)
    _overlay(img, (pad, pad, width - pad, height - pad), (0, 0, 0), rng.uniform(0.7, 0.85))
    canvas = Image.fromarray(img.astype(np.uint8), "RGB")
    ImageDraw.Draw(canvas).text(
        (2 * pad, (height - size) // 2 - 1), text, font=font, fill=rng.choice(_TEXT_COLOURS)
    )
    data, used = _finish(rng, np.asarray(canvas, dtype=np.float32), fmt)
    return CountShot(data=data, format=used, count=count, lobby_type=lobby, text=text)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    crc = zlib.crc32(kind + body) & 0xFFFFFFFF
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def _png(width: int, height: int, idat: bytes) -> bytes:
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def png_header_bomb(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims `width` x `height` pixels (a decompression bomb's shape)."""
    row = b"\x00" + b"\x00" * width
    return _png(width, height, zlib.compress(row * min(height, 8), 9))


def png_bomb(side: int, *, rows_per_block: int = 1000) -> bytes:
    """A real, whole, black grayscale PNG of `side` x `side` pixels: 30000 gives ~870 KB that
    decodes to 0.9 GB. Built from one compressed block repeated (each block ends with a full
    flush, so it stands alone), which takes a fraction of compressing it all."""
    assert side % rows_per_block == 0
    block = (b"\x00" * (side + 1)) * rows_per_block
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressed = deflate.compress(block) + deflate.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(side // rows_per_block):
        checksum = zlib.adler32(block, checksum)
    stream = (
        b"\x78\xda"
        + compressed * (side // rows_per_block)
        + b"\x03\x00"
        + struct.pack(">I", checksum)
    )
    return _png(side, side, stream)


def inverted(data: bytes) -> bytes:
    """The same screenshot with its colours inverted (dark text on a light ground), as PNG."""
    with Image.open(io.BytesIO(data)) as image:
        negative = Image.fromarray(255 - np.asarray(image.convert("RGB")), "RGB")
    out = io.BytesIO()
    negative.save(out, "PNG")
    return out.getvalue()


def scaled(data: bytes, factor: float) -> bytes:
    """The same screenshot resized by `factor` (a higher or lower screen resolution), as PNG."""
    with Image.open(io.BytesIO(data)) as image:
        size = (round(image.width * factor), round(image.height * factor))
        resized = image.convert("RGB").resize(size, Image.Resampling.BICUBIC)
    out = io.BytesIO()
    resized.save(out, "PNG")
    return out.getvalue()
