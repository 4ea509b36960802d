"""One reused channel per backend service, and the stubs routes call through it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

import grpc
from fastapi import Depends, Request

from argus.core.grpc_client import channel_for
from argus.fleet.v1 import fleet_pb2_grpc
from argus.ocr.v1 import ocr_pb2_grpc
from argus.players.v1 import fairplay_pb2_grpc, halp_pb2_grpc, mac_pb2_grpc
from services.gateway.settings import GatewaySettings


@dataclass
class Backends:
    settings: GatewaySettings
    channels: dict[str, grpc.aio.Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        targets = {
            "ocr": self.settings.ocr_target,
            "players": self.settings.players_target,
            "fleet": self.settings.fleet_target,
        }
        for name, target in targets.items():
            self.channels[name] = channel_for(self.settings, target)
        self.targets = targets
        self.ocr = ocr_pb2_grpc.OcrServiceStub(self.channels["ocr"])
        self.halp = halp_pb2_grpc.HalpServiceStub(self.channels["players"])
        self.mac = mac_pb2_grpc.MacServiceStub(self.channels["players"])
        self.fairplay = fairplay_pb2_grpc.FairPlayServiceStub(self.channels["players"])
        self.fleet = fleet_pb2_grpc.FleetServiceStub(self.channels["fleet"])

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()


def get_backends(request: Request) -> Backends:
    backends: Backends = request.app.state.backends
    return backends


BackendsDep = Annotated[Backends, Depends(get_backends)]
