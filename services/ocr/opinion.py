"""The second opinion: lines Tesseract is unsure of, read again by another recogniser.

Tesseract's mean confidence over a line is the signal: clean lines come out above 90 nearly
always, while the small, blurred, recompressed lines it misreads mostly come out below. Only
those pay for the slower recogniser, whose read then replaces Tesseract's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.ocr import metrics
from services.ocr.engine import Engine, LineText
from services.ocr.preprocess import Line
from services.ocr.recogniser import Recogniser


@dataclass(frozen=True)
class SecondOpinion:
    """A recogniser that reads again the lines Tesseract read with less than `below`
    confidence; its read replaces Tesseract's."""

    recogniser: Recogniser
    below: float

    def apply(self, lines: Sequence[Line], read: list[LineText], alphabet: str) -> list[LineText]:
        unsure = [i for i, (_, confidence) in enumerate(read) if confidence < self.below]
        if not unsure:
            return read
        again = self.recogniser.read([lines[i].crop for i in unsure], alphabet)
        metrics.SECOND_OPINION_LINES.inc(len(unsure))
        merged = list(read)
        for i, (text, confidence) in zip(unsure, again, strict=True):
            if text:
                merged[i] = (text, confidence)
        return merged


def read_lines(
    engine: Engine, opinion: SecondOpinion | None, lines: Sequence[Line], alphabet: str
) -> list[LineText]:
    """Each line read by the engine, and the lines it is unsure of by the second opinion."""
    if opinion is None:
        return engine.read_lines([line.image for line in lines], alphabet)
    read = engine.read_lines([line.image for line in lines], alphabet, sure_from=opinion.below)
    return opinion.apply(lines, read, alphabet)
