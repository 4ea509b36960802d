"""Insert-or-update in one statement, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert

_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def upsert(
    session: AsyncSession,
    model: Any,
    values: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    keys: Sequence[str],
) -> Insert:
    """INSERT `values` into `model`'s table; rows whose `keys` exist get the other columns."""
    dialect = session.get_bind().dialect.name
    try:
        insert = _INSERTS[dialect]
    except KeyError:
        raise NotImplementedError(f"upsert on {dialect}") from None
    statement: Any = insert(model).values(values)
    first = values if isinstance(values, Mapping) else values[0]
    updated = {name: statement.excluded[name] for name in first if name not in keys}
    upserted: Insert = statement.on_conflict_do_update(index_elements=list(keys), set_=updated)
    return upserted
