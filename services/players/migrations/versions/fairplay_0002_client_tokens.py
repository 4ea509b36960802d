"""fairplay: fair-play clients keep the hash of the token issued at registration.

Revision ID: fairplay_0002_client_tokens
Revises: fairplay_0001
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "fairplay_0002_client_tokens"
down_revision: str | None = "fairplay_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reputation_clients") as batch:
        batch.add_column(sa.Column("token_hash", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reputation_clients") as batch:
        batch.drop_column("token_hash")
