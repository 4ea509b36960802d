"""Default deny; only the gateway is reachable from outside; each service only from its callers."""

from __future__ import annotations

from typing import Any

from tests.deploy.manifests import (
    GRPC_SERVICES,
    Doc,
    Manifests,
    labels_match,
    manifests,
    service_settings,
)

MONITORING = "namespace:monitoring"
CALLERS = {
    "ocr": {"pod:gateway", "pod:players"},
    "players": {"pod:gateway"},
    "fleet": {"pod:gateway"},
    "gateway": {"namespace:ingress-nginx", MONITORING},
}


def _selects(selector: dict[str, Any], labels: dict[str, str]) -> bool:
    if not labels_match(selector.get("matchLabels", {}), labels):
        return False
    return all(
        labels.get(e["key"]) in e["values"]
        for e in selector.get("matchExpressions", [])
        if e["operator"] == "In"
    )


def _peer(peer: dict[str, Any]) -> set[str]:
    if "ipBlock" in peer:
        return {f"ip:{peer['ipBlock']['cidr']}"}
    if "namespaceSelector" in peer:
        names = peer["namespaceSelector"].get("matchLabels", {})
        return {f"namespace:{names.get('kubernetes.io/metadata.name', '*')}"}
    selector = peer["podSelector"]
    names = set(selector.get("matchLabels", {}).values())
    for expression in selector.get("matchExpressions", []):
        names |= set(expression["values"])
    return {f"pod:{name}" for name in names} or {"pod:*"}


def _port_matches(rule: Doc, port: int | str, ports: dict[str, int]) -> bool:
    wanted = {port, ports.get(str(port), port)}
    return not rule.get("ports") or any(
        p["port"] in wanted or ports.get(str(p["port"])) in wanted for p in rule["ports"]
    )


def _pod(rendered: Manifests, app: str) -> tuple[dict[str, str], dict[str, int]]:
    (workload,) = [w for w in rendered.workloads() if w["metadata"]["name"] == app]
    template = workload["spec"]["template"]
    ports = {
        p["name"]: p["containerPort"] for c in template["spec"]["containers"] for p in c["ports"]
    }
    return template["metadata"]["labels"], ports


def allowed(rendered: Manifests, app: str, direction: str, port: int | str) -> set[str]:
    """Peers the policies let reach `app` on `port` (ingress), or that `app` may reach (egress)."""
    labels, ports = _pod(rendered, app)
    peers: set[str] = set()
    for policy in rendered.of_kind("NetworkPolicy"):
        spec = policy["spec"]
        if direction.capitalize() not in spec["policyTypes"] or not _selects(
            spec["podSelector"], labels
        ):
            continue
        for rule in spec.get(direction, []):
            if _port_matches(rule, port, ports):
                key = "from" if direction == "ingress" else "to"
                peers |= set().union(*(_peer(p) for p in rule.get(key, [{"podSelector": {}}])))
    return peers


def test_every_pod_is_denied_all_traffic_unless_a_policy_allows_it(rendered: Manifests) -> None:
    deny = rendered.get("NetworkPolicy", "default-deny-all")["spec"]
    assert deny["podSelector"] == {}
    assert sorted(deny["policyTypes"]) == ["Egress", "Ingress"]
    assert "ingress" not in deny and "egress" not in deny


def test_each_service_is_reachable_only_from_its_callers(rendered: Manifests) -> None:
    for service, callers in CALLERS.items():
        port = "http" if service == "gateway" else "grpc"
        assert allowed(rendered, service, "ingress", port) == callers, service


def test_metrics_ports_are_open_to_the_monitoring_namespace_only(rendered: Manifests) -> None:
    for service in GRPC_SERVICES:
        assert allowed(rendered, service, "ingress", "metrics") == {MONITORING}, service


def test_callers_may_reach_their_backends_on_the_ports_of_the_settings(
    rendered: Manifests,
) -> None:
    for caller, backends in {"gateway": GRPC_SERVICES, "players": ("ocr",)}.items():
        for backend in backends:
            port = service_settings(rendered, backend).grpc_port
            assert f"pod:{backend}" in allowed(rendered, caller, "egress", port), (caller, backend)
    assert allowed(rendered, "ocr", "egress", 50052) == set()


def test_every_pod_may_resolve_names(rendered: Manifests) -> None:
    for workload in rendered.workloads():
        assert "namespace:kube-system" in allowed(
            rendered, workload["metadata"]["name"], "egress", 53
        )


def test_databases_are_reachable_only_by_players_and_fleet() -> None:
    dev = manifests("dev")
    assert allowed(dev, "postgres", "ingress", 5432) == {"pod:players", "pod:fleet"}
    for service in ("players", "fleet"):
        assert "pod:postgres" in allowed(dev, service, "egress", 5432)
    prod = manifests("prod")
    for service in ("players", "fleet"):
        assert allowed(prod, service, "egress", 5432) != set()
    assert allowed(prod, "gateway", "egress", 5432) == set()


def test_only_the_gateway_is_exposed_outside_the_cluster(rendered: Manifests) -> None:
    for service in rendered.of_kind("Service"):
        spec = service["spec"]
        assert spec.get("type", "ClusterIP") == "ClusterIP", service["metadata"]["name"]
        assert not spec.get("externalIPs")
    for workload in rendered.workloads():
        pod = workload["spec"]["template"]["spec"]
        assert not pod.get("hostNetwork")
        assert all("hostPort" not in p for c in pod["containers"] for p in c.get("ports", []))
    backends = {
        (path["backend"]["service"]["name"], path["backend"]["service"]["port"]["name"])
        for ingress in rendered.of_kind("Ingress")
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    }
    assert backends == {("gateway", "http")}


def test_the_gateways_metrics_are_refused_from_outside(rendered: Manifests) -> None:
    internal = rendered.get("Ingress", "gateway-internal-paths")
    annotations = internal["metadata"]["annotations"]
    assert annotations["nginx.ingress.kubernetes.io/denylist-source-range"] == "0.0.0.0/0,::/0"
    paths = {(p["path"], p["pathType"]) for p in internal["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {("/metrics", "Exact")}
    hosts = {rule["host"] for i in rendered.of_kind("Ingress") for rule in i["spec"]["rules"]}
    assert len(hosts) == 1


def test_production_serves_the_gateway_over_tls() -> None:
    ingress = manifests("prod").get("Ingress", "gateway")
    (tls,) = ingress["spec"]["tls"]
    assert tls["hosts"] == [ingress["spec"]["rules"][0]["host"]]
