"""Metrics of the gateway: HTTP requests, live feeds, refused login attempts. Labels are
bounded: methods, route templates, statuses, feed kinds, limits."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

HTTP_REQUESTS = Counter(
    "argus_http_requests_total",
    "HTTP requests answered by the gateway.",
    ("method", "route", "status"),
)

HTTP_SECONDS = Histogram(
    "argus_http_request_duration_seconds",
    "Time to answer an HTTP request (until the response starts).",
    ("method", "route"),
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

LIVE_WATCHERS = Gauge(
    "argus_gateway_live_watchers", "Browser feeds open on this gateway, by feed.", ("feed",)
)

LIVE_RESUMED = Counter(
    "argus_gateway_live_resumed_total", "Live feeds that watched again after their stream broke."
)

AUTH_RATE_LIMITED = Counter(
    "argus_gateway_auth_rate_limited_total",
    "Login and registration attempts refused with 429, by what was over its limit.",
    ("limit",),
)
