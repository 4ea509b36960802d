from __future__ import annotations

from argus.core.settings import GrpcServiceSettings


class OcrSettings(GrpcServiceSettings):
    ocr_port: int = 50051
    ocr_metrics_port: int = 9101

    @property
    def grpc_port(self) -> int:
        return self.ocr_port

    @property
    def metrics_port(self) -> int:
        return self.ocr_metrics_port
