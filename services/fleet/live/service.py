"""Alert requests of device streams, answered once per (device, request id)."""

from __future__ import annotations

import contextlib
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from argus.core.errors import InvalidArgument
from services.fleet.accounts.caller import Caller
from services.fleet.alerts.models import Alert
from services.fleet.alerts.service import AlertsDomain
from services.fleet.frames import streamed_store as streamed
from services.fleet.frames.ingest import MAX_SEQUENCE


class LiveDomain:
    """What device streams ask besides frames: alerts opened once per request id."""

    def __init__(self, alerts: AlertsDomain) -> None:
        self.alerts = alerts
        self.sessions = alerts.sessions

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
        alert = await self.alerts.open_alert(
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
