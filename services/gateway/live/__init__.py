"""Live views for browsers, all fed by the fleet WatchAlerts stream: Socket.IO, WebSocket,
server-sent events and an MJPEG view of a truck's newest frames."""

from __future__ import annotations

import socketio
from fastapi import FastAPI

from services.gateway.live.alert_namespace import AlertNamespace, create_server
from services.gateway.live.eio3 import ProtocolSwitch
from services.gateway.live.page import router as page_router
from services.gateway.live.routes import router
from services.gateway.live.sio2 import legacy_server

SOCKETIO_PATH = "socket.io"


def install(app: FastAPI, cors_origins: list[str]) -> AlertNamespace:
    """Add the live routes and page, mount Socket.IO at /socket.io; returns `/alert`."""
    app.include_router(router)
    app.include_router(page_router)
    server, namespace = create_server(cors_origins, lambda: app.state.backends)
    current = socketio.ASGIApp(server, socketio_path=SOCKETIO_PATH)
    app.mount(f"/{SOCKETIO_PATH}", ProtocolSwitch(current, legacy_server(namespace.feed, server)))
    app.state.alert_namespace = namespace
    app.state.socketio = server
    return namespace


async def end_feeds(app: FastAPI) -> None:
    """End every live feed at once (the gateway is stopping): SSE and MJPEG responses finish,
    WebSockets and Socket.IO clients of both generations are disconnected."""
    backends = getattr(app.state, "backends", None)
    if backends is not None:
        backends.end_streams()
    await app.state.alert_namespace.close()
    await app.state.socketio.shutdown()
