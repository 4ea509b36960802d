from __future__ import annotations

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

    @property
    def grpc_port(self) -> int:
        return self.players_port

    @property
    def metrics_port(self) -> int:
        return self.players_metrics_port

    @property
    def database_url(self) -> str:
        return self.players_database_url or sqlite_url(self.data_dir, "players")
