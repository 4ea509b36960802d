"""Runs the gateway under uvicorn until SIGTERM or SIGINT."""

from __future__ import annotations

import logging
import socket

import uvicorn
from fastapi import FastAPI

from services.gateway.app import create_app
from services.gateway.live import end_feeds
from services.gateway.settings import GatewaySettings


class QueryFreeWebSocketLogs(logging.Filter):
    """uvicorn logs each WebSocket handshake with its path and query; browsers send their
    token in the query, and tokens are never logged: the query is left out."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and "WebSocket %s" in str(record.msg):
            record.args = tuple(
                arg.split("?", 1)[0] if isinstance(arg, str) else arg for arg in record.args
            )
        return True


class GatewayServer(uvicorn.Server):
    """Ends the live feeds first when stopping: uvicorn then waits only for ordinary requests,
    and no stream is cut off when the grace runs out."""

    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self.app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        await end_feeds(self.app)
        await super().shutdown(sockets)


def uvicorn_config(
    app: FastAPI, settings: GatewaySettings, *, host: str, port: int
) -> uvicorn.Config:
    """How the gateway is served, in production and in the tests alike."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        lifespan="on",
        # h11, even where httptools is installed: httptools refuses a header with a control
        # character itself (400), before the MAC API can answer it with its own 401.
        http="h11",
        timeout_keep_alive=settings.gateway_keep_alive_seconds,
        timeout_graceful_shutdown=int(settings.shutdown_grace_seconds) or None,
        # The app honours X-Forwarded-For itself, from ARGUS_GATEWAY_TRUSTED_PROXIES only.
        proxy_headers=False,
    )


async def serve(settings: GatewaySettings) -> None:
    logging.getLogger("uvicorn.error").addFilter(QueryFreeWebSocketLogs())
    app = create_app(settings)
    config = uvicorn_config(app, settings, host=settings.host, port=settings.gateway_port)
    await GatewayServer(config, app).serve()
