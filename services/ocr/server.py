"""Wires the OCR servicer into the shared server bootstrap."""

from __future__ import annotations

from argus.core.grpc_server import ServiceSpec
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.ocr.settings import OcrSettings


def build(settings: OcrSettings) -> ServiceSpec:
    servicer = ocr_pb2_grpc.OcrServiceServicer()  # RPCs answer UNIMPLEMENTED until implemented

    return ServiceSpec(
        name="ocr",
        register=[lambda server: ocr_pb2_grpc.add_OcrServiceServicer_to_server(servicer, server)],
        service_names=[ocr_pb2.DESCRIPTOR.services_by_name["OcrService"].full_name],
    )
