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
    # Proxies (addresses or CIDRs) whose X-Forwarded-For / X-Forwarded-Proto are believed;
    # from anyone else the connecting address is the client. "*" trusts every peer.
    gateway_trusted_proxies: CommaList = Field(default_factory=lambda: ["127.0.0.1", "::1"])
