"""Administrative subcommands (e.g. creating users); services register theirs here."""

from __future__ import annotations

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Hook for subcommands such as `argus user create`; none yet."""
