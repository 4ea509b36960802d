"""Settings of the halp domain, mixed into PlayersSettings (environment prefix ARGUS_)."""

from __future__ import annotations

from pydantic_settings import BaseSettings


class HalpSettings(BaseSettings):
    pass
