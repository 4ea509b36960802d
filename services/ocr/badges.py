"""GTA's rank badges: the ringed disc with the player's rank left of each name.

The badge is no part of the name, but its ring and digits threshold like text and would be read
glued to the name. In the text mask a badge is a round blob, clearly taller than the glyphs,
hollow or filled by its digits; badges stand in a column, one per row, so at least three round
blobs with the same left edge are needed before anything is dropped. Their column is cleared
from the masks.
"""

from __future__ import annotations

import cv2
import numpy as np

# A badge is at least this many times as tall as the median glyph blob.
BADGE_HEIGHT = 1.45
# Width over height of a disc, with room for blur and JPEG.
ROUND = (0.5, 1.35)
# A disc covers at most this share of its box (pi/4 and blur); a block of scenery covers more.
DISC = 0.85
# Badges of one list share their left edge within this share of their height.
ALIGN = 0.35
MIN_BADGES = 3


def badge_boxes(mask: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(left, top, right, bottom) of each rank badge in a text mask (255 = text)."""
    # Closing first: small badges break into halves where the digits meet the ring.
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 1), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed, connectivity=8)
    if count <= MIN_BADGES:
        return []
    x, y, w, h, area = (stats[1:, i].astype(np.float64) for i in range(5))
    glyph = float(np.median(h))
    ratio = w / np.maximum(h, 1)
    round_ = (ratio >= ROUND[0]) & (ratio <= ROUND[1]) & (h >= BADGE_HEIGHT * glyph)
    found = np.flatnonzero(round_ & (area <= DISC * w * h))
    if found.size < MIN_BADGES:
        return []
    tolerance = ALIGN * float(np.median(h[found]))
    near = np.abs(x[found][:, None] - x[found][None, :]) <= tolerance
    aligned = found[near[int(np.argmax(near.sum(axis=1)))]]
    if aligned.size < MIN_BADGES:
        return []
    return [(int(x[i]), int(y[i]), int(x[i] + w[i]), int(y[i] + h[i])) for i in aligned]


def drop_badges(*masks: np.ndarray) -> tuple[np.ndarray, ...]:
    """The masks with the column of rank badges found in the first one cleared, top to bottom
    (a badge the search missed, or found in part, stands in the same column)."""
    boxes = badge_boxes(masks[0])
    if not boxes:
        return masks
    left = max(0, min(box[0] for box in boxes) - 1)
    right = max(box[2] for box in boxes) + 1
    cleared = tuple(mask.copy() for mask in masks)
    for mask in cleared:
        mask[:, left:right] = 0
    return cleared
