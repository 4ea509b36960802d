"""Tesseract engines: tesserocr keeps the model loaded; pytesseract runs the command per image.

Both read a batch of prepared text lines (black on white, uint8) and return, per line, the text
read (words separated by spaces) and the mean word confidence. An engine instance is used by one
worker thread at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from argus.core.errors import FailedPrecondition
from services.ocr.lookalikes import GlyphCheck

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
    """The tessdata folder holding `<language>.traineddata` (each of `eng+deu`): the setting,
    TESSDATA_PREFIX, or a standard location."""
    candidates = [configured] if configured else []
    candidates += [os.environ.get("TESSDATA_PREFIX", ""), *TESSDATA_CANDIDATES]
    needed = [f"{name}.traineddata" for name in language.split("+")]
    for folder in filter(None, candidates):
        if all((Path(folder) / file).is_file() for file in needed):
            return str(Path(folder))
        if configured:
            break
    where = configured or ", ".join(TESSDATA_CANDIDATES)
    raise FailedPrecondition(
        f"no {language}.traineddata in {where}; install tesseract-ocr-{language} "
        "or set ARGUS_OCR_TESSDATA_PATH"
    )


# What one line gave: its text and mean word confidence (0..100).
LineText = tuple[str, float]


class Engine(Protocol):
    name: str

    def read_lines(
        self, lines: Sequence[np.ndarray], alphabet: str, *, sure_from: float = 0.0
    ) -> list[LineText]:
        """Text and confidence of each line, restricted to the characters of `alphabet`.
        Lines read with less confidence than `sure_from` will be read again by another
        reader, so no more effort goes into them."""
        ...

    def close(self) -> None: ...


class TesserocrEngine:
    """One loaded Tesseract API, reused for every line it reads."""

    name = "tesserocr"

    def __init__(self, tessdata: str, language: str, *, second_look: bool = True) -> None:
        import tesserocr

        try:
            self._api = tesserocr.PyTessBaseAPI(
                path=tessdata.rstrip("/") + "/",
                lang=language,
                psm=tesserocr.PSM.SINGLE_LINE,
                variables=_NAME_VARIABLES,
            )
            single = tesserocr.PyTessBaseAPI(
                path=tessdata.rstrip("/") + "/",
                lang=language,
                psm=tesserocr.PSM.SINGLE_CHAR,
                variables=_NAME_VARIABLES,
            )
        except RuntimeError as exc:
            raise FailedPrecondition(
                f"Tesseract cannot load {language}.traineddata from {tessdata}: {exc}"
            ) from exc
        self._single = single
        self._glyphs = GlyphCheck(single, tesserocr) if second_look else None
        self._alphabet = ""

    def read_lines(
        self, lines: Sequence[np.ndarray], alphabet: str, *, sure_from: float = 0.0
    ) -> list[LineText]:
        if alphabet != self._alphabet:
            self._api.SetVariable("tessedit_char_whitelist", alphabet)
            self._alphabet = alphabet
        results = []
        for line in lines:
            height, width = line.shape
            self._api.SetImageBytes(line.tobytes(), width, height, 1, width)
            text = " ".join(self._api.GetUTF8Text().split())
            confidence = float(self._api.MeanTextConf()) if text else 0.0
            if self._glyphs is not None and confidence >= sure_from:
                text = self._glyphs.recheck(self._api, line, text, alphabet)
            results.append((text, confidence))
        return results

    def close(self) -> None:
        self._api.End()
        self._single.End()


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

    def read_lines(
        self, lines: Sequence[np.ndarray], alphabet: str, *, sure_from: float = 0.0
    ) -> list[LineText]:
        import pytesseract

        if not lines:
            return []
        page, tops = stack(lines)
        # The command line splits on spaces; a space is no glyph to whitelist anyway.
        variables = {**_NAME_VARIABLES, "tessedit_char_whitelist": alphabet.replace(" ", "")}
        config = f'--psm 6 --tessdata-dir "{self._tessdata}" ' + " ".join(
            f"-c {key}={value}" for key, value in variables.items()
        )
        data = pytesseract.image_to_data(
            page, lang=self._language, config=config, output_type=pytesseract.Output.DICT
        )
        words: list[list[tuple[int, str, float]]] = [[] for _ in lines]
        for left, top, height, text, conf in zip(
            data["left"], data["top"], data["height"], data["text"], data["conf"], strict=True
        ):
            if str(text).strip():
                middle = top + height // 2
                index = max(i for i, line_top in enumerate(tops) if line_top <= middle)
                words[index].append((left, str(text).strip(), float(conf)))
        return [_join(found) for found in words]

    def close(self) -> None:
        return None


def _join(words: list[tuple[int, str, float]]) -> LineText:
    if not words:
        return "", 0.0
    words.sort()
    return " ".join(text for _, text, _ in words), sum(c for _, _, c in words) / len(words)


def create_engine(kind: str, tessdata: str, language: str, *, second_look: bool = True) -> Engine:
    if kind == "pytesseract":
        return PytesseractEngine(tessdata, language)
    return TesserocrEngine(tessdata, language, second_look=second_look)
