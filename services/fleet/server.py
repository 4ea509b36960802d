"""Wires the fleet servicer into the shared server bootstrap."""

from __future__ import annotations

from typing import Any

from argus.core.db import Database
from argus.core.grpc_server import ServiceSpec
from argus.fleet.v1 import fleet_pb2, fleet_pb2_grpc
from services.fleet.context import MIGRATIONS, FleetContext
from services.fleet.servicer import FleetServicer
from services.fleet.settings import FleetSettings


def build(settings: FleetSettings) -> ServiceSpec:
    state: dict[str, Any] = {}

    async def start() -> None:
        database = await Database.open(
            settings.database_url,
            MIGRATIONS,
            schema=settings.fleet_database_schema,
            readers=settings.fleet_database_reader_threads,
        )
        state["ctx"] = FleetContext.create(settings, database)
        state["servicer"] = FleetServicer(state["ctx"])
        await state["servicer"].start()

    async def stop() -> None:
        servicer: FleetServicer | None = state.get("servicer")
        if servicer is not None:
            await servicer.stop()
        if "ctx" in state:
            await state["ctx"].stop()
            await state["ctx"].database.close()

    def register(server: Any) -> None:
        fleet_pb2_grpc.add_FleetServiceServicer_to_server(state["servicer"], server)

    return ServiceSpec(
        name="fleet",
        register=[register],
        service_names=[fleet_pb2.DESCRIPTOR.services_by_name["FleetService"].full_name],
        on_start=[start],
        on_stop=[stop],
        probe=lambda: state["ctx"].database.ping(),
    )
