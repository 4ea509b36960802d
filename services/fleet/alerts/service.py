"""Alerts and frames: devices open and close alerts and send frames; users read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from argus.core.errors import FailedPrecondition, InvalidArgument, NotFound, ResourceExhausted
from argus.core.limits import excerpt
from argus.core.rate_limit import RateLimiter, retry_after
from argus.core.work_slots import WorkSlots
from services.fleet.accounts import device_store as devices
from services.fleet.accounts import truck_store as trucks
from services.fleet.accounts.auth import Kind, Role
from services.fleet.accounts.caller import Caller
from services.fleet.accounts.models import Truck
from services.fleet.alerts import metrics
from services.fleet.alerts import store as alerts
from services.fleet.alerts.events import AlertEvent, AlertSnapshot, EventKind, FrameSnapshot, now
from services.fleet.alerts.feed import EventFeed
from services.fleet.alerts.models import Alert
from services.fleet.alerts.store import AlertFilter
from services.fleet.frames import metrics as frame_metrics
from services.fleet.frames import store as frames
from services.fleet.frames.images import check_image
from services.fleet.frames.models import Frame
from services.fleet.frames.store import FrameFilter
from services.fleet.frames.writer import FrameWriter
from services.fleet.paging import Page
from services.fleet.settings import FleetSettings


@dataclass(frozen=True)
class TruckStatus:
    truck: Truck
    device_mac: str
    last_alert: Alert | None


def _check_page(page: int) -> int:
    if page < 1:
        raise InvalidArgument("page: 1 or more", reason="INVALID_PAGE")
    return page


def _check_in_range(page: Page[Any]) -> None:
    if page.page > max(page.total_pages, 1):
        raise NotFound(
            f"page {page.page} is past the last page ({page.total_pages})", reason="PAGE_NOT_FOUND"
        )


class Alerts:
    """Every alert and frame operation, checked against its caller; each change records its
    event in its own transaction."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        settings: FleetSettings,
        *,
        events: EventFeed,
        decodes: WorkSlots | None = None,
    ) -> None:
        self.sessions = sessions
        self.settings = settings
        self.events = events
        # Image decodes and the frame budgets of devices, shared by REST frames and streams.
        self.decodes = decodes or WorkSlots(settings.fleet_image_decode_slots, name="decode")
        self.frame_rate = RateLimiter(settings.fleet_device_frames_per_minute)
        # Frames of concurrent calls, committed together.
        self.writer = FrameWriter(sessions, record=self._record_frames, committed=events.wake)

    async def _record(
        self,
        session: AsyncSession,
        kind: EventKind,
        alert: Alert | None,
        frame: Frame | None = None,
    ) -> None:
        snapshot = AlertSnapshot.of(alert) if alert is not None else None
        framed = FrameSnapshot.of(frame) if frame is not None else None
        await self.events.record(session, AlertEvent(kind, snapshot, framed, at=now()))

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

    async def list_alerts(self, caller: Caller, *, where: AlertFilter, page: int) -> Page[Alert]:
        caller.as_user()
        if where.behavior is not None:
            self._check_behavior(where.behavior)
        async with self.sessions() as session:
            result = await alerts.list_page(
                session=session,
                where=where,
                page=_check_page(page),
                per_page=self.settings.fleet_alerts_per_page,
            )
        _check_in_range(result)
        return result

    def _check_frame_rate(self, caller: Caller) -> None:
        wait = self.frame_rate.take(str(caller.id))
        if wait:
            frame_metrics.FRAMES_REJECTED.labels("FRAME_RATE_LIMITED").inc()
            raise ResourceExhausted(
                f"this device sent more than {self.settings.fleet_device_frames_per_minute} "
                f"frames in a minute; retry in {retry_after(wait)} s",
                reason="FRAME_RATE_LIMITED",
                metadata={"retry_after_seconds": retry_after(wait)},
            )

    async def _check_frame(self, image: bytes) -> None:
        try:
            await self.decodes.run(
                check_image,
                image,
                max_bytes=self.settings.fleet_max_frame_bytes,
                max_pixels=self.settings.fleet_max_frame_pixels,
            )
        except InvalidArgument as exc:
            frame_metrics.FRAMES_REJECTED.labels(exc.reason).inc()
            raise

    async def add_frame(
        self,
        caller: Caller,
        *,
        alert_id: int,
        frame_timestamp: datetime,
        image: bytes,
        frame_index: int = 0,
    ) -> Frame:
        """Store a frame of an open alert of the caller's truck (in a group commit)."""
        caller.as_approved_device()
        self._check_frame_rate(caller)
        await self._check_frame(image)
        frame = await self.writer.store(
            caller,
            alert_id=alert_id,
            truck_id=caller.truck_id,
            frame_timestamp=frame_timestamp,
            image=image,
            frame_index=frame_index,
        )
        _count_frame("alert", len(image))
        return frame

    async def add_safe_frame(
        self,
        caller: Caller,
        *,
        truck_id: int,
        frame_timestamp: datetime,
        image: bytes,
    ) -> Frame:
        """Store a safe frame (no alert) of the caller's truck (in a group commit)."""
        caller.as_approved_device().check_truck(truck_id)
        self._check_frame_rate(caller)
        await self._check_frame(image)
        frame = await self.writer.store(
            caller,
            alert_id=0,
            truck_id=truck_id,
            frame_timestamp=frame_timestamp,
            image=image,
            frame_index=0,
        )
        _count_frame("safe", len(image))
        return frame

    async def _record_frames(
        self, session: AsyncSession, added: list[tuple[Alert | None, Frame]]
    ) -> None:
        """A FRAME_ADDED event per frame, in one statement."""
        at = now()
        events = [
            AlertEvent(
                EventKind.FRAME_ADDED,
                AlertSnapshot.of(alert) if alert is not None else None,
                FrameSnapshot.of(frame),
                at=at,
            )
            for alert, frame in added
        ]
        await self.events.record_many(session, events)

    async def close(self) -> None:
        """Let the frame commit under way finish (before the database closes)."""
        await self.writer.close()

    async def list_frames(self, caller: Caller, *, where: FrameFilter, page: int) -> Page[Frame]:
        caller.as_user()
        async with self.sessions() as session:
            if await alerts.get(session=session, alert_id=where.alert_id) is None:
                raise NotFound(f"alert {where.alert_id} not found", reason="ALERT_NOT_FOUND")
            result = await frames.list_page(
                session=session,
                where=where,
                page=_check_page(page),
                per_page=self.settings.fleet_frames_per_page,
            )
        _check_in_range(result)
        return result

    async def last_status(self, caller: Caller, *, truck_id: int) -> Frame:
        """The newest frame of a truck, safe or alert."""
        caller.as_user()
        async with self.sessions() as session:
            if await trucks.get(session=session, truck_id=truck_id) is None:
                raise NotFound(f"truck {truck_id} not found", reason="TRUCK_NOT_FOUND")
            frame = await frames.latest_of_truck(session=session, truck_id=truck_id)
        if frame is None:
            raise NotFound(f"truck {truck_id} has no frame yet", reason="NO_FRAME")
        return frame

    async def list_trucks(self, caller: Caller, *, page: int) -> Page[TruckStatus]:
        caller.as_user()
        async with self.sessions() as session:
            result = await trucks.list_page(
                session=session,
                page=_check_page(page),
                per_page=self.settings.fleet_trucks_per_page,
            )
            ids = [truck.id for truck in result.items]
            last = await alerts.latest_by_truck(session=session, truck_ids=ids)
            macs = await devices.by_truck(session=session, truck_ids=ids)
        _check_in_range(result)
        items = [
            TruckStatus(t, macs[t.id].mac if t.id in macs else "", last.get(t.id))
            for t in result.items
        ]
        return Page(items, result.page, result.per_page, result.total_items)


def _count_frame(kind: str, size: int) -> None:
    frame_metrics.FRAMES_RECEIVED.labels(kind).inc()
    frame_metrics.FRAME_BYTES.labels(kind).inc(size)
