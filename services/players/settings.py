from __future__ import annotations

from pathlib import Path

from pydantic import Field

from argus.core.settings import GrpcServiceSettings, sqlite_url
from services.players.fairplay.settings import FairPlaySettings
from services.players.halp.settings import HalpSettings
from services.players.mac.settings import MacSettings


class PlayersSettings(HalpSettings, MacSettings, FairPlaySettings, GrpcServiceSettings):
    players_port: int = 50052
    players_metrics_port: int = 9102
    # Empty: SQLite under the data directory.
    players_database_url: str = ""
    # PostgreSQL schema (search_path) to use; empty: the server's default.
    players_database_schema: str = ""
    ocr_target: str = "127.0.0.1:50051"
    # Rows older than their retention (HALP uploads, MAC history) are deleted this often, in
    # transactions of at most this many rows.
    players_prune_interval_seconds: float = Field(default=300.0, gt=0)
    players_prune_batch_size: int = Field(default=500, ge=1)

    @property
    def grpc_port(self) -> int:
        return self.players_port

    @property
    def metrics_port(self) -> int:
        return self.players_metrics_port

    @property
    def database_url(self) -> str:
        return self.players_database_url or sqlite_url(self.data_dir, "players")

    @property
    def legacy_uploads_dir(self) -> Path:
        """Where versions before the database kept HALP screenshots (imported by a migration)."""
        configured = self.halp_uploads_dir
        return Path(configured) if configured else self.data_dir / "halp-uploads"
