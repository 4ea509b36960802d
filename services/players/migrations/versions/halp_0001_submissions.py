"""halp: submissions (raw counts and OCR reads) with their time.

Revision ID: halp_0001
Revises: players_0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "halp_0001"
down_revision: str | None = "players_0001"
branch_labels: str | Sequence[str] | None = ("halp",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "halp_submissions",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            primary_key=True,
            autoincrement=True,
        ),
        sa.Column("session", sa.String(200), nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("player_count", sa.Integer(), nullable=False),
        sa.Column("players", sa.JSON(), nullable=True),
        sa.Column("player_list_upload", sa.String(255), nullable=True),
        sa.Column("count_upload", sa.String(255), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_halp_submissions_session_time", "halp_submissions", ["session", "submitted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_halp_submissions_session_time", table_name="halp_submissions")
    op.drop_table("halp_submissions")
