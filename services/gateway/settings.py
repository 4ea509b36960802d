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
    # Login and registration attempts (ServerAPI) allowed per minute from one client address,
    # and per account (username or device mac); beyond, 429 with Retry-After. Per replica.
    gateway_auth_attempts_per_address: int = Field(default=30, ge=1)
    gateway_auth_attempts_per_account: int = Field(default=10, ge=1)
    # An idle keep-alive connection is closed after this long. Longer than the idle timeout of
    # whatever sits in front (load balancers, ingress: 60 s is common), so the gateway never
    # closes a connection just as the proxy reuses it.
    gateway_keep_alive_seconds: int = Field(default=75, ge=1)
    # Deadline of a health check against one backend.
    gateway_health_timeout_seconds: float = Field(default=1.0, gt=0)
    # Longest Authorization header passed on to a service (401 above).
    gateway_max_authorization_bytes: int = Field(default=4096, ge=64)
    # Deepest nesting of a JSON body (MAC); deeper answers 400.
    gateway_max_json_depth: int = Field(default=20, ge=2)
    # Proxies (addresses or CIDRs) whose X-Forwarded-For / X-Forwarded-Proto are believed;
    # from anyone else the connecting address is the client. "*" trusts every peer.
    gateway_trusted_proxies: CommaList = Field(default_factory=lambda: ["127.0.0.1", "::1"])
    # MAC lobby bodies kept (one per caller) to answer polls whose ETag the players service
    # confirms unchanged; 0 renders every poll.
    gateway_mac_game_cache_entries: int = Field(default=256, ge=0)
    # A live feed whose fleet backend is away this long tells its client (alert_error 503,
    # WebSocket close 1011); shorter outages are bridged by resuming from the last event id.
    gateway_live_outage_seconds: float = Field(default=60.0, gt=0)
    # A feed opened while its fleet backend is unavailable (a restart, a rollout) waits this
    # long for it before answering 503.
    gateway_live_connect_seconds: float = Field(default=10.0, gt=0)
    # Longest wait between two attempts to resume a live feed (the first waits 0.2 s).
    gateway_live_retry_max_seconds: float = Field(default=2.0, gt=0)
