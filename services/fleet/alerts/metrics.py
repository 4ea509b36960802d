"""Metrics of alerts and their events. Labels are bounded: behaviours and event kinds."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

ALERTS_OPEN = Gauge("argus_alerts_open", "Alerts currently open (started), all trucks.")
ALERTS_OPENED = Counter("argus_alerts_opened_total", "Alerts opened, by behaviour.", ("behavior",))
ALERTS_CLOSED = Counter("argus_alerts_closed_total", "Alerts closed.")

ALERT_WATCHERS = Gauge("argus_alert_watchers", "Alert event watchers connected to this replica.")

EVENTS_RECORDED = Counter(
    "argus_alert_events_published_total", "Alert events recorded by this replica.", ("kind",)
)

WATCHERS_LAGGED = Counter(
    "argus_alert_watchers_lagged_total",
    "Times a watcher fell behind and caught up from the event table.",
)

EVENTS_PRUNED = Counter("argus_alert_events_pruned_total", "Alert events deleted by retention.")
