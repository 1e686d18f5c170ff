"""The scenario: every input of a plan, validated, immutable, with its defaults.

This module is the **one source of truth for defaults**. Each field carries a docstring line
(``description``) with its unit and, where it mirrors Kubernetes, the upstream source of the
default. Units are in the names: ``*_millicores``, ``*_mib``, ``*_s``, ``*_usd_per_hour``,
``*_frac`` (0-1; percent appears only in the UI).

Errors name the field path and what is allowed, e.g.
``services[1].hpa.max_replicas: must be >= min_replicas (3); got 2``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (BaseModel, ConfigDict, Field, ValidationError, field_validator, model_serializer,
                      model_validator)

# --- Upstream defaults, each with its source -------------------------------------------------
DEFAULT_SYNC_PERIOD_S = 15  # kube-controller-manager --horizontal-pod-autoscaler-sync-period
DEFAULT_TOLERANCE_FRAC = 0.1  # kube-controller-manager --horizontal-pod-autoscaler-tolerance
#: kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization (5 min,
#: pkg/controller/podautoscaler/config/v1alpha1/defaults.go): behavior.scaleDown's default window, and
#: the whole stabilization of an HPA without behavior (hpa.downscale_stabilization_s)
DEFAULT_SCALE_DOWN_STABILIZATION_S = 300
DEFAULT_DOWNSCALE_STABILIZATION_S = DEFAULT_SCALE_DOWN_STABILIZATION_S
MAX_DOWNSCALE_STABILIZATION_S = 3600  #: as a behavior window (autoscaling/v2 validation: at most one hour)
DEFAULT_SCALE_UP_STABILIZATION_S = 0  # pkg/apis/autoscaling/v2/defaults.go
#: The HPA reads a 15 s window (metrics-server --metric-resolution=15s in its manifests and Helm chart;
#: CPU = rate between the last two scrapes, pkg/storage/pod.go) whose end is 0-15 s old from the scrape
#: phase plus 0-15 s of kubelet sample age: on average the window [t - 30 s, t - 15 s)
DEFAULT_METRICS_LAG_S = 30
MAX_METRICS_LAG_S = 600
#: kube-controller-manager --horizontal-pod-autoscaler-cpu-initialization-period (5 min)
DEFAULT_CPU_INITIALIZATION_PERIOD_S = 300
MAX_CPU_INITIALIZATION_PERIOD_S = 3600
DEFAULT_MAX_SURGE_FRAC = 0.25  # pkg/apis/apps/v1/defaults.go, RollingUpdate maxSurge 25 % (ceil)
DEFAULT_MAX_PODS_PER_NODE = 110  # kubelet maxPods, pkg/kubelet/apis/config/v1beta1/defaults.go
DEFAULT_SCALE_DOWN_UNNEEDED_S = 600  # cluster-autoscaler --scale-down-unneeded-time
DEFAULT_SCALE_DOWN_DELAY_AFTER_ADD_S = 600  # cluster-autoscaler --scale-down-delay-after-add
DEFAULT_SCALE_DOWN_UTILIZATION_THRESHOLD_FRAC = 0.5  # --scale-down-utilization-threshold
DEFAULT_MAX_SCALE_DOWN_PARALLELISM = 10  # cluster-autoscaler --max-scale-down-parallelism
DEFAULT_NODE_PROVISIONING_DELAY_S = 180  # CA FAQ: "3 to 4 minutes" on GCE until pods schedule
#: The FAQ's 3 minutes split into the phases a new node goes through (reference §7.4: "cloud provisioning +
#: boot + kubelet registration + CNI/DaemonSets ready"; no upstream per-phase figure exists, the split is
#: ours and keeps the FAQ's total): launch and OS boot 120 s, kubelet start and registration until the
#: node is Ready 30 s, DaemonSet pods (CNI, kube-proxy, logging) running before pods are scheduled 30 s
DEFAULT_NODE_BOOT_S = 120
DEFAULT_NODE_REGISTRATION_S = 30
DEFAULT_DAEMONSET_READY_S = 30
#: cluster-autoscaler --max-node-provision-time (15 min): a requested node not registered by then is
#: deleted and the scale-up counted as failed (clusterstate.go, ExpectedAddTime; FAQ)
DEFAULT_MAX_NODE_PROVISION_TIME_S = 900
#: cluster-autoscaler --initial-node-group-backoff-duration (5 min) and --max-node-group-backoff-duration
#: (30 min): after a failed scale-up the node group is backed off, doubling per failure
#: (utils/backoff/exponential_backoff.go), and reset after --node-group-backoff-reset-timeout (3 h)
DEFAULT_INITIAL_NODE_GROUP_BACKOFF_S = 300
DEFAULT_MAX_NODE_GROUP_BACKOFF_S = 1800
DEFAULT_NODE_GROUP_BACKOFF_RESET_S = 3 * 3600
MAX_SCALE_UP_FAILURES = 100  #: capacity-shortage windows per scenario
#: kube-controller-manager --node-monitor-grace-period: 50 s since v1.32 (kubernetes/kubernetes#126287; 40 s before)
DEFAULT_NODE_MONITOR_GRACE_PERIOD_S = 50
#: kube-apiserver --default-not-ready-toleration-seconds / --default-unreachable-toleration-seconds
#: (plugin/pkg/admission/defaulttolerationseconds): pods are evicted this long after the node's taint
DEFAULT_POD_EVICTION_TOLERATION_S = 300
DEFAULT_NODE_EVICTION_RATE_PER_S = 0.1  # kube-controller-manager --node-eviction-rate (healthy zone)
DEFAULT_SECONDARY_NODE_EVICTION_RATE_PER_S = 0.01  # --secondary-node-eviction-rate (unhealthy zone)
DEFAULT_LARGE_CLUSTER_SIZE_THRESHOLD = 50  # --large-cluster-size-threshold [nodes per zone]
DEFAULT_UNHEALTHY_ZONE_THRESHOLD_FRAC = 0.55  # --unhealthy-zone-threshold
DEFAULT_SCALE_DOWN_UNREADY_S = 1200  # cluster-autoscaler --scale-down-unready-time (20 min)
DEFAULT_MAX_DRAIN_PARALLELISM = 1  # cluster-autoscaler --max-drain-parallelism (non-empty nodes drained at once)
#: As-Is: a failed server is back after this long: a 4-hour hardware repair or replacement, the
#: "4-hour" tier of vendors' mission-critical support contracts (e.g. Dell ProSupport Plus 4-hour,
#: HPE Foundation Care 4-hour call-to-repair); a replacement VM from a ticket queue is of the same order
DEFAULT_ASIS_REPAIR_TIME_S = 4 * 3600
MAX_ZONES = 10  #: availability zones a node group spans (cloud regions have 2-6)
MAX_DRILL_NODES = 100  #: nodes lost at once in one node drill
HOURS_PER_MONTH = 730.0  # 8760 h / 12, the convention of AWS/GCP/Azure price calculators

# --- Bounds: generous for real use, tight enough that no figure overflows or wraps -------------
# Every numeric field has one; docs/scenario-reference.md shows each in the field's description.
MAX_SERVICES = 5_000  #: services per scenario (the fleet-year benchmark has 1,000)
MAX_HORIZON_HOURS = 8_784  #: longest load profile [hours]: a leap year of hourly values
MAX_LOAD_REQUESTS_PER_S = 1e9  #: one hourly load value [requests/s] (before growth_frac)
#: values in one fine load series (``services[].load.requests_per_s``): a leap year of minutes
MAX_LOAD_SERIES_VALUES = 527_040
MINUTES_PER_HOUR = 60  #: a burst pattern has one multiplier per minute of the hour
MAX_REPLICAS = 10_000  #: HPA min/max replicas of one service (upstream tests 150,000 pods per cluster)
MAX_NODES = 10_000  #: node group size (upstream tests clusters up to 5,000 nodes)
MAX_SPARE_NODES = 1_000  #: spare nodes kept for auto-healing
MAX_BACKUP_SERVERS = 1_000  #: As-Is backup servers per service
MAX_MASTER_NODES = 100  #: control-plane master nodes
MAX_CPU_MILLICORES = 1_000_000  #: any CPU quantity [millicores]: 1,000 cores (the largest VMs have ~900 vCPU)
MAX_MEMORY_MIB = 67_108_864  #: any memory quantity [MiB]: 64 TiB (the largest VMs have 32 TiB)
MAX_VCPU = 10_000  #: custom machine vCPUs
MAX_MEMORY_GIB = 65_536  #: custom machine memory [GiB]
MAX_USD_PER_HOUR = 100_000.0  #: any price [USD/hour] (the dearest cloud machines cost ~400)
MAX_PER_RPS = 1e6  #: network [Mbit/s] or disk [IO/s] per request/s
MAX_TARGET_AVERAGE_VALUE = 1e9  #: AverageValue HPA target per pod (network_mbps, disk_iops)
MIN_TARGET_AVERAGE_VALUE = 1e-3  #: below it one request would need millions of pods
MIN_TARGET_UTILIZATION_FRAC = 0.01  #: the HPA target is a whole percent >= 1 (averageUtilization)
MAX_WINDOW_S = 86_400  #: scale-down timers, deploy durations [s]: a day
MAX_POLICY_VALUE = 10_000  #: HPA rate policy: pods, or percent, per period
MAX_POLICIES = 10  #: HPA rate policies per direction
MAX_DEPLOY_WINDOWS = 100  #: rolling updates per service (each may repeat every day)
MAX_HOURS_PER_MONTH = 744.0  #: 31 days x 24 h [hours]
#: Pods one service's peak may need at its HPA target [pods], however many max_replicas allows:
#: above it the load or a per-request cost is surely off by orders of magnitude (and the HPA's
#: integer arithmetic would overflow). Checked by :meth:`Scenario._check`.
MAX_DEMAND_PODS = 1e9
#: Servers the As-Is plan may size for one service's peak (checked when sizing, which needs the
#: server type from the catalog: planner.planning.size_as_is).
MAX_ASIS_SERVERS_PER_SERVICE = 1_000_000


#: Longest excerpt of a user's value quoted in an error message [characters]: messages never
#: format unbounded input (a 10 MB name, a nested alias list).
MAX_QUOTED_CHARS = 80
#: Most problems one error lists; the rest are counted ("... and 12 more problems").
MAX_PROBLEMS = 50


def short_repr(value: Any, limit: int = MAX_QUOTED_CHARS, *, quote: bool = True) -> str:
    """``repr(value)`` (or ``str`` when ``quote`` is false) cut to ``limit`` characters with an
    ellipsis and the full length. Containers are described, never expanded: their repr can be
    exponentially large (YAML aliases) even when the value itself is small in memory."""
    if isinstance(value, (list, tuple, dict, set)):
        return f"a {type(value).__name__} of {len(value):,} items"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 3 * limit:
        return f"an integer of about {int(value.bit_length() * 0.30103):,} digits"
    text = repr(value) if quote else str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit - 1]}… ({len(text):,} characters)"


class ScenarioError(ValueError):
    """A scenario that cannot be planned. ``problems`` lists ``(field_path, message)``."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("\n".join(f"{p}: {m}" if p else m for p, m in problems))


class _Model(BaseModel):
    # every float is finite: no Infinity, NaN or 1e309 anywhere in a scenario
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, allow_inf_nan=False)


def _b(text: str, bound: str) -> str:
    """A field description with its documented bound, as docs/scenario-reference.md shows it."""
    return f"{text} Bound: {bound}."


Millicores = Annotated[float, Field(ge=0, le=MAX_CPU_MILLICORES)]
MiB = Annotated[float, Field(ge=0, le=MAX_MEMORY_MIB)]
PerRps = Annotated[float, Field(ge=0, le=MAX_PER_RPS)]
UsdPerHour = Annotated[float, Field(ge=0, le=MAX_USD_PER_HOUR)]


# --- HPA -------------------------------------------------------------------------------------
class ScalingPolicy(_Model):
    """One HPA rate policy: change at most ``value`` pods (or percent) per ``period_s``."""

    type: Literal["Pods", "Percent"] = Field(description="Pods: absolute count; Percent: of the replicas at period start.")
    value: int = Field(gt=0, le=MAX_POLICY_VALUE, description=_b(
        "Pods or percent allowed per period (> 0, autoscaling/v2 validation).", f"1-{MAX_POLICY_VALUE:,}"))
    period_s: int = Field(ge=1, le=1800, description="Window the change is counted over [s] (1-1800).")


class ScalingRules(_Model):
    """One direction of HPA ``behavior`` (autoscaling/v2 ``HPAScalingRules``)."""

    stabilization_window_s: int | None = Field(
        None, ge=0, le=3600, description="Stabilization window [s] (0-3600); None = upstream default (up 0, down 300).")
    select_policy: Literal["Max", "Min", "Disabled"] = Field("Max", description="Which policy wins: Max change, Min change, or no scaling.")
    policies: tuple[ScalingPolicy, ...] | None = Field(
        None, max_length=MAX_POLICIES, description=_b(
            "Rate policies; None = upstream default (up: 4 Pods and 100 Percent per 15 s; down: 100 Percent per 15 s).",
            f"at most {MAX_POLICIES}"))
    tolerance_frac: float | None = Field(
        None, ge=0, lt=1, description="Per-direction tolerance (KEP-4951, GA in 1.37), in [0, 1); None = the HPA's tolerance_frac.")


def _default_scale_up() -> ScalingRules:
    # pkg/apis/autoscaling/v2/defaults.go: 0 s window, Max of {Pods 4 / 15 s, Percent 100 / 15 s}
    return ScalingRules(stabilization_window_s=DEFAULT_SCALE_UP_STABILIZATION_S, select_policy="Max",
                        policies=(ScalingPolicy(type="Pods", value=4, period_s=15),
                                  ScalingPolicy(type="Percent", value=100, period_s=15)))


def _default_scale_down() -> ScalingRules:
    # defaults.go: window from the controller flag (300 s), Max of {Percent 100 / 15 s}
    return ScalingRules(stabilization_window_s=DEFAULT_SCALE_DOWN_STABILIZATION_S, select_policy="Max",
                        policies=(ScalingPolicy(type="Percent", value=100, period_s=15),))


MetricName = Literal["cpu", "memory", "network_mbps", "disk_iops"]
UTILIZATION_METRICS = ("cpu", "memory")  # Resource metrics with a Utilization target (vs requests)
AVERAGE_VALUE_METRICS = ("network_mbps", "disk_iops")  # Pods metrics with an AverageValue target


class Metric(_Model):
    """One HPA metric. cpu/memory: ``target_utilization_frac`` of the pod request (Resource
    Utilization). network_mbps/disk_iops: ``target_average_value`` per pod (Pods AverageValue)."""

    name: MetricName = Field(description="cpu | memory (utilization vs requests) | network_mbps | disk_iops (average per pod).")
    target_utilization_frac: float | None = Field(None, ge=MIN_TARGET_UTILIZATION_FRAC, le=1, description=_b(
        "Target utilization of the request (cpu, memory).", f"{MIN_TARGET_UTILIZATION_FRAC}-1 (a whole percent >= 1)"))
    target_average_value: float | None = Field(
        None, ge=MIN_TARGET_AVERAGE_VALUE, le=MAX_TARGET_AVERAGE_VALUE, description=_b(
            "Target average per pod (network_mbps [Mbit/s], disk_iops [IO/s]).",
            f"{MIN_TARGET_AVERAGE_VALUE:g}-{MAX_TARGET_AVERAGE_VALUE:.0e}"))

    @model_validator(mode="after")
    def _target_matches_kind(self) -> "Metric":
        if self.name in UTILIZATION_METRICS:
            if self.target_utilization_frac is None:
                raise ValueError(f"metric {self.name} needs target_utilization_frac in (0, 1]")
            if self.target_average_value is not None:
                raise ValueError(f"metric {self.name} takes target_utilization_frac, not target_average_value")
        else:
            if self.target_average_value is None:
                raise ValueError(f"metric {self.name} needs target_average_value > 0")
            if self.target_utilization_frac is not None:
                raise ValueError(f"metric {self.name} takes target_average_value, not target_utilization_frac")
        return self


class HPA(_Model):
    """HorizontalPodAutoscaler (autoscaling/v2) of one service."""

    min_replicas: int = Field(2, ge=1, le=MAX_REPLICAS, description=_b(
        "spec.minReplicas (upstream default 1, we default to 2 for availability).", f"1-{MAX_REPLICAS:,}"))
    max_replicas: int = Field(20, ge=1, le=MAX_REPLICAS, description=_b("spec.maxReplicas.", f"1-{MAX_REPLICAS:,}"))
    metrics: tuple[Metric, ...] = Field(
        (Metric(name="cpu", target_utilization_frac=0.7),), min_length=1, max_length=4,
        description="Metrics; the HPA takes the max proposal over them (horizontal.go computeReplicasForMetrics).")
    tolerance_frac: float = Field(DEFAULT_TOLERANCE_FRAC, ge=0, lt=1,
                                  description="Dead band around the target ratio, in [0, 1) (controller flag, default 0.1).")
    behavior: Literal["v2", "none"] = Field("v2", description=(
        "v2: spec.behavior present, scale_up/scale_down below (upstream defaults where unset); none: no "
        "spec.behavior, the legacy path (horizontal.go normalizeDesiredReplicas): one sync scales up to at most "
        "max(2 x current, 4) pods, the stabilization takes the highest recommendation of the last "
        "downscale_stabilization_s (scale-up too), no scale-down rate limit; scale_up/scale_down are not used."))
    scale_up: ScalingRules = Field(default_factory=_default_scale_up, description="behavior.scaleUp (upstream defaults).")
    scale_down: ScalingRules = Field(default_factory=_default_scale_down, description="behavior.scaleDown (upstream defaults).")
    downscale_stabilization_s: int = Field(
        DEFAULT_DOWNSCALE_STABILIZATION_S, ge=0, le=MAX_DOWNSCALE_STABILIZATION_S, description=_b(
            "kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization [s] (default 300, "
            "config/v1alpha1/defaults.go): the stabilization window of behavior none (a recommendation exactly "
            "this old still counts). With v2 the planned HPA carries scale_down.stabilization_window_s, so "
            "this applies to behavior none only.", f"0-{MAX_DOWNSCALE_STABILIZATION_S}"))
    metrics_lag_s: int = Field(DEFAULT_METRICS_LAG_S, ge=0, le=MAX_METRICS_LAG_S, description=_b(
        "Metrics pipeline delay [s]: the HPA syncing at t sees the usage of the load averaged over "
        "[t - metrics_lag_s, t - metrics_lag_s + step_s), rounded up to whole steps. Default 30 s: "
        "metrics-server (--metric-resolution=15s in its manifests) serves the CPU rate between its last two "
        "kubelet scrapes (pkg/storage/pod.go), a window whose end is 0-15 s old (scrape phase) plus 0-15 s "
        "(kubelet sample age), so a step change reaches the HPA after 15-45 s, 30 s on average; "
        "0 = the HPA sees its own step's load.", f"0-{MAX_METRICS_LAG_S}"))
    cpu_initialization_period_s: int = Field(DEFAULT_CPU_INITIALIZATION_PERIOD_S, ge=0,
                                             le=MAX_CPU_INITIALIZATION_PERIOD_S, description=_b(
        "CPU initialization period [s] (kube-controller-manager --horizontal-pod-autoscaler-cpu-"
        "initialization-period, default 300): a pod started less than this long ago whose CPU sample "
        "window began before it became Ready is counted as unready for the CPU metric "
        "(replica_calculator.go groupPods).", f"0-{MAX_CPU_INITIALIZATION_PERIOD_S}"))

    @model_validator(mode="after")
    def _check(self) -> "HPA":
        # fill what behavior left unset from the upstream defaults of its direction (defaults.go)
        for side, default in (("scale_up", _default_scale_up()), ("scale_down", _default_scale_down())):
            rules = getattr(self, side)
            update = {}
            if rules.stabilization_window_s is None:
                update["stabilization_window_s"] = default.stabilization_window_s
            if rules.policies is None:
                update["policies"] = default.policies
            if update:
                object.__setattr__(self, side, rules.model_copy(update=update))
            if not getattr(self, side).policies and getattr(self, side).select_policy != "Disabled":
                raise ValueError(f"{side}.policies: at least one policy is needed unless select_policy is Disabled")
        self._check_behavior()
        if self.max_replicas < self.min_replicas:
            raise ValueError(f"max_replicas must be >= min_replicas ({self.min_replicas}); got {self.max_replicas}")
        names = [m.name for m in self.metrics]
        if len(set(names)) != len(names):
            raise ValueError(f"metrics: each metric at most once; got {names}")
        return self


    def _check_behavior(self) -> None:
        """Inputs the chosen path would ignore are an error (silently ignoring input is a defect);
        the defaults themselves round-trip."""
        if self.behavior == "none":
            changed = [side for side, default in (("scale_up", _default_scale_up()), ("scale_down", _default_scale_down()))
                       if getattr(self, side) != default]
            if changed:
                raise ValueError(f"{' and '.join(changed)} differ from the upstream defaults: behavior none ignores "
                                 "scale_up/scale_down; remove them or use v2")
        elif self.downscale_stabilization_s != DEFAULT_DOWNSCALE_STABILIZATION_S:
            raise ValueError(f"downscale_stabilization_s ({self.downscale_stabilization_s}) applies to behavior none "
                             "only; with v2 set scale_down.stabilization_window_s, or use behavior none")


# --- Service ---------------------------------------------------------------------------------
class PodRequests(_Model):
    """Pod resource requests: what the scheduler packs and the HPA divides usage by."""

    cpu_millicores: float = Field(500, ge=1, le=MAX_CPU_MILLICORES, description=_b(
        "CPU request per pod [millicores].", f"1 (the Kubernetes CPU granularity)-{MAX_CPU_MILLICORES:,}"))
    memory_mib: float = Field(512, ge=1, le=MAX_MEMORY_MIB, description=_b(
        "Memory request per pod [MiB].", f"1-{MAX_MEMORY_MIB:,} (64 TiB)"))


class Usage(_Model):
    """Resource cost of the service: per-pod (or per-server) baseline plus per request/s.

    A pod serving ``x`` requests/s uses ``base + per_rps * x`` of each resource."""

    cpu_millicores_base: Millicores = Field(50, description=_b("CPU used by an idle instance [millicores].",
                                                               f"0-{MAX_CPU_MILLICORES:,}"))
    cpu_millicores_per_rps: Millicores = Field(10, description=_b(
        "CPU per request/s [millicores per (request/s)].", f"0-{MAX_CPU_MILLICORES:,}"))
    memory_mib_base: MiB = Field(200, description=_b("Memory of an idle instance [MiB].", f"0-{MAX_MEMORY_MIB:,}"))
    memory_mib_per_rps: MiB = Field(0.5, description=_b("Memory per request/s [MiB per (request/s)].",
                                                        f"0-{MAX_MEMORY_MIB:,}"))
    network_mbps_per_rps: PerRps = Field(0, description=_b("Network per request/s [Mbit/s per (request/s)].",
                                                           f"0-{MAX_PER_RPS:.0e}"))
    disk_iops_per_rps: PerRps = Field(0, description=_b("Disk operations per request [IO/s per (request/s)].",
                                                        f"0-{MAX_PER_RPS:.0e}"))


class DeployWindow(_Model):
    """A rolling update of the service starting at ``start_hour`` (index into the load profile,
    repeated every day when the profile is daily) and lasting ``duration_s``."""

    start_hour: int = Field(ge=0, le=MAX_HORIZON_HOURS - 1, description=_b(
        "Hour index at which the rollout starts.", "0 to the horizon - 1"))
    duration_s: int = Field(600, gt=0, le=MAX_WINDOW_S, description=_b(
        "How long the rollout keeps surge pods [s].", f"1-{MAX_WINDOW_S:,}"))
    every_day: bool = Field(True, description="Repeat at the same hour on every day of the horizon.")


# --- Deployment details for the manifests (issue 14) -----------------------------------------------
#: A DNS-1123 label (RFC 1123, apimachinery validation.IsDNS1123Label): Namespace, container and
#: port names; at most 63 characters of a-z, 0-9 and '-', starting and ending with a letter or digit.
DNS1123_LABEL_RE = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
#: A ConfigMap/Secret key (apimachinery validation.IsConfigMapKey): at most 253 of A-Z a-z 0-9 - _ .
CONFIG_KEY_RE = r"^[-._a-zA-Z0-9]+$"
MAX_CONFIG_KEYS = 200  #: ConfigMap entries (or Secret keys) per service or environment
MAX_CONFIG_VALUE_CHARS = 10_000  #: one ConfigMap value [characters] (a ConfigMap holds at most 1 MiB)
MAX_SIDECARS = 10  #: sidecar containers per pod
MAX_ENVIRONMENTS = 12  #: environments per scenario (dev, qa, stage, prod, perf, ... each multiplies the run)
MAX_LOAD_SCALE = 10.0  #: an environment's load relative to the service's profile (a load-test env may run 2x)
DEFAULT_CONTAINER_PORT = 8080  #: the application container's port (a common unprivileged HTTP port)
DEFAULT_SERVICE_PORT = 80  #: the ClusterIP Service's port
DEFAULT_SIDECAR_CPU_MILLICORES = 50  #: a log shipper or proxy sidecar's request [millicores]
DEFAULT_SIDECAR_MEMORY_MIB = 64  #: likewise [MiB]


def dns_label(v: str, why: str) -> str:
    """``v`` if it is a DNS-1123 label, else ``ValueError`` saying what is allowed and ``why``."""
    if not re.match(DNS1123_LABEL_RE, v):
        raise ValueError(f"must be a DNS-1123 label ({why}): lower-case a-z, 0-9 and '-', starting and ending "
                         f"with a letter or digit")
    return v


def _check_config(v: dict[str, str], what: str = "config") -> dict[str, str]:
    if len(v) > MAX_CONFIG_KEYS:
        raise ValueError(f"at most {MAX_CONFIG_KEYS} {what} entries; got {len(v):,}")
    for k, val in v.items():
        if not (1 <= len(k) <= 253) or not re.match(CONFIG_KEY_RE, k):
            raise ValueError(f"key {short_repr(k)}: a ConfigMap key is 1-253 characters of A-Z, a-z, 0-9, '-', '_', '.'")
        if len(val) > MAX_CONFIG_VALUE_CHARS:
            raise ValueError(f"key {k}: value of {len(val):,} characters, above the limit of {MAX_CONFIG_VALUE_CHARS:,}")
    return v


class Sidecar(_Model):
    """A second container in the service's pods (log shipper, proxy, file syncer). Its requests are
    part of the pod's planned ``requests``; the application container gets the rest."""

    name: str = Field(min_length=1, max_length=15, description=_b(
        "Container name, a DNS-1123 label; it also names its port (an IANA service name, at most 15 characters).",
        "1-15 characters"))
    image: str = Field(min_length=1, max_length=500, description="Container image reference.")
    port: int | None = Field(None, ge=1, le=65535, description=_b(
        "containerPort of the sidecar (distinct from every other container's); None = it listens on none.", "1-65535"))
    cpu_millicores: float = Field(DEFAULT_SIDECAR_CPU_MILLICORES, ge=1, le=MAX_CPU_MILLICORES, description=_b(
        "CPU request of the sidecar [millicores], taken out of the pod's planned request.", f"1-{MAX_CPU_MILLICORES:,}"))
    memory_mib: float = Field(DEFAULT_SIDECAR_MEMORY_MIB, ge=1, le=MAX_MEMORY_MIB, description=_b(
        "Memory request of the sidecar [MiB], taken out of the pod's planned request.", f"1-{MAX_MEMORY_MIB:,}"))
    shares_files: bool = Field(True, description="Mount the pod's shared emptyDir volume (files shared with the application).")

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return dns_label(v, "it names the container and its port")


class Deployment(_Model):
    """How the service's Deployment is written by ``planner manifests`` (defaults are placeholders
    to replace: an image under registry.example.com, a readiness path of /healthz)."""

    image: str | None = Field(None, max_length=500, description=(
        "Application image; None = the placeholder registry.example.com/<name>:latest (replace it)."))
    container_port: int = Field(DEFAULT_CONTAINER_PORT, ge=1, le=65535, description=_b(
        "containerPort of the application container (named http; default 8080).", "1-65535"))
    service_port: int = Field(DEFAULT_SERVICE_PORT, ge=1, le=65535, description=_b(
        "Port of the ClusterIP Service, forwarded to the application's port (default 80).", "1-65535"))
    readiness_path: str = Field("/healthz", min_length=1, max_length=500, pattern=r"^/",
                                description="HTTP path of the readiness probe (a placeholder: point it at the real check).")
    shared_volume_path: str = Field("/shared", min_length=2, max_length=500, pattern=r"^/",
                                    description="Where the emptyDir shared with file-sharing sidecars is mounted.")
    sidecars: tuple[Sidecar, ...] = Field((), max_length=MAX_SIDECARS, description=_b(
        "Sidecar containers (their requests are part of the pod's requests).", f"at most {MAX_SIDECARS}"))
    config: dict[str, str] = Field(default_factory=dict, description=_b(
        "ConfigMap values common to every environment (environments override them).",
        f"at most {MAX_CONFIG_KEYS} keys, values up to {MAX_CONFIG_VALUE_CHARS:,} characters"))
    secret_keys: tuple[str, ...] = Field((), max_length=MAX_CONFIG_KEYS, description=_b(
        "Names of the Secret's keys; the manifests hold placeholders, never a value.", f"at most {MAX_CONFIG_KEYS}"))

    @field_validator("config")
    @classmethod
    def _config_keys(cls, v: dict[str, str]) -> dict[str, str]:
        return _check_config(v)

    @field_validator("secret_keys")
    @classmethod
    def _secret_keys(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        _check_config({k: "" for k in v}, "secret_keys")
        if len(set(v)) != len(v):
            raise ValueError("each secret key at most once")
        return v

    @model_validator(mode="after")
    def _distinct(self) -> "Deployment":
        names = [c.name for c in self.sidecars]
        if len(set(names)) != len(names) or "app" in names:
            raise ValueError(f"sidecars: names must be distinct and not 'app' (the application container); got {names}")
        ports = [self.container_port] + [c.port for c in self.sidecars if c.port is not None]
        if len(set(ports)) != len(ports):
            raise ValueError(f"sidecars: each container needs its own port (a Pod's containers share one network); got {ports}")
        return self


class ServiceEnvironment(_Model):
    """One service's overrides in one environment (``services[i].per_environment.<env>``); a field left
    None takes the environment's value."""

    enabled: bool = Field(True, description="False: the service does not run in this environment.")
    load_scale: float | None = Field(None, ge=0, le=MAX_LOAD_SCALE, description=_b(
        "Load of the service here as a fraction of its profile; None = the environment's.", f"0-{MAX_LOAD_SCALE:g}"))
    min_replicas: int | None = Field(None, ge=1, le=MAX_REPLICAS, description=_b(
        "HPA minReplicas here; None = the environment's or the service's.", f"1-{MAX_REPLICAS:,}"))
    max_replicas: int | None = Field(None, ge=1, le=MAX_REPLICAS, description=_b(
        "HPA maxReplicas here; None = the environment's or the service's.", f"1-{MAX_REPLICAS:,}"))
    backup_servers: int | None = Field(None, ge=0, le=MAX_BACKUP_SERVERS, description=_b(
        "As-Is backup servers of the service here; None = the environment's or the service's.",
        f"0-{MAX_BACKUP_SERVERS:,}"))
    config: dict[str, str] = Field(default_factory=dict, description=_b(
        "ConfigMap values of the service here (over the environment's and the service's).",
        f"at most {MAX_CONFIG_KEYS} keys"))

    @field_validator("config")
    @classmethod
    def _config_keys(cls, v: dict[str, str]) -> dict[str, str]:
        return _check_config(v)


def _divides_hour(v: int, examples: str) -> int:
    """A step [s] that divides the hour, else the error naming some that do."""
    if 3600 % v:
        raise ValueError(f"must divide 3600 (e.g. {examples}); got {v}")
    return v


def _check_load_values(v: Any, what: str, step_s: int | None = None) -> Any:
    """Each load value a finite number in ``[0, MAX_LOAD_REQUESTS_PER_S]``; the message names the
    value by ``what`` and index (and, for a fine series, its time from the start [s])."""
    if not isinstance(v, (list, tuple)):
        return v
    try:  # fast path: every value a finite number in range (the loop below names the first that is not)
        arr = np.asarray(v, dtype=float)
        if arr.ndim == 1 and np.isfinite(arr).all() and (arr >= 0).all() and (arr <= MAX_LOAD_REQUESTS_PER_S).all():
            return v
    except (TypeError, ValueError, OverflowError):
        pass
    for i, x in enumerate(v):
        where = f"{what} {i}" + (f" (t = {i * step_s:,} s)" if step_s else "")
        if x is None or (isinstance(x, str) and not x.strip()):
            raise ValueError(f"{where}: missing value; expected a number >= 0 [requests/s]")
        try:
            f = float(x)
        except (TypeError, ValueError, OverflowError):
            raise ValueError(f"{where}: {short_repr(x)} is not a number; expected a number >= 0 [requests/s]") from None
        if math.isnan(f) or math.isinf(f):
            raise ValueError(f"{where}: {short_repr(x)} is not a finite number; expected a number >= 0 [requests/s]")
        if f < 0:
            raise ValueError(f"{where}: {f:g} is negative; expected a number >= 0 [requests/s]")
        if f > MAX_LOAD_REQUESTS_PER_S:
            raise ValueError(f"{where}: {f:g} is above the limit of {MAX_LOAD_REQUESTS_PER_S:.0e} requests/s "
                             "for one value; check the unit (requests per second)")
    return v


class LoadSeries(_Model):
    """A load series finer than hourly (e.g. per minute, from Prometheus or CloudWatch): value ``i``
    is the mean load of ``[i*step_s, (i+1)*step_s)`` from the start of the plan. It must cover whole
    hours; a shorter series than the horizon repeats when its hours divide the horizon."""

    step_s: int = Field(ge=1, le=1800, description=_b(
        "Resolution of the series [s]: must divide 3600 and divide, or be a multiple of, simulation.step_s "
        "(hourly values go in load_requests_per_s).", "1-1,800"))
    requests_per_s: tuple[float, ...] = Field(min_length=1, max_length=MAX_LOAD_SERIES_VALUES, description=_b(
        "Load per interval [requests/s] (the interval mean, e.g. Prometheus rate() over one step).",
        f"1-{MAX_LOAD_SERIES_VALUES:,} values (a leap year of minutes), each 0-{MAX_LOAD_REQUESTS_PER_S:.0e}, "
        "whole hours"))

    @field_validator("step_s")
    @classmethod
    def _step_divides_hour(cls, v: int) -> int:
        return _divides_hour(v, "1, 10, 15, 30, 60, 300")

    @model_validator(mode="before")
    @classmethod
    def _values(cls, data: Any) -> Any:
        if isinstance(data, dict):
            step = data.get("step_s")
            _check_load_values(data.get("requests_per_s"), "value", step if isinstance(step, int) else None)
        return data

    @model_validator(mode="after")
    def _whole_hours(self) -> "LoadSeries":
        per_hour = 3600 // self.step_s
        n = len(self.requests_per_s)
        if n % per_hour:
            raise ValueError(f"requests_per_s: {n:,} values at {self.step_s} s cover {n * self.step_s / 3600:.4g} hours; "
                             f"a series covers whole hours ({per_hour:,} values per hour at {self.step_s} s)")
        if n // per_hour > MAX_HORIZON_HOURS:
            raise ValueError(f"requests_per_s: {n // per_hour:,} hours is above the {MAX_HORIZON_HOURS:,}-hour limit")
        return self

    @property
    def hours(self) -> int:
        """Hours the series covers."""
        return len(self.requests_per_s) * self.step_s // 3600


def burst_trough_default(peak_to_mean: float) -> float:
    """The quietest minute of a burst pattern when ``trough_to_mean`` is not given: ``max(0, 2 - p)``,
    a straight duration curve from the peak down to the trough while the peak is at most 2x the mean,
    else a curve falling to an empty minute."""
    return max(0.0, 2.0 - peak_to_mean)


class Burst(_Model):
    """Per-minute bursts inside each hour of an hourly profile: a fixed, deterministic pattern of 60
    multipliers with mean exactly 1 (so every hour's mean stays the hourly value), the busiest
    minute at ``peak_to_mean`` and the quietest at ``trough_to_mean``. The multipliers sorted from
    busiest to quietest follow ``trough + (peak - trough) * (1 - i/59)^k`` with ``k`` set by the mean
    (planner/burst.py); ``shape`` places them in time. Fit one from a per-minute trace with
    ``planner import ... --fit-burst`` or the app's import tab."""

    peak_to_mean: float = Field(gt=1, le=MINUTES_PER_HOUR, description=_b(
        "Busiest minute / hourly mean (the shipped Azure LLM traces: 1.51 conversation, 3.85 code).",
        "> 1, at most 60 (a whole hour's requests in one minute)"))
    trough_to_mean: float | None = Field(None, ge=0, lt=1, description=_b(
        "Quietest minute / hourly mean; None = max(0, 2 - peak_to_mean) (a straight duration curve).",
        "0 to below 1"))
    shape: Literal["scattered", "smooth"] = Field("scattered", description=(
        "scattered: busy and quiet minutes interleaved by a fixed permutation (bursty traffic, lag-1 "
        "autocorrelation about 0); smooth: one rise and fall per hour, peak at minute 30 (autocorrelation 0.99)."))

    @property
    def trough(self) -> float:
        """The quietest minute / hourly mean, the default applied."""
        return burst_trough_default(self.peak_to_mean) if self.trough_to_mean is None else self.trough_to_mean

    @model_validator(mode="after")
    def _feasible(self) -> "Burst":
        # 60 minutes with mean 1, busiest p and quietest a exist only if 59 minutes at p and one at a
        # reach the mean (p >= (60 - a)/59) and one at p with 59 at a do not exceed it (p <= 60 - 59 a)
        n, p, a = MINUTES_PER_HOUR, self.peak_to_mean, self.trough
        if p > n - (n - 1) * a + 1e-12:
            raise ValueError(f"peak_to_mean {p:g} with trough_to_mean {a:g}: the other {n - 1} minutes at {a:g} or more "
                             f"leave room for a peak of at most {n - (n - 1) * a:.4g} x the mean")
        if p < (n - a) / (n - 1) - 1e-12:
            raise ValueError(f"peak_to_mean {p:g} with trough_to_mean {a:g}: {n - 1} minutes at the peak and one at the "
                             f"trough stay below the mean; the peak must be at least {(n - a) / (n - 1):.4g}")
        return self


class Service(_Model):
    """One service: its hourly load and how it runs in both plans."""

    name: str = Field(min_length=1, max_length=64, description="Unique service name.")
    load_requests_per_s: tuple[float, ...] | None = Field(
        None, min_length=1, max_length=MAX_HORIZON_HOURS,
        description=_b("Hourly load [requests/s]: 24 values (a day), 168 (a week) or any hourly series. "
                       "Give this or load, not both.",
                       f"1-{MAX_HORIZON_HOURS:,} values (a leap year), each 0-{MAX_LOAD_REQUESTS_PER_S:.0e}"))
    load: LoadSeries | None = Field(None, description=(
        "Load at a finer resolution than hourly (e.g. per minute from Prometheus: planner import); "
        "give this or load_requests_per_s, not both."))
    burst: Burst | None = Field(None, description=(
        "Per-minute bursts inside each hour of load_requests_per_s (hourly means unchanged); None = none. "
        "Not with load: a fine series carries its own bursts."))
    requests: PodRequests = Field(default_factory=PodRequests, description="Pod requests.")
    usage: Usage = Field(default_factory=Usage, description="Per-request resource costs.")
    hpa: HPA = Field(default_factory=HPA, description="HorizontalPodAutoscaler settings.")
    pod_startup_s: int = Field(30, ge=0, le=3600,
                               description="Scheduled -> Ready [s]: image pull and readiness (pod startup SLO 5 s excludes both).")
    image_pull_s: int = Field(0, ge=0, le=3600, description=_b(
        "Extra start-up of a pod on a node that does not have its image yet (a node the autoscaler just "
        "added) [s]: pulled once per node, pods placed meanwhile wait for it. 0 = pod_startup_s already "
        "counts the pull everywhere. Measure it from the kubelet event 'Successfully pulled image ... in'.",
        "0-3,600"))
    deploy_windows: tuple[DeployWindow, ...] = Field((), max_length=MAX_DEPLOY_WINDOWS, description=_b(
        "Rolling updates (maxSurge pods and one As-Is server out).", f"at most {MAX_DEPLOY_WINDOWS}"))
    max_surge_frac: float = Field(DEFAULT_MAX_SURGE_FRAC, ge=0, le=1,
                                  description="Rolling update maxSurge as a fraction of replicas, rounded up (default 25 %).")
    backup_servers: int | None = Field(None, ge=0, le=MAX_BACKUP_SERVERS, description=_b(
        "As-Is backups for this service; None = as_is.backup_servers_per_service.", f"0-{MAX_BACKUP_SERVERS:,}"))
    deployment: Deployment = Field(default_factory=Deployment, description="How planner manifests writes the Deployment.")
    per_environment: dict[str, ServiceEnvironment] = Field(default_factory=dict, description=_b(
        "Overrides per environment name (load_scale, replicas, backups, config, enabled).",
        f"at most {MAX_ENVIRONMENTS} entries"))

    @field_validator("name")
    @classmethod
    def _name_printable(cls, v: str) -> str:
        if v != v.strip():
            raise ValueError("must not start or end with spaces")
        return v

    @model_validator(mode="after")
    def _sidecars_fit_the_pod(self) -> "Service":
        side_cpu = sum(c.cpu_millicores for c in self.deployment.sidecars)
        side_mem = sum(c.memory_mib for c in self.deployment.sidecars)
        if self.deployment.sidecars and (side_cpu >= self.requests.cpu_millicores or side_mem >= self.requests.memory_mib):
            raise ValueError(
                f"deployment.sidecars: the sidecars request {side_cpu:g} millicores and {side_mem:g} MiB, leaving no room "
                f"for the application container in the pod's requests ({self.requests.cpu_millicores:g} millicores, "
                f"{self.requests.memory_mib:g} MiB); raise requests or lower the sidecars'")
        if len(self.per_environment) > MAX_ENVIRONMENTS:
            raise ValueError(f"per_environment: at most {MAX_ENVIRONMENTS} entries; got {len(self.per_environment):,}")
        return self

    @field_validator("load_requests_per_s", mode="before")
    @classmethod
    def _load_values(cls, v: Any) -> Any:
        return _check_load_values(v, "hour")

    @model_validator(mode="after")
    def _one_load(self) -> "Service":
        if (self.load_requests_per_s is None) == (self.load is None):
            raise ValueError("give the load as load_requests_per_s (hourly values) or as load (a finer series: "
                             "step_s and requests_per_s), exactly one of them"
                             + ("; got both" if self.load is not None else ""))
        if self.burst is not None and self.load is not None:
            raise ValueError("burst applies to hourly load_requests_per_s only; a fine load series carries its own bursts")
        return self

    @model_serializer(mode="wrap")
    def _drop_unset_load(self, handler):
        # a scenario written before fine series and bursts existed dumps exactly as before
        data = handler(self)
        for key in ("load_requests_per_s", "load", "burst"):
            if isinstance(data, dict) and data.get(key, 0) is None:
                del data[key]
        return data

    @property
    def hours(self) -> int:
        """Hours the service's load covers (before tiling to the horizon)."""
        return self.load.hours if self.load is not None else len(self.load_requests_per_s)

    @property
    def load_step_s(self) -> int:
        """Resolution of the service's load [s]: 3600 for hourly values."""
        return self.load.step_s if self.load is not None else 3600

    @property
    def peak_requests_per_s(self) -> float:
        """Highest load value [requests/s] before growth: the finest given, a burst's busiest minute included."""
        if self.load is not None:
            return max(self.load.requests_per_s)
        return max(self.load_requests_per_s) * (self.burst.peak_to_mean if self.burst is not None else 1.0)


# --- As-Is -----------------------------------------------------------------------------------
class InstanceRef(_Model):
    """An instance type from the catalog, or a custom machine (give vcpu, memory_gib, usd_per_hour)."""

    instance_type: str = Field("m5.xlarge", min_length=1, max_length=100,
                               description="Catalog instance type, or a name for a custom machine.")
    provider: str | None = Field("aws", max_length=50, description="Catalog provider (aws, azure, gcp); None for a custom machine.")
    region: str | None = Field("us-east-1", max_length=50, description="Catalog region; None for a custom machine.")
    vcpu: float | None = Field(None, gt=0, le=MAX_VCPU, description=_b("Custom machine vCPUs (overrides the catalog).",
                                                                      f"> 0, at most {MAX_VCPU:,}"))
    memory_gib: float | None = Field(None, gt=0, le=MAX_MEMORY_GIB, description=_b(
        "Custom machine memory [GiB] (overrides the catalog).", f"> 0, at most {MAX_MEMORY_GIB:,}"))
    usd_per_hour: float | None = Field(None, ge=0, le=MAX_USD_PER_HOUR, description=_b(
        "Price [USD/hour] (overrides the catalog).", f"0-{MAX_USD_PER_HOUR:,.0f}"))


class AsIs(_Model):
    """Today's static design: per service, fixed servers sized for its peak, plus backups."""

    server: InstanceRef = Field(default_factory=InstanceRef, description="Server type (bare metal or VM).")
    target_utilization_frac: float = Field(0.7, ge=MIN_TARGET_UTILIZATION_FRAC, le=1, description=_b(
        "Utilization at peak that sizing aims for.", f"{MIN_TARGET_UTILIZATION_FRAC}-1"))
    backup_servers_per_service: int = Field(1, ge=0, le=MAX_BACKUP_SERVERS, description=_b(
        "Backup (N+k) servers per service, running all hours.", f"0-{MAX_BACKUP_SERVERS:,}"))
    is_vm: bool = Field(False, description="Servers are VMs: the overhead below reduces usable capacity.")
    vm_overhead_cpu_millicores: Millicores = Field(0, description=_b(
        "Hypervisor + guest OS CPU per VM [millicores] (used when is_vm).", f"0-{MAX_CPU_MILLICORES:,}"))
    vm_overhead_memory_mib: MiB = Field(0, description=_b(
        "Hypervisor + guest OS memory per VM [MiB] (used when is_vm).", f"0-{MAX_MEMORY_MIB:,}"))
    os_reserved_cpu_millicores: Millicores = Field(100, description=_b(
        "OS and agents on every server [millicores].", f"0-{MAX_CPU_MILLICORES:,}"))
    os_reserved_memory_mib: MiB = Field(512, description=_b("OS and agents on every server [MiB].",
                                                            f"0-{MAX_MEMORY_MIB:,}"))
    repair_time_s: int = Field(DEFAULT_ASIS_REPAIR_TIME_S, ge=0, le=30 * MAX_WINDOW_S, description=_b(
        "A failed server is back in service after this long [s] (failure drills; default 4 h: the 4-hour "
        "tier of hardware support contracts).", f"0-{30 * MAX_WINDOW_S:,}"))


# --- To-Be cluster ---------------------------------------------------------------------------
class ControlPlane(_Model):
    """What the cluster's control plane costs."""

    mode: Literal["managed", "nodes"] = Field("managed", description="managed: a fee per cluster-hour; nodes: master VMs.")
    managed_usd_per_hour: UsdPerHour = Field(0.10, description=_b("Managed fee [USD/cluster-hour] (EKS/GKE standard 0.10).",
                                                                  f"0-{MAX_USD_PER_HOUR:,.0f}"))
    master: InstanceRef = Field(default_factory=lambda: InstanceRef(instance_type="m5.large"), description="Master node type (mode nodes).")
    master_count: int = Field(3, ge=1, le=MAX_MASTER_NODES, description=_b("Master nodes (mode nodes).",
                                                                          f"1-{MAX_MASTER_NODES}"))


class ScaleUpFailure(_Model):
    """A window in which the node group's scale-ups fail (the cloud has no capacity of the node type,
    or a quota is hit): nodes requested in it never register; the autoscaler deletes them after
    ``max_node_provision_time_s`` and backs the node group off."""

    start_hour: int = Field(ge=0, le=MAX_HORIZON_HOURS - 1, description=_b(
        "Hour index at which scale-ups start failing.", "0 to the horizon - 1"))
    duration_s: int = Field(3600, gt=0, le=MAX_WINDOW_S, description=_b(
        "How long nodes cannot be had [s].", f"1-{MAX_WINDOW_S:,}"))


class Cluster(_Model):
    """The To-Be Kubernetes cluster: one node pool autoscaled like the Cluster Autoscaler."""

    node: InstanceRef = Field(default_factory=InstanceRef, description="Worker node type.")
    allocatable_formula: Literal["eks", "gke", "aks", "none", "explicit"] = Field(
        "eks", description="How allocatable is derived from capacity (kube-reserved + eviction); see planner.allocatable.")
    allocatable_cpu_millicores: float | None = Field(None, gt=0, le=MAX_CPU_MILLICORES * 10, description=_b(
        "Explicit allocatable CPU [millicores] (formula explicit).", f"> 0, at most {MAX_CPU_MILLICORES * 10:,}"))
    allocatable_memory_mib: float | None = Field(None, gt=0, le=MAX_MEMORY_MIB, description=_b(
        "Explicit allocatable memory [MiB] (formula explicit).", f"> 0, at most {MAX_MEMORY_MIB:,}"))
    max_pods_per_node: int = Field(DEFAULT_MAX_PODS_PER_NODE, ge=1, le=1000, description=_b("kubelet maxPods (110 default).",
                                                                                            "1-1,000"))
    daemonset_cpu_millicores: Millicores = Field(150, description=_b(
        "DaemonSet requests per node [millicores] (CNI, kube-proxy, logging).", f"0-{MAX_CPU_MILLICORES:,}"))
    daemonset_memory_mib: MiB = Field(300, description=_b("DaemonSet requests per node [MiB].", f"0-{MAX_MEMORY_MIB:,}"))
    daemonset_pods: int = Field(3, ge=0, le=999, description=_b("DaemonSet pods per node (count against maxPods).",
                                                                "0 to max_pods_per_node - 1"))
    spare_nodes: int = Field(1, ge=0, le=MAX_SPARE_NODES, description=_b(
        "Extra nodes kept for auto-healing (a failed node's pods reschedule at once).", f"0-{MAX_SPARE_NODES:,}"))
    min_nodes: int = Field(1, ge=0, le=MAX_NODES, description=_b("Node group minimum size.", f"0-{MAX_NODES:,}"))
    max_nodes: int = Field(1000, ge=1, le=MAX_NODES, description=_b("Node group maximum size.", f"1-{MAX_NODES:,}"))
    node_boot_s: int = Field(DEFAULT_NODE_BOOT_S, ge=0, le=3600, description=_b(
        "Scale-up request -> instance launched and booted [s] (with registration and DaemonSets: the CA FAQ's "
        "3-4 min on GCE until pods schedule).", "0-3,600"))
    node_registration_s: int = Field(DEFAULT_NODE_REGISTRATION_S, ge=0, le=3600, description=_b(
        "Booted -> kubelet registered and the node Ready [s].", "0-3,600"))
    daemonset_ready_s: int = Field(DEFAULT_DAEMONSET_READY_S, ge=0, le=3600, description=_b(
        "Node Ready -> its DaemonSet pods (CNI, kube-proxy, logging) running, so service pods can start [s].",
        "0-3,600"))
    max_node_provision_time_s: int = Field(DEFAULT_MAX_NODE_PROVISION_TIME_S, ge=60, le=MAX_WINDOW_S, description=_b(
        "cluster-autoscaler --max-node-provision-time [s]: a requested node not up by then is deleted, the "
        "scale-up failed and the node group backed off.", f"60-{MAX_WINDOW_S:,}"))
    initial_node_group_backoff_s: int = Field(DEFAULT_INITIAL_NODE_GROUP_BACKOFF_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "cluster-autoscaler --initial-node-group-backoff-duration [s] (doubles per failed scale-up).",
        f"0-{MAX_WINDOW_S:,}"))
    max_node_group_backoff_s: int = Field(DEFAULT_MAX_NODE_GROUP_BACKOFF_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "cluster-autoscaler --max-node-group-backoff-duration [s].", f"0-{MAX_WINDOW_S:,}"))
    node_group_backoff_reset_s: int = Field(DEFAULT_NODE_GROUP_BACKOFF_RESET_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "cluster-autoscaler --node-group-backoff-reset-timeout [s]: a failure this long after the last one "
        "starts again at the initial backoff.", f"0-{MAX_WINDOW_S:,}"))
    scale_up_failures: tuple[ScaleUpFailure, ...] = Field((), max_length=MAX_SCALE_UP_FAILURES, description=_b(
        "Windows in which the cloud cannot provide nodes (capacity shortage, quota): nodes requested then "
        "never come up.", f"at most {MAX_SCALE_UP_FAILURES}"))
    scale_down_unneeded_s: int = Field(DEFAULT_SCALE_DOWN_UNNEEDED_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "CA --scale-down-unneeded-time [s].", f"0-{MAX_WINDOW_S:,}"))
    scale_down_delay_after_add_s: int = Field(DEFAULT_SCALE_DOWN_DELAY_AFTER_ADD_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "CA --scale-down-delay-after-add [s].", f"0-{MAX_WINDOW_S:,}"))
    scale_down_utilization_threshold_frac: float = Field(
        DEFAULT_SCALE_DOWN_UTILIZATION_THRESHOLD_FRAC, gt=0, le=1, description="CA --scale-down-utilization-threshold.")
    max_scale_down_parallelism: int = Field(DEFAULT_MAX_SCALE_DOWN_PARALLELISM, ge=1, le=MAX_NODES, description=_b(
        "Nodes CA removes at once.", f"1-{MAX_NODES:,}"))
    control_plane: ControlPlane = Field(default_factory=ControlPlane, description="Control plane pricing.")
    zones: int = Field(1, ge=1, le=MAX_ZONES, description=_b(
        "Availability zones the node group spans; new nodes go to the zone with the fewest "
        "(cluster-autoscaler --balance-similar-node-groups).", f"1-{MAX_ZONES}"))
    placement: Literal["spread", "packed"] = Field("spread", description=(
        "Where the scheduler puts each pod: spread = topology spread over zones and nodes with maxSkew 1 "
        "(fewest pods of the service in the zone, then on the node, then least allocated: the default "
        "scheduler with a spread constraint); packed = MostAllocated bin-packing (the worst case for a node "
        "failure)."))
    spare_scope: Literal["cluster", "zone"] = Field("cluster", description=(
        "spare_nodes per cluster, or per zone (pause pods pinned to each zone)."))
    node_monitor_grace_period_s: int = Field(DEFAULT_NODE_MONITOR_GRACE_PERIOD_S, ge=0, le=3600, description=_b(
        "A failed node is NotReady after this long [s] (kube-controller-manager --node-monitor-grace-period: "
        "50 s since v1.32, 40 s before).", "0-3,600"))
    pod_eviction_toleration_s: int = Field(DEFAULT_POD_EVICTION_TOLERATION_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "Pods on a NotReady node are evicted this long after its taint [s] (DefaultTolerationSeconds 300).",
        f"0-{MAX_WINDOW_S:,}"))
    node_eviction_rate_per_s: float = Field(DEFAULT_NODE_EVICTION_RATE_PER_S, gt=0, le=100, description=_b(
        "Nodes tainted per second in a healthy or fully disrupted zone (--node-eviction-rate).", "(0, 100]"))
    secondary_node_eviction_rate_per_s: float = Field(
        DEFAULT_SECONDARY_NODE_EVICTION_RATE_PER_S, ge=0, le=100, description=_b(
            "Nodes tainted per second in a partially disrupted zone larger than large_cluster_size_threshold "
            "(--secondary-node-eviction-rate); smaller zones stop tainting.", "0-100"))
    large_cluster_size_threshold: int = Field(DEFAULT_LARGE_CLUSTER_SIZE_THRESHOLD, ge=0, le=MAX_NODES, description=_b(
        "Zone size [nodes] above which a partially disrupted zone keeps evicting at the secondary rate "
        "(--large-cluster-size-threshold).", f"0-{MAX_NODES:,}"))
    unhealthy_zone_threshold_frac: float = Field(DEFAULT_UNHEALTHY_ZONE_THRESHOLD_FRAC, gt=0, le=1, description=_b(
        "A zone with more than 2 NotReady nodes and at least this share NotReady is partially disrupted "
        "(--unhealthy-zone-threshold).", "(0, 1]"))
    scale_down_unready_s: int = Field(DEFAULT_SCALE_DOWN_UNREADY_S, ge=0, le=MAX_WINDOW_S, description=_b(
        "The node autoscaler removes a NotReady node after this long [s]; it is billed until then "
        "(cluster-autoscaler --scale-down-unready-time, 20 min).", f"0-{MAX_WINDOW_S:,}"))
    max_drain_parallelism: int = Field(DEFAULT_MAX_DRAIN_PARALLELISM, ge=1, le=MAX_NODES, description=_b(
        "Non-empty nodes drained at once by a scale-down (cluster-autoscaler --max-drain-parallelism).",
        f"1-{MAX_NODES:,}"))

    @model_validator(mode="before")
    @classmethod
    def _one_provisioning_delay(cls, data):
        """Scenarios written before the start-up phases give one ``provisioning_delay_s``: it is the
        whole delay, taken as the boot phase (registration and DaemonSets 0 s)."""
        if isinstance(data, dict) and "provisioning_delay_s" in data:
            phases = [k for k in ("node_boot_s", "node_registration_s", "daemonset_ready_s") if k in data]
            if phases:
                raise ValueError(f"provisioning_delay_s is the old single delay; give it or {', '.join(phases)}, "
                                 "not both")
            data = dict(data)
            data["node_boot_s"] = data.pop("provisioning_delay_s")
            data["node_registration_s"] = 0
            data["daemonset_ready_s"] = 0
        return data

    @property
    def provisioning_delay_s(self) -> int:
        """Scale-up request -> node ready for pods [s]: boot + registration + DaemonSets."""
        return self.node_boot_s + self.node_registration_s + self.daemonset_ready_s

    @model_validator(mode="after")
    def _check(self) -> "Cluster":
        if self.allocatable_formula == "explicit" and (self.allocatable_cpu_millicores is None or self.allocatable_memory_mib is None):
            raise ValueError("allocatable_formula explicit needs allocatable_cpu_millicores and allocatable_memory_mib")
        if self.max_nodes < self.min_nodes:
            raise ValueError(f"max_nodes must be >= min_nodes ({self.min_nodes}); got {self.max_nodes}")
        if self.daemonset_pods >= self.max_pods_per_node:
            raise ValueError(f"daemonset_pods ({self.daemonset_pods}) leave no pod slot under max_pods_per_node ({self.max_pods_per_node})")
        registered_s = self.node_boot_s + self.node_registration_s
        if registered_s >= self.max_node_provision_time_s:
            raise ValueError(f"node_boot_s + node_registration_s ({registered_s} s) must be below max_node_provision_time_s "
                             f"({self.max_node_provision_time_s} s): the autoscaler would delete every new node before "
                             "it registers")
        return self


#: The shortfall band's default burst: fitted (planner.burst.fit_burst) to the burstier of the two
#: shipped per-minute traces, Azure LLM code 2023 (data/traces, CC-BY 4.0, Patel et al., Splitwise,
#: ISCA 2024), so the top of the band is what load as bursty as real bursty traffic would do to the
#: plan. The smoother conversation trace fits {"peak_to_mean": 1.506, "trough_to_mean": 0.751,
#: "shape": "smooth"}. tests/test_burst.py refits both from the trace files.
DEFAULT_BAND_BURST = {"peak_to_mean": 3.846, "trough_to_mean": 0.024, "shape": "scattered"}
DEFAULT_BAND_BURST_TEXT = ("peak_to_mean 3.846, trough_to_mean 0.024, scattered, fitted to the shipped Azure LLM "
                           "code trace (the burstier of the two per-minute traces; the conversation trace fits 1.506, "
                           "0.751, smooth)")


class Simulation(_Model):
    """How the hourly profile becomes a fine time series and how the run starts."""

    step_s: int = Field(DEFAULT_SYNC_PERIOD_S, ge=1, le=3600,
                        description="Simulation step = HPA sync period [s]; must divide 3600.")
    interpolation: Literal["step", "linear"] = Field(
        "step", description="step: hold each hourly value for the hour; linear: ramp between hour midpoints.")
    start: Literal["steady", "cold"] = Field(
        "steady", description="steady: start with replicas and nodes sized for hour 0; cold: at min replicas, on the nodes they need.")
    packing: Literal["auto", "exact", "incremental"] = Field(
        "auto", description="Node packing: exact FFD every change, or incremental (fleet scale); auto picks by size.")
    band_burst: Burst | None = Field(None, description=(
        "Burst of the shortfall band's 'with bursts' run for hourly services without their own burst; None = "
        f"{DEFAULT_BAND_BURST_TEXT}."))

    @field_validator("step_s")
    @classmethod
    def _step_divides_hour(cls, v: int) -> int:
        return _divides_hour(v, "5, 10, 15, 30, 60")

    @model_serializer(mode="wrap")
    def _drop_unset_band_burst(self, handler):
        data = handler(self)
        if isinstance(data, dict) and data.get("band_burst", 0) is None:
            del data["band_burst"]
        return data

    @property
    def band_burst_or_default(self) -> Burst:
        """The burst the shortfall band uses for hourly services without their own."""
        return self.band_burst if self.band_burst is not None else Burst(**DEFAULT_BAND_BURST)


DrillKind = Literal["node", "zone", "as_is_server", "capacity"]
DRILL_KINDS: tuple[str, ...] = ("node", "zone", "as_is_server", "capacity")


class Drills(_Model):
    """Failure drills: which failures to try, and when (``planner drill``, the app's Failure drills
    section and the reports' drill section use these unless told otherwise)."""

    kinds: tuple[DrillKind, ...] = Field(DRILL_KINDS, min_length=1, max_length=len(DRILL_KINDS), description=(
        "node: lose nodes of the cluster; zone: lose every node of one zone; as_is_server: lose one "
        "As-Is server of each service (or of `service`); capacity: the cloud has no new node for "
        "`capacity_outage_s` (requested nodes time out, the node group backs off)."))
    hours: Literal["all"] | tuple[Annotated[int, Field(ge=0, le=MAX_HORIZON_HOURS)], ...] = Field(
        "all", description="Hours at whose start the failure happens: all, or a list of hour indices.")
    nodes: int = Field(1, ge=1, le=MAX_DRILL_NODES, description=_b(
        "Nodes lost at once in a node drill.", f"1-{MAX_DRILL_NODES}"))
    node_index: int | None = Field(None, ge=0, le=MAX_NODES, description=(
        "A given node (index in the node pool) instead of the worst case: the node holding the most pods "
        "of the busiest service."))
    zone_index: int | None = Field(None, ge=0, le=MAX_ZONES - 1, description=(
        "A given zone instead of the worst case: the zone holding the most pods of the busiest service."))
    service: str | None = Field(None, max_length=64, description=(
        "as_is_server drills: lose a server of this service only (None: one server of each service)."))
    capacity_outage_s: int = Field(3600, ge=1, le=MAX_WINDOW_S, description=_b(
        "capacity drills: how long no node of the type can be had [s] (a zonal capacity shortage or a "
        "quota hit; an hour is a typical spot or GPU shortage).", f"1-{MAX_WINDOW_S:,}"))

# --- Environments (issue 14) -------------------------------------------------------------------------
HOURS_PER_WEEK = 168
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # hour 0 of a week-long plan is Monday 00:00
_DAY_SETS = {"daily": tuple(range(7)), "everyday": tuple(range(7)), "weekdays": tuple(range(5)),
             "weekends": (5, 6), "weekend": (5, 6)}


@dataclass(frozen=True)
class Schedule:
    """When an environment runs: on ``days`` (0 = Monday) during ``hours`` (0-23, local time of the
    load profile). Parsed from text by :func:`parse_schedule`."""

    days: frozenset[int]
    hours: frozenset[int]

    @property
    def always(self) -> bool:
        return len(self.days) == 7 and len(self.hours) == 24

    @property
    def period_hours(self) -> int:
        """Shortest horizon the schedule repeats over [hours]: 168 when it names days, 24 when it names
        hours, 1 for always (a shorter plan is tiled up to it)."""
        return HOURS_PER_WEEK if len(self.days) != 7 else 24 if len(self.hours) != 24 else 1

    def active(self, hour: int) -> bool:
        """Is hour index ``hour`` of the plan (0 = Monday 00:00) inside the schedule?"""
        return (hour // 24) % 7 in self.days and hour % 24 in self.hours


def _parse_days(text: str) -> frozenset[int]:
    if text in _DAY_SETS:
        return frozenset(_DAY_SETS[text])
    days: set[int] = set()
    for part in text.split(","):
        a, _, b = part.partition("-")
        if a not in DAY_NAMES or (b and b not in DAY_NAMES):
            raise ValueError(f"unknown day {part!r}; use daily, weekdays, weekends, or mon..sun, e.g. mon-fri or sat,sun")
        i, j = DAY_NAMES.index(a), DAY_NAMES.index(b or a)
        days.update(range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)])
    return frozenset(days)


def _parse_hours(text: str) -> frozenset[int]:
    a, sep, b = text.partition("-")
    try:
        start, end = int(a.split(":")[0]), int(b.split(":")[0])
    except ValueError:
        raise ValueError(f"hours {text!r}: expected HH-HH, e.g. 08-20 (from 08:00 to 20:00)") from None
    if not sep or any(x.count(":") > 1 or (":" in x and x.split(":")[1] not in ("00", "0")) for x in (a, b)):
        raise ValueError(f"hours {text!r}: expected whole hours HH-HH, e.g. 08-20 (the plan is hourly)")
    if not (0 <= start <= 23 and 1 <= end <= 24) or start == end:
        raise ValueError(f"hours {text!r}: start 0-23 and end 1-24, different (22-06 runs overnight)")
    return frozenset(range(start, end)) if start < end else frozenset([*range(start, 24), *range(0, end)])


def parse_schedule(text: str) -> Schedule:
    """``"always"``, ``"weekdays 08-20"``, ``"daily 07-22"``, ``"mon-fri 09-18"``, ``"sat,sun"``,
    ``"22-06"`` (overnight, every day) -> :class:`Schedule`; ``ValueError`` says what is expected."""
    words = text.strip().lower().split()
    if not words or words == ["always"]:
        return Schedule(frozenset(range(7)), frozenset(range(24)))
    if len(words) > 2:
        raise ValueError(f"{short_repr(text)}: expected '[days] [HH-HH]', e.g. 'weekdays 08-20' or 'always'")
    days, hours = frozenset(range(7)), frozenset(range(24))
    for w in words:
        if w[0].isdigit():
            hours = _parse_hours(w)
        else:
            days = _parse_days(w)
    return Schedule(days, hours)


class Environment(_Model):
    """One environment (prod, stage, dev, ...): a Namespace in a shared cluster or a cluster of its own,
    against As-Is servers of its own. Every service runs in it unless ``services[i].per_environment``
    says otherwise."""

    name: str = Field(min_length=1, max_length=63, description=_b(
        "Environment name; it becomes the Namespace, so a DNS-1123 label (a-z, 0-9, '-').", "1-63 characters"))
    load_scale: float = Field(1.0, ge=0, le=MAX_LOAD_SCALE, description=_b(
        "Load here as a fraction of each service's profile (stage 0.2 = a fifth of it).", f"0-{MAX_LOAD_SCALE:g}"))
    schedule: str = Field("always", max_length=40, description=(
        "When it runs: always, or '[days] [HH-HH]' like 'weekdays 08-20' (hour 0 of a week is Monday 00:00); "
        "outside it the load is zero."))
    scale_to_zero: bool = Field(False, description=(
        "Outside the schedule run no pods and no nodes (CronJobs scale the Deployments to 0 and back); "
        "False = pods stay at min_replicas with no load."))
    min_replicas: int | None = Field(None, ge=1, le=MAX_REPLICAS, description=_b(
        "HPA minReplicas of every service here; None = each service's.", f"1-{MAX_REPLICAS:,}"))
    max_replicas: int | None = Field(None, ge=1, le=MAX_REPLICAS, description=_b(
        "HPA maxReplicas of every service here; None = each service's.", f"1-{MAX_REPLICAS:,}"))
    backup_servers: int | None = Field(None, ge=0, le=MAX_BACKUP_SERVERS, description=_b(
        "As-Is backup servers per service here; None = each service's (or as_is.backup_servers_per_service).",
        f"0-{MAX_BACKUP_SERVERS:,}"))
    time_zone: str = Field("Etc/UTC", min_length=1, max_length=64, pattern=r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+)*$",
                           description="IANA time zone of the schedule's hours (the CronJobs' timeZone).")
    config: dict[str, str] = Field(default_factory=dict, description=_b(
        "ConfigMap values of every service here (over each service's deployment.config).",
        f"at most {MAX_CONFIG_KEYS} keys"))

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return dns_label(v, "it names the Namespace")

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, v: str) -> str:
        parse_schedule(v)
        return v

    @field_validator("config")
    @classmethod
    def _config_keys(cls, v: dict[str, str]) -> dict[str, str]:
        return _check_config(v)

    @property
    def parsed_schedule(self) -> Schedule:
        return parse_schedule(self.schedule)


# --- Prices, cost lines beside the machines, the 12-month horizon (issue 11) --------------------
# Defaults with their sources; the unit prices of instance types live in the price book
# (data/price_book.csv via planner.pricing), not here.
MAX_PRICE_BOOK_ROWS = 10_000  #: rows of a user price book (the shipped one has ~530)
MAX_USD = 1e9  #: any one-off or monthly amount [USD]
MAX_GB_PER_MONTH = 1e9  #: traffic [GB/month] (an exabyte a month)
MAX_FORECAST_MONTHS = 36  #: the longest commitment term is 3 years
MAX_FORECAST_EVENTS = 24  #: one-off load events over the forecast
ALB_USD_PER_HOUR = 0.0225  # ALB-hour, us-east-1 (third-party pages quoting aws.amazon.com/elasticloadbalancing/pricing)
NAT_GATEWAY_USD_PER_HOUR = 0.045  # NAT gateway hour, us-east-1 (third-party, egresscost.com, 2026-03)
NAT_USD_PER_GB = 0.045  # NAT gateway data processed, us-east-1 (same source)
CROSS_ZONE_USD_PER_GB = 0.02  # inter-AZ transfer, $0.01/GB in each direction (third-party, basavytix.com)
GP3_USD_PER_GIB_MONTH = 0.08  # EBS gp3 storage, us-east-1 (third-party, saisci.com 2021-01)
EKS_EXTENDED_SUPPORT_USD_PER_HOUR = 0.50  # surcharge: $0.60 total in extended support vs $0.10 (data/discounts_and_fees.csv)
EKS_DEFAULT_DISK_GIB = 20  # EKS CreateNodegroup diskSize default for Linux (AWS SDK reference)
HOST_AMORTISATION_MONTHS = 60  # servers are 5-year property for depreciation (IRS Publication 946, MACRS)
PaymentOption = Literal["no_upfront", "partial_upfront", "all_upfront"]
PurchaseOption = Literal["on_demand", "reserved", "savings_plan", "committed_use", "sustained_use", "spot"]
Usd = Annotated[float, Field(ge=0, le=MAX_USD)]


class Commitment(_Model):
    """A 1- or 3-year commitment: what it is and how it is paid."""

    option: Literal["reserved", "savings_plan", "committed_use"] = Field(
        "reserved", description="reserved: AWS/Azure reserved instances; savings_plan: AWS Compute Savings Plan; "
                                "committed_use: GCP committed-use discount.")
    term_years: Literal[1, 3] = Field(1, description="Term [years].")
    payment: PaymentOption = Field("no_upfront", description="no_upfront | partial_upfront | all_upfront (upfront "
                                                              "amortised over the term in monthly figures).")


class OnPremHost(_Model):
    """Hosts you buy (on-premises): the machine price when hosting is on_prem."""

    host_purchase_usd: Usd = Field(0, description=_b("Purchase price of one host [USD] (0 = unknown).",
                                                     f"0-{MAX_USD:.0e}"))
    amortisation_months: int = Field(HOST_AMORTISATION_MONTHS, ge=1, le=240, description=_b(
        "Months the purchase is spread over (60: servers are 5-year property, IRS Publication 946).", "1-240"))
    power_space_usd_per_month: Usd = Field(0, description=_b("Power, cooling and rack space per host [USD/month].",
                                                             f"0-{MAX_USD:.0e}"))
    licence_usd_per_month: Usd = Field(0, description=_b("Hypervisor licence and support per host [USD/month].",
                                                         f"0-{MAX_USD:.0e}"))
    machines_per_host: int = Field(1, ge=1, le=1000, description=_b(
        "VMs (servers or nodes) of the chosen type one host runs; 1 = bare metal.", "1-1,000"))


class AsIsPricing(_Model):
    """How the As-Is servers are bought."""

    hosting: Literal["cloud", "on_prem"] = Field("cloud", description="cloud: the price book; on_prem: hosts you buy.")
    option: Literal["on_demand", "reserved", "savings_plan", "committed_use", "sustained_use"] = Field(
        "on_demand", description="Purchase option of every server (sustained_use: GCP's automatic discount).")
    term_years: Literal[1, 3] = Field(1, description="Commitment term [years] (reserved, savings_plan, committed_use).")
    payment: PaymentOption = Field("no_upfront", description="Commitment payment (reserved, savings_plan).")
    on_prem: OnPremHost = Field(default_factory=OnPremHost, description="Host costs (hosting on_prem).")


class ToBePricing(_Model):
    """How the To-Be nodes are bought: a commitment for a floor of nodes, on-demand (and spot) above it."""

    hosting: Literal["cloud", "on_prem"] = Field("cloud", description="cloud: the price book; on_prem: hosts you buy "
                                                                      "for the peak node count.")
    committed_nodes: int | Literal["auto"] = Field(0, description=_b(
        "Nodes under the commitment; auto: the count that minimises the cost over the horizon.",
        f"0-{MAX_NODES:,} or auto"))
    commitment: Commitment = Field(default_factory=Commitment, description="The commitment's kind, term and payment.")
    spot_burst_frac: float = Field(0.0, ge=0, le=1, description="Share of the nodes above the commitment run as spot (0-1).")
    spot_interruption_frac_per_month: float | None = Field(None, ge=0, le=10, description=_b(
        "Spot interruptions per node per month; None = the price book's rate (AWS Spot Advisor bucket), else 0.22.",
        "0-10"))
    on_prem: OnPremHost = Field(default_factory=OnPremHost, description="Host costs (hosting on_prem).")

    @field_validator("committed_nodes", mode="before")
    @classmethod
    def _nodes_bound(cls, v: Any) -> Any:
        if v == "auto":
            return v
        if isinstance(v, bool) or not isinstance(v, int):
            raise ValueError(f"must be auto or a whole number of nodes 0-{MAX_NODES:,}; got {short_repr(v)}")
        if not 0 <= v <= MAX_NODES:
            raise ValueError(f"must be auto or 0-{MAX_NODES:,}; got {v}")
        return v


class PriceBookRow(_Model):
    """One negotiated or missing price: overrides the shipped price book row with the same key
    (provider, region, instance type, option, term, payment)."""

    instance_type: str = Field(min_length=1, max_length=100, description="Instance type the price is for.")
    provider: str | None = Field(None, max_length=50, description="Catalog provider; None for a custom machine.")
    region: str | None = Field(None, max_length=50, description="Catalog region; None for a custom machine.")
    option: PurchaseOption = Field(description="on_demand | reserved | savings_plan | committed_use | sustained_use | spot.")
    term_years: Literal[0, 1, 3] = Field(0, description="Term [years]: 0 for on_demand, sustained_use, spot.")
    payment: Literal["none", "no_upfront", "partial_upfront", "all_upfront"] = Field(
        "none", description="none for on_demand, sustained_use, spot.")
    usd_per_hour: UsdPerHour = Field(description=_b("Recurring price [USD/hour].", f"0-{MAX_USD_PER_HOUR:,.0f}"))
    upfront_usd: Usd = Field(0, description=_b("Upfront payment per machine for the term [USD].", f"0-{MAX_USD:.0e}"))
    interruption_frac_per_month: float | None = Field(None, ge=0, le=10, description="Spot interruptions per node per month.")
    source: str = Field("user price book", max_length=300, description="Where the price comes from (shown in the assumptions).")

    @model_validator(mode="after")
    def _term_matches_option(self) -> "PriceBookRow":
        committed = self.option in ("reserved", "savings_plan", "committed_use")
        if committed and (self.term_years == 0 or self.payment == "none"):
            raise ValueError(f"option {self.option} needs term_years 1 or 3 and a payment (no_upfront, partial_upfront, "
                             f"all_upfront); got term_years {self.term_years}, payment {self.payment}")
        if not committed and (self.term_years != 0 or self.payment != "none"):
            raise ValueError(f"option {self.option} takes term_years 0 and payment none; got term_years "
                             f"{self.term_years}, payment {self.payment}")
        if self.upfront_usd > 0 and not committed:
            raise ValueError(f"option {self.option} has no upfront payment; got upfront_usd {self.upfront_usd:g}")
        return self


class Pricing(_Model):
    """Purchase strategy of each plan and the user's own prices."""

    as_is: AsIsPricing = Field(default_factory=AsIsPricing, description="As-Is servers: on-demand, committed or on-prem.")
    to_be: ToBePricing = Field(default_factory=ToBePricing, description="To-Be nodes: commitment floor, on-demand and spot.")
    price_book: tuple[PriceBookRow, ...] = Field((), max_length=MAX_PRICE_BOOK_ROWS, description=_b(
        "Your own prices (negotiated rates, missing types); each overrides the shipped row with its key "
        "(planner prices --price-book FILE reads CSV or YAML).", f"at most {MAX_PRICE_BOOK_ROWS:,} rows"))


class PlanCosts(_Model):
    """Costs beside the machines, for one plan. Zero where unknown (the source says so)."""

    load_balancers: Literal["per_service", "per_cluster", "none"] = Field(
        "per_service", description="per_service: one load balancer per service; per_cluster: one shared (an ingress); none.")
    nat_gateways: int = Field(0, ge=0, le=1000, description=_b("NAT gateways (one per zone is usual) [count].", "0-1,000"))
    nat_gb_per_month: float = Field(0, ge=0, le=MAX_GB_PER_MONTH, description=_b(
        "Traffic through the NAT gateways [GB/month].", f"0-{MAX_GB_PER_MONTH:.0e}"))
    zones: int = Field(3, ge=1, le=10, description=_b("Zones the machines spread over.", "1-10"))
    cross_zone_gb_per_million_requests: float = Field(0, ge=0, le=1e6, description=_b(
        "Service-to-service traffic per million requests [GB] (0 = unknown).", "0-1e6"))
    cross_zone_share_frac: float | None = Field(None, ge=0, le=1, description=(
        "Share of that traffic crossing zones; None = (zones - 1) / zones (endpoints picked evenly, "
        "no topology-aware routing)."))
    disk_gib_per_machine: float = Field(EKS_DEFAULT_DISK_GIB, ge=0, le=MAX_MEMORY_GIB, description=_b(
        "Disk per server or node [GiB] (20: the EKS node group default, AWS CreateNodegroup diskSize).",
        f"0-{MAX_MEMORY_GIB:,}"))
    agent_usd_per_machine_month: Usd = Field(0, description=_b(
        "Monitoring or security agent per machine [USD/month] (0 = unknown).", f"0-{MAX_USD:.0e}"))
    licence_usd_per_machine_month: Usd = Field(0, description=_b(
        "OS or VM licence per machine [USD/month] (0 = unknown).", f"0-{MAX_USD:.0e}"))
    fixed_usd_per_month: Usd = Field(0, description=_b("Anything else this plan costs per month [USD/month].",
                                                       f"0-{MAX_USD:.0e}"))


def _tobe_costs() -> "ToBeCosts":
    return ToBeCosts(load_balancers="per_cluster")


class ToBeCosts(PlanCosts):
    """To-Be costs beside the nodes, with the control plane's support tier."""

    control_plane_support: Literal["standard", "extended"] = Field(
        "standard", description="extended: a Kubernetes version past standard support (EKS: +0.50 USD/cluster-hour).")


class CostLines(_Model):
    """Unit prices of the lines beside the machines, and each plan's quantities."""

    load_balancer_usd_per_hour: UsdPerHour = Field(ALB_USD_PER_HOUR, description=_b(
        "One load balancer [USD/hour] (ALB us-east-1 0.0225; capacity units scale with traffic alike in both plans "
        "and are left out).", f"0-{MAX_USD_PER_HOUR:,.0f}"))
    nat_gateway_usd_per_hour: UsdPerHour = Field(NAT_GATEWAY_USD_PER_HOUR, description=_b(
        "One NAT gateway [USD/hour] (us-east-1 0.045).", f"0-{MAX_USD_PER_HOUR:,.0f}"))
    nat_usd_per_gb: UsdPerHour = Field(NAT_USD_PER_GB, description=_b("NAT data processed [USD/GB] (us-east-1 0.045).",
                                                                     f"0-{MAX_USD_PER_HOUR:,.0f}"))
    cross_zone_usd_per_gb: UsdPerHour = Field(CROSS_ZONE_USD_PER_GB, description=_b(
        "Traffic between zones [USD/GB] (AWS 0.01 each way).", f"0-{MAX_USD_PER_HOUR:,.0f}"))
    disk_usd_per_gib_month: UsdPerHour = Field(GP3_USD_PER_GIB_MONTH, description=_b(
        "Block storage [USD/GiB-month] (EBS gp3 us-east-1 0.08).", f"0-{MAX_USD_PER_HOUR:,.0f}"))
    extended_support_usd_per_hour: UsdPerHour = Field(EKS_EXTENDED_SUPPORT_USD_PER_HOUR, description=_b(
        "Extended-support surcharge [USD/cluster-hour] (EKS 0.50 on top of 0.10).", f"0-{MAX_USD_PER_HOUR:,.0f}"))
    as_is: PlanCosts = Field(default_factory=PlanCosts, description="As-Is quantities (a load balancer per service).")
    to_be: ToBeCosts = Field(default_factory=_tobe_costs, description="To-Be quantities (one shared load balancer).")


class ForecastEvent(_Model):
    """A one-off load event: ``load_factor`` x the load for ``days`` days from ``start_date``."""

    name: str = Field("", max_length=64, description="Shown on the 12-month chart.")
    start_date: date = Field(description="First day (YYYY-MM-DD).")
    days: int = Field(1, ge=1, le=366, description=_b("Length [days].", "1-366"))
    load_factor: float = Field(gt=0, le=100, description=_b("Load multiplier during the event (4 = x4).", "> 0, at most 100"))


class Forecast(_Model):
    """The month-by-month plan: growth, events, As-Is procurement lead time. months 0 = off."""

    months: int = Field(0, ge=0, le=MAX_FORECAST_MONTHS, description=_b(
        "Months to plan (0 = off; planner plan --horizon 12mo sets 12).", f"0-{MAX_FORECAST_MONTHS}"))
    start_month: str = Field("2027-01", pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="First month (YYYY-MM).")
    growth_frac_per_month: float = Field(0.0, ge=-0.5, le=1, description=_b(
        "Load growth per month, compounded (0.02 = +2 %/month).", "-0.5 to 1"))
    events: tuple[ForecastEvent, ...] = Field((), max_length=MAX_FORECAST_EVENTS, description=_b(
        "One-off load events.", f"at most {MAX_FORECAST_EVENTS}"))
    asis_lead_time_months: int = Field(0, ge=0, le=24, description=_b(
        "Months from ordering an As-Is server to running it (0: cloud; on-premises hardware takes longer).", "0-24"))


class Scenario(_Model):
    """Everything a plan needs. Build with ``validate_scenario(dict)`` or ``planner.scenario_io.load_scenario(path)``."""

    name: str = Field("Scenario", max_length=200, description="Title shown on reports.")
    description: str = Field("", max_length=5000, description="Free text shown on reports.")
    services: tuple[Service, ...] = Field(min_length=1, max_length=MAX_SERVICES, description=_b(
        "Services (A, B, C, ...).", f"1-{MAX_SERVICES:,}"))
    as_is: AsIs = Field(default_factory=AsIs, description="As-Is static servers.")
    cluster: Cluster = Field(default_factory=Cluster, description="To-Be Kubernetes cluster.")
    simulation: Simulation = Field(default_factory=Simulation, description="Time step and start state.")
    hours_per_month: float = Field(HOURS_PER_MONTH, ge=1, le=MAX_HOURS_PER_MONTH, description=_b(
        "Hours in a month for monthly figures (730).", f"1-{MAX_HOURS_PER_MONTH:g}"))
    growth_frac: float = Field(0.0, ge=-0.99, le=100, description=_b("Growth applied to every load value (0.3 = +30 %).",
                                                                    "-0.99 to 100"))
    drills: Drills = Field(default_factory=Drills, description="Failure drills (planner drill, the app, reports).")
    environments: tuple[Environment, ...] = Field((), max_length=MAX_ENVIRONMENTS, description=_b(
        "Environments every service runs in (see docs/model.md); none = one plan of the services as given.",
        f"at most {MAX_ENVIRONMENTS}"))
    pricing: Pricing = Field(default_factory=Pricing, description="Purchase options of both plans and your own prices.")
    costs: CostLines = Field(default_factory=CostLines, description="Costs beside the machines (load balancers, NAT, ...).")
    forecast: Forecast = Field(default_factory=Forecast, description="The month-by-month plan (off by default).")

    @model_validator(mode="after")
    def _check(self) -> "Scenario":
        names = [s.name for s in self.services]
        seen: set[str] = set()
        for i, n in enumerate(names):
            if n in seen:
                raise ValueError(f"services[{i}].name: duplicate service name {n!r}; names must be unique")
            seen.add(n)
        horizon = max(s.hours for s in self.services)
        sim_step = self.simulation.step_s
        for i, s in enumerate(self.services):
            n = s.hours
            field = "load_requests_per_s" if s.load is None else "load.requests_per_s"
            if horizon % n:
                what = f"{n} values" if s.load is None else f"{n} hours"
                raise ValueError(
                    f"services[{i}].{field}: {what} do not tile the {horizon}-hour horizon; "
                    f"expected {horizon} hours or a divisor of it (24 for a day)")
            if s.load is not None and s.load.step_s % sim_step and sim_step % s.load.step_s:
                raise ValueError(
                    f"services[{i}].load.step_s: {s.load.step_s} s and simulation.step_s {sim_step} s: one must divide "
                    f"the other (the series is held over finer steps or averaged over coarser ones)")
            for j, w in enumerate(s.deploy_windows):
                if w.start_hour >= horizon:
                    raise ValueError(f"services[{i}].deploy_windows[{j}].start_hour: must be below the {horizon}-hour "
                                     f"horizon (an hour index from 0); got {w.start_hour}")
            pods, metric = peak_demand_pods(s, self.growth_frac)
            if pods > MAX_DEMAND_PODS:
                raise ValueError(
                    f"services[{i}].{field}: the peak needs about {pods:.3g} pods at the {metric} target, "
                    f"above the limit of {MAX_DEMAND_PODS:.0e} (max_replicas is at most {MAX_REPLICAS:,}); check the "
                    f"load's unit (requests per second) and usage.*_per_rps")
        for j, f in enumerate(self.cluster.scale_up_failures):
            if f.start_hour >= horizon:
                raise ValueError(f"cluster.scale_up_failures[{j}].start_hour: must be below the {horizon}-hour horizon "
                                 f"(an hour index from 0); got {f.start_hour}")
        d = self.drills
        if d.service is not None and d.service not in seen:
            raise ValueError(f"drills.service: no service named {short_repr(d.service)}; expected one of "
                             f"{short_repr(', '.join(names), 200, quote=False)}")
        if d.zone_index is not None and d.zone_index >= self.cluster.zones:
            raise ValueError(f"drills.zone_index: the cluster has {self.cluster.zones} zone(s) (0-{self.cluster.zones - 1}); "
                             f"got {d.zone_index}")
        if d.hours != "all" and any(h >= horizon for h in d.hours):
            raise ValueError(f"drills.hours: every hour must be below the {horizon}-hour horizon")
        self._check_environments(horizon)
        return self

    def _check_environments(self, horizon: int) -> None:
        """Names unique, overrides name an environment, effective replicas consistent, a week-long
        horizon when a schedule names days, every environment runs some service."""
        envs = [e.name for e in self.environments]
        for j, n in enumerate(envs):
            if envs.index(n) != j:
                raise ValueError(f"environments[{j}].name: duplicate environment name {n!r}")
        for j, e in enumerate(self.environments):
            period = e.parsed_schedule.period_hours
            if horizon < period and period % horizon:
                what = "days of the week, so the plan needs a week" if period == HOURS_PER_WEEK else "hours, so the plan needs a day"
                raise ValueError(f"environments[{j}].schedule: {e.schedule!r} names {what}: profiles of {period} hours or "
                                 f"more, or a divisor of {period} (it is tiled); they have {horizon}")
            if not any(s.per_environment.get(e.name, ServiceEnvironment()).enabled for s in self.services):
                raise ValueError(f"environments[{j}]: no service runs in {e.name!r} (every per_environment.enabled is false)")
        for i, s in enumerate(self.services):
            for n in s.per_environment:
                if n not in envs:
                    raise ValueError(f"services[{i}].per_environment: {n!r} is not an environment; environments are "
                                     f"{envs or 'none'}")
            for e in self.environments:
                o = s.per_environment.get(e.name, ServiceEnvironment())
                lo = o.min_replicas or e.min_replicas or s.hpa.min_replicas
                hi = o.max_replicas or e.max_replicas or s.hpa.max_replicas
                if hi < lo:
                    raise ValueError(f"services[{i}].per_environment: in {e.name!r} max_replicas ({hi}) is below "
                                     f"min_replicas ({lo})")
                scale = o.load_scale if o.load_scale is not None else e.load_scale
                pods, _ = peak_demand_pods(s, self.growth_frac)
                if o.enabled and pods * scale > MAX_DEMAND_PODS:
                    raise ValueError(f"services[{i}].load_requests_per_s: at load_scale {scale:g} in {e.name!r} the peak "
                                     f"needs about {pods * scale:.3g} pods, above the limit of {MAX_DEMAND_PODS:.0e}")

    @property
    def horizon_hours(self) -> int:
        """Length of the plan [hours]: the longest profile; shorter ones repeat."""
        return max(s.hours for s in self.services)

    @property
    def planned_horizon_hours(self) -> int:
        """Hours the engine runs: :attr:`horizon_hours`, tiled up to a day or a week when an environment's
        schedule names hours or days and the profiles are shorter (see planner.environments)."""
        return max([self.horizon_hours] + [e.parsed_schedule.period_hours for e in self.environments])

    @property
    def planned_service_count(self) -> int:
        """Services the engine runs: each service once per environment it runs in."""
        if not self.environments:
            return len(self.services)
        return sum(s.per_environment.get(e.name, ServiceEnvironment()).enabled
                   for s in self.services for e in self.environments)


# --- Feasibility: what the model can and cannot plan ---------------------------------------------
#
# Every rule that makes a valid scenario unplannable lives here, so ``planner validate`` and
# ``planner plan`` refuse the same scenarios. The rules need the resolved machines (catalog and
# allocatable live above this module), so callers pass the numbers in:
# ``planner.planning.check_scenario`` resolves and calls :func:`feasibility_problems`.


def tobe_problems(scenario: "Scenario", *, node_type: str, pod_room_cpu_millicores: float,
                  pod_room_memory_mib: float) -> list[tuple[str, str]]:
    """``(field_path, message)`` for each reason the To-Be plan cannot run.

    ``pod_room_*``: what one node offers service pods (allocatable minus DaemonSets). A pod must fit
    an empty node (kube-scheduler NodeResourcesFit), its request must exceed its idle usage (else it
    serves no load), one of its per-request costs must be > 0 (else its capacity is unlimited), and a
    Utilization target must sit above the idle usage (else the HPA always scales to max)."""
    problems: list[tuple[str, str]] = []
    if pod_room_cpu_millicores <= 0 or pod_room_memory_mib <= 0:
        problems.append(("cluster.node", f"DaemonSets leave no room on a {node_type} node "
                         f"(room {pod_room_cpu_millicores:.0f} millicores, {pod_room_memory_mib:.0f} MiB)"))
    for i, s in enumerate(scenario.services):
        u, rq = s.usage, s.requests
        res = {"cpu": (rq.cpu_millicores, u.cpu_millicores_base, u.cpu_millicores_per_rps),
               "memory": (rq.memory_mib, u.memory_mib_base, u.memory_mib_per_rps)}
        for r, (req, b, _) in res.items():
            if req <= b:
                problems.append((f"services[{i}].requests.{r}_{'millicores' if r == 'cpu' else 'mib'}",
                                 f"request {req:g} does not exceed the idle usage {b:g}: the pod could serve no load"))
        if u.cpu_millicores_per_rps <= 0 and u.memory_mib_per_rps <= 0:
            problems.append((f"services[{i}].usage", "cpu_millicores_per_rps and memory_mib_per_rps are both 0: "
                             "a pod's capacity would be unlimited; give the CPU or memory cost of a request"))
        if rq.cpu_millicores > pod_room_cpu_millicores or rq.memory_mib > pod_room_memory_mib:
            problems.append((f"services[{i}].requests",
                             f"pod requests ({rq.cpu_millicores:g} millicores, {rq.memory_mib:g} MiB) exceed a node's room for "
                             f"pods ({pod_room_cpu_millicores:.0f} millicores, {pod_room_memory_mib:.0f} MiB "
                             f"after reserved and DaemonSets): unschedulable; choose a larger node type or smaller requests"))
        for j, m in enumerate(s.hpa.metrics):
            if m.name in UTILIZATION_METRICS:
                req, b, p = res[m.name]
                if m.target_utilization_frac * req - b <= 0 and p > 0:
                    problems.append((f"services[{i}].hpa.metrics[{j}]", f"target {m.target_utilization_frac:g} of the "
                                     f"{m.name} request is at or below the idle usage: the HPA would always scale to max"))
    return problems


def asis_problems(scenario: "Scenario", *, server_type: str, usable_cpu_millicores: float,
                  usable_memory_mib: float) -> list[tuple[str, str]]:
    """``(field_path, message)`` for each service an As-Is server cannot carry: at the sizing target
    a server (after OS and VM reserve: ``usable_*``) must hold more than the service's idle usage."""
    a = scenario.as_is
    problems: list[tuple[str, str]] = []
    for i, s in enumerate(scenario.services):
        u = s.usage
        caps = [((usable * a.target_utilization_frac - base), per)
                for usable, base, per in ((usable_cpu_millicores, u.cpu_millicores_base, u.cpu_millicores_per_rps),
                                          (usable_memory_mib, u.memory_mib_base, u.memory_mib_per_rps)) if per > 0]
        if caps and min(room for room, _ in caps) <= 0:
            problems.append((f"services[{i}].usage", f"a {server_type} server (after OS/VM reserve) at "
                             f"{a.target_utilization_frac:.0%} cannot even hold the service's idle usage"))
            continue
        cap_t = min(room / per for room, per in caps) if caps else math.inf
        peak = s.peak_requests_per_s * (1.0 + scenario.growth_frac)
        if peak / cap_t > MAX_ASIS_SERVERS_PER_SERVICE:  # before ceil: the ratio may be astronomically large
            problems.append((f"services[{i}].usage", f"the peak ({peak:.4g} requests/s) needs about {peak / cap_t:.3g} "
                             f"{server_type} servers, above the limit of {MAX_ASIS_SERVERS_PER_SERVICE:,}; "
                             "check the load's unit and usage.*_per_rps"))
    return problems


def peak_demand_pods(service: Service, growth_frac: float = 0.0) -> tuple[float, str]:
    """Pods the service's peak load needs at its HPA target, by the metric that needs most:
    ``peak x per_rps / (target x request - idle)`` for cpu/memory, ``peak x per_rps / target`` for
    AverageValue metrics [pods]. Returns ``(pods, metric)``; a metric whose target is at or below
    the idle usage is skipped (the engine refuses it with its own message)."""
    peak = service.peak_requests_per_s * (1.0 + growth_frac)
    u, rq = service.usage, service.requests
    res = {"cpu": (rq.cpu_millicores, u.cpu_millicores_base, u.cpu_millicores_per_rps),
           "memory": (rq.memory_mib, u.memory_mib_base, u.memory_mib_per_rps),
           "network_mbps": (None, 0.0, u.network_mbps_per_rps), "disk_iops": (None, 0.0, u.disk_iops_per_rps)}
    worst, which = 0.0, ""
    for m in service.hpa.metrics:
        req, base, per = res[m.name]
        room = m.target_utilization_frac * req - base if req is not None else m.target_average_value
        if per <= 0 or room <= 0:
            continue
        pods = peak * per / room
        if pods > worst:
            worst, which = pods, m.name
    return worst, which


# --- Work budget -------------------------------------------------------------------------------
# What one plan may cost before the engine starts. The memory model is measured on planner.plan
# (peak RSS over the imported libraries, numpy 2.4, this project's 2-core machine): per-step
# arrays of the whole horizon (load, As-Is capacity and shortfall, deploy mask), per-hour frames,
# the per-step frames when kept, and the packing scratch of the largest pod count.
PLAN_BYTES_PER_SERVICE_STEP = 48  #: planner.plan, per-step arrays of the horizon (measured 34-42) [bytes]
KEPT_BYTES_PER_SERVICE_STEP = 300  #: the per-step frames of keep_steps=True (measured 255-290) [bytes]
STREAMED_BYTES_PER_SERVICE_STEP = 250  #: streaming runs hold one day's chunk of per-step buffers [bytes]
BYTES_PER_SERVICE_HOUR = 400  #: hourly frames and aggregates (measured 380 at 1-hour steps) [bytes]
BYTES_PER_POD_SLOT = 24  #: node-packing scratch per pod the HPA may run (max_replicas with surge) [bytes]
STEPS_PER_DAY_CHUNK = 86_400  #: a streaming chunk is one day [s]


@dataclass(frozen=True)
class WorkBudget:
    """The most work one plan may ask for where it runs."""

    where: str  #: named in the refusal ("the web app")
    max_service_steps: int  #: services x steps: what the engine's time grows with
    max_memory_bytes: int  #: the estimate of :func:`estimate_work` [bytes]


#: The CLI and the Python API: the fleet-year benchmark (1,000 services x 525,600 one-minute
#: steps = 5.3e8 service-steps; measured 1.3 GiB, estimated 3.6 GiB through the streaming engine)
#: fits; planner.plan keeps per-step arrays of the whole horizon, so there its memory estimate
#: binds first: 4 GiB, so a laptop or a CI runner is not driven into swap or an out-of-memory kill.
API_WORK_BUDGET = WorkBudget("the CLI and the Python API", 600_000_000, 4 * 2**30)
#: The web app: one server process serves every user, and a page re-run also builds the per-step
#: frames (kept up to 2 M cells). At 2.5 M service-steps the load test measured 11-19 s per heavy
#: re-run with 5-20 other users (python -m planner.ui.loadtest --heavy), so the app takes 1 M
#: service-steps (24 services x a week at 15 s, 170 x a day) and 1 GiB; bigger plans are refused
#: with the same message and run with the CLI.
APP_WORK_BUDGET = WorkBudget("the web app", 1_000_000, 2**30)


def estimate_work(n_services: int, n_steps: int, *, n_hours: int | None = None, keep_steps: bool = False,
                  max_pods: int = 0, streaming: bool = False, step_s: int = DEFAULT_SYNC_PERIOD_S) -> tuple[int, int]:
    """``(service_steps, memory_bytes)`` a run will cost: see the constants above for the model."""
    service_steps = n_services * n_steps
    hours = n_hours if n_hours is not None else -(-n_steps * step_s // 3600)
    if streaming:
        per_step = n_services * min(n_steps, STEPS_PER_DAY_CHUNK // step_s) * STREAMED_BYTES_PER_SERVICE_STEP
    else:
        per_step = service_steps * PLAN_BYTES_PER_SERVICE_STEP
    kept = service_steps * KEPT_BYTES_PER_SERVICE_STEP if keep_steps else 0
    return service_steps, per_step + kept + n_services * hours * BYTES_PER_SERVICE_HOUR + max_pods * BYTES_PER_POD_SLOT


def _gib(n: float) -> str:
    return f"{n / 2**30:,.1f} GiB" if n >= 2**29 else f"{n / 2**20:,.0f} MiB"


def check_work_budget(n_services: int, n_steps: int, keep_steps: bool = False, *, n_hours: int | None = None,
                      step_s: int = DEFAULT_SYNC_PERIOD_S, max_pods: int = 0, streaming: bool = False,
                      budget: WorkBudget = API_WORK_BUDGET, runs: int = 1) -> None:
    """Refuse, before the engine starts, a run above ``budget``: raises :class:`ScenarioError`
    saying what it would cost and what to change (fewer services, a coarser step, a shorter
    horizon, ``keep_steps=False``). ``runs``: engine runs of the horizon one after the other (the
    month-by-month plan adds some); they multiply the time, not the memory."""
    ss, mem = estimate_work(n_services, n_steps, n_hours=n_hours, keep_steps=keep_steps, max_pods=max_pods,
                            streaming=streaming, step_s=step_s)
    ss *= runs
    if ss <= budget.max_service_steps and mem <= budget.max_memory_bytes:
        return
    over = []
    if ss > budget.max_service_steps:
        over.append(f"{ss:,} service-steps, above the {budget.max_service_steps:,} limit")
    if mem > budget.max_memory_bytes:
        over.append(f"about {_gib(mem)} of memory, above the {_gib(budget.max_memory_bytes)} limit")
    fixes = ["fewer services", f"a coarser simulation.step_s (now {step_s} s; 60 s has {60 // step_s}x fewer steps)"
             if step_s < 60 else "a coarser simulation.step_s", "a shorter horizon (fewer hourly values)"]
    if keep_steps:
        fixes.append("keep_steps=False (no per-step frames; without --steps in the CLI)")
    if max_pods * BYTES_PER_POD_SLOT > budget.max_memory_bytes / 4:
        fixes.append("lower hpa.max_replicas")
    if runs > 1:
        fixes.insert(0, f"fewer forecast months or events ({runs - 1} more runs of the horizon)")
    raise ScenarioError([("", f"this plan is too big for {budget.where}: {n_services:,} services x {n_steps:,} steps "
                              f"need {' and '.join(over)}; use {', '.join(fixes[:-1])} or {fixes[-1]}")])


def max_pods_of(scenario: "Scenario") -> int:
    """Most pods the HPAs may run at once, surge included [pods] (sizes the packing scratch)."""
    return int(sum(s.hpa.max_replicas * (1 + s.max_surge_frac) for s in scenario.services)) + 1


def check_scenario_work(scenario: "Scenario", keep_steps: bool | None = False,
                        budget: WorkBudget = API_WORK_BUDGET) -> None:
    """:func:`check_work_budget` for a whole ``scenario`` (``keep_steps`` None counts as False: the
    planner keeps per-step frames by default only for small runs)."""
    step_s = scenario.simulation.step_s
    H = scenario.planned_horizon_hours  # environments multiply the services and may tile the day to a week
    check_work_budget(scenario.planned_service_count, H * 3600 // step_s, bool(keep_steps), n_hours=H, step_s=step_s,
                      max_pods=max_pods_of(scenario) * max(1, len(scenario.environments)), budget=budget,
                      runs=1 + forecast_runs(scenario))


def forecast_runs(scenario: "Scenario") -> int:
    """Most engine runs the month-by-month plan may need: one per month and distinct load factor of
    its days (months sharing a factor share a run; no growth and no events is one run)."""
    f = scenario.forecast
    if f.months == 0:
        return 0
    per_month = 1 + len(f.events)
    return per_month if f.growth_frac_per_month == 0 else f.months * per_month


# --- Loading and errors ----------------------------------------------------------------------
def _loc_to_path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _friendly(err: dict[str, Any]) -> tuple[str, str]:
    path = _loc_to_path(err.get("loc", ()))
    msg = err.get("msg", "invalid")
    kind = err.get("type", "")
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, "):]
    if kind == "extra_forbidden":
        msg = "unknown key (check the spelling; see the scenario format in README)"
    elif kind == "missing":
        msg = "required field is missing"
    got = err.get("input")
    if kind not in ("extra_forbidden", "missing") and not isinstance(got, (dict, list, tuple)) and "got" not in msg:
        msg = f"{msg}; got {short_repr(got)}"
    # errors raised in a model validator carry their own field path prefix "a.b[0].c: ..."
    sub = _own_path_prefix(msg)
    if sub and (not path or sub.startswith(("services[", "environments["))):
        path, msg = sub, msg[len(sub) + 2:]
    return path, msg


_OWN_PATH_RE = re.compile(r"([a-z_]+)((?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*): ")


def _own_path_prefix(msg: str) -> str:
    """The field path a model validator's message starts with ("drills.service: ..."), or "".

    Only a path whose first part is a top-level scenario field counts, so a message that merely
    contains a colon ("line 3: ...") keeps the location pydantic gave it.
    """
    m = _OWN_PATH_RE.match(msg)
    return m.group(1) + m.group(2) if m and m.group(1) in Scenario.model_fields else ""


def validate_scenario(data: Any) -> Scenario:
    """Validate a mapping into a :class:`Scenario`; raise :class:`ScenarioError` naming each field."""
    if not isinstance(data, dict):
        raise ScenarioError([("", f"a scenario must be a mapping of fields; got {type(data).__name__}")])
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = [_friendly(e) for e in exc.errors()]
        # pydantic adds "at least 1 item" for a list whose items all failed: noise next to the real errors
        real = [p for p in problems if "at least 1 item" not in p[1]] or problems
        if len(real) > MAX_PROBLEMS:
            real = real[:MAX_PROBLEMS] + [("", f"... and {len(real) - MAX_PROBLEMS:,} more problems")]
        raise ScenarioError(real) from None
