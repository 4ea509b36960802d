"""Upgrading in place: the screenshots of the old uploads folder move into the database."""

from __future__ import annotations

from pathlib import Path

import pytest

from argus.core.db import Database
from argus.core.errors import NotFound
from services.players.context import MIGRATIONS
from services.players.halp.uploads import Uploads
from tests.support.databases import TestDatabase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x02" * 40
JPG = b"\xff\xd8\xff\xe0" + b"\x03" * 40


async def test_the_migration_copies_every_screenshot_of_the_folder(
    db: TestDatabase, tmp_path: Path
) -> None:
    folder = tmp_path / "halp-uploads"
    folder.mkdir()
    (folder / "0a1b_playerlist.png").write_bytes(PNG)
    (folder / "0a1b_count.jpg").write_bytes(JPG)
    (folder / "0a1b_count.part").write_bytes(b"half written")
    (folder / "notes.txt").write_bytes(b"not a screenshot")
    attributes = {"halp_uploads_dir": str(folder)}
    for _ in range(2):  # a restart finds the revision applied and copies nothing twice
        database = await Database.open(db.url, MIGRATIONS, schema=db.schema, attributes=attributes)
        try:
            uploads = Uploads(database)
            assert await uploads.read("0a1b_playerlist.png") == (PNG, "image/png")
            assert await uploads.read("0a1b_count.jpg") == (JPG, "image/jpeg")
            for name in ("0a1b_count.part", "notes.txt"):
                with pytest.raises(NotFound):
                    await uploads.read(name)
        finally:
            await database.close()
