"""fleet: alert requests of device streams, answered once per (device, request id).

Revision ID: fleet_0003
Revises: fleet_0002
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fleet_0003"
down_revision: str | None = "fleet_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fleet_stream_requests",
        sa.Column("device_id", Id, sa.ForeignKey("fleet_devices.id"), nullable=False),
        sa.Column("request_id", sa.BigInteger, nullable=False),
        sa.Column("alert_id", Id, sa.ForeignKey("fleet_alerts.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "request_id", name="pk_fleet_stream_requests"),
    )


def downgrade() -> None:
    op.drop_table("fleet_stream_requests")
