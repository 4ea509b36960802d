"""Prometheus metrics of the halp domain. Label values are bounded: configured sessions,
the two modes, and a fixed list of results."""

from __future__ import annotations

from datetime import datetime

from prometheus_client import Counter, Gauge

PLAYER_COUNT = Gauge(
    "argus_halp_player_count",
    "Players in a configured session, from its latest submission.",
    ("session",),
)
LAST_SUBMISSION = Gauge(
    "argus_halp_last_submission_timestamp_seconds",
    "Unix time of a configured session's latest accepted submission.",
    ("session",),
)
SUBMISSIONS = Counter(
    "argus_halp_submissions_total",
    "Player-count submissions by mode and result.",
    ("mode", "result"),
)

MODES = ("rawCount", "OCR", "none")
RESULTS = (
    "accepted",
    "invalid_auth",
    "session_not_found",
    "no_playercount",
    "invalid_playercount",
    "invalid_images",
    "error",
)


def record_latest(session: str, player_count: int, submitted_at: datetime) -> None:
    """Expose a session's latest accepted submission: its count and when it arrived."""
    PLAYER_COUNT.labels(session).set(player_count)
    LAST_SUBMISSION.labels(session).set(submitted_at.timestamp())


def record_submission(mode: str, result: str) -> None:
    """Count one submission; unknown modes and results fold into "none" and "error"."""
    SUBMISSIONS.labels(
        mode if mode in MODES else "none", result if result in RESULTS else "error"
    ).inc()


# Every series of a real mode starts at zero, so rates and alerts work from the first scrape.
for _mode in MODES[:2]:
    for _result in RESULTS:
        SUBMISSIONS.labels(_mode, _result)
