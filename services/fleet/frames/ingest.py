"""Frames streamed by devices, stored in batches: idempotent on (device, sequence).

A batch is checked (images decode, alerts belong to the device's truck and are open) and
committed in one transaction; the caller acknowledges nothing before `store` returns. A
sequence the device stored before is answered with the frame stored then, whatever happened
to its alert since, so a device that resends after a lost acknowledgement stores nothing twice.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from argus.core.errors import ArgusError, FailedPrecondition, InvalidArgument, NotFound
from argus.core.rate_limit import RateLimiter
from argus.core.transactions import Transactions
from argus.core.work_slots import WorkSlots
from services.fleet.accounts.caller import Caller
from services.fleet.alerts.events import AlertEvent, EventKind, FrameSnapshot
from services.fleet.alerts.feed import EventFeed
from services.fleet.frames import metrics
from services.fleet.frames import streamed_store as streamed
from services.fleet.frames.image_structure import check_structure
from services.fleet.frames.images import check_image

MAX_SEQUENCE = 2**63 - 1


@dataclass(frozen=True)
class IncomingFrame:
    sequence: int
    # 0: a safe frame of the device's truck.
    alert_id: int
    frame_timestamp: datetime
    frame_index: int
    image: bytes


@dataclass(frozen=True)
class Outcome:
    """Stored (frame_id set) or refused for good (error set)."""

    sequence: int
    frame_id: int = 0
    error: ArgusError | None = None


class _Job:
    """One stream's batch on its way into a group commit."""

    def __init__(
        self,
        caller: Caller,
        batch: Sequence[IncomingFrame],
        refused: dict[int, ArgusError],
        done: asyncio.Future[list[tuple[FrameSnapshot, int]]],
    ) -> None:
        self.caller, self.batch, self.refused, self.done = caller, batch, refused, done
        self.outcomes: dict[int, Outcome] = {}
        self.new: dict[int, IncomingFrame] = {}
        self.added: list[tuple[FrameSnapshot, int]] = []
        self._twins: list[int] = []

    def plan(
        self,
        stored: dict[int, int],
        alerts: dict[int, Any],
        claimed: dict[tuple[int, int], _Job],
    ) -> None:
        """Sort each frame: stored before, refused, stored by a twin job, or new."""
        self.outcomes, self.new, self._twins = {}, {}, []
        for frame in self.batch:
            key = (self.caller.id, frame.sequence)
            if frame.sequence in self.outcomes or frame.sequence in self.new:
                continue
            if frame.sequence in stored:
                metrics.FRAMES_RESENT.inc()
                self.outcomes[frame.sequence] = Outcome(frame.sequence, stored[frame.sequence])
            elif error := self.refused.get(frame.sequence) or _alert_problem(
                self.caller, frame, alerts
            ):
                self.outcomes[frame.sequence] = Outcome(frame.sequence, error=error)
            elif key in claimed:
                self._twins.append(frame.sequence)
            else:
                claimed[key] = self
                self.new[frame.sequence] = frame

    def settle(self, ids: dict[tuple[int, int], int]) -> None:
        """Outcomes of the frames inserted (or inserted by a twin) in this commit."""
        self.added = []
        for sequence in self._twins:
            self.outcomes[sequence] = Outcome(sequence, ids[(self.caller.id, sequence)])
        for sequence, frame in self.new.items():
            frame_id = ids[(self.caller.id, sequence)]
            self.outcomes[sequence] = Outcome(sequence, frame_id)
            snapshot = FrameSnapshot(
                id=frame_id,
                alert_id=frame.alert_id,
                truck_id=self.caller.truck_id,
                frame_index=frame.frame_index,
                frame_timestamp=frame.frame_timestamp,
            )
            self.added.append((snapshot, len(frame.image)))


class FrameIngest:
    """Stores the streamed frames of every device, in group commits."""

    def __init__(
        self,
        transactions: Transactions,
        *,
        max_frame_bytes: int,
        max_frame_pixels: int,
        events: EventFeed,
        decodes: WorkSlots,
        frame_rate: RateLimiter,
        decode_images: bool = True,
    ) -> None:
        self.transactions = transactions
        self.max_frame_bytes = max_frame_bytes
        self.max_frame_pixels = max_frame_pixels
        self.events = events
        self.decodes = decodes
        self.frame_rate = frame_rate
        self._check_image = check_image if decode_images else check_structure
        self._waiting: list[_Job] = []
        self._writer: asyncio.Task[None] | None = None

    def check(self, batch: Sequence[IncomingFrame]) -> dict[int, ArgusError]:
        """sequence -> why that frame cannot be stored, whatever its alert. CPU-bound."""
        errors: dict[int, ArgusError] = {}
        for frame in batch:
            if frame.sequence > MAX_SEQUENCE:
                errors[frame.sequence] = InvalidArgument(
                    f"sequence {frame.sequence} is above {MAX_SEQUENCE}", reason="INVALID_SEQUENCE"
                )
                continue
            try:
                self._check_image(
                    frame.image, max_bytes=self.max_frame_bytes, max_pixels=self.max_frame_pixels
                )
            except InvalidArgument as exc:
                metrics.FRAMES_REJECTED.labels(exc.reason).inc()
                errors[frame.sequence] = exc
        return errors

    async def check_in_slot(self, batch: Sequence[IncomingFrame]) -> dict[int, ArgusError]:
        """`check` in one of the decode slots that REST frames use too."""
        metrics.FRAME_CHECKS.labels("thread").inc(len(batch))
        return await self.decodes.run(self.check, batch)

    async def store(
        self,
        caller: Caller,
        batch: Sequence[IncomingFrame],
        checked: Awaitable[dict[int, ArgusError]] | None = None,
    ) -> list[Outcome]:
        """Commit the storable frames of `batch`; one outcome per frame, in order.

        `checked`: the result of `check` already under way (in a worker thread), if any.
        Batches of every stream that wait together are committed in one transaction.
        """
        caller.as_approved_device()
        # Over its frame budget, a device is slowed down, not refused: while this waits the
        # stream reads no more, and HTTP/2 flow control holds the device back.
        if pause := self.frame_rate.reserve(str(caller.id), len(batch)):
            metrics.STREAM_PACED_SECONDS.inc(pause)
            await asyncio.sleep(pause)
        refused = await (checked or self.check_in_slot(batch))
        job = _Job(caller, batch, refused, asyncio.get_running_loop().create_future())
        # A stream cancelled meanwhile never reads its result: do not warn about it then.
        job.done.add_done_callback(lambda done: done.cancelled() or done.exception())
        self._waiting.append(job)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        added = await asyncio.shield(job.done)
        metrics.STREAM_BATCH_FRAMES.observe(len(batch))
        for frame, size in added:
            kind = "alert" if frame.alert_id else "safe"
            metrics.FRAMES_RECEIVED.labels(kind).inc()
            metrics.FRAME_BYTES.labels(kind).inc(size)
        return [job.outcomes[frame.sequence] for frame in batch]

    async def close(self) -> None:
        """Let the commit under way finish (before the database closes)."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _write(self) -> None:
        """Commit whatever batches wait, together, until none is left (one writer at a time)."""
        while self._waiting:
            jobs, self._waiting = self._waiting, []
            try:
                with metrics.STREAM_COMMIT_SECONDS.time():
                    try:
                        await self.transactions.write(self._commit, jobs)
                    except IntegrityError:
                        # Another process stored some of these (device, sequence) first;
                        # the second attempt finds them stored.
                        await self.transactions.write(self._commit, jobs)
            except Exception as exc:
                for job in jobs:
                    job.done.set_exception(exc)
                continue
            self.events.wake()
            for job in jobs:
                job.done.set_result(job.added)

    def _commit(self, connection: Connection, jobs: list[_Job]) -> None:
        """One transaction's work (in the writer thread on SQLite)."""
        claimed: dict[tuple[int, int], _Job] = {}
        alerts = streamed.alerts_by_id(
            connection, (f.alert_id for j in jobs for f in j.batch if f.alert_id)
        )
        for job in jobs:
            stored = streamed.stored_sequences(
                connection,
                device_id=job.caller.id,
                sequences=(f.sequence for f in job.batch if f.sequence not in job.refused),
            )
            job.plan(stored, alerts, claimed)
        ids = streamed.create_many(
            connection, [_row(j.caller, f) for j in jobs for f in j.new.values()]
        )
        for job in jobs:
            job.settle(ids)
        self._record(connection, [f for job in jobs for f, _ in job.added], alerts)

    def _record(
        self, connection: Connection, new: list[FrameSnapshot], alerts: dict[int, Any]
    ) -> None:
        """One FRAME_ADDED event per alert (or truck, for safe frames): its newest frame."""
        newest: dict[tuple[int, int], FrameSnapshot] = {}
        for frame in new:
            newest[(frame.truck_id, frame.alert_id)] = frame
        events = [
            AlertEvent.of(EventKind.FRAME_ADDED, alerts.get(frame.alert_id), frame)
            for frame in newest.values()
        ]
        self.events.record_many(connection, events)


def _alert_problem(
    caller: Caller, frame: IncomingFrame, alerts: dict[int, Any]
) -> ArgusError | None:
    if not frame.alert_id:
        return None
    alert = alerts.get(frame.alert_id)
    if alert is None:
        return NotFound(f"alert {frame.alert_id} not found", reason="ALERT_NOT_FOUND")
    try:
        caller.check_truck(alert.truck_id)
    except ArgusError as exc:
        return exc
    if not alert.started:
        return FailedPrecondition(f"alert {alert.id} is closed", reason="ALERT_CLOSED")
    return None


def _row(caller: Caller, frame: IncomingFrame) -> dict[str, Any]:
    return {
        "truck_id": caller.truck_id,
        "alert_id": frame.alert_id or None,
        "frame_index": frame.frame_index,
        "frame_timestamp": frame.frame_timestamp,
        "image": frame.image,
        "size_bytes": len(frame.image),
        "device_id": caller.id,
        "sequence": frame.sequence,
    }
