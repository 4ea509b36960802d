"""Restoring the underscores, dots and hyphens Tesseract drops from names.

Tesseract often reads an underscore or a dot between two parts of a name as a space. Names hold
no spaces, so the line image is searched for those glyphs (a flat blob low in the line is an
underscore, a small square one a dot, a flat one at mid height a hyphen); each one the text
lacks replaces the space nearest to it, by relative position along the line. Other spaces are
left for the parser to drop.
"""

from __future__ import annotations

import cv2
import numpy as np

# A gap glyph is at most this share of the line's ink height tall...
FLAT = 0.18
# ...and at least this share (smaller blobs are specks).
SPECK = 0.04
# Its centre sits at least this low, as a share of the ink height from the top.
LOW = 0.62
# A hyphen's centre sits between these.
MIDDLE = (0.3, 0.62)


def gap_glyphs(ink: np.ndarray) -> list[tuple[float, str]]:
    """Underscores, dots and hyphens seen in a line image: (relative x 0..1, glyph), in order."""
    filled_rows = np.flatnonzero(ink.any(axis=1))
    filled_cols = np.flatnonzero(ink.any(axis=0))
    if filled_rows.size == 0:
        return []
    top, height = int(filled_rows[0]), int(filled_rows[-1] - filled_rows[0] + 1)
    left, width = int(filled_cols[0]), max(1, int(filled_cols[-1] - filled_cols[0]))
    _, _, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    found = []
    for x, y, w, h, _area in stats[1:]:
        if not max(2, SPECK * height) <= h <= FLAT * height:
            continue
        centre = (y + h / 2 - top) / height
        if centre >= LOW:
            glyph = "_" if w >= 2 * h else "." if w <= 1.6 * h else ""
        else:
            glyph = "-" if MIDDLE[0] <= centre <= MIDDLE[1] and w >= 1.5 * h else ""
        if glyph:
            found.append(((x + w / 2 - left) / width, glyph))
    return sorted(found)


def restore_gaps(text: str, ink: np.ndarray) -> str:
    """`text` with each gap glyph it lacks put back in place of the nearest space."""
    spaces = [i for i, ch in enumerate(text) if ch == " " and text[:i].rstrip()[-1:] != "]"]
    if text.lstrip("_-. ").startswith("[") and "]" not in text and spaces:
        spaces.pop(0)  # the space after a crew tag whose closing bracket was lost
    if not spaces:
        return text
    glyphs = gap_glyphs(ink)
    chars = list(text)
    for kind in "_.-":
        missing = sum(glyph == kind for _, glyph in glyphs) - text.count(kind)
        for position, _ in [g for g in glyphs if g[1] == kind][:missing]:
            if not spaces:
                break
            nearest = min(spaces, key=lambda i: abs(i / max(1, len(text) - 1) - position))
            if kind in "".join(chars[max(0, nearest - 1) : nearest + 2]):
                continue  # one glyph in two blobs, already read
            chars[nearest] = kind
            spaces.remove(nearest)
    return "".join(chars)
