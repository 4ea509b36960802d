"""Pages of query results with their totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T", covariant=True)


@dataclass(frozen=True)
class Page(Generic[T]):
    items: Sequence[T]
    page: int
    per_page: int
    total_items: int

    @property
    def total_pages(self) -> int:
        return -(-self.total_items // self.per_page)


async def paginate(
    session: AsyncSession,
    *,
    query: Select[Any],
    page: int,
    per_page: int,
    count: Select[Any] | None = None,
) -> Page[Any]:
    """Run `query` (already ordered) for one page; `count` answers how many rows match (by
    default every matching row is counted)."""
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total = await session.scalar(count)
    rows = await session.scalars(query.limit(per_page).offset((page - 1) * per_page))
    return Page(items=list(rows), page=page, per_page=per_page, total_items=int(total or 0))
