"""`argus up`: every service as a child process, stopped together on Ctrl-C or SIGTERM."""

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
from pathlib import Path

from argus.core import credentials
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


def run_all(services: Sequence[str]) -> int:
    settings = CommonSettings()
    configure_logging("up", settings.log_level, settings.log_json)
    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    env = {**os.environ, **credentials.ensure(settings.data_dir, DEFAULT_CREDENTIALS, os.environ)}
    children: dict[str, subprocess.Popen[bytes]] = {}
    for name in services:
        # Own session: a terminal's Ctrl-C reaches only us, and we stop each child once.
        children[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "argus.cli", "serve", name],
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        log.info("started %s", name, extra={"pid": children[name].pid})

    exit_code = 0
    gateway = _gateway_url(env) if "gateway" in children else None
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                log.error("%s exited with %s; stopping everything", name, child.returncode)
                exit_code = 1
                stopping = True
                break
        if gateway and not stopping and _ready(gateway):
            print(banner(gateway, credentials.credentials_path(settings.data_dir)), flush=True)
            gateway = None
        time.sleep(0.2)

    _stop_all(children, grace=settings.shutdown_grace_seconds + 2)
    log.info("all services stopped")
    return exit_code


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
    lines = [f"Argus is up: {url}", f"  API docs:    {url}/docs"]
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
