"""Refuse to start with a secret that looks like a placeholder or is too short to be one.

Every `SecretStr` setting, every token list (`*_tokens`) and the password inside a database URL
is checked; the documented example values (`CHANGE-ME...`) are the usual culprit.
`ARGUS_ALLOW_WEAK_SECRETS=true` lets development set-ups and tests start anyway.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from argus.core.errors import ConfigurationError

# Fields holding keys that sign or prove something: their shortest acceptable length in bytes.
MIN_BYTES = {"jwt_secret": 32, "internal_secret": 32}
DEFAULT_MIN_BYTES = 16
# Short or example values people paste; compared case-insensitively, whole value.
PLACEHOLDERS = frozenset(
    {"secret", "password", "changeit", "example", "default", "token", "xxx", "todo", "replace-me"}
)
_CHANGE_ME = re.compile(r"change[-_ ]?me", re.IGNORECASE)


def is_placeholder(value: str) -> bool:
    return bool(_CHANGE_ME.search(value)) or value.strip().lower() in PLACEHOLDERS


def _secret_values(settings: BaseSettings) -> Iterator[tuple[str, str, bool]]:
    """(setting, value, whether its length is checked) of every non-empty secret setting."""
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr) and value.get_secret_value():
            yield name, value.get_secret_value(), name.endswith("_secret")
        elif name.endswith("_tokens") and isinstance(value, list):
            yield from ((name, str(token), False) for token in value)
        elif name.endswith("_database_url") and isinstance(value, str) and value:
            password = urlsplit(value).password
            if password:
                yield name, password, False


def weak_secrets(settings: BaseSettings) -> list[str]:
    """Why each weak secret setting is weak, naming the setting but never its value."""
    problems = []
    for name, value, check_length in _secret_values(settings):
        variable = f"ARGUS_{name.upper()}"
        shortest = MIN_BYTES.get(name, DEFAULT_MIN_BYTES)
        if is_placeholder(value):
            problems.append(f"{variable} holds a placeholder value")
        elif check_length and len(value.encode()) < shortest:
            problems.append(f"{variable} is shorter than {shortest} bytes")
    return problems


def refuse_weak_secrets(settings: BaseSettings) -> None:
    """Raise ConfigurationError naming every weak secret, unless weak secrets are allowed."""
    if getattr(settings, "allow_weak_secrets", False):
        return
    problems = weak_secrets(settings)
    if problems:
        raise ConfigurationError(
            "refusing to start: "
            + "; ".join(problems)
            + " (set real secrets, or ARGUS_ALLOW_WEAK_SECRETS=true for development)"
        )
