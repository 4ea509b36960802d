"""An OCR server on a free port and a stub connected to it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import grpc
import pytest

from argus.ocr.v1 import ocr_pb2_grpc
from services.ocr.server import build
from tests.support.servers import grpc_service, ocr_settings

# Limits small enough that the tests can cross them cheaply.
TEST_MAX_BYTES = 2_000_000
TEST_MAX_PIXELS = 4_000_000


@pytest.fixture
async def ocr(tmp_path: Path) -> AsyncIterator[ocr_pb2_grpc.OcrServiceStub]:
    settings = ocr_settings(
        tmp_path, ocr_max_image_bytes=TEST_MAX_BYTES, ocr_max_image_pixels=TEST_MAX_PIXELS
    )
    async with grpc_service(build(settings)) as server:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{server.port}") as channel:
            yield ocr_pb2_grpc.OcrServiceStub(channel)
