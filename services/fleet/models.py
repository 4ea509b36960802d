"""The fleet service's one SQLAlchemy Base. Each package declares its tables on it
(`accounts/models.py`, `alerts/models.py`, `frames/models.py`); `migrations/env.py` imports
them all, so `Base.metadata` holds every table."""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import DeclarativeBase

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
Id = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    pass


def column_width(attribute: Any) -> int:
    """The width of a String column: the longest text it stores."""
    length = attribute.property.columns[0].type.length
    assert isinstance(length, int)
    return length
