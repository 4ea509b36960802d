"""`argus up`: every service as a child process, stopped together on Ctrl-C or SIGTERM."""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

from argus.core.logging import configure_logging
from argus.core.settings import CommonSettings

log = logging.getLogger("argus.up")

_PR_SET_PDEATHSIG = 1


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

    children: dict[str, subprocess.Popen[bytes]] = {}
    for name in services:
        # Own session: a terminal's Ctrl-C reaches only us, and we stop each child once.
        children[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "argus.cli", "serve", name],
            start_new_session=True,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        log.info("started %s", name, extra={"pid": children[name].pid})

    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                log.error("%s exited with %s; stopping everything", name, child.returncode)
                exit_code = 1
                stopping = True
                break
        time.sleep(0.2)

    _stop_all(children, grace=settings.shutdown_grace_seconds + 2)
    log.info("all services stopped")
    return exit_code


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
