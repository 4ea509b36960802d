"""Pages of query results with their totals."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Row, Select
from sqlalchemy.engine import Connection

from argus.core.errors import InvalidArgument, NotFound

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


def rows_page(
    connection: Connection,
    *,
    query: Select[Any],
    count: Select[Any],
    params: dict[str, Any],
    page: int,
    per_page: int,
) -> Page[Row[Any]]:
    """One page of `query`'s rows (already ordered, and ending in LIMIT :limit OFFSET :offset,
    so that a statement built once serves every page), with `count`'s total; `params` bind
    both."""
    total = connection.scalar(count, params)
    offsets = {"limit": per_page, "offset": (page - 1) * per_page}
    rows = connection.execute(query, {**params, **offsets}).all()
    return Page(items=rows, page=page, per_page=per_page, total_items=int(total or 0))


def filtered_page(
    connection: Connection,
    where: Any,
    statements: Callable[[frozenset[str]], tuple[Select[Any], Select[Any]]],
    *,
    page: int,
    per_page: int,
) -> Page[Row[Any]]:
    """One page for a filter dataclass `where` (a field left None does not filter):
    `statements(names of the fields set)` gives the page and count statements, built once per
    set (`functools.cache`), and the fields' values are bound to them."""
    filters = {name: value for name, value in asdict(where).items() if value is not None}
    query, count = statements(frozenset(filters))
    return rows_page(
        connection, query=query, count=count, params=filters, page=page, per_page=per_page
    )


def check_page(page: int) -> int:
    """A page number asked for: 1 or more."""
    if page < 1:
        raise InvalidArgument("page: 1 or more", reason="INVALID_PAGE")
    return page


def check_in_range(page: Page[Any]) -> None:
    """A page past the last one (the first always exists) is not found."""
    if page.page > max(page.total_pages, 1):
        raise NotFound(
            f"page {page.page} is past the last page ({page.total_pages})", reason="PAGE_NOT_FOUND"
        )
