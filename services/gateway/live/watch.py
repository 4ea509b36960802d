"""Open WatchAlerts calls on behalf of a browser, and turn events into the seed's JSON shape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import grpc

from argus.core.times import iso_z
from argus.fleet.v1 import fleet_pb2
from services.gateway import metrics
from services.gateway.backends import Backends
from services.gateway.errors import from_rpc
from services.gateway.routes.fleet_envelope import credentials
from services.gateway.routes.fleet_schemas import alert_json, frame_json

KIND_NAMES = {
    fleet_pb2.ALERT_EVENT_KIND_OPENED: "opened",
    fleet_pb2.ALERT_EVENT_KIND_CLOSED: "closed",
    fleet_pb2.ALERT_EVENT_KIND_FRAME_ADDED: "frame_added",
}


def frame_event_json(frame: fleet_pb2.Frame) -> dict[str, Any]:
    """A frame in the seed's shape, without the image (events never carry one)."""
    body = frame_json(frame)
    del body["frame_image"]
    return body


def event_json(event: fleet_pb2.AlertEvent) -> dict[str, Any]:
    return {
        "kind": KIND_NAMES.get(event.kind, "unknown"),
        "alert": alert_json(event.alert) if event.HasField("alert") else None,
        "frame": frame_event_json(event.frame) if event.HasField("frame") else None,
        "at": iso_z(event.at) if event.HasField("at") else None,
        "id": event.id,
    }


async def open_watch(
    backends: Backends,
    token: str,
    truck_id: int = 0,
    username: str = "",
    *,
    after: int | None = None,
) -> Any:
    """A WatchAlerts call the fleet service has accepted (replaying the events after `after`,
    when set); raises BackendError otherwise. The gateway tracks it, to end it on stop."""
    request = fleet_pb2.WatchAlertsRequest(truck_id=truck_id)
    if after is not None:
        request.after_event_id = after
    call = backends.track(
        backends.fleet.WatchAlerts(request, metadata=credentials(token, username))
    )
    # The fleet service sends its headers once the caller is authorized; a refused call ends
    # with its status instead.
    await call.initial_metadata()
    if call.done():
        code, details = await call.code(), await call.details()
        error = grpc.aio.AioRpcError(
            code, await call.initial_metadata(), await call.trailing_metadata(), details
        )
        raise from_rpc(error)
    return call


async def events(call: Any, feed: str) -> AsyncIterator[fleet_pb2.AlertEvent]:
    """The events of an accepted call until it ends; cancelling the consumer cancels the call."""
    metrics.LIVE_WATCHERS.labels(feed).inc()
    try:
        async for event in call:
            yield event
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.CANCELLED:
            raise
    except asyncio.CancelledError:
        # The call was cancelled under us (the gateway is stopping: Backends.end_streams), not
        # this task: the feed ends like any other. A cancelled consumer still stops here.
        task = asyncio.current_task()
        if not call.cancelled() or (task is not None and task.cancelling()):
            raise
    finally:
        metrics.LIVE_WATCHERS.labels(feed).dec()
        call.cancel()
