"""The halp domain's view of the OCR service: two screenshots in, players and count out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import grpc

from argus.core.errors import ResourceExhausted, Unavailable
from argus.ocr.v1 import ocr_pb2, ocr_pb2_grpc
from services.players.halp.entities import Images, OcrRead, Player
from services.players.halp.service import invalid_images

T = TypeVar("T")

# The OCR service's verdicts on an image itself; every other failure is the service's own.
_IMAGE_FAULTS = {
    grpc.StatusCode.INVALID_ARGUMENT,
    grpc.StatusCode.OUT_OF_RANGE,
    grpc.StatusCode.FAILED_PRECONDITION,
}


class GrpcOcrReader:
    """Reads both screenshots of a submission concurrently over gRPC."""

    def __init__(self, stub: ocr_pb2_grpc.OcrServiceStub) -> None:
        self.stub = stub

    async def read(self, images: Images) -> OcrRead:
        rows, banner = await asyncio.gather(
            _guard(
                "playerlist",
                self.stub.ReadPlayerList(ocr_pb2.ReadPlayerListRequest(image=images.player_list)),
            ),
            _guard(
                "count_img",
                self.stub.ReadPlayerCount(ocr_pb2.ReadPlayerCountRequest(image=images.count_image)),
            ),
        )
        if not banner.found:
            raise invalid_images("count_img: no player count could be read")
        players = [
            Player(text=row.text.strip(), name=row.name.strip(), crew_tag=row.crew_tag.strip())
            for row in rows.rows
            if row.name.strip() or row.text.strip()
        ]
        return OcrRead(players=players, count=banner.count)


async def _guard(field: str, call: Awaitable[T]) -> T:
    """Await one OCR call; image faults become "Invalid images", a busy OCR service stays
    RESOURCE_EXHAUSTED (shed work: callers must not retry it at once), the rest UNAVAILABLE."""
    try:
        return await call
    except grpc.aio.AioRpcError as error:
        if error.code() in _IMAGE_FAULTS:
            raise invalid_images(f"{field}: {error.details()}") from None
        if error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED:
            raise ResourceExhausted(
                f"OCR service busy: {error.details()}", reason="OCR_BUSY"
            ) from None
        raise Unavailable(
            f"OCR service failed: {error.code().name}: {error.details()}",
            reason="OCR_UNAVAILABLE",
        ) from None
