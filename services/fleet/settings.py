"""Settings of the fleet service (environment prefix ARGUS_)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, model_validator

from argus.core.settings import CommaList, GrpcServiceSettings, sqlite_url

DEFAULT_BEHAVIORS = ["Safe", "Unsafe", "Eating/Drinking", "Single Hand", "Tamper"]


class FleetSettings(GrpcServiceSettings):
    """Every setting of the fleet service: one class, built once at start-up."""

    fleet_port: int = 50053
    fleet_metrics_port: int = 9103
    # Empty: SQLite under the data directory.
    fleet_database_url: str = ""
    # PostgreSQL schema (search_path) to use; empty: the server's default.
    fleet_database_schema: str = ""
    # On SQLite: threads (each with its connection) that run the hot reads (alert, truck and
    # frame lists, last status) in one go beside the writer thread (argus.core.transactions).
    fleet_database_reader_threads: int = Field(default=2, ge=1, le=64)

    # Accounts: tokens, password hashing, who may register devices.
    # HMAC key that signs tokens; empty: a random key kept in the data directory.
    jwt_secret: SecretStr = SecretStr("")
    # Lifetime of user and device tokens, in seconds.
    jwt_ttl: int = Field(default=3600, ge=1)
    jwt_issuer: str = "argus-fleet"
    # argon2id cost of password hashes (iterations, memory in KiB).
    fleet_password_time_cost: int = Field(default=3, ge=1)
    fleet_password_memory_kib: int = Field(default=65536, ge=8)
    # argon2 hashes computed at once (logins, registrations); more wait their turn. Each
    # takes ARGUS_FLEET_PASSWORD_MEMORY_KIB of memory and a core while it runs: one slot leaves
    # the pod's other cores to every other call during a login storm.
    fleet_password_hash_slots: int = Field(default=1, ge=1, le=256)
    # Logins waiting for a slot; beyond, RESOURCE_EXHAUSTED (429) at once, not a queue that
    # outlives the callers' deadlines.
    fleet_password_hash_queue: int = Field(default=8, ge=0, le=10_000)
    # The first admin, created at start-up when no user exists yet.
    fleet_admin_username: str = ""
    fleet_admin_password: SecretStr = SecretStr("")
    # Who may register a new device: "open" (anyone), "secret" (who presents the enrollment
    # secret) or "approval" (anyone, but the device may not open alerts or send frames until
    # an admin approves it). Known devices renew their tokens with their password in any mode.
    fleet_device_registration: Literal["open", "secret", "approval"] = "open"
    fleet_device_enrollment_secret: SecretStr = SecretStr("")
    # How long who a token belongs to (user and role, device and truck) is kept in memory;
    # a change made through another replica or the `argus` commands counts within this time.
    # 0: read from the database on every call.
    fleet_auth_cache_seconds: float = Field(default=5, ge=0, le=300)

    # Alerts and frames: behaviours, limits, retention, page sizes.
    fleet_behaviors: CommaList = Field(default_factory=lambda: list(DEFAULT_BEHAVIORS))
    # Largest frame image accepted, in bytes (after base64 decoding).
    fleet_max_frame_bytes: int = Field(default=4 * 1024 * 1024, ge=1024)
    # Most pixels a frame may have, read from its header before any decoding.
    fleet_max_frame_pixels: int = Field(default=16_000_000, ge=1)
    # Frame images decoded at once (REST and streams together); more wait their turn.
    fleet_image_decode_slots: int = Field(default=2, ge=1, le=256)
    # A frame sent one per call that is a sequential JPEG of at most this many bytes and
    # pixels is decoded on the event loop (at most about 2 ms): cheaper than a hop to a decode
    # thread and back. Anything else, progressive JPEGs and PNGs included, takes a decode
    # slot. 0 bytes: every frame takes a slot.
    fleet_image_inline_check_bytes: int = Field(default=128 * 1024, ge=0)
    fleet_image_inline_check_pixels: int = Field(default=1280 * 1024, ge=0)
    # Frames one device may send a minute (REST and streams together, per fleet replica): REST
    # answers 429 beyond it, streams are slowed down to it.
    fleet_device_frames_per_minute: int = Field(default=1800, ge=1)
    # Frames are deleted this many days after they were stored (0: kept for ever), in
    # batches of ARGUS_FLEET_FRAME_PRUNE_BATCH rows, checked every
    # ARGUS_FLEET_FRAME_PRUNE_INTERVAL_SECONDS.
    fleet_frame_retention_days: float = Field(default=30, ge=0)
    fleet_frame_prune_batch: int = Field(default=500, ge=1, le=100_000)
    fleet_frame_prune_interval_seconds: float = Field(default=300, gt=0)
    fleet_alerts_per_page: int = Field(default=20, ge=1, le=1000)
    fleet_frames_per_page: int = Field(default=5, ge=1, le=1000)
    fleet_trucks_per_page: int = Field(default=20, ge=1, le=1000)

    # Live streams: StreamFrames and WatchAlerts.
    # Frames one stream holds between reading and acknowledging; a slow database makes the
    # server stop reading, and HTTP/2 flow control slows the device down.
    fleet_stream_max_in_flight: int = Field(default=128, ge=1, le=100_000)
    # Most frames committed in one transaction.
    fleet_stream_batch_frames: int = Field(default=64, ge=1, le=10_000)
    # How streamed images are checked: "decode" with OpenCV, as the REST path does, or
    # "structure": a whole JPEG/PNG file, without decoding the pixels (about half the CPU).
    fleet_stream_image_check: Literal["decode", "structure"] = "decode"
    # Live events queued for one watcher; a watcher further behind reads the event table
    # until it has caught up.
    fleet_watch_queue_events: int = Field(default=1000, ge=1, le=1_000_000)
    # How long alert events stay in the outbox, i.e. how far back a watch can resume.
    fleet_event_retention_seconds: float = Field(default=7 * 86_400.0, ge=60)
    # A replica reads the outbox at least this often, even without a wake-up (NOTIFY lost).
    fleet_event_poll_seconds: float = Field(default=2.0, gt=0, le=300)

    @model_validator(mode="after")
    def _secret_mode_needs_a_secret(self) -> FleetSettings:
        if self.fleet_device_registration == "secret":
            if len(self.fleet_device_enrollment_secret.get_secret_value()) < 16:
                raise ValueError(
                    "ARGUS_FLEET_DEVICE_REGISTRATION=secret needs "
                    "ARGUS_FLEET_DEVICE_ENROLLMENT_SECRET of at least 16 characters"
                )
        return self

    @property
    def grpc_port(self) -> int:
        return self.fleet_port

    @property
    def metrics_port(self) -> int:
        return self.fleet_metrics_port

    @property
    def database_url(self) -> str:
        return self.fleet_database_url or sqlite_url(self.data_dir, "fleet")
