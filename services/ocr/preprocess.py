"""OpenCV preparation of game screenshots for Tesseract: clean black text on white, per line.

Game overlays draw light text on dark translucent rows, whose shade alternates and whose colour
varies, over a busy scene. Tesseract reads dark text on a plain light ground best. So each image
is turned to grayscale and oriented (text brighter than the ground), shrunk when its text is
large, stripped of its grounds by a top-hat and thresholded; seams between rows, specks and
blobs touching the border (the scene around the overlay) are dropped; the text is split into
lines by horizontal projection; each line is cropped, its ground flattened and its contrast
stretched, then rescaled and padded.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import cv2
import numpy as np

from services.ocr.badges import drop_badges
from services.ocr.overlay import crop_overlay

# Height, in pixels, that a text line (ascender to descender) is scaled to.
LINE_HEIGHT = 36
MARGIN = 12
# Room kept around a line's crop as seen, as a share of the line's height.
CROP_ROOM = 0.12
# Blobs smaller than this are noise; the smallest glyph part (a dot) is larger at any size read.
MIN_BLOB_PIXELS = 4
# Lines with less ink than this share of the median line are specks and seams.
MIN_INK_SHARE = 0.2
# Blobs further than this many line heights from a line's text are strays; the widest gap
# inside a row (after a crew tag, in a monospace font) is under two.
STRAY_GAP = 2.5
# A horizontal stroke covering this share of the width is a seam across the whole list.
SEAM_SHARE = 0.4
# A candidate text mask with less than this share of the other's pixels is letter counters.
COUNTER_SHARE = 0.2
# Share of the text threshold above which a small mark still counts as ink.
FAINT_SHARE = 0.5
# Side of the smallest patch of ground; wider than any glyph stroke at the text sizes below.
GROUND_MIN = 15
# Text lines taller than this (pixels) are shrunk to TEXT_HEIGHT before the ground is removed.
MAX_TEXT_HEIGHT = 40
TEXT_HEIGHT = 26
# Wider than the thickest glyph stroke: at least this many pixels, and this share of the height
# of the lines found.
STROKE_MAX = 7
STROKE_SHARE = 0.3
# Side of a square no glyph stroke holds at the text sizes read (at most MAX_TEXT_HEIGHT).
SOLID_SIDE = 9
# Lines shorter than this fraction of the typical (median) one are specks, not text.
MIN_LINE_SHARE = 0.42
# A band this thin (share of the typical line) this close under a line is its underscores,
# which some fonts draw well below the baseline.
UNDERSCORE_HEIGHT = 0.2
UNDERSCORE_GAP = 0.35
# A text line holds at least this many glyph-sized blobs (no wider than GLYPH_WIDTH and no
# shorter than GLYPH_HEIGHT line heights); scenery seen through or around the overlay does not.
MIN_GLYPHS = 2
GLYPH_WIDTH = 1.5
GLYPH_HEIGHT = 0.3
# A blob at least this share of the line high and filling at most this share of its box is a
# run of glyphs joined by blur.
RUN_HEIGHT = 0.6
RUN_FILL = 0.75
# A blob this many times as tall as the median glyph blob is scenery (a bright pole or edge
# seen through the overlay), never a glyph: left in, it joins the lines it crosses into one.
TALL_BLOB = 2.2
# Blobs at least this tall (pixels) count when measuring the median glyph; dots and
# underscores do not.
GLYPH_MIN_PIXELS = 3
# A band this many times as tall as the median line is lines run together (scenery bridging
# the gap between rows); it is split at its emptiest pixel rows.
JOINED_LINES = 1.7


@dataclass(frozen=True)
class Line:
    """One text line, ready for Tesseract: black text on white, uint8; and `crop`, the same
    line as seen (light text on its ground, grayscale, a little room around it), for a
    recogniser trained on photographs of text rather than on clean pages."""

    image: np.ndarray
    top: int
    bottom: int
    crop: np.ndarray


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def orient(gray: np.ndarray, on_overlay: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The image turned so that its text is brighter than the ground, and a rough text mask.
    Text on the game's dark overlay is light."""
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    light = clear_border(drop_rules(bright))
    if on_overlay:
        return gray, light
    dark = clear_border(drop_rules(cv2.bitwise_not(bright)))
    if _dark_text(light, dark):
        return cv2.bitwise_not(gray), dark
    return gray, light


def normalise_size(gray: np.ndarray, rough: np.ndarray) -> np.ndarray:
    """Shrink images whose text is large (high-resolution screenshots) to the size the
    ground-removal kernel expects."""
    bands = line_bands(rough)
    if not bands:
        return gray
    height = float(np.median([bottom - top for top, bottom in bands]))
    if height <= MAX_TEXT_HEIGHT:
        return gray
    factor = TEXT_HEIGHT / height
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)


def text_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The text mask (255 = text) of light text, and a fainter mask that also holds small dim
    marks (dots, i-dots) blurred below the threshold."""
    # The top-hat keeps what is thinner than the kernel (strokes) and drops grounds of any
    # shade, so rows lighter or darker than their neighbours threshold alike.
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (GROUND_MIN, GROUND_MIN))
    strokes = cv2.morphologyEx(gray, cv2.MORPH_TOPHAT, kernel)
    level, mask = cv2.threshold(strokes, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    _, faint = cv2.threshold(strokes, level * FAINT_SHARE, 255, cv2.THRESH_BINARY)
    mask = drop_solid(clear_border(drop_rules(mask)))
    return mask, clear_border(drop_rules(faint), min_blob=2)


def drop_solid(mask: np.ndarray) -> np.ndarray:
    """Remove solid parts wider than any stroke (scenery seen through the overlay, which would
    join text lines to each other), with their rims."""
    kernel = np.ones((SOLID_SIDE, SOLID_SIDE), np.uint8)
    solid = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    if not solid.any():
        return mask
    rims = cv2.dilate(solid, np.ones((5, 5), np.uint8))
    return clear_border(cv2.bitwise_and(mask, cv2.bitwise_not(rims)))


def _dark_text(light: np.ndarray, dark: np.ndarray) -> bool:
    """Whether the text is darker than its ground, from both candidate masks (borders cleared).

    A mask with a fraction of the other's pixels holds only letter counters; otherwise the text
    is the mask with less solid area. Ties go to light text, what game overlays draw.
    """
    n_light, n_dark = np.count_nonzero(light), np.count_nonzero(dark)
    if n_dark < COUNTER_SHARE * n_light:
        return False
    if n_light < COUNTER_SHARE * n_dark:
        return True
    return _solid_share(dark) < _solid_share(light)


def _solid_share(mask: np.ndarray) -> float:
    """Share of the foreground wider than any stroke: low for text, high for grounds."""
    total = np.count_nonzero(mask)
    if total == 0:
        return 1.0
    bands = line_bands(mask)
    height = float(np.median([bottom - top for top, bottom in bands])) if bands else 0.0
    side = max(STROKE_MAX, round(height * STROKE_SHARE))
    solid = cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((side, side), np.uint8))
    return np.count_nonzero(solid) / total


def drop_rules(mask: np.ndarray) -> np.ndarray:
    """Remove long horizontal strokes (seams between rows, never glyphs), and clear the pixel
    rows of a seam that spans the image, whose broken-up remains would pass for underscores."""
    length = max(40, mask.shape[1] // 6)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    rules = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    cleared = cv2.bitwise_and(mask, cv2.bitwise_not(cv2.dilate(rules, np.ones((3, 3), np.uint8))))
    for row in np.flatnonzero(np.count_nonzero(rules, axis=1) >= SEAM_SHARE * mask.shape[1]):
        cleared[max(0, row - 1) : row + 2] = 0
    return cleared


def clear_border(mask: np.ndarray, min_blob: int = MIN_BLOB_PIXELS) -> np.ndarray:
    """Drop foreground blobs that touch the image border (scenery around the overlay) and
    specks smaller than `min_blob` pixels."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = mask.shape
    x, y, w, h = (stats[:, i] for i in range(4))
    touching = (x == 0) | (y == 0) | (x + w >= width) | (y + h >= height)
    touching[0] = True
    specks = stats[:, cv2.CC_STAT_AREA] < min_blob
    keep = ~(touching | specks)
    return np.where(keep[labels], 255, 0).astype(np.uint8) if count > 1 else mask * 0


def drop_tall(mask: np.ndarray) -> np.ndarray:
    """Remove blobs far taller than the glyphs (scenery crossing several rows)."""
    _, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT]
    glyphs = heights[heights >= GLYPH_MIN_PIXELS]
    if glyphs.size == 0:
        return mask
    tall = np.concatenate(([False], heights > TALL_BLOB * float(np.median(glyphs))))
    if not tall.any():
        return mask
    return np.where(tall[labels], 0, mask).astype(np.uint8)


def _typical(bands: list[tuple[int, int]]) -> float:
    """The height of a typical line: the median band, so that one band of lines run together
    does not set the scale."""
    return float(np.median([bottom - top for top, bottom in bands]))


def _split_joined(mask: np.ndarray, bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Bands much taller than the typical line split where their rows hold the least ink."""
    typical = _typical(bands)
    out: list[tuple[int, int]] = []
    for top, bottom in bands:
        parts = round((bottom - top) / typical)
        if bottom - top < JOINED_LINES * typical or parts < 2:
            out.append((top, bottom))
            continue
        ink = np.count_nonzero(mask[top:bottom], axis=1)
        cuts = [top]
        for k in range(1, parts):
            guess = round(k * (bottom - top) / parts)
            reach = max(1, round(typical / 3))
            lo, hi = max(1, guess - reach), min(bottom - top - 1, guess + reach)
            cuts.append(top + lo + int(np.argmin(ink[lo:hi])) if hi > lo else top + guess)
        cuts.append(bottom)
        out += [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
    return out


def _merge_underscores(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join thin bands that sit just under a line (underscores) to that line."""
    typical = _typical([b for b in bands if b[1] - b[0] >= GLYPH_MIN_PIXELS] or bands)
    merged = [bands[0]]
    for top, bottom in bands[1:]:
        thin = bottom - top <= UNDERSCORE_HEIGHT * typical
        if thin and top - merged[-1][1] <= UNDERSCORE_GAP * typical:
            merged[-1] = (merged[-1][0], bottom)
        else:
            merged.append((top, bottom))
    return merged


def _glyphs(band: np.ndarray) -> bool:
    """Whether a band of the mask holds enough glyph-sized blobs to be a line of text."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(band, connectivity=8)
    height = band.shape[0]
    widths, heights = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
    areas = stats[1:, cv2.CC_STAT_AREA]
    glyphs = (widths <= GLYPH_WIDTH * height) & (heights >= GLYPH_HEIGHT * height)
    # Small blurred text runs its glyphs together: a wide blob as tall as capitals and hollow
    # like strokes is a run of glyphs, not one.
    runs = ~glyphs & (heights >= RUN_HEIGHT * height) & (areas <= RUN_FILL * widths * heights)
    found = int(np.count_nonzero(glyphs)) + int(
        np.sum(widths[runs] // np.maximum(heights[runs], 1))
    )
    return found >= MIN_GLYPHS


def line_bands(mask: np.ndarray) -> list[tuple[int, int]]:
    """Top and bottom (exclusive) of each run of pixel rows that holds text."""
    filled = np.count_nonzero(mask, axis=1) > 0
    edges = np.diff(np.concatenate(([0], filled.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bands = list(zip(starts.tolist(), ends.tolist(), strict=True))
    if not bands:
        return []
    bands = [band for band in _merge_underscores(bands) if _glyphs(mask[band[0] : band[1]])]
    if not bands:
        return []
    bands = _split_joined(mask, bands)
    typical = _typical(bands)
    bands = [(t, b) for t, b in bands if b - t >= typical * MIN_LINE_SHARE]
    ink = [np.count_nonzero(mask[t:b]) for t, b in bands]
    floor = MIN_INK_SHARE * float(np.median(ink))
    return [band for band, amount in zip(bands, ink, strict=True) if amount >= floor]


def text_columns(ink: np.ndarray) -> tuple[int, int]:
    """Left and right (exclusive) of the main run of text in a line, leaving out stray blobs
    more than STRAY_GAP line heights away from it."""
    filled = np.flatnonzero(np.count_nonzero(ink, axis=0))
    breaks = np.flatnonzero(np.diff(filled) > STRAY_GAP * ink.shape[0]) + 1
    groups = np.split(filled, breaks)
    amounts = [int(np.count_nonzero(ink[:, g[0] : g[-1] + 1])) for g in groups]
    main = groups[int(np.argmax(amounts))]
    return int(main[0]), int(main[-1]) + 1


def _seen(gray: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    room = max(2, round(CROP_ROOM * (bottom - top)))
    return gray[max(0, top - room) : bottom + room, max(0, left - room) : right + room].copy()


def _line_image(
    gray: np.ndarray, masks: tuple[np.ndarray, np.ndarray], top: int, bottom: int, scale: float
) -> tuple[np.ndarray, np.ndarray] | None:
    band = masks[0][top:bottom]
    if not band.any():
        return None
    left, right = text_columns(band)
    seen = _seen(gray, top, bottom, left, right)
    ink = band[:, left:right]
    crop = gray[top:bottom, left:right].astype(np.float32)
    # Keep the anti-aliased edge of each glyph and faint marks, drop everything else.
    marks = cv2.bitwise_or(ink, masks[1][top:bottom, left:right])
    near = cv2.dilate(marks, np.ones((3, 3), np.uint8)) > 0
    text_level = float(np.percentile(crop[ink > 0], 90))
    ground = crop[~near]
    ground_level = float(np.median(ground)) if ground.size else float(crop.min())
    spread = max(text_level - ground_level, 1.0)
    level = np.clip((crop - ground_level) / spread, 0.0, 1.0)
    level[~near] = 0.0
    line = (255 - level * 255).astype(np.uint8)
    size = (max(1, round(line.shape[1] * scale)), max(1, round(line.shape[0] * scale)))
    line = cv2.resize(line, size, interpolation=cv2.INTER_CUBIC)
    line = cv2.copyMakeBorder(line, MARGIN, MARGIN, MARGIN, MARGIN, cv2.BORDER_CONSTANT, value=255)
    return line, seen


def split_lines(image: np.ndarray) -> list[Line]:
    """The text lines of a screenshot, top to bottom."""
    gray, on_overlay = crop_overlay(to_gray(image))
    gray, rough = orient(gray, on_overlay)
    gray = normalise_size(gray, rough)
    mask, faint = drop_badges(*text_masks(gray))
    mask = drop_tall(mask)
    bands = line_bands(mask)
    if not bands:
        return []
    # One scale for the whole image, so every line keeps the same glyph size: the tallest
    # line that is not lines run together.
    typical = _typical(bands)
    scale = LINE_HEIGHT / max(b - t for t, b in bands if b - t <= JOINED_LINES * typical)
    lines = []
    for top, bottom in bands:
        prepared = _line_image(gray, (mask, faint), top, bottom, scale)
        if prepared is not None:
            lines.append(Line(image=prepared[0], top=top, bottom=bottom, crop=prepared[1]))
    return lines
