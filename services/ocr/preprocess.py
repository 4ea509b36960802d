"""OpenCV preparation of game screenshots for Tesseract: clean black text on white, per line.

Game overlays draw light text on dark translucent rows, whose shade alternates and whose colour
varies, over a busy scene. Tesseract reads best dark text on a plain light ground at a cap height
of roughly 30 px, so each image is turned to grayscale, binarised with the text as foreground,
stripped of blobs touching the border (the scene around the overlay), split into text lines by
horizontal projection, and each line is rescaled and padded.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Height, in pixels, that a text line (ascender to descender) is scaled to.
LINE_HEIGHT = 44
MARGIN = 12
# Blobs smaller than this are noise; the smallest glyph part (a dot) is larger at any size read.
MIN_BLOB_PIXELS = 4
# Lines shorter than this fraction of the tallest one are specks, not text.
MIN_LINE_SHARE = 0.35
# A gap narrower than this fraction of the tallest line separates an underscore from its
# line (it sits below the baseline), not two lines.
MAX_INNER_GAP = 0.2


@dataclass(frozen=True)
class Line:
    """One text line, ready for Tesseract: black text on white, uint8."""

    image: np.ndarray
    top: int
    bottom: int


def to_gray(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        return image
    return cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def text_mask(gray: np.ndarray) -> np.ndarray:
    """Foreground (255) where the text is, whatever its polarity."""
    _, mask = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    if np.count_nonzero(mask) > mask.size / 2:
        mask = cv2.bitwise_not(mask)  # dark text on a light ground: text is the minority
    return clear_border(drop_rules(mask))


def drop_rules(mask: np.ndarray) -> np.ndarray:
    """Remove long horizontal strokes: seams between rows, never glyphs."""
    length = max(40, mask.shape[1] // 6)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1))
    rules = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    return cv2.bitwise_and(mask, cv2.bitwise_not(rules))


def clear_border(mask: np.ndarray) -> np.ndarray:
    """Drop foreground blobs that touch the image border: scenery around the overlay."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = mask.shape
    x, y, w, h = (stats[:, i] for i in range(4))
    touching = (x == 0) | (y == 0) | (x + w >= width) | (y + h >= height)
    touching[0] = True
    specks = stats[:, cv2.CC_STAT_AREA] < MIN_BLOB_PIXELS
    keep = ~(touching | specks)
    return np.where(keep[labels], 255, 0).astype(np.uint8) if count > 1 else mask * 0


def _merge_underscores(bands: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join thin bands that sit just under a line (underscores) to that line."""
    limit = MAX_INNER_GAP * max(bottom - top for top, bottom in bands)
    merged = [bands[0]]
    for top, bottom in bands[1:]:
        if top - merged[-1][1] <= limit and bottom - top <= limit:
            merged[-1] = (merged[-1][0], bottom)
        else:
            merged.append((top, bottom))
    return merged


def line_bands(mask: np.ndarray) -> list[tuple[int, int]]:
    """Top and bottom (exclusive) of each run of pixel rows that holds text."""
    filled = np.count_nonzero(mask, axis=1) > 0
    edges = np.diff(np.concatenate(([0], filled.astype(np.int8), [0])))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    bands = list(zip(starts.tolist(), ends.tolist(), strict=True))
    if not bands:
        return []
    bands = _merge_underscores(bands)
    tallest = max(bottom - top for top, bottom in bands)
    return [(t, b) for t, b in bands if b - t >= tallest * MIN_LINE_SHARE]


def _line_image(mask: np.ndarray, top: int, bottom: int, scale: float) -> np.ndarray | None:
    band = mask[top:bottom]
    cols = np.flatnonzero(np.count_nonzero(band, axis=0))
    if cols.size == 0:
        return None
    band = band[:, cols[0] : cols[-1] + 1]
    size = (max(1, round(band.shape[1] * scale)), max(1, round(band.shape[0] * scale)))
    band = cv2.resize(band, size, interpolation=cv2.INTER_CUBIC)
    _, band = cv2.threshold(band, 127, 255, cv2.THRESH_BINARY_INV)
    return cv2.copyMakeBorder(band, MARGIN, MARGIN, MARGIN, MARGIN, cv2.BORDER_CONSTANT, value=255)


def split_lines(image: np.ndarray) -> list[Line]:
    """The text lines of a screenshot, top to bottom."""
    mask = text_mask(to_gray(image))
    bands = line_bands(mask)
    if not bands:
        return []
    # One scale for the whole image, so every line keeps the same glyph size.
    scale = LINE_HEIGHT / max(bottom - top for top, bottom in bands)
    lines = []
    for top, bottom in bands:
        prepared = _line_image(mask, top, bottom, scale)
        if prepared is not None:
            lines.append(Line(image=prepared, top=top, bottom=bottom))
    return lines
