"""The live alerts page (`GET /live`) and the files it loads, the Socket.IO client vendored."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.responses import Response

from services.gateway.routes.fleet_envelope import failure

STATIC = Path(__file__).parent / "static"
STATIC_PATH = "/api/v1/live/static"
MEDIA_TYPES = {
    "live.js": "text/javascript; charset=utf-8",
    "live.css": "text/css; charset=utf-8",
    # Socket.IO 4.8.1 browser client (MIT), as published; speaks Engine.IO 4 like the server.
    "socket.io.min.js": "text/javascript; charset=utf-8",
}
# Only our own files, no inline script; the page never leaves the gateway's origin.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-cache",
}

router = APIRouter(tags=["fleet live"])


@router.get("/live", summary="The live alerts page for browsers", response_class=FileResponse)
async def live_page() -> Response:
    return FileResponse(
        STATIC / "live.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS
    )


@router.get(
    f"{STATIC_PATH}/{{name}}", summary="A file of the live page", response_class=FileResponse
)
async def live_static(name: str) -> Response:
    media_type = MEDIA_TYPES.get(name)
    if media_type is None:
        return failure(404, f"no file {name!r} here", "NOT_FOUND")
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}
    return FileResponse(STATIC / name, media_type=media_type, headers=headers)
