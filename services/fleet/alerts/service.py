"""Alerts: devices open and close them; users read them and the trucks' last alerts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from argus.core.errors import FailedPrecondition, InvalidArgument, NotFound
from argus.core.limits import excerpt
from argus.core.transactions import Transactions
from services.fleet.accounts import device_store as devices
from services.fleet.accounts import truck_store as trucks
from services.fleet.accounts.auth import Kind, Role
from services.fleet.accounts.caller import Caller
from services.fleet.alerts import metrics
from services.fleet.alerts import store as alerts
from services.fleet.alerts.events import AlertEvent, EventKind
from services.fleet.alerts.feed import EventFeed
from services.fleet.alerts.models import Alert
from services.fleet.alerts.store import AlertFilter
from services.fleet.paging import Page, check_in_range, check_page
from services.fleet.settings import FleetSettings


@dataclass(frozen=True)
class TruckStatus:
    """A truck's row, its device's MAC ("" without one) and its newest alert's row, if any."""

    truck: Any
    device_mac: str
    last_alert: Any | None


class AlertsDomain:
    """Every alert operation, checked against its caller; each change records its event in
    its own transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: FleetSettings,
        *,
        transactions: Transactions,
        events: EventFeed,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.transactions = transactions
        self.events = events

    async def _record(self, session: AsyncSession, kind: EventKind, alert: Alert) -> None:
        await self.events.record(session, AlertEvent.of(kind, alert))

    def _check_behavior(self, behavior: str) -> str:
        if behavior not in self.settings.fleet_behaviors:
            known = ", ".join(self.settings.fleet_behaviors)
            raise InvalidArgument(
                f"unknown behavior {excerpt(behavior)}; known: {known}", reason="INVALID_BEHAVIOR"
            )
        return behavior

    async def open_alert(
        self, caller: Caller, *, truck_id: int, alert_init: datetime, behavior: str
    ) -> Alert:
        caller.as_approved_device().check_truck(truck_id)
        behavior = self._check_behavior(behavior)
        async with self.sessions() as session, session.begin():
            alert = await alerts.create(
                session=session, truck_id=truck_id, behavior=behavior, alert_init=alert_init
            )
            await self._record(session, EventKind.OPENED, alert)
        self.events.wake()
        metrics.ALERTS_OPENED.labels(behavior).inc()
        await self.refresh_open_gauge()
        return alert

    async def _alert(self, session: AsyncSession, caller: Caller, alert_id: int) -> Alert:
        """The alert, if the caller may see it: any user, or the device of its truck."""
        alert = await alerts.get(session=session, alert_id=alert_id)
        if alert is None:
            raise NotFound(f"alert {alert_id} not found", reason="ALERT_NOT_FOUND")
        if caller.kind is Kind.DEVICE:
            caller.check_truck(alert.truck_id)
        return alert

    async def get_alert(self, caller: Caller, *, alert_id: int) -> Alert:
        """One alert, for any user."""
        caller.as_user()
        async with self.sessions() as session:
            return await self._alert(session, caller, alert_id)

    async def close_alert(self, caller: Caller, *, alert_id: int, alert_end: datetime) -> Alert:
        """Close an open alert: its truck's device, or an operator or admin (any truck)."""
        if caller.kind is Kind.USER:
            caller.as_user(Role.ADMIN, Role.OPERATOR)
        async with self.sessions() as session, session.begin():
            alert = await self._alert(session, caller, alert_id)
            if alert_end < alert.alert_init:
                raise InvalidArgument("alert_end is before alert_init", reason="INVALID_END")
            if not await alerts.close(session=session, alert_id=alert_id, alert_end=alert_end):
                raise FailedPrecondition(f"alert {alert_id} is closed", reason="ALERT_CLOSED")
            await session.refresh(alert)
            await self._record(session, EventKind.CLOSED, alert)
        self.events.wake()
        metrics.ALERTS_CLOSED.inc()
        await self.refresh_open_gauge()
        return alert

    async def refresh_open_gauge(self) -> None:
        async with self.sessions() as session:
            metrics.ALERTS_OPEN.set(await alerts.count_open(session=session))

    async def list_alerts(self, caller: Caller, *, where: AlertFilter, page: int) -> Page[Any]:
        """A page of alerts (rows with the alert's columns as attributes), newest first."""
        caller.as_user()
        if where.behavior is not None:
            self._check_behavior(where.behavior)
        result = await self.transactions.read(
            alerts.list_page, where, check_page(page), self.settings.fleet_alerts_per_page
        )
        check_in_range(result)
        return result

    async def list_trucks(self, caller: Caller, *, page: int) -> Page[TruckStatus]:
        caller.as_user()
        per_page = self.settings.fleet_trucks_per_page
        result = await self.transactions.read(_trucks_page, check_page(page), per_page)
        check_in_range(result)
        return result


def _trucks_page(connection: Connection, page: int, per_page: int) -> Page[TruckStatus]:
    """A page of trucks, each with its device's MAC and its newest alert (one snapshot)."""
    result = trucks.list_page(connection, page, per_page)
    ids = [truck.id for truck in result.items]
    last = alerts.latest_by_truck(connection, ids)
    macs = devices.macs_by_truck(connection, ids)
    items = [TruckStatus(t, macs.get(t.id, ""), last.get(t.id)) for t in result.items]
    return Page(items, result.page, result.per_page, result.total_items)
