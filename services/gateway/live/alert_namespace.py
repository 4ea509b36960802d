"""The seed's Socket.IO namespace `/alert` for Engine.IO 4 clients (Socket.IO 3.x and 4.x)."""

from __future__ import annotations

from typing import Any

import socketio

from services.gateway.live.alert_feed import NAMESPACE, AlertFeed


class AlertNamespace(socketio.AsyncNamespace):
    """python-socketio's front-end of the shared `/alert` feed."""

    def __init__(self, feed: AlertFeed) -> None:
        super().__init__(NAMESPACE)
        self.feed = feed

    async def on_get_alert(self, sid: str, data: Any) -> dict[str, Any]:
        async def emit(event: str, body: dict[str, Any]) -> None:
            await self.emit(event, body, to=sid)

        return await self.feed.get_alert(sid, data, emit, "socketio")

    async def on_disconnect(self, sid: str, *_reason: Any) -> None:
        await self.feed.stop(sid)

    async def close(self) -> None:
        await self.feed.close()


def create_server(
    cors_origins: list[str], backends: Any
) -> tuple[socketio.AsyncServer, AlertNamespace]:
    """A Socket.IO server with the `/alert` namespace; `backends` returns the gateway's stubs."""
    origins: Any = "*" if "*" in cors_origins else cors_origins
    server = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=origins)
    namespace = AlertNamespace(AlertFeed(backends))
    server.register_namespace(namespace)
    return server, namespace
