"""ASGI middleware: request ids in and out, HTTP metrics, and the request body size limit."""

from __future__ import annotations

import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from argus.core.logging import REQUEST_ID_HEADER, new_request_id, request_id_var
from services.gateway import metrics
from services.gateway.shapes import error_response


class _BodyTooLarge(Exception):
    pass


class GatewayMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or ())
        request_id = headers.get(REQUEST_ID_HEADER.encode(), b"").decode("latin-1")[:64]
        request_id = request_id or new_request_id()
        token = request_id_var.set(request_id)
        start = time.perf_counter()
        status = {"code": 500}

        declared = headers.get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
            await self._too_large(scope, receive, send, request_id)
            self._observe(scope, 413, start)
            request_id_var.reset(token)
            return

        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise _BodyTooLarge
            return message

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (REQUEST_ID_HEADER.encode(), request_id.encode("latin-1")),
                ]
                metrics.HTTP_SECONDS.labels(scope["method"], _route(scope)).observe(
                    time.perf_counter() - start
                )
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_id)
        except _BodyTooLarge:
            await self._too_large(scope, receive, send, request_id)
            status["code"] = 413
        finally:
            metrics.HTTP_REQUESTS.labels(scope["method"], _route(scope), str(status["code"])).inc()
            request_id_var.reset(token)

    def _observe(self, scope: Scope, code: int, start: float) -> None:
        metrics.HTTP_REQUESTS.labels(scope["method"], _route(scope), str(code)).inc()
        metrics.HTTP_SECONDS.labels(scope["method"], _route(scope)).observe(
            time.perf_counter() - start
        )

    async def _too_large(self, scope: Scope, receive: Receive, send: Send, request_id: str) -> None:
        """413 in the shape of the path's API (legacy routes keep theirs)."""
        message = f"request body is larger than {self.max_body_bytes} bytes"
        response = error_response(scope, 413, message)
        response.headers[REQUEST_ID_HEADER] = request_id
        await response(scope, receive, send)


def _route(scope: Scope) -> str:
    """The route template, never the raw path: label values stay bounded."""
    route: Any = scope.get("route")
    path = getattr(route, "path", None)
    return str(path) if path else "unmatched"
