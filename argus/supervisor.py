"""`argus up`: every service as a child process, restarted when it dies, stopped together on
Ctrl-C or SIGTERM; a banner once the platform is ready."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from prometheus_client import start_http_server
from pydantic import Field

from argus.core import credentials, metrics
from argus.core.logging import configure_logging
from argus.core.settings import CommonSettings

log = logging.getLogger("argus.up")

_PR_SET_PDEATHSIG = 1

# What a platform started with no configuration needs to serve every API: values for these
# settings, when unset, are generated once and kept in the data directory's credentials file.
DEFAULT_CREDENTIALS: Mapping[str, credentials.Generator] = {
    "ARGUS_HALP_SESSIONS": lambda: "default",
    "ARGUS_HALP_TOKENS": credentials.random_secret,
    "ARGUS_FLEET_ADMIN_USERNAME": lambda: "admin",
    "ARGUS_FLEET_ADMIN_PASSWORD": credentials.random_secret,
}


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the kernel sends SIGTERM to the child if the supervisor itself dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


class UpSettings(CommonSettings):
    # Prometheus /metrics of `argus up` itself (argus_up_restarts_total); 0 picks a free port.
    up_metrics_port: int = Field(default=9100, ge=0, le=65535)
    # Longest wait before restarting a child that died (the first wait is 0.5 s, then doubled).
    up_restart_max_seconds: float = Field(default=30.0, gt=0)


FIRST_RESTART_SECONDS = 0.5
# A child up this long is healthy again: its next restart waits the first delay again.
STABLE_SECONDS = 30.0


@dataclass
class Child:
    """One service process, and when to restart it if it died."""

    name: str
    process: subprocess.Popen[bytes]
    started: float
    delay: float = FIRST_RESTART_SECONDS
    restart_at: float | None = None


def _spawn(name: str, env: Mapping[str, str]) -> subprocess.Popen[bytes]:
    # Own session: a terminal's Ctrl-C reaches only us, and we stop each child once.
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "argus.cli", "serve", name],
        env=env,
        start_new_session=True,
        preexec_fn=_die_with_parent if sys.platform == "linux" else None,
    )
    log.info("started %s", name, extra={"pid": process.pid, "service": name})
    return process


def _tend(child: Child, now: float, max_delay: float, env: Mapping[str, str]) -> None:
    """Restart `child` with exponential backoff once it died."""
    if child.restart_at is None:
        if child.process.poll() is None:
            if now - child.started >= STABLE_SECONDS:
                child.delay = FIRST_RESTART_SECONDS
            return
        child.restart_at = now + child.delay
        metrics.UP_RESTARTS.labels(child.name).inc()
        log.error(
            "%s exited with %s; restarting in %.1f s",
            child.name,
            child.process.returncode,
            child.delay,
            extra={"service": child.name, "restart_in_seconds": child.delay},
        )
        child.delay = min(child.delay * 2, max_delay)
    elif now >= child.restart_at:
        child.process, child.started, child.restart_at = _spawn(child.name, env), now, None


def run_all(services: Sequence[str]) -> int:
    """Run every service until Ctrl-C or SIGTERM; a child that dies is started again."""
    settings = UpSettings()
    configure_logging("up", settings.log_level, settings.log_json)
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    httpd, _thread = start_http_server(settings.up_metrics_port, addr=settings.host)
    log.info("metrics on :%d/metrics", httpd.server_port)

    env = {**os.environ, **credentials.ensure(settings.data_dir, DEFAULT_CREDENTIALS, os.environ)}
    children = [Child(name, _spawn(name, env), time.monotonic()) for name in services]
    gateway = _gateway_url(env) if "gateway" in services else None
    while not stopping:
        for child in children:
            _tend(child, time.monotonic(), settings.up_restart_max_seconds, env)
        if gateway and not stopping and _ready(gateway):
            print(banner(gateway, credentials.credentials_path(settings.data_dir)), flush=True)
            gateway = None
        time.sleep(0.2)

    _stop_all({c.name: c.process for c in children}, grace=settings.shutdown_grace_seconds + 2)
    httpd.shutdown()
    log.info("all services stopped")
    return 0


def _gateway_url(env: Mapping[str, str]) -> str:
    host = env.get("ARGUS_HOST", "0.0.0.0")
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    return f"http://{host}:{env.get('ARGUS_GATEWAY_PORT', '8080')}"


def _ready(url: str) -> bool:
    """True once the gateway answers /healthz with 200 (every backend serving)."""
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=0.5) as reply:  # noqa: S310
            return bool(reply.status == 200)
    except OSError:
        return False


def banner(url: str, credentials_file: Path) -> str:
    """What `argus up` prints once, when every service is ready."""
    lines = [
        f"Argus is up: {url}",
        f"  API docs:    {url}/docs",
        f"  console:     {url}/console",
    ]
    if credentials_file.exists():
        lines.append(f"  credentials: {credentials_file} (a shell can source it)")
    lines.append("  stop:        Ctrl-C")
    return "\n".join(lines)


def _stop_all(children: dict[str, subprocess.Popen[bytes]], grace: float) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    for name, child in children.items():
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("%s did not stop in time; killing it", name)
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
