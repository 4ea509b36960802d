"""Alembic environment of the fleet service; run through argus.core.db.migrate()."""

from argus.core.db import run_migrations_online
from services.fleet.models import Base

run_migrations_online(Base.metadata)
