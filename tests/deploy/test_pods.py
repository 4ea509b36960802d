"""Every pod is hardened, probed, bounded and stops gracefully; the rules catch a breach."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from tests.deploy.manifests import GRPC_SERVICES, SERVICES, Manifests, manifests, service_settings
from tests.deploy.rules import pod_violations, shutdown_violations


def test_every_pod_is_hardened_probed_and_bounded(rendered: Manifests) -> None:
    found = {
        workload["metadata"]["name"]: pod_violations(workload) for workload in rendered.workloads()
    }
    assert {name: errors for name, errors in found.items() if errors} == {}
    assert {"ocr", "players", "fleet", "gateway"} <= set(found)


def _server(workload: dict[str, Any]) -> dict[str, Any]:
    container: dict[str, Any] = workload["spec"]["template"]["spec"]["containers"][0]
    return container


BREACHES: dict[str, Callable[[dict[str, Any]], None]] = {
    "no liveness probe": lambda w: _server(w).pop("livenessProbe"),
    "no startup probe": lambda w: _server(w).pop("startupProbe"),
    "privilege escalation": lambda w: _server(w)["securityContext"].update(
        allowPrivilegeEscalation=True
    ),
    "capabilities kept": lambda w: _server(w)["securityContext"].pop("capabilities"),
    "writable root": lambda w: _server(w)["securityContext"].update(readOnlyRootFilesystem=False),
    "root user": lambda w: w["spec"]["template"]["spec"]["securityContext"].update(runAsUser=0),
    "no seccomp": lambda w: w["spec"]["template"]["spec"]["securityContext"].pop("seccompProfile"),
    "no memory limit": lambda w: _server(w)["resources"]["limits"].pop("memory"),
    "no cpu request": lambda w: _server(w)["resources"]["requests"].pop("cpu"),
    "no /tmp": lambda w: _server(w).update(volumeMounts=[]),
}


@pytest.mark.parametrize("breach", sorted(BREACHES))
def test_breaking_a_pod_rule_is_reported(breach: str) -> None:
    workload = copy.deepcopy(manifests("prod").get("Deployment", "ocr"))
    assert pod_violations(workload) == []
    BREACHES[breach](workload)
    assert pod_violations(workload) != []


def test_grpc_services_use_native_grpc_probes_on_their_grpc_port(rendered: Manifests) -> None:
    for service in GRPC_SERVICES:
        container = rendered.container(service)
        port = service_settings(rendered, service).grpc_port
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert container[probe]["grpc"] == {"port": port}, (service, probe)


def test_gateway_is_ready_on_readyz_and_alive_without_asking_the_backends(
    rendered: Manifests,
) -> None:
    container = rendered.container("gateway")
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        assert container[probe]["httpGet"]["path"] != "/healthz", probe
        assert container[probe]["httpGet"]["port"] == "http"


def test_pods_outlive_prestop_and_the_servers_shutdown_grace(rendered: Manifests) -> None:
    for service in SERVICES:
        grace = service_settings(rendered, service).shutdown_grace_seconds
        pod = rendered.get("Deployment", service)["spec"]["template"]["spec"]
        assert shutdown_violations(pod, grace) == [], service
        assert _server(rendered.get("Deployment", service))["lifecycle"]["preStop"]["sleep"]


def test_a_grace_period_shorter_than_the_servers_grace_is_reported() -> None:
    pod = copy.deepcopy(manifests("prod").get("Deployment", "fleet")["spec"]["template"]["spec"])
    pod["terminationGracePeriodSeconds"] = 10
    assert shutdown_violations(pod, grace_seconds=15) != []


def test_every_argus_container_runs_the_same_image(rendered: Manifests) -> None:
    images = {rendered.container(service)["image"] for service in SERVICES}
    assert len(images) == 1
    (image,) = images
    assert ":" in image and not image.endswith(":latest")


def test_every_argus_container_runs_argus_serve_its_service(rendered: Manifests) -> None:
    for service in SERVICES:
        container = rendered.container(service)
        assert "command" not in container, "the image's ENTRYPOINT is argus"
        assert container["args"] == ["serve", service]


def test_every_argus_container_reads_the_shared_settings(rendered: Manifests) -> None:
    for service in SERVICES:
        sources = rendered.container(service)["envFrom"]
        names = [s["configMapRef"]["name"] for s in sources if "configMapRef" in s]
        assert len(names) == 1 and names[0].startswith("argus-config-"), service


def test_ocr_players_and_gateway_scale_with_an_hpa_that_owns_their_replicas(
    rendered: Manifests,
) -> None:
    targets = {
        hpa["spec"]["scaleTargetRef"]["name"]: hpa
        for hpa in rendered.of_kind("HorizontalPodAutoscaler")
    }
    assert set(targets) == {"ocr", "players", "gateway"}
    for name, hpa in targets.items():
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["scaleTargetRef"]["kind"] == "Deployment"
        assert 1 <= hpa["spec"]["minReplicas"] < hpa["spec"]["maxReplicas"]
        assert "replicas" not in rendered.get("Deployment", name)["spec"], name


def test_every_service_has_a_disruption_budget_that_never_blocks_a_drain(
    rendered: Manifests,
) -> None:
    budgets = {
        pdb["metadata"]["name"]: pdb["spec"] for pdb in rendered.of_kind("PodDisruptionBudget")
    }
    for service in SERVICES:
        spec = budgets[service]
        assert spec["selector"]["matchLabels"] == {"app.kubernetes.io/name": service}
        assert spec.get("maxUnavailable") == 1, "maxUnavailable lets single replicas drain"


def test_production_runs_at_least_two_pods_of_every_service() -> None:
    prod = manifests("prod")
    for service in SERVICES:
        spec = prod.get("Deployment", service)["spec"]
        hpa = [
            h
            for h in prod.of_kind("HorizontalPodAutoscaler")
            if h["spec"]["scaleTargetRef"]["name"] == service
        ]
        replicas = hpa[0]["spec"]["minReplicas"] if hpa else spec["replicas"]
        assert replicas >= 2, service
