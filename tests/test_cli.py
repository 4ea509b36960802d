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


def _up_env(tmp_path: Path) -> tuple[dict[str, str], int, int]:
    """Environment of an `argus up` on free ports; with the gateway's and its own metrics port."""
    gateway_port, up_metrics_port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ARGUS_DATA_DIR": str(tmp_path / "data"),
        "ARGUS_GATEWAY_PORT": str(gateway_port),
        "ARGUS_UP_METRICS_PORT": str(up_metrics_port),
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
    return env, gateway_port, up_metrics_port


def _start_up(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "argus.cli", "up"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _healthz(port: int) -> httpx.Response | None:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except httpx.HTTPError:
        return None


def _wait_healthy(port: int, seconds: float = 60) -> httpx.Response:
    deadline = time.monotonic() + seconds
    status = None
    while time.monotonic() < deadline:
        status = _healthz(port)
        if status is not None and status.status_code == 200:
            return status
        time.sleep(0.2)
    raise AssertionError(f"the platform is not healthy: {status and status.text}")


def _stop(up: subprocess.Popen[bytes]) -> None:
    if up.poll() is None:
        up.kill()
        up.wait()


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM])
def test_up_serves_everything_and_stops_all_children_within_ten_seconds(
    tmp_path: Path, stop_signal: signal.Signals
) -> None:
    env, gateway_port, _ = _up_env(tmp_path)
    up = _start_up(tmp_path, env)
    try:
        _wait_healthy(gateway_port)
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
        _stop(up)


def _child_serving(up_pid: int, service: str) -> int:
    for pid in _children(up_pid):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if cmdline[-2:] == [service.encode(), b""] or cmdline[-1] == service.encode():
            return pid
    raise AssertionError(f"no child serves {service}")


def test_up_restarts_a_killed_child_and_counts_it_and_ctrl_c_still_stops_all(
    tmp_path: Path,
) -> None:
    env, gateway_port, metrics_port = _up_env(tmp_path)
    up = _start_up(tmp_path, env)
    try:
        _wait_healthy(gateway_port)
        fleet = _child_serving(up.pid, "fleet")
        os.kill(fleet, signal.SIGKILL)

        # Meanwhile /healthz names the backend that is away; then all serve again, untouched.
        down = None
        while down is None or down.status_code == 200:
            down = _healthz(gateway_port)
        assert down.json()["backends"]["fleet"]["status"] != "SERVING"
        healthy = _wait_healthy(gateway_port)
        assert healthy.json()["backends"]["fleet"]["status"] == "SERVING"
        assert _child_serving(up.pid, "fleet") != fleet
        metrics = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics").text
        assert 'argus_up_restarts_total{service="fleet"} 1.0' in metrics

        children = _children(up.pid)
        up.send_signal(signal.SIGINT)
        up.wait(timeout=10)
        assert up.returncode == 0
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        _stop(up)


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
