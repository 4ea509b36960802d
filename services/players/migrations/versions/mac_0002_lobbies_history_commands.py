"""mac: lobbies, their history and command queues, the Steam profile cache, in the database.

Before this revision they lived in the process's memory, so players ran as one replica.

Revision ID: mac_0002
Revises: mac_0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "mac_0002"
down_revision: str | None = "mac_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "mac_lobbies",
        sa.Column("client", sa.String(64), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=True),
        sa.Column("modified", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "mac_history",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("steam_id64", sa.String(20), nullable=False),
        sa.Column("name", sa.String(256), nullable=False),
        sa.Column("game_info", sa.JSON(), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_mac_history_client_id", "mac_history", ["client", "id"])
    op.create_index("ix_mac_history_left_at", "mac_history", ["left_at"])
    op.create_table(
        "mac_commands",
        sa.Column("id", ID, primary_key=True, autoincrement=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("command", sa.JSON(), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_mac_commands_client_id", "mac_commands", ["client", "id"])
    op.create_table(
        "mac_steam_profiles",
        sa.Column("steam_id64", sa.String(20), primary_key=True),
        sa.Column("info", sa.JSON(), nullable=False),
        sa.Column("fetched_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_mac_steam_profiles_fetched_at", "mac_steam_profiles", ["fetched_at"])
    generation = op.create_table(
        "mac_generation",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.bulk_insert(generation, [{"id": 1, "value": 0}])


def downgrade() -> None:
    op.drop_table("mac_generation")
    op.drop_index("ix_mac_steam_profiles_fetched_at", table_name="mac_steam_profiles")
    op.drop_table("mac_steam_profiles")
    op.drop_index("ix_mac_commands_client_id", table_name="mac_commands")
    op.drop_table("mac_commands")
    op.drop_index("ix_mac_history_left_at", table_name="mac_history")
    op.drop_index("ix_mac_history_client_id", table_name="mac_history")
    op.drop_table("mac_lobbies")
