"""Alembic environment of the players service; run through argus.core.db.migrate()."""

from argus.core.db import run_migrations_online
from services.players.models import Base

run_migrations_online(Base.metadata)
