"""Metrics of accounts. Labels are bounded: reasons and outcomes."""

from __future__ import annotations

from prometheus_client import Counter

AUTH_FAILURES = Counter(
    "argus_fleet_auth_failures_total", "Refused logins and tokens, by reason.", ("reason",)
)
DEVICES_REGISTERED = Counter(
    "argus_devices_registered_total", "Device registrations, new or renewed.", ("outcome",)
)
