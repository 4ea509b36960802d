"""Settings of the halp domain, mixed into PlayersSettings (environment prefix ARGUS_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings

from argus.core.settings import CommaList


class HalpSettings(BaseSettings):
    # Configured GTA Online sessions, e.g. "clifford,spadge".
    halp_sessions: CommaList = Field(default_factory=list)
    # Accepted auth tokens; with none configured every call is refused (403).
    halp_tokens: CommaList = Field(default_factory=list)
    # An OCR'd name whose best score reaches this is matched (0..100).
    halp_match_threshold: int = Field(default=85, ge=0, le=100)
    # Largest accepted image (player list or count banner), in bytes.
    # Two of them travel in one gRPC message: keep 2x this under ARGUS_GRPC_MAX_MESSAGE_BYTES.
    halp_max_image_bytes: int = Field(default=6 * 1024 * 1024, ge=1024)
    # Most pixels of each image, read from its header before anything decodes it.
    halp_max_image_pixels: int = Field(default=16_000_000, ge=1)
    # Largest player count accepted in rawCount mode.
    halp_max_player_count: int = Field(default=1000, ge=1)
    # Most roster names one read_player_list call may match against.
    halp_max_roster_names: int = Field(default=20_000, ge=1)
    # History reads: rows when the caller gives no limit, and the most it may ask for.
    halp_history_default_limit: int = Field(default=100, ge=1)
    halp_history_max_limit: int = Field(default=5_000, ge=1)
    # Screenshots live in the database. This is the folder older versions stored them in: its
    # files are copied into the database once, by a migration. Empty: "halp-uploads" under the
    # data directory.
    halp_uploads_dir: str = ""
    # Screenshots older than this many days are deleted (their /uploads/<name> answers 404).
    halp_upload_retention_days: float = Field(default=30.0, gt=0)
