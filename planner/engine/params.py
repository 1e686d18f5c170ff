"""The engine's input: per-service parameter arrays and cluster scalars, built from a scenario.

:class:`FleetParams` is the whole input of a run apart from the load. :func:`params_from_scenario`
builds it from a validated, plannable scenario (the feasibility rules are
:func:`planner.scenario.tobe_problems`); fleet runs may build one directly (``planner.bench``).
:func:`kernel_inputs` groups it into the few records the compiled kernel takes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from planner.hpa import milli_value
from planner.scenario import (DEFAULT_CPU_INITIALIZATION_PERIOD_S, DEFAULT_METRICS_LAG_S, UTILIZATION_METRICS, Scenario,
                              ScenarioError, tobe_problems)

MAX_METRICS = 4
SELECT = {"Max": 0, "Min": 1, "Disabled": 2}
PACK_EXACT, PACK_INCREMENTAL = 0, 1
#: above this many services x steps, ``packing: auto`` switches to incremental packing
AUTO_INCREMENTAL_SERVICE_STEPS = 5_000_000
#: incremental packing re-runs exact FFD when the lower bound moved by more than this fraction ...
INCREMENTAL_REPACK_DRIFT_FRAC = 0.02
#: ... or when the last exact pack is this many steps old (the service mix may have shifted)
INCREMENTAL_REPACK_STEPS = 60


@dataclass
class FleetParams:
    """Per-service parameter arrays (length S) and cluster scalars: the engine's whole input
    apart from the load."""

    names: list[str]
    min_replicas: np.ndarray  # int64 [S]
    max_replicas: np.ndarray  # int64 [S]
    metric_kind: np.ndarray  # int64 [S, MAX_METRICS]: -1 unused, 0 utilization, 1 average value, 2 CPU utilization
    metric_target: np.ndarray  # float64 [S, M]: integer percent (utilization) or average value per pod
    metric_base: np.ndarray  # float64 [S, M]: per-pod baseline usage
    metric_per_rps: np.ndarray  # float64 [S, M]: usage per request/s
    metric_request: np.ndarray  # float64 [S, M]: pod request (utilization metrics; CPU as whole millicores, MilliValue)
    tol_up: np.ndarray  # float64 [S]
    tol_down: np.ndarray  # float64 [S]
    up_window_steps: np.ndarray  # int64 [S]: past recommendations inside the scale-up window
    down_window_steps: np.ndarray  # int64 [S]
    up_select: np.ndarray  # int64 [S]: 0 Max, 1 Min, 2 Disabled
    down_select: np.ndarray
    up_pol: np.ndarray  # float64 [S, P, 3]: (type 0 Pods / 1 Percent / -1 unused, value, past steps counted)
    down_pol: np.ndarray
    startup_steps: np.ndarray  # int64 [S] >= 1
    pod_cpu_millicores: np.ndarray  # float64 [S] requests, for packing
    pod_memory_mib: np.ndarray  # float64 [S]
    pod_capacity_requests_per_s: np.ndarray  # float64 [S] at 100 % of requests
    steady_replicas_per_rps: np.ndarray  # float64 [S, M]: 1 / capacity at target per metric (0 unused)
    max_surge_frac: np.ndarray  # float64 [S]
    cpu_base_millicores: np.ndarray  # float64 [S]: idle CPU, for the reported CPU utilization
    cpu_per_rps_millicores: np.ndarray  # float64 [S]
    up_window_s: np.ndarray  # float64 [S]: stabilization windows in seconds (initial recommendation)
    down_window_s: np.ndarray  # float64 [S]
    metrics_lag_steps: np.ndarray = None  # int64 [S]: the HPA at step k sees the load of step max(0, k - lag)
    cpu_init_s: np.ndarray = None  # float64 [S]: --horizontal-pod-autoscaler-cpu-initialization-period
    legacy: np.ndarray = None  # int64 [S]: 1 = no spec.behavior (hpa.behavior none: normalizeDesiredReplicas)
    legacy_window_steps: np.ndarray = None  # int64 [S]: past recommendations inside the legacy window (legacy_steps)
    # cluster
    node_cpu_millicores: float = 0.0  # room for service pods (allocatable - DaemonSets)
    node_memory_mib: float = 0.0
    node_pod_slots: int = 0
    alloc_cpu_millicores: float = 0.0
    alloc_memory_mib: float = 0.0
    ds_cpu_millicores: float = 0.0
    ds_memory_mib: float = 0.0
    spare_nodes: int = 0
    min_nodes: int = 0
    max_nodes: int = 1000
    provisioning_steps: int = 12  # 0 = ready in the step requested
    step_s: int = 15  # the step the window lengths above were computed for
    scale_down_unneeded_s: int = 600
    scale_down_delay_after_add_s: int = 600
    scale_down_threshold_frac: float = 0.5
    scale_down_parallelism: int = 10
    cold_start: bool = False
    packing: int = PACK_EXACT
    # exact mode: nodes as slots (docs/model.md, Nodes and placement)
    zones: int = 1
    placement: int = 0  #: 0 spread, 1 packed
    spare_per_zone: bool = False  #: spare_nodes pause pods per zone (else per cluster)
    node_monitor_grace_s: float = 50.0
    eviction_toleration_s: float = 300.0
    eviction_rate_per_s: float = 0.1
    secondary_eviction_rate_per_s: float = 0.01
    large_cluster_size_threshold: int = 50
    unhealthy_zone_threshold_frac: float = 0.55
    scale_down_unready_s: int = 1200
    max_drain_parallelism: int = 1
    # start-up of new nodes and failed scale-ups (docs/model.md, Node start-up)
    pull_steps: np.ndarray = None  # int64 [S]: ceil(image_pull_s / step_s) on a node without the image
    max_node_provision_s: int = 900  #: --max-node-provision-time
    backoff_initial_s: int = 300  #: --initial-node-group-backoff-duration
    backoff_max_s: int = 1800  #: --max-node-group-backoff-duration
    backoff_reset_s: int = 10800  #: --node-group-backoff-reset-timeout

    def __post_init__(self) -> None:
        S = len(self.names)
        if self.pull_steps is None:
            self.pull_steps = np.zeros(S, np.int64)
        if self.metrics_lag_steps is None:  # fleet runs built by hand: the upstream defaults
            self.metrics_lag_steps = np.full(S, int(math.ceil(DEFAULT_METRICS_LAG_S / self.step_s)), np.int64)
        if self.cpu_init_s is None:
            self.cpu_init_s = np.full(S, float(DEFAULT_CPU_INITIALIZATION_PERIOD_S))
        if self.legacy is None:  # fleet runs built by hand: HPAs with behavior
            self.legacy = np.zeros(S, np.int64)
        if self.legacy_window_steps is None:
            self.legacy_window_steps = np.zeros(S, np.int64)

    @property
    def node_mode(self) -> bool:
        """Exact mode places whole pods on explicit nodes; incremental (fleet scale) keeps room as sums."""
        return self.packing == PACK_EXACT

    @property
    def pause_pods(self) -> int:
        """Pause pods of the overprovisioning Deployment: one per spare node (per zone when pinned)."""
        return self.spare_nodes * (self.zones if self.spare_per_zone else 1)

    @property
    def n_services(self) -> int:
        return len(self.names)


# --- the kernel's grouped inputs (numba takes named tuples of arrays and scalars) ----------------
class HpaArrays(NamedTuple):
    """Per-service HPA settings [S], [S, M] or [S, P, 3] (see :class:`FleetParams`)."""

    min_replicas: np.ndarray
    max_replicas: np.ndarray
    metric_kind: np.ndarray
    metric_target: np.ndarray
    metric_base: np.ndarray
    metric_per_rps: np.ndarray
    metric_request: np.ndarray
    tol_up: np.ndarray
    tol_down: np.ndarray
    up_window_steps: np.ndarray
    down_window_steps: np.ndarray
    up_select: np.ndarray
    down_select: np.ndarray
    up_pol: np.ndarray
    down_pol: np.ndarray
    up_window_s: np.ndarray
    down_window_s: np.ndarray
    cpu_base_millicores: np.ndarray
    cpu_per_rps_millicores: np.ndarray
    cpu_request_milli: np.ndarray  #: [S] CPU request in whole millicores (MilliValue), for the reported utilization
    metrics_lag_steps: np.ndarray
    cpu_init_s: np.ndarray
    legacy: np.ndarray  #: [S] 1 = no spec.behavior (the legacy path)
    legacy_window_steps: np.ndarray  #: [S] its window in past steps (:func:`legacy_steps`)


class PodArrays(NamedTuple):
    """Per-service pod settings [S]: start-up, requests, surge, and the FFD order of services."""

    startup_steps: np.ndarray
    cpu_millicores: np.ndarray
    memory_mib: np.ndarray
    max_surge_frac: np.ndarray
    ffd_order: np.ndarray
    pull_steps: np.ndarray  #: image pull on a node without the image [steps]


class ClusterScalars(NamedTuple):
    """The node pool and the autoscaler settings (scalars)."""

    node_cpu_millicores: float
    node_memory_mib: float
    node_pod_slots: int
    alloc_cpu_millicores: float
    alloc_memory_mib: float
    ds_cpu_millicores: float
    ds_memory_mib: float
    spare_nodes: int
    min_nodes: int
    max_nodes: int
    provisioning_steps: int
    step_s: int
    scale_down_unneeded_s: int
    scale_down_delay_after_add_s: int
    scale_down_threshold_frac: float
    scale_down_parallelism: int
    packing: int
    repack_drift_frac: float
    repack_steps: int
    node_mode: bool
    zones: int
    placement: int
    spare_per_zone: bool
    node_monitor_grace_s: float
    eviction_toleration_s: float
    eviction_rate_per_s: float
    secondary_eviction_rate_per_s: float
    large_cluster_size_threshold: int
    unhealthy_zone_threshold_frac: float
    scale_down_unready_s: int
    max_drain_parallelism: int
    max_node_provision_s: int
    backoff_initial_s: int
    backoff_max_s: int
    backoff_reset_s: int


def kernel_inputs(p: FleetParams, ffd_order: np.ndarray) -> tuple[HpaArrays, PodArrays, ClusterScalars]:
    """The three read-only records of the kernel."""
    hpa = HpaArrays(p.min_replicas, p.max_replicas, p.metric_kind, p.metric_target, p.metric_base, p.metric_per_rps,
                    p.metric_request, p.tol_up, p.tol_down, p.up_window_steps, p.down_window_steps, p.up_select,
                    p.down_select, p.up_pol, p.down_pol, p.up_window_s, p.down_window_s, p.cpu_base_millicores,
                    p.cpu_per_rps_millicores,
                    np.array([milli_value(v) for v in p.pod_cpu_millicores], np.float64),
                    np.asarray(p.metrics_lag_steps, np.int64), np.asarray(p.cpu_init_s, np.float64),
                    np.asarray(p.legacy, np.int64), np.asarray(p.legacy_window_steps, np.int64))
    pods = PodArrays(p.startup_steps, p.pod_cpu_millicores, p.pod_memory_mib, p.max_surge_frac, ffd_order,
                     np.asarray(p.pull_steps, np.int64))
    cl = ClusterScalars(float(p.node_cpu_millicores), float(p.node_memory_mib), int(p.node_pod_slots),
                        float(p.alloc_cpu_millicores), float(p.alloc_memory_mib), float(p.ds_cpu_millicores),
                        float(p.ds_memory_mib), int(p.spare_nodes), int(p.min_nodes), int(p.max_nodes),
                        int(p.provisioning_steps), int(p.step_s), int(p.scale_down_unneeded_s),
                        int(p.scale_down_delay_after_add_s), float(p.scale_down_threshold_frac),
                        int(p.scale_down_parallelism), int(p.packing), float(INCREMENTAL_REPACK_DRIFT_FRAC),
                        int(INCREMENTAL_REPACK_STEPS), bool(p.node_mode), int(p.zones), int(p.placement),
                        bool(p.spare_per_zone), float(p.node_monitor_grace_s), float(p.eviction_toleration_s),
                        float(p.eviction_rate_per_s), float(p.secondary_eviction_rate_per_s),
                        int(p.large_cluster_size_threshold), float(p.unhealthy_zone_threshold_frac),
                        int(p.scale_down_unready_s), int(p.max_drain_parallelism), int(p.max_node_provision_s),
                        int(p.backoff_initial_s), int(p.backoff_max_s), int(p.backoff_reset_s))
    return hpa, pods, cl


# --- from a scenario ---------------------------------------------------------------------------
def window_steps(window_s: int, step_s: int) -> int:
    """Past entries with ``(k - j) * step_s < window_s`` (upstream ``timestamp.After(now - window)``)."""
    return 0 if window_s <= 0 else int(math.ceil(window_s / step_s)) - 1


def legacy_steps(window_s: int, step_s: int) -> int:
    """Past entries with ``(k - j) * step_s <= window_s``: without behavior a recommendation counts
    unless it is ``Before(now - window)`` (horizontal.go ``stabilizeRecommendation``), so one exactly
    ``window_s`` old still does; the recommendation of the start counts while ``k <= legacy_steps``."""
    return window_s // step_s


def pod_capacity_requests_per_s(request: float, base: float, per_rps: float) -> float:
    """Load one pod serves at 100 % of its request [requests/s] (inf when a request costs nothing)."""
    if per_rps <= 0:
        return math.inf
    return (request - base) / per_rps


def _packing_mode(scenario: Scenario, n_services: int, n_steps: int) -> int:
    mode = scenario.simulation.packing
    if mode == "auto":
        return PACK_INCREMENTAL if n_services * n_steps > AUTO_INCREMENTAL_SERVICE_STEPS else PACK_EXACT
    return PACK_EXACT if mode == "exact" else PACK_INCREMENTAL


def _metric_arrays(scenario: Scenario) -> dict[str, np.ndarray]:
    """``metric_*`` and ``steady_replicas_per_rps`` [S, MAX_METRICS], metrics packed at the front."""
    S = len(scenario.services)
    out = {"metric_kind": np.full((S, MAX_METRICS), -1, np.int64), "metric_target": np.zeros((S, MAX_METRICS)),
           "metric_base": np.zeros((S, MAX_METRICS)), "metric_per_rps": np.zeros((S, MAX_METRICS)),
           "metric_request": np.zeros((S, MAX_METRICS)), "steady_replicas_per_rps": np.zeros((S, MAX_METRICS))}
    for i, s in enumerate(scenario.services):
        u, rq = s.usage, s.requests
        res = {"cpu": (rq.cpu_millicores, u.cpu_millicores_base, u.cpu_millicores_per_rps),
               "memory": (rq.memory_mib, u.memory_mib_base, u.memory_mib_per_rps)}
        avg = {"network_mbps": (0.0, u.network_mbps_per_rps), "disk_iops": (0.0, u.disk_iops_per_rps)}
        for j, m in enumerate(s.hpa.metrics):
            if m.name in UTILIZATION_METRICS:
                req, b, p = res[m.name]
                out["metric_kind"][i, j] = 2 if m.name == "cpu" else 0
                out["metric_target"][i, j] = round(100 * m.target_utilization_frac)
                per_ut = m.target_utilization_frac * req - b
                out["metric_request"][i, j] = milli_value(req) if m.name == "cpu" else req
            else:
                b, p = avg[m.name]
                out["metric_kind"][i, j] = 1
                out["metric_target"][i, j] = m.target_average_value
                per_ut = m.target_average_value - b
            out["metric_base"][i, j], out["metric_per_rps"][i, j] = b, p
            out["steady_replicas_per_rps"][i, j] = (p / per_ut) if (p > 0 and per_ut > 0) else 0.0
    return out


def _policy_arrays(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """``up_pol``, ``down_pol`` [S, P, 3]: (type 0 Pods / 1 Percent / -1 unused, value, past steps)."""
    svcs, step_s = scenario.services, scenario.simulation.step_s
    P = max(1, max(max(len(s.hpa.scale_up.policies), len(s.hpa.scale_down.policies)) for s in svcs))
    up_pol = np.full((len(svcs), P, 3), -1.0)
    down_pol = np.full((len(svcs), P, 3), -1.0)
    for i, s in enumerate(svcs):
        for pol_arr, rules in ((up_pol, s.hpa.scale_up), (down_pol, s.hpa.scale_down)):
            for j, pol in enumerate(rules.policies):
                pol_arr[i, j] = (0 if pol.type == "Pods" else 1, pol.value, window_steps(pol.period_s, step_s))
    return up_pol, down_pol


def _per_direction(svcs, side: str) -> np.ndarray:
    """Per-direction tolerance: the direction's own (KEP-4951) or the HPA's tolerance."""
    return np.array([getattr(s.hpa, side).tolerance_frac if getattr(s.hpa, side).tolerance_frac is not None
                     else s.hpa.tolerance_frac for s in svcs], float)


def params_from_scenario(scenario: Scenario, node_shape=None, n_steps: int | None = None) -> FleetParams:
    """Arrays for the kernel from a validated scenario (raises ScenarioError for impossible pods,
    by the rules of :func:`planner.scenario.tobe_problems`).

    ``n_steps``: the run's length when its load does not come from the scenario's profiles (fleet
    runs streaming their own load); ``packing: auto`` decides by it."""
    from planner.allocatable import node_shape as make_shape
    from planner.catalog import resolve_instance

    step_s = scenario.simulation.step_s
    svcs = scenario.services
    if node_shape is None:
        node_shape = make_shape(resolve_instance(scenario.cluster.node, "cluster.node"), scenario.cluster)
    problems = tobe_problems(scenario, node_type=scenario.cluster.node.instance_type,
                             pod_room_cpu_millicores=node_shape.pod_cpu_millicores,
                             pod_room_memory_mib=node_shape.pod_memory_mib)
    if problems:
        raise ScenarioError(problems)
    cap = np.array([min(pod_capacity_requests_per_s(s.requests.cpu_millicores, s.usage.cpu_millicores_base,
                                                    s.usage.cpu_millicores_per_rps),
                        pod_capacity_requests_per_s(s.requests.memory_mib, s.usage.memory_mib_base,
                                                    s.usage.memory_mib_per_rps)) for s in svcs])
    metrics = _metric_arrays(scenario)
    up_pol, down_pol = _policy_arrays(scenario)
    cl = scenario.cluster
    if n_steps is None:
        n_steps = scenario.horizon_hours * 3600 // step_s
    col = lambda f, dtype=float: np.array([f(s) for s in svcs], dtype)  # noqa: E731
    return FleetParams(
        names=[s.name for s in svcs],
        min_replicas=col(lambda s: s.hpa.min_replicas, np.int64),
        max_replicas=col(lambda s: s.hpa.max_replicas, np.int64),
        metric_kind=metrics["metric_kind"], metric_target=metrics["metric_target"],
        metric_base=metrics["metric_base"], metric_per_rps=metrics["metric_per_rps"],
        metric_request=metrics["metric_request"],
        tol_up=_per_direction(svcs, "scale_up"), tol_down=_per_direction(svcs, "scale_down"),
        up_window_steps=col(lambda s: window_steps(s.hpa.scale_up.stabilization_window_s, step_s), np.int64),
        down_window_steps=col(lambda s: window_steps(s.hpa.scale_down.stabilization_window_s, step_s), np.int64),
        up_select=col(lambda s: SELECT[s.hpa.scale_up.select_policy], np.int64),
        down_select=col(lambda s: SELECT[s.hpa.scale_down.select_policy], np.int64),
        up_pol=up_pol, down_pol=down_pol,
        startup_steps=col(lambda s: max(1, math.ceil(s.pod_startup_s / step_s)), np.int64),
        pod_cpu_millicores=col(lambda s: s.requests.cpu_millicores),
        pod_memory_mib=col(lambda s: s.requests.memory_mib),
        pod_capacity_requests_per_s=cap,
        steady_replicas_per_rps=metrics["steady_replicas_per_rps"],
        max_surge_frac=col(lambda s: s.max_surge_frac),
        cpu_base_millicores=col(lambda s: s.usage.cpu_millicores_base),
        cpu_per_rps_millicores=col(lambda s: s.usage.cpu_millicores_per_rps),
        up_window_s=col(lambda s: s.hpa.scale_up.stabilization_window_s),
        down_window_s=col(lambda s: s.hpa.scale_down.stabilization_window_s),
        metrics_lag_steps=col(lambda s: math.ceil(s.hpa.metrics_lag_s / step_s), np.int64),
        cpu_init_s=col(lambda s: s.hpa.cpu_initialization_period_s),
        legacy=col(lambda s: s.hpa.behavior == "none", np.int64),
        legacy_window_steps=col(lambda s: legacy_steps(s.hpa.downscale_stabilization_s, step_s), np.int64),
        node_cpu_millicores=node_shape.pod_cpu_millicores,
        node_memory_mib=node_shape.pod_memory_mib,
        node_pod_slots=node_shape.pod_slots,
        alloc_cpu_millicores=node_shape.allocatable_cpu_millicores,
        alloc_memory_mib=node_shape.allocatable_memory_mib,
        ds_cpu_millicores=cl.daemonset_cpu_millicores,
        ds_memory_mib=cl.daemonset_memory_mib,
        spare_nodes=cl.spare_nodes, min_nodes=cl.min_nodes, max_nodes=cl.max_nodes,
        provisioning_steps=int(math.ceil(cl.provisioning_delay_s / step_s)),
        step_s=step_s,
        scale_down_unneeded_s=cl.scale_down_unneeded_s,
        scale_down_delay_after_add_s=cl.scale_down_delay_after_add_s,
        scale_down_threshold_frac=cl.scale_down_utilization_threshold_frac,
        scale_down_parallelism=cl.max_scale_down_parallelism,
        cold_start=scenario.simulation.start == "cold",
        packing=_packing_mode(scenario, len(svcs), n_steps),
        zones=cl.zones, placement=0 if cl.placement == "spread" else 1, spare_per_zone=cl.spare_scope == "zone",
        node_monitor_grace_s=float(cl.node_monitor_grace_period_s),
        eviction_toleration_s=float(cl.pod_eviction_toleration_s), eviction_rate_per_s=cl.node_eviction_rate_per_s,
        secondary_eviction_rate_per_s=cl.secondary_node_eviction_rate_per_s,
        large_cluster_size_threshold=cl.large_cluster_size_threshold,
        unhealthy_zone_threshold_frac=cl.unhealthy_zone_threshold_frac,
        scale_down_unready_s=cl.scale_down_unready_s, max_drain_parallelism=cl.max_drain_parallelism,
        pull_steps=col(lambda s: math.ceil(s.image_pull_s / step_s), np.int64),
        max_node_provision_s=cl.max_node_provision_time_s, backoff_initial_s=cl.initial_node_group_backoff_s,
        backoff_max_s=cl.max_node_group_backoff_s, backoff_reset_s=cl.node_group_backoff_reset_s,
    )
