"""fleet: users, trucks, devices, alerts and frames.

Revision ID: fleet_0002
Revises: fleet_0001
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fleet_0002"
down_revision: str | None = "fleet_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "fleet_users",
        sa.Column("id", Id, primary_key=True),
        sa.Column("username", sa.String(150), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("email", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "fleet_trucks",
        sa.Column("id", Id, primary_key=True),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_table(
        "fleet_devices",
        sa.Column("id", Id, primary_key=True),
        sa.Column("mac", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("name", sa.String(150), nullable=False),
        sa.Column("truck_id", Id, sa.ForeignKey("fleet_trucks.id"), nullable=False),
        sa.Column("created_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_fleet_devices_truck_id", "fleet_devices", ["truck_id"])
    op.create_table(
        "fleet_alerts",
        sa.Column("id", Id, primary_key=True),
        sa.Column("truck_id", Id, sa.ForeignKey("fleet_trucks.id"), nullable=False),
        sa.Column("behavior", sa.String(64), nullable=False),
        sa.Column("alert_init", sa.DateTime, nullable=False),
        sa.Column("alert_end", sa.DateTime, nullable=True),
        sa.Column("started", sa.Boolean, nullable=False),
    )
    op.create_index("ix_fleet_alerts_init_id", "fleet_alerts", ["alert_init", "id"])
    op.create_index("ix_fleet_alerts_truck_init", "fleet_alerts", ["truck_id", "alert_init"])
    op.create_index("ix_fleet_alerts_started", "fleet_alerts", ["started"])
    op.create_index(
        "ix_fleet_alerts_behavior", "fleet_alerts", ["behavior", "started", "alert_init"]
    )
    op.create_table(
        "fleet_frames",
        sa.Column("id", Id, primary_key=True),
        sa.Column("truck_id", Id, sa.ForeignKey("fleet_trucks.id"), nullable=False),
        sa.Column("alert_id", Id, sa.ForeignKey("fleet_alerts.id"), nullable=True),
        sa.Column("frame_index", sa.Integer, nullable=False),
        sa.Column("frame_timestamp", sa.DateTime, nullable=False),
        sa.Column("size_bytes", sa.Integer, nullable=False),
        sa.Column("image", sa.LargeBinary, nullable=False),
        sa.Column("device_id", Id, sa.ForeignKey("fleet_devices.id"), nullable=True),
        sa.Column("sequence", sa.BigInteger, nullable=True),
        sa.Column("received_at", sa.DateTime, server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("device_id", "sequence", name="uq_fleet_frames_device_sequence"),
    )
    op.create_index("ix_fleet_frames_alert_ts", "fleet_frames", ["alert_id", "frame_timestamp"])
    op.create_index("ix_fleet_frames_truck_ts", "fleet_frames", ["truck_id", "frame_timestamp"])


def downgrade() -> None:
    for table in ("fleet_frames", "fleet_alerts", "fleet_devices", "fleet_trucks", "fleet_users"):
        op.drop_table(table)
