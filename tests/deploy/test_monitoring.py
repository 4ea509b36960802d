"""Prometheus scrapes every metrics port; alerts and the dashboard use metrics the code exports."""

from __future__ import annotations

import json
import re

import pytest

from tests.deploy.manifests import GRPC_SERVICES, K8S, SERVICES, Manifests, labels_match, manifests
from tests.deploy.promql import exported_labels, problems

DASHBOARD = K8S / "base" / "grafana" / "argus-dashboard.json"
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
    "ArgusFleetAuthFailuresHigh",
}


def _rules(rendered: Manifests) -> list[dict[str, object]]:
    (rule,) = rendered.of_kind("PrometheusRule")
    return [r for group in rule["spec"]["groups"] for r in group["rules"]]


def _balanced(expr: str) -> bool:
    stack: list[str] = []
    pairs = {")": "(", "]": "[", "}": "{"}
    for char in re.sub(r'"[^"]*"', '""', expr):
        if char in "([{":
            stack.append(char)
        elif char in pairs and (not stack or stack.pop() != pairs[char]):
            return False
    return not stack


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
    exprs = "\n".join(expr for expr, _ in _dashboard_queries())
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
    assert all(_balanced(expr) for expr, _ in _dashboard_queries())
    for panel in dashboard["panels"]:
        if panel["type"] != "row":
            assert panel["datasource"]["uid"] == "${datasource}", panel["title"]


def test_the_dashboard_is_shipped_to_grafana_as_it_is_in_the_repository() -> None:
    config = manifests("prod").get("ConfigMap", "argus-grafana-dashboard")
    assert config["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert config["data"]["argus-dashboard.json"] == DASHBOARD.read_text()


def _alert_queries() -> list[tuple[str, list[str]]]:
    """Each alert's expression and the labels its annotations show."""
    return [
        (str(rule["expr"]), re.findall(r"\$labels\.(\w+)", json.dumps(rule["annotations"])))
        for rule in _rules(manifests("prod"))
    ]


def _dashboard_queries() -> list[tuple[str, list[str]]]:
    """Each dashboard query and the labels its legend shows."""
    panels = json.loads(DASHBOARD.read_text())["panels"]
    return [
        (t["expr"], re.findall(r"\{\{\s*(\w+)\s*\}\}", t.get("legendFormat", "")))
        for p in panels
        for t in p.get("targets", [])
    ]


@pytest.mark.parametrize("source", ["alerts", "dashboard"])
def test_every_metric_and_label_used_is_exported_by_the_code(source: str) -> None:
    queries = _alert_queries() if source == "alerts" else _dashboard_queries()
    exported = exported_labels()
    found = {expr: problems(expr, exported, shown) for expr, shown in queries}
    assert {expr: errors for expr, errors in found.items() if errors} == {}


BAD_QUERIES: dict[str, tuple[str, list[str]]] = {
    "a misspelt metric": ("sum(rate(argus_frames_recieved_total[5m]))", []),
    "a label the metric lacks": ('sum(rate(argus_frames_received_total{session="x"}[5m]))', []),
    "grouping by a label no series has": ("sum by (reason) (argus_frames_received_total)", []),
    "showing a label the aggregation drops": ("sum(argus_halp_player_count)", ["session"]),
    "an unknown series": ('node_load1{job="fleet"}', []),
}


@pytest.mark.parametrize("query", sorted(BAD_QUERIES))
def test_a_query_on_a_metric_or_label_the_code_lacks_is_reported(query: str) -> None:
    expr, shown = BAD_QUERIES[query]
    assert problems(expr, exported_labels(), shown) != []


def test_every_service_is_named_in_the_availability_alerts(rendered: Manifests) -> None:
    down = next(r for r in _rules(rendered) if r["alert"] == "ArgusServiceDown")
    for service in SERVICES:
        assert service in str(down["expr"])
