"""Settings of the fairplay domain, mixed into PlayersSettings (environment prefix ARGUS_)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class FairPlaySettings(BaseSettings):
    # A session expires this many seconds after the last call that carried its token.
    dfairplay_session_ttl: float = Field(default=300.0, gt=0)
    # Players one session holds at most; adding one more new id fails with -3.
    dfairplay_max_players_per_session: int = Field(default=1000, ge=1)
    # Highest player id accepted (SA-MP ids are slots 0..MAX_PLAYERS-1).
    dfairplay_max_player_id: int = Field(default=999, ge=0)
    # Incidents count from this many seconds before the player was added.
    dfairplay_incident_lookback_seconds: float = Field(default=3600.0, ge=0)
    # Incidents older than this are deleted by the sweep (30 days).
    dfairplay_incident_retention_seconds: float = Field(default=30 * 86400.0, gt=0)
    # A fair-play client registration expires unless renewed within this many seconds.
    dfairplay_client_ttl_seconds: float = Field(default=600.0, gt=0)
    # How often expired sessions and client registrations are deleted.
    dfairplay_sweep_interval_seconds: float = Field(default=60.0, gt=0)
    # Longest incident kind and detail texts accepted.
    dfairplay_incident_kind_max_chars: int = Field(default=64, ge=1)
    dfairplay_incident_detail_max_chars: int = Field(default=4096, ge=1)
    # Fair-play clients present this to RegisterClient (internal callers need none). Empty:
    # only internal callers may register clients.
    dfairplay_client_enrollment_secret: SecretStr = SecretStr("")
    # Most sessions and incidents one operators' listing returns (and its default).
    dfairplay_list_max: int = Field(default=100, ge=1, le=1000)
