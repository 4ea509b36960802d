"""`argus up` runs the whole platform and leaves nothing behind when stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from tests.support.up import ROOT, platform_env, start_up, wait_healthy


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
    env = platform_env(tmp_path / "data")
    up = start_up(env, tmp_path, stdout=subprocess.DEVNULL)
    try:
        wait_healthy(env["ARGUS_GATEWAY_PORT"])
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


def _healthz(port: str) -> httpx.Response | None:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
    except httpx.HTTPError:
        return None


def _child_serving(up_pid: int, service: str) -> int:
    for pid in _children(up_pid):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        if cmdline[-2:] == [service.encode(), b""] or cmdline[-1] == service.encode():
            return pid
    raise AssertionError(f"no child serves {service}")


def test_up_restarts_a_killed_child_and_counts_it_and_ctrl_c_still_stops_all(
    tmp_path: Path,
) -> None:
    env = platform_env(tmp_path / "data")
    gateway_port = env["ARGUS_GATEWAY_PORT"]
    up = start_up(env, tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(gateway_port)
        fleet = _child_serving(up.pid, "fleet")
        os.kill(fleet, signal.SIGKILL)

        # Meanwhile /healthz names the backend that is away; then all serve again, untouched.
        down = None
        while down is None or down.status_code == 200:
            down = _healthz(gateway_port)
        assert down.json()["backends"]["fleet"]["status"] != "SERVING"
        wait_healthy(gateway_port)
        healthy = _healthz(gateway_port)
        assert healthy is not None
        assert healthy.json()["backends"]["fleet"]["status"] == "SERVING"
        assert _child_serving(up.pid, "fleet") != fleet
        metrics = httpx.get(f"http://127.0.0.1:{env['ARGUS_UP_METRICS_PORT']}/metrics").text
        assert 'argus_up_restarts_total{service="fleet"} 1.0' in metrics

        children = _children(up.pid)
        up.send_signal(signal.SIGINT)
        up.wait(timeout=10)
        assert up.returncode == 0
        assert [pid for pid in children if _alive(pid)] == []
    finally:
        if up.poll() is None:
            up.kill()
            up.wait()


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


def _run_up_until_banner(env: dict[str, str], cwd: Path) -> tuple[str, str]:
    """`argus up` until it prints its banner, then Ctrl-C: (stdout, stderr)."""
    up = start_up(env, cwd, stdout=subprocess.PIPE)
    try:
        assert up.stdout is not None
        first = up.stdout.readline()
        assert first.startswith("Argus is up: "), first
        banner = first + "".join(up.stdout.readline() for _ in range(4))
        _check_generated_credentials_work(env)
        up.send_signal(signal.SIGINT)
        rest, errors = up.communicate(timeout=20)
        return banner + rest, errors
    finally:
        if up.poll() is None:
            up.kill()
            up.communicate()


def _check_generated_credentials_work(env: dict[str, str]) -> None:
    kept = Path(env["ARGUS_DATA_DIR"]) / "credentials.env"
    assert kept.stat().st_mode & 0o777 == 0o600
    values = dict(line.split("=", 1) for line in kept.read_text().splitlines() if "=" in line)
    url = f"http://127.0.0.1:{env['ARGUS_GATEWAY_PORT']}"
    sessions = httpx.post(f"{url}/get_sessions", data={"auth": values["ARGUS_HALP_TOKENS"]})
    assert sessions.status_code == 200 and sessions.json() == [values["ARGUS_HALP_SESSIONS"]]
    login = httpx.post(
        f"{url}/api/v1/login/",
        json={
            "username": values["ARGUS_FLEET_ADMIN_USERNAME"],
            "password": values["ARGUS_FLEET_ADMIN_PASSWORD"],
        },
    )
    assert login.status_code == 200, login.text


def test_up_with_no_configuration_serves_halp_and_fleet_with_credentials_kept_in_one_file(
    tmp_path: Path,
) -> None:
    env = platform_env(tmp_path / "data")
    out, errors = _run_up_until_banner(env, tmp_path)
    kept = (tmp_path / "data" / "credentials.env").read_text()
    values = [line.split("=", 1)[1] for line in kept.splitlines() if "=" in line]
    assert {line.split("=", 1)[0] for line in kept.splitlines() if "=" in line} == {
        "ARGUS_HALP_SESSIONS",
        "ARGUS_HALP_TOKENS",
        "ARGUS_FLEET_ADMIN_USERNAME",
        "ARGUS_FLEET_ADMIN_PASSWORD",
    }
    secrets = [v for v in values if len(v) > 16]
    assert len(secrets) == 2 and not any(s in out + errors for s in secrets)
    url = f"http://127.0.0.1:{env['ARGUS_GATEWAY_PORT']}"
    assert out.splitlines()[:5] == [
        f"Argus is up: {url}",
        f"  API docs:    {url}/docs",
        f"  console:     {url}/console",
        f"  credentials: {tmp_path / 'data' / 'credentials.env'} (a shell can source it)",
        "  stop:        Ctrl-C",
    ]

    _run_up_until_banner(env, tmp_path)  # a restart reuses the kept values
    assert (tmp_path / "data" / "credentials.env").read_text() == kept
