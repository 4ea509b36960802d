"""The console page and its files; frames and screenshots are shown from data: and blob: URLs."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse
from starlette.responses import Response

from services.gateway.pages import page, page_headers, static_file

STATIC = Path(__file__).parent / "static"
FILES = {"console.js", "console.css"}
PAGE_HEADERS = page_headers(img_src="'self' data: blob:")

router = APIRouter(tags=["console"])


@router.get("/console", summary="The operators' console for browsers", response_class=FileResponse)
async def console_page() -> Response:
    return page(STATIC / "console.html", PAGE_HEADERS)


@router.get("/console/static/{name}", summary="A file of the console", response_class=FileResponse)
async def console_static(name: str) -> Response:
    return static_file(STATIC, name, FILES)
