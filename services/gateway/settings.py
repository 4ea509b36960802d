from __future__ import annotations

from pydantic import Field

from argus.core.settings import CommaList, CommonSettings


class GatewaySettings(CommonSettings):
    gateway_port: int = 8080
    ocr_target: str = "127.0.0.1:50051"
    players_target: str = "127.0.0.1:50052"
    fleet_target: str = "127.0.0.1:50053"
    # Origins allowed to call the API from a browser (e.g. the MAC web UI); "*" for any.
    gateway_cors_origins: CommaList = Field(default_factory=lambda: ["*"])
    # Largest request body accepted, in bytes (uploads, frames).
    gateway_max_body_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    # Deadline of a health check against one backend.
    gateway_health_timeout_seconds: float = Field(default=1.0, gt=0)
    # MAC lobby bodies kept (one per caller) to answer polls whose ETag the players service
    # confirms unchanged; 0 renders every poll.
    gateway_mac_game_cache_entries: int = Field(default=256, ge=0)
