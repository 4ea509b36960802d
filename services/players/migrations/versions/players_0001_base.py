"""players: base revision; each domain (halp, mac, fairplay) branches from here.

Revision ID: players_0001
Revises:
Create Date: 2026-11-22
"""

from collections.abc import Sequence

revision: str = "players_0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = ("players",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
