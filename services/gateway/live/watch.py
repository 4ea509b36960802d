"""Open WatchAlerts calls on behalf of a browser, and turn events into the seed's JSON shape."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import grpc
from google.protobuf.timestamp_pb2 import Timestamp
from prometheus_client import Gauge

from argus.fleet.v1 import fleet_pb2
from services.gateway.backends import Backends
from services.gateway.errors import http_status

LIVE_WATCHERS = Gauge(
    "argus_gateway_live_watchers", "Browser feeds open on this gateway, by feed.", ("feed",)
)

KIND_NAMES = {
    fleet_pb2.ALERT_EVENT_KIND_OPENED: "opened",
    fleet_pb2.ALERT_EVENT_KIND_CLOSED: "closed",
    fleet_pb2.ALERT_EVENT_KIND_FRAME_ADDED: "frame_added",
}


class WatchRefused(Exception):
    """The fleet service refused to watch (bad token, other truck...); carries an HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def metadata(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


def seed_time(stamp: Timestamp) -> str:
    """The seed's ISO form, e.g. 2020-02-19T12:59:02 (UTC, seconds)."""
    return str(stamp.ToDatetime().strftime("%Y-%m-%dT%H:%M:%S"))


def alert_json(alert: fleet_pb2.Alert) -> dict[str, Any]:
    return {
        "behavior": alert.behavior,
        "alert_init": seed_time(alert.alert_init),
        "id": alert.id,
        "truck_id": alert.truck_id,
        "started": alert.started,
        "alert_end": seed_time(alert.alert_end) if alert.HasField("alert_end") else None,
    }


def frame_json(frame: fleet_pb2.Frame) -> dict[str, Any]:
    return {
        "id": frame.id,
        "alert_id": frame.alert_id or None,
        "truck_id": frame.truck_id,
        "frame_index": frame.frame_index,
        "frame_timestamp": seed_time(frame.frame_timestamp),
        "safe": frame.safe,
    }


def event_json(event: fleet_pb2.AlertEvent) -> dict[str, Any]:
    return {
        "kind": KIND_NAMES.get(event.kind, "unknown"),
        "alert": alert_json(event.alert) if event.HasField("alert") else None,
        "frame": frame_json(event.frame) if event.HasField("frame") else None,
        "at": event.at.ToDatetime().isoformat() + "Z" if event.HasField("at") else None,
    }


async def open_watch(backends: Backends, token: str, truck_id: int = 0) -> Any:
    """A WatchAlerts call the fleet service has accepted; raises WatchRefused otherwise."""
    if not token:
        raise WatchRefused(401, "a token is required (query parameter token or a Bearer header)")
    call = backends.fleet.WatchAlerts(
        fleet_pb2.WatchAlertsRequest(truck_id=truck_id), metadata=metadata(token)
    )
    # The fleet service sends its headers once the caller is authorized; a refused call ends
    # with its status instead.
    await call.initial_metadata()
    if call.done():
        code = await call.code()
        call.cancel()
        raise WatchRefused(http_status(code), await call.details() or code.name)
    return call


async def events(call: Any, feed: str) -> AsyncIterator[fleet_pb2.AlertEvent]:
    """The events of an accepted call until it ends; cancelling the consumer cancels the call."""
    LIVE_WATCHERS.labels(feed).inc()
    try:
        async for event in call:
            yield event
    except grpc.aio.AioRpcError as exc:
        if exc.code() != grpc.StatusCode.CANCELLED:
            raise
    finally:
        LIVE_WATCHERS.labels(feed).dec()
        call.cancel()
