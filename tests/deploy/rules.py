"""The rules every pod keeps; each check returns what it found wrong, so tests can show it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Doc = dict[str, Any]

PROBES = ("startupProbe", "readinessProbe", "livenessProbe")
# Time a pod needs after its preStop hook and the server's own grace, to flush and exit.
EXIT_MARGIN_SECONDS = 5


def _containers(pod: Doc) -> list[Doc]:
    return [*pod.get("initContainers", []), *pod["containers"]]


def security_violations(pod: Doc) -> list[str]:
    """Restricted pod security: non-root, no escalation, no capabilities, seccomp, read-only."""
    found = []
    context = pod.get("securityContext", {})
    if context.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        found.append("pod: seccompProfile is not RuntimeDefault")
    if pod.get("automountServiceAccountToken") is not False:
        found.append("pod: the service account token is mounted")
    for container in _containers(pod):
        name = container["name"]
        own = container.get("securityContext", {})
        if own.get("runAsNonRoot", context.get("runAsNonRoot")) is not True:
            found.append(f"{name}: may run as root")
        if own.get("runAsUser", context.get("runAsUser")) in (None, 0):
            found.append(f"{name}: no non-zero runAsUser")
        if own.get("allowPrivilegeEscalation") is not False:
            found.append(f"{name}: privilege escalation allowed")
        if own.get("privileged"):
            found.append(f"{name}: privileged")
        if "ALL" not in own.get("capabilities", {}).get("drop", []):
            found.append(f"{name}: capabilities not all dropped")
        if own.get("capabilities", {}).get("add"):
            found.append(f"{name}: adds capabilities")
        if own.get("readOnlyRootFilesystem") is not True:
            found.append(f"{name}: writable root filesystem")
    return found


def tmp_violations(pod: Doc) -> list[str]:
    """A read-only root needs a writable /tmp: an emptyDir mounted in every container."""
    empty_dirs = {volume["name"] for volume in pod.get("volumes", []) if "emptyDir" in volume}
    found = []
    for container in pod["containers"]:
        mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
        if mounts.get("/tmp") not in empty_dirs:
            found.append(f"{container['name']}: no emptyDir at /tmp")
    return found


def resource_violations(pod: Doc) -> list[str]:
    """Requests and limits for CPU and memory on every container."""
    found = []
    for container in _containers(pod):
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            for resource in ("cpu", "memory"):
                if resource not in resources.get(kind, {}):
                    found.append(f"{container['name']}: no {resource} {kind[:-1]}")
    return found


def probe_violations(pod: Doc) -> list[str]:
    """Startup, readiness and liveness probes on every long-running container."""
    return [
        f"{container['name']}: no {probe}"
        for container in pod["containers"]
        for probe in PROBES
        if probe not in container
    ]


def shutdown_violations(pod: Doc, grace_seconds: float) -> list[str]:
    """The pod may take preStop + the server's shutdown grace + a margin before SIGKILL."""
    found = []
    total = pod.get("terminationGracePeriodSeconds", 30)
    for container in pod["containers"]:
        pre_stop = container.get("lifecycle", {}).get("preStop")
        if pre_stop is None:
            found.append(f"{container['name']}: no preStop hook")
            continue
        needed = pre_stop.get("sleep", {}).get("seconds", 0) + grace_seconds + EXIT_MARGIN_SECONDS
        if total < needed:
            found.append(f"{container['name']}: terminationGracePeriodSeconds {total} < {needed}")
    return found


def pod_violations(workload: Doc) -> list[str]:
    """The rules of every pod, for one Deployment or StatefulSet."""
    pod = workload["spec"]["template"]["spec"]
    return [
        *security_violations(pod),
        *tmp_violations(pod),
        *resource_violations(pod),
        *probe_violations(pod),
    ]


def _blocks_drains(pdb: Doc, replicas: int) -> bool:
    """A budget that lets no pod of `replicas` be evicted blocks node drains until someone acts."""
    spec = pdb["spec"]
    if "maxUnavailable" in spec:
        return spec["maxUnavailable"] in (0, "0%")
    minimum = spec.get("minAvailable")
    return minimum == "100%" or (isinstance(minimum, int) and minimum >= replicas)


def scale_out_violations(docs: Sequence[Doc], service: str, min_replicas: int = 2) -> list[str]:
    """A service whose state is all in its database: at least `min_replicas` pods scaled by an
    HPA, rolling updates that never take a pod down first, no volume claim, drains allowed."""
    (deployment,) = _named(docs, "Deployment", service)
    spec, found = deployment["spec"], []
    hpas = [
        d
        for d in docs
        if d["kind"] == "HorizontalPodAutoscaler" and d["spec"]["scaleTargetRef"]["name"] == service
    ]
    if not hpas:
        found.append("no HPA scales it")
    minimum = min((hpa["spec"].get("minReplicas", 1) for hpa in hpas), default=0)
    if hpas and minimum < min_replicas:
        found.append(f"its HPA may scale it down to {minimum} pod(s)")
    if "replicas" in spec:
        found.append(f"replicas fixed at {spec['replicas']} beside the HPA")
    strategy = spec.get("strategy", {})
    if strategy.get("type") != "RollingUpdate":
        found.append("update strategy is not RollingUpdate: updates are outages")
    elif strategy.get("rollingUpdate", {}).get("maxUnavailable") not in (0, "0%"):
        found.append("rolling updates take a pod down before its replacement is ready")
    pdbs = _named(docs, "PodDisruptionBudget", service)
    if not pdbs:
        found.append("no PodDisruptionBudget: a drain may evict every pod at once")
    found += [
        f"PDB {service} never lets a drain evict a pod"
        for pdb in pdbs
        if _blocks_drains(pdb, max(minimum, min_replicas))
    ]
    return found + _volume_violations(docs, deployment)


def _volume_violations(docs: Sequence[Doc], deployment: Doc) -> list[str]:
    pod = deployment["spec"]["template"]["spec"]
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    found = [
        f"volume {name} is the claim {v['persistentVolumeClaim']['claimName']}"
        for name, v in volumes.items()
        if "persistentVolumeClaim" in v
    ]
    if "emptyDir" not in volumes.get("data", {}):
        found.append("the data directory is not an emptyDir")
    name = deployment["metadata"]["name"]
    found += [
        f"PersistentVolumeClaim {d['metadata']['name']} belongs to {name}"
        for d in docs
        if d["kind"] == "PersistentVolumeClaim"
        and d["metadata"].get("labels", {}).get("app.kubernetes.io/name") == name
    ]
    return found


def _named(docs: Sequence[Doc], kind: str, name: str) -> list[Doc]:
    return [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
