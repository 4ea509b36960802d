"""Metrics of frames, sent one per call or streamed. Labels are bounded: kinds and reasons."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

FRAMES_RECEIVED = Counter(
    "argus_frames_received_total", "Frames stored, by kind (alert or safe).", ("kind",)
)
FRAME_BYTES = Counter(
    "argus_frame_bytes_total", "Bytes of frame images stored, by kind (alert or safe).", ("kind",)
)
FRAMES_REJECTED = Counter("argus_frames_rejected_total", "Frames refused, by reason.", ("reason",))
FRAME_CHECKS = Counter(
    "argus_frame_image_checks_total",
    "Frame images checked, by where: on the event loop (small sequential JPEGs sent one per "
    "call) or in a decode thread (the rest, streamed frames included).",
    ("where",),
)
FRAMES_PRUNED = Counter(
    "argus_frames_pruned_total", "Frames deleted past ARGUS_FLEET_FRAME_RETENTION_DAYS."
)
FRAMES_ACKNOWLEDGED = Counter(
    "argus_frames_acknowledged_total",
    "Streamed frames acknowledged to their device after the commit (resends included).",
)

STREAMS_OPEN = Gauge("argus_frame_streams_open", "StreamFrames calls in progress.")

STREAM_BATCH_FRAMES = Histogram(
    "argus_frame_stream_batch_frames",
    "Frames committed together by one stream.",
    buckets=(1, 2, 4, 8, 16, 32, 64, 128, 256),
)

FRAMES_RESENT = Counter(
    "argus_frames_resent_total", "Streamed frames already stored, acknowledged again."
)

STREAM_COMMIT_SECONDS = Histogram(
    "argus_frame_stream_commit_seconds",
    "Time to check and commit one batch of streamed frames.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
)

STREAM_PACED_SECONDS = Counter(
    "argus_frame_stream_paced_seconds_total",
    "Time streams waited because their device was over ARGUS_FLEET_DEVICE_FRAMES_PER_MINUTE.",
)
