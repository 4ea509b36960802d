"""halp: screenshots in the database; the files of the uploads folder are copied in.

A deployment upgraded in place keeps every screenshot: each file of the folder that
`migrate()` names (the `halp_uploads_dir` attribute, the configured uploads folder) becomes a
row under the same name, so `/uploads/<name>` keeps answering. The files are left where they
are; once the upgrade is done the folder can be removed.

Revision ID: halp_0002
Revises: halp_0001
Create Date: 2026-12-01
"""

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import context, op

revision: str = "halp_0002"
down_revision: str | None = "halp_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The names the uploads folder ever handed out (services/players/halp/uploads.py).
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,120}\.(png|jpg)")
_TYPES = {"png": "image/png", "jpg": "image/jpeg"}


def upgrade() -> None:
    uploads = op.create_table(
        "halp_uploads",
        sa.Column("name", sa.String(128), primary_key=True),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_halp_uploads_created_at", "halp_uploads", ["created_at"])
    folder = context.config.attributes.get("halp_uploads_dir")
    if folder:
        _copy_files(uploads, Path(folder))


def _copy_files(uploads: sa.Table, folder: Path) -> None:
    """One row per screenshot file, stamped with the file's modification time."""
    if not folder.is_dir():
        return
    connection = op.get_bind()
    for path in sorted(folder.iterdir()):
        match = _NAME.fullmatch(path.name)
        if match is None or not path.is_file():
            continue
        stamp = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        connection.execute(
            uploads.insert().values(
                name=path.name,
                content_type=_TYPES[match.group(1)],
                data=path.read_bytes(),
                created_at=stamp,
            )
        )


def downgrade() -> None:
    op.drop_index("ix_halp_uploads_created_at", table_name="halp_uploads")
    op.drop_table("halp_uploads")
