"""Frames: devices send them, one per call, of an open alert or safe; users read them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from argus.core.errors import InvalidArgument, NotFound, ResourceExhausted
from argus.core.rate_limit import RateLimiter, retry_after
from argus.core.transactions import Transactions
from argus.core.work_slots import WorkSlots
from services.fleet.accounts import truck_store as trucks
from services.fleet.accounts.caller import Caller
from services.fleet.alerts import store as alerts
from services.fleet.alerts.events import AlertEvent, EventKind
from services.fleet.alerts.feed import EventFeed
from services.fleet.frames import metrics
from services.fleet.frames import store as frames
from services.fleet.frames.image_structure import sequential_jpeg_pixels
from services.fleet.frames.images import check_image
from services.fleet.frames.models import Frame
from services.fleet.frames.store import FrameFilter
from services.fleet.frames.writer import FrameWriter
from services.fleet.paging import Page, check_in_range, check_page
from services.fleet.settings import FleetSettings


class FramesDomain:
    """Every frame operation of unary calls, checked against its caller; the image checks and
    the devices' frame budgets are shared with the streams (`frames.ingest`)."""

    def __init__(
        self,
        transactions: Transactions,
        settings: FleetSettings,
        *,
        events: EventFeed,
        decodes: WorkSlots | None = None,
    ) -> None:
        self.transactions = transactions
        self.settings = settings
        self.events = events
        # Image decodes and the frame budgets of devices, shared by REST frames and streams.
        self.decodes = decodes or WorkSlots(settings.fleet_image_decode_slots, name="decode")
        self.frame_rate = RateLimiter(settings.fleet_device_frames_per_minute)
        # Frames of concurrent calls, committed together.
        self.writer = FrameWriter(transactions, record=self._record, committed=events.wake)

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
        return await self._store(
            caller,
            "alert",
            alert_id=alert_id,
            truck_id=caller.truck_id,
            frame_timestamp=frame_timestamp,
            image=image,
            frame_index=frame_index,
        )

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
        return await self._store(
            caller,
            "safe",
            alert_id=0,
            truck_id=truck_id,
            frame_timestamp=frame_timestamp,
            image=image,
            frame_index=0,
        )

    async def list_frames(self, caller: Caller, *, where: FrameFilter, page: int) -> Page[Any]:
        """A page of an alert's frames with their images (rows), newest first."""
        caller.as_user()
        per_page = self.settings.fleet_frames_per_page
        result = await self.transactions.read(_frames_of_alert, where, check_page(page), per_page)
        check_in_range(result)
        return result

    async def last_status(self, caller: Caller, *, truck_id: int) -> Any:
        """The newest frame of a truck, safe or alert, with its image (a row)."""
        caller.as_user()
        return await self.transactions.read(_last_frame, truck_id)

    async def close(self) -> None:
        """Let the frame commit under way finish (before the database closes)."""
        await self.writer.close()

    async def _store(
        self,
        caller: Caller,
        kind: str,
        *,
        alert_id: int,
        truck_id: int,
        frame_timestamp: datetime,
        image: bytes,
        frame_index: int,
    ) -> Frame:
        self._check_frame_rate(caller)
        await self._check_frame(image)
        frame = await self.writer.store(
            caller,
            alert_id=alert_id,
            truck_id=truck_id,
            frame_timestamp=frame_timestamp,
            image=image,
            frame_index=frame_index,
        )
        metrics.FRAMES_RECEIVED.labels(kind).inc()
        metrics.FRAME_BYTES.labels(kind).inc(len(image))
        return frame

    def _check_frame_rate(self, caller: Caller) -> None:
        wait = self.frame_rate.take(str(caller.id))
        if wait:
            metrics.FRAMES_REJECTED.labels("FRAME_RATE_LIMITED").inc()
            raise ResourceExhausted(
                f"this device sent more than {self.settings.fleet_device_frames_per_minute} "
                f"frames in a minute; retry in {retry_after(wait)} s",
                reason="FRAME_RATE_LIMITED",
                metadata={"retry_after_seconds": retry_after(wait)},
            )

    async def _check_frame(self, image: bytes) -> None:
        limits = {
            "max_bytes": self.settings.fleet_max_frame_bytes,
            "max_pixels": self.settings.fleet_max_frame_pixels,
        }
        try:
            if self._cheap_to_decode(image):
                metrics.FRAME_CHECKS.labels("loop").inc()
                check_image(image, **limits)
            else:
                metrics.FRAME_CHECKS.labels("thread").inc()
                await self.decodes.run(check_image, image, **limits)
        except InvalidArgument as exc:
            metrics.FRAMES_REJECTED.labels(exc.reason).inc()
            raise

    def _cheap_to_decode(self, image: bytes) -> bool:
        """A small sequential JPEG: checking it here saves the hop to a decode thread and back
        (0.1-0.4 ms of CPU a frame, measured) and blocks the loop at most about 2 ms."""
        if len(image) > self.settings.fleet_image_inline_check_bytes:
            return False
        pixels = sequential_jpeg_pixels(image)
        return pixels is not None and pixels <= self.settings.fleet_image_inline_check_pixels

    def _record(self, connection: Connection, added: list[tuple[Any, Frame]]) -> None:
        """A FRAME_ADDED event per frame of a group commit, in one statement."""
        events = [AlertEvent.of(EventKind.FRAME_ADDED, alert, frame) for alert, frame in added]
        self.events.record_many(connection, events)


def _frames_of_alert(
    connection: Connection, where: FrameFilter, page: int, per_page: int
) -> Page[Any]:
    if not alerts.exists(connection, where.alert_id):
        raise NotFound(f"alert {where.alert_id} not found", reason="ALERT_NOT_FOUND")
    return frames.list_page(connection, where, page, per_page)


def _last_frame(connection: Connection, truck_id: int) -> Any:
    if not trucks.exists(connection, truck_id):
        raise NotFound(f"truck {truck_id} not found", reason="TRUCK_NOT_FOUND")
    frame = frames.latest_of_truck(connection, truck_id)
    if frame is None:
        raise NotFound(f"truck {truck_id} has no frame yet", reason="NO_FRAME")
    return frame
