"""Stored screenshots: written under one folder, read back by name, never outside it."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path

from argus.core.errors import InvalidArgument, NotFound

# Names we hand out are <hex>_<kind>.<ext>; anything else cannot be one of ours.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.(png|jpg)")
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def image_extension(data: bytes) -> str | None:
    """ "png" or "jpg" from the file's signature, None for anything else."""
    for signature, extension in _SIGNATURES.items():
        if data.startswith(signature):
            return extension
    return None


class Uploads:
    """The upload folder of the halp domain."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_of(self, name: str) -> Path:
        """The file `name` stands for; NotFound for names that could leave the folder."""
        if not _SAFE_NAME.fullmatch(name):
            raise NotFound(f"no upload named {name!r}", reason="UPLOAD_NOT_FOUND")
        return self.root / name

    async def save(self, data: bytes, kind: str) -> str:
        """Write one image under a fresh name and return that name."""
        extension = image_extension(data)
        if extension is None:
            raise InvalidArgument(f"{kind} is not a PNG or JPEG image", reason="INVALID_IMAGES")
        name = f"{uuid.uuid4().hex}_{kind}.{extension}"
        await asyncio.to_thread(self._write, self.root / name, data)
        return name

    async def read(self, name: str) -> tuple[bytes, str]:
        """The bytes and content type of a stored upload."""
        path = self.path_of(name)
        try:
            data = await asyncio.to_thread(path.read_bytes)
        except (FileNotFoundError, IsADirectoryError):
            raise NotFound(f"no upload named {name!r}", reason="UPLOAD_NOT_FOUND") from None
        return data, CONTENT_TYPES[path.suffix.lstrip(".")]

    async def delete(self, *names: str) -> None:
        for name in names:
            if name:
                await asyncio.to_thread(self.path_of(name).unlink, missing_ok=True)

    def _write(self, path: Path, data: bytes) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)
