"""The second-opinion recogniser: its model comes with the installed package, and it reads a
line crop within the alphabet it is given."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from argus.core.errors import FailedPrecondition
from services.ocr.parse import ROW_ALPHABET
from services.ocr.recogniser import PaddleRecogniser, model_path
from tests.support.hard_screenshots import font_paths


def _line(text: str) -> np.ndarray:
    """Light text on a dark ground, 15 px, as the reader crops a line."""
    font = ImageFont.truetype(str(font_paths()[0]), 15)
    width = int(font.getlength(text)) + 8
    image = Image.new("L", (width, 22), 40)
    ImageDraw.Draw(image).text((4, 11), text, font=font, fill=230, anchor="lm")
    return np.asarray(image)


def test_the_model_ships_in_the_installed_rapidocr_package() -> None:
    path = model_path()
    assert path.is_file() and path.suffix == ".onnx"
    assert path.parent.parent.name == "rapidocr"


def test_a_line_crop_is_read_within_the_alphabet_given() -> None:
    recogniser = PaddleRecogniser()
    crop = _line("Sh3riff-Pixel_72")
    [(text, confidence)] = recogniser.read([crop], ROW_ALPHABET)
    assert text == "Sh3riff-Pixel_72"
    assert 0 < confidence <= 100
    [(digits, _)] = recogniser.read([crop], "0123456789")
    assert digits and set(digits) <= set("0123456789")


def test_a_corrupt_model_stops_the_start_with_a_clear_message(tmp_path: Path) -> None:
    corrupt = tmp_path / "model.onnx"
    corrupt.write_bytes(b"not a model")
    with pytest.raises(FailedPrecondition) as failure:
        PaddleRecogniser(corrupt)
    assert failure.value.message.startswith(f"cannot load the recogniser model {corrupt}")
