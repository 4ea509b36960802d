from __future__ import annotations

from argus.fleet.v1 import fleet_pb2_grpc
from services.fleet.context import FleetContext


class FleetServicer(fleet_pb2_grpc.FleetServiceServicer):
    """RPCs not overridden here answer UNIMPLEMENTED."""

    def __init__(self, ctx: FleetContext) -> None:
        self.ctx = ctx
