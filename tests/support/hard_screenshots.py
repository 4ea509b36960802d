"""Hard GTA Online screenshots with their ground truth, deterministic by seed.

What a screenshotter sends at 720p, or what a chat app hands on after recompressing it: small
text (13-16 px high once scaled), JPEG quality 55-80, a 0.75-1.0 rescale after rendering, slight
blur, grey to white text on a 70-85% dark overlay over a colourful, high-contrast scene, in fonts
the clean generator does not use (Nimbus Sans, Nimbus Sans Narrow, FreeSans). Names mix letters,
digits, `_ - .` and look-alikes (`O`/`0`, `l`/`1`); each row may start with GTA's rank badge, a
ringed disc with the player's rank number, which is not part of the name.
"""

from __future__ import annotations

import io
import random
import string
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from tests.support.screenshots import CountShot, PlayerListShot, random_name, random_tag

_FONT_FILES = (
    Path("/usr/share/fonts/opentype/urw-base35/NimbusSans-Regular.otf"),
    Path("/usr/share/fonts/opentype/urw-base35/NimbusSans-Bold.otf"),
    Path("/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Regular.otf"),
    Path("/usr/share/fonts/opentype/urw-base35/NimbusSansNarrow-Bold.otf"),
    Path("/usr/share/fonts/truetype/freefont/FreeSans.ttf"),
    Path("/usr/share/fonts/truetype/freefont/FreeSansBold.ttf"),
)
LOBBY_TYPES = ("Public", "Invite Only", "Crew Only", "Closed Crew", "Friend", "Solo")
# Look-alike swaps players use on purpose (and the reader must not "correct").
_LOOK_ALIKES = {"o": "0", "O": "0", "0": "O", "l": "1", "1": "l", "i": "1", "e": "3", "a": "4"}
_NAME_CHARS = string.ascii_letters + string.digits
_SCENE_COLOURS = (
    (230, 40, 40),
    (40, 200, 60),
    (40, 90, 240),
    (250, 220, 30),
    (250, 250, 250),
    (20, 20, 20),
    (240, 120, 20),
    (160, 40, 220),
    (30, 210, 220),
)
_BADGE_FILLS = ((30, 70, 150), (20, 100, 170), (60, 60, 70), (110, 30, 30))
# Fold applied before comparing names: in these sans fonts `I` and `l` are the same bar.
AMBIGUOUS = str.maketrans({"I": "l"})


def font_paths() -> tuple[Path, ...]:
    """The installed fonts the hard generator draws with."""
    missing = [str(path.name) for path in _FONT_FILES if not path.exists()]
    if missing:
        raise FileNotFoundError(
            f"fonts {', '.join(missing)} are not installed (fonts-urw-base35, fonts-freefont-ttf)"
        )
    return _FONT_FILES


def same_name(read: str, truth: str) -> bool:
    """Whether a name was read exactly, leaving out the I/l ambiguity no reader can resolve."""
    return read.translate(AMBIGUOUS) == truth.translate(AMBIGUOUS)


def hard_name(rng: random.Random) -> str:
    """A name of 6-16 characters with look-alike swaps, or a random jumble of them."""
    while True:
        if rng.random() < 0.7:
            name = "".join(
                _LOOK_ALIKES[ch] if ch in _LOOK_ALIKES and rng.random() < 0.25 else ch
                for ch in random_name(rng)
            )
        else:
            parts = [
                "".join(rng.choice(_NAME_CHARS) for _ in range(rng.randint(2, 7)))
                for _ in range(rng.choice((1, 2, 2, 3)))
            ]
            name = rng.choice(("_", "-", ".", "")).join(parts)
        if 6 <= len(name) <= 16:
            return name


def scene(rng: random.Random, width: int, height: int) -> np.ndarray:
    """A busy, saturated backdrop: bright shapes and lines in clashing colours, a little blurred."""
    canvas = Image.new("RGB", (width, height), rng.choice(_SCENE_COLOURS))
    draw = ImageDraw.Draw(canvas)
    for _ in range(rng.randint(25, 50)):
        x, y = rng.randrange(-40, width), rng.randrange(-40, height)
        w, h = rng.randint(10, 160), rng.randint(4, 90)
        colour = rng.choice(_SCENE_COLOURS)
        shape = rng.random()
        if shape < 0.4:
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        elif shape < 0.7:
            draw.ellipse((x, y, x + w, y + w), fill=colour)
        else:
            draw.line((x, y, x + w, y + h), fill=colour, width=rng.randint(1, 5))
    canvas = canvas.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    return np.asarray(canvas, dtype=np.float32).copy()


def _darken(img: np.ndarray, box: tuple[int, int, int, int], alpha: float) -> None:
    x0, y0, x1, y1 = box
    img[y0:y1, x0:x1] *= 1 - alpha


def _text_colour(rng: random.Random) -> tuple[int, int, int]:
    grey = rng.randint(190, 255)
    return (grey, grey, grey)


def _badge(draw: ImageDraw.ImageDraw, rng: random.Random, box: tuple[int, int, int, int]) -> None:
    """GTA's rank badge: a ringed disc with the rank number in it."""
    x0, y0, x1, y1 = box
    ring = rng.randint(1, 2)
    draw.ellipse(box, fill=(235, 235, 235))
    draw.ellipse((x0 + ring, y0 + ring, x1 - ring, y1 - ring), fill=rng.choice(_BADGE_FILLS))
    size = max(6, round((y1 - y0) * 0.5))
    font = ImageFont.truetype(str(rng.choice(font_paths())), size)
    rank = str(rng.randint(1, 999))
    centre = ((x0 + x1) / 2, (y0 + y1) / 2)
    draw.text(centre, rank, font=font, fill=(250, 250, 250), anchor="mm")


def _finish(rng: random.Random, canvas: Image.Image, scale: float) -> tuple[bytes, str]:
    """Rescale, blur slightly, and recompress as a chat app would."""
    size = (max(1, round(canvas.width * scale)), max(1, round(canvas.height * scale)))
    image = canvas.resize(size, rng.choice((Image.Resampling.BILINEAR, Image.Resampling.BICUBIC)))
    image = image.filter(ImageFilter.GaussianBlur(rng.uniform(0.2, 0.6)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=rng.randint(55, 80))
    return out.getvalue(), "JPEG"


def _sizes(rng: random.Random) -> tuple[int, float]:
    """Font size to render at, and the rescale that brings its text to 13-16 px."""
    scale = rng.uniform(0.75, 1.0)
    return round(rng.uniform(13, 16) / scale), scale


def hard_player_list(
    seed: int, *, rows: int | None = None, badges: bool | None = None, tag_share: float = 0.3
) -> PlayerListShot:
    """A hard player-list screenshot of `rows` players (8-20 when None), with rank badges left
    of the names when `badges` (random when None)."""
    rng = random.Random(seed)
    count = rows if rows is not None else rng.randint(8, 20)
    with_badges = badges if badges is not None else rng.random() < 0.5
    names = tuple(hard_name(rng) for _ in range(count))
    tags = tuple(random_tag(rng) if rng.random() < tag_share else "" for _ in range(count))
    size, scale = _sizes(rng)
    font = ImageFont.truetype(str(rng.choice(font_paths())), size)
    row_h = round(size * rng.uniform(1.55, 1.85))
    badge = round(size * 1.2) if with_badges else 0
    texts = [f"[{t}] {n}" if t else n for t, n in zip(tags, names, strict=True)]
    left = rng.randint(5, 9) + (badge + rng.randint(4, 8) if with_badges else 0)
    width = max(rng.randint(280, 360), max(int(font.getlength(t)) for t in texts) + left + 20)
    pad = rng.randint(20, 50)
    img = scene(rng, width + 2 * pad, count * row_h + 2 * pad)
    alphas = (rng.uniform(0.7, 0.8), rng.uniform(0.75, 0.85))
    for i in range(count):
        top = pad + i * row_h
        _darken(img, (pad, top, pad + width, top + row_h - 1), alphas[i % 2])
    canvas = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(canvas)
    for i, text in enumerate(texts):
        top = pad + i * row_h
        middle = top + row_h // 2
        if with_badges:
            x = pad + 4
            _badge(draw, rng, (x, middle - badge // 2, x + badge, middle + badge // 2))
        draw.text((pad + left, middle), text, font=font, fill=_text_colour(rng), anchor="lm")
    data, fmt = _finish(rng, canvas, scale)
    return PlayerListShot(data=data, format=fmt, names=names, crew_tags=tags)


def hard_player_count(seed: int) -> CountShot:
    """A "GTA Online (<lobby>, <count>)" banner under the same hard conditions."""
    rng = random.Random(seed)
    count = rng.randint(1, 32)
    lobby = rng.choice(LOBBY_TYPES)
    text = f"GTA Online ({lobby}, {count})"
    size, scale = _sizes(rng)
    font = ImageFont.truetype(str(rng.choice(font_paths())), size)
    pad = rng.randint(20, 40)
    width, height = int(font.getlength(text)) + 2 * pad + 20, round(size * 1.8) + 2 * pad
    img = scene(rng, width, height)
    _darken(img, (pad, pad, width - pad, height - pad), rng.uniform(0.7, 0.85))
    canvas = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    ImageDraw.Draw(canvas).text(
        (pad + 10, height // 2), text, font=font, fill=_text_colour(rng), anchor="lm"
    )
    data, fmt = _finish(rng, canvas, scale)
    return CountShot(data=data, format=fmt, count=count, lobby_type=lobby, text=text)
