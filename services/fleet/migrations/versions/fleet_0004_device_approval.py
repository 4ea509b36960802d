"""fleet: devices wait for an admin's approval (registration mode `approval`); frames are
found by the time they were stored (retention).

Revision ID: fleet_0004
Revises: fleet_0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fleet_0004"
down_revision: str | None = "fleet_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Devices registered before this revision keep working: they count as approved.
    with op.batch_alter_table("fleet_devices") as batch:
        batch.add_column(
            sa.Column("approved", sa.Boolean, nullable=False, server_default=sa.true())
        )
    op.create_index("ix_fleet_frames_received", "fleet_frames", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_fleet_frames_received", table_name="fleet_frames")
    with op.batch_alter_table("fleet_devices") as batch:
        batch.drop_column("approved")
