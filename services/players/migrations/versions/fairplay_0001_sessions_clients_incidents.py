"""fairplay: token sessions and their players; the reputation store's clients and incidents.

Revision ID: fairplay_0001
Revises: players_0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fairplay_0001"
down_revision: str | None = "players_0001"
branch_labels: str | Sequence[str] | None = ("fairplay",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "fairplay_sessions",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("game", sa.String(32), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_fairplay_sessions_expires_at", "fairplay_sessions", ["expires_at"])
    op.create_table(
        "fairplay_session_players",
        sa.Column(
            "session_id",
            sa.Integer(),
            sa.ForeignKey("fairplay_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("player_id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("added_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_fairplay_session_players_ip", "fairplay_session_players", ["ip"])
    op.create_table(
        "reputation_clients",
        sa.Column("client_id", sa.String(128), primary_key=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("account_id", sa.String(64), nullable=True),
        sa.Column("registered_at", sa.Float(), nullable=False),
        sa.Column("expires_at", sa.Float(), nullable=False),
    )
    op.create_index("ix_reputation_clients_ip", "reputation_clients", ["ip"])
    op.create_index("ix_reputation_clients_expires_at", "reputation_clients", ["expires_at"])
    op.create_table(
        "reputation_incidents",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(128), nullable=True),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("occurred_at", sa.Float(), nullable=False),
        sa.Column("reported_at", sa.Float(), nullable=False),
    )
    op.create_index(
        "ix_reputation_incidents_ip_occurred_at", "reputation_incidents", ["ip", "occurred_at"]
    )
    op.create_index("ix_reputation_incidents_occurred_at", "reputation_incidents", ["occurred_at"])


def downgrade() -> None:
    op.drop_table("reputation_incidents")
    op.drop_table("reputation_clients")
    op.drop_table("fairplay_session_players")
    op.drop_table("fairplay_sessions")
