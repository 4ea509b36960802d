from __future__ import annotations

import os
from typing import Literal

from pydantic import Field

from argus.core.settings import GrpcServiceSettings


def default_workers() -> int:
    """The CPUs this process may run on (a container's cpuset, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


class OcrSettings(GrpcServiceSettings):
    ocr_port: int = 50051
    ocr_metrics_port: int = 9101
    # "tesserocr" keeps one Tesseract API loaded per worker; "pytesseract" runs the
    # tesseract command per image (the reference engine, much slower).
    ocr_engine: Literal["tesserocr", "pytesseract"] = "tesserocr"
    # tesserocr: read glyphs that look alike (O/0, 1/l/i/t) again one by one, by shape alone.
    ocr_second_look: bool = True
    # A second reader for the lines Tesseract is unsure of: "rapidocr" (PP-OCRv6's recogniser
    # on onnxruntime, the model shipped in the rapidocr wheel) or "none".
    ocr_second_opinion: Literal["rapidocr", "none"] = "rapidocr"
    # Lines Tesseract reads with less confidence than this (0..100) go to the second opinion:
    # 0 never, above 100 always.
    ocr_second_opinion_below: float = Field(default=90.0, ge=0.0, le=101.0)
    # Parallel OCR workers, each with its own loaded Tesseract; defaults to the CPU count.
    ocr_workers: int = Field(default_factory=default_workers, ge=1)
    # Folder holding <lang>.traineddata; empty means auto-detect.
    ocr_tessdata_path: str = ""
    ocr_language: str = "eng"
    ocr_max_image_bytes: int = Field(default=8 * 1024 * 1024, ge=1)
    # Checked from the image header before decoding, so decompression bombs never expand.
    ocr_max_image_pixels: int = Field(default=16_000_000, ge=1)
    # Images being read or queued for a worker; beyond this, calls fail fast with
    # RESOURCE_EXHAUSTED instead of queueing without bound.
    ocr_max_pending: int = Field(default=64, ge=1)

    @property
    def grpc_port(self) -> int:
        return self.ocr_port

    @property
    def metrics_port(self) -> int:
        return self.ocr_metrics_port
