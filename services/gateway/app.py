"""The FastAPI application: legacy REST routes, health, metrics and OpenAPI docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from services.gateway import console, live, openapi, shapes
from services.gateway.backends import Backends
from services.gateway.health import router as health_router
from services.gateway.observability import GatewayMiddleware
from services.gateway.routes import ROUTERS, fairplay, mac
from services.gateway.settings import GatewaySettings


class _CorsOutsideSocketIO(CORSMiddleware):
    """CORS for every route but Socket.IO's, which answers CORS itself (twice is refused)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(f"/{live.SOCKETIO_PATH}/"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(settings: GatewaySettings) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backends = Backends(settings)
        try:
            yield
        finally:
            app.state.stopping = True  # /readyz: out of rotation while stopping
            await app.state.alert_namespace.close()
            await app.state.backends.close()

    # Swagger UI and ReDoc from assets the gateway serves itself: /docs works offline.
    app = FastAPIOffline(
        title="Argus gateway",
        version="1",
        description="The documented REST APIs of HALP, MegaAntiCheat v1, DFairPlay and "
        "ServerAPI, served over the Argus gRPC services.",
        lifespan=lifespan,
        # The gateway reports its own metrics (services/gateway/metrics.py) and configures no
        # OpenTelemetry provider: FastAPI's native telemetry would only look for one per request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    shapes.install(app)
    for router in [*ROUTERS, health_router, *console.ROUTERS]:
        app.include_router(router)
    live.install(app, settings.gateway_cors_origins)
    fairplay.install_fallback(app, claimed=[mac.CLIENT_SEGMENT])
    mac.redact_tokens_in_access_logs()
    openapi.install(app)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    app.add_middleware(
        _CorsOutsideSocketIO,
        allow_origins=settings.gateway_cors_origins,
        allow_methods=["*"],
        allow_headers=["*"],
    )
    app.add_middleware(GatewayMiddleware, max_body_bytes=settings.gateway_max_body_bytes)
    # Outermost: X-Forwarded-For names the client only when a trusted proxy connected.
    app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.gateway_trusted_proxies)
    return app
