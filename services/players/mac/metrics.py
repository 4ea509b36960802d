"""Prometheus metrics of the MAC domain."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

LOBBY_PLAYERS = Histogram(
    "argus_mac_snapshot_players",
    "Players in each lobby snapshot received.",
    buckets=(0, 1, 6, 12, 18, 24, 32, 64, 100, 128),
)
STATUS_LINES = Counter(
    "argus_mac_status_lines_total",
    "Lines of posted status text, by outcome (player rows read, lines skipped).",
    ("outcome",),
)
VERDICT_UPDATES = Counter("argus_mac_verdict_updates_total", "Verdicts set on players.")
CLIENTS_REFUSED = Counter(
    "argus_mac_clients_refused_total", "MAC calls refused for a missing or unknown token."
)
