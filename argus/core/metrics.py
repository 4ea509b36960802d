"""The runtime's own Prometheus metrics (the gRPC ones keep their go-grpc-prometheus names in
`grpc_metrics.py`)."""

from __future__ import annotations

from prometheus_client import Counter

BACKGROUND_FAILURES = Counter(
    "argus_background_failures_total",
    "Runs of a background task (pruning, sweeping, reading events) that failed; it runs again.",
    ("task",),
)
