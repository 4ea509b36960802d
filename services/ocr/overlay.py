"""Finding the game's dark overlay (the player list's rows, the banner's box) in a screenshot.

The scene around the overlay is bright, busy and of any colour; inside it, text is the only
bright thing. Cropping to the overlay first means the text's polarity, its threshold and its
lines are judged on the overlay alone, not on the scene around it.
"""

from __future__ import annotations

import cv2
import numpy as np

# Overlay pixels are darker than this: the game darkens the scene by 70-85% behind text.
DARK_LEVEL = 90
# The overlay covers at least this share of the image, and fills this share of its box.
MIN_AREA = 0.1
MIN_FILL = 0.6
# Closes text strokes (and the seams between rows) inside the overlay.
CLOSE = 7


def crop_overlay(gray: np.ndarray) -> tuple[np.ndarray, bool]:
    """The part of a grayscale screenshot inside its dark overlay and True, or the whole image
    and False when no overlay stands out."""
    below = np.where(gray < DARK_LEVEL, 255, 0).astype(np.uint8)
    dark = cv2.morphologyEx(below, cv2.MORPH_CLOSE, np.ones((CLOSE, CLOSE), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    if count < 2:
        return gray, False
    best = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    x, y, w, h, area = (int(v) for v in stats[best])
    height, width = gray.shape
    if w * h < MIN_AREA * height * width or area < MIN_FILL * w * h:
        return gray, False
    if w >= width - 2 and h >= height - 2:
        return gray, False
    return gray[y + 1 : y + h - 1, x + 1 : x + w - 1], True
