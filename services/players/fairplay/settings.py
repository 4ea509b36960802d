"""Settings of the fairplay domain, mixed into PlayersSettings (environment prefix ARGUS_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class FairPlaySettings(BaseSettings):
    pass
