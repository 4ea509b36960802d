"""Domain metrics of the fleet service. Labels are bounded: kinds, behaviours, reasons."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

FRAMES_RECEIVED = Counter(
    "argus_frames_received_total", "Frames stored, by kind (alert or safe).", ("kind",)
)
FRAME_BYTES = Counter(
    "argus_frame_bytes_total", "Bytes of frame images stored, by kind (alert or safe).", ("kind",)
)
FRAMES_REJECTED = Counter("argus_frames_rejected_total", "Frames refused, by reason.", ("reason",))
FRAMES_PRUNED = Counter(
    "argus_frames_pruned_total", "Frames deleted past ARGUS_FLEET_FRAME_RETENTION_DAYS."
)
FRAMES_ACKNOWLEDGED = Counter(
    "argus_frames_acknowledged_total",
    "Streamed frames acknowledged to their device after the commit (resends included).",
)
ALERTS_OPEN = Gauge("argus_alerts_open", "Alerts currently open (started), all trucks.")
ALERTS_OPENED = Counter("argus_alerts_opened_total", "Alerts opened, by behaviour.", ("behavior",))
ALERTS_CLOSED = Counter("argus_alerts_closed_total", "Alerts closed.")
AUTH_FAILURES = Counter(
    "argus_fleet_auth_failures_total", "Refused logins and tokens, by reason.", ("reason",)
)
DEVICES_REGISTERED = Counter(
    "argus_devices_registered_total", "Device registrations, new or renewed.", ("outcome",)
)
