"""Server metrics with the go-grpc-prometheus names, so stock dashboards and alerts work."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

_LABELS = ("grpc_type", "grpc_service", "grpc_method")

STARTED = Counter("grpc_server_started_total", "RPCs started on the server.", _LABELS)
HANDLED = Counter(
    "grpc_server_handled_total",
    "RPCs completed on the server, regardless of success or failure.",
    (*_LABELS, "grpc_code"),
)
HANDLING_SECONDS = Histogram(
    "grpc_server_handling_seconds",
    "Response latency of RPCs handled by the server, until the last response is sent.",
    _LABELS,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)
MSG_RECEIVED = Counter(
    "grpc_server_msg_received_total", "Stream messages received on the server.", _LABELS
)
MSG_SENT = Counter("grpc_server_msg_sent_total", "Stream messages sent by the server.", _LABELS)
