"""Services refuse to start with placeholder or short secrets (unless development allows it),
and fleet in production mode refuses to make up its own token key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from argus.core.secrets_policy import weak_secrets
from services.fleet.settings import FleetSettings
from services.gateway.settings import GatewaySettings
from services.players.settings import PlayersSettings
from tests.support.servers import free_port

BIN = Path(sys.executable).parent
EXAMPLE = Path(__file__).parents[2] / "deploy" / "k8s" / "secrets.example.yaml"
SETTINGS = {
    "argus-players": PlayersSettings,
    "argus-fleet": FleetSettings,
    "argus-gateway": GatewaySettings,
}
NOT_SECRET = {"ARGUS_FLEET_ADMIN_USERNAME", "ARGUS_GATEWAY_CORS_ORIGINS"}
PLACEHOLDER_JWT = "CHANGE-ME-at-least-32-random-bytes"


def _example_secrets() -> dict[str, dict[str, str]]:
    return {
        doc["metadata"]["name"]: doc["stringData"]
        for doc in yaml.safe_load_all(EXAMPLE.read_text())
    }


@pytest.mark.parametrize("secret", sorted(SETTINGS))
def test_every_value_of_the_example_secret_is_refused(secret: str) -> None:
    values = _example_secrets()[secret]
    fields = {key.removeprefix("ARGUS_").lower(): value for key, value in values.items()}
    problems = weak_secrets(SETTINGS[secret](**fields))
    named = {problem.split()[0] for problem in problems}
    secret_keys = set(values) - NOT_SECRET
    assert named == secret_keys
    assert not any("CHANGE-ME" in problem for problem in problems)


def test_short_shared_secrets_are_refused_and_long_ones_accepted() -> None:
    short = GatewaySettings(internal_secret="s" * 31)  # type: ignore[call-arg]
    assert weak_secrets(short) == ["ARGUS_INTERNAL_SECRET is shorter than 32 bytes"]
    assert weak_secrets(GatewaySettings(internal_secret="s" * 32)) == []  # type: ignore[call-arg]
    assert weak_secrets(GatewaySettings()) == []  # nothing configured: development defaults


def _fleet_env(tmp_path: Path, **env: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith("ARGUS_")}
    return {
        **keep,
        "ARGUS_HOST": "127.0.0.1",
        "ARGUS_FLEET_PORT": str(free_port()),
        "ARGUS_FLEET_METRICS_PORT": "0",
        "ARGUS_DATA_DIR": str(tmp_path),
        "ARGUS_LOG_LEVEL": "WARNING",
        "ARGUS_SHUTDOWN_GRACE_SECONDS": "0",
        **env,
    }


def _serve_fleet(tmp_path: Path, **env: str) -> tuple[int, str]:
    """`argus serve fleet` with `env`, expected to exit on its own; its code and stderr."""
    done = subprocess.run(
        [str(BIN / "argus"), "serve", "fleet"],
        env=_fleet_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stderr


@pytest.mark.parametrize(
    ("secret", "why"),
    [(PLACEHOLDER_JWT, "placeholder"), ("too-short-secret", "shorter than 32 bytes")],
)
def test_fleet_refuses_to_start_with_a_weak_jwt_secret(
    tmp_path: Path, secret: str, why: str
) -> None:
    code, stderr = _serve_fleet(tmp_path, ARGUS_JWT_SECRET=secret)
    assert code == 2, stderr
    assert "ARGUS_JWT_SECRET" in stderr and why in stderr
    assert secret not in stderr


def test_fleet_in_production_mode_needs_a_shared_jwt_secret(tmp_path: Path) -> None:
    code, stderr = _serve_fleet(tmp_path, ARGUS_MODE="production")
    assert code == 2, stderr
    assert "ARGUS_JWT_SECRET is required in production mode" in stderr
    assert not (tmp_path / "fleet-jwt.key").exists()
