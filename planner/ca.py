"""The node autoscaler, scalar and pure: the obviously-correct Cluster Autoscaler of one node pool.

Every rule mirrors the upstream Cluster Autoscaler (kubernetes/autoscaler ``cluster-autoscaler``),
named in its docstring:

* scale-up: pods that do not fit ask for ``binpacking_estimator.go`` nodes (first-fit decreasing,
  :mod:`planner.packing`), clamped to the node group's ``[min, max]`` size
  (``core/scaleup/orchestrator``), plus ``spare_nodes``; a scale-up loop does not evaluate
  scale-down (``static_autoscaler.go RunOnce`` returns after a scale-up);
* scale-down (FAQ "How does scale-down work?", ``core/scaledown/planner``, ``unneeded/nodes.go``):
  a node is unneeded when the requests of the pods on the ready nodes (DaemonSets included), in
  nodes, stay below ``--scale-down-utilization-threshold`` of what is kept; it is removed once it
  has been unneeded for strictly longer than ``--scale-down-unneeded-time``
  (``unneededSince.Add(unneededTime).Before(now)``), never within ``--scale-down-delay-after-add``
  of a scale-up (``lastScaleUpTime.Add(delay).After(now)``), at most
  ``--max-scale-down-parallelism`` at once; the nodes left keep their unneeded timers.

Time is an explicit ``time_s`` [s]; the unneeded history is an explicit tuple passed in and
returned updated (nothing is mutated, no clock is read). ``docs/model.md`` section "Nodes" is the
contract; the fast kernel (``planner.engine.kernel``) implements the same rules over arrays and the
reason codes are shared through :data:`REASONS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Stable reason codes; the index is the integer code used by the engine and in frames.
REASONS: tuple[str, ...] = ("Steady", "ScaleUp", "ScaleDown", "Provisioning", "ScaleDownDelayAfterAdd",
                            "ScaleDownUnneededWait", "MaxNodesReached", "ScaleUpBackoff")
REASON_CODE: dict[str, int] = {name: i for i, name in enumerate(REASONS)}

EPS = 1e-9  #: added before flooring a utilization counted in nodes (float sums of integer requests)


@dataclass(frozen=True)
class Settings:
    """The node group and the autoscaler flags (scenario ``cluster``; defaults in planner.scenario)."""

    spare_nodes: int
    min_nodes: int
    max_nodes: int
    scale_down_unneeded_s: float  #: --scale-down-unneeded-time [s]
    scale_down_delay_after_add_s: float  #: --scale-down-delay-after-add [s]
    scale_down_utilization_threshold_frac: float  #: --scale-down-utilization-threshold
    max_scale_down_parallelism: int  #: --max-scale-down-parallelism


@dataclass(frozen=True)
class NodeDecision:
    """The outcome of one autoscaler loop.

    ``unneeded`` ``((time_s, excess_nodes), ...)`` is the history to pass to the next call."""

    nodes_needed: int  #: packed nodes + spare, within [min_nodes, max_nodes]
    add: int  #: nodes requested now (ready after the provisioning delay)
    remove: int  #: ready nodes removed now
    reason: str  #: one of :data:`REASONS`
    unneeded: tuple[tuple[float, int], ...]

    @property
    def reason_code(self) -> int:
        return REASON_CODE[self.reason]


def nodes_needed(packed_nodes: int, settings: Settings) -> int:
    """``clamp(packed + spare_nodes, min_nodes, max_nodes)``: what the pods ask of the node group."""
    return max(settings.min_nodes, min(settings.max_nodes, packed_nodes + settings.spare_nodes))


def used_nodes(cpu_requested_millicores: float, memory_requested_mib: float, alloc_cpu_millicores: float,
               alloc_memory_mib: float) -> float:
    """Requests on the ready nodes counted in nodes: ``max(Σcpu / alloc_cpu, Σmem / alloc_mem)``
    (the scale-down utilization is the larger of cpu and memory, ``utilization/info.go``)."""
    return max(cpu_requested_millicores / alloc_cpu_millicores, memory_requested_mib / alloc_memory_mib)


def excess_nodes(nodes_ready: int, needed: int, used: float, threshold_frac: float) -> int:
    """Ready nodes beyond ``max(needed, floor(used / threshold))``: the ones that are unneeded now."""
    keep = max(needed, int(math.floor(used / threshold_frac + EPS)))
    return max(0, nodes_ready - keep)


def removable_nodes(unneeded: tuple[tuple[float, int], ...], time_s: float,
                    unneeded_s: float) -> tuple[int, tuple[tuple[float, int], ...]]:
    """``(n, history)``: the j-th excess node is removable when the excess was ``>= j`` at every
    evaluation since one made strictly more than ``unneeded_s`` ago. ``history`` drops the samples
    older than the latest such evaluation (they can never count again)."""
    before = [i for i, (t, _) in enumerate(unneeded) if t < time_s - unneeded_s]
    if not before:
        return 0, unneeded
    kept = unneeded[before[-1]:]
    return min(x for _, x in kept), kept


def in_scale_up_cooldown(last_scale_up_s: float, time_s: float, delay_after_add_s: float) -> bool:
    """``lastScaleUpTime.Add(scaleDownDelayAfterAdd).After(now)``."""
    return last_scale_up_s + delay_after_add_s > time_s


def decide(*, time_s: float, packed_nodes: int, nodes_ready: int, nodes_requested: int,
           cpu_requested_millicores: float, memory_requested_mib: float, alloc_cpu_millicores: float,
           alloc_memory_mib: float, settings: Settings, last_scale_up_s: float,
           unneeded: tuple[tuple[float, int], ...] = ()) -> NodeDecision:
    """One autoscaler loop at ``time_s`` [s] (``static_autoscaler.go RunOnce``).

    1. ``needed = nodes_needed(packed)``; above ``nodes_requested`` (ready + provisioning) the
       difference is requested (``ScaleUp``) and nothing else happens this loop;
    2. else the excess (:func:`excess_nodes`) is recorded at ``time_s``; with an excess: in the
       cooldown after a scale-up → ``ScaleDownDelayAfterAdd``; not unneeded long enough →
       ``ScaleDownUnneededWait``; else ``min(removable, parallelism)`` nodes go (``ScaleDown``) and
       the samples kept are lowered by that many; with no excess and nodes still provisioning →
       ``Provisioning``;
    3. a loop that did nothing while the node group is at ``max_nodes`` below what the pods ask →
       ``MaxNodesReached``.

    ``cpu/memory_requested`` are the requests of the scheduled pods plus the DaemonSets of the
    ready nodes."""
    needed = nodes_needed(packed_nodes, settings)
    if needed > nodes_requested:
        return NodeDecision(needed, needed - nodes_requested, 0, "ScaleUp", unneeded)
    used = used_nodes(cpu_requested_millicores, memory_requested_mib, alloc_cpu_millicores, alloc_memory_mib)
    excess = excess_nodes(nodes_ready, needed, used, settings.scale_down_utilization_threshold_frac)
    history = unneeded + ((time_s, excess),)
    removable, history = removable_nodes(history, time_s, settings.scale_down_unneeded_s)
    reason, remove = "Steady", 0
    if excess > 0:
        if in_scale_up_cooldown(last_scale_up_s, time_s, settings.scale_down_delay_after_add_s):
            reason = "ScaleDownDelayAfterAdd"
        elif removable <= 0:
            reason = "ScaleDownUnneededWait"
        else:
            remove = min(removable, settings.max_scale_down_parallelism)
            history = tuple((t, max(0, x - remove)) for t, x in history)
            reason = "ScaleDown"
    elif nodes_requested > nodes_ready:
        reason = "Provisioning"
    if reason == "Steady" and needed == settings.max_nodes and packed_nodes + settings.spare_nodes > settings.max_nodes:
        reason = "MaxNodesReached"
    return NodeDecision(needed, 0, remove, reason, history)


# --- node by node (exact mode: pods on explicit nodes) -----------------------------------------------
@dataclass(frozen=True)
class NodeRoom:
    """What the autoscaler sees of one node: its slot, its requests as a share of allocatable
    (``utilization``, DaemonSets included: the larger of cpu and memory), and whether it holds no pod."""

    index: int
    utilization: float
    empty: bool


def node_utilization(cpu_requested_millicores: float, memory_requested_mib: float, alloc_cpu_millicores: float,
                     alloc_memory_mib: float) -> float:
    """``max(cpu / alloc_cpu, mem / alloc_mem)`` of one node (utilization/info.go), DaemonSets included."""
    return max(cpu_requested_millicores / alloc_cpu_millicores, memory_requested_mib / alloc_memory_mib)


def scale_down_candidates(nodes: list[NodeRoom], threshold_frac: float) -> list[NodeRoom]:
    """Ready nodes below the utilization threshold, lowest utilization first (ties: the highest index,
    the newest node)."""
    cands = [n for n in nodes if n.utilization < threshold_frac]
    return sorted(cands, key=lambda n: (n.utilization, -n.index))


def unneeded_since(previous: dict[int, int], unneeded_now: list[int], step: int) -> dict[int, int]:
    """The unneeded timers after this loop (nodes_test.go TestUpdate): a node still unneeded keeps
    its first step, a newly unneeded one gets ``step``, the others lose their timer."""
    return {n: previous.get(n, step) for n in unneeded_now}


def is_removable(since_step: int, step: int, step_s: float, unneeded_s: float) -> bool:
    """``unneededSince.Add(unneededTime).Before(now)``: unneeded strictly longer than the unneeded time."""
    return (step - since_step) * step_s > unneeded_s


def select_removals(ordered_unneeded: list[NodeRoom], failed_past_unready: list[int], removable: set[int],
                    parallelism: int, drain_parallelism: int) -> list[int]:
    """Nodes removed in one loop (scale_down/actuation): failed nodes past the unready time first, then
    empty unneeded nodes, then at most ``drain_parallelism`` non-empty ones, ``parallelism`` in all,
    each group in candidate order."""
    out = list(failed_past_unready[:parallelism])
    for n in ordered_unneeded:
        if len(out) < parallelism and n.index in removable and n.empty:
            out.append(n.index)
    drained = 0
    for n in ordered_unneeded:
        if len(out) < parallelism and n.index in removable and not n.empty and drained < drain_parallelism:
            out.append(n.index)
            drained += 1
    return out


def estimate_new_nodes(pending: list[tuple[float, float, int]], upcoming_zones: list[int], room_cpu_millicores: float,
                       room_memory_mib: float, room_slots: int, max_new: int) -> list[int]:
    """The binpacking estimate (estimator/binpacking_estimator.go) of a scale-up: ``pending`` pods
    ``(cpu, memory, pinned zone or -1)`` in the caller's order go first fit onto the nodes being
    provisioned (empty templates, their zones given) and then onto new empty nodes. Returns the zone
    of each new node (-1: no pinned pod chose one), at most ``max_new`` nodes."""
    eps = 1e-9
    bins: list[list] = [[0.0, 0.0, 0, z] for z in upcoming_zones]
    n_up = len(bins)
    for c, m, pin in pending:
        for b in bins:
            if ((pin < 0 or b[3] == pin or b[3] < 0) and b[0] + c <= room_cpu_millicores + eps
                    and b[1] + m <= room_memory_mib + eps and b[2] + 1 <= room_slots):
                b[0] += c
                b[1] += m
                b[2] += 1
                if b[3] < 0:
                    b[3] = pin
                break
        else:
            if len(bins) - n_up >= max_new:
                break
            bins.append([c, m, 1, pin])
    return [b[3] for b in bins[n_up:]]


# --- failed scale-ups: max-node-provision-time and the node group backoff ------------------------
@dataclass(frozen=True)
class Backoff:
    """The node group's backoff entry (utils/backoff/exponential_backoff.go ``exponentialBackoffInfo``)."""

    until_s: float  #: scale-ups are skipped while ``until_s`` is after now
    duration_s: float
    last_failure_s: float


def scale_up_timed_out(request_s: float, now_s: float, max_provision_s: float) -> bool:
    """clusterstate.go ``updateScaleRequests``: a scale-up request whose nodes are still upcoming
    times out when ``ExpectedAddTime.Before(now)``, ``ExpectedAddTime = request + --max-node-provision-time``
    (a later scale-up of the group moves it: ``RegisterOrUpdateScaleUp``)."""
    return request_s + max_provision_s < now_s


def register_failed_scale_up(entry: Backoff | None, now_s: float, initial_s: float, max_s: float,
                             reset_s: float) -> Backoff:
    """The backoff after a failed scale-up (``exponentialBackoff.Backoff``, with ``RemoveStaleBackoffData``
    run first in the same loop): an entry whose last failure is more than ``reset_s`` old is dropped;
    a new one starts at ``initial_s``; one still backing off keeps its duration (concurrent failures do
    not compound); an expired one doubles it, up to ``max_s``."""
    if entry is not None and entry.last_failure_s + reset_s < now_s:
        entry = None
    duration = initial_s
    if entry is not None:
        duration = entry.duration_s
        if entry.until_s < now_s:
            duration = min(2 * entry.duration_s, max_s)
    return Backoff(now_s + duration, duration, now_s)


def is_backed_off(entry: Backoff | None, now_s: float) -> bool:
    """``IsBackedOff``: ``backoffUntil.After(now)``."""
    return entry is not None and entry.until_s > now_s
