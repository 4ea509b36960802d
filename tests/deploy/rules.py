"""The rules every pod keeps; each check returns what it found wrong, so tests can show it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePosixPath
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


def _under(path: str, directory: str) -> bool:
    return PurePosixPath(path).is_relative_to(PurePosixPath(directory))


def _blocks_drains(pdb: Doc) -> bool:
    """A budget allowing no eviction of a single pod blocks node drains until someone acts."""
    spec = pdb["spec"]
    if "maxUnavailable" in spec:
        return spec["maxUnavailable"] in (0, "0%")
    return spec.get("minAvailable") not in (None, 0, "0%")


def single_pod_violations(
    docs: Sequence[Doc], service: str, data_dir: str, kept: Sequence[str]
) -> list[str]:
    """A service with state in its process and its data directory (the `kept` paths): exactly
    one pod, replaced (never two at once), its data directory on a ReadWriteOnce volume."""
    (deployment,) = _named(docs, "Deployment", service)
    spec, found = deployment["spec"], []
    if spec.get("replicas") != 1:
        found.append(f"replicas is {spec.get('replicas')}, not 1")
    if spec.get("strategy", {}).get("type") != "Recreate":
        found.append("update strategy is not Recreate: two pods would run at once")
    for hpa in (d for d in docs if d["kind"] == "HorizontalPodAutoscaler"):
        if hpa["spec"]["scaleTargetRef"]["name"] == service:
            found.append(f"HPA {hpa['metadata']['name']} scales it")
    found += [
        f"{path} is outside the data directory {data_dir}"
        for path in kept
        if not _under(path, data_dir)
    ]
    for pdb in (d for d in docs if d["kind"] == "PodDisruptionBudget"):
        if pdb["metadata"]["name"] == service and _blocks_drains(pdb):
            found.append(f"PDB {service} never lets a drain evict the pod")
    return found + _volume_violations(docs, deployment, data_dir)


def _volume_violations(docs: Sequence[Doc], deployment: Doc, data_dir: str) -> list[str]:
    pod = deployment["spec"]["template"]["spec"]
    (server,) = [c for c in pod["containers"] if c["name"] == "server"]
    mounts = {m["mountPath"]: m["name"] for m in server.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    volume = volumes.get(mounts.get(data_dir, ""), {})
    claim = volume.get("persistentVolumeClaim", {}).get("claimName")
    if claim is None:
        return [f"the data directory {data_dir} is not on a PersistentVolumeClaim"]
    claims = _named(docs, "PersistentVolumeClaim", claim)
    if not claims:
        return [f"no PersistentVolumeClaim {claim}"]
    modes = set(claims[0]["spec"].get("accessModes", []))
    if not modes or not modes <= {"ReadWriteOnce", "ReadWriteOncePod"}:
        return [f"PersistentVolumeClaim {claim} is not ReadWriteOnce: {sorted(modes)}"]
    return []


def _named(docs: Sequence[Doc], kind: str, name: str) -> list[Doc]:
    return [d for d in docs if d["kind"] == kind and d["metadata"]["name"] == name]
