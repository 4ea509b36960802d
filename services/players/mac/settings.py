"""Settings of the mac domain, mixed into PlayersSettings (environment prefix ARGUS_)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from argus.core.settings import CommaList


class MacSettings(BaseSettings):
    # Bearer tokens of MAC clients; each token is one client. Empty: loopback callers only.
    mac_tokens: CommaList = Field(default_factory=list)
    # How long a player missing from the snapshots stays as "Recently Disconnected".
    mac_disconnect_grace_seconds: float = Field(default=60.0, ge=0)
    # Players who left a lobby: the newest this many are listed; rows older than the
    # retention (days) are deleted.
    mac_history_limit: int = Field(default=100, ge=1)
    mac_history_retention_days: float = Field(default=90.0, gt=0)
    mac_command_queue_limit: int = Field(default=100, ge=1)
    mac_max_status_bytes: int = Field(default=256 * 1024, ge=1024)
    mac_max_players_per_request: int = Field(default=1000, ge=1)
    mac_max_namespace_bytes: int = Field(default=64 * 1024, ge=256)
    # Deepest nesting of player data, preferences and commands (deeper: INVALID_ARGUMENT).
    mac_max_json_depth: int = Field(default=20, ge=2)
    # Most clients one operators' listing returns.
    mac_list_clients_max: int = Field(default=100, ge=1, le=1000)
    # Rendered lobbies each replica keeps, checked against the database on every poll.
    mac_game_cache_entries: int = Field(default=1024, ge=0)
    # Steam Web API: profiles and bans of lobby players, when a key is set.
    steam_api_key: SecretStr = SecretStr("")
    steam_api_base_url: str = "https://api.steampowered.com"
    # Profiles fetched longer ago than this are fetched again (the cache is in the database).
    steam_cache_seconds: float = Field(default=6 * 3600.0, ge=0)
    steam_timeout_seconds: float = Field(default=5.0, gt=0)
    # Profiles a lookup (the web UI's POST /mac/user/v1) fetches at most; the others come
    # from the cache.
    steam_max_fetch_per_lookup: int = Field(default=200, ge=1)
