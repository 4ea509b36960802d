"""The live alerts page (`GET /live`) and the files it loads, the Socket.IO client vendored."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.responses import Response

from services.gateway.pages import page, page_headers, static_file

STATIC = Path(__file__).parent / "static"
STATIC_PATH = "/api/v1/live/static"
# Socket.IO 4.8.1 browser client (MIT), as published; speaks Engine.IO 4 like the server.
FILES = {"live.js", "live.css", "socket.io.min.js"}
PAGE_HEADERS = page_headers()

router = APIRouter(tags=["fleet live"])


@router.get("/live", summary="The live alerts page for browsers", response_class=FileResponse)
async def live_page() -> Response:
    return page(STATIC / "live.html", PAGE_HEADERS)


@router.get(
    f"{STATIC_PATH}/{{name}}", summary="A file of the live page", response_class=FileResponse
)
async def live_static(name: str) -> Response:
    return static_file(STATIC, name, FILES)
