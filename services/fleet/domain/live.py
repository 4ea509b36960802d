"""Alert operations that also announce themselves on the event bus, after they commit."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from sqlalchemy.exc import IntegrityError

from argus.core.errors import InvalidArgument
from services.fleet.domain.alerts import Alerts
from services.fleet.domain.caller import Caller
from services.fleet.events import (
    AlertEvent,
    AlertSnapshot,
    EventKind,
    FrameSnapshot,
    LocalBus,
    now,
)
from services.fleet.models import Alert, Frame
from services.fleet.store import streamed
from services.fleet.streaming import MAX_SEQUENCE


class PublishingAlerts(Alerts):
    """`Alerts` whose opened/closed alerts and added frames reach every watcher."""

    def __init__(self, *args: Any, events: LocalBus, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.events = events

    async def open_alert(
        self, caller: Caller, *, truck_id: int, alert_init: datetime, behavior: str
    ) -> Alert:
        alert = await super().open_alert(
            caller, truck_id=truck_id, alert_init=alert_init, behavior=behavior
        )
        await self.events.publish(AlertEvent(EventKind.OPENED, AlertSnapshot.of(alert), at=now()))
        return alert

    async def close_alert(self, caller: Caller, *, alert_id: int, alert_end: datetime) -> Alert:
        alert = await super().close_alert(caller, alert_id=alert_id, alert_end=alert_end)
        await self.events.publish(AlertEvent(EventKind.CLOSED, AlertSnapshot.of(alert), at=now()))
        return alert

    async def add_frame(self, caller: Caller, **kwargs: Any) -> Frame:
        frame = await super().add_frame(caller, **kwargs)
        await self._frame_added(frame)
        return frame

    async def add_safe_frame(self, caller: Caller, **kwargs: Any) -> Frame:
        frame = await super().add_safe_frame(caller, **kwargs)
        await self._frame_added(frame)
        return frame

    async def _frame_added(self, frame: Frame) -> None:
        alert = None
        if frame.alert_id:
            async with self.sessions() as session:
                row = await session.get(Alert, frame.alert_id)
                alert = AlertSnapshot.of(row) if row is not None else None
        event = AlertEvent(EventKind.FRAME_ADDED, alert, FrameSnapshot.of(frame), at=now())
        await self.events.publish(event)

    async def open_alert_once(
        self,
        caller: Caller,
        *,
        request_id: int,
        truck_id: int,
        alert_init: datetime,
        behavior: str,
    ) -> Alert:
        """`open_alert`, except that a request id this device used before answers with the
        alert opened then (the device resent it after losing the answer)."""
        device = caller.as_device()
        if request_id > MAX_SEQUENCE:
            raise InvalidArgument(f"request_id above {MAX_SEQUENCE}", reason="INVALID_REQUEST_ID")
        if request_id:
            async with self.sessions() as session:
                earlier = await streamed.alert_of_request(
                    session=session, device_id=device.id, request_id=request_id
                )
            if earlier is not None:
                return earlier
        alert = await self.open_alert(
            caller, truck_id=truck_id, alert_init=alert_init, behavior=behavior
        )
        if request_id:
            with contextlib.suppress(IntegrityError):
                async with self.sessions() as session, session.begin():
                    await streamed.remember_request(
                        session=session,
                        device_id=device.id,
                        request_id=request_id,
                        alert_id=alert.id,
                    )
        return alert
