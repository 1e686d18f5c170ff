"""From plan to cluster: the Kubernetes objects that implement exactly the planned settings.

:func:`render_manifests` ``(scenario) -> {path: YAML text}`` is pure (no file writing; the CLI and
the app write or zip the result). One kustomize folder per environment (``kubectl apply -k prod/``)
holds its Namespace and, per service, a ConfigMap (the environment's values), a Secret (key names,
never a value), a Deployment (requests = the plan's, a port per container, a readiness probe to
fill in, ``maxSurge`` as planned, topology spread), a ClusterIP Service, an ``autoscaling/v2`` HPA
(metrics, min/max and ``behavior`` exactly as planned) and a PodDisruptionBudget; a scale-to-zero
environment also gets the CronJobs that take it to zero outside its schedule and back. The
cluster-wide folder holds the spare capacity (a PriorityClass of -10 and pause pods, the Cluster
Autoscaler FAQ's overprovisioning) and the node autoscaler's settings (Cluster Autoscaler flags or
a Karpenter NodePool).

Sources of the fields: shared reference ``failures-pricing-imports.md`` section 7 and
``kubernetes-autoscaling.md`` sections 1.2, 1.4 and 5 (copied as ``docs/kubernetes-sources.md``):
kubernetes ``pkg/apis/autoscaling/v2/defaults.go``, ``pkg/apis/apps/v1/defaults.go``,
``staging/src/k8s.io/api/autoscaling/v2/types.go`` and cluster-autoscaler ``FAQ.md``.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from planner.allocatable import NodeShape, node_shape
from planner.catalog import Instance, resolve_instance
from planner.environments import EnvService, active_hours, environment_names, resolve
from planner.scenario import (DEFAULT_DOWNSCALE_STABILIZATION_S, DEFAULT_TOLERANCE_FRAC, HOURS_PER_WEEK, Scenario,
                              ScalingRules, Service)

#: Kubernetes versions whose official schemas the tests check against (kubernetes-validate 1.37.0
#: bundles v1.25.0 ... v1.37.0).
MIN_K8S_VERSION, MAX_K8S_VERSION = (1, 25), (1, 37)
#: The default target: the first version in which every planned field works without a feature gate
#: (HPA per-direction tolerance is beta, on by default, from 1.35; kubernetes-autoscaling.md 1.4).
DEFAULT_K8S_VERSION = "1.35"
TOLERANCE_FIELD_SINCE = (1, 33)  #: HPAScalingRules.tolerance in the schema (alpha, HPAConfigurableTolerance gate)
TOLERANCE_DEFAULT_ON_SINCE = (1, 35)  #: the gate is beta and on by default (GA in 1.37)
MATCH_LABEL_KEYS_SINCE = (1, 27)  #: topologySpreadConstraints.matchLabelKeys beta, on by default
UNHEALTHY_POD_EVICTION_SINCE = (1, 27)  #: PDB unhealthyPodEvictionPolicy beta, on by default (GA 1.31)
KUBECTL_IMAGE_SINCE = (1, 28)  #: registry.k8s.io/kubectl is published from v1.28 (kubernetes PR #116672)
PAUSE_IMAGE = "registry.k8s.io/pause:3.9"  # cluster-autoscaler FAQ, overprovisioning example
OVERPROVISIONING_PRIORITY = -10  # CA FAQ: "the lowest priority that triggers scaling clusters"
OVERPROVISIONING_NAMESPACE = "planner-overprovisioning"
PLACEHOLDER_REGISTRY = "registry.example.com"
MAX_NAME_CHARS = 63  #: a Service name is an RFC 1035 label (apimachinery IsDNS1035Label)
NodeAutoscaler = Literal["cluster-autoscaler", "karpenter"]
Layout = Literal["shared", "per-environment"]
LAYOUTS: tuple[str, ...] = ("shared", "per-environment")
NODE_AUTOSCALERS: tuple[str, ...] = ("cluster-autoscaler", "karpenter")


class ManifestError(ValueError):
    """Input the manifests cannot be written for; ``problems`` lists ``(field_path, message)``."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{p}: {m}" if p else m for p, m in problems))


# --- versions and names --------------------------------------------------------------------------
def parse_k8s_version(text: str) -> tuple[int, int]:
    """``"1.35"``, ``"v1.35"``, ``"1.35.2"`` -> ``(1, 35)``; ``ManifestError`` outside 1.25-1.37."""
    m = re.fullmatch(r"v?(\d{1,2})\.(\d{1,3})(?:\.\d{1,4})?", str(text).strip())
    lo, hi = (f"{a}.{b}" for a, b in (MIN_K8S_VERSION, MAX_K8S_VERSION))
    if not m:
        raise ManifestError([("k8s_version", f"expected a Kubernetes version like 1.35; got {str(text)[:40]!r}")])
    v = (int(m.group(1)), int(m.group(2)))
    if not MIN_K8S_VERSION <= v <= MAX_K8S_VERSION:
        raise ManifestError([("k8s_version", f"{v[0]}.{v[1]} is not supported; use {lo} to {hi} (the versions whose "
                                             "official schemas the manifests are tested against)")])
    return v


def dns_name(text: str) -> str:
    """A safe RFC 1035 label for ``text`` (a Service name must be one): lower case, runs of other
    characters become '-', a leading digit gets an ``s-`` prefix, and a name longer than 63
    characters is cut to 54 plus '-' and 8 hex digits of its SHA-256 (so cut names stay distinct).
    Returns ``""`` when nothing usable is left."""
    s = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if s and s[0].isdigit():
        s = f"s-{s}"
    if len(s) > MAX_NAME_CHARS:
        s = s[:54].rstrip("-") + "-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    return s


def service_dns_names(scenario: Scenario) -> list[str]:
    """The Kubernetes name of each service; ``ManifestError`` names a service left with no letter or
    digit, or two services that come out the same."""
    names, problems, seen = [], [], {}
    for i, s in enumerate(scenario.services):
        n = dns_name(s.name)
        if not n:
            problems.append((f"services[{i}].name", f"{s.name[:40]!r} has no letter or digit a-z, 0-9 to make a "
                                                    "Kubernetes name (RFC 1035) from; rename the service"))
        elif n in seen:
            problems.append((f"services[{i}].name", f"{s.name[:40]!r} and {scenario.services[seen[n]].name[:40]!r} "
                                                    f"both become {n!r} in Kubernetes; rename one"))
        seen.setdefault(n, i)
        names.append(n)
    if problems:
        raise ManifestError(problems)
    return names


# --- quantities ------------------------------------------------------------------------------------
def cpu_quantity(millicores: float) -> str:
    """``500`` -> ``"500m"`` (Kubernetes CPU granularity is 1 m: a fraction rounds up)."""
    return f"{math.ceil(millicores - 1e-9)}m"


def memory_quantity(mib: float) -> str:
    """``512`` -> ``"512Mi"``; a fraction of a MiB in whole KiB, rounded up."""
    return f"{int(mib)}Mi" if float(mib).is_integer() else f"{math.ceil(mib * 1024 - 1e-9)}Ki"


def decimal_quantity(x: float) -> str:
    """A decimal Quantity (``0.1`` -> ``"0.1"``, ``50`` -> ``"50"``)."""
    return f"{x:.6f}".rstrip("0").rstrip(".") or "0"


def percent_of(frac: float) -> str:
    """``0.25`` -> ``"25%"``; a fraction of a percent rounds up (IntOrString percents are whole)."""
    return f"{math.ceil(frac * 100 - 1e-9)}%"


# --- building blocks ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """What the objects are written for."""

    version: tuple[int, int]
    layout: str
    node_autoscaler: str
    node: Instance
    shape: NodeShape
    part_of: str  #: app.kubernetes.io/part-of value (the scenario's name, made safe)


def labels(name: str, env: str, target: Target) -> dict[str, str]:
    """The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels)."""
    out = {"app.kubernetes.io/name": name, "app.kubernetes.io/instance": dns_name(f"{name}-{env}")}
    if target.part_of:
        out["app.kubernetes.io/part-of"] = target.part_of
    out["app.kubernetes.io/managed-by"] = "planner"
    return out


def topology_spread(selector: dict[str, str], version: tuple[int, int], policy: str = "spread") -> list[dict]:
    """The plan's placement as ``topologySpreadConstraints``. ``spread`` (default): maxSkew 1 over
    zones and over nodes, ``ScheduleAnyway``: the engine packs pods by requests without hard
    per-zone rules, and a hard ``DoNotSchedule`` would leave pods Pending when a zone runs out of
    room until the node autoscaler adds a node there, which the plan does not count; the soft
    constraint keeps the planned capacity and still spreads (as the scheduler's system defaults do,
    more tightly). ``none``: no constraints (the scheduler's defaults, hostname 3, zone 5)."""
    if policy == "none":
        return []
    if policy != "spread":
        raise ManifestError([("placement", f"unknown placement policy {policy!r}; use spread or none")])
    out = []
    for key in ("topology.kubernetes.io/zone", "kubernetes.io/hostname"):
        c: dict[str, Any] = {"maxSkew": 1, "topologyKey": key, "whenUnsatisfiable": "ScheduleAnyway",
                             "labelSelector": {"matchLabels": dict(selector)}}
        if version >= MATCH_LABEL_KEYS_SINCE:  # spread each rollout's new pods, not old and new together
            c["matchLabelKeys"] = ["pod-template-hash"]
        out.append(c)
    return out


def pdb_max_unavailable(min_replicas: int, tolerance: str = "one-pod") -> int:
    """Pods a PodDisruptionBudget lets drains evict at once. ``one-pod`` (default): 1, whatever the
    replicas: node drains (Cluster Autoscaler scale-down, Karpenter, upgrades) move one pod of the
    service at a time and are never blocked, even at min_replicas 1 (an absolute minAvailable >=
    the replicas would block every eviction and so the planned scale-down; reference section 7)."""
    if tolerance != "one-pod":
        raise ManifestError([("failure_tolerance", f"unknown failure tolerance {tolerance!r}; use one-pod")])
    return 1


def _rules(rules: ScalingRules, tolerance_frac: float, version: tuple[int, int]) -> dict[str, Any]:
    out: dict[str, Any] = {"stabilizationWindowSeconds": rules.stabilization_window_s,
                           "selectPolicy": rules.select_policy,
                           "policies": [{"type": p.type, "value": p.value, "periodSeconds": p.period_s}
                                        for p in rules.policies or ()]}
    if version >= TOLERANCE_FIELD_SINCE:
        tol = rules.tolerance_frac if rules.tolerance_frac is not None else tolerance_frac
        out["tolerance"] = decimal_quantity(tol)
    return out


def _metric(m) -> dict[str, Any]:
    if m.name in ("cpu", "memory"):
        return {"type": "Resource", "resource": {"name": m.name, "target": {
            "type": "Utilization", "averageUtilization": round(100 * m.target_utilization_frac)}}}
    return {"type": "Pods", "pods": {"metric": {"name": m.name},
                                     "target": {"type": "AverageValue", "averageValue": decimal_quantity(m.target_average_value)}}}


def hpa_object(s: Service, name: str, ns: str, lab: dict[str, str], version: tuple[int, int]) -> dict[str, Any]:
    """The HorizontalPodAutoscaler: min/max, metrics and ``behavior`` as planned, the upstream
    defaults written out (so what runs is what was planned, whatever the cluster's flags). A plan
    with ``behavior: none`` is written without ``spec.behavior`` (the controller's legacy path)."""
    h = s.hpa
    spec: dict[str, Any] = {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": name},
                            "minReplicas": h.min_replicas, "maxReplicas": h.max_replicas,
                            "metrics": [_metric(m) for m in h.metrics]}
    if h.behavior != "none":
        spec["behavior"] = {"scaleUp": _rules(h.scale_up, h.tolerance_frac, version),
                            "scaleDown": _rules(h.scale_down, h.tolerance_frac, version)}
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
            "metadata": {"name": name, "namespace": ns, "labels": lab}, "spec": spec}


def _containers(es: EnvService, name: str, cfg_name: str, secret_name: str) -> tuple[list[dict], list[dict]]:
    s, d = es.planned, es.planned.deployment
    shared = any(c.shares_files for c in d.sidecars)
    mount = [{"name": "shared", "mountPath": d.shared_volume_path}] if shared else []
    app_cpu = s.requests.cpu_millicores - sum(c.cpu_millicores for c in d.sidecars)
    app_mem = s.requests.memory_mib - sum(c.memory_mib for c in d.sidecars)
    app: dict[str, Any] = {
        "name": "app", "image": d.image or f"{PLACEHOLDER_REGISTRY}/{name}:latest",
        "ports": [{"name": "http", "containerPort": d.container_port, "protocol": "TCP"}],
        "envFrom": [{"configMapRef": {"name": cfg_name}}, {"secretRef": {"name": secret_name}}],
        "resources": {"requests": {"cpu": cpu_quantity(app_cpu), "memory": memory_quantity(app_mem)}},
        "readinessProbe": {"httpGet": {"path": d.readiness_path, "port": "http"}, "periodSeconds": 10}}
    if mount:
        app["volumeMounts"] = mount
    out = [app]
    for c in d.sidecars:
        sc: dict[str, Any] = {"name": c.name, "image": c.image}
        if c.port is not None:
            sc["ports"] = [{"name": c.name, "containerPort": c.port, "protocol": "TCP"}]
        sc["resources"] = {"requests": {"cpu": cpu_quantity(c.cpu_millicores), "memory": memory_quantity(c.memory_mib)}}
        if c.shares_files:
            sc["volumeMounts"] = mount
        out.append(sc)
    return out, ([{"name": "shared", "emptyDir": {}}] if shared else [])


def deployment_object(es: EnvService, name: str, lab: dict[str, str], target: Target,
                      placement: str = "spread") -> dict[str, Any]:
    """The Deployment (no ``spec.replicas``: the HPA owns it; an applied value would reset it)."""
    s = es.planned
    selector = {"app.kubernetes.io/name": name}
    containers, volumes = _containers(es, name, f"{name}-config", f"{name}-secrets")
    surge = percent_of(s.max_surge_frac)
    # the plan counts surge pods and never fewer ready pods (maxUnavailable 0); with no surge at all the
    # API needs maxUnavailable >= 1, one pod out at a time, as the As-Is deploys take one server out
    strategy = {"maxSurge": surge, "maxUnavailable": 0 if surge != "0%" else 1}
    pod_meta: dict[str, Any] = {"labels": lab}
    if volumes:  # CA FAQ: a pod with a non-memory emptyDir blocks scale-down unless it is listed as safe to evict
        pod_meta["annotations"] = {"cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "shared"}
    spec: dict[str, Any] = {"containers": containers}
    spread = topology_spread(selector, target.version, placement)
    if spread:
        spec["topologySpreadConstraints"] = spread
    if volumes:
        spec["volumes"] = volumes
    return {"apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": {"name": name, "namespace": es.environment, "labels": lab},
            "spec": {"selector": {"matchLabels": selector},
                     "strategy": {"type": "RollingUpdate", "rollingUpdate": strategy},
                     "template": {"metadata": pod_meta, "spec": spec}}}


def _meta(name: str, ns: str | None, lab: dict[str, str]) -> dict[str, Any]:
    m: dict[str, Any] = {"name": name}
    if ns is not None:
        m["namespace"] = ns
    m["labels"] = lab
    return m


def service_objects(es: EnvService, name: str, target: Target) -> dict[str, dict[str, Any]]:
    """The six objects of one service in one environment, by kind (file suffix)."""
    ns, lab, s = es.environment, labels(name, es.environment, target), es.planned
    secret: dict[str, Any] = {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(f"{name}-secrets", ns, lab),
                              "type": "Opaque"}
    if s.deployment.secret_keys:
        secret["stringData"] = {k: "" for k in s.deployment.secret_keys}
    return {
        "configmap": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta(f"{name}-config", ns, lab),
                      "data": dict(sorted(es.config.items()))},
        "secret": secret,
        "deployment": deployment_object(es, name, lab, target),
        "service": {"apiVersion": "v1", "kind": "Service", "metadata": _meta(name, ns, lab),
                    "spec": {"type": "ClusterIP", "selector": {"app.kubernetes.io/name": name},
                             "ports": [{"name": "http", "port": s.deployment.service_port, "targetPort": "http",
                                        "protocol": "TCP"}]}},
        "hpa": hpa_object(s, name, ns, lab, target.version),
        "pdb": _pdb(name, ns, lab, s.hpa.min_replicas, target.version),
    }


def _pdb(name: str, ns: str, lab: dict[str, str], min_replicas: int, version: tuple[int, int]) -> dict[str, Any]:
    spec: dict[str, Any] = {"maxUnavailable": pdb_max_unavailable(min_replicas),
                            "selector": {"matchLabels": {"app.kubernetes.io/name": name}}}
    if version >= UNHEALTHY_POD_EVICTION_SINCE:  # a pod that is not ready may always go: it serves nothing
        spec["unhealthyPodEvictionPolicy"] = "AlwaysAllow"
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": _meta(name, ns, lab), "spec": spec}


# --- cluster-wide: spare capacity and the node autoscaler ---------------------------------------------
def overprovisioning_objects(spare_nodes: int, shape: NodeShape, lab: dict[str, str]) -> list[dict[str, Any]]:
    """The planned spare nodes as the Cluster Autoscaler FAQ's overprovisioning: a PriorityClass of
    -10 and ``spare_nodes`` pause pods, each requesting one node's whole room for pods (allocatable
    minus the planned DaemonSets, rounded down), so each holds one otherwise empty node. Any real pod
    (priority >= 0) preempts them at once; the evicted pause pods go Pending and the autoscaler adds
    nodes for them, so the spare is restored. Empty list when the plan keeps no spare node."""
    if spare_nodes <= 0:
        return []
    pc = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": _meta("overprovisioning", None, lab),
          "value": OVERPROVISIONING_PRIORITY, "globalDefault": False,
          "description": "Pause pods holding the planned spare nodes; every other pod preempts them."}
    ns = {"apiVersion": "v1", "kind": "Namespace", "metadata": _meta(OVERPROVISIONING_NAMESPACE, None, lab)}
    sel = {"app.kubernetes.io/name": "overprovisioning"}
    pod = {"priorityClassName": "overprovisioning", "terminationGracePeriodSeconds": 0,
           "containers": [{"name": "pause", "image": PAUSE_IMAGE, "resources": {"requests": {
               "cpu": f"{math.floor(shape.pod_cpu_millicores)}m", "memory": f"{math.floor(shape.pod_memory_mib)}Mi"}}}]}
    dep = {"apiVersion": "apps/v1", "kind": "Deployment",
           "metadata": _meta("overprovisioning", OVERPROVISIONING_NAMESPACE, {**lab, **sel}),
           "spec": {"replicas": spare_nodes, "selector": {"matchLabels": sel},
                    "template": {"metadata": {"labels": {**lab, **sel}}, "spec": pod}}}
    return [pc, ns, dep]


def ca_flags(scenario: Scenario, node: Instance, min_nodes: int) -> list[str]:
    """The cluster-autoscaler flags of the plan (planner.scenario's cluster fields; flags.go names)."""
    c = scenario.cluster
    group = dns_name(f"planner-{node.instance_type}") or "planner-nodes"
    return [f"--nodes={min_nodes}:{c.max_nodes}:{group}",
            f"--scale-down-unneeded-time={c.scale_down_unneeded_s}s",
            f"--scale-down-delay-after-add={c.scale_down_delay_after_add_s}s",
            f"--scale-down-utilization-threshold={decimal_quantity(c.scale_down_utilization_threshold_frac)}",
            f"--max-scale-down-parallelism={c.max_scale_down_parallelism}",
            f"--max-node-provision-time={c.max_node_provision_time_s}s",
            f"--initial-node-group-backoff-duration={c.initial_node_group_backoff_s}s",
            f"--max-node-group-backoff-duration={c.max_node_group_backoff_s}s",
            f"--node-group-backoff-reset-timeout={c.node_group_backoff_reset_s}s",
            f"--expendable-pods-priority-cutoff={OVERPROVISIONING_PRIORITY}"]


def ca_flags_object(scenario: Scenario, node: Instance, min_nodes: int, lab: dict[str, str]) -> dict[str, Any]:
    flags = ca_flags(scenario, node, min_nodes)
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta("planner-cluster-autoscaler-flags", "kube-system", lab),
            "data": {"args": "\n".join(flags) + "\n", "node-instance-type": node.instance_type}}


def karpenter_nodepool(scenario: Scenario, node: Instance, lab: dict[str, str]) -> dict[str, Any]:
    """A Karpenter NodePool (karpenter.sh/v1) with the planned instance type and limits (max_nodes x
    the node's vCPU and memory); consolidation after the planned unneeded time."""
    classes = {"aws": ("karpenter.k8s.aws", "EC2NodeClass"), "azure": ("karpenter.azure.com", "AKSNodeClass")}
    provider = node.provider or "aws"
    if provider not in classes:
        raise ManifestError([("cluster.node.provider", f"Karpenter has no {provider} provider (aws and azure do); "
                                                       "use the cluster-autoscaler node autoscaler")])
    group, kind = classes[provider]
    c = scenario.cluster
    return {"apiVersion": "karpenter.sh/v1", "kind": "NodePool", "metadata": _meta("planner", None, lab),
            "spec": {"template": {"spec": {
                "requirements": [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": [node.instance_type]},
                                 {"key": "karpenter.sh/capacity-type", "operator": "In", "values": ["on-demand"]}],
                "nodeClassRef": {"group": group, "kind": kind, "name": "default"}}},
                "disruption": {"consolidationPolicy": "WhenEmptyOrUnderutilized",
                               "consolidateAfter": f"{c.scale_down_unneeded_s}s"},
                "limits": {"cpu": decimal_quantity(c.max_nodes * node.vcpu),
                           "memory": f"{decimal_quantity(c.max_nodes * node.memory_gib)}Gi"}}}


# --- scale to zero on a schedule ------------------------------------------------------------------------
def schedule_crons(es: EnvService, lead_minutes: int) -> tuple[list[str], list[str]]:
    """``(scale-up crons, scale-down crons)`` of an environment's schedule: up ``lead_minutes`` before
    each start (so pods and nodes are ready when the hours begin, as the plan prices them), down at
    each end. Cron day of week: 0 = Sunday; the plan's day 0 is Monday."""
    mask = active_hours(es.schedule, HOURS_PER_WEEK)
    prev = mask[list(range(-1, HOURS_PER_WEEK - 1))]
    starts = [h * 60 - lead_minutes for h in range(HOURS_PER_WEEK) if mask[h] and not prev[h]]
    ends = [h * 60 for h in range(HOURS_PER_WEEK) if not mask[h] and prev[h]]

    def crons(minutes: list[int]) -> list[str]:
        by_time: dict[tuple[int, int], set[int]] = {}
        for m in minutes:
            m %= HOURS_PER_WEEK * 60
            day, rest = divmod(m, 24 * 60)
            by_time.setdefault(divmod(rest, 60), set()).add((day + 1) % 7)
        return [f"{mm} {hh} * * {','.join(str(d) for d in sorted(days))}" for (hh, mm), days in sorted(by_time.items())]

    return crons(starts), crons(ends)


def scheduled_scaler_objects(envs: list[EnvService], names: dict[int, str], lead_minutes: int, lab: dict[str, str],
                             version: tuple[int, int], spare_nodes: int | None) -> list[dict[str, Any]]:
    """CronJobs that scale a scale-to-zero environment's Deployments to 0 after its hours and back to
    min_replicas before them. With replicas 0 the HPA stands aside (horizontal.go: scaling is
    disabled while the target has 0 replicas) and resumes when they return. ``spare_nodes``: in a
    cluster of its own, its pause pods go and come back with it (the node group's minimum is 0)."""
    ns, sa = envs[0].environment, "planner-scheduled-scaler"
    kubectl = f"registry.k8s.io/kubectl:v{max(version, KUBECTL_IMAGE_SINCE)[0]}.{max(version, KUBECTL_IMAGE_SINCE)[1]}.0"
    rule = {"apiGroups": ["apps"], "resources": ["deployments", "deployments/scale"], "verbs": ["get", "list", "patch", "update"]}
    out: list[dict[str, Any]] = [{"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(sa, ns, lab)}]
    for role_ns in [ns] + ([OVERPROVISIONING_NAMESPACE] if spare_nodes else []):
        out.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "Role", "metadata": _meta(sa, role_ns, lab),
                    "rules": [rule]})
        out.append({"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": _meta(sa, role_ns, lab),
                    "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": sa},
                    "subjects": [{"kind": "ServiceAccount", "name": sa, "namespace": ns}]})
    up = [(f"scale-{names[e.index]}"[:63], ["scale", f"deployment/{names[e.index]}", f"--replicas={e.planned.hpa.min_replicas}",
                                             f"--namespace={ns}"]) for e in envs]
    down = [("scale-all", ["scale", "deployment", "--all", "--replicas=0", f"--namespace={ns}"])]
    if spare_nodes:
        up.append(("scale-overprovisioning", ["scale", "deployment/overprovisioning", f"--replicas={spare_nodes}",
                                              f"--namespace={OVERPROVISIONING_NAMESPACE}"]))
        down.append(("scale-overprovisioning", ["scale", "deployment/overprovisioning", "--replicas=0",
                                                f"--namespace={OVERPROVISIONING_NAMESPACE}"]))
    ups, downs = schedule_crons(envs[0], lead_minutes)
    for kind, crons, containers in (("up", ups, up), ("down", downs, down)):
        for j, cron in enumerate(crons):
            job = {"serviceAccountName": sa, "restartPolicy": "OnFailure",
                   "containers": [{"name": n, "image": kubectl, "args": a} for n, a in containers]}
            out.append({"apiVersion": "batch/v1", "kind": "CronJob",
                        "metadata": _meta(f"planner-scale-{kind}-{j + 1}", ns, lab),
                        "spec": {"schedule": cron, "timeZone": envs[0].time_zone, "concurrencyPolicy": "Forbid",
                                 "jobTemplate": {"spec": {"backoffLimit": 3, "template": {"spec": job}}}}})
    return out


# --- comments (English, at the top of each file) ----------------------------------------------------------
def _legacy_note(s: Service) -> list[str]:
    """The HPA without behavior: which controller flags decide it, as planned."""
    h = s.hpa
    note = ["No spec.behavior (the plan's behavior: none): the controller's legacy rules apply: at most "
            "max(2 x current, 4) replicas per sync on a scale-up, the highest recommendation of the last "
            f"--horizontal-pod-autoscaler-downscale-stabilization (planned with {h.downscale_stabilization_s} s), "
            f"tolerance from --horizontal-pod-autoscaler-tolerance (planned with {decimal_quantity(h.tolerance_frac)})."]
    if (h.downscale_stabilization_s != DEFAULT_DOWNSCALE_STABILIZATION_S
            or abs(h.tolerance_frac - DEFAULT_TOLERANCE_FRAC) > 1e-12):
        note.append("The plan differs from the flags' defaults (300 s, 0.1): set them on kube-controller-manager "
                    "(cluster-wide), or plan with behavior v2.")
    return note


def _tolerance_note(s: Service, version: tuple[int, int]) -> list[str]:
    tol = s.hpa.tolerance_frac
    v = f"{version[0]}.{version[1]}"
    if s.hpa.behavior == "none":
        return _legacy_note(s)
    if version < TOLERANCE_FIELD_SINCE:
        note = [f"Tolerance {decimal_quantity(tol)}: Kubernetes {v} has no per-HPA tolerance; the controller flag "
                "--horizontal-pod-autoscaler-tolerance applies (default 0.1)."]
        if abs(tol - DEFAULT_TOLERANCE_FRAC) > 1e-12 or s.hpa.scale_up.tolerance_frac is not None \
                or s.hpa.scale_down.tolerance_frac is not None:
            note.append("The plan's tolerance differs from 0.1: set that flag on kube-controller-manager (cluster-wide), "
                        "or target 1.33+.")
        return note
    if version < TOLERANCE_DEFAULT_ON_SINCE:
        return [f"behavior.*.tolerance needs the HPAConfigurableTolerance feature gate (alpha in {v}); without it the API "
                "server drops the field and the controller flag (default 0.1) applies."]
    return [f"behavior.*.tolerance: HPAConfigurableTolerance is {'GA' if version >= (1, 37) else 'beta, on by default'} "
            f"in {v}."]


def _hpa_comment(es: EnvService, name: str, version: tuple[int, int]) -> list[str]:
    h = es.planned.hpa
    metrics = ", ".join(f"{m.name} {round(100 * m.target_utilization_frac)}% of requests" if m.target_utilization_frac
                        else f"{m.name} {decimal_quantity(m.target_average_value)} per pod" for m in h.metrics)
    how = ("no behavior, as planned (see below)" if h.behavior == "none" else
           "behavior exactly as planned (upstream defaults written out, so the cluster's flags do not change it)")
    out = [f"HorizontalPodAutoscaler of {es.service} in {es.environment}: {h.min_replicas}-{h.max_replicas} replicas "
           f"on {metrics}; {how}."]
    if any(m.name not in ("cpu", "memory") for m in h.metrics):
        out.append("Pods metrics (network_mbps, disk_iops) need a custom metrics adapter (e.g. prometheus-adapter) serving "
                   "them per pod under these names.")
    if es.scale_to_zero and not es.schedule.always:
        out.append("Outside the schedule the Deployment is at 0 replicas and the HPA stands aside (scheduled-scaler.yaml).")
    return out + _tolerance_note(es.planned, version)


def _deployment_comment(es: EnvService, name: str) -> list[str]:
    s, d = es.planned, es.planned.deployment
    side = "".join(f" + {c.name} {cpu_quantity(c.cpu_millicores)}/{memory_quantity(c.memory_mib)}" for c in d.sidecars)
    out = [f"Deployment of {es.service} in {es.environment}. Pod requests as planned: {cpu_quantity(s.requests.cpu_millicores)} "
           f"CPU, {memory_quantity(s.requests.memory_mib)} memory (app{side}).",
           f"Rolling update: maxSurge {percent_of(s.max_surge_frac)} (the plan's max_surge_frac {s.max_surge_frac:g}, "
           "rounded up as Kubernetes does), maxUnavailable 0 (the plan never counts fewer ready pods).",
           "No spec.replicas: the HPA owns it (an applied value would reset it on every apply).",
           "Placeholders to replace: the image, the readiness probe's path."]
    if any(c.shares_files for c in d.sidecars):
        out.append(f"Sidecars share files with the app through the emptyDir 'shared' at {d.shared_volume_path}; the "
                   "annotation lets the Cluster Autoscaler still drain the node (CA FAQ: local storage blocks scale-down).")
    return out


def _secret_comment(es: EnvService, name: str) -> list[str]:
    keys = es.planned.deployment.secret_keys
    first = keys[0] if keys else "KEY"
    return [f"Secret of {es.service} in {es.environment}: key names only, never a value (planner writes no secret).",
            "Fill it outside Git, e.g.",
            f"  kubectl -n {es.environment} create secret generic {name}-secrets --from-literal={first}=... "
            "--dry-run=client -o yaml | kubectl apply -f -",
            f"or let an external secrets tool own it (External Secrets Operator: an ExternalSecret with target.name "
            f"{name}-secrets), and drop this file from kustomization.yaml."]


def _comments(kind: str, es: EnvService, name: str, version: tuple[int, int]) -> list[str]:
    s = es.planned
    if kind == "configmap":
        return [f"Per-environment values of {es.service} in {es.environment}, loaded into the app container (envFrom).",
                f"Not for secrets: those go in {name}-secret.yaml."]
    if kind == "secret":
        return _secret_comment(es, name)
    if kind == "deployment":
        return _deployment_comment(es, name)
    if kind == "service":
        return [f"Stable address of {es.service} in {es.environment}: {name}.{es.environment}.svc:"
                f"{s.deployment.service_port} -> the app's port http ({s.deployment.container_port})."]
    if kind == "hpa":
        return _hpa_comment(es, name, version)
    return [f"PodDisruptionBudget of {es.service} in {es.environment}: drains (node autoscaler scale-down, upgrades) evict "
            f"at most {pdb_max_unavailable(s.hpa.min_replicas)} pod at a time and are never blocked, even at min replicas "
            f"{s.hpa.min_replicas}; not-ready pods may always go."]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter when PyYAML has it: 4x faster
    """Plain YAML for people and for kustomize: no anchors or aliases for repeated label maps."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: Any, data: str) -> yaml.Node:
    # multi-line values (the Cluster Autoscaler's flag list) as a literal block, one flag a line
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)


_Dumper.add_representer(str, _str)


def _doc(comments: list[str], obj: dict[str, Any]) -> str:
    head = "".join(f"# {line}\n" for line in comments)
    return head + yaml.dump(obj, Dumper=_Dumper, sort_keys=False, default_flow_style=False, width=120)


def _file(comments: list[str], objs: list[dict[str, Any]]) -> str:
    return "---\n".join(_doc(comments if i == 0 else [], o) for i, o in enumerate(objs))


def _kustomization(comment: str, resources: list[str]) -> str:
    return _doc([comment], {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "Kustomization",
                            "resources": resources})


# --- the whole set ----------------------------------------------------------------------------------------
SERVICE_FILES = ("configmap", "secret", "deployment", "service", "hpa", "pdb")  #: per service, in apply order


def _target(scenario: Scenario, k8s_version: str, layout: str, node_autoscaler: str) -> Target:
    version = parse_k8s_version(k8s_version)
    if layout not in LAYOUTS:
        raise ManifestError([("layout", f"expected one of {', '.join(LAYOUTS)}; got {str(layout)[:40]!r}")])
    if node_autoscaler not in NODE_AUTOSCALERS:
        raise ManifestError([("node_autoscaler", f"expected one of {', '.join(NODE_AUTOSCALERS)}; "
                                                 f"got {str(node_autoscaler)[:40]!r}")])
    node = resolve_instance(scenario.cluster.node, "cluster.node")
    return Target(version, layout, node_autoscaler, node, node_shape(node, scenario.cluster), dns_name(scenario.name))


def _env_namespace(env: str, envs: list[EnvService], lab: dict[str, str]) -> str:
    e = envs[0]
    when = "always" if e.schedule.always else e.schedule_text
    zero = "; scaled to zero outside its schedule (scheduled-scaler.yaml)" if e.scale_to_zero and not e.schedule.always else ""
    return _file([f"Namespace of environment {env}: {len(envs)} services, running {when} ({e.time_zone}){zero}."],
                 [{"apiVersion": "v1", "kind": "Namespace", "metadata": _meta(env, None, lab)}])


def _cluster_files(scenario: Scenario, target: Target, prefix: str, min_nodes: int, lab: dict[str, str]) -> dict[str, str]:
    c, shape = scenario.cluster, target.shape
    files: dict[str, str] = {}
    over = overprovisioning_objects(c.spare_nodes, shape, lab)
    if over:
        files[f"{prefix}priorityclass.yaml"] = _file(
            [f"Priority {OVERPROVISIONING_PRIORITY} for the pause pods that hold the planned spare nodes: the lowest "
             "priority that still triggers a scale-up (CA FAQ); every pod of priority >= 0 preempts them."], over[:1])
        files[f"{prefix}overprovisioning.yaml"] = _file(
            [f"The plan's spare capacity: {c.spare_nodes} spare node(s) as {c.spare_nodes} pause pod(s), each requesting one "
             f"{target.node.instance_type} node's room for pods: allocatable {shape.allocatable_cpu_millicores:g}m / "
             f"{shape.allocatable_memory_mib:g}Mi minus the planned DaemonSets {c.daemonset_cpu_millicores:g}m / "
             f"{c.daemonset_memory_mib:g}Mi, rounded down.",
             "When a node fails, its pods preempt these at once; the pause pods go Pending and the autoscaler adds nodes for them.",
             "If your DaemonSets request more than planned, lower these requests, or the pause pods fit no node."], over[1:])
    if target.node_autoscaler == "karpenter":
        files[f"{prefix}karpenter-nodepool.yaml"] = _file(
            [f"Karpenter NodePool as planned: {target.node.instance_type} on demand, at most {c.max_nodes} nodes; consolidation "
             f"after {c.scale_down_unneeded_s} s (the plan's scale_down_unneeded_s). nodeClassRef 'default' names your node class.",
             "Karpenter packs and consolidates on its own rules (not the Cluster Autoscaler's the plan simulates)."],
            [karpenter_nodepool(scenario, target.node, lab)])
    else:
        files[f"{prefix}cluster-autoscaler-flags.yaml"] = _file(
            ["Cluster Autoscaler flags as planned: add the lines of data.args to the cluster-autoscaler container's command "
             "(its Deployment, usually in kube-system; the node group name in --nodes is yours). This ConfigMap records them.",
             f"Node group: {target.node.instance_type}, {min_nodes} to {c.max_nodes} nodes."],
            [ca_flags_object(scenario, target.node, min_nodes, lab)])
    return files


def _env_files(scenario: Scenario, env: str, envs: list[EnvService], names: list[str], target: Target,
               lab: dict[str, str]) -> dict[str, str]:
    files = {f"{env}/namespace.yaml": _env_namespace(env, envs, lab)}
    for es in envs:
        name = names[es.index]
        objs = service_objects(es, name, target)
        for kind in SERVICE_FILES:
            files[f"{env}/{name}-{kind}.yaml"] = _file(_comments(kind, es, name, target.version), [objs[kind]])
    own = target.layout == "per-environment"
    if envs[0].scale_to_zero and not envs[0].schedule.always:
        c = scenario.cluster
        lead = math.ceil((c.provisioning_delay_s + max(e.planned.pod_startup_s for e in envs)) / 60)
        files[f"{env}/scheduled-scaler.yaml"] = _file(
            [f"{env} runs {envs[0].schedule_text} ({envs[0].time_zone}) and scales to zero outside: these CronJobs scale its "
             f"Deployments to 0 at the end of its hours and back to min replicas {lead} min before they start (node "
             f"provisioning {c.provisioning_delay_s} s + pod start-up), so it is ready when its hours begin, as the plan prices it."
             + (" Its own cluster's pause pods go and come back with it; the node group's minimum is 0." if own else "")],
            scheduled_scaler_objects(envs, dict(enumerate(names)), lead, lab, target.version,
                                     scenario.cluster.spare_nodes if own else None))
    if own:
        stz = envs[0].scale_to_zero and not envs[0].schedule.always
        files.update(_cluster_files(scenario, target, f"{env}/cluster/", 0 if stz else scenario.cluster.min_nodes, lab))
        files[f"{env}/cluster/kustomization.yaml"] = _kustomization(
            f"Cluster-wide objects of {env}'s own cluster.", [p.rsplit("/", 1)[1] for p in files if p.startswith(f"{env}/cluster/")])
    res = [p.split("/", 1)[1] for p in files if p.count("/") == 1] + (["cluster"] if own else [])
    files[f"{env}/kustomization.yaml"] = _kustomization(f"Environment {env}: kubectl apply -k {env}/", res)
    return files


def render_manifests(scenario: Scenario, *, k8s_version: str = DEFAULT_K8S_VERSION, layout: str = "shared",
                     node_autoscaler: str = "cluster-autoscaler") -> dict[str, str]:
    """``{path: YAML text}`` of the objects that implement ``scenario``'s plan, in a stable order
    (same scenario and options, same bytes). ``layout``: ``shared`` (one cluster: ``cluster/`` plus a
    folder per environment and a root kustomization) or ``per-environment`` (a folder per environment
    with its own ``cluster/``). ``ManifestError`` names what cannot be written."""
    target = _target(scenario, k8s_version, layout, node_autoscaler)
    names = service_dns_names(scenario)
    lab = {"app.kubernetes.io/managed-by": "planner"}
    by_env: dict[str, list[EnvService]] = {}
    for es in resolve(scenario):
        by_env.setdefault(es.environment, []).append(es)
    files: dict[str, str] = {}
    if layout == "shared":
        files.update(_cluster_files(scenario, target, "cluster/", scenario.cluster.min_nodes, lab))
        files["cluster/kustomization.yaml"] = _kustomization(
            "Cluster-wide objects: spare capacity and the node autoscaler's settings.",
            [p.split("/", 1)[1] for p in files if p.startswith("cluster/")])
    for env in environment_names(scenario):
        files.update(_env_files(scenario, env, by_env[env], names, target, lab))
    if layout == "shared":
        files["kustomization.yaml"] = _kustomization("The whole shared cluster: kubectl apply -k .",
                                                     ["cluster", *environment_names(scenario)])
    files["README.md"] = _readme(scenario, target, files)
    return files


def _readme(scenario: Scenario, target: Target, files: Mapping[str, str]) -> str:
    v = f"{target.version[0]}.{target.version[1]}"
    envs = environment_names(scenario)
    lines = [f"# Manifests for {scenario.name}", "",
             f"Generated by `planner manifests` for Kubernetes {v}, layout {target.layout}, node autoscaler "
             f"{target.node_autoscaler}. Every value is the plan's; placeholders to replace: images under "
             f"{PLACEHOLDER_REGISTRY}, readiness probe paths, Secret values, the node group / node class name.", ""]
    if target.layout == "shared":
        lines += ["One shared cluster: `kubectl apply -k .` (or `cluster/` first, then each environment).", ""]
    else:
        lines += [f"One cluster per environment: `kubectl apply -k <env>/` against that environment's cluster.", ""]
    lines += ["| folder | what |", "|---|---|"]
    if target.layout == "shared":
        lines.append("| `cluster/` | spare capacity (PriorityClass + pause pods) and the node autoscaler's settings |")
    for e in envs:
        lines.append(f"| `{e}/` | Namespace {e}; per service: ConfigMap, Secret (keys only), Deployment, ClusterIP "
                     "Service, HPA, PodDisruptionBudget" + ("; scale-to-zero CronJobs" if f"{e}/scheduled-scaler.yaml" in files
                                                           else "") + (", its own `cluster/`" if target.layout != "shared" else "")
                     + " |")
    return "\n".join(lines) + "\n"


# --- reading back, validating, writing ----------------------------------------------------------------------
def manifest_objects(files: Mapping[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """Every Kubernetes object of ``files`` as ``(path, object)`` (kustomizations and README left out)."""
    out = []
    for path, text in files.items():
        if not path.endswith(".yaml") or path.rsplit("/", 1)[-1] == "kustomization.yaml":
            continue
        out += [(path, doc) for doc in yaml.safe_load_all(text) if doc]
    return out


#: API groups of custom resources the Kubernetes schemas do not hold (checked by their own CRD schema).
CRD_GROUPS = ("karpenter.sh/",)


def validate_manifests(files: Mapping[str, str], k8s_version: str = DEFAULT_K8S_VERSION) -> list[tuple[str, str]]:
    """``(where, message)`` for each object the official schemas of ``k8s_version`` reject (strict:
    unknown fields too), through ``kubernetes-validate`` (a dev dependency; ``ManifestError`` when it
    is not installed). Custom resources (Karpenter) are skipped: the Kubernetes schemas do not have them."""
    v = "{}.{}".format(*parse_k8s_version(k8s_version))
    problems = []
    for path, obj in manifest_objects(files):
        if str(obj.get("apiVersion", "")).startswith(CRD_GROUPS):
            continue
        where = f"{path}: {obj.get('kind')}/{obj.get('metadata', {}).get('name')}"
        try:
            validator = _validator(v, str(obj.get("kind", "")), str(obj.get("apiVersion", "")))
        except FileNotFoundError:
            problems.append((where, f"no schema for {obj.get('kind')} {obj.get('apiVersion')} in Kubernetes {v}"))
            continue
        err = next(iter(sorted(validator.iter_errors(obj), key=lambda e: list(e.path))), None)
        if err is not None:
            problems.append((where, f"{'.'.join(str(x) for x in err.path) or '(object)'}: {err.message}"[:300]))
    return problems


@lru_cache(maxsize=64)
def _definitions(schema_dir: str):
    from kubernetes_validate.utils import schema_contents
    from referencing import Resource

    return Resource.from_contents(schema_contents(f"kubernetes-json-schema/{schema_dir}/_definitions.json", schema_dir))


@lru_cache(maxsize=256)
def _validator(version: str, kind: str, api_version: str):
    """The strict JSON-schema validator of one kind, as ``kubernetes_validate.validate`` builds it
    (kubernetes_validate/utils.py: the ``-local-strict`` schema and its ``_definitions.json``), built
    once per kind and version instead of once per object (it reloads 2 MB of definitions per call)."""
    try:
        import jsonschema
        from kubernetes_validate.utils import schema_contents
        from referencing import Registry, Resource
    except ImportError:  # pragma: no cover - a dev dependency
        raise ManifestError([("", "validation needs kubernetes-validate: pip install kubernetes-validate")]) from None
    schema_dir = f"v{version}.0-local-strict"
    api = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    schema = schema_contents(f"kubernetes-json-schema/{schema_dir}/{kind.lower()}-{api}.json", version)
    registry = _definitions(schema_dir) @ (Resource.from_contents(schema) @ Registry())
    return jsonschema.validators.Draft202012Validator(schema, registry=registry)


def zip_manifests(files: Mapping[str, str], folder: str = "manifests") -> bytes:
    """The files as one zip (fixed timestamps: the same files give the same bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path, text in files.items():
            info = zipfile.ZipInfo(f"{folder}/{path}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()


def write_manifests(files: Mapping[str, str], out: str | Path) -> list[Path]:
    """Write the files under ``out`` (folders made as needed); the paths written."""
    root = Path(out)
    written = []
    for path, text in files.items():
        p = root / path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
        written.append(p)
    return written
