"""The seed's Socket.IO namespace `/alert`: `get_alert {username, token}` -> `an_alert` events."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import grpc
import socketio

from argus.fleet.v1 import fleet_pb2
from services.gateway.backends import Backends
from services.gateway.live.watch import events, open_watch
from services.gateway.routes.fleet_envelope import FleetHttpError
from services.gateway.routes.fleet_schemas import alert_json

log = logging.getLogger("argus.gateway.live")

NAMESPACE = "/alert"
# The seed's `an_alert` for each new alert; `alert_closed` (ours) lets a page update its list.
EMITTED = {
    fleet_pb2.ALERT_EVENT_KIND_OPENED: ("an_alert", "new_alert"),
    fleet_pb2.ALERT_EVENT_KIND_CLOSED: ("alert_closed", "alert_closed"),
}


class AlertNamespace(socketio.AsyncNamespace):
    """One WatchAlerts call per registered client, cancelled when the client leaves."""

    def __init__(self, backends: Any) -> None:
        super().__init__(NAMESPACE)
        self._backends = backends
        self.watchers: dict[str, asyncio.Task[None]] = {}

    @property
    def backends(self) -> Backends:
        backends: Backends = self._backends()
        return backends

    async def on_get_alert(self, sid: str, data: Any) -> dict[str, Any]:
        data = data if isinstance(data, dict) else {}
        token, username = str(data.get("token") or ""), str(data.get("username") or "")
        try:
            truck_id = int(data.get("truck_id") or 0)
        except (TypeError, ValueError):
            return _refusal(400, "truck_id must be an integer", "INVALID_TRUCK_ID")
        await self._stop(sid)
        try:
            call = await open_watch(self.backends, token, truck_id, username)
        except FleetHttpError as exc:
            body = _refusal(exc.status, exc.message, exc.reason)
            await self.emit("alert_error", body, to=sid)
            return body
        self.watchers[sid] = asyncio.create_task(self._pump(sid, call))
        return {"code": 200, "status_code": "Success", "data": {"truck_id": truck_id}}

    async def on_disconnect(self, sid: str, *_reason: Any) -> None:
        await self._stop(sid)

    async def _pump(self, sid: str, call: Any) -> None:
        try:
            async for event in events(call, "socketio"):
                emitted = EMITTED.get(event.kind)
                if emitted is not None:
                    name, data = emitted
                    await self.emit(name, {"data": data, "alert": alert_json(event.alert)}, to=sid)
        except grpc.aio.AioRpcError as exc:
            log.info("alert watch ended: %s", exc.code().name)
            refusal = _refusal(503, "alert feed interrupted", exc.code().name)
            await self.emit("alert_error", refusal, to=sid)
        finally:
            if self.watchers.get(sid) is asyncio.current_task():
                del self.watchers[sid]

    async def _stop(self, sid: str) -> None:
        task = self.watchers.pop(sid, None)
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def close(self) -> None:
        for sid in list(self.watchers):
            await self._stop(sid)


def _refusal(code: int, message: str, reason: str) -> dict[str, Any]:
    """The ServerAPI error envelope."""
    return {"code": code, "status_code": "Error", "data": {}, "error": message, "reason": reason}


def create_server(
    cors_origins: list[str], backends: Any
) -> tuple[socketio.AsyncServer, AlertNamespace]:
    """A Socket.IO server with the `/alert` namespace; `backends` returns the gateway's stubs."""
    origins: Any = "*" if "*" in cors_origins else cors_origins
    server = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=origins)
    namespace = AlertNamespace(backends)
    server.register_namespace(namespace)
    return server, namespace
