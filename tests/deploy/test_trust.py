"""Trust settings in the manifests: production mode in prod, the internal secret shared by the
gateway and players, development secrets that pass the placeholder check, trusted proxies."""

from __future__ import annotations

import base64
import ipaddress

import yaml

from argus.core.secrets_policy import weak_secrets
from tests.deploy.manifests import K8S, SETTINGS, manifests, service_settings, settings_from_env


def _decoded(data: dict[str, str]) -> dict[str, str]:
    return {key: base64.b64decode(value).decode() for key, value in data.items()}


def test_prod_runs_in_production_mode_and_dev_does_not() -> None:
    assert service_settings(manifests("prod"), "fleet").mode == "production"
    assert service_settings(manifests("dev"), "fleet").mode == "development"


def test_the_dev_overlay_starts_without_allowing_weak_secrets() -> None:
    dev = manifests("dev")
    for secret, service in (("argus-players", "players"), ("argus-fleet", "fleet")):
        env = {**dev.config(), **_decoded(dev.secret_env(secret))}
        assert weak_secrets(settings_from_env(SETTINGS[service], env)) == [], secret


def test_the_gateway_and_players_get_the_same_internal_secret() -> None:
    dev = manifests("dev")
    shared = {
        name: _decoded(dev.secret_env(name))["ARGUS_INTERNAL_SECRET"]
        for name in ("argus-players", "argus-gateway")
    }
    assert len(set(shared.values())) == 1
    examples = {
        doc["metadata"]["name"]: doc["stringData"]
        for doc in yaml.safe_load_all((K8S / "secrets.example.yaml").read_text())
    }
    for name in ("argus-players", "argus-gateway"):
        assert "ARGUS_INTERNAL_SECRET" in examples[name]
    assert "ARGUS_DFAIRPLAY_CLIENT_ENROLLMENT_SECRET" in examples["argus-players"]


def test_the_gateway_believes_forwarded_addresses_only_from_private_proxies() -> None:
    for overlay in ("dev", "prod"):
        proxies = service_settings(manifests(overlay), "gateway").gateway_trusted_proxies
        assert proxies and all(ipaddress.ip_network(cidr).is_private for cidr in proxies)
