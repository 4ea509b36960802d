"""Browser pages the gateway serves: their security headers and their vendored files."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse
from starlette.responses import Response

from services.gateway.errors import BackendError
from services.gateway.routes.fleet_envelope import error_response

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
}
STATIC_HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


def page_headers(*, img_src: str = "'self'") -> dict[str, str]:
    """Only our own files, no inline script: a page never leaves the gateway's origin."""
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; script-src 'self'; style-src 'self'; img-src {img_src}; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        ),
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-cache",
    }


def page(path: Path, headers: dict[str, str]) -> Response:
    return FileResponse(path, media_type=MEDIA_TYPES[".html"], headers=headers)


def static_file(directory: Path, name: str, allowed: set[str]) -> Response:
    """One of the `allowed` files of `directory`; any other name answers 404."""
    if name not in allowed:
        return error_response(BackendError(404, f"no file {name[:100]!r} here", "NOT_FOUND"))
    media_type = MEDIA_TYPES[Path(name).suffix]
    return FileResponse(directory / name, media_type=media_type, headers=STATIC_HEADERS)
