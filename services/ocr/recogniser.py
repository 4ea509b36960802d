"""A second reader for the lines Tesseract is unsure of: PP-OCRv6's text recogniser.

Tesseract reads clean lines well and fast, but at 13 px under JPEG and blur it confuses `0`
with `O` and `1` with `i` or `l`, and misses lines it cannot settle. PaddleOCR's recogniser,
trained on photographs of text, reads those crops far better but costs several times as much
per line, so it runs only on the lines Tesseract is unsure of, one line crop at a time (the
recogniser, never the detector: the lines are already found).

The model is the ONNX file the `rapidocr` wheel ships (no download at run time); it runs on
onnxruntime with one thread per worker, so workers stay the only parallelism. Its output is a
CTC sequence over a large character set; characters outside the alphabet asked for are masked
out before decoding, as Tesseract's whitelist does.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from argus.core.errors import FailedPrecondition

MODEL = "PP-OCRv6_rec_small.onnx"
# The model reads lines this many pixels high; their width follows the aspect ratio.
HEIGHT = 48
MIN_WIDTH = 16
# What one line gave: its text and confidence (0..100, the least sure character).
Read = tuple[str, float]


class Recogniser(Protocol):
    name: str

    def read(self, crops: Sequence[np.ndarray], alphabet: str) -> list[Read]:
        """Text and confidence of each line crop, restricted to the characters of `alphabet`."""
        ...


def model_path() -> Path:
    """The recogniser model shipped in the rapidocr wheel (found without importing it)."""
    spec = importlib.util.find_spec("rapidocr")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        path = Path(folder) / "models" / MODEL
        if path.is_file():
            return path
    raise FailedPrecondition(
        f"the second-opinion recogniser needs {MODEL} from the rapidocr package "
        "(pip install rapidocr), or set ARGUS_OCR_SECOND_OPINION=none"
    )


class PaddleRecogniser:
    """PP-OCRv6's recogniser on onnxruntime, one thread: used by one worker at a time."""

    name = "rapidocr"

    def __init__(self, path: Path | None = None) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        model = path or model_path()
        try:
            self._session = onnxruntime.InferenceSession(
                str(model), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own types, one per failure
            raise FailedPrecondition(f"cannot load the recogniser model {model}: {exc}") from exc
        self._input = self._session.get_inputs()[0].name
        meta = self._session.get_modelmeta().custom_metadata_map
        # CTC: index 0 is the blank, then the model's characters, then a space.
        self._chars = ["", *meta["character"].splitlines(), " "]
        self._alphabet = ""
        self._allowed = np.ones(len(self._chars), dtype=bool)

    def _restrict(self, alphabet: str) -> None:
        if alphabet != self._alphabet:
            self._allowed = np.array([i == 0 or c in alphabet for i, c in enumerate(self._chars)])
            self._alphabet = alphabet

    def read(self, crops: Sequence[np.ndarray], alphabet: str) -> list[Read]:
        """Text and confidence of each line crop (grayscale), within `alphabet`."""
        self._restrict(alphabet)
        # One line a run: batches of padded lines cost as much per line on CPU.
        return [
            self._decode(self._session.run(None, {self._input: _normalised(crop)[None]})[0][0])
            for crop in crops
        ]

    def _decode(self, probs: np.ndarray) -> Read:
        """Greedy CTC decoding within the alphabet."""
        probs = np.where(self._allowed[None, :], probs, 0.0)
        best, sure = probs.argmax(axis=1), probs.max(axis=1)
        keep = (best != 0) & np.concatenate(([True], best[1:] != best[:-1]))
        text = "".join(self._chars[i] for i in best[keep])
        confidence = float(sure[keep].min()) * 100 if keep.any() else 0.0
        return " ".join(text.split()), confidence


def _normalised(crop: np.ndarray) -> np.ndarray:
    """A line crop as the model takes it: HEIGHT high, three channels, values in -1..1."""
    if crop.size == 0:
        crop = np.zeros((HEIGHT, MIN_WIDTH), dtype=np.uint8)
    width = max(MIN_WIDTH, round(crop.shape[1] * HEIGHT / crop.shape[0]))
    line = cv2.resize(crop, (width, HEIGHT), interpolation=cv2.INTER_CUBIC)
    line = cv2.cvtColor(line, cv2.COLOR_GRAY2BGR) if line.ndim == 2 else line
    return (line.astype(np.float32) / 127.5 - 1.0).transpose(2, 0, 1)


def create_recogniser(kind: str) -> Recogniser:
    if kind == "rapidocr":
        return PaddleRecogniser()
    raise ValueError(f"unknown second-opinion recogniser {kind!r}")
