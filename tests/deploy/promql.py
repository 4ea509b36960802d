"""Enough PromQL reading to check that queries use series and labels that really exist."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping

import prometheus_client

import argus
import services

# Labels Prometheus adds to every target a ServiceMonitor scrapes.
TARGET_LABELS = frozenset(
    {"namespace", "service", "pod", "container", "endpoint", "job", "instance"}
)
# Series that come from Prometheus or Kubernetes rather than from our code, with their labels.
EXTERNAL_SERIES: Mapping[str, frozenset[str]] = {
    "up": frozenset(),
    "ALERTS": frozenset({"alertname", "alertstate", "severity"}),
    "kubelet_volume_stats_available_bytes": frozenset({"persistentvolumeclaim"}),
    "kubelet_volume_stats_capacity_bytes": frozenset({"persistentvolumeclaim"}),
}
OURS = re.compile(r"\b((?:argus|grpc_server)_[a-z0-9_]+)")
SELECTOR = re.compile(r"\b([A-Za-z_:][A-Za-z0-9_:]*)\s*\{([^}]*)\}")
MATCHER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)")
GROUPING = re.compile(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)")
AGGREGATION = re.compile(r"\b(?:sum|min|max|avg|count|topk|bottomk|quantile)\s*(?:by\s*\(|\()")
BY = re.compile(r"\bby\s*\(([^)]*)\)")
_NO_BARE_SERIES = {"counter", "histogram", "summary"}


def exported_labels() -> dict[str, frozenset[str]]:
    """Every series name the code registers (histogram parts included), with its labels."""
    for package in (argus, services):
        for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if ".migrations" not in module.name and not module.name.endswith("__main__"):
                importlib.import_module(module.name)
    found: dict[str, frozenset[str]] = {}
    registry = prometheus_client.REGISTRY._names_to_collectors
    for name, collector in registry.items():
        if name == getattr(collector, "_name", None) and _kind(collector) in _NO_BARE_SERIES:
            continue  # counters expose name_total, histograms name_bucket/_count/_sum
        labels = frozenset(getattr(collector, "_labelnames", ()))
        found[name] = labels | {"le"} if name.endswith("_bucket") else labels
    return found


def _kind(collector: object) -> str:
    return str(getattr(collector, "_type", ""))


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def series_in(expr: str) -> set[str]:
    """Our metric names and the external series an expression reads."""
    external = {name for name in EXTERNAL_SERIES if re.search(rf"\b{name}\b", expr)}
    return set(OURS.findall(expr)) | external


def output_labels(expr: str, known: Mapping[str, frozenset[str]]) -> set[str]:
    """Labels the result of `expr` carries, as far as its aggregations tell."""
    groups = [set(_names(group)) for group in BY.findall(expr)]
    if groups:
        return set.intersection(*groups) - {"le"}
    if AGGREGATION.search(expr):
        return set()
    return _readable(expr, known)


def _readable(expr: str, known: Mapping[str, frozenset[str]]) -> set[str]:
    """Every label some series of `expr` has."""
    return set(TARGET_LABELS).union(*(known.get(name, frozenset()) for name in series_in(expr)))


def problems(
    expr: str, exported: Mapping[str, frozenset[str]], shown: Iterable[str] = ()
) -> list[str]:
    """Unknown series, labels no series of the expression has, `shown` labels it does not give."""
    known = {**EXTERNAL_SERIES, **exported}
    found = [f"{name}: not exported" for name in series_in(expr) if name not in known]
    for name, matchers in SELECTOR.findall(expr):
        if name not in known:
            found.append(f"{name}: unknown series")
            continue
        for label in MATCHER.findall(matchers):
            if label not in known[name] | TARGET_LABELS:
                found.append(f"{name}: no label {label}")
    readable = _readable(expr, known)
    for group in GROUPING.findall(expr):
        found += [
            f"grouping by {label}: no series has it"
            for label in _names(group)
            if label not in readable
        ]
    result = output_labels(expr, known)
    found += [
        f"shows {label}: the result has no such label" for label in shown if label not in result
    ]
    return found
