"""Metrics of frames. Labels are bounded: kinds and reasons."""

from __future__ import annotations

from prometheus_client import Counter

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
