"""A second look at look-alike glyphs, each on its own, so their shape decides and not context.

Reading a whole line, Tesseract's model leans on the letters around a glyph: in `c0bra` it
reads the `0` as `O`, in `p1rate` the `1` as `i` or `t`. Players swap these on purpose, so the
context misleads. Each glyph read as one of a look-alike group is cut out of the line (by the
box Tesseract gives it, with a little room) and read again alone, as a single character
restricted to its group; when that read is surer than the first, it replaces it.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

# Glyphs that differ by shape, not by context: each is re-read among its own group.
GROUPS = ("O0", "1lit")
# Room around a glyph's box, as a share of the line height, and white margin added around it.
ROOM = 0.06
MARGIN = 10
# The single-glyph read overrules the line's when it is at least this sure (0..100) and at
# least as sure as the line was of that glyph: large clean text is read right in context.
SURE = 60.0


def _group(char: str) -> str:
    return next((group for group in GROUPS if char in group), "")


class GlyphCheck:
    """Re-reads look-alike glyphs with a Tesseract API in single-character mode."""

    def __init__(self, api: Any, tesserocr: Any) -> None:
        self._api = api
        self._tesserocr = tesserocr
        self._whitelist = ""

    def _read(self, glyph: np.ndarray, group: str) -> tuple[str, float]:
        if group != self._whitelist:
            self._api.SetVariable("tessedit_char_whitelist", group)
            self._whitelist = group
        padded = cv2.copyMakeBorder(
            glyph, MARGIN, MARGIN, MARGIN, MARGIN, cv2.BORDER_CONSTANT, value=255
        )
        height, width = padded.shape
        self._api.SetImageBytes(padded.tobytes(), width, height, 1, width)
        text = self._api.GetUTF8Text().strip()
        return text, float(self._api.MeanTextConf()) if text else 0.0

    def recheck(self, line_api: Any, line: np.ndarray, text: str, alphabet: str) -> str:
        """`text`, just read from `line` by `line_api`, with its look-alikes read again alone."""
        places = [i for i, ch in enumerate(text) if ch != " "]
        if not any(_group(text[i]) for i in places):
            return text
        symbols = self._symbols(line_api)
        if len(symbols) != len(places):
            return text
        chars = list(text)
        room = max(1, round(ROOM * line.shape[0]))
        for place, (char, (left, _, right, _), first) in zip(places, symbols, strict=True):
            group = "".join(ch for ch in _group(char) if ch in alphabet)
            if len(group) < 2 or right <= left:
                continue
            glyph = line[:, max(0, left - room) : right + room]
            read, confidence = self._read(glyph, group)
            if len(read) == 1 and confidence >= max(SURE, first):
                chars[place] = read
        return "".join(chars)

    def _symbols(self, line_api: Any) -> list[tuple[str, tuple[int, int, int, int], float]]:
        level = self._tesserocr.RIL.SYMBOL
        found = []
        for symbol in self._tesserocr.iterate_level(line_api.GetIterator(), level):
            try:
                char, box = symbol.GetUTF8Text(level), symbol.BoundingBox(level)
            except RuntimeError:  # an empty symbol
                continue
            if char.strip() and box is not None:
                found.append((char, box, float(symbol.Confidence(level))))
        return found
