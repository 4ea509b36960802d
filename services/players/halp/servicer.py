from __future__ import annotations

from argus.players.v1 import halp_pb2_grpc
from services.players.context import PlayersContext


class HalpServicer(halp_pb2_grpc.HalpServiceServicer):
    """RPCs not overridden here answer UNIMPLEMENTED."""

    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
