from __future__ import annotations

from argus.core.settings import GrpcServiceSettings, sqlite_url


class FleetSettings(GrpcServiceSettings):
    fleet_port: int = 50053
    fleet_metrics_port: int = 9103
    # Empty: SQLite under the data directory.
    fleet_database_url: str = ""
    # PostgreSQL schema (search_path) to use; empty: the server's default.
    fleet_database_schema: str = ""

    @property
    def grpc_port(self) -> int:
        return self.fleet_port

    @property
    def metrics_port(self) -> int:
        return self.fleet_metrics_port

    @property
    def database_url(self) -> str:
        return self.fleet_database_url or sqlite_url(self.data_dir, "fleet")
