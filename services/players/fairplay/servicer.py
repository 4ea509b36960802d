from __future__ import annotations

from argus.players.v1 import fairplay_pb2_grpc
from services.players.context import PlayersContext


class FairPlayServicer(fairplay_pb2_grpc.FairPlayServiceServicer):
    """RPCs not overridden here answer UNIMPLEMENTED."""

    def __init__(self, ctx: PlayersContext) -> None:
        self.ctx = ctx
