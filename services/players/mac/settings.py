"""Settings of the mac domain, mixed into PlayersSettings (environment prefix ARGUS_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class MacSettings(BaseSettings):
    pass
