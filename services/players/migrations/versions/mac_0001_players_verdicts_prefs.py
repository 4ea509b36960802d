"""mac: player records, preferences and the verdicts of the reputation store.

Revision ID: mac_0001
Revises: players_0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "mac_0001"
down_revision: str | None = "players_0001"
branch_labels: str | Sequence[str] | None = ("mac",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reputation_verdicts",
        sa.Column("steam_id64", sa.String(20), primary_key=True),
        sa.Column("local_verdict", sa.String(16), nullable=False),
        sa.Column("convicted", sa.Boolean(), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "mac_players",
        sa.Column("steam_id64", sa.String(20), primary_key=True),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("previous_names", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("custom_data", sa.JSON(), nullable=False),
        sa.Column("namespaces", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "mac_prefs",
        sa.Column("namespace", sa.String(64), primary_key=True),
        sa.Column("key", sa.String(128), primary_key=True),
        sa.Column("value", sa.JSON(), nullable=True),
        sa.Column("set_by", sa.String(64), nullable=False),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("mac_prefs")
    op.drop_table("mac_players")
    op.drop_table("reputation_verdicts")
