"""The second opinion: lines Tesseract is unsure of, read again by another recogniser.

Tesseract's mean confidence over a line is the signal: the small, blurred, recompressed lines
it misreads mostly come out under 90, clean ones mostly above. Only the unsure ones pay for
the slower recogniser, whose read then replaces Tesseract's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from services.ocr import metrics
from services.ocr.engine import Engine, LineText
from services.ocr.preprocess import Line
from services.ocr.recogniser import Recogniser

# An image whose lines Tesseract mostly reads surely (this share at `below` or more) is one it
# reads well: there, only lines under `below` less this margin go to the second opinion. Clean
# screenshots are such images, and their lines just under `below` (a crew tag lowers the mean)
# are read right; in small, recompressed ones most lines are under `below`.
SURE_IMAGE = 0.6
SURE_IMAGE_MARGIN = 5.0


@dataclass(frozen=True)
class SecondOpinion:
    """A recogniser that reads again the lines Tesseract read with less than `below`
    confidence; its read replaces Tesseract's."""

    recogniser: Recogniser
    below: float

    @property
    def floor(self) -> float:
        """The bar in an image Tesseract reads surely: lines under it still go."""
        return self.below - SURE_IMAGE_MARGIN

    def apply(self, lines: Sequence[Line], read: list[LineText], alphabet: str) -> list[LineText]:
        sure = sum(confidence >= self.below for _, confidence in read)
        bar = self.floor if read and sure >= SURE_IMAGE * len(read) else self.below
        unsure = [i for i, (_, confidence) in enumerate(read) if confidence < bar]
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
    read = engine.read_lines([line.image for line in lines], alphabet, sure_from=opinion.floor)
    return opinion.apply(lines, read, alphabet)
