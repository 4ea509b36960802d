"""Domain metrics of DFairPlay (no tokens, ids or ips in labels)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

SESSIONS_CREATED = Counter(
    "argus_dfairplay_sessions_created_total", "DFairPlay sessions opened by game servers."
)
SESSIONS_EXPIRED = Counter(
    "argus_dfairplay_sessions_expired_total",
    "DFairPlay sessions deleted after their TTL (by the sweep or their next call).",
)
SESSIONS_OPEN = Gauge(
    "argus_dfairplay_sessions_open", "DFairPlay sessions alive at the last sweep."
)
PLAYERS_ADDED = Counter(
    "argus_dfairplay_players_added_total",
    "Players added to sessions, by whether their ip runs the fair-play client.",
    ("uses_client",),
)
CLIENT_REGISTRATIONS = Counter(
    "argus_dfairplay_client_registrations_total", "Fair-play client registrations and renewals."
)
INCIDENTS_REPORTED = Counter(
    "argus_dfairplay_incidents_reported_total", "Incidents reported by fair-play clients."
)
