"""fleet: the alert event outbox, read by every watcher from an event id.

Revision ID: fleet_0005
Revises: fleet_0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fleet_0005"
down_revision: str | None = "fleet_0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fleet_alert_events",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("truck_id", sa.BigInteger, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
        # Ids are never reused, even after retention deleted the newest rows.
        sqlite_autoincrement=True,
    )
    op.create_index("ix_fleet_alert_events_created", "fleet_alert_events", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_fleet_alert_events_created", "fleet_alert_events")
    op.drop_table("fleet_alert_events")
