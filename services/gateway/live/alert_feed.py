"""The seed's `/alert` behaviour, shared by both Socket.IO front-ends (python-socketio for
Engine.IO 4 clients, our own Engine.IO 3 server for Socket.IO 2.x clients): `get_alert
{username, token}` opens one WatchAlerts call per client, each new alert becomes `an_alert`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from argus.fleet.v1 import fleet_pb2
from services.gateway.backends import Backends
from services.gateway.errors import BackendError
from services.gateway.live.resume import MAX_EVENT_ID, FeedLost, ResumingWatch
from services.gateway.routes.fleet_schemas import alert_json

log = logging.getLogger("argus.gateway.live")

NAMESPACE = "/alert"
# The seed's `an_alert` for each new alert; `alert_closed` (ours) lets a page update its list.
EMITTED = {
    fleet_pb2.ALERT_EVENT_KIND_OPENED: ("an_alert", "new_alert"),
    fleet_pb2.ALERT_EVENT_KIND_CLOSED: ("alert_closed", "alert_closed"),
}

Emit = Callable[[str, dict[str, Any]], Awaitable[None]]
"""Sends one event (name, payload) to one client."""


class AlertFeed:
    """One WatchAlerts call per registered client, cancelled when the client leaves."""

    def __init__(self, backends: Callable[[], Backends]) -> None:
        self._backends = backends
        self.watchers: dict[str, asyncio.Task[None]] = {}
        self._front_ends: list[Callable[[], Awaitable[None]]] = []

    def serve_with(self, close: Callable[[], Awaitable[None]]) -> None:
        """A front-end of this feed, whose `close` runs when the feed closes."""
        self._front_ends.append(close)

    async def get_alert(self, client: str, data: Any, emit: Emit, feed: str) -> dict[str, Any]:
        """Register `client` (replacing its previous registration); returns the acknowledgement."""
        data = data if isinstance(data, dict) else {}
        token, username = str(data.get("token") or ""), str(data.get("username") or "")
        try:
            truck_id = int(data.get("truck_id") or 0)
            after = data.get("after_event_id")
            after = None if after is None else min(max(int(after), 0), MAX_EVENT_ID)
        except (TypeError, ValueError):
            return refusal(400, "truck_id and after_event_id must be integers", "INVALID_REQUEST")
        await self.stop(client)
        watch = ResumingWatch(self._backends(), token, truck_id, username, after)
        try:
            await watch.open()
        except BackendError as exc:
            body = refusal(exc.status, exc.message, exc.reason)
            await emit("alert_error", body)
            return body
        self.watchers[client] = asyncio.create_task(self._pump(client, watch, emit, feed))
        return {"code": 200, "status_code": "Success", "data": {"truck_id": truck_id}}

    async def _pump(self, client: str, watch: ResumingWatch, emit: Emit, feed: str) -> None:
        try:
            async for event in watch.events(feed):
                emitted = EMITTED.get(event.kind)
                if emitted is not None:
                    name, data = emitted
                    body = {"data": data, "alert": alert_json(event.alert), "event_id": event.id}
                    await emit(name, body)
        except FeedLost as exc:
            log.info("alert watch ended: %s", exc.reason)
            await emit("alert_error", refusal(exc.status, exc.message, exc.reason))
        finally:
            watch.cancel()
            if self.watchers.get(client) is asyncio.current_task():
                del self.watchers[client]

    async def stop(self, client: str) -> None:
        """End the client's watch, if any (it left or registered again)."""
        task = self.watchers.pop(client, None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def close(self) -> None:
        for close in self._front_ends:
            await close()
        for client in list(self.watchers):
            await self.stop(client)


def refusal(code: int, message: str, reason: str) -> dict[str, Any]:
    """The ServerAPI error envelope."""
    return {"code": code, "status_code": "Error", "data": {}, "error": message, "reason": reason}
