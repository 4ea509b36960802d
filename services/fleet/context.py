"""What the fleet service's parts share at run time: settings, database, domain objects."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from pathlib import Path

from argus.core.db import Database
from services.fleet.auth import Passwords, Tokens, load_secret
from services.fleet.domain.accounts import Accounts
from services.fleet.domain.alerts import Alerts
from services.fleet.domain.live import PublishingAlerts
from services.fleet.event_feed import EventFeed
from services.fleet.settings import FleetSettings

MIGRATIONS = Path(__file__).parent / "migrations"
FIRST_ADMIN_FILE = "fleet-admin-password"

log = logging.getLogger("argus.fleet")


def passwords(settings: FleetSettings) -> Passwords:
    return Passwords(
        time_cost=settings.fleet_password_time_cost,
        memory_kib=settings.fleet_password_memory_kib,
    )


@dataclass
class FleetContext:
    settings: FleetSettings
    database: Database
    accounts: Accounts
    alerts: Alerts
    events: EventFeed

    @classmethod
    def create(cls, settings: FleetSettings, database: Database) -> FleetContext:
        secret = load_secret(settings.jwt_secret.get_secret_value(), settings.data_dir)
        tokens = Tokens(secret=secret, ttl_seconds=settings.jwt_ttl, issuer=settings.jwt_issuer)
        events = EventFeed(
            database.sessions,
            database_url=settings.database_url,
            schema=settings.fleet_database_schema,
            queue_limit=settings.fleet_watch_queue_events,
            poll_seconds=settings.fleet_event_poll_seconds,
            retention_seconds=settings.fleet_event_retention_seconds,
        )
        return cls(
            settings=settings,
            database=database,
            accounts=Accounts(database.sessions, tokens, passwords(settings)),
            alerts=PublishingAlerts(database.sessions, settings, events=events),
            events=events,
        )

    async def start(self) -> None:
        """Create the first admin when no user exists; set the open-alerts gauge."""
        await self.events.start()
        username = self.settings.fleet_admin_username
        password = self.settings.fleet_admin_password.get_secret_value()
        if username and password:
            await self.accounts.ensure_admin(username=username, password=password)
        else:
            await self._generated_admin()
        await self.alerts.refresh_open_gauge()

    async def _generated_admin(self) -> None:
        """With no admin configured, `admin` gets a random password kept in the data directory
        (never logged), so that a fresh `make run` can register users."""
        password = secrets.token_urlsafe(18)
        created = await self.accounts.ensure_admin(username="admin", password=password)
        if created is None:
            return
        path = self.settings.data_dir / FIRST_ADMIN_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(password + "\n")
        log.warning("first admin 'admin' created; its password is in %s", path)
