"""Checks of text and JSON from outside: NUL bytes, lengths, nesting depth, and quoting.

Every byte from outside is hostile until checked: these run at the edge of each service, so a
NUL byte or an over-long string is a clear INVALID_ARGUMENT instead of a database error, and an
error message never echoes unbounded input.
"""

from __future__ import annotations

from typing import Any

from argus.core.errors import InvalidArgument

# How much of a caller's text an error message quotes.
QUOTE_CHARS = 64


def excerpt(text: object, limit: int = QUOTE_CHARS) -> str:
    """`text` quoted for an error message, cut to `limit` characters."""
    shown = str(text)
    if len(shown) > limit:
        return repr(shown[:limit]) + f"... ({len(shown)} characters)"
    return repr(shown)


def check_text(value: str, field: str, *, max_length: int) -> str:
    """`value` unless it holds a NUL character or more than `max_length` characters."""
    if "\x00" in value:
        raise InvalidArgument(f"{field}: NUL characters are not allowed", reason="INVALID_TEXT")
    if len(value) > max_length:
        raise InvalidArgument(
            f"{field}: at most {max_length} characters (got {len(value)})",
            reason="TEXT_TOO_LONG",
            metadata={"field": field, "limit": str(max_length)},
        )
    return value


def check_json(value: Any, what: str, *, max_depth: int) -> Any:
    """`value` unless it nests deeper than `max_depth` or a key or string holds a NUL."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list) and depth > max_depth:
            raise InvalidArgument(
                f"{what}: nested deeper than {max_depth} levels", reason="TOO_DEEP"
            )
        if isinstance(item, dict):
            for key, child in item.items():
                _no_nul(key, what)
                stack.append((child, depth + 1))
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, str):
            _no_nul(item, what)
    return value


def _no_nul(text: object, what: str) -> None:
    if isinstance(text, str) and "\x00" in text:
        raise InvalidArgument(f"{what}: NUL characters are not allowed", reason="INVALID_TEXT")
