"""The slow, obviously-correct simulation: ``docs/model.md`` as one plain Python loop.

Every step does, in this order (``t = k * step_s``):

1. provisioned nodes whose time has come become ready;
2. starting pods whose ready step has come become ready (the HPA counts them from now on);
3. per service, the HPA decides (:func:`planner.hpa.decide` with ``R`` ready pods, ``spec - R``
   unready): a scale-up creates pending pods, a scale-down removes pending pods first, then the
   starting ones (latest first), then ready ones (controller_utils.go ``ActivePods`` order);
4. during a deploy window the Deployment keeps ``ceil(max_surge_frac * spec)`` surge pods (more are
   created pending; fewer: pending ones go first);
5. the node autoscaler (:func:`planner.ca.decide`): ``nodes_needed = clamp(FFD(spec + surge) + spare_nodes, min_nodes, max_nodes)``
   (:func:`planner.packing.ffd_nodes_py`); if above ``nodes_requested`` the difference is requested
   now and ready ``provisioning_steps`` later; otherwise the scale-down rule below;
6. scheduling: if FFD of every pod fits the ready nodes, every pending pod is placed; else the
   services' own pending pods are placed in FFD order, then their surge pods in the same order,
   while the free room of the ready nodes (cpu, memory, slots; sums, ignoring fragmentation)
   holds them. A pod placed at step ``k`` is ready at step ``k + max(1, ceil(pod_startup_s / step_s))``:
   placing happens at the end of the step, so even a pod with no start-up time serves from the next.

Scale-down (kubernetes/autoscaler cluster-autoscaler, FAQ "How does scale-down work?",
``core/scaledown``): with ``U = max(Σcpu requests / alloc_cpu, Σmem requests / alloc_mem)`` over
the scheduled pods and the DaemonSets of the ready nodes, counted in nodes, the excess is
``nodes_ready - max(nodes_needed, floor(U / threshold))``. The j-th excess node is removable when
the excess was ``>= j`` at every evaluation since one made strictly more than
``scale_down_unneeded_s`` ago (``unneededSince.Add(unneededTime).Before(now)``), and no scale-up
happened in the last ``scale_down_delay_after_add_s`` (``lastScaleUpTime.Add(delay).After(now)`` is
the cooldown). At most ``max_scale_down_parallelism`` nodes go per step; the timers of the nodes
left keep running. A step that scales up does not evaluate scale-down (``RunOnce`` returns after a
scale-up), which neither counts nor breaks an unneeded streak.

Initial state: ``steady`` starts every service at ``ceil(load[0] / pod capacity at target)``
(max over metrics, within min/max replicas), ``cold`` at ``min_replicas``; in both, those pods
are ready on ``clamp(FFD + spare_nodes, min_nodes, max_nodes)`` ready nodes, and the HPA's
recommendation history is seeded with that count at ``t = 0`` (horizontal.go
``recordInitialRecommendation``).

As-Is per step: ``servers`` per service, one out of service during its deploy windows; capacity
``servers_in_service * server capacity at 100 %``, shortfall above it.

This module is independent of numba on purpose: the fast ``planner.engine`` is compared against
it, and ``planner bench`` times it as the pure-Python per-step baseline.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np

from planner import ca, hpa
from planner.packing import EPS, UNSCHEDULABLE, ffd_nodes_py, ffd_order_py

INT_OUTPUTS = ("desired_replicas", "raw_recommendation", "ready_pods", "pending_pods", "surge_pods", "hpa_reason_code",
               "asis_servers_in_service")
FLOAT_OUTPUTS = ("load_requests_per_s", "capacity_requests_per_s", "shortfall_requests_per_s", "cpu_utilization_frac",
                 "asis_capacity_requests_per_s", "asis_shortfall_requests_per_s")
CLUSTER_INT_OUTPUTS = ("nodes_needed", "nodes_requested", "nodes_ready", "node_reason_code")
CLUSTER_FLOAT_OUTPUTS = ("requested_cpu_frac", "requested_memory_frac")


# --- Inputs (primitives only) ----------------------------------------------------------------
@dataclass(frozen=True)
class RefMetric:
    """One HPA metric. Usage of a pod serving ``x`` requests/s is ``base_per_pod + per_rps * x``."""

    name: str  #: cpu | memory | network_mbps | disk_iops
    kind: str  #: planner.hpa.UTILIZATION or planner.hpa.AVERAGE_VALUE
    target: float  #: integer percent (Utilization) or value per pod (AverageValue)
    base_per_pod: float  #: idle usage of one pod [metric unit]
    per_rps: float  #: usage per request/s [metric unit per (request/s)]
    request_per_pod: float = 0.0  #: pod request of the resource (Utilization only)
    target_frac: float = 0.0  #: target as a fraction of the request (Utilization; for steady sizing)


@dataclass(frozen=True)
class RefService:
    """One service, per-step series included."""

    name: str
    load_requests_per_s: tuple[float, ...]  #: per step, after growth and interpolation
    cpu_request_millicores: float
    memory_request_mib: float
    cpu_base_millicores: float
    cpu_per_rps_millicores: float
    memory_base_mib: float
    memory_per_rps_mib: float
    metrics: tuple[RefMetric, ...]
    min_replicas: int
    max_replicas: int
    tolerance_frac: float
    scale_up: hpa.Rules
    scale_down: hpa.Rules
    startup_steps: int  #: max(1, ceil(pod_startup_s / step_s))
    surge_frac_per_step: tuple[float, ...]  #: max_surge_frac inside a deploy window, else 0
    deploying: tuple[bool, ...]  #: a rollout is in progress (As-Is: one server out)
    asis_servers: int = 0  #: As-Is servers, backups included
    asis_server_capacity_requests_per_s: float = 0.0  #: one server at 100 %

    @property
    def pod_capacity_requests_per_s(self) -> float:
        """``min over cpu, memory with per_rps > 0 of (request - base) / per_rps`` (inf if none)."""
        caps = [(req - base) / per for req, base, per in (
            (self.cpu_request_millicores, self.cpu_base_millicores, self.cpu_per_rps_millicores),
            (self.memory_request_mib, self.memory_base_mib, self.memory_per_rps_mib)) if per > 0]
        return min(caps) if caps else math.inf


@dataclass(frozen=True)
class RefCluster:
    """The node pool: room for service pods per node, allocatable, and the autoscaler settings."""

    node_cpu_millicores: float  #: allocatable minus DaemonSets
    node_memory_mib: float
    node_pod_slots: int
    alloc_cpu_millicores: float
    alloc_memory_mib: float
    daemonset_cpu_millicores: float
    daemonset_memory_mib: float
    spare_nodes: int
    min_nodes: int
    max_nodes: int
    provisioning_steps: int  #: ceil(provisioning_delay_s / step_s)
    scale_down_unneeded_s: float
    scale_down_delay_after_add_s: float
    scale_down_utilization_threshold_frac: float
    max_scale_down_parallelism: int


@dataclass(frozen=True)
class RefInputs:
    services: tuple[RefService, ...]
    cluster: RefCluster
    step_s: int
    n_steps: int
    cold_start: bool = False


# --- Mutable state (plain objects) -----------------------------------------------------------
@dataclass
class _Pods:
    spec: int
    ready: int
    starting: list[int] = field(default_factory=list)  #: ready step of each scheduled, not-ready pod
    pending: int = 0
    surge_pending: int = 0
    surge_scheduled: int = 0
    recommendations: tuple = ()
    scale_events: tuple = ()

    @property
    def scheduled(self) -> int:
        """Pods holding room on nodes (service pods past pending, and scheduled surge pods)."""
        return self.ready + len(self.starting) + self.surge_scheduled


def _clamp(v: int, lo: int, hi: int) -> int:
    return max(lo, min(hi, v))


def steady_replicas(svc: RefService, load_requests_per_s: float) -> int:
    """``ceil(load / pod capacity at target)`` per metric, max over metrics, within [min, max].

    Capacity at target: Utilization ``(target_frac * request - base) / per_rps``, AverageValue
    ``(target - base) / per_rps``; a metric with ``per_rps == 0`` asks for nothing."""
    need = 0
    for m in svc.metrics:
        at_target = m.target_frac * m.request_per_pod if m.kind == hpa.UTILIZATION else m.target
        room = at_target - m.base_per_pod
        if m.per_rps > 0 and room > 0:
            need = max(need, int(math.ceil(load_requests_per_s * (m.per_rps / room) - EPS)))
    return _clamp(need, svc.min_replicas, svc.max_replicas)


def _packed(counts: Sequence[int], inputs: RefInputs) -> int:
    c = inputs.cluster
    n = ffd_nodes_py(counts, [s.cpu_request_millicores for s in inputs.services],
                     [s.memory_request_mib for s in inputs.services],
                     c.node_cpu_millicores, c.node_memory_mib, c.node_pod_slots)
    if n == UNSCHEDULABLE:
        raise ValueError("a pod does not fit on an empty node (unschedulable)")
    return n


def _observe(svc: RefService, ready: int, load: float) -> list[hpa.MetricObservation]:
    return [hpa.MetricObservation(m.name, m.kind, ready * m.base_per_pod + m.per_rps * load, m.target,
                                  m.request_per_pod) for m in svc.metrics]


def _scale_pods(p: _Pods, desired: int) -> None:
    """Apply a new spec: create pending pods, or delete pending, then starting (latest), then ready."""
    if desired > p.spec:
        p.pending += desired - p.spec
    elif desired < p.spec:
        remove = p.spec - desired
        take = min(remove, p.pending)
        p.pending -= take
        remove -= take
        p.starting.sort()
        while remove > 0 and p.starting:
            p.starting.pop()
            remove -= 1
        p.ready -= remove
    p.spec = desired


def _set_surge(p: _Pods, surge: int) -> None:
    current = p.surge_pending + p.surge_scheduled
    if surge > current:
        p.surge_pending += surge - current
    elif surge < current:
        remove = current - surge
        take = min(remove, p.surge_pending)
        p.surge_pending -= take
        p.surge_scheduled -= remove - take


def _requested(inputs: RefInputs, pods: list[_Pods], nodes_ready: int) -> tuple[float, float]:
    """Σ requests of scheduled pods plus the DaemonSets of the ready nodes [millicores, MiB]."""
    c = inputs.cluster
    cpu = nodes_ready * c.daemonset_cpu_millicores
    mem = nodes_ready * c.daemonset_memory_mib
    for svc, p in zip(inputs.services, pods):
        cpu += p.scheduled * svc.cpu_request_millicores
        mem += p.scheduled * svc.memory_request_mib
    return cpu, mem


def simulate_reference(inputs: RefInputs) -> dict[str, np.ndarray]:
    """Run the model; per-step arrays ``[n_steps, S]`` (:data:`INT_OUTPUTS`, :data:`FLOAT_OUTPUTS`)
    and ``[n_steps]`` (:data:`CLUSTER_INT_OUTPUTS`, :data:`CLUSTER_FLOAT_OUTPUTS`).

    ``hpa_reason_code`` indexes :data:`planner.hpa.REASONS`. ``cpu_utilization_frac`` is the CPU
    utilization the HPA sees at the start of the step (integer percent of the ready pods' requests,
    / 100; NaN with no ready pod); ``requested_*_frac`` are NaN with no ready node."""
    services, c, step_s, K = inputs.services, inputs.cluster, inputs.step_s, inputs.n_steps
    S = len(services)
    order = ffd_order_py([s.cpu_request_millicores for s in services], [s.memory_request_mib for s in services],
                         c.node_cpu_millicores, c.node_memory_mib)

    # initial state
    pods = []
    for svc in services:
        spec = svc.min_replicas if inputs.cold_start else steady_replicas(svc, svc.load_requests_per_s[0] if K else 0.0)
        pods.append(_Pods(spec=spec, ready=spec, recommendations=((0.0, spec),)))
    settings = ca.Settings(c.spare_nodes, c.min_nodes, c.max_nodes, c.scale_down_unneeded_s,
                           c.scale_down_delay_after_add_s, c.scale_down_utilization_threshold_frac,
                           c.max_scale_down_parallelism)
    nodes_ready = ca.nodes_needed(_packed([p.spec for p in pods], inputs), settings)
    provisioning: list[int] = []  # ready step of each requested, not-yet-ready node
    last_scale_up_s = -math.inf
    unneeded: tuple[tuple[float, int], ...] = ()  # (time_s, excess) of the scale-down evaluations
    last_counts: list[int] = []
    last_packed = 0

    out = {k: np.zeros((K, S), np.int64) for k in INT_OUTPUTS}
    out.update({k: np.zeros((K, S)) for k in FLOAT_OUTPUTS})
    out.update({k: np.zeros(K, np.int64) for k in CLUSTER_INT_OUTPUTS})
    out.update({k: np.zeros(K) for k in CLUSTER_FLOAT_OUTPUTS})

    for k in range(K):
        t = k * step_s
        # 1-2. nodes and pods that are ready now
        nodes_ready += sum(1 for r in provisioning if r <= k)
        provisioning = [r for r in provisioning if r > k]
        for p in pods:
            p.ready += sum(1 for r in p.starting if r <= k)
            p.starting = [r for r in p.starting if r > k]

        # 3-4. HPA, pods, surge
        counts = []
        for i, (svc, p) in enumerate(zip(services, pods)):
            x = svc.load_requests_per_s[k]
            ready_seen = p.ready
            d = hpa.decide(time_s=t, spec_replicas=p.spec, ready_pods=p.ready, min_replicas=svc.min_replicas,
                           max_replicas=svc.max_replicas, metrics=_observe(svc, p.ready, x),
                           tolerance_frac=svc.tolerance_frac, scale_up=svc.scale_up, scale_down=svc.scale_down,
                           recommendations=p.recommendations, scale_events=p.scale_events)
            p.recommendations, p.scale_events = d.recommendations, d.scale_events
            _scale_pods(p, d.desired_replicas)
            frac = svc.surge_frac_per_step[k]
            surge = int(math.ceil(frac * p.spec - EPS)) if frac > 0 else 0
            _set_surge(p, surge)
            counts.append(p.spec + surge)
            out["desired_replicas"][k, i] = d.desired_replicas
            out["raw_recommendation"][k, i] = d.raw_recommendation
            out["hpa_reason_code"][k, i] = d.reason_code
            out["surge_pods"][k, i] = surge
            out["cpu_utilization_frac"][k, i] = (
                hpa.utilization_percent(ready_seen * svc.cpu_base_millicores + svc.cpu_per_rps_millicores * x,
                                        ready_seen * svc.cpu_request_millicores) / 100.0
                if ready_seen > 0 else math.nan)

        # 5. node autoscaler (FFD again only when a count changed: same answer, less waiting)
        if counts != last_counts:
            last_counts, last_packed = counts, _packed(counts, inputs)
        packed = last_packed
        cpu_req, mem_req = _requested(inputs, pods, nodes_ready)
        nd = ca.decide(time_s=t, packed_nodes=packed, nodes_ready=nodes_ready,
                       nodes_requested=nodes_ready + len(provisioning), cpu_requested_millicores=cpu_req,
                       memory_requested_mib=mem_req, alloc_cpu_millicores=c.alloc_cpu_millicores,
                       alloc_memory_mib=c.alloc_memory_mib, settings=settings, last_scale_up_s=last_scale_up_s,
                       unneeded=unneeded)
        needed, unneeded = nd.nodes_needed, nd.unneeded
        if nd.add:
            if c.provisioning_steps <= 0:
                nodes_ready += nd.add
            else:
                provisioning += [k + c.provisioning_steps] * nd.add
            last_scale_up_s = t
        nodes_ready -= nd.remove
        out["node_reason_code"][k] = nd.reason_code

        # 6. scheduling
        if packed <= nodes_ready:
            for svc, p in zip(services, pods):
                p.starting += [k + svc.startup_steps] * p.pending
                p.pending = 0
                p.surge_scheduled += p.surge_pending
                p.surge_pending = 0
        else:
            cpu_req, mem_req = _requested(inputs, pods, 0)
            free_cpu = nodes_ready * c.node_cpu_millicores - cpu_req
            free_mem = nodes_ready * c.node_memory_mib - mem_req
            free_slots = nodes_ready * c.node_pod_slots - sum(p.scheduled for p in pods)
            for surge_phase in (False, True):  # every service's own pods first, then the surge pods
                for g in order:
                    svc, p = services[g], pods[g]
                    want = p.surge_pending if surge_phase else p.pending
                    n = min(want, free_slots,
                            math.floor(free_cpu / svc.cpu_request_millicores + EPS),
                            math.floor(free_mem / svc.memory_request_mib + EPS))
                    if n <= 0:
                        continue
                    free_cpu -= n * svc.cpu_request_millicores
                    free_mem -= n * svc.memory_request_mib
                    free_slots -= n
                    if surge_phase:
                        p.surge_pending -= n
                        p.surge_scheduled += n
                    else:
                        p.pending -= n
                        p.starting += [k + svc.startup_steps] * n

        # outputs
        for i, (svc, p) in enumerate(zip(services, pods)):
            x = svc.load_requests_per_s[k]
            cap = p.ready * svc.pod_capacity_requests_per_s if p.ready > 0 else 0.0
            out["load_requests_per_s"][k, i] = x
            out["ready_pods"][k, i] = p.ready
            out["pending_pods"][k, i] = p.pending
            out["capacity_requests_per_s"][k, i] = cap
            out["shortfall_requests_per_s"][k, i] = max(0.0, x - cap)
            in_service = max(0, svc.asis_servers - 1) if svc.deploying[k] else svc.asis_servers
            asis_cap = in_service * svc.asis_server_capacity_requests_per_s
            out["asis_servers_in_service"][k, i] = in_service
            out["asis_capacity_requests_per_s"][k, i] = asis_cap
            out["asis_shortfall_requests_per_s"][k, i] = max(0.0, x - asis_cap)
        cpu_req, mem_req = _requested(inputs, pods, nodes_ready)
        out["nodes_needed"][k] = needed
        out["nodes_requested"][k] = nodes_ready + len(provisioning)
        out["nodes_ready"][k] = nodes_ready
        out["requested_cpu_frac"][k] = cpu_req / (nodes_ready * c.alloc_cpu_millicores) if nodes_ready else math.nan
        out["requested_memory_frac"][k] = mem_req / (nodes_ready * c.alloc_memory_mib) if nodes_ready else math.nan
    return out


# --- From a scenario -------------------------------------------------------------------------
def hourly_to_steps(hourly: Sequence[float], step_s: int, interpolation: str = "step") -> list[float]:
    """Hourly values → per-step values (docs/model.md "Time").

    ``step``: each step of hour ``h`` gets ``hourly[h]``. ``linear``: values at hour midpoints,
    linearly interpolated at step midpoints, flat before the first and after the last midpoint
    (the arithmetic of ``numpy.interp``: ``slope * (x - x0) + y0``)."""
    per_hour = 3600 // step_s
    if interpolation == "step":
        return [float(v) for v in hourly for _ in range(per_hour)]
    if interpolation != "linear":
        raise ValueError(f"interpolation must be 'step' or 'linear'; got {interpolation!r}")
    H = len(hourly)
    xs = [(h + 0.5) * 3600.0 for h in range(H)]
    out = []
    for k in range(H * per_hour):
        x = (k + 0.5) * step_s
        if x <= xs[0]:
            out.append(float(hourly[0]))
        elif x >= xs[-1]:
            out.append(float(hourly[-1]))
        else:
            j = int((x - xs[0]) // 3600.0)
            while xs[j + 1] < x:
                j += 1
            while xs[j] > x:
                j -= 1
            if x == xs[j]:
                out.append(float(hourly[j]))
            else:
                slope = (hourly[j + 1] - hourly[j]) / (xs[j + 1] - xs[j])
                out.append(slope * (x - xs[j]) + hourly[j])
    return out


def series_to_steps(values: Sequence[float], series_step_s: int, step_s: int) -> list[float]:
    """A fine series at ``series_step_s`` → per-step values (docs/model.md "Time"): each value held
    over the finer steps, or ``r = step_s / series_step_s`` consecutive values summed in order and
    divided by ``r``."""
    if series_step_s % step_s == 0:
        return [float(v) for v in values for _ in range(series_step_s // step_s)]
    r = step_s // series_step_s
    out = []
    for k in range(len(values) // r):
        total = values[k * r]
        for j in range(1, r):
            total += values[k * r + j]
        out.append(total / r)
    return out


def service_step_load(service, horizon_hours: int, step_s: int, growth: float, interpolation: str) -> list[float]:
    """Per-step load of one scenario service (docs/model.md "Time"): growth applied to each given
    value, the profile tiled to the horizon; hourly values through :func:`hourly_to_steps` times
    the burst's per-step multipliers (``planner.burst``, the definition of a burst setting), a fine
    series through :func:`series_to_steps`."""
    if service.load is not None:
        values = [v * growth for v in service.load.requests_per_s] * (horizon_hours // service.load.hours)
        return series_to_steps(values, service.load.step_s, step_s)
    profile = service.load_requests_per_s
    hourly = [v * growth for v in list(profile) * (horizon_hours // len(profile))]
    load = hourly_to_steps(hourly, step_s, interpolation)
    if service.burst is not None:
        from planner.burst import multipliers_of

        m = multipliers_of(service.burst, step_s)
        load = [x * m[k % len(m)] for k, x in enumerate(load)]
    return load


def deploy_steps(start_hours: Sequence[int], duration_s: float, horizon_hours: int, step_s: int) -> list[bool]:
    """Steps whose start time lies in ``[h * 3600, h * 3600 + duration_s)`` for some ``h`` in ``start_hours``."""
    n = horizon_hours * 3600 // step_s
    active = [False] * n
    for h in start_hours:
        k = h * 3600 // step_s  # step_s divides 3600
        while k < n and k * step_s < h * 3600 + duration_s:
            active[k] = True
            k += 1
    return active


def _window_start_hours(start_hour: int, every_day: bool, horizon_hours: int) -> list[int]:
    # a daily window starts at the same hour of every day of the horizon (start_hour mod 24)
    if every_day:
        return list(range(start_hour % 24, horizon_hours, 24))
    return [start_hour] if start_hour < horizon_hours else []


def _rules(r) -> hpa.Rules:
    return hpa.Rules(r.stabilization_window_s, r.select_policy,
                     tuple(hpa.Policy(p.type, p.value, p.period_s) for p in r.policies), r.tolerance_frac)


def ref_inputs_from_scenario(scenario) -> RefInputs:
    """Build :class:`RefInputs` from a validated ``planner.scenario.Scenario``.

    Raises ``planner.scenario.ScenarioError`` for a scenario the model cannot plan (the feasibility
    rules of ``planner.scenario``: ``tobe_problems`` and ``asis_problems``)."""
    from planner.allocatable import node_shape
    from planner.catalog import resolve_instance
    from planner.scenario import ScenarioError, asis_problems, tobe_problems

    step_s = scenario.simulation.step_s
    H = scenario.horizon_hours
    n_steps = H * 3600 // step_s
    shape = node_shape(resolve_instance(scenario.cluster.node, "cluster.node"), scenario.cluster)
    server = resolve_instance(scenario.as_is.server, "as_is.server")
    a = scenario.as_is
    vm_cpu, vm_mem = (a.vm_overhead_cpu_millicores, a.vm_overhead_memory_mib) if a.is_vm else (0.0, 0.0)
    usable = {"cpu": server.cpu_millicores - a.os_reserved_cpu_millicores - vm_cpu,
              "memory": server.memory_mib - a.os_reserved_memory_mib - vm_mem}
    problems = tobe_problems(scenario, node_type=scenario.cluster.node.instance_type,
                             pod_room_cpu_millicores=shape.pod_cpu_millicores, pod_room_memory_mib=shape.pod_memory_mib)
    problems += asis_problems(scenario, server_type=server.instance_type, usable_cpu_millicores=usable["cpu"],
                              usable_memory_mib=usable["memory"])
    if problems:
        raise ScenarioError(problems)
    g = 1.0 + scenario.growth_frac
    services = []
    for i, s in enumerate(scenario.services):
        u, rq = s.usage, s.requests
        load = service_step_load(s, H, step_s, g, scenario.simulation.interpolation)
        res = {"cpu": (rq.cpu_millicores, u.cpu_millicores_base, u.cpu_millicores_per_rps),
               "memory": (rq.memory_mib, u.memory_mib_base, u.memory_mib_per_rps)}
        metrics = []
        for m in s.hpa.metrics:
            if m.name in res:
                req, base, per = res[m.name]
                metrics.append(RefMetric(m.name, hpa.UTILIZATION, float(round(100 * m.target_utilization_frac)),
                                         base, per, req, m.target_utilization_frac))
            else:
                per = u.network_mbps_per_rps if m.name == "network_mbps" else u.disk_iops_per_rps
                metrics.append(RefMetric(m.name, hpa.AVERAGE_VALUE, m.target_average_value, 0.0, per))
        deploying = [False] * n_steps
        for w in s.deploy_windows:
            active = deploy_steps(_window_start_hours(w.start_hour, w.every_day, H), w.duration_s, H, step_s)
            deploying = [x or y for x, y in zip(deploying, active)]
        # As-Is: servers sized for the peak at the sizing target, plus backups
        caps_target, caps_100 = [], []
        for r, (_, base, per) in res.items():
            if per > 0:
                caps_target.append((usable[r] * a.target_utilization_frac - base) / per)
                caps_100.append((usable[r] - base) / per)
        cap_target, cap_100 = min(caps_target), min(caps_100)
        backups = s.backup_servers if s.backup_servers is not None else a.backup_servers_per_service
        servers = max(1, int(math.ceil(max(load) / cap_target - EPS))) + backups
        services.append(RefService(
            name=s.name, load_requests_per_s=tuple(load),
            cpu_request_millicores=rq.cpu_millicores, memory_request_mib=rq.memory_mib,
            cpu_base_millicores=u.cpu_millicores_base, cpu_per_rps_millicores=u.cpu_millicores_per_rps,
            memory_base_mib=u.memory_mib_base, memory_per_rps_mib=u.memory_mib_per_rps,
            metrics=tuple(metrics), min_replicas=s.hpa.min_replicas, max_replicas=s.hpa.max_replicas,
            tolerance_frac=s.hpa.tolerance_frac, scale_up=_rules(s.hpa.scale_up), scale_down=_rules(s.hpa.scale_down),
            startup_steps=max(1, int(math.ceil(s.pod_startup_s / step_s))),
            surge_frac_per_step=tuple(s.max_surge_frac if d else 0.0 for d in deploying),
            deploying=tuple(deploying), asis_servers=servers, asis_server_capacity_requests_per_s=cap_100))
    cl = scenario.cluster
    cluster = RefCluster(
        node_cpu_millicores=shape.pod_cpu_millicores, node_memory_mib=shape.pod_memory_mib,
        node_pod_slots=shape.pod_slots,
        alloc_cpu_millicores=shape.allocatable_cpu_millicores, alloc_memory_mib=shape.allocatable_memory_mib,
        daemonset_cpu_millicores=cl.daemonset_cpu_millicores, daemonset_memory_mib=cl.daemonset_memory_mib,
        spare_nodes=cl.spare_nodes, min_nodes=cl.min_nodes, max_nodes=cl.max_nodes,
        provisioning_steps=int(math.ceil(cl.provisioning_delay_s / step_s)),
        scale_down_unneeded_s=float(cl.scale_down_unneeded_s),
        scale_down_delay_after_add_s=float(cl.scale_down_delay_after_add_s),
        scale_down_utilization_threshold_frac=cl.scale_down_utilization_threshold_frac,
        max_scale_down_parallelism=cl.max_scale_down_parallelism)
    return RefInputs(services=tuple(services), cluster=cluster, step_s=step_s, n_steps=n_steps,
                     cold_start=scenario.simulation.start == "cold")


def simulate_scenario_reference(scenario) -> dict[str, np.ndarray]:
    """:func:`simulate_reference` of :func:`ref_inputs_from_scenario` (the keys of ``planner.engine.simulate_scenario``)."""
    return simulate_reference(ref_inputs_from_scenario(scenario))
