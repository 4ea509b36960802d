"""StreamFrames and WatchAlerts, the long-lived calls of FleetService: FleetServicer
authenticates the caller and delegates each to `LiveStreams`."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable
from typing import Any, TypeAlias

import grpc

from argus.core.errors import ArgusError, InvalidArgument
from argus.core.times import optional_timestamp
from argus.fleet.v1 import fleet_pb2
from services.fleet import convert
from services.fleet.accounts.auth import Kind
from services.fleet.accounts.caller import Caller
from services.fleet.alerts.events import AlertEvent, EventKind
from services.fleet.alerts.feed import EventFeed
from services.fleet.frames import metrics
from services.fleet.frames.ingest import FrameIngest, IncomingFrame
from services.fleet.frames.service import FramesDomain
from services.fleet.live.service import LiveDomain
from services.fleet.settings import FleetSettings

Requests: TypeAlias = AsyncIterator[fleet_pb2.StreamFramesRequest]

_END = object()
# Initial metadata of WatchAlerts: the event id the watch starts after.
LAST_EVENT_ID = "argus-last-event-id"

EVENT_KINDS = {
    EventKind.OPENED: fleet_pb2.ALERT_EVENT_KIND_OPENED,
    EventKind.CLOSED: fleet_pb2.ALERT_EVENT_KIND_CLOSED,
    EventKind.FRAME_ADDED: fleet_pb2.ALERT_EVENT_KIND_FRAME_ADDED,
}


def event_proto(event: AlertEvent) -> fleet_pb2.AlertEvent:
    message = fleet_pb2.AlertEvent(
        kind=EVENT_KINDS[event.kind], at=optional_timestamp(event.at), id=event.id
    )
    if event.alert is not None:
        message.alert.CopyFrom(convert.alert(event.alert))  # type: ignore[arg-type]
    if event.frame is not None:
        f = event.frame
        message.frame.CopyFrom(
            fleet_pb2.Frame(
                id=f.id,
                alert_id=f.alert_id,
                truck_id=f.truck_id,
                frame_index=f.frame_index,
                frame_timestamp=optional_timestamp(f.frame_timestamp),
                safe=not f.alert_id,
            )
        )
    return message


def incoming(frame: fleet_pb2.StreamedFrame) -> IncomingFrame:
    return IncomingFrame(
        sequence=frame.sequence,
        alert_id=frame.alert_id,
        frame_timestamp=convert.required_time(frame, "frame_timestamp"),
        frame_index=frame.frame_index,
        image=frame.image,
    )


class LiveStreams:
    """The frame streams of devices and the alert watches of users, for an authenticated
    caller. One per service: the frames of every stream share its ingest's group commits."""

    def __init__(
        self,
        settings: FleetSettings,
        *,
        live: LiveDomain,
        frames: FramesDomain,
        events: EventFeed,
    ) -> None:
        self.settings = settings
        self.live = live
        self.events = events
        self.ingest = FrameIngest(
            frames.transactions,
            max_frame_bytes=settings.fleet_max_frame_bytes,
            max_frame_pixels=settings.fleet_max_frame_pixels,
            events=events,
            decodes=frames.decodes,
            frame_rate=frames.frame_rate,
            decode_images=settings.fleet_stream_image_check == "decode",
        )

    async def stop(self) -> None:
        """Let the commit under way finish, then end every watch."""
        await self.ingest.close()
        await self.events.stop()

    async def stream_frames(
        self, caller: Caller, requests: Requests
    ) -> AsyncGenerator[fleet_pb2.StreamFramesResponse, None]:
        """StreamFrames: store each frame, answer each alert request, in the device's order."""
        caller = caller.as_approved_device()
        ingest = self.ingest
        stream = _Stream(requests, self.settings)
        metrics.STREAMS_OPEN.inc()
        try:
            while True:
                if stream.committing is not None and (
                    stream.queue.empty() or stream.committing.done()
                ):
                    for reply in await stream.settle():
                        yield reply
                item = await stream.next_item()
                if item is _END:
                    break
                if isinstance(item, BaseException):
                    raise item
                if not _is_frame(item):
                    # Alert requests wait for the frames sent before them.
                    for reply in await stream.settle():
                        yield reply
                    yield await self._alert_item(caller, item)
                    continue
                replies, frames = _parse(stream.take_batch(item.frame))
                # This batch's images are checked while the previous batch commits.
                checked = asyncio.ensure_future(ingest.check_in_slot(frames))
                for reply in [*await stream.settle(), *replies]:
                    yield reply
                stream.committing = asyncio.create_task(_store(caller, ingest, frames, checked))
            for reply in await stream.settle():
                yield reply
        finally:
            metrics.STREAMS_OPEN.dec()
            await stream.close()

    async def _alert_item(
        self, caller: Caller, item: fleet_pb2.StreamFramesRequest
    ) -> fleet_pb2.StreamFramesResponse:
        result = fleet_pb2.AlertResult(request_id=item.request_id)
        kind = item.WhichOneof("item")
        try:
            if kind is None:
                raise InvalidArgument("empty request: send a frame, open_alert or close_alert")
            if kind == "open_alert":
                request = item.open_alert
                alert = await self.live.open_alert_once(
                    caller,
                    request_id=item.request_id,
                    truck_id=request.truck_id or caller.truck_id,
                    alert_init=convert.required_time(request, "alert_init"),
                    behavior=request.behavior,
                )
            else:
                alert = await self.live.alerts.close_alert(
                    caller,
                    alert_id=item.close_alert.alert_id,
                    alert_end=convert.required_time(item.close_alert, "alert_end"),
                )
            result.alert.CopyFrom(convert.alert(alert))
        except ArgusError as exc:
            result.error_code, result.error_message = exc.code, exc.message
        return fleet_pb2.StreamFramesResponse(alert=result)

    async def watch_alerts(
        self,
        caller: Caller,
        request: fleet_pb2.WatchAlertsRequest,
        context: grpc.aio.ServicerContext,
    ) -> AsyncGenerator[fleet_pb2.AlertEvent, None]:
        """WatchAlerts: the events after the requested id (or from now), then live ones."""
        truck_id = request.truck_id
        if caller.kind is Kind.DEVICE:
            truck_id = truck_id or caller.truck_id
            caller.check_truck(truck_id)
        else:
            caller.as_user()
        after = request.after_event_id if request.HasField("after_event_id") else None
        feed = self.events
        async with feed.watch(truck_id, after) as watcher:
            # Headers now tell the caller it is authorized and subscribed, and from where.
            await context.send_initial_metadata(
                (("argus-watching", "1"), (LAST_EVENT_ID, str(watcher.cursor)))
            )
            async for event in feed.events(watcher):
                yield event_proto(event)


def _is_frame(item: Any) -> bool:
    return isinstance(item, fleet_pb2.StreamFramesRequest) and item.WhichOneof("item") == "frame"


class _Stream:
    """One StreamFrames call's state: the bounded queue its reader fills, the commit under way."""

    def __init__(self, requests: Requests, settings: FleetSettings) -> None:
        self.queue: asyncio.Queue[Any] = asyncio.Queue(settings.fleet_stream_max_in_flight)
        self.batch_frames: int = settings.fleet_stream_batch_frames
        self.reader = asyncio.create_task(_read_into(requests, self.queue))
        self.committing: asyncio.Task[list[fleet_pb2.StreamFramesResponse]] | None = None
        self._pending: Any = None

    async def next_item(self) -> Any:
        item = self._pending if self._pending is not None else await self.queue.get()
        self._pending = None
        return item

    def take_batch(self, first: fleet_pb2.StreamedFrame) -> list[fleet_pb2.StreamedFrame]:
        """`first` and the frames queued right behind it, up to the batch size."""
        batch = [first]
        while len(batch) < self.batch_frames and not self.queue.empty():
            item = self.queue.get_nowait()
            if not _is_frame(item):
                self._pending = item
                break
            batch.append(item.frame)
        return batch

    async def settle(self) -> list[fleet_pb2.StreamFramesResponse]:
        """The answers of the commit under way, once it is done (none if there is none)."""
        if self.committing is None:
            return []
        replies = await self.committing
        self.committing = None
        return replies

    async def close(self) -> None:
        tasks = [task for task in (self.reader, self.committing) if task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _parse(
    batch: list[fleet_pb2.StreamedFrame],
) -> tuple[list[fleet_pb2.StreamFramesResponse], list[IncomingFrame]]:
    """The frames to store, and nacks for those that cannot even be read."""
    replies, frames = [], []
    for frame in batch:
        try:
            frames.append(incoming(frame))
        except ArgusError as exc:
            replies.append(_nack(frame.sequence, exc))
    return replies, frames


async def _store(
    caller: Caller,
    ingest: FrameIngest,
    frames: list[IncomingFrame],
    checked: Awaitable[dict[int, ArgusError]],
) -> list[fleet_pb2.StreamFramesResponse]:
    replies = []
    for outcome in await ingest.store(caller, frames, checked):
        if outcome.error is not None:
            replies.append(_nack(outcome.sequence, outcome.error))
        else:
            ack = fleet_pb2.FrameAck(sequence=outcome.sequence, frame_id=outcome.frame_id)
            replies.append(fleet_pb2.StreamFramesResponse(ack=ack))
            metrics.FRAMES_ACKNOWLEDGED.inc()
    return replies


def _nack(sequence: int, error: ArgusError) -> fleet_pb2.StreamFramesResponse:
    nack = fleet_pb2.FrameNack(sequence=sequence, code=error.code, message=error.message)
    return fleet_pb2.StreamFramesResponse(nack=nack)


async def _read_into(requests: Requests, queue: asyncio.Queue[Any]) -> None:
    """Read the device's messages while there is room: a full queue stops the reading."""
    try:
        async for request in requests:
            await queue.put(request)
    except Exception as exc:  # the call broke while reading: end the reply side too
        await queue.put(exc)
        return
    await queue.put(_END)
