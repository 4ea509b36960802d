"""What the fleet service's parts share at run time: settings, database, domain objects."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from argus.core import credentials
from argus.core.db import Database
from argus.core.work_slots import WorkSlots
from services.fleet.accounts.auth import Passwords, Tokens, load_secret
from services.fleet.accounts.caller_cache import CallerCache
from services.fleet.accounts.enrollment import Enrollment
from services.fleet.accounts.service import AccountsDomain
from services.fleet.alerts.feed import EventFeed
from services.fleet.alerts.service import AlertsDomain
from services.fleet.frames.retention import FramePruner
from services.fleet.frames.service import FramesDomain
from services.fleet.live.service import LiveDomain
from services.fleet.settings import FleetSettings

MIGRATIONS = Path(__file__).parent / "migrations"
ADMIN_USERNAME_KEY = "ARGUS_FLEET_ADMIN_USERNAME"
ADMIN_PASSWORD_KEY = "ARGUS_FLEET_ADMIN_PASSWORD"  # noqa: S105 - a setting's name

log = logging.getLogger("argus.fleet")


def passwords(settings: FleetSettings) -> Passwords:
    return Passwords(
        time_cost=settings.fleet_password_time_cost,
        memory_kib=settings.fleet_password_memory_kib,
        slots=settings.fleet_password_hash_slots,
        max_waiting=settings.fleet_password_hash_queue,
    )


@dataclass
class FleetContext:
    settings: FleetSettings
    database: Database
    accounts: AccountsDomain
    alerts: AlertsDomain
    frames: FramesDomain
    live: LiveDomain
    events: EventFeed
    pruner: FramePruner

    @classmethod
    def create(cls, settings: FleetSettings, database: Database) -> FleetContext:
        secret = load_secret(
            settings.jwt_secret.get_secret_value(),
            settings.data_dir,
            generate=settings.mode != "production",
        )
        tokens = Tokens(secret=secret, ttl_seconds=settings.jwt_ttl, issuer=settings.jwt_issuer)
        events = EventFeed(
            database.sessions,
            database_url=settings.database_url,
            schema=settings.fleet_database_schema,
            queue_limit=settings.fleet_watch_queue_events,
            poll_seconds=settings.fleet_event_poll_seconds,
            retention_seconds=settings.fleet_event_retention_seconds,
        )
        alerts = AlertsDomain(
            database.sessions, settings, transactions=database.transactions, events=events
        )
        return cls(
            settings=settings,
            database=database,
            accounts=AccountsDomain(
                database.sessions,
                tokens,
                passwords(settings),
                Enrollment(
                    settings.fleet_device_registration,
                    settings.fleet_device_enrollment_secret.get_secret_value(),
                ),
                CallerCache(settings.fleet_auth_cache_seconds),
            ),
            alerts=alerts,
            frames=FramesDomain(
                database.transactions,
                settings,
                events=events,
                decodes=WorkSlots(settings.fleet_image_decode_slots, name="decode"),
            ),
            live=LiveDomain(alerts),
            events=events,
            pruner=FramePruner(database.sessions, settings),
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
        self.pruner.start()

    async def stop(self) -> None:
        """Stop pruning, and the decode and hashing threads (the server has stopped)."""
        await self.pruner.stop()
        self.frames.decodes.close()
        self.accounts.passwords.slots.close()

    async def _generated_admin(self) -> None:
        """With no admin configured, `admin` gets a random password kept in the data directory's
        credentials file (never logged), so that a fresh `make run` can register users."""
        data_dir = self.settings.data_dir
        kept = credentials.read(credentials.credentials_path(data_dir))
        username = kept.get(ADMIN_USERNAME_KEY) or "admin"
        password = kept.get(ADMIN_PASSWORD_KEY) or credentials.random_secret()
        created = await self.accounts.ensure_admin(username=username, password=password)
        if created is None:
            return
        credentials.update(data_dir, {ADMIN_USERNAME_KEY: username, ADMIN_PASSWORD_KEY: password})
        log.warning(
            "first admin %r created; its password is in %s",
            username,
            credentials.credentials_path(data_dir),
        )
