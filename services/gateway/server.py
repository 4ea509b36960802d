"""Runs the gateway under uvicorn until SIGTERM or SIGINT."""

from __future__ import annotations

import uvicorn

from services.gateway.app import create_app
from services.gateway.settings import GatewaySettings


async def serve(settings: GatewaySettings) -> None:
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.gateway_port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_grace_seconds) or None,
        # The app honours X-Forwarded-For itself, from ARGUS_GATEWAY_TRUSTED_PROXIES only.
        proxy_headers=False,
    )
    await uvicorn.Server(config).serve()
