"""What the fleet service's parts share at run time: settings and database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argus.core.db import Database
from services.fleet.settings import FleetSettings

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class FleetContext:
    settings: FleetSettings
    database: Database
