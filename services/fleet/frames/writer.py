"""Frames sent one per call (REST `POST /api/v1/log/`, `AddFrame`), stored in group commits.

Calls that arrive while a commit is under way wait together and are committed in the next
transaction, as streamed frames are (ingest.py): under load a transaction stores many
frames, and one writer at a time means no SQLite busy-waiting between writers. A transaction
runs in one go (`argus.core.transactions`: on SQLite in the database's writer thread). Each
frame is checked on its own (its alert exists, is its device's truck's and is open), so one
refused frame fails only its own call; a call is answered only after the transaction that
stored its frame committed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Connection

from argus.core.errors import ArgusError, FailedPrecondition, NotFound
from argus.core.transactions import Transactions
from services.fleet.accounts.auth import Kind
from services.fleet.accounts.caller import Caller
from services.fleet.frames import store as frames
from services.fleet.frames import streamed_store as streamed
from services.fleet.frames.models import Frame

# Records the FRAME_ADDED events of stored frames (each with its alert's row, None for a safe
# frame) in the same transaction, in order.
Recorder = Callable[[Connection, list[tuple[Any, Frame]]], None]


@dataclass
class FrameWrite:
    """One frame to store: of an alert (alert_id) or a safe frame of a truck (alert_id 0)."""

    caller: Caller
    alert_id: int
    truck_id: int
    frame_timestamp: datetime
    image: bytes
    frame_index: int
    done: asyncio.Future[Frame]


def _problem(write: FrameWrite, alerts: dict[int, Any]) -> ArgusError | None:
    """Why this frame cannot be stored, checked as `AlertsDomain._alert` checks a device's
    alert; None when it can be."""
    if not write.alert_id:
        return None
    alert = alerts.get(write.alert_id)
    if alert is None:
        return NotFound(f"alert {write.alert_id} not found", reason="ALERT_NOT_FOUND")
    if write.caller.kind is Kind.DEVICE:
        try:
            write.caller.check_truck(alert.truck_id)
        except ArgusError as exc:
            return exc
    if not alert.started:
        return FailedPrecondition(f"alert {alert.id} is closed", reason="ALERT_CLOSED")
    return None


class FrameWriter:
    """Commits the frames of concurrent calls together, one transaction at a time."""

    def __init__(
        self,
        transactions: Transactions,
        *,
        record: Recorder,
        committed: Callable[[], None],
    ) -> None:
        self.transactions = transactions
        self.record = record
        self.committed = committed
        self._waiting: list[FrameWrite] = []
        self._writer: asyncio.Task[None] | None = None

    async def store(
        self,
        caller: Caller,
        *,
        alert_id: int,
        truck_id: int,
        frame_timestamp: datetime,
        image: bytes,
        frame_index: int,
    ) -> Frame:
        """The frame as stored, once its transaction committed; its refusal otherwise."""
        done: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        # A call cancelled meanwhile never reads its result: do not warn about it then.
        done.add_done_callback(lambda f: f.cancelled() or f.exception())
        write = FrameWrite(caller, alert_id, truck_id, frame_timestamp, image, frame_index, done)
        self._waiting.append(write)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write())
        return await asyncio.shield(done)

    async def close(self) -> None:
        """Let the commit under way finish (before the database closes)."""
        if self._writer is not None:
            await asyncio.gather(self._writer, return_exceptions=True)

    async def _write(self) -> None:
        while self._waiting:
            writes, self._waiting = self._waiting, []
            try:
                stored = await self.transactions.write(self._commit, writes)
            except Exception as exc:
                for write in writes:
                    if not write.done.done():
                        write.done.set_exception(exc)
                continue
            self.committed()
            for write, outcome in zip(writes, stored, strict=True):
                if isinstance(outcome, ArgusError):
                    write.done.set_exception(outcome)
                else:
                    write.done.set_result(outcome)

    def _commit(
        self, connection: Connection, writes: Sequence[FrameWrite]
    ) -> list[Frame | ArgusError]:
        """One transaction's work (in the writer thread on SQLite): the outcome of each write."""
        outcomes: list[Frame | ArgusError] = []
        added: list[tuple[Any, Frame]] = []
        alerts = streamed.alerts_by_id(connection, (w.alert_id for w in writes if w.alert_id))
        for write in writes:
            problem = _problem(write, alerts)
            if problem is not None:
                outcomes.append(problem)
                continue
            alert = alerts.get(write.alert_id)
            values = frames.row(
                truck_id=alert.truck_id if alert is not None else write.truck_id,
                alert_id=alert.id if alert is not None else None,
                frame_timestamp=write.frame_timestamp,
                image=write.image,
                frame_index=write.frame_index,
            )
            frame = frames.insert_one(connection, values)
            added.append((alert, frame))
            outcomes.append(frame)
        self.record(connection, added)
        return outcomes
