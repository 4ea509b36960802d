"""Domain metrics of the OCR service (bounded labels only)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

DURATION = Histogram(
    "argus_ocr_duration_seconds",
    "Time to read one image, decode to parsed result.",
    ("operation",),
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
IMAGES = Counter(
    "argus_ocr_images_total",
    "Images processed, by operation and result (ok, not_found, invalid, busy, error).",
    ("operation", "result"),
)
IMAGE_BYTES = Counter("argus_ocr_image_bytes_total", "Bytes of images received.", ("operation",))
ROWS = Counter("argus_ocr_rows_total", "Player-list rows read.")
SECOND_OPINION_LINES = Counter(
    "argus_ocr_second_opinion_lines_total",
    "Text lines Tesseract was unsure of, read again by the second-opinion recogniser.",
)
WORKERS = Gauge("argus_ocr_workers", "OCR worker threads, each with its own Tesseract.")
IN_FLIGHT = Gauge("argus_ocr_in_flight", "Images being read or waiting for a worker.")
