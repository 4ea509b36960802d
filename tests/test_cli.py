"""`argus up` runs the whole platform and leaves nothing behind when stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.servers import free_port

ROOT = Path(__file__).resolve().parents[1]


def _children(pid: int) -> list[int]:
    out = subprocess.run(
        ["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    return [int(line) for line in out.stdout.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie is dead for our purpose
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_up_serves_everything_and_stops_all_children_within_ten_seconds(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    gateway_port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ARGUS_DATA_DIR": str(tmp_path / "data"),
        "ARGUS_GATEWAY_PORT": str(gateway_port),
        **{
            f"ARGUS_{name}": str(free_port())
            for name in (
                "OCR_METRICS_PORT",
                "PLAYERS_METRICS_PORT",
                "FLEET_METRICS_PORT",
            )
        },
    }
    ports = {name: free_port() for name in ("OCR", "PLAYERS", "FLEET")}
    for name, port in ports.items():
        env[f"ARGUS_{name}_PORT"] = str(port)
        env[f"ARGUS_{name}_TARGET"] = f"127.0.0.1:{port}"

    up = subprocess.Popen(
        [sys.executable, "-m", "argus.cli", "up"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        status = None
        while time.monotonic() < deadline:
            try:
                status = httpx.get(f"http://127.0.0.1:{gateway_port}/healthz", timeout=2)
                if status.status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        assert status is not None and status.status_code == 200, status and status.text
        children = _children(up.pid)
        assert len(children) == 4

        up.send_signal(stop_signal)
        up.wait(timeout=10)
        assert up.returncode == 0
        leftovers = [pid for pid in children if _alive(pid)]
        assert leftovers == []
        assert (tmp_path / "data" / "players.db").exists()
        assert (tmp_path / "data" / "fleet.db").exists()
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()
        assert up.stderr is not None
        up.stderr.close()


def test_serve_rejects_an_unknown_service() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "argus.cli", "serve", "nope"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
