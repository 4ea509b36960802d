"""gRPC face of the OCR service: protos in, domain calls, protos out."""

from __future__ import annotations

import grpc

from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.ocr.reader import OcrReader


class OcrServicer(ocr_pb2_grpc.OcrServiceServicer):
    def __init__(self, reader: OcrReader) -> None:
        self.reader = reader

    async def ReadPlayerList(
        self, request: ocr_pb2.ReadPlayerListRequest, context: grpc.aio.ServicerContext
    ) -> ocr_pb2.ReadPlayerListResponse:
        rows = await self.reader.read_player_list(request.image)
        return ocr_pb2.ReadPlayerListResponse(
            rows=[
                ocr_pb2.PlayerRow(
                    text=r.text,
                    name=r.name,
                    crew_tag=r.crew_tag,
                    confidence=r.confidence,
                    row=r.row,
                )
                for r in rows
            ],
            engine=self.reader.engine_name,
        )

    async def ReadPlayerCount(
        self, request: ocr_pb2.ReadPlayerCountRequest, context: grpc.aio.ServicerContext
    ) -> ocr_pb2.ReadPlayerCountResponse:
        count = await self.reader.read_player_count(request.image)
        return ocr_pb2.ReadPlayerCountResponse(
            found=count.found,
            count=count.count,
            lobby_type=count.lobby_type,
            raw_text=count.raw_text,
            confidence=count.confidence,
            engine=self.reader.engine_name,
        )
