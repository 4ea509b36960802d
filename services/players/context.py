"""What the players service's domains share at run time: settings, database, OCR client."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import grpc

from argus.core.db import Database
from argus.ocr.v1 import ocr_pb2_grpc
from services.players.settings import PlayersSettings

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class PlayersContext:
    settings: PlayersSettings
    database: Database
    ocr_channel: grpc.aio.Channel

    @property
    def ocr(self) -> ocr_pb2_grpc.OcrServiceStub:
        return ocr_pb2_grpc.OcrServiceStub(self.ocr_channel)
