"""`argus up` as a user runs it: no ARGUS_* setting but a data directory and free ports."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[2]
# The ports `make run` uses by default, by the setting that moves each one.
DEFAULT_PORTS = {
    "ARGUS_GATEWAY_PORT": 8080,
    "ARGUS_OCR_PORT": 50051,
    "ARGUS_PLAYERS_PORT": 50052,
    "ARGUS_FLEET_PORT": 50053,
    "ARGUS_OCR_METRICS_PORT": 9101,
    "ARGUS_PLAYERS_METRICS_PORT": 9102,
    "ARGUS_FLEET_METRICS_PORT": 9103,
    "ARGUS_UP_METRICS_PORT": 9100,
}


def platform_env(data_dir: Path) -> dict[str, str]:
    """The environment without ARGUS_* settings, plus the data directory and free ports."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("ARGUS_")}
    env["PYTHONPATH"] = str(ROOT)
    env["ARGUS_DATA_DIR"] = str(data_dir)
    env.update({name: str(free_port()) for name in DEFAULT_PORTS})
    for name in ("OCR", "PLAYERS", "FLEET"):
        env[f"ARGUS_{name}_TARGET"] = f"127.0.0.1:{env[f'ARGUS_{name}_PORT']}"
    return env


def start_up(
    env: dict[str, str], cwd: Path, *, stdout: int | None, stderr: Any = subprocess.PIPE
) -> subprocess.Popen[str]:
    """`argus up` in `cwd`; its logs go to `stderr` (piped by default: read them, or pass a
    file for a long run, so that a full pipe never blocks the services)."""
    return subprocess.Popen(
        [sys.executable, "-m", "argus.cli", "up"],
        env=env,
        cwd=cwd,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )


def wait_healthy(gateway_port: int | str) -> None:
    """Until the gateway's /healthz answers 200 (every backend serving); 60 s at most."""
    deadline = time.monotonic() + 60
    status = None
    while time.monotonic() < deadline:
        try:
            status = httpx.get(f"http://127.0.0.1:{gateway_port}/healthz", timeout=2)
            if status.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(status and status.text)
