"""Alembic environment of the fleet service; run through argus.core.db.migrate()."""

# Each package declares its tables on the one Base: importing them fills Base.metadata.
import services.fleet.accounts.models
import services.fleet.alerts.models
import services.fleet.frames.models  # noqa: F401
from argus.core.db import run_migrations_online
from services.fleet.models import Base

run_migrations_online(Base.metadata)
