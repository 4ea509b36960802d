"""One reused channel per backend service, and the stubs routes call through it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

import grpc
from fastapi import Depends, Request

from argus.core.grpc_client import channel_for
from argus.fleet.v1 import fleet_pb2_grpc
from argus.players.v1 import fairplay_pb2_grpc, halp_pb2_grpc, mac_pb2_grpc
from services.gateway.settings import GatewaySettings


@dataclass
class Backends:
    settings: GatewaySettings
    channels: dict[str, grpc.aio.Channel] = field(default_factory=dict)
    # Open streaming calls that browser feeds are built on (WatchAlerts).
    streams: set[Any] = field(default_factory=set)
    # Set once the gateway stops: feeds end instead of watching again.
    stopping: bool = False

    def __post_init__(self) -> None:
        targets = {
            "ocr": self.settings.ocr_target,
            "players": self.settings.players_target,
            "fleet": self.settings.fleet_target,
        }
        for name, target in targets.items():
            self.channels[name] = channel_for(self.settings, target)
        self.targets = targets
        self.halp = halp_pb2_grpc.HalpServiceStub(self.channels["players"])
        self.mac = mac_pb2_grpc.MacServiceStub(self.channels["players"])
        self.fairplay = fairplay_pb2_grpc.FairPlayServiceStub(self.channels["players"])
        self.fleet = fleet_pb2_grpc.FleetServiceStub(self.channels["fleet"])

    def track(self, call: Any) -> Any:
        """Remember an open stream until it ends, so that `end_streams` can end it."""
        self.streams.add(call)
        call.add_done_callback(self.streams.discard)
        return call

    def end_streams(self) -> None:
        """Cancel every open stream: the feeds reading them end (the gateway is stopping)."""
        self.stopping = True
        for call in list(self.streams):
            call.cancel()

    async def close(self) -> None:
        for channel in self.channels.values():
            await channel.close()


async def get_backends(request: Request) -> Backends:
    # async: FastAPI runs a plain `def` dependency in a worker thread, a hop per request.
    backends: Backends = request.app.state.backends
    return backends


BackendsDep = Annotated[Backends, Depends(get_backends)]
