"""The fast simulation engine: HPA + pods + node autoscaler, step by step, compiled with numba.

Semantics are those of ``docs/model.md`` (the contract shared with the slow, obviously-correct
``planner.reference``); the tests compare both on randomized scenarios. The time loop is
sequential by nature (each HPA decision depends on the last), so it runs in one ``@njit`` kernel
over plain arrays: all services advance together in each step, and time is processed in chunks so
that a fleet-year never holds its per-step frames in memory.

Sources of the rules (kubernetes/kubernetes ``pkg/controller/podautoscaler/horizontal.go``,
``replica_calculator.go``; kubernetes/autoscaler ``cluster-autoscaler`` FAQ and
``estimator/binpacking_estimator.go``) are cited in ``docs/model.md`` rule by rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from numba import njit, prange

from planner.packing import ffd_nodes_ordered, ffd_order_py
from planner.scenario import AVERAGE_VALUE_METRICS, UTILIZATION_METRICS, Scenario, ScenarioError

# Reason codes: index into planner.hpa.REASONS (same order, checked by a test).
R_STEADY, R_SCALED_UP, R_SCALED_DOWN, R_WITHIN_TOL, R_NO_READY, R_AWAITING = 0, 1, 2, 3, 4, 5
R_UP_STAB, R_DOWN_STAB, R_UP_LIMIT, R_DOWN_LIMIT, R_TOO_MANY, R_TOO_FEW = 6, 7, 8, 9, 10, 11
HPA_REASONS = ("Steady", "ScaledUp", "ScaledDown", "WithinTolerance", "NoReadyPods", "AwaitingReadyPods",
               "ScaleUpStabilized", "ScaleDownStabilized", "ScaleUpLimit", "ScaleDownLimit",
               "TooManyReplicas", "TooFewReplicas")
NODE_REASONS = ("Steady", "ScaleUp", "ScaleDown", "Provisioning", "ScaleDownDelayAfterAdd", "ScaleDownUnneededWait",
                "MaxNodesReached")
N_STEADY, N_UP, N_DOWN, N_PROV, N_DELAY_ADD, N_UNNEEDED_WAIT, N_MAX = 0, 1, 2, 3, 4, 5, 6

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
    apart from the load. Built from a :class:`Scenario` by :func:`params_from_scenario`, or
    directly for fleet-scale runs (see ``planner.bench``)."""

    names: list[str]
    min_replicas: np.ndarray  # int64 [S]
    max_replicas: np.ndarray  # int64 [S]
    metric_kind: np.ndarray  # int64 [S, MAX_METRICS]: -1 unused, 0 utilization, 1 average value
    metric_target: np.ndarray  # float64 [S, M]: integer percent (utilization) or average value per pod
    metric_base: np.ndarray  # float64 [S, M]: per-pod baseline usage
    metric_per_rps: np.ndarray  # float64 [S, M]: usage per request/s
    metric_request: np.ndarray  # float64 [S, M]: pod request (utilization metrics)
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

    @property
    def n_services(self) -> int:
        return len(self.names)


def _window_steps(window_s: int, step_s: int) -> int:
    """Past entries with ``(k - j) * step_s < window_s`` (upstream ``timestamp.After(now - window)``)."""
    return 0 if window_s <= 0 else int(math.ceil(window_s / step_s)) - 1


def _pod_capacity(req: float, base: float, per_rps: float) -> float:
    if per_rps <= 0:
        return math.inf
    return (req - base) / per_rps


def params_from_scenario(scenario: Scenario, node_shape=None, n_steps: int | None = None) -> FleetParams:
    """Arrays for the kernel from a validated scenario (raises ScenarioError for impossible pods).

    ``n_steps``: the run's length when its load does not come from the scenario's profiles (fleet
    runs streaming their own load); ``packing: auto`` decides by it."""
    from planner.allocatable import node_shape as make_shape
    from planner.catalog import resolve_instance

    step_s = scenario.simulation.step_s
    svcs = scenario.services
    S = len(svcs)
    P = max(1, max(max(len(s.hpa.scale_up.policies), len(s.hpa.scale_down.policies)) for s in svcs))
    if node_shape is None:
        node_shape = make_shape(resolve_instance(scenario.cluster.node, "cluster.node"), scenario.cluster)
    problems: list[tuple[str, str]] = []
    if node_shape.pod_cpu_millicores <= 0 or node_shape.pod_memory_mib <= 0:
        problems.append(("cluster.node", f"DaemonSets leave no room on a {scenario.cluster.node.instance_type} node "
                         f"(room {node_shape.pod_cpu_millicores:.0f} millicores, {node_shape.pod_memory_mib:.0f} MiB)"))
    kind = np.full((S, MAX_METRICS), -1, np.int64)
    target = np.zeros((S, MAX_METRICS))
    base = np.zeros((S, MAX_METRICS))
    per_rps = np.zeros((S, MAX_METRICS))
    request = np.zeros((S, MAX_METRICS))
    steady = np.zeros((S, MAX_METRICS))
    up_pol = np.full((S, P, 3), -1.0)
    down_pol = np.full((S, P, 3), -1.0)
    cap = np.zeros(S)
    for i, s in enumerate(svcs):
        u, rq = s.usage, s.requests
        res = {"cpu": (rq.cpu_millicores, u.cpu_millicores_base, u.cpu_millicores_per_rps),
               "memory": (rq.memory_mib, u.memory_mib_base, u.memory_mib_per_rps)}
        avg = {"network_mbps": (0.0, u.network_mbps_per_rps), "disk_iops": (0.0, u.disk_iops_per_rps)}
        c = min(_pod_capacity(*res["cpu"]), _pod_capacity(*res["memory"]))
        for r, (req, b, _) in res.items():
            if req <= b:
                problems.append((f"services[{i}].requests.{r}_{'millicores' if r == 'cpu' else 'mib'}",
                                 f"request {req:g} does not exceed the idle usage {b:g}: the pod could serve no load"))
        if math.isinf(c):
            problems.append((f"services[{i}].usage", "cpu_millicores_per_rps and memory_mib_per_rps are both 0: "
                             "a pod's capacity would be unlimited; give the CPU or memory cost of a request"))
        cap[i] = c
        if rq.cpu_millicores > node_shape.pod_cpu_millicores or rq.memory_mib > node_shape.pod_memory_mib:
            problems.append((f"services[{i}].requests",
                             f"pod requests ({rq.cpu_millicores:g} millicores, {rq.memory_mib:g} MiB) exceed a node's room for "
                             f"pods ({node_shape.pod_cpu_millicores:.0f} millicores, {node_shape.pod_memory_mib:.0f} MiB "
                             f"after reserved and DaemonSets): unschedulable; choose a larger node type or smaller requests"))
        for j, m in enumerate(s.hpa.metrics):
            if m.name in UTILIZATION_METRICS:
                req, b, p = res[m.name]
                kind[i, j] = 0
                target[i, j] = round(100 * m.target_utilization_frac)
                per_ut = m.target_utilization_frac * req - b
                if per_ut <= 0 and p > 0:
                    problems.append((f"services[{i}].hpa.metrics[{j}]", f"target {m.target_utilization_frac:g} of the "
                                     f"{m.name} request is at or below the idle usage: the HPA would always scale to max"))
                request[i, j] = req
            else:
                b, p = avg[m.name]
                kind[i, j] = 1
                target[i, j] = m.target_average_value
                per_ut = m.target_average_value - b
            base[i, j], per_rps[i, j] = b, p
            steady[i, j] = (p / per_ut) if (p > 0 and per_ut > 0) else 0.0
        for pol_arr, rules in ((up_pol, s.hpa.scale_up), (down_pol, s.hpa.scale_down)):
            for j, pol in enumerate(rules.policies):
                pol_arr[i, j] = (0 if pol.type == "Pods" else 1, pol.value, _window_steps(pol.period_s, step_s))
    if problems:
        raise ScenarioError(problems)
    cl = scenario.cluster
    tol = np.array([s.hpa.tolerance_frac for s in svcs], float)
    S_packing = scenario.simulation.packing
    if n_steps is None:
        n_steps = scenario.horizon_hours * 3600 // step_s
    if S_packing == "auto":
        packing = PACK_INCREMENTAL if S * n_steps > AUTO_INCREMENTAL_SERVICE_STEPS else PACK_EXACT
    else:
        packing = PACK_EXACT if S_packing == "exact" else PACK_INCREMENTAL
    return FleetParams(
        names=[s.name for s in svcs],
        min_replicas=np.array([s.hpa.min_replicas for s in svcs], np.int64),
        max_replicas=np.array([s.hpa.max_replicas for s in svcs], np.int64),
        metric_kind=kind, metric_target=target, metric_base=base, metric_per_rps=per_rps, metric_request=request,
        tol_up=np.array([s.hpa.scale_up.tolerance_frac if s.hpa.scale_up.tolerance_frac is not None else t
                         for s, t in zip(svcs, tol)], float),
        tol_down=np.array([s.hpa.scale_down.tolerance_frac if s.hpa.scale_down.tolerance_frac is not None else t
                           for s, t in zip(svcs, tol)], float),
        up_window_steps=np.array([_window_steps(s.hpa.scale_up.stabilization_window_s, step_s) for s in svcs], np.int64),
        down_window_steps=np.array([_window_steps(s.hpa.scale_down.stabilization_window_s, step_s) for s in svcs], np.int64),
        up_select=np.array([SELECT[s.hpa.scale_up.select_policy] for s in svcs], np.int64),
        down_select=np.array([SELECT[s.hpa.scale_down.select_policy] for s in svcs], np.int64),
        up_pol=up_pol, down_pol=down_pol,
        startup_steps=np.array([max(1, math.ceil(s.pod_startup_s / step_s)) for s in svcs], np.int64),
        pod_cpu_millicores=np.array([s.requests.cpu_millicores for s in svcs], float),
        pod_memory_mib=np.array([s.requests.memory_mib for s in svcs], float),
        pod_capacity_requests_per_s=cap,
        steady_replicas_per_rps=steady,
        max_surge_frac=np.array([s.max_surge_frac for s in svcs], float),
        cpu_base_millicores=np.array([s.usage.cpu_millicores_base for s in svcs], float),
        cpu_per_rps_millicores=np.array([s.usage.cpu_millicores_per_rps for s in svcs], float),
        up_window_s=np.array([s.hpa.scale_up.stabilization_window_s for s in svcs], float),
        down_window_s=np.array([s.hpa.scale_down.stabilization_window_s for s in svcs], float),
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
        packing=packing,
    )


# --- numba kernels ---------------------------------------------------------------------------
def _run_chunk_impl(k0, load, surge_active, has_deploys,
               p_min, p_max, m_kind, m_target, m_base, m_rps, m_req, tol_up, tol_down,
               up_win, down_win, up_sel, down_sel, up_pol, down_pol, startup, pod_cpu, pod_mem, surge_frac,
               cpu_base, cpu_rps, up_window_s, down_window_s, init_rec, step_s, unneeded_s, delay_add_s,
               node_cpu, node_mem, node_slots, alloc_cpu, alloc_mem, ds_cpu, ds_mem, spare, min_nodes, max_nodes,
               prov_steps, thr, parallel, packing, repack_drift, repack_steps, order,
               # state (mutated)
               spec, ready, pending, start_ring, surge_pend, surge_sched, rec_hist, ev_up, ev_down,
               prov_ring, excess_ring, cl_state, scratch_cpu, scratch_mem, scratch_slots, last_counts,
               # outputs
               o_desired, o_raw, o_ready, o_pending, o_surge, o_reason, o_util,
               o_needed, o_requested, o_nready, o_nreason, o_req_cpu, o_req_mem):
    """Advance every service and the node pool over ``load.shape[0]`` steps starting at global step ``k0``.

    ``cl_state`` (int64[8]): nodes_ready, nodes_requested, last_scale_up_step, excess history length,
    last packed count, and for incremental packing the lower bound, node count and step of the last
    exact pack."""
    nk, S = load.shape
    D = start_ring.shape[1]
    PW = prov_ring.shape[0]
    XW = excess_ring.shape[0]
    counts = np.empty(S, np.int64)
    HW = rec_hist.shape[1]
    EW = ev_up.shape[1]
    hsl = np.empty(HW, np.int64)
    esl = np.empty(EW, np.int64)
    for kk in range(nk):
        k = k0 + kk
        # ring slots of this step and the steps before it, once for all services
        for d in range(HW):
            hsl[d] = (k - d) % HW if k - d >= 0 else -1
        for d in range(EW):
            esl[d] = (k - d) % EW if k - d >= 0 else -1
        sD = k % D
        # 1. nodes ready
        slot = k % PW
        cl_state[0] += prov_ring[slot]
        prov_ring[slot] = 0
        # 2. pods ready; reset this step's history slots
        h0 = hsl[0]
        e0 = esl[0]
        # 3-5. HPA, apply, surge; sums for packing and scale-down in the same pass
        n_changed = 0
        lb_c = 0.0
        lb_m = 0.0
        lb_p = 0
        sc_c = 0.0
        sc_m = 0.0
        n_pending = 0
        # services are independent within this phase: prange runs it on all cores in the parallel
        # build of this kernel (sums are reductions), and is a plain range in the serial one
        for s in prange(S):
            ready[s] += start_ring[s, sD]
            start_ring[s, sD] = 0
            rec_hist[s, h0] = -1
            ev_up[s, e0] = 0
            ev_down[s, e0] = 0
            x = load[kk, s]
            sp = spec[s]
            R = ready[s]
            pmin_s = p_min[s]
            pmax_s = p_max[s]
            tolu = tol_up[s]
            told = tol_down[s]
            # --- HPA sync (docs/model.md HPA 1-6; horizontal.go reconcileAutoscaler) ---
            U = sp - R
            # the CPU utilization the HPA would see, reported whatever the metrics are
            util = math.floor(100.0 * (R * cpu_base[s] + cpu_rps[s] * x) / (R * pod_cpu[s]) + 1e-9) if R > 0 else -1.0
            if sp > pmax_s:
                ev_down[s, esl[0]] += sp - pmax_s
                desired, raw, reason = pmax_s, pmax_s, R_TOO_MANY
            elif sp < pmin_s:
                ev_up[s, esl[0]] += pmin_s - sp
                desired, raw, reason = pmin_s, pmin_s, R_TOO_FEW
            elif R <= 0:
                # no ready pod, no metrics: upstream errors out and skips the sync
                desired, raw, reason = sp, sp, R_NO_READY
            else:
                proposal = -1
                held_reason = -1
                lo = 1.0 - told
                hi = 1.0 + tolu
                for j in range(MAX_METRICS):
                    kind = m_kind[s, j]
                    if kind < 0:
                        break  # metrics are packed at the front
                    total_usage = R * m_base[s, j] + m_rps[s, j] * x
                    if kind == 0:
                        pct = math.floor(100.0 * total_usage / (R * m_req[s, j]) + 1e-9)
                        ratio = pct / m_target[s, j]
                    else:
                        ratio = (total_usage / R) / m_target[s, j]
                    if U > 0 and ratio > 1.0:
                        # unready pods count with zero usage on a scale-up (replica_calculator.go)
                        n_all = R + U
                        if kind == 0:
                            new_ratio = math.floor(100.0 * total_usage / (n_all * m_req[s, j]) + 1e-9) / m_target[s, j]
                        else:
                            new_ratio = (total_usage / n_all) / m_target[s, j]
                        if (lo <= new_ratio <= hi) or new_ratio < 1.0:
                            p = sp
                            hr = R_AWAITING
                        else:
                            p = int(math.ceil(new_ratio * n_all))
                            hr = -1
                            if p < sp:
                                p = sp
                                hr = R_AWAITING
                    else:
                        if lo <= ratio <= hi:
                            p = sp
                            hr = R_WITHIN_TOL
                        else:
                            p = int(math.ceil(ratio * R))
                            hr = -1
                    if p > proposal:
                        proposal = p
                        held_reason = hr
                    elif p == proposal and hr == R_AWAITING:
                        held_reason = hr
                # stabilization (stabilizeRecommendationWithBehaviors)
                up_rec = proposal
                down_rec = proposal
                nmax = up_win[s] if up_win[s] > down_win[s] else down_win[s]
                for d in range(1, nmax + 1):
                    if hsl[d] < 0:
                        break
                    v = rec_hist[s, hsl[d]]
                    if v < 0:
                        continue
                    if d <= up_win[s] and v < up_rec:
                        up_rec = v
                    if d <= down_win[s] and v > down_rec:
                        down_rec = v
                # the recommendation recorded when the HPA was first seen (recordInitialRecommendation)
                if k * step_s < up_window_s[s] and init_rec[s] < up_rec:
                    up_rec = init_rec[s]
                if k * step_s < down_window_s[s] and init_rec[s] > down_rec:
                    down_rec = init_rec[s]
                stab = sp
                if stab < up_rec:
                    stab = up_rec
                if stab > down_rec:
                    stab = down_rec
                rec_hist[s, hsl[0]] = proposal
                desired = stab
                bound_reason = -1
                if stab > sp:
                    # calculateScaleUpLimitWithScalingRules
                    if up_sel[s] == 2:
                        limit = sp
                    else:
                        limit = -(1 << 62) if up_sel[s] == 0 else (1 << 62)
                        for q in range(up_pol.shape[1]):
                            if up_pol[s, q, 0] < 0:
                                continue
                            added = 0
                            deleted = 0
                            for d in range(1, int(up_pol[s, q, 2]) + 1):
                                if esl[d] < 0:
                                    break
                                added += ev_up[s, esl[d]]
                                deleted += ev_down[s, esl[d]]
                            start = sp - added + deleted
                            if up_pol[s, q, 0] == 0:
                                prop = start + int(up_pol[s, q, 1])
                            else:
                                prop = int(math.ceil(float(start) * (1.0 + up_pol[s, q, 1] / 100.0)))
                            if up_sel[s] == 0:
                                if prop > limit:
                                    limit = prop
                            else:
                                if prop < limit:
                                    limit = prop
                    if limit < sp:
                        limit = sp
                    if pmax_s > limit:
                        allowed = limit
                        rr = R_UP_LIMIT
                    else:
                        allowed = pmax_s
                        rr = R_TOO_MANY
                    if stab > allowed:
                        desired = allowed
                        bound_reason = rr
                elif stab < sp:
                    if down_sel[s] == 2:
                        limit = sp
                    else:
                        limit = (1 << 62) if down_sel[s] == 0 else -(1 << 62)
                        for q in range(down_pol.shape[1]):
                            if down_pol[s, q, 0] < 0:
                                continue
                            added = 0
                            deleted = 0
                            for d in range(1, int(down_pol[s, q, 2]) + 1):
                                if esl[d] < 0:
                                    break
                                added += ev_up[s, esl[d]]
                                deleted += ev_down[s, esl[d]]
                            start = sp - added + deleted
                            if down_pol[s, q, 0] == 0:
                                prop = start - int(down_pol[s, q, 1])
                            else:
                                prop = int(float(start) * (1.0 - down_pol[s, q, 1] / 100.0))
                            if down_sel[s] == 0:
                                if prop < limit:
                                    limit = prop
                            else:
                                if prop > limit:
                                    limit = prop
                    if limit > sp:
                        limit = sp
                    if pmin_s < limit:
                        allowed = limit
                        rr = R_DOWN_LIMIT
                    else:
                        allowed = pmin_s
                        rr = R_TOO_FEW
                    if stab < allowed:
                        desired = allowed
                        bound_reason = rr
                if desired > sp:
                    ev_up[s, esl[0]] += desired - sp
                elif desired < sp:
                    ev_down[s, esl[0]] += sp - desired
                if bound_reason >= 0:
                    reason = bound_reason
                elif stab < proposal:
                    reason = R_UP_STAB
                elif stab > proposal:
                    reason = R_DOWN_STAB
                elif held_reason >= 0:
                    reason = held_reason
                elif desired > sp:
                    reason = R_SCALED_UP
                elif desired < sp:
                    reason = R_SCALED_DOWN
                else:
                    reason = R_STEADY
                raw = proposal
            if desired > spec[s]:
                pending[s] += desired - spec[s]
            elif desired < spec[s]:
                rem = spec[s] - desired
                take = rem if rem < pending[s] else pending[s]
                pending[s] -= take
                rem -= take
                d = startup[s]
                while rem > 0 and d >= 1:
                    sl = sD + d
                    if sl >= D:
                        sl -= D
                    take = rem if rem < start_ring[s, sl] else start_ring[s, sl]
                    start_ring[s, sl] -= take
                    rem -= take
                    d -= 1
                if rem > 0:
                    ready[s] -= rem
            spec[s] = desired
            st = 0
            if has_deploys and surge_active[kk, s]:
                st = int(math.ceil(surge_frac[s] * desired - 1e-9))
            cur = surge_pend[s] + surge_sched[s]
            if st < cur:
                rem = cur - st
                take = rem if rem < surge_pend[s] else surge_pend[s]
                surge_pend[s] -= take
                surge_sched[s] -= rem - take
            elif st > cur:
                surge_pend[s] += st - cur
            c_s = desired + st
            counts[s] = c_s
            if c_s != last_counts[s]:
                n_changed += 1
                last_counts[s] = c_s
            lb_c += c_s * pod_cpu[s]
            lb_m += c_s * pod_mem[s]
            lb_p += c_s
            sched = desired - pending[s] + surge_sched[s]
            sc_c += sched * pod_cpu[s]
            sc_m += sched * pod_mem[s]
            if pending[s] > 0 or surge_pend[s] > 0:
                n_pending += 1
            o_desired[kk, s] = desired
            o_raw[kk, s] = raw
            o_reason[kk, s] = reason
            o_util[kk, s] = util / 100.0 if util >= 0 else np.nan
            o_ready[kk, s] = ready[s]
            o_surge[kk, s] = st
        # 6. node autoscaler
        changed = n_changed > 0
        any_pending = n_pending > 0
        if changed or cl_state[4] < 0:
            if packing == 0:
                packed = ffd_nodes_ordered(counts, pod_cpu, pod_mem, node_cpu, node_mem, node_slots, order,
                                   scratch_cpu, scratch_mem, scratch_slots)
            else:
                lb = int(math.ceil(lb_c / node_cpu - 1e-9))
                v = int(math.ceil(lb_m / node_mem - 1e-9))
                if v > lb:
                    lb = v
                v = (lb_p + node_slots - 1) // node_slots
                if v > lb:
                    lb = v
                # exact FFD when the lower bound drifted or the last exact pack is stale; otherwise
                # scale the last exact result by the lower bound (see docs/model.md, packing modes)
                if (cl_state[5] <= 0 or cl_state[6] <= 0 or abs(lb - cl_state[5]) > repack_drift * cl_state[5]
                        or k - cl_state[7] >= repack_steps):
                    packed = ffd_nodes_ordered(counts, pod_cpu, pod_mem, node_cpu, node_mem, node_slots, order,
                                       scratch_cpu, scratch_mem, scratch_slots)
                    cl_state[5] = lb
                    cl_state[6] = packed
                    cl_state[7] = k
                else:
                    packed = int(math.ceil(lb * (cl_state[6] / cl_state[5]) - 1e-9))
                    if packed < lb:
                        packed = lb
            cl_state[4] = packed
        packed = cl_state[4]
        needed = packed + spare
        if needed < min_nodes:
            needed = min_nodes
        if needed > max_nodes:
            needed = max_nodes
        nreason = N_STEADY
        if needed > cl_state[1]:
            add = needed - cl_state[1]
            cl_state[1] += add
            cl_state[2] = k
            if prov_steps <= 0:
                cl_state[0] += add
            else:
                prov_ring[(k + prov_steps) % PW] += add
            nreason = N_UP  # no scale-down evaluation in a scale-up loop; unneeded timers carry on
        else:
            tc = cl_state[0] * ds_cpu + sc_c
            tm = cl_state[0] * ds_mem + sc_m
            u = tc / alloc_cpu
            if tm / alloc_mem > u:
                u = tm / alloc_mem
            keep = int(math.floor(u / thr + 1e-9))
            if keep < needed:
                keep = needed
            excess = cl_state[0] - keep
            if excess < 0:
                excess = 0
            n = cl_state[3]
            excess_ring[n % XW, 0] = k
            excess_ring[n % XW, 1] = excess
            n += 1
            cl_state[3] = n
            if excess > 0:
                # the j-th excess node is removable when excess >= j at every evaluation since one made
                # strictly more than scale_down_unneeded_s ago (unneededSince.Add(unneededTime).Before(now))
                mn = excess
                found = -1
                for i in range(min(n, XW)):
                    idx = (n - 1 - i) % XW
                    v = excess_ring[idx, 1]
                    if v < mn:
                        mn = v
                    if (k - excess_ring[idx, 0]) * step_s > unneeded_s:
                        found = i
                        break
                if (k - cl_state[2]) * step_s < delay_add_s:
                    nreason = N_DELAY_ADD
                elif found < 0 or mn <= 0:
                    nreason = N_UNNEEDED_WAIT
                else:
                    r = mn if mn < parallel else parallel
                    cl_state[0] -= r
                    cl_state[1] -= r
                    for i in range(found + 1):  # the nodes left keep their unneeded timers
                        idx = (n - 1 - i) % XW
                        v = excess_ring[idx, 1] - r
                        excess_ring[idx, 1] = v if v > 0 else 0
                    nreason = N_DOWN
            elif cl_state[1] > cl_state[0]:
                nreason = N_PROV
        if nreason == N_STEADY and needed == max_nodes and packed + spare > max_nodes:
            nreason = N_MAX
        # 7. scheduling
        nready = cl_state[0]
        if any_pending:
            if packed <= nready:
                for s in range(S):
                    if pending[s] > 0:
                        sl = sD + startup[s]
                        start_ring[s, sl - D if sl >= D else sl] += pending[s]
                        pending[s] = 0
                    surge_sched[s] += surge_pend[s]
                    surge_pend[s] = 0
            else:
                fc = nready * node_cpu
                fm = nready * node_mem
                fp = nready * node_slots
                for s in range(S):
                    sched = spec[s] - pending[s] + surge_sched[s]
                    fc -= sched * pod_cpu[s]
                    fm -= sched * pod_mem[s]
                    fp -= sched
                for phase in range(2):
                    for oi in range(S):
                        s = order[oi]
                        want = pending[s] if phase == 0 else surge_pend[s]
                        if want <= 0:
                            continue
                        n = want
                        if fp < n:
                            n = fp
                        v = int(fc / pod_cpu[s] + 1e-9) if pod_cpu[s] > 0 else n
                        if v < n:
                            n = v
                        v = int(fm / pod_mem[s] + 1e-9) if pod_mem[s] > 0 else n
                        if v < n:
                            n = v
                        if n <= 0:
                            continue
                        fc -= n * pod_cpu[s]
                        fm -= n * pod_mem[s]
                        fp -= n
                        if phase == 0:
                            pending[s] -= n
                            sl = sD + startup[s]
                            start_ring[s, sl - D if sl >= D else sl] += n
                        else:
                            surge_pend[s] -= n
                            surge_sched[s] += n
        # 8. outputs
        tc = nready * ds_cpu
        tm = nready * ds_mem
        if any_pending:
            for s in range(S):
                o_pending[kk, s] = pending[s]
                sched = spec[s] - pending[s] + surge_sched[s]
                tc += sched * pod_cpu[s]
                tm += sched * pod_mem[s]
        else:
            o_pending[kk, :] = 0
            tc += sc_c
            tm += sc_m
        o_needed[kk] = needed
        o_requested[kk] = cl_state[1]
        o_nready[kk] = nready
        o_nreason[kk] = nreason
        o_req_cpu[kk] = tc / (nready * alloc_cpu) if nready > 0 else np.nan
        o_req_mem[kk] = tm / (nready * alloc_mem) if nready > 0 else np.nan


def _named_copy(func, name: str):
    """The same function under another qualified name: numba's on-disk cache is keyed by the
    qualified name, so the serial and the parallel build of one body need different names."""
    import types

    g = types.FunctionType(func.__code__, func.__globals__, name, func.__defaults__, func.__closure__)
    g.__qualname__ = name
    return g


_run_chunk = njit(cache=True, nogil=True)(_named_copy(_run_chunk_impl, "_run_chunk"))
_run_chunk_parallel = njit(cache=True, nogil=True, parallel=True)(_named_copy(_run_chunk_impl, "_run_chunk_parallel"))
#: fleets at least this large use the parallel build (a parallel region costs ~1-2 us per step)
PARALLEL_MIN_SERVICES = 200


def parallel_available() -> bool:
    """True when numba has a fast threading layer (OpenMP via libgomp, or TBB); its fallback
    'workqueue' layer costs ~85 us per parallel region, slower than the serial kernel."""
    global _PARALLEL_OK
    if _PARALLEL_OK is None:
        import os

        _PARALLEL_OK = False
        if os.environ.get("PLANNER_SERIAL") != "1" and os.cpu_count() and os.cpu_count() > 1:
            for mod in ("omppool", "tbbpool"):
                try:
                    __import__(f"numba.np.ufunc.{mod}")
                except ImportError:
                    continue
                _PARALLEL_OK = True
                break
    return _PARALLEL_OK


_PARALLEL_OK: bool | None = None


def uses_parallel_kernel(n_services: int) -> bool:
    """Whether a run of ``n_services`` takes the parallel build of the kernel."""
    return n_services >= PARALLEL_MIN_SERVICES and parallel_available()


# --- Python driver ---------------------------------------------------------------------------
STEP_ARRAYS = ("desired_replicas", "raw_recommendation", "ready_pods", "pending_pods", "surge_pods",
               "hpa_reason_code", "cpu_utilization_frac")
CLUSTER_ARRAYS = ("nodes_needed", "nodes_requested", "nodes_ready", "node_reason_code",
                  "requested_cpu_frac", "requested_memory_frac")


@dataclass
class EngineState:
    """Everything the kernel carries from one chunk to the next."""

    spec: np.ndarray
    ready: np.ndarray
    pending: np.ndarray
    start_ring: np.ndarray
    surge_pend: np.ndarray
    surge_sched: np.ndarray
    rec_hist: np.ndarray
    ev_up: np.ndarray
    ev_down: np.ndarray
    prov_ring: np.ndarray
    excess_ring: np.ndarray  #: [n, 2] (step, excess) of the latest scale-down evaluations
    cl_state: np.ndarray
    scratch: tuple[np.ndarray, np.ndarray, np.ndarray]
    last_counts: np.ndarray
    order: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    init_rec: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  #: replicas when the HPA was first seen


def ffd_order(p: FleetParams) -> np.ndarray:
    """Groups by decreasing ``cpu/node_cpu + mem/node_mem`` (decreasing_pod_orderer.go); ties by index."""
    return np.asarray(ffd_order_py(p.pod_cpu_millicores, p.pod_memory_mib, p.node_cpu_millicores,
                                   p.node_memory_mib), np.int64)


def packed_nodes(p: FleetParams, counts: np.ndarray, order: np.ndarray | None = None) -> int:
    """Exact FFD node count for ``counts`` pods per service (no spare nodes)."""
    counts = np.asarray(counts, np.int64)
    order = ffd_order(p) if order is None else order
    cap = int(counts.sum()) + 1
    n = ffd_nodes_ordered(counts, p.pod_cpu_millicores, p.pod_memory_mib, p.node_cpu_millicores, p.node_memory_mib,
                  p.node_pod_slots, order, np.empty(cap), np.empty(cap), np.empty(cap, np.int64))
    if n < 0:
        raise ScenarioError([("services", "a pod does not fit on an empty node (unschedulable)")])
    return n


def steady_replicas(p: FleetParams, load0: np.ndarray) -> np.ndarray:
    """``ceil(load / capacity at target)`` per metric, max over metrics, clamped to [min, max]."""
    need = np.ceil(np.asarray(load0, float)[:, None] * p.steady_replicas_per_rps - 1e-9).max(axis=1)
    return np.clip(need.astype(np.int64), p.min_replicas, p.max_replicas)


def initial_state(p: FleetParams, load0: np.ndarray, max_nodes_hint: int | None = None) -> EngineState:
    S = p.n_services
    spec = p.min_replicas.copy() if p.cold_start else steady_replicas(p, load0)
    order = ffd_order(p)
    hw = int(max(p.up_window_steps.max(initial=0), p.down_window_steps.max(initial=0))) + 1
    ew = int(max(p.up_pol[:, :, 2].max(initial=0), p.down_pol[:, :, 2].max(initial=0), 0)) + 1
    D = int(p.startup_steps.max(initial=1)) + 1
    packed = packed_nodes(p, spec, order)
    nodes = min(p.max_nodes, max(p.min_nodes, packed + p.spare_nodes))
    cl = np.zeros(8, np.int64)
    cl[0] = cl[1] = nodes
    cl[2] = -(10 ** 9)  # no scale-up yet
    cl[4] = -1
    scratch_n = max_nodes_hint or int(p.max_replicas.sum() * (1 + p.max_surge_frac.max(initial=0)) + 2)
    return EngineState(
        spec=spec, ready=spec.copy(), pending=np.zeros(S, np.int64),
        start_ring=np.zeros((S, D), np.int64), surge_pend=np.zeros(S, np.int64), surge_sched=np.zeros(S, np.int64),
        rec_hist=np.full((S, hw), -1, np.int64), ev_up=np.zeros((S, ew), np.int64), ev_down=np.zeros((S, ew), np.int64),
        prov_ring=np.zeros(max(1, p.provisioning_steps) + 1, np.int64),
        excess_ring=np.zeros((p.scale_down_unneeded_s // p.step_s + 3, 2), np.int64), cl_state=cl,
        init_rec=spec.copy(),
        scratch=(np.empty(scratch_n + 1), np.empty(scratch_n + 1), np.empty(scratch_n + 1, np.int64)),
        last_counts=np.full(S, -1, np.int64), order=order)


def chunk_buffers(nk: int, S: int) -> dict[str, np.ndarray]:
    """Per-step output arrays for a chunk of ``nk`` steps (reusable from chunk to chunk)."""
    return {
        "desired_replicas": np.empty((nk, S), np.int32), "raw_recommendation": np.empty((nk, S), np.int32),
        "ready_pods": np.empty((nk, S), np.int32), "pending_pods": np.empty((nk, S), np.int32),
        "surge_pods": np.empty((nk, S), np.int32), "hpa_reason_code": np.empty((nk, S), np.int8),
        "cpu_utilization_frac": np.empty((nk, S), np.float64),
        "nodes_needed": np.empty(nk, np.int32), "nodes_requested": np.empty(nk, np.int32),
        "nodes_ready": np.empty(nk, np.int32), "node_reason_code": np.empty(nk, np.int8),
        "requested_cpu_frac": np.empty(nk, np.float64), "requested_memory_frac": np.empty(nk, np.float64),
    }


def run_chunk(p: FleetParams, st: EngineState, k0: int, load: np.ndarray,
              surge_active: np.ndarray | None, out: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Run ``load.shape[0]`` steps from global step ``k0``; returns the per-step arrays of the chunk
    (written into ``out`` when given, e.g. buffers from :func:`chunk_buffers` reused across chunks)."""
    nk, S = load.shape
    if out is None or out["desired_replicas"].shape != (nk, S):
        out = chunk_buffers(nk, S)
    has = surge_active is not None
    sa = surge_active if has else np.zeros((1, 1), np.bool_)
    kernel = _run_chunk_parallel if uses_parallel_kernel(S) else _run_chunk
    kernel(k0, load, sa, has, p.min_replicas, p.max_replicas, p.metric_kind, p.metric_target, p.metric_base,
               p.metric_per_rps, p.metric_request, p.tol_up, p.tol_down, p.up_window_steps, p.down_window_steps,
               p.up_select, p.down_select, p.up_pol, p.down_pol, p.startup_steps, p.pod_cpu_millicores,
               p.pod_memory_mib, p.max_surge_frac, p.cpu_base_millicores, p.cpu_per_rps_millicores,
               p.up_window_s, p.down_window_s, st.init_rec, p.step_s, p.scale_down_unneeded_s,
               p.scale_down_delay_after_add_s, p.node_cpu_millicores, p.node_memory_mib, p.node_pod_slots,
               p.alloc_cpu_millicores, p.alloc_memory_mib, p.ds_cpu_millicores, p.ds_memory_mib, p.spare_nodes,
               p.min_nodes, p.max_nodes, p.provisioning_steps,
               p.scale_down_threshold_frac, p.scale_down_parallelism, p.packing, INCREMENTAL_REPACK_DRIFT_FRAC,
               INCREMENTAL_REPACK_STEPS, st.order,
               st.spec, st.ready, st.pending, st.start_ring, st.surge_pend, st.surge_sched, st.rec_hist,
               st.ev_up, st.ev_down, st.prov_ring, st.excess_ring, st.cl_state, st.scratch[0], st.scratch[1],
               st.scratch[2], st.last_counts,
               out["desired_replicas"], out["raw_recommendation"], out["ready_pods"], out["pending_pods"],
               out["surge_pods"], out["hpa_reason_code"], out["cpu_utilization_frac"], out["nodes_needed"],
               out["nodes_requested"], out["nodes_ready"], out["node_reason_code"], out["requested_cpu_frac"],
               out["requested_memory_frac"])
    if (out["nodes_needed"] < 0).any():
        raise ScenarioError([("services", "a pod does not fit on an empty node (unschedulable)")])
    return out


# --- load series -----------------------------------------------------------------------------
def hourly_to_steps(hourly: np.ndarray, step_s: int, interpolation: str = "step") -> np.ndarray:
    """Hourly values ``[H, S]`` → per-step values ``[H*3600/step_s, S]`` (docs/model.md, Time)."""
    hourly = np.asarray(hourly, float)
    per_hour = 3600 // step_s
    if interpolation == "step":
        return np.repeat(hourly, per_hour, axis=0)
    H = hourly.shape[0]
    t_mid = (np.arange(H * per_hour) + 0.5) * step_s
    x_mid = (np.arange(H) + 0.5) * 3600.0
    return np.stack([np.interp(t_mid, x_mid, hourly[:, s]) for s in range(hourly.shape[1])], axis=1)


def scenario_hourly_load(scenario: Scenario) -> np.ndarray:
    """``[H, S]`` hourly load [requests/s]: profiles tiled to the horizon, growth applied."""
    H = scenario.horizon_hours
    cols = [np.tile(np.asarray(s.load_requests_per_s, float), H // len(s.load_requests_per_s)) for s in scenario.services]
    return np.stack(cols, axis=1) * (1.0 + scenario.growth_frac)


def deploy_mask(scenario: Scenario) -> np.ndarray | None:
    """``[n_steps, S]`` True where a rolling update of the service is in progress; None if none."""
    if not any(s.deploy_windows for s in scenario.services):
        return None
    step_s = scenario.simulation.step_s
    H = scenario.horizon_hours
    n = H * 3600 // step_s
    mask = np.zeros((n, len(scenario.services)), bool)
    for i, s in enumerate(scenario.services):
        for w in s.deploy_windows:
            starts = range(w.start_hour % 24, H, 24) if w.every_day else ([w.start_hour] if w.start_hour < H else [])
            for h in starts:
                k0 = h * 3600 // step_s
                k1 = min(n, k0 + int(math.ceil(w.duration_s / step_s)))
                mask[k0:k1, i] = True
    return mask


def simulate_scenario(scenario: Scenario, params: FleetParams | None = None,
                      chunk_steps: int | None = None) -> dict[str, np.ndarray]:
    """Per-step arrays of a whole scenario, through the same chunked driver as ``planner.plan``
    (the engine side of the reference comparison).

    Keys: ``load_requests_per_s`` and :data:`STEP_ARRAYS` ``[n_steps, S]``, :data:`CLUSTER_ARRAYS`
    ``[n_steps]``, plus ``capacity_requests_per_s`` and ``shortfall_requests_per_s``."""
    from planner.planning import run_engine  # the driver sits above the engine

    p = params or params_from_scenario(scenario)
    step_s = scenario.simulation.step_s
    load = hourly_to_steps(scenario_hourly_load(scenario), step_s, scenario.simulation.interpolation)
    rr = run_engine(p, lambda a, b: load[a:b], load.shape[0], step_s, deploy_mask(scenario), keep_steps=True,
                    chunk_steps=chunk_steps)
    return rr.steps


# --- hourly aggregation in one compiled pass ---------------------------------------------------
HOURLY_FIELDS = ("load_requests_per_s", "peak_load_requests_per_s", "desired_replicas", "desired_replicas_max",
                 "ready_pods", "pending_pods", "surge_pods", "capacity_requests_per_s", "cpu_utilization_frac",
                 "load_requests", "shortfall_requests", "hpa_reason_code")
CLUSTER_HOURLY_FIELDS = ("nodes_needed", "nodes_requested", "nodes_requested_max", "nodes_ready", "node_seconds",
                         "requested_cpu_frac", "requested_memory_frac", "pods")


@njit(cache=True, nogil=True)
def aggregate_hours(sph, step_s, load, cap, desired, ready, pending, surge, reason, util,
                    needed, requested, nready, req_cpu, req_mem, h_out, c_out, running, pods_min, pods_max):
    """Hourly means/maxima/sums of a chunk in one pass (``h_out[F, H, S]``, ``c_out[F, H]``).

    The hour's reason is the most frequent code other than Steady/WithinTolerance, if any occurred.
    ``running`` = [min headroom, peak total pods]; ``pods_min``/``pods_max`` per service, updated."""
    nk, S = load.shape
    H = nk // sph
    nr = len(HPA_REASONS)
    counts = np.zeros((S, nr), np.int64)
    inv = 1.0 / sph
    for h in range(H):
        counts[:, :] = 0
        util_n = np.zeros(S, np.int64)
        cpu_n = 0
        mem_n = 0
        for i in range(sph):
            kk = h * sph + i
            tl = 0.0
            tc = 0.0
            tp = 0
            for s in range(S):
                x = load[kk, s]
                c = ready[kk, s] * cap[s]
                d = desired[kk, s]
                h_out[0, h, s] += x
                if x > h_out[1, h, s] or i == 0:
                    h_out[1, h, s] = x
                h_out[2, h, s] += d
                if d > h_out[3, h, s] or i == 0:
                    h_out[3, h, s] = d
                h_out[4, h, s] += ready[kk, s]
                h_out[5, h, s] += pending[kk, s]
                h_out[6, h, s] += surge[kk, s]
                h_out[7, h, s] += c
                u = util[kk, s]
                if u == u:
                    h_out[8, h, s] += u
                    util_n[s] += 1
                h_out[9, h, s] += x * step_s
                if x > c:
                    h_out[10, h, s] += (x - c) * step_s
                counts[s, reason[kk, s]] += 1
                tl += x
                tc += c
                tp += d
                if d < pods_min[s]:
                    pods_min[s] = d
                if d > pods_max[s]:
                    pods_max[s] = d
            if tc > 0:
                head = 1.0 - tl / tc
            elif tl > 0:
                head = -np.inf
            else:
                head = 1.0
            if head < running[0]:
                running[0] = head
            if tp > running[1]:
                running[1] = tp
            c_out[0, h] += needed[kk]
            c_out[1, h] += requested[kk]
            if requested[kk] > c_out[2, h] or i == 0:
                c_out[2, h] = requested[kk]
            c_out[3, h] += nready[kk]
            c_out[4, h] += requested[kk] * step_s
            if req_cpu[kk] == req_cpu[kk]:
                c_out[5, h] += req_cpu[kk]
                cpu_n += 1
            if req_mem[kk] == req_mem[kk]:
                c_out[6, h] += req_mem[kk]
                mem_n += 1
            c_out[7, h] += tp
        for f in (0, 2, 4, 5, 6, 7):
            for s in range(S):
                h_out[f, h, s] *= inv
        for f in (0, 1, 3, 7):
            c_out[f, h] *= inv
        for s in range(S):
            h_out[8, h, s] = h_out[8, h, s] / util_n[s] if util_n[s] > 0 else np.nan
            best = -1
            bn = 0
            for r in range(nr):
                if r == R_STEADY or r == R_WITHIN_TOL:
                    continue
                if counts[s, r] > bn:
                    bn = counts[s, r]
                    best = r
            if best < 0:
                best = R_STEADY if counts[s, R_STEADY] >= counts[s, R_WITHIN_TOL] else R_WITHIN_TOL
            h_out[11, h, s] = best
        c_out[5, h] = c_out[5, h] / cpu_n if cpu_n > 0 else np.nan
        c_out[6, h] = c_out[6, h] / mem_n if mem_n > 0 else np.nan
