"""The runtime's own Prometheus metrics: background tasks and `argus up` (the gRPC ones, with
their go-grpc-prometheus names, are in `grpc_metrics.py`)."""

from __future__ import annotations

from prometheus_client import Counter

BACKGROUND_FAILURES = Counter(
    "argus_background_failures_total",
    "Runs of a background task (pruning, sweeping, reading events) that failed; it runs again.",
    ("task",),
)

UP_RESTARTS = Counter("argus_up_restarts_total", "Children of `argus up` restarted.", ("service",))
