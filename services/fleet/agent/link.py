"""One StreamFrames call: spooled frames out, acknowledgements in, alert requests answered."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

import grpc

from argus.core.times import utc_timestamp
from argus.fleet.v1 import fleet_pb2
from services.fleet.agent.spool import Spool, SpooledFrame

# Nacks worth retrying on a new connection; any other code rejects the frame for good.
RETRYABLE_CODES = {"UNAVAILABLE", "RESOURCE_EXHAUSTED", "ABORTED", "DEADLINE_EXCEEDED", "INTERNAL"}


class LinkLost(Exception):
    """The stream ended or failed; the frames in flight will be resent on the next one."""


@dataclass
class Stats:
    sent: int = 0
    acked: int = 0
    rejected: int = 0
    rejections: list[str] = field(default_factory=list)


def frame_request(frame: SpooledFrame) -> fleet_pb2.StreamFramesRequest:
    return fleet_pb2.StreamFramesRequest(
        frame=fleet_pb2.StreamedFrame(
            sequence=frame.sequence,
            alert_id=frame.alert_id,
            frame_timestamp=utc_timestamp(frame.taken_at),
            frame_index=frame.frame_index,
            image=frame.image,
        )
    )


class Link:
    """Keeps at most `window` frames in flight and removes each from the spool once acked."""

    def __init__(self, call: Any, spool: Spool, stats: Stats, window: int) -> None:
        self.call = call
        self.spool = spool
        self.stats = stats
        self.window = window
        self.in_flight: set[int] = set()
        self.last_sent = -1
        self.wake = asyncio.Event()
        self.acked_any = False
        self._acked: list[int] = []
        self._waiters: dict[int, asyncio.Future[fleet_pb2.AlertResult]] = {}
        self._write_lock = asyncio.Lock()

    async def run(self) -> None:
        """Send and receive until the stream fails; always raises."""
        writer = asyncio.create_task(self._write_frames())
        try:
            await self._read()
        finally:
            writer.cancel()
            await asyncio.gather(writer, return_exceptions=True)
            self.flush_acks()
            for waiter in self._waiters.values():
                if not waiter.done():
                    waiter.set_exception(LinkLost("stream closed"))

    async def request(self, request_id: int, **item: Any) -> fleet_pb2.AlertResult:
        """Send an open_alert/close_alert item and wait for its answer on this stream."""
        waiter = asyncio.get_running_loop().create_future()
        self._waiters[request_id] = waiter
        async with self._write_lock:
            await self.call.write(fleet_pb2.StreamFramesRequest(request_id=request_id, **item))
        try:
            return await waiter
        finally:
            self._waiters.pop(request_id, None)

    def flush_acks(self) -> None:
        """Forget acknowledged frames on disk, in one go."""
        if self._acked:
            self.spool.remove(self._acked)
            self._acked.clear()

    async def _write_frames(self) -> None:
        while True:
            self.wake.clear()
            room = self.window - len(self.in_flight)
            batch = self.spool.pending(after=self.last_sent, limit=room) if room > 0 else []
            if not batch:
                await self.wake.wait()
                continue
            for frame in batch:
                async with self._write_lock:
                    await self.call.write(frame_request(frame))
                self.in_flight.add(frame.sequence)
                self.last_sent = frame.sequence
                self.stats.sent += 1

    async def _read(self) -> None:
        while True:
            try:
                reply = await self.call.read()
            except grpc.aio.AioRpcError:
                raise
            if reply is grpc.aio.EOF:
                raise LinkLost("the server ended the stream")
            kind = reply.WhichOneof("item")
            if kind == "ack":
                self._on_done(reply.ack.sequence)
                self.stats.acked += 1
                self.acked_any = True
            elif kind == "nack":
                self._on_nack(reply.nack)
            elif kind == "alert":
                waiter = self._waiters.get(reply.alert.request_id)
                if waiter is not None and not waiter.done():
                    waiter.set_result(reply.alert)

    def _on_done(self, sequence: int) -> None:
        self.in_flight.discard(sequence)
        self._acked.append(sequence)
        if len(self._acked) >= 64 or not self.in_flight:
            self.flush_acks()
        self.wake.set()

    def _on_nack(self, nack: fleet_pb2.FrameNack) -> None:
        if nack.code in RETRYABLE_CODES:
            raise LinkLost(f"frame {nack.sequence}: {nack.code}: {nack.message}")
        self.stats.rejected += 1
        self.stats.rejections.append(f"frame {nack.sequence} rejected: {nack.code}: {nack.message}")
        self._on_done(nack.sequence)
