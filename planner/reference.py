"""The slow, obviously-correct simulation: ``docs/model.md`` as one plain Python loop.

Every step does, in this order (``t = k * step_s``):

1. provisioned nodes whose time has come become ready;
2. starting pods whose ready step has come become ready (the HPA counts them from now on);
3. per service, the HPA decides (:func:`planner.hpa.decide` with ``R`` ready pods, ``spec - R``
   unready; ``behavior=False`` for an HPA without behavior, the legacy path): a scale-up creates pending pods, a scale-down removes pending pods first, then the
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
from planner.events import (EV_NODE_FAIL, EV_SCALE_FROM_ZERO, EV_SCALE_TO_ZERO, EV_SERVER_FAIL, EV_ZONE_FAIL,
                            scale_up_failure_windows)
from planner.packing import EPS, UNSCHEDULABLE, ffd_nodes_py, ffd_order_py

INT_OUTPUTS = ("desired_replicas", "raw_recommendation", "ready_pods", "pending_pods", "surge_pods", "hpa_reason_code",
               "asis_servers_in_service", "lost_pods")
FLOAT_OUTPUTS = ("load_requests_per_s", "capacity_requests_per_s", "shortfall_requests_per_s", "cpu_utilization_frac",
                 "asis_capacity_requests_per_s", "asis_shortfall_requests_per_s")
CLUSTER_INT_OUTPUTS = ("nodes_needed", "nodes_requested", "nodes_ready", "node_reason_code", "nodes_failed")
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
    asis_servers_out: tuple[int, ...] = ()  #: per step, servers failed and not yet repaired (drills)
    metrics_lag_steps: int = 0  #: the HPA at step k sees the load of step max(0, k - lag)
    cpu_initialization_period_s: float = 300.0  #: --horizontal-pod-autoscaler-cpu-initialization-period
    pull_steps: int = 0  #: ceil(image_pull_s / step_s): a pod on a node without its image waits for the pull
    behavior: bool = True  #: spec.behavior present (False: the legacy path, hpa.behavior none)
    downscale_stabilization_s: float = 300.0  #: --horizontal-pod-autoscaler-downscale-stabilization (legacy path)

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
    node_slots: int = 1000  #: node slots (new nodes take the lowest free one)
    zones: int = 1
    placement: str = "spread"  #: spread | packed
    spare_per_zone: bool = False
    node_monitor_grace_s: float = 50.0
    eviction_toleration_s: float = 300.0
    eviction_rate_per_s: float = 0.1
    secondary_eviction_rate_per_s: float = 0.01
    large_cluster_size_threshold: int = 50
    unhealthy_zone_threshold_frac: float = 0.55
    scale_down_unready_s: float = 1200.0
    max_drain_parallelism: int = 1
    max_node_provision_s: float = 900.0  #: --max-node-provision-time
    backoff_initial_s: float = 300.0  #: --initial-node-group-backoff-duration
    backoff_max_s: float = 1800.0  #: --max-node-group-backoff-duration
    backoff_reset_s: float = 10800.0  #: --node-group-backoff-reset-timeout
    scale_up_failures: tuple[tuple[int, int], ...] = ()  #: (first step, end step): nodes requested then never come up


@dataclass(frozen=True)
class RefInputs:
    services: tuple[RefService, ...]
    cluster: RefCluster
    step_s: int
    n_steps: int
    cold_start: bool = False
    events: tuple[tuple[int, int, int], ...] = ()  #: (step, kind, target), kinds of planner.engine.timeline


# --- Mutable state (plain objects) -----------------------------------------------------------
PENDING, STARTING, READY, DEAD = "pending", "starting", "ready", "dead"


@dataclass
class _Pod:
    """One service pod (or surge pod): where it is and when it is ready."""

    state: str
    node: int | None = None
    ready_step: int = 0
    seq: int = 0  #: placement order (a later-placed pod is deleted first among equals)


@dataclass
class _Node:
    index: int
    zone: int
    state: str  #: provisioning | ready | failed
    ready_at: int = 0
    failed_at: int = -1
    evict_at: int = -1
    unneeded_since: int = -1
    pause: int = 0
    images: dict = field(default_factory=dict)  #: service -> the step its image is on the node


@dataclass
class _Service:
    spec: int
    pods: list[_Pod] = field(default_factory=list)
    surge: list[_Pod] = field(default_factory=list)  #: surge pods (never serve)
    recommendations: tuple = ()
    scale_events: tuple = ()
    became_ready: dict = field(default_factory=dict)  #: step -> pods that became ready then (and still are)
    manual: int = -1  #: a scale to/from zero due at this step (an event kind), -1: none

    def count(self, state: str) -> int:
        return sum(1 for p in self.pods if p.state == state)


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


def _cpu_ignored(svc: RefService, sv: _Service, k: int, step_s: int, ready: int) -> int:
    """Ready pods whose CPU sample the HPA ignores at step ``k`` (replica_calculator.go ``groupPods``):
    within the CPU initialization period of their start (placed ``startup_steps`` before they became
    ready: ``(d + startup_steps) * step_s < period``) and Ready less than one metrics window before
    the window the HPA reads (became ready ``d < metrics_lag_steps`` steps ago: the sample's
    ``timestamp < LastTransitionTime + window``). At most the ready pods."""
    n = 0
    for d in range(svc.metrics_lag_steps):
        if (d + svc.startup_steps) * step_s < svc.cpu_initialization_period_s:
            n += sv.became_ready.get(k - d, 0)
    return min(n, ready)


def _forget_ready(svc: RefService, sv: _Service, k: int, removed: int) -> None:
    """Deleted ready pods leave the newest-ready first (controller_utils.go ``ActivePods``: ready for
    less time is deleted first); only the entries that may still be ignored are kept up to date."""
    for d in range(svc.metrics_lag_steps):
        if removed <= 0:
            break
        take = min(removed, sv.became_ready.get(k - d, 0))
        if take:
            sv.became_ready[k - d] -= take
            removed -= take


def _observe(svc: RefService, sv: _Service, k: int, step_s: int, x_seen: float) -> list[hpa.MetricObservation]:
    """What the HPA sees of each metric at step ``k`` (docs/model.md, HPA: metrics pipeline).

    CPU (``groupPods`` for the CPU resource): ready pods minus the ignored ones (:func:`_cpu_ignored`)
    carry the load of the window, each pod's usage rounded up to whole millicores
    (:func:`planner.hpa.cpu_usage_total_millicores`), the request too (``MilliValue``); every other
    pod of the spec is unready. Memory and Pods metrics: a Running, not-yet-Ready (starting) pod
    with a sample counts as ready at its idle usage; only pending and lost pods are unready."""
    ready, starting = sv.count(READY), sv.count(STARTING)
    ignored = _cpu_ignored(svc, sv, k, step_s, ready)
    out = []
    for m in svc.metrics:
        if m.name == "cpu":
            r = ready - ignored
            usage = float(hpa.cpu_usage_total_millicores(r, m.base_per_pod, m.per_rps, x_seen))
            out.append(hpa.MetricObservation(m.name, m.kind, usage, m.target, float(hpa.milli_value(m.request_per_pod)),
                                             ready_pods=r, unready_pods=sv.spec - r, ignored_pods=ignored))
        else:
            r = ready + starting
            out.append(hpa.MetricObservation(m.name, m.kind, r * m.base_per_pod + m.per_rps * x_seen, m.target,
                                             m.request_per_pod, ready_pods=r, unready_pods=sv.spec - r))
    return out


def _cpu_utilization_frac(svc: RefService, sv: _Service, k: int, step_s: int, x_seen: float) -> float:
    """The CPU utilization the HPA sees (the CPU observation's integer percent / 100; NaN with no counted pod)."""
    ready = sv.count(READY)
    r = ready - _cpu_ignored(svc, sv, k, step_s, ready)
    if r <= 0:
        return math.nan
    usage = hpa.cpu_usage_total_millicores(r, svc.cpu_base_millicores, svc.cpu_per_rps_millicores, x_seen)
    return hpa.utilization_percent(usage, r * hpa.milli_value(svc.cpu_request_millicores)) / 100.0


class _Cluster:
    """The node pool of exact mode: explicit nodes, whole pods (docs/model.md, Nodes and placement)."""

    def __init__(self, inputs: RefInputs):
        self.inputs, self.c = inputs, inputs.cluster
        self.svcs: list[_Service] = []
        self.nodes: dict[int, _Node] = {}
        z = self.c.zones
        self.pause_pend = [self.c.spare_nodes if self.c.spare_per_zone else 0] * z + \
            [0 if self.c.spare_per_zone else self.c.spare_nodes]
        self.next_taint_s = [0.0] * z
        self.last_scale_up = NO_SCALE_UP_YET
        self.seq = 0
        self.request_step = 0  #: the last scale-up (the request's ExpectedAddTime counts from it)
        self.backoff: ca.Backoff | None = None

    # --- room ------------------------------------------------------------------------------------
    def on_node(self, n: int, s: int) -> int:
        """Starting, ready and surge pods of service ``s`` on node ``n``."""
        sv = self.svcs[s]
        return sum(1 for p in sv.pods if p.node == n and p.state in (STARTING, READY)) + \
            sum(1 for p in sv.surge if p.node == n)

    def used(self, n: int) -> tuple[float, float, int]:
        """Requests on node ``n`` (service, surge and pause pods; DaemonSets not included)."""
        cpu = mem = 0.0
        slots = 0
        for svc, sv in zip(self.inputs.services, self.svcs):
            cnt = sum(1 for p in sv.pods if p.node == n and p.state in (STARTING, READY)) + \
                sum(1 for p in sv.surge if p.node == n)
            cpu += cnt * svc.cpu_request_millicores
            mem += cnt * svc.memory_request_mib
            slots += cnt
        pause = self.nodes[n].pause
        return cpu + pause * self.c.node_cpu_millicores, mem + pause * self.c.node_memory_mib, slots + pause

    def fits(self, n: int, cpu: float, mem: float, used=None) -> bool:
        node = self.nodes.get(n)
        if node is None or node.state != "ready":
            return False
        u_cpu, u_mem, u_slots = used if used is not None else self.used(n)
        return (u_cpu + cpu <= self.c.node_cpu_millicores + EPS and u_mem + mem <= self.c.node_memory_mib + EPS
                and u_slots + 1 <= self.c.node_pod_slots)

    def alloc_score(self, n: int, cpu: float, mem: float) -> float:
        u_cpu, u_mem, _ = self.used(n)
        c = self.c
        return ((c.daemonset_cpu_millicores + u_cpu + cpu) / c.alloc_cpu_millicores
                + (c.daemonset_memory_mib + u_mem + mem) / c.alloc_memory_mib)

    # --- nodes -----------------------------------------------------------------------------------
    def add_node(self, zone: int, ready_step: int, now: int) -> int | None:
        """The lowest free slot; zone -1: the zone with the fewest nodes (ties: lowest)."""
        free = next((i for i in range(self.c.node_slots) if i not in self.nodes), None)
        if free is None:
            return None
        if zone < 0:
            counts = [sum(1 for nd in self.nodes.values() if nd.zone == z) for z in range(self.c.zones)]
            zone = counts.index(min(counts))
        self.nodes[free] = _Node(free, zone, "ready" if ready_step <= now else "provisioning", ready_step)
        return free

    def requested(self) -> int:
        return len(self.nodes)

    def ready_nodes(self) -> list[int]:
        return sorted(i for i, nd in self.nodes.items() if nd.state == "ready")

    # --- scheduling ------------------------------------------------------------------------------
    def choose(self, s: int, cpu: float, mem: float) -> int | None:
        """Packed: the most allocated node it fits; spread: the zone with the fewest pods of ``s``,
        then the node with the fewest, then the least allocated; ties: the lowest index."""
        zone_count = [0] * self.c.zones
        for i, nd in self.nodes.items():
            if nd.state in ("ready", "provisioning"):
                zone_count[nd.zone] += self.on_node(i, s)
        best, best_key = None, None
        for n in self.ready_nodes():
            if not self.fits(n, cpu, mem):
                continue
            a = self.alloc_score(n, cpu, mem)
            key = (-a,) if self.c.placement == "packed" else (zone_count[self.nodes[n].zone], self.on_node(n, s), a)
            if best_key is None or key < best_key:
                best, best_key = n, key
        return best

    def preempt(self, cpu: float, mem: float) -> int | None:
        """The lowest ready node where evicting one pause pod makes room; the pause pod goes pending."""
        c = self.c
        for n in self.ready_nodes():
            nd = self.nodes[n]
            if nd.pause <= 0:
                continue
            u_cpu, u_mem, u_slots = self.used(n)
            if (u_cpu - c.node_cpu_millicores + cpu <= c.node_cpu_millicores + EPS
                    and u_mem - c.node_memory_mib + mem <= c.node_memory_mib + EPS and u_slots <= c.node_pod_slots):
                nd.pause -= 1
                self.pause_pend[nd.zone if c.spare_per_zone else c.zones] += 1
                return n
        return None

    def schedule(self, k: int, order: list[int]) -> None:
        """Service pods in FFD order, then surge pods, then pause pods (docs/model.md, step 5)."""
        for surge_phase in (False, True):
            for s in order:
                svc, sv = self.inputs.services[s], self.svcs[s]
                waiting = [p for p in (sv.surge if surge_phase else sv.pods) if p.state == PENDING]
                for p in waiting:
                    n = self.choose(s, svc.cpu_request_millicores, svc.memory_request_mib)
                    if n is None:
                        n = self.preempt(svc.cpu_request_millicores, svc.memory_request_mib)
                        if n is None:
                            break
                    p.node, self.seq = n, self.seq + 1
                    p.seq = self.seq
                    if surge_phase:
                        p.state = "scheduled"
                    else:
                        p.state, p.ready_step = STARTING, self.image_step(n, s, svc, k) + svc.startup_steps
        self.place_pause_pods()

    def image_step(self, n: int, s: int, svc: RefService, k: int) -> int:
        """The step a pod of ``s`` placed on ``n`` at ``k`` has its image: now if the node has it, else
        when the one pull per node (started by the first pod placed there) ends."""
        images = self.nodes[n].images
        if s not in images:
            images[s] = k + svc.pull_steps
        return max(k, images[s])

    def place_pause_pods(self) -> None:
        c = self.c
        for z in range(c.zones + 1):
            while self.pause_pend[z] > 0:
                n = next((i for i in self.ready_nodes() if (z == c.zones or self.nodes[i].zone == z)
                          and self.fits(i, c.node_cpu_millicores, c.node_memory_mib)), None)
                if n is None:
                    break
                self.nodes[n].pause += 1
                self.pause_pend[z] -= 1

    # --- deleting pods (ActivePodsWithRanks) -----------------------------------------------------
    def delete_pods(self, s: int, remove: int) -> None:
        """Pending first, then stuck on failed nodes (lowest node), then starting (latest first), then
        ready from the node holding the most (ties: the highest index)."""
        sv = self.svcs[s]
        for state, key in ((PENDING, None), (DEAD, lambda p: p.node), (STARTING, lambda p: (-p.ready_step, -p.seq))):
            cands = [p for p in sv.pods if p.state == state]
            if key is not None:
                cands.sort(key=key)
            for p in cands[:remove]:
                sv.pods.remove(p)
                remove -= 1
        while remove > 0:
            counts: dict[int, int] = {}
            for p in sv.pods:
                if p.state == READY:
                    counts[p.node] = counts.get(p.node, 0) + 1
            if not counts:
                break
            n = max(counts, key=lambda i: (counts[i], i))
            sv.pods.remove(next(p for p in sv.pods if p.state == READY and p.node == n))
            remove -= 1

    def set_surge(self, s: int, target: int) -> None:
        sv = self.svcs[s]
        if target > len(sv.surge):
            sv.surge += [_Pod(PENDING) for _ in range(target - len(sv.surge))]
        remove = len(sv.surge) - target
        for p in [p for p in sv.surge if p.state == PENDING][:max(0, remove)]:
            sv.surge.remove(p)
            remove -= 1
        while remove > 0:
            counts: dict[int, int] = {}
            for p in sv.surge:
                counts[p.node] = counts.get(p.node, 0) + 1
            n = max(counts, key=lambda i: (counts[i], i))
            sv.surge.remove(next(p for p in sv.surge if p.node == n))
            remove -= 1

    # --- failures ----------------------------------------------------------------------------------
    def clear_node(self, n: int, to_state: str) -> None:
        """Every pod leaves node ``n``: service pods become ``to_state`` (dead: stuck there; pending:
        recreated), surge pods pending, pause pods pending."""
        for sv in self.svcs:
            for p in sv.pods:
                if p.node == n and p.state in (STARTING, READY):
                    p.state = to_state
                    if to_state == PENDING:
                        p.node = None
            for p in sv.surge:
                if p.node == n:
                    p.node, p.state = None, PENDING
        nd = self.nodes[n]
        self.pause_pend[nd.zone if self.c.spare_per_zone else self.c.zones] += nd.pause
        nd.pause = 0

    def fail(self, n: int, k: int) -> bool:
        nd = self.nodes.get(n)
        if nd is None or nd.state not in ("ready", "provisioning"):
            return False
        nd.state, nd.failed_at, nd.unneeded_since = "failed", k, -1
        self.clear_node(n, DEAD)
        return True

    def worst_node(self, load: list[float]) -> int | None:
        busiest = load.index(max(load))
        best, best_v = None, -1
        for n in self.ready_nodes():
            v = sum(1 for p in self.svcs[busiest].pods if p.node == n and p.state in (STARTING, READY))
            if v > best_v:
                best, best_v = n, v
        return best

    def worst_zone(self, load: list[float]) -> int:
        busiest = load.index(max(load))
        vals = [sum(1 for p in self.svcs[busiest].pods if p.state in (STARTING, READY)
                    and self.nodes[p.node].zone == z and self.nodes[p.node].state == "ready")
                for z in range(self.c.zones)]
        return vals.index(max(vals))

    def eviction_interval_s(self, zone: int) -> float:
        """Seconds between taints in ``zone`` (node_lifecycle_controller.go ComputeZoneState); 0: none."""
        c = self.c
        states = {}
        for z in range(c.zones):
            ready = sum(1 for nd in self.nodes.values() if nd.zone == z and nd.state == "ready")
            failed = sum(1 for nd in self.nodes.values() if nd.zone == z and nd.state == "failed")
            if ready + failed == 0:
                continue
            if ready == 0:
                states[z] = ("full", ready + failed)
            elif failed > 2 and failed / (failed + ready) >= c.unhealthy_zone_threshold_frac:
                states[z] = ("partial", ready + failed)
            else:
                states[z] = ("normal", ready + failed)
        if states and all(st == "full" for st, _ in states.values()):
            return 0.0
        st, size = states.get(zone, ("normal", 0))
        if st == "partial":
            if size > c.large_cluster_size_threshold and c.secondary_eviction_rate_per_s > 0:
                return 1.0 / c.secondary_eviction_rate_per_s
            return 0.0
        return 1.0 / c.eviction_rate_per_s

    def schedule_evictions(self, failed_now: list[int], k: int, step_s: int) -> None:
        c = self.c
        for n in failed_now:
            nd = self.nodes[n]
            interval = self.eviction_interval_s(nd.zone)
            if interval <= 0.0:
                nd.evict_at = -1
                continue
            taint_s = max(k * step_s + c.node_monitor_grace_s, self.next_taint_s[nd.zone])
            self.next_taint_s[nd.zone] = taint_s + interval
            nd.evict_at = int(math.ceil((taint_s + c.eviction_toleration_s) / step_s - EPS))

    def evict_due(self, k: int) -> None:
        for n in sorted(self.nodes):
            nd = self.nodes[n]
            if nd.state == "failed" and 0 <= nd.evict_at <= k:
                for sv in self.svcs:
                    for p in sv.pods:
                        if p.node == n and p.state == DEAD:
                            p.state, p.node = PENDING, None
                nd.evict_at = -1

    # --- the node autoscaler ------------------------------------------------------------------------
    def pending_list(self, order: list[int]) -> list[tuple[float, float, int]]:
        out = []
        for surge_phase in (False, True):
            for s in order:
                svc, sv = self.inputs.services[s], self.svcs[s]
                n = sum(1 for p in (sv.surge if surge_phase else sv.pods) if p.state == PENDING)
                out += [(svc.cpu_request_millicores, svc.memory_request_mib, -1)] * n
        for z in range(self.c.zones + 1):
            out += [(self.c.node_cpu_millicores, self.c.node_memory_mib, z if z < self.c.zones else -1)] * self.pause_pend[z]
        return out

    def nodes_to_add(self, order: list[int]) -> tuple[list[int], int, bool]:
        """``(zones of the estimated new nodes, nodes to add, at_max)`` (min_nodes, max_nodes applied)."""
        c = self.c
        pending = self.pending_list(order)
        upcoming = [self.nodes[i].zone for i in sorted(self.nodes) if self.nodes[i].state == "provisioning"]
        zones = ca.estimate_new_nodes(pending, upcoming, c.node_cpu_millicores, c.node_memory_mib, c.node_pod_slots,
                                      c.node_slots - len(upcoming)) if pending else []
        new = len(zones)
        if self.requested() + new < c.min_nodes:
            new = c.min_nodes - self.requested()
        at_max = False
        if self.requested() + new > c.max_nodes:
            new, at_max = max(0, c.max_nodes - self.requested()), True
        return zones, new, at_max

    def failing(self, k: int) -> bool:
        return any(k0 <= k < k1 for k0, k1 in self.c.scale_up_failures)

    def scale_up(self, k: int, order: list[int]) -> tuple[int, bool]:
        """Request the nodes; ready ``provisioning_steps`` later, or never while scale-ups fail."""
        zones, new, at_max = self.nodes_to_add(order)
        ready_step = NEVER if self.failing(k) else k + self.c.provisioning_steps
        added = 0
        for i in range(new):
            if self.add_node(zones[i] if i < len(zones) else -1, ready_step, k) is None:
                at_max = True
                break
            added += 1
        if added:
            self.last_scale_up = self.request_step = k
        return added, at_max

    def drop_timed_out(self, k: int, step_s: int) -> None:
        """Nodes that never came up leave once the request timed out; the node group is backed off."""
        stuck = [i for i, nd in self.nodes.items() if nd.state == "provisioning" and nd.ready_at >= NEVER]
        if stuck and ca.scale_up_timed_out(self.request_step * step_s, k * step_s, self.c.max_node_provision_s):
            for i in stuck:
                del self.nodes[i]
            c = self.c
            self.backoff = ca.register_failed_scale_up(self.backoff, k * step_s, c.backoff_initial_s, c.backoff_max_s,
                                                       c.backoff_reset_s)

    def fits_elsewhere(self, n: int, room: dict[int, list], removing: set[int]) -> bool:
        """Every pod of node ``n`` first fit on another ready node not being removed; commits the room."""
        c = self.c
        trial = {i: list(v) for i, v in room.items()}
        pods = []
        for svc, sv in zip(self.inputs.services, self.svcs):
            cnt = sum(1 for p in sv.pods if p.node == n and p.state in (STARTING, READY)) + \
                sum(1 for p in sv.surge if p.node == n)
            pods += [(svc.cpu_request_millicores, svc.memory_request_mib)] * cnt
        pods += [(c.node_cpu_millicores, c.node_memory_mib)] * self.nodes[n].pause
        for cpu, mem in pods:
            j = next((j for j in self.ready_nodes() if j != n and j not in removing
                      and trial[j][0] + cpu <= c.node_cpu_millicores + EPS
                      and trial[j][1] + mem <= c.node_memory_mib + EPS and trial[j][2] + 1 <= c.node_pod_slots), None)
            if j is None:
                return False
            trial[j][0] += cpu
            trial[j][1] += mem
            trial[j][2] += 1
        room.update(trial)
        return True

    def scale_down(self, k: int, step_s: int) -> int:
        c = self.c
        rooms = []
        for n in self.ready_nodes():
            u_cpu, u_mem, u_slots = self.used(n)
            util = ca.node_utilization(c.daemonset_cpu_millicores + u_cpu, c.daemonset_memory_mib + u_mem,
                                       c.alloc_cpu_millicores, c.alloc_memory_mib)
            rooms.append(ca.NodeRoom(n, util, u_slots == 0))
        cands = ca.scale_down_candidates(rooms, c.scale_down_utilization_threshold_frac)
        room = {n: list(self.used(n)) for n in self.ready_nodes()}
        limit = self.requested() - c.min_nodes
        unneeded: list[ca.NodeRoom] = []
        for cand in cands:
            if len(unneeded) < limit and self.fits_elsewhere(cand.index, room, {u.index for u in unneeded}):
                unneeded.append(cand)
        since = ca.unneeded_since({i: nd.unneeded_since for i, nd in self.nodes.items() if nd.unneeded_since >= 0},
                                  [u.index for u in unneeded], k)
        for i, nd in self.nodes.items():
            nd.unneeded_since = since.get(i, -1)
        removable = {u.index for u in unneeded if ca.is_removable(since[u.index], k, step_s, c.scale_down_unneeded_s)}
        failed = [i for i in sorted(self.nodes) if self.nodes[i].state == "failed"
                  and ca.is_removable(self.nodes[i].failed_at, k, step_s, c.scale_down_unready_s)]
        if not removable and not failed:
            if unneeded:
                return ca.REASON_CODE["ScaleDownUnneededWait"]
            return ca.REASON_CODE["Provisioning" if any(nd.state == "provisioning" for nd in self.nodes.values())
                                  else "Steady"]
        if ca.in_scale_up_cooldown(self.last_scale_up * step_s, k * step_s, c.scale_down_delay_after_add_s):
            return ca.REASON_CODE["ScaleDownDelayAfterAdd"]
        gone = ca.select_removals(unneeded, failed, removable, c.max_scale_down_parallelism, c.max_drain_parallelism)
        for n in gone:
            if self.nodes[n].state == "ready":
                self.clear_node(n, PENDING)
            for sv in self.svcs:
                for p in sv.pods:
                    if p.node == n and p.state == DEAD:
                        p.state, p.node = PENDING, None
            del self.nodes[n]
        return ca.REASON_CODE["ScaleDown"] if gone else ca.REASON_CODE["ScaleDownUnneededWait"]

    def autoscale(self, k: int, step_s: int, order: list[int]) -> tuple[int, int]:
        """``(nodes_needed, reason code)``: scale up for pending pods (not while backed off), else scale down."""
        self.drop_timed_out(k, step_s)
        wanted = 0
        if ca.is_backed_off(self.backoff, k * step_s):
            added, at_max = 0, False
            wanted = self.nodes_to_add(order)[1]
        else:
            added, at_max = self.scale_up(k, order)
        if added:
            reason = ca.REASON_CODE["ScaleUp"]
        else:
            reason = self.scale_down(k, step_s)
            if wanted > 0 and reason != ca.REASON_CODE["ScaleDown"]:
                reason = ca.REASON_CODE["ScaleUpBackoff"]
            elif at_max and reason == ca.REASON_CODE["Steady"]:
                reason = ca.REASON_CODE["MaxNodesReached"]
        unneeded = sum(1 for nd in self.nodes.values() if nd.unneeded_since >= 0 and nd.state == "ready")
        return self.requested() - unneeded, reason

    def initial(self, specs: list[int], order: list[int], inputs: RefInputs) -> None:
        """docs/model.md, Start state (exact mode)."""
        c = self.c
        for s, spec in enumerate(specs):
            self.svcs.append(_Service(spec, [_Pod(PENDING) for _ in range(spec)], recommendations=((0.0, spec),)))
        for _ in range(min(_packed(specs, inputs), c.max_nodes)):
            self.add_node(-1, 0, 0)
        self.schedule(0, order)
        while any(p.state == PENDING for sv in self.svcs for p in sv.pods + sv.surge) and self.requested() < c.max_nodes:
            if self.add_node(-1, 0, 0) is None:
                break
            self.schedule(0, order)
        for z in range(c.zones + 1):
            while self.pause_pend[z] > 0 and self.requested() < c.max_nodes:
                before = self.pause_pend[z]
                self.place_pause_pods()
                if self.pause_pend[z] < before:
                    continue
                if self.add_node(z if z < c.zones else -1, 0, 0) is None:
                    break
        while self.requested() < c.min_nodes:
            if self.add_node(-1, 0, 0) is None:
                break
        for sv in self.svcs:
            for p in sv.pods:
                if p.state == STARTING:
                    p.state = READY
        for nd in self.nodes.values():  # the running cluster has the images of its pods
            nd.images = {s: 0 for s in nd.images}

    def requested_fracs(self) -> tuple[float, float]:
        c = self.c
        ready = self.ready_nodes()
        if not ready:
            return math.nan, math.nan
        cpu = sum(c.daemonset_cpu_millicores + self.used(n)[0] for n in ready)
        mem = sum(c.daemonset_memory_mib + self.used(n)[1] for n in ready)
        return cpu / (len(ready) * c.alloc_cpu_millicores), mem / (len(ready) * c.alloc_memory_mib)


NO_SCALE_UP_YET = -(10 ** 9)
NEVER = 1 << 40  #: the ready step of a node requested while scale-ups fail


def simulate_reference(inputs: RefInputs) -> dict[str, np.ndarray]:
    """Run the model (exact mode); per-step arrays ``[n_steps, S]`` (:data:`INT_OUTPUTS`,
    :data:`FLOAT_OUTPUTS`) and ``[n_steps]`` (:data:`CLUSTER_INT_OUTPUTS`, :data:`CLUSTER_FLOAT_OUTPUTS`).

    ``hpa_reason_code`` indexes :data:`planner.hpa.REASONS`. ``cpu_utilization_frac`` is the CPU
    utilization the HPA sees at the start of the step (integer percent of the ready pods' requests,
    / 100; NaN with no ready pod); ``requested_*_frac`` are NaN with no ready node."""
    services, c, step_s, K = inputs.services, inputs.cluster, inputs.step_s, inputs.n_steps
    S = len(services)
    order = ffd_order_py([s.cpu_request_millicores for s in services], [s.memory_request_mib for s in services],
                         c.node_cpu_millicores, c.node_memory_mib)
    cluster = _Cluster(inputs)
    cluster.initial([svc.min_replicas if inputs.cold_start else
                     steady_replicas(svc, svc.load_requests_per_s[0] if K else 0.0) for svc in services], order, inputs)
    events = sorted(inputs.events, key=lambda e: e[0])
    out = {k: np.zeros((K, S), np.int64) for k in INT_OUTPUTS}
    out.update({k: np.zeros((K, S)) for k in FLOAT_OUTPUTS})
    out.update({k: np.zeros(K, np.int64) for k in CLUSTER_INT_OUTPUTS})
    out.update({k: np.zeros(K) for k in CLUSTER_FLOAT_OUTPUTS})
    for k in range(K):
        load = [svc.load_requests_per_s[k] for svc in services]
        _step_events(cluster, events, k, load, step_s)
        for i, svc in enumerate(services):
            _service_sync(cluster, i, svc, k, step_s, load[i], out)
        cluster.schedule(k, order)
        needed, reason = cluster.autoscale(k, step_s, order)
        _outputs(cluster, services, k, load, needed, reason, out)
    return out


def _step_events(cluster: _Cluster, events: list, k: int, load: list[float], step_s: int) -> None:
    """Steps 1-3: nodes become ready, this step's events (failures get their eviction step), evictions due."""
    for nd in cluster.nodes.values():
        if nd.state == "provisioning" and nd.ready_at <= k:
            nd.state = "ready"
    failed_now = []
    for step, kind, target in events:
        if step != k:
            continue
        if kind == EV_NODE_FAIL:
            n = cluster.worst_node(load) if target < 0 else target
            if n is not None and cluster.fail(n, k):
                failed_now.append(n)
        elif kind == EV_ZONE_FAIL:
            z = cluster.worst_zone(load) if target < 0 else target
            for n in sorted(cluster.nodes):
                if cluster.nodes[n].zone == z and cluster.fail(n, k):
                    failed_now.append(n)
        elif kind in (EV_SCALE_TO_ZERO, EV_SCALE_FROM_ZERO) and 0 <= target < len(cluster.svcs):
            cluster.svcs[target].manual = kind
    cluster.schedule_evictions(failed_now, k, step_s)
    cluster.evict_due(k)


def _set_spec(cluster: _Cluster, i: int, svc: RefService, k: int, desired: int) -> None:
    """New spec: pending pods created, or pods deleted (:meth:`_Cluster.delete_pods`)."""
    sv = cluster.svcs[i]
    if desired > sv.spec:
        sv.pods += [_Pod(PENDING) for _ in range(desired - sv.spec)]
    elif desired < sv.spec:
        ready = sv.count(READY)
        cluster.delete_pods(i, sv.spec - desired)
        _forget_ready(svc, sv, k, ready - sv.count(READY))
    sv.spec = desired


def _service_sync(cluster: _Cluster, i: int, svc: RefService, k: int, step_s: int, x: float, out: dict) -> None:
    """Step 4 for one service: pods become ready, a scale to/from zero, the HPA syncs on the load of
    ``metrics_lag_steps`` ago, the spec and the surge are applied."""
    sv = cluster.svcs[i]
    became = 0
    for p in sv.pods:
        if p.state == STARTING and p.ready_step <= k:
            p.state = READY
            became += 1
    sv.became_ready = {step: n for step, n in sv.became_ready.items() if step > k - svc.metrics_lag_steps}
    if became:
        sv.became_ready[k] = became
    if sv.manual == EV_SCALE_TO_ZERO:
        _set_spec(cluster, i, svc, k, 0)
    elif sv.manual == EV_SCALE_FROM_ZERO and sv.spec == 0:
        _set_spec(cluster, i, svc, k, svc.min_replicas)
    sv.manual = -1
    x_seen = svc.load_requests_per_s[max(0, k - svc.metrics_lag_steps)]
    ready = sv.count(READY)
    d = hpa.decide(time_s=k * step_s, spec_replicas=sv.spec, ready_pods=ready, min_replicas=svc.min_replicas,
                   max_replicas=svc.max_replicas, metrics=_observe(svc, sv, k, step_s, x_seen),
                   tolerance_frac=svc.tolerance_frac, scale_up=svc.scale_up, scale_down=svc.scale_down,
                   recommendations=sv.recommendations, scale_events=sv.scale_events, behavior=svc.behavior,
                   downscale_stabilization_s=svc.downscale_stabilization_s)
    cpu_frac = _cpu_utilization_frac(svc, sv, k, step_s, x_seen)
    sv.recommendations, sv.scale_events = d.recommendations, d.scale_events
    _set_spec(cluster, i, svc, k, d.desired_replicas)
    frac = svc.surge_frac_per_step[k]
    surge = int(math.ceil(frac * sv.spec - EPS)) if frac > 0 else 0
    cluster.set_surge(i, surge)
    out["desired_replicas"][k, i] = d.desired_replicas
    out["raw_recommendation"][k, i] = d.raw_recommendation
    out["hpa_reason_code"][k, i] = d.reason_code
    out["surge_pods"][k, i] = surge
    out["cpu_utilization_frac"][k, i] = cpu_frac
    ready = sv.count(READY)  # after the scale-down: the pods that serve this step
    cap = ready * svc.pod_capacity_requests_per_s if ready > 0 else 0.0
    out["load_requests_per_s"][k, i] = x
    out["ready_pods"][k, i] = ready
    out["capacity_requests_per_s"][k, i] = cap
    out["shortfall_requests_per_s"][k, i] = max(0.0, x - cap)


def _outputs(cluster: _Cluster, services, k: int, load: list[float], needed: int, reason: int, out: dict) -> None:
    for i, (svc, sv) in enumerate(zip(services, cluster.svcs)):
        x = load[i]
        out["pending_pods"][k, i] = sv.count(PENDING)
        out["lost_pods"][k, i] = sv.count(DEAD)
        in_service = svc.asis_servers - (1 if svc.deploying[k] else 0) - (svc.asis_servers_out[k] if svc.asis_servers_out else 0)
        in_service = max(0, in_service)
        asis_cap = in_service * svc.asis_server_capacity_requests_per_s
        out["asis_servers_in_service"][k, i] = in_service
        out["asis_capacity_requests_per_s"][k, i] = asis_cap
        out["asis_shortfall_requests_per_s"][k, i] = max(0.0, x - asis_cap)
    out["nodes_needed"][k] = needed
    out["nodes_requested"][k] = cluster.requested()
    out["nodes_ready"][k] = len(cluster.ready_nodes())
    out["nodes_failed"][k] = sum(1 for nd in cluster.nodes.values() if nd.state == "failed")
    out["node_reason_code"][k] = reason
    out["requested_cpu_frac"][k], out["requested_memory_frac"][k] = cluster.requested_fracs()


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


def _node_slots(scenario) -> int:
    """Node slots: every pod on its own node, twice over, plus pause pods and min_nodes, within max_nodes."""
    cl = scenario.cluster
    pods = sum(math.ceil(s.hpa.max_replicas * (1.0 + s.max_surge_frac)) for s in scenario.services)
    pause = cl.spare_nodes * (cl.zones if cl.spare_scope == "zone" else 1)
    return max(1, min(cl.max_nodes, 2 * (pods + pause) + cl.min_nodes + cl.zones + 4))


def _servers_out(events, service: int, n_steps: int, repair_steps: int) -> tuple[int, ...]:
    out = [0] * n_steps
    for step, kind, target in events:
        if kind == EV_SERVER_FAIL and target in (-1, service):
            for k in range(step, min(n_steps, step + repair_steps)):
                out[k] += 1
    return tuple(out)


def ref_inputs_from_scenario(scenario, events=()) -> RefInputs:
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
            deploying=tuple(deploying), asis_servers=servers, asis_server_capacity_requests_per_s=cap_100,
            asis_servers_out=_servers_out(events, i, n_steps, int(math.ceil(a.repair_time_s / step_s))),
            metrics_lag_steps=int(math.ceil(s.hpa.metrics_lag_s / step_s)),
            cpu_initialization_period_s=float(s.hpa.cpu_initialization_period_s),
            pull_steps=int(math.ceil(s.image_pull_s / step_s)),
            behavior=s.hpa.behavior != "none", downscale_stabilization_s=float(s.hpa.downscale_stabilization_s)))
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
        max_scale_down_parallelism=cl.max_scale_down_parallelism, node_slots=_node_slots(scenario), zones=cl.zones,
        placement=cl.placement, spare_per_zone=cl.spare_scope == "zone",
        node_monitor_grace_s=float(cl.node_monitor_grace_period_s), eviction_toleration_s=float(cl.pod_eviction_toleration_s),
        eviction_rate_per_s=cl.node_eviction_rate_per_s,
        secondary_eviction_rate_per_s=cl.secondary_node_eviction_rate_per_s,
        large_cluster_size_threshold=cl.large_cluster_size_threshold,
        unhealthy_zone_threshold_frac=cl.unhealthy_zone_threshold_frac,
        scale_down_unready_s=float(cl.scale_down_unready_s), max_drain_parallelism=cl.max_drain_parallelism,
        max_node_provision_s=float(cl.max_node_provision_time_s), backoff_initial_s=float(cl.initial_node_group_backoff_s),
        backoff_max_s=float(cl.max_node_group_backoff_s), backoff_reset_s=float(cl.node_group_backoff_reset_s),
        scale_up_failures=tuple(scale_up_failure_windows(scenario)))
    return RefInputs(services=tuple(services), cluster=cluster, step_s=step_s, n_steps=n_steps,
                     cold_start=scenario.simulation.start == "cold",
                     events=tuple(tuple(int(v) for v in e) for e in events))


def simulate_scenario_reference(scenario, events=()) -> dict[str, np.ndarray]:
    """:func:`simulate_reference` of :func:`ref_inputs_from_scenario` (the keys of
    ``planner.engine.simulate_scenario``); ``events``: extra (step, kind, target) rows (drills)."""
    return simulate_reference(ref_inputs_from_scenario(scenario, events))
