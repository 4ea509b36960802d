"""Metrics of alerts. Labels are bounded: behaviours."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

ALERTS_OPEN = Gauge("argus_alerts_open", "Alerts currently open (started), all trucks.")
ALERTS_OPENED = Counter("argus_alerts_opened_total", "Alerts opened, by behaviour.", ("behavior",))
ALERTS_CLOSED = Counter("argus_alerts_closed_total", "Alerts closed.")
