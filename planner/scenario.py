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
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

# --- Upstream defaults, each with its source -------------------------------------------------
DEFAULT_SYNC_PERIOD_S = 15  # kube-controller-manager --horizontal-pod-autoscaler-sync-period
DEFAULT_TOLERANCE_FRAC = 0.1  # kube-controller-manager --horizontal-pod-autoscaler-tolerance
DEFAULT_SCALE_DOWN_STABILIZATION_S = 300  # --horizontal-pod-autoscaler-downscale-stabilization
DEFAULT_SCALE_UP_STABILIZATION_S = 0  # pkg/apis/autoscaling/v2/defaults.go
DEFAULT_MAX_SURGE_FRAC = 0.25  # pkg/apis/apps/v1/defaults.go, RollingUpdate maxSurge 25 % (ceil)
DEFAULT_MAX_PODS_PER_NODE = 110  # kubelet maxPods, pkg/kubelet/apis/config/v1beta1/defaults.go
DEFAULT_SCALE_DOWN_UNNEEDED_S = 600  # cluster-autoscaler --scale-down-unneeded-time
DEFAULT_SCALE_DOWN_DELAY_AFTER_ADD_S = 600  # cluster-autoscaler --scale-down-delay-after-add
DEFAULT_SCALE_DOWN_UTILIZATION_THRESHOLD_FRAC = 0.5  # --scale-down-utilization-threshold
DEFAULT_MAX_SCALE_DOWN_PARALLELISM = 10  # cluster-autoscaler --max-scale-down-parallelism
DEFAULT_NODE_PROVISIONING_DELAY_S = 180  # CA FAQ: "3 to 4 minutes" on GCE until pods schedule
HOURS_PER_MONTH = 730.0  # 8760 h / 12, the convention of AWS/GCP/Azure price calculators


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
    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True)


NonNegFloat = Annotated[float, Field(ge=0, allow_inf_nan=False)]
PosFloat = Annotated[float, Field(gt=0, allow_inf_nan=False)]


# --- HPA -------------------------------------------------------------------------------------
class ScalingPolicy(_Model):
    """One HPA rate policy: change at most ``value`` pods (or percent) per ``period_s``."""

    type: Literal["Pods", "Percent"] = Field(description="Pods: absolute count; Percent: of the replicas at period start.")
    value: int = Field(gt=0, description="Pods or percent allowed per period (> 0, autoscaling/v2 validation).")
    period_s: int = Field(ge=1, le=1800, description="Window the change is counted over [s] (1-1800).")


class ScalingRules(_Model):
    """One direction of HPA ``behavior`` (autoscaling/v2 ``HPAScalingRules``)."""

    stabilization_window_s: int | None = Field(
        None, ge=0, le=3600, description="Stabilization window [s] (0-3600); None = upstream default (up 0, down 300).")
    select_policy: Literal["Max", "Min", "Disabled"] = Field("Max", description="Which policy wins: Max change, Min change, or no scaling.")
    policies: tuple[ScalingPolicy, ...] | None = Field(
        None, description="Rate policies; None = upstream default (up: 4 Pods and 100 Percent per 15 s; down: 100 Percent per 15 s).")
    tolerance_frac: float | None = Field(
        None, ge=0, allow_inf_nan=False,
        description="Per-direction tolerance (KEP-4951, GA in 1.37); None = the HPA's tolerance_frac.")


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
    target_utilization_frac: float | None = Field(None, gt=0, le=1, allow_inf_nan=False,
                                                  description="Target utilization of the request, in (0, 1] (cpu, memory).")
    target_average_value: float | None = Field(None, gt=0, allow_inf_nan=False,
                                               description="Target average per pod (network_mbps [Mbit/s], disk_iops [IO/s]).")

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

    min_replicas: int = Field(2, ge=1, description="spec.minReplicas (>= 1; upstream default 1, we default to 2 for availability).")
    max_replicas: int = Field(20, ge=1, description="spec.maxReplicas.")
    metrics: tuple[Metric, ...] = Field(
        (Metric(name="cpu", target_utilization_frac=0.7),), min_length=1,
        description="Metrics; the HPA takes the max proposal over them (horizontal.go computeReplicasForMetrics).")
    tolerance_frac: float = Field(DEFAULT_TOLERANCE_FRAC, ge=0, lt=1, allow_inf_nan=False,
                                  description="Dead band around the target ratio (controller flag, default 0.1).")
    scale_up: ScalingRules = Field(default_factory=_default_scale_up, description="behavior.scaleUp (upstream defaults).")
    scale_down: ScalingRules = Field(default_factory=_default_scale_down, description="behavior.scaleDown (upstream defaults).")

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
        if self.max_replicas < self.min_replicas:
            raise ValueError(f"max_replicas must be >= min_replicas ({self.min_replicas}); got {self.max_replicas}")
        names = [m.name for m in self.metrics]
        if len(set(names)) != len(names):
            raise ValueError(f"metrics: each metric at most once; got {names}")
        return self


# --- Service ---------------------------------------------------------------------------------
class PodRequests(_Model):
    """Pod resource requests: what the scheduler packs and the HPA divides usage by."""

    cpu_millicores: PosFloat = Field(500, description="CPU request per pod [millicores].")
    memory_mib: PosFloat = Field(512, description="Memory request per pod [MiB].")


class Usage(_Model):
    """Resource cost of the service: per-pod (or per-server) baseline plus per request/s.

    A pod serving ``x`` requests/s uses ``base + per_rps * x`` of each resource."""

    cpu_millicores_base: NonNegFloat = Field(50, description="CPU used by an idle instance [millicores].")
    cpu_millicores_per_rps: NonNegFloat = Field(10, description="CPU per request/s [millicores per (request/s)].")
    memory_mib_base: NonNegFloat = Field(200, description="Memory of an idle instance [MiB].")
    memory_mib_per_rps: NonNegFloat = Field(0.5, description="Memory per request/s [MiB per (request/s)].")
    network_mbps_per_rps: NonNegFloat = Field(0, description="Network per request/s [Mbit/s per (request/s)].")
    disk_iops_per_rps: NonNegFloat = Field(0, description="Disk operations per request [IO/s per (request/s)].")


class DeployWindow(_Model):
    """A rolling update of the service starting at ``start_hour`` (index into the load profile,
    repeated every day when the profile is daily) and lasting ``duration_s``."""

    start_hour: int = Field(ge=0, description="Hour index at which the rollout starts.")
    duration_s: int = Field(600, gt=0, le=86400, description="How long the rollout keeps surge pods [s].")
    every_day: bool = Field(True, description="Repeat at the same hour on every day of the horizon.")


class Service(_Model):
    """One service: its hourly load and how it runs in both plans."""

    name: str = Field(min_length=1, max_length=64, description="Unique service name.")
    load_requests_per_s: tuple[float, ...] = Field(
        min_length=1,
        description="Hourly load [requests/s]: 24 values (a day), 168 (a week) or any hourly series.")
    requests: PodRequests = Field(default_factory=PodRequests, description="Pod requests.")
    usage: Usage = Field(default_factory=Usage, description="Per-request resource costs.")
    hpa: HPA = Field(default_factory=HPA, description="HorizontalPodAutoscaler settings.")
    pod_startup_s: int = Field(30, ge=0, le=3600,
                               description="Scheduled -> Ready [s]: image pull and readiness (pod startup SLO 5 s excludes both).")
    deploy_windows: tuple[DeployWindow, ...] = Field((), description="Rolling updates (maxSurge pods and one As-Is server out).")
    max_surge_frac: float = Field(DEFAULT_MAX_SURGE_FRAC, ge=0, le=1,
                                  description="Rolling update maxSurge as a fraction of replicas, rounded up (default 25 %).")
    backup_servers: int | None = Field(None, ge=0, description="As-Is backups for this service; None = as_is.backup_servers_per_service.")

    @field_validator("name")
    @classmethod
    def _name_printable(cls, v: str) -> str:
        if v != v.strip():
            raise ValueError("must not start or end with spaces")
        return v

    @field_validator("load_requests_per_s", mode="before")
    @classmethod
    def _load_values(cls, v: Any) -> Any:
        if isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                if x is None or (isinstance(x, str) and not x.strip()):
                    raise ValueError(f"hour {i}: missing value; expected a number >= 0 [requests/s]")
                try:
                    f = float(x)
                except (TypeError, ValueError, OverflowError):
                    raise ValueError(f"hour {i}: {short_repr(x)} is not a number; expected a number >= 0 "
                                     "[requests/s]") from None
                if math.isnan(f) or math.isinf(f):
                    raise ValueError(f"hour {i}: {short_repr(x)} is not a finite number; expected a number >= 0 "
                                     "[requests/s]")
                if f < 0:
                    raise ValueError(f"hour {i}: {f:g} is negative; expected a number >= 0 [requests/s]")
        return v


# --- As-Is -----------------------------------------------------------------------------------
class InstanceRef(_Model):
    """An instance type from the catalog, or a custom machine (give vcpu, memory_gib, usd_per_hour)."""

    instance_type: str = Field("m5.xlarge", description="Catalog instance type, or a name for a custom machine.")
    provider: str | None = Field("aws", description="Catalog provider (aws, azure, gcp); None for a custom machine.")
    region: str | None = Field("us-east-1", description="Catalog region; None for a custom machine.")
    vcpu: float | None = Field(None, gt=0, description="Custom machine vCPUs (overrides the catalog).")
    memory_gib: float | None = Field(None, gt=0, description="Custom machine memory [GiB] (overrides the catalog).")
    usd_per_hour: float | None = Field(None, ge=0, allow_inf_nan=False, description="Price [USD/hour] (overrides the catalog).")


class AsIs(_Model):
    """Today's static design: per service, fixed servers sized for its peak, plus backups."""

    server: InstanceRef = Field(default_factory=InstanceRef, description="Server type (bare metal or VM).")
    target_utilization_frac: float = Field(0.7, gt=0, le=1, description="Utilization at peak that sizing aims for, in (0, 1].")
    backup_servers_per_service: int = Field(1, ge=0, description="Backup (N+k) servers per service, running all hours.")
    is_vm: bool = Field(False, description="Servers are VMs: the overhead below reduces usable capacity.")
    vm_overhead_cpu_millicores: NonNegFloat = Field(0, description="Hypervisor + guest OS CPU per VM [millicores] (used when is_vm).")
    vm_overhead_memory_mib: NonNegFloat = Field(0, description="Hypervisor + guest OS memory per VM [MiB] (used when is_vm).")
    os_reserved_cpu_millicores: NonNegFloat = Field(100, description="OS and agents on every server [millicores].")
    os_reserved_memory_mib: NonNegFloat = Field(512, description="OS and agents on every server [MiB].")


# --- To-Be cluster ---------------------------------------------------------------------------
class ControlPlane(_Model):
    """What the cluster's control plane costs."""

    mode: Literal["managed", "nodes"] = Field("managed", description="managed: a fee per cluster-hour; nodes: master VMs.")
    managed_usd_per_hour: NonNegFloat = Field(0.10, description="Managed fee [USD/cluster-hour] (EKS/GKE standard 0.10).")
    master: InstanceRef = Field(default_factory=lambda: InstanceRef(instance_type="m5.large"), description="Master node type (mode nodes).")
    master_count: int = Field(3, ge=1, description="Master nodes (mode nodes).")


class Cluster(_Model):
    """The To-Be Kubernetes cluster: one node pool autoscaled like the Cluster Autoscaler."""

    node: InstanceRef = Field(default_factory=InstanceRef, description="Worker node type.")
    allocatable_formula: Literal["eks", "gke", "aks", "none", "explicit"] = Field(
        "eks", description="How allocatable is derived from capacity (kube-reserved + eviction); see planner.allocatable.")
    allocatable_cpu_millicores: float | None = Field(None, gt=0, description="Explicit allocatable CPU [millicores] (formula explicit).")
    allocatable_memory_mib: float | None = Field(None, gt=0, description="Explicit allocatable memory [MiB] (formula explicit).")
    max_pods_per_node: int = Field(DEFAULT_MAX_PODS_PER_NODE, ge=1, le=1000, description="kubelet maxPods (110 default).")
    daemonset_cpu_millicores: NonNegFloat = Field(150, description="DaemonSet requests per node [millicores] (CNI, kube-proxy, logging).")
    daemonset_memory_mib: NonNegFloat = Field(300, description="DaemonSet requests per node [MiB].")
    daemonset_pods: int = Field(3, ge=0, description="DaemonSet pods per node (count against maxPods).")
    spare_nodes: int = Field(1, ge=0, description="Extra nodes kept for auto-healing (a failed node's pods reschedule at once).")
    min_nodes: int = Field(1, ge=0, description="Node group minimum size.")
    max_nodes: int = Field(1000, ge=1, description="Node group maximum size.")
    provisioning_delay_s: int = Field(DEFAULT_NODE_PROVISIONING_DELAY_S, ge=0, le=3600,
                                      description="Scale-up request -> node ready for pods [s] (CA FAQ: 3-4 min on GCE).")
    scale_down_unneeded_s: int = Field(DEFAULT_SCALE_DOWN_UNNEEDED_S, ge=0, description="CA --scale-down-unneeded-time [s].")
    scale_down_delay_after_add_s: int = Field(DEFAULT_SCALE_DOWN_DELAY_AFTER_ADD_S, ge=0, description="CA --scale-down-delay-after-add [s].")
    scale_down_utilization_threshold_frac: float = Field(
        DEFAULT_SCALE_DOWN_UTILIZATION_THRESHOLD_FRAC, gt=0, le=1, description="CA --scale-down-utilization-threshold.")
    max_scale_down_parallelism: int = Field(DEFAULT_MAX_SCALE_DOWN_PARALLELISM, ge=1, description="Nodes CA removes at once.")
    control_plane: ControlPlane = Field(default_factory=ControlPlane, description="Control plane pricing.")

    @model_validator(mode="after")
    def _check(self) -> "Cluster":
        if self.allocatable_formula == "explicit" and (self.allocatable_cpu_millicores is None or self.allocatable_memory_mib is None):
            raise ValueError("allocatable_formula explicit needs allocatable_cpu_millicores and allocatable_memory_mib")
        if self.max_nodes < self.min_nodes:
            raise ValueError(f"max_nodes must be >= min_nodes ({self.min_nodes}); got {self.max_nodes}")
        if self.daemonset_pods >= self.max_pods_per_node:
            raise ValueError(f"daemonset_pods ({self.daemonset_pods}) leave no pod slot under max_pods_per_node ({self.max_pods_per_node})")
        return self


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

    @field_validator("step_s")
    @classmethod
    def _divides_hour(cls, v: int) -> int:
        if 3600 % v:
            raise ValueError(f"must divide 3600 (e.g. 5, 10, 15, 30, 60); got {v}")
        return v


class Scenario(_Model):
    """Everything a plan needs. Build with ``validate_scenario(dict)`` or ``planner.scenario_io.load_scenario(path)``."""

    name: str = Field("Scenario", max_length=200, description="Title shown on reports.")
    description: str = Field("", max_length=5000, description="Free text shown on reports.")
    services: tuple[Service, ...] = Field(min_length=1, description="Services (A, B, C, ...).")
    as_is: AsIs = Field(default_factory=AsIs, description="As-Is static servers.")
    cluster: Cluster = Field(default_factory=Cluster, description="To-Be Kubernetes cluster.")
    simulation: Simulation = Field(default_factory=Simulation, description="Time step and start state.")
    hours_per_month: float = Field(HOURS_PER_MONTH, gt=0, description="Hours in a month for monthly figures (730).")
    growth_frac: float = Field(0.0, ge=-0.99, le=100, description="Growth applied to every load value (0.3 = +30 %).")

    @model_validator(mode="after")
    def _check(self) -> "Scenario":
        names = [s.name for s in self.services]
        seen: set[str] = set()
        for i, n in enumerate(names):
            if n in seen:
                raise ValueError(f"services[{i}].name: duplicate service name {n!r}; names must be unique")
            seen.add(n)
        horizon = max(len(s.load_requests_per_s) for s in self.services)
        for i, s in enumerate(self.services):
            n = len(s.load_requests_per_s)
            if horizon % n:
                raise ValueError(
                    f"services[{i}].load_requests_per_s: {n} values do not tile the {horizon}-hour horizon; "
                    f"expected {horizon} values or a divisor of it (24 for a day)")
        return self

    @property
    def horizon_hours(self) -> int:
        """Length of the plan [hours]: the longest profile; shorter ones repeat."""
        return max(len(s.load_requests_per_s) for s in self.services)


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
    # errors raised in a model validator may carry their own field path prefix "a.b: ..."
    if ": " in msg and msg.split(": ", 1)[0].replace("_", "").replace("[", "").replace("]", "").replace(".", "").isalnum() \
            and msg.split(": ", 1)[0].startswith("services["):
        sub, msg = msg.split(": ", 1)
        path = sub
    return path, msg


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
