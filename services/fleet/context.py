"""What the fleet service's parts share at run time: settings, database, domain objects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from argus.core.db import Database
from services.fleet.auth import Tokens, load_secret
from services.fleet.domain.accounts import Accounts
from services.fleet.domain.alerts import Alerts
from services.fleet.domain.live import PublishingAlerts
from services.fleet.events import LocalBus, create_bus
from services.fleet.settings import FleetSettings

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass
class FleetContext:
    settings: FleetSettings
    database: Database
    accounts: Accounts
    alerts: Alerts
    events: LocalBus

    @classmethod
    def create(cls, settings: FleetSettings, database: Database) -> FleetContext:
        secret = load_secret(settings.jwt_secret.get_secret_value(), settings.data_dir)
        tokens = Tokens(secret=secret, ttl_seconds=settings.jwt_ttl, issuer=settings.jwt_issuer)
        events = create_bus(
            settings.database_url,
            settings.fleet_database_schema,
            settings.fleet_watch_queue_events,
        )
        return cls(
            settings=settings,
            database=database,
            accounts=Accounts(database.sessions, tokens),
            alerts=PublishingAlerts(database.sessions, settings, events=events),
            events=events,
        )

    async def start(self) -> None:
        """Create the configured first admin when no user exists; set the open-alerts gauge."""
        await self.events.start()
        username = self.settings.fleet_admin_username
        password = self.settings.fleet_admin_password.get_secret_value()
        if username and password:
            await self.accounts.ensure_admin(username=username, password=password)
        await self.alerts.refresh_open_gauge()
