"""Prometheus scrapes every metrics port; alerts and the dashboard use metrics the code exports."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re

import prometheus_client
import pytest

import argus
import services
from tests.deploy.manifests import GRPC_SERVICES, K8S, SERVICES, Manifests, labels_match, manifests

DASHBOARD = K8S / "base" / "grafana" / "argus-dashboard.json"
# Domain metrics the alerts and the dashboard rely on, and the service that exports each.
PROVIDED_BY_DOMAINS = {
    "argus_ocr_duration_seconds": "ocr",
    "argus_frames_received_total": "fleet",
    "argus_frames_acknowledged_total": "fleet",
    "argus_frame_bytes_total": "fleet",
    "argus_alerts_open": "fleet",
    "argus_halp_player_count": "players (HALP)",
    "argus_halp_last_submission_timestamp_seconds": "players (HALP)",
}
ALERTS = {
    "ArgusServiceDown",
    "ArgusServiceAbsent",
    "ArgusPodDown",
    "ArgusGrpcHighErrorRate",
    "ArgusHttpHighErrorRate",
    "ArgusGrpcSlow",
    "ArgusOcrSlow",
    "ArgusFramesNotAcknowledged",
    "ArgusHalpSessionSilent",
    "ArgusPlayersVolumeFilling",
}
METRIC = re.compile(r"\b((?:argus|grpc_server)_[a-z0-9_]+)")


def _rules(rendered: Manifests) -> list[dict[str, object]]:
    (rule,) = rendered.of_kind("PrometheusRule")
    return [r for group in rule["spec"]["groups"] for r in group["rules"]]


def _dashboard_exprs() -> list[str]:
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [t["expr"] for p in panels for t in p.get("targets", [])]


def _balanced(expr: str) -> bool:
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for char in re.sub(r'"[^"]*"', '""', expr):
        if char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            return False
    return not stack


def _exported_names() -> set[str]:
    """Every metric name the code registers once all of its modules are imported."""
    for package in (argus, services):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in module.name and not module.name.endswith("__main__"):
                importlib.import_module(module.name)
    return set(prometheus_client.REGISTRY._names_to_collectors)


def test_every_metrics_port_is_scraped_by_a_service_monitor(rendered: Manifests) -> None:
    monitors = rendered.of_kind("ServiceMonitor")
    scraped = set()
    for monitor in monitors:
        selector = monitor["spec"]["selector"]["matchLabels"]
        (service,) = [
            s
            for s in rendered.of_kind("Service")
            if labels_match(selector, s["metadata"]["labels"])
        ]
        ports = {p["name"] for p in service["spec"]["ports"]}
        for endpoint in monitor["spec"]["endpoints"]:
            assert endpoint["port"] in ports and endpoint["path"] == "/metrics"
            scraped.add((service["metadata"]["name"], endpoint["port"]))
    assert scraped == {(s, "metrics") for s in GRPC_SERVICES} | {("gateway", "http")}
    assert {m["apiVersion"] for m in monitors} == {"monitoring.coreos.com/v1"}


def test_the_alerts_an_sre_needs_are_defined_with_severity_and_summary(
    rendered: Manifests,
) -> None:
    rules = _rules(rendered)
    assert {r["alert"] for r in rules} == ALERTS
    for rule in rules:
        assert rule["labels"]["severity"] in {"warning", "critical"}, rule["alert"]  # type: ignore[index]
        assert rule["annotations"]["summary"], rule["alert"]  # type: ignore[index]
        assert re.fullmatch(r"\d+[smh]", str(rule["for"])), rule["alert"]
        assert _balanced(str(rule["expr"])), rule["alert"]


def test_dashboard_shows_traffic_ocr_frames_alerts_and_halp_sessions() -> None:
    dashboard = json.loads(DASHBOARD.read_text())
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids)) and dashboard["uid"]
    exprs = "\n".join(_dashboard_exprs())
    for needed in (
        "argus_http_requests_total",
        "argus_http_request_duration_seconds_bucket",
        "sum by (job, grpc_service, grpc_method) (rate(grpc_server_handled_total",
        "grpc_server_handling_seconds_bucket",
        "argus_ocr_duration_seconds_bucket",
        "argus_frames_received_total",
        "argus_alerts_open",
        "ALERTS{",
        "max by (session) (argus_halp_player_count",
    ):
        assert needed in exprs, needed
    assert all(_balanced(expr) for expr in _dashboard_exprs())
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]


def test_the_dashboard_is_shipped_to_grafana_as_it_is_in_the_repository() -> None:
    config = manifests("prod").get("ConfigMap", "argus-grafana-dashboard")
    assert config["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert config["data"]["argus-dashboard.json"] == DASHBOARD.read_text()


@pytest.mark.parametrize("source", ["alerts", "dashboard"])
def test_every_metric_used_is_exported_by_the_code_or_named_for_a_domain(source: str) -> None:
    exprs = (
        _dashboard_exprs()
        if source == "dashboard"
        else [str(rule["expr"]) for rule in _rules(manifests("prod"))]
    )
    used = {name for expr in exprs for name in METRIC.findall(expr)}
    exported = _exported_names() | set(PROVIDED_BY_DOMAINS)
    histogram_parts = re.compile(r"_(bucket|count|sum)$")
    missing = {
        name
        for name in used
        if histogram_parts.sub("", name) not in exported and name not in exported
    }
    assert missing == set()


def test_every_service_is_named_in_the_availability_alerts(rendered: Manifests) -> None:
    down = next(r for r in _rules(rendered) if r["alert"] == "ArgusServiceDown")
    for service in SERVICES:
        assert service in str(down["expr"])
