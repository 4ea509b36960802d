"""The manifests speak the settings of the code: env names, ports, targets, defaults."""

from __future__ import annotations

import yaml

from tests.deploy.manifests import (
    GRPC_SERVICES,
    K8S,
    SERVICES,
    SETTINGS,
    Manifests,
    manifests,
    service_settings,
    settings_from_env,
)


def _env_names(cls: type) -> set[str]:
    return {f"ARGUS_{name.upper()}" for name in cls.model_fields}  # type: ignore[attr-defined]


def test_every_configmap_key_is_a_setting_some_service_reads(rendered: Manifests) -> None:
    known = set().union(*(_env_names(cls) for cls in SETTINGS.values()))
    assert set(rendered.config()) - known == set()


def test_configmap_ports_are_the_defaults_of_the_code(rendered: Manifests) -> None:
    config = rendered.config()
    for service, cls in SETTINGS.items():
        defaults = settings_from_env(cls, {})
        for name in _env_names(cls) & set(config):
            if name.endswith("_PORT"):
                field = name.removeprefix("ARGUS_").lower()
                assert int(config[name]) == getattr(defaults, field), (service, name)


def test_container_ports_service_ports_and_probes_match_the_settings(rendered: Manifests) -> None:
    for service in GRPC_SERVICES:
        settings = service_settings(rendered, service)
        container = rendered.container(service)
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert ports == {"grpc": settings.grpc_port, "metrics": settings.metrics_port}
        svc_ports = {
            p["name"]: p["port"] for p in rendered.get("Service", service)["spec"]["ports"]
        }
        assert svc_ports == ports, service
        assert container["readinessProbe"]["grpc"]["port"] == settings.grpc_port
    gateway = service_settings(rendered, "gateway")
    container = rendered.container("gateway")
    assert container["ports"] == [{"name": "http", "containerPort": gateway.gateway_port}]
    (svc_port,) = rendered.get("Service", "gateway")["spec"]["ports"]
    assert (svc_port["name"], svc_port["port"]) == ("http", gateway.gateway_port)


def test_callers_reach_grpc_services_by_dns_on_headless_services(rendered: Manifests) -> None:
    gateway = service_settings(rendered, "gateway")
    players = service_settings(rendered, "players")
    targets = {
        "ocr": {gateway.ocr_target, players.ocr_target},
        "players": {gateway.players_target},
        "fleet": {gateway.fleet_target},
    }
    for service, seen in targets.items():
        port = service_settings(rendered, service).grpc_port
        assert seen == {f"dns:///{service}:{port}"}, service
        assert rendered.get("Service", service)["spec"]["clusterIP"] == "None"


def test_generated_secrets_hold_only_settings_of_the_service_reading_them() -> None:
    dev = manifests("dev")
    for service in ("players", "fleet"):
        keys = set(dev.secret_env(f"argus-{service}"))
        assert keys and keys <= _env_names(SETTINGS[service]), service


def test_production_ships_no_secrets_and_the_example_holds_only_placeholders() -> None:
    assert manifests("prod").of_kind("Secret") == []
    examples = list(yaml.safe_load_all((K8S / "secrets.example.yaml").read_text()))
    assert {doc["metadata"]["name"] for doc in examples} == {f"argus-{s}" for s in SERVICES[1:]}
    for doc in examples:
        for key, value in doc["stringData"].items():
            assert key.startswith("ARGUS_") and key.isupper(), key
            assert "CHANGE-ME" in value, key


def test_deployments_read_the_secrets_the_example_describes(rendered: Manifests) -> None:
    for service in SERVICES[1:]:
        refs = [s["secretRef"] for s in rendered.container(service)["envFrom"] if "secretRef" in s]
        assert [r["name"].startswith(f"argus-{service}") for r in refs] == [True], service
        assert refs[0].get("optional", False) is (service == "gateway"), service


def test_the_ingress_lets_through_bodies_as_large_as_the_gateway_accepts(
    rendered: Manifests,
) -> None:
    limit = service_settings(rendered, "gateway").gateway_max_body_bytes
    annotations = rendered.get("Ingress", "gateway")["metadata"]["annotations"]
    size = annotations["nginx.ingress.kubernetes.io/proxy-body-size"]
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    assert int(size[:-1]) * units[size[-1].lower()] == limit


def test_fleet_pods_share_their_token_key_and_first_admin_through_the_secret() -> None:
    shared = {"ARGUS_JWT_SECRET", "ARGUS_FLEET_ADMIN_USERNAME", "ARGUS_FLEET_ADMIN_PASSWORD"}
    examples = {
        doc["metadata"]["name"]: doc["stringData"]
        for doc in yaml.safe_load_all((K8S / "secrets.example.yaml").read_text())
    }
    assert shared <= set(examples["argus-fleet"])
    assert shared <= set(manifests("dev").secret_env("argus-fleet"))
