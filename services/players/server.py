"""Wires the HALP, MAC and DFairPlay servicers into the shared server bootstrap."""

from __future__ import annotations

from typing import Any

from argus.core.db import Database
from argus.core.grpc_client import channel_for
from argus.core.grpc_server import ServiceSpec
from argus.players.v1 import (
    fairplay_pb2,
    fairplay_pb2_grpc,
    halp_pb2,
    halp_pb2_grpc,
    mac_pb2,
    mac_pb2_grpc,
)
from services.players.context import MIGRATIONS, PlayersContext
from services.players.fairplay.servicer import FairPlayServicer
from services.players.halp.models import HalpUpload
from services.players.halp.servicer import HalpServicer
from services.players.mac.models import HistoryRow
from services.players.mac.servicer import MacServicer
from services.players.retention import Pruner, Rule
from services.players.settings import PlayersSettings


def pruner(settings: PlayersSettings, database: Database) -> Pruner:
    """Deletes HALP screenshots and MAC history older than their retention settings."""
    rules = [
        Rule(HalpUpload.name, HalpUpload.created_at, settings.halp_upload_retention_days),
        Rule(HistoryRow.id, HistoryRow.left_at, settings.mac_history_retention_days),
    ]
    return Pruner(
        database,
        rules,
        interval=settings.players_prune_interval_seconds,
        batch=settings.players_prune_batch_size,
    )


def build(settings: PlayersSettings) -> ServiceSpec:
    state: dict[str, Any] = {}

    async def start() -> None:
        database = await Database.open(
            settings.database_url,
            MIGRATIONS,
            schema=settings.players_database_schema,
            attributes={"halp_uploads_dir": str(settings.legacy_uploads_dir)},
        )
        channel = channel_for(settings, settings.ocr_target)
        ctx = PlayersContext(settings=settings, database=database, ocr_channel=channel)
        state["ctx"] = ctx
        state["servicers"] = [HalpServicer(ctx), MacServicer(ctx), FairPlayServicer(ctx)]
        for servicer in state["servicers"]:
            if hasattr(servicer, "start"):
                await servicer.start()
        state["pruner"] = pruner(settings, database)
        state["pruner"].start()

    async def stop() -> None:
        if "pruner" in state:
            await state["pruner"].stop()
        for servicer in state.get("servicers", []):
            if hasattr(servicer, "stop"):
                await servicer.stop()
        ctx: PlayersContext | None = state.get("ctx")
        if ctx is not None:
            await ctx.ocr_channel.close()
            await ctx.database.close()

    def register(server: Any) -> None:
        halp, mac, fairplay = state["servicers"]
        halp_pb2_grpc.add_HalpServiceServicer_to_server(halp, server)
        mac_pb2_grpc.add_MacServiceServicer_to_server(mac, server)
        fairplay_pb2_grpc.add_FairPlayServiceServicer_to_server(fairplay, server)

    return ServiceSpec(
        name="players",
        register=[register],
        service_names=[
            halp_pb2.DESCRIPTOR.services_by_name["HalpService"].full_name,
            mac_pb2.DESCRIPTOR.services_by_name["MacService"].full_name,
            fairplay_pb2.DESCRIPTOR.services_by_name["FairPlayService"].full_name,
        ],
        on_start=[start],
        on_stop=[stop],
        probe=lambda: state["ctx"].database.ping(),
    )
