"""Tesseract engines: tesserocr keeps the model loaded; pytesseract runs the command per image.

Both read a batch of prepared text lines (black on white, uint8) and return, per line, the words
read with their horizontal extent and confidence. An engine instance is used by one worker
thread at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from argus.core.errors import FailedPrecondition

# Standard install locations of the traineddata files (Debian/Ubuntu, Fedora, Homebrew, source).
TESSDATA_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata",
    "/usr/share/tesseract-ocr/4.00/tessdata",
    "/usr/share/tessdata",
    "/usr/local/share/tessdata",
    "/opt/homebrew/share/tessdata",
)
# Tesseract's variables for reading names rather than prose: no dictionary "corrections".
_NAME_VARIABLES = {"load_system_dawg": "F", "load_freq_dawg": "F"}
# Gap between stacked lines when a whole batch goes to Tesseract as one page.
_STACK_GAP = 24


def find_tessdata(configured: str, language: str) -> str:
    """The tessdata folder holding `<language>.traineddata`: the setting, TESSDATA_PREFIX, or a
    standard location."""
    candidates = [configured] if configured else []
    candidates += [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_CANDIDATES]
    for folder in filter(None, candidates):
        if (Path(folder) / f"{language}.traineddata").is_file():
            return str(Path(folder))
        if configured:
            break
    where = configured or ", ".join(TESSDATA_CANDIDATES)
    raise FailedPrecondition(
        f"no {language}.traineddata in {where}; install tesseract-ocr-{language} "
        "or set ARGUS_OCR_TESSDATA_PATH"
    )


@dataclass(frozen=True)
class Word:
    """A word Tesseract read, with its left and right edge in line-image pixels."""

    text: str
    left: int
    right: int
    confidence: float


class Engine(Protocol):
    name: str

    def read_lines(self, lines: Sequence[np.ndarray], alphabet: str) -> list[list[Word]]:
        """The words of each line, left to right, restricted to `alphabet`."""
        ...

    def close(self) -> None: ...


class TesserocrEngine:
    """One loaded Tesseract API, reused for every line it reads."""

    name = "tesserocr"

    def __init__(self, tessdata: str, language: str) -> None:
        import tesserocr

        try:
            self._api = tesserocr.PyTessBaseAPI(
                path=tessdata.rstrip("/") + "/",
                lang=language,
                psm=tesserocr.PSM.SINGLE_LINE,
                variables=_NAME_VARIABLES,
            )
        except RuntimeError as exc:
            raise FailedPrecondition(
                f"Tesseract cannot load {language}.traineddata from {tessdata}: {exc}"
            ) from exc
        self._alphabet = ""

    def read_lines(self, lines: Sequence[np.ndarray], alphabet: str) -> list[list[Word]]:
        if alphabet != self._alphabet:
            self._api.SetVariable("tessedit_char_whitelist", alphabet)
            self._alphabet = alphabet
        return [self._read(line) for line in lines]

    def _read(self, line: np.ndarray) -> list[Word]:
        import tesserocr

        height, width = line.shape
        self._api.SetImageBytes(line.tobytes(), width, height, 1, width)
        self._api.Recognize()
        iterator = self._api.GetIterator()
        if iterator is None:
            return []
        words = []
        for found in tesserocr.iterate_level(iterator, tesserocr.RIL.WORD):
            try:
                text = (found.GetUTF8Text(tesserocr.RIL.WORD) or "").strip()
            except RuntimeError:  # an empty word
                continue
            box = found.BoundingBox(tesserocr.RIL.WORD)
            if text and box:
                conf = float(found.Confidence(tesserocr.RIL.WORD))
                words.append(Word(text=text, left=box[0], right=box[2], confidence=conf))
        return words

    def close(self) -> None:
        self._api.End()


def stack(lines: Sequence[np.ndarray]) -> tuple[np.ndarray, list[int]]:
    """All lines on one white page, one under the other; also each line's top offset."""
    width = max(line.shape[1] for line in lines)
    tops, blocks, y = [], [], 0
    for line in lines:
        tops.append(y)
        pad = np.full((line.shape[0] + _STACK_GAP, width), 255, dtype=np.uint8)
        pad[: line.shape[0], : line.shape[1]] = line
        blocks.append(pad)
        y += pad.shape[0]
    return np.vstack(blocks), tops


class PytesseractEngine:
    """The reference engine: one `tesseract` process per batch, model loaded each time."""

    name = "pytesseract"

    def __init__(self, tessdata: str, language: str) -> None:
        self._tessdata = tessdata
        self._language = language

    def read_lines(self, lines: Sequence[np.ndarray], alphabet: str) -> list[list[Word]]:
        import pytesseract

        if not lines:
            return []
        page, tops = stack(lines)
        variables = {**_NAME_VARIABLES, "tessedit_char_whitelist": alphabet}
        config = f'--psm 6 --tessdata-dir "{self._tessdata}" ' + " ".join(
            f"-c {key}={value}" for key, value in variables.items()
        )
        data = pytesseract.image_to_data(
            page, lang=self._language, config=config, output_type=pytesseract.Output.DICT
        )
        words: list[list[Word]] = [[] for _ in lines]
        for left, top, width, height, text, conf in zip(
            data["left"],
            data["top"],
            data["width"],
            data["height"],
            data["text"],
            data["conf"],
            strict=True,
        ):
            if not str(text).strip():
                continue
            middle = top + height // 2
            index = max(i for i, line_top in enumerate(tops) if line_top <= middle)
            words[index].append(Word(str(text).strip(), left, left + width, float(conf)))
        return [sorted(found, key=lambda word: word.left) for found in words]

    def close(self) -> None:
        return None


def create_engine(kind: str, tessdata: str, language: str) -> Engine:
    if kind == "pytesseract":
        return PytesseractEngine(tessdata, language)
    return TesserocrEngine(tessdata, language)
