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
    # A live feed whose fleet backend is away this long tells its client (alert_error 503,
    # WebSocket close 1011); shorter outages are bridged by resuming from the last event id.
    gateway_live_outage_seconds: float = Field(default=60.0, gt=0)
    # Longest wait between two attempts to resume a live feed (the first waits 0.2 s).
    gateway_live_retry_max_seconds: float = Field(default=2.0, gt=0)
