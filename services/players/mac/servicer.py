from __future__ import annotations

from argus.players.v1 import mac_pb2_grpc
from services.players.context import PlayersContext


class MacServicer(mac_pb2_grpc.MacServiceServicer):
    """RPCs not overridden here answer UNIMPLEMENTED."""

    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
