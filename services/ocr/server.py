"""Wires the OCR servicer into the shared server bootstrap."""

from __future__ import annotations

import asyncio

from argus.core.grpc_server import ServiceSpec
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.ocr.limits import ImageLimits
from services.ocr.reader import OcrReader
from services.ocr.servicer import OcrServicer
from services.ocr.settings import OcrSettings


def create_reader(settings: OcrSettings) -> OcrReader:
    """The reader that the settings describe (engine, workers, tessdata, limits)."""
    return OcrReader(
        engine=settings.ocr_engine,
        second_look=settings.ocr_second_look,
        second_opinion=settings.ocr_second_opinion,
        unsure_below=settings.ocr_second_opinion_below,
        workers=settings.ocr_workers,
        tessdata=settings.ocr_tessdata_path,
        language=settings.ocr_language,
        limits=ImageLimits(
            max_bytes=settings.ocr_max_image_bytes, max_pixels=settings.ocr_max_image_pixels
        ),
        max_pending=settings.ocr_max_pending,
    )


def build(settings: OcrSettings) -> ServiceSpec:
    reader = create_reader(settings)
    servicer = OcrServicer(reader)

    async def start() -> None:
        try:
            await asyncio.to_thread(reader.warm_up)
        except BaseException:
            await asyncio.to_thread(reader.close)
            raise

    async def stop() -> None:
        await asyncio.to_thread(reader.close)

    return ServiceSpec(
        name="ocr",
        register=[lambda server: ocr_pb2_grpc.add_OcrServiceServicer_to_server(servicer, server)],
        service_names=[ocr_pb2.DESCRIPTOR.services_by_name["OcrService"].full_name],
        on_start=[start],
        on_stop=[stop],
    )
