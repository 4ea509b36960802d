"""Metrics of the players service as a whole (each API's own are in its room's metrics.py).
Labels are bounded: table names."""

from __future__ import annotations

from prometheus_client import Counter

ROWS_PRUNED = Counter(
    "argus_players_rows_pruned_total",
    "Rows deleted because they were older than their retention setting.",
    ("table",),
)
