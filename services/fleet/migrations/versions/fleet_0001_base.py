"""fleet: base revision.

Revision ID: fleet_0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "fleet_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("fleet",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
