"""Stored screenshots: rows of the players database, read back by the name handed out."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, select

from argus.core.db import Database
from argus.core.errors import InvalidArgument, NotFound
from argus.core.image_header import sniff
from services.players.halp.models import HalpUpload

# Names we hand out are <hex>_<kind>.<ext>; anything else cannot be one of ours.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.(png|jpg)")
_EXTENSIONS = {"PNG": "png", "JPEG": "jpg"}
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def image_extension(data: bytes) -> str | None:
    """ "png" or "jpg" from the file's signature, None for anything else."""
    return _EXTENSIONS.get(sniff(data) or "")


def _not_found(name: str) -> NotFound:
    return NotFound(f"no upload named {name[:130]!r}", reason="UPLOAD_NOT_FOUND")


class Uploads:
    """The screenshots of the halp domain, shared by every players replica."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def save(self, data: bytes, kind: str) -> str:
        """Store one image under a fresh name and return that name."""
        extension = image_extension(data)
        if extension is None:
            raise InvalidArgument(f"{kind} is not a PNG or JPEG image", reason="INVALID_IMAGES")
        name = f"{uuid.uuid4().hex}_{kind}.{extension}"
        row = HalpUpload(
            name=name,
            content_type=CONTENT_TYPES[extension],
            data=data,
            created_at=datetime.now(UTC),
        )
        async with self.database.sessions.begin() as session:
            session.add(row)
        return name

    async def read(self, name: str) -> tuple[bytes, str]:
        """The bytes and content type of a stored upload."""
        if not _SAFE_NAME.fullmatch(name):
            raise _not_found(name)
        query = select(HalpUpload.data, HalpUpload.content_type).where(HalpUpload.name == name)
        async with self.database.sessions() as session:
            row = (await session.execute(query)).one_or_none()
        if row is None:
            raise _not_found(name)
        return bytes(row.data), row.content_type

    async def delete(self, *names: str) -> None:
        wanted = [name for name in names if name]
        if wanted:
            async with self.database.sessions.begin() as session:
                await session.execute(delete(HalpUpload).where(HalpUpload.name.in_(wanted)))
