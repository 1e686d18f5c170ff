"""The verdict (issue 15): fair baselines, a savings waterfall and the saving at equal risk.

Five plans from the same load, prices and purchase strategy:

1. **As-Is as configured** (``planner.plan``'s As-Is);
2. **As-Is right-sized**: per service the cheapest catalog server type of the same provider and
   region at the same sizing target and N+k (``planner.asis.size_as_is``); burstable and other-
   architecture types are left out as the node search leaves them out (``search.exclusion``);
3. **As-Is elastic**: one VM autoscaling group per service on its right-sized type: each hour as
   many servers as that hour's peak needs at the sizing target, plus the same backups; a rise is
   served late by the target-tracking alarm and the instance boot (:data:`ASG_SCALE_OUT_ALARM_S`,
   :data:`ASG_BOOT_S`), a fall is followed after the scale-in alarm (:data:`ASG_SCALE_IN_ALARM_S`),
   billed per second; the "no Kubernetes" alternative;
4. **To-Be as configured**;
5. **To-Be at equal risk**: the configured To-Be if its shortfall is no worse than plan 1's (and,
   given a ``drill_check``, it survives the failure drills plan 1 survives; without one the drills
   are reported beside the verdict, which says so); else the smallest change of the fix ladder
   (:func:`equal_risk`) that gets there; None when nothing within the scenario's bounds does.

**The waterfall** (:func:`waterfall`) walks from plan 1 to plan 4 through computed plans, each step
the difference of two of them, all on on-demand prices except the last step; so the steps sum to
the total exactly (telescoping):

* ``right_sizing``: plan 1 -> plan 2;
* ``elasticity``: plan 2 -> plan 3;
* ``to_nodes``: plan 3 -> a Kubernetes node pool per service (the configured node type, no
  Kubernetes overheads, a spare node per backup server): machines sized by pods, not servers;
* ``consolidation``: -> one shared pool for every service (same spare count): packing services
  with different daily shapes together;
* ``pooled_spare``: -> the configured spare nodes instead of one per As-Is backup;
* ``k8s_overheads``: -> the configured cluster (control plane, DaemonSets, kube-reserved and
  eviction thresholds, extended support): plan 4 on on-demand;
* ``purchase_options``: plan 4 under the scenario's strategy minus on-demand, less the same for
  plan 1.

Pure: no streamlit, no wording (``planner.i18n.verdict`` words it).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner import engine as eng
from planner import planning, pricing
from planner.asis import EPS, AsIsRun, size_as_is, usable_capacity
from planner.catalog import Instance, resolve_instance
from planner.environments import expand
from planner.instance_families import family_of
from planner.result import Summary
from planner.scenario import MAX_NODES, MAX_REPLICAS, MAX_SPARE_NODES, Scenario, ScenarioError, asis_problems
from planner.scenario_io import scenario_to_dict
from planner.search import catalog_candidates, exclusion
from planner.sweep import variant_scenario

#: AWS target tracking: the scale-out alarm fires after 3 one-minute datapoints above the target
#: (docs.aws.amazon.com/autoscaling/ec2/userguide/target-tracking-scaling-policy-overview.html).
ASG_SCALE_OUT_ALARM_S = 180
#: EC2 Auto Scaling default instance warm-up: a new instance counts after 300 s
#: (docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-default-instance-warmup.html).
ASG_BOOT_S = 300
#: Target tracking's scale-in alarm: 15 one-minute datapoints below the target (same page as above).
ASG_SCALE_IN_ALARM_S = 900
#: A To-Be shortfall above this share of requests turns the saving into a warning (issue 15: 0.1 %).
DEFAULT_RISK_THRESHOLD_FRAC = 0.001
#: "No worse than the As-Is" allows this much more of the requests unserved (one in 100,000): a
#: step load jumps at the hour and any autoscaler serves the first sync of a jump late, so a
#: strict zero would call every autoscaled plan riskier over a few hundred requests a day. The
#: verdict states it beside the equal-risk saving.
DEFAULT_EQUAL_RISK_TOLERANCE_FRAC = 1e-5

#: What removes each overhead for the waterfall's "no Kubernetes overheads" pools.
NO_OVERHEADS = {"cluster.daemonset_cpu_millicores": 0, "cluster.daemonset_memory_mib": 0,
                "cluster.daemonset_pods": 0, "cluster.allocatable_formula": "none",
                "cluster.control_plane.mode": "managed", "cluster.control_plane.managed_usd_per_hour": 0.0,
                "costs.to_be.control_plane_support": "standard"}
STEPS = ("right_sizing", "elasticity", "to_nodes", "consolidation", "pooled_spare", "k8s_overheads",
         "purchase_options")

#: ``drill_check(scenario_to_try, base_scenario) -> (code, params) | None``: None when the To-Be of
#: the first survives every failure drill the As-Is of the second survives (``planner.drills``).
DrillCheck = Callable[[Scenario, Scenario], "tuple[str, dict] | None"]


# --- plans 2 and 3: the As-Is baselines ---------------------------------------------------------
@dataclass(frozen=True)
class ServerChoice:
    """One service's right-sized server: its type, servers (peak + backups), cost."""

    service: str
    instance_type: str
    servers: int
    backups: int
    usd_per_hour: float  #: on-demand server price
    usd_per_month: float  #: servers x (price + per-machine lines) x hours per month


@dataclass(frozen=True)
class AsIsBaseline:
    """An As-Is-side plan computed without the engine (plans 2 and 3), on on-demand prices."""

    key: str  #: "right_sized" or "elastic"
    usd_per_month: float  #: machines + the lines beside them [USD/month]
    machines_usd_per_month: float
    other_usd_per_month: float
    server_hours_per_month: float
    shortfall_requests: float
    shortfall_frac: float
    choices: tuple[ServerChoice, ...]


def _peaks(scenario: Scenario) -> tuple[np.ndarray, np.ndarray]:
    """``(peak per service [S], peak per hour and service [H, S])`` of the per-step load, as
    ``planning.simulate`` sizes the As-Is (the higher of the hourly and the per-step values)."""
    hourly = eng.scenario_hourly_load(scenario)
    steps = eng.scenario_step_load(scenario)
    sph = 3600 // scenario.simulation.step_s
    per_hour = np.maximum(hourly, steps.reshape(len(hourly), sph, -1).max(axis=1))
    return per_hour.max(axis=0), per_hour


def _line_rates(scenario: Scenario) -> tuple[float, float]:
    """``(fixed, per machine)`` As-Is lines [USD/hour]: the lines are linear in the machine count
    (disks, agents, licences per machine; load balancers, NAT, traffic, fixed do not depend on it)."""
    H = scenario.horizon_hours
    req = (eng.scenario_hourly_load(scenario) * 3600.0).sum(axis=1)

    def at(n: int) -> float:
        lines = pricing.cost_lines(scenario, asis_servers=n, tobe_node_hours_by_hour=np.zeros(H), requests_by_hour=req)
        return float(sum(line.usd_hourly.mean() for line in lines if line.plan == "as_is"))

    fixed = at(0)
    return fixed, at(1) - fixed


def server_candidates(scenario: Scenario) -> list[Instance]:
    """The configured server type first, then the catalog types of its provider and region that
    the model judges fairly (no burstable, same CPU architecture)."""
    own_ref = scenario.as_is.server
    own = resolve_instance(own_ref, "as_is.server")
    out = [own]
    if own.provider is None:
        return out
    fam = family_of(own.instance_type, own.provider)
    for c in catalog_candidates(own.provider, own.region):
        if c.instance.instance_type != own.instance_type and exclusion(c, fam) is None:
            out.append(c.instance)
    return out


def _on_demand_rate(scenario: Scenario, inst: Instance) -> float:
    return pricing.machine_rates(inst, scenario.pricing.price_book)["on_demand"].usd_per_hour


def right_size(scenario: Scenario, candidates: Sequence[Instance] | None = None) -> AsIsBaseline:
    """Plan 2: per service the cheapest server type that holds it, same target and N+k. The
    configured type is a candidate and wins ties, so right-sizing never raises the cost."""
    cands = list(candidates) if candidates is not None else server_candidates(scenario)
    peak, _ = _peaks(scenario)
    fixed, per_machine = _line_rates(scenario)
    hpm = scenario.hours_per_month
    best: list[ServerChoice | None] = [None] * len(scenario.services)
    for inst in cands:
        cpu, mem = usable_capacity(inst, scenario.as_is)
        bad = {p.split("]")[0] for p, _ in asis_problems(scenario, server_type=inst.instance_type,
                                                          usable_cpu_millicores=cpu, usable_memory_mib=mem)}
        rate = _on_demand_rate(scenario, inst)
        for i, z in enumerate(size_as_is(scenario, inst, peak)):
            if f"services[{i}" in bad or not math.isfinite(z.capacity_at_target_requests_per_s):
                continue
            usd = z.servers * (rate + per_machine) * hpm
            if best[i] is None or usd < best[i].usd_per_month - 1e-9:
                best[i] = ServerChoice(scenario.services[i].name, inst.instance_type, z.servers, z.backup_servers,
                                       rate, usd)
    if any(b is None for b in best):
        raise ScenarioError([("as_is.server", "no server type holds every service")])
    choices = tuple(best)  # type: ignore[arg-type]
    machines = sum(c.servers * c.usd_per_hour for c in choices) * hpm
    other = (fixed + per_machine * sum(c.servers for c in choices)) * hpm
    short, frac = _static_shortfall(scenario, choices, cands, peak)
    return AsIsBaseline("right_sized", machines + other, machines, other,
                        float(sum(c.servers for c in choices)) * hpm, short, frac, choices)


def _static_shortfall(scenario: Scenario, choices: Sequence[ServerChoice], cands: Sequence[Instance],
                      peak: np.ndarray) -> tuple[float, float]:
    """``(requests, share)`` the right-sized fleet leaves unserved, by the As-Is model of
    ``planning.simulate`` (each deploy takes one server out; failures as the scenario's events)."""
    by_type = {i.instance_type: i for i in cands}
    sizing = [size_as_is(scenario, by_type[c.instance_type], peak)[i] for i, c in enumerate(choices)]
    step_s = scenario.simulation.step_s
    load = eng.scenario_step_load(scenario)
    run = AsIsRun(sizing, eng.scenario_events(scenario), len(load), step_s, False, scenario.as_is.repair_time_s)
    run(load, 0, len(load))
    total = float(load.sum() * step_s)
    short = float(run.hourly_shortfall_requests.sum())
    return short, short / total if total > 0 else 0.0


def elastic_counts(per_hour_peak: np.ndarray, cap_at_target: float, backups: int) -> np.ndarray:
    """Servers of one autoscaling group per hour: ``max(1, ceil(peak_h / capacity at target)) +
    backups`` (the static sizing, hour by hour)."""
    need = np.ceil(per_hour_peak / cap_at_target - EPS) if math.isfinite(cap_at_target) else np.zeros_like(per_hour_peak)
    return np.maximum(1, need).astype(np.int64) + backups


def elastic_server_seconds(n: np.ndarray, scale_out_alarm_s: int = ASG_SCALE_OUT_ALARM_S,
                           scale_in_alarm_s: int = ASG_SCALE_IN_ALARM_S) -> np.ndarray:
    """Billed server-seconds per hour of a group with hourly counts ``n`` (the day repeats, so hour
    0 follows the last hour): a rise launches after the scale-out alarm and is billed from launch;
    a fall ends after the scale-in alarm.

    >>> elastic_server_seconds(np.array([2, 4, 3])).tolist()  # 2->... wraps from 3; 2->4; 4->3
    [8100.0, 14040.0, 11700.0]

    Hour 0: 3 -> 2 falls, 2 x 3600 + 1 x 900 = 8100; hour 1: 2 x 3600 + 2 x (3600 - 180) = 14040;
    hour 2: 3 x 3600 + 1 x 900 = 11700."""
    prev = np.roll(n, 1)
    up = np.maximum(n - prev, 0) * (3600 - scale_out_alarm_s)
    down = np.maximum(prev - n, 0) * scale_in_alarm_s
    return (np.minimum(n, prev) * 3600 + up + down).astype(float)


def elastic_shortfall(step_load: np.ndarray, n: np.ndarray, cap_full: float, step_s: int,
                      lag_s: int = ASG_SCALE_OUT_ALARM_S + ASG_BOOT_S) -> float:
    """Requests one group leaves unserved: for the first ``lag_s`` of an hour whose count rose, the
    previous hour's servers serve (at 100 % of usable); after that the hour's own."""
    sph = 3600 // step_s
    prev = np.roll(n, 1)
    k_in_hour = np.arange(len(step_load)) % sph
    hour = np.arange(len(step_load)) // sph
    servers = np.where((k_in_hour * step_s < lag_s) & (n[hour] > prev[hour]), prev[hour], n[hour])
    return float(np.maximum(0.0, step_load - servers * cap_full).sum() * step_s)


def elastic(scenario: Scenario, rs: AsIsBaseline) -> AsIsBaseline:
    """Plan 3: one autoscaling group per service on its right-sized type (module docstring)."""
    _, per_hour = _peaks(scenario)
    steps = eng.scenario_step_load(scenario)
    fixed, per_machine = _line_rates(scenario)
    hpm, H = scenario.hours_per_month, scenario.horizon_hours
    by_type = {i.instance_type: i for i in server_candidates(scenario)}
    machines = server_s = short = 0.0
    for i, c in enumerate(rs.choices):
        inst = by_type.get(c.instance_type) or resolve_instance(scenario.as_is.server, "as_is.server")
        z = size_as_is(scenario, inst, per_hour.max(axis=0))[i]
        n = elastic_counts(per_hour[:, i], z.capacity_at_target_requests_per_s, z.backup_servers)
        secs = elastic_server_seconds(n)
        machines += secs.sum() / 3600.0 / H * c.usd_per_hour * hpm
        server_s += secs.sum()
        short += elastic_shortfall(steps[:, i], n, z.capacity_full_requests_per_s, scenario.simulation.step_s)
    mean_servers = server_s / 3600.0 / H
    other = (fixed + per_machine * mean_servers) * hpm
    total = float(steps.sum() * scenario.simulation.step_s)
    return AsIsBaseline("elastic", machines + other, machines, other, mean_servers * hpm, short,
                        short / total if total > 0 else 0.0, rs.choices)


# --- the To-Be side of the waterfall ------------------------------------------------------------
def _summary(scenario: Scenario, overrides: Mapping[str, Any], threads: int | None) -> Summary:
    return planning.plan_summary(variant_scenario(scenario, overrides) if overrides else scenario, threads=threads)


def _backups(scenario: Scenario) -> list[int]:
    b = scenario.as_is.backup_servers_per_service
    return [s.backup_servers if s.backup_servers is not None else b for s in scenario.services]


def per_service_pools(scenario: Scenario, threads: int | None = None) -> float:
    """On-demand USD/month of one node pool per service (each alone in its own cluster, the
    configured node type, no Kubernetes overheads, a spare node per As-Is backup of the service)."""
    d = scenario_to_dict(scenario)
    total = 0.0
    for svc, backups in zip(d["services"], _backups(scenario)):
        own = variant_scenario({**d, "services": [svc]},
                               {**NO_OVERHEADS, "cluster.spare_nodes": min(backups, MAX_SPARE_NODES)})
        total += planning.plan_summary(own, threads=threads).tobe_usd_per_month_on_demand
    return total


@dataclass(frozen=True)
class Step:
    """One waterfall step: the saving from the plan before to the plan after [USD/month]
    (negative: the step costs money)."""

    key: str
    before_usd_per_month: float
    after_usd_per_month: float

    @property
    def saving_usd_per_month(self) -> float:
        return self.before_usd_per_month - self.after_usd_per_month


def waterfall(scenario: Scenario, summary: Summary, rs: AsIsBaseline, el: AsIsBaseline,
              threads: int | None = None) -> tuple[Step, ...]:
    """The steps from plan 1 (``summary``'s As-Is, its strategy) to plan 4 (its To-Be, its
    strategy); every value a computed plan, so ``sum(saving) == summary.savings_usd_per_month``."""
    s = summary
    pools = per_service_pools(scenario, threads)
    spare_backups = min(sum(_backups(scenario)), MAX_SPARE_NODES)
    shared = _summary(scenario, {**NO_OVERHEADS, "cluster.spare_nodes": spare_backups}, threads)
    lean = _summary(scenario, NO_OVERHEADS, threads)
    # every inner plan is priced on-demand; plan 1's own discount (0 when on-demand) is carried
    # along and settled in the last step, so the chain telescopes from plan 1 to plan 4 exactly
    d1 = s.asis_usd_per_month - s.asis_usd_per_month_on_demand
    values = [s.asis_usd_per_month, rs.usd_per_month + d1, el.usd_per_month + d1, pools + d1,
              shared.tobe_usd_per_month_on_demand + d1, lean.tobe_usd_per_month_on_demand + d1,
              s.tobe_usd_per_month_on_demand + d1, s.tobe_usd_per_month]
    return tuple(Step(k, values[i], values[i + 1]) for i, k in enumerate(STEPS))


# --- plan 5: the To-Be at equal risk, and the fixes -------------------------------------------
@dataclass(frozen=True)
class Fix:
    """A change to the To-Be tried for equal risk: its overrides (field path -> value), what it
    costs per month over the configured To-Be, and the shortfall before and after."""

    code: str  #: max_nodes, max_replicas, spare_nodes, min_replicas, or a combination joined by "+"
    overrides: dict[str, Any]
    params: dict[str, Any]  #: what the wording shows (service, old and new values)
    usd_per_month: float  #: To-Be cost with the change [USD/month], the scenario's strategy
    extra_usd_per_month: float  #: over the configured To-Be
    shortfall_frac_before: float
    shortfall_frac_after: float
    qualifies: bool  #: no worse than the As-Is and survives its drills
    summary: Summary = field(repr=False, compare=False, default=None)  # type: ignore[assignment]


def _qualifies(s: Summary, base: Summary, sc: Scenario, base_sc: Scenario, drill: DrillCheck | None,
               tol: float) -> bool:
    if s.tobe_shortfall_frac > base.asis_shortfall_frac + tol + 1e-15:
        return False
    return drill is None or drill(sc, base_sc) is None


def _uncap(scenario: Scenario, s: Summary) -> dict[str, Any]:
    """The overrides that lift the bounds the plan hit (max_nodes, max_replicas) to their limits."""
    codes = {c for c, _ in s.warning_items}
    out: dict[str, Any] = {}
    if "max_nodes_reached" in codes:
        out["cluster.max_nodes"] = MAX_NODES
    for code, prm in s.warning_items:
        if code in ("peak_above_max_replicas", "reached_max_replicas"):
            i = [x.name for x in scenario.services].index(prm["service"])
            out[f"services[{i}].hpa.max_replicas"] = MAX_REPLICAS
    return out


def _bounds_needed(scenario: Scenario, uncap: dict[str, Any], threads: int | None) -> dict[str, Any]:
    """The smallest values of the lifted bounds that the uncapped plan reaches (its node peak, each
    service's pod peak), never below the configured ones."""
    p = planning.plan(variant_scenario(scenario, uncap), threads=threads, keep_steps=False)
    out: dict[str, Any] = {}
    for path in uncap:
        if path == "cluster.max_nodes":
            out[path] = max(scenario.cluster.max_nodes, p.summary.tobe_nodes_peak)
        else:
            i = int(path.split("[")[1].split("]")[0])
            out[path] = max(scenario.services[i].hpa.max_replicas, int(p.services["pods_peak"].iloc[i]))
    return out


def _ladder(scenario: Scenario, bounds: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The changes tried, each only adding capacity: the bounds alone, then one minimum replica
    more, one spare node more, the CPU targets 0.1 lower, pairs of these, and all three with the
    CPU targets 0.2 lower."""
    spare = scenario.cluster.spare_nodes
    mins = {f"services[{i}].hpa.min_replicas": min(s.hpa.min_replicas + 1, s.hpa.max_replicas if
                                                   f"services[{i}].hpa.max_replicas" not in bounds else MAX_REPLICAS)
            for i, s in enumerate(scenario.services)}
    sp1 = {"cluster.spare_nodes": min(spare + 1, MAX_SPARE_NODES)}
    cpu1, cpu2 = _cpu_targets(scenario, 0.1), _cpu_targets(scenario, 0.2)
    base = [("bounds", dict(bounds))] if bounds else []
    return base + [("min_replicas", {**bounds, **mins}), ("spare_nodes", {**bounds, **sp1}),
                   ("cpu_target", {**bounds, **cpu1}), ("cpu_target+min_replicas", {**bounds, **cpu1, **mins}),
                   ("spare_nodes+min_replicas", {**bounds, **sp1, **mins}),
                   ("cpu_target+spare_nodes+min_replicas", {**bounds, **cpu2, **sp1, **mins})]


def _cpu_targets(scenario: Scenario, lower_by: float) -> dict[str, Any]:
    """Each service's CPU target lowered by ``lower_by`` (not below 0.3): more headroom per pod
    while a scale-up is under way."""
    out = {}
    for i, s in enumerate(scenario.services):
        for m in s.hpa.metrics:
            if m.name == "cpu" and m.target_utilization_frac is not None:
                out[f"services[{i}].hpa.metrics[name=cpu].target_utilization_frac"] = round(
                    max(0.3, m.target_utilization_frac - lower_by), 2)
    return out


def _fix(scenario: Scenario, code: str, ov: dict[str, Any], base: Summary, drill: DrillCheck | None,
         tol: float, threads: int | None) -> Fix | None:
    try:
        sc = variant_scenario(scenario, ov)
        s = planning.plan_summary(sc, threads=threads)
    except ScenarioError:
        return None
    params = {"changes": [(p, _old_value(scenario, p), v) for p, v in ov.items()]}
    return Fix(code, ov, params, s.tobe_usd_per_month, s.tobe_usd_per_month - base.tobe_usd_per_month,
               base.tobe_shortfall_frac, s.tobe_shortfall_frac, _qualifies(s, base, sc, scenario, drill, tol), s)


def _old_value(scenario: Scenario, path: str) -> Any:
    from planner.sweep import leaf_values

    vals = leaf_values(scenario_to_dict(scenario), path)
    return vals[0] if vals else None


def equal_risk(scenario: Scenario, base: Summary, drill: DrillCheck | None = None,
               tol: float = DEFAULT_EQUAL_RISK_TOLERANCE_FRAC, threads: int | None = None) -> tuple[Fix | None, tuple[Fix, ...]]:
    """``(plan 5, every change tried)``. Plan 5 is the configured To-Be when it qualifies (then no
    change is tried), else the cheapest qualifying change of :func:`_ladder` (None: none does
    within the scenario's bounds). Every change only adds capacity, so plan 5 never costs less than
    a configured To-Be that drops more than the As-Is."""
    if _qualifies(base, base, scenario, scenario, drill, tol):
        return Fix("none", {}, {"changes": []}, base.tobe_usd_per_month, 0.0, base.tobe_shortfall_frac,
                   base.tobe_shortfall_frac, True, base), ()
    uncap = _uncap(scenario, base)
    bounds = _bounds_needed(scenario, uncap, threads) if uncap else {}
    tried = tuple(f for f in (_fix(scenario, c, ov, base, drill, tol, threads) for c, ov in _ladder(scenario, bounds))
                  if f is not None)
    ok = sorted((f for f in tried if f.qualifies), key=lambda f: (f.usd_per_month, len(f.overrides)))
    return (ok[0] if ok else None), tried


# --- caveats ------------------------------------------------------------------------------------
def binding_resource(service) -> str:
    """The resource that runs out first as load grows (the smaller of the CPU and memory capacity
    of a pod's requests; cpu on a tie)."""
    u, r = service.usage, service.requests
    caps = {}
    if u.cpu_millicores_per_rps > 0:
        caps["cpu"] = (r.cpu_millicores - u.cpu_millicores_base) / u.cpu_millicores_per_rps
    if u.memory_mib_per_rps > 0:
        caps["memory"] = (r.memory_mib - u.memory_mib_base) / u.memory_mib_per_rps
    return min(caps, key=lambda k: (caps[k], k != "cpu")) if caps else "cpu"


def caveats(scenario: Scenario, summary: Summary, node: Instance, server: Instance, surge_usd_per_month: float,
            drill: DrillCheck | None) -> list[tuple[str, dict]]:
    """The model's limits where they apply, as ``(code, params)`` (worded in planner.i18n.verdict)."""
    out: list[tuple[str, dict]] = []
    for s in scenario.services:
        res = binding_resource(s)
        if res not in {m.name for m in s.hpa.metrics}:
            out.append(("binding_not_metric", {"service": s.name, "resource": res}))
    for side, inst in (("node", node), ("server", server)):
        fam = family_of(inst.instance_type, inst.provider)
        if fam.burstable:
            out.append(("burstable", {"side": side, "type": inst.instance_type}))
        if fam.arch == "arm64":
            out.append(("arm64", {"side": side, "type": inst.instance_type}))
    if surge_usd_per_month > 0.005:
        out.append(("surge_node", {"usd_per_month": surge_usd_per_month}))
    if drill is None:
        out.append(("no_drills", {}))
    burst = summary.tobe_shortfall_frac_burst
    if burst is not None and burst > summary.tobe_shortfall_frac + 1e-4:
        out.append(("burst_band", {"frac": burst, "plan_frac": summary.tobe_shortfall_frac}))
    return out


def surge_cost(scenario: Scenario, summary: Summary, threads: int | None = None) -> float:
    """What the rolling updates' surge pods cost per month: the To-Be minus the same without
    deploy windows (0 without any)."""
    if not any(s.deploy_windows for s in scenario.services):
        return 0.0
    ov = {"services[*].deploy_windows": []}
    return summary.tobe_usd_per_month - _summary(scenario, ov, threads).tobe_usd_per_month


# --- the verdict --------------------------------------------------------------------------------
@dataclass(frozen=True)
class PlanFigures:
    """One of the five plans: cost under the scenario's strategy and on-demand, shortfall."""

    key: str  #: asis, asis_right_sized, asis_elastic, tobe, tobe_equal_risk
    usd_per_month: float | None
    usd_per_month_on_demand: float | None
    shortfall_frac: float | None
    shortfall_requests: float | None


@dataclass(frozen=True)
class Verdict:
    """Everything the first screen and the first page of a report say (issue 15)."""

    plans: tuple[PlanFigures, ...]
    steps: tuple[Step, ...]  #: plan 1 -> plan 4; savings sum to ``saving_usd_per_month``
    saving_usd_per_month: float  #: configured To-Be vs configured As-Is (the scenario's strategy)
    saving_frac: float
    equal_risk: Fix | None  #: plan 5 (None: no change within the bounds reaches equal risk)
    equal_risk_saving_usd_per_month: float | None
    equal_risk_saving_frac: float | None
    fixes: tuple[Fix, ...]  #: every change tried for equal risk
    risk_items: tuple[tuple[str, dict], ...]  #: why the saving is a warning (empty: it is not)
    caveats: tuple[tuple[str, dict], ...]
    right_sized: AsIsBaseline
    elastic: AsIsBaseline
    threshold_frac: float
    tolerance_frac: float  #: how much more unserved than the As-Is still counts as equal risk
    drills_checked: bool

    @property
    def status(self) -> str:
        """``ok``, ``warning`` (risk above the threshold or negative headroom) or ``no_equal_risk``."""
        if self.equal_risk is None:
            return "no_equal_risk"
        return "warning" if self.risk_items else "ok"

    @property
    def equal_risk_step(self) -> Step | None:
        """Plan 4 -> plan 5: what reaching equal risk costs (a negative saving)."""
        if self.equal_risk is None:
            return None
        tobe = self.plans[3].usd_per_month
        return Step("equal_risk", tobe, self.equal_risk.usd_per_month)

    def plan(self, key: str) -> PlanFigures:
        return next(p for p in self.plans if p.key == key)


def _frac(x: float, base: float) -> float:
    return x / base if base > 0 else 0.0


def risk_items(summary: Summary, threshold_frac: float) -> list[tuple[str, dict]]:
    """Why the saving card is a warning: To-Be shortfall above the threshold, negative headroom."""
    out = []
    if summary.tobe_shortfall_frac > threshold_frac:
        out.append(("shortfall_above", {"frac": summary.tobe_shortfall_frac, "threshold": threshold_frac,
                                        "requests": summary.tobe_shortfall_requests}))
    if summary.tobe_min_headroom_frac < 0:
        out.append(("negative_headroom", {"frac": summary.tobe_min_headroom_frac}))
    return out


def verdict(scenario: Scenario, plan=None, *, threshold_frac: float = DEFAULT_RISK_THRESHOLD_FRAC,
            tolerance_frac: float = DEFAULT_EQUAL_RISK_TOLERANCE_FRAC, drill_check: DrillCheck | None = None, threads: int | None = None) -> Verdict:
    """The verdict of ``scenario`` (``plan``: its :func:`planner.plan`; None: its summary alone is
    computed).
    ``drill_check``: None (the default) judges equal risk on the unserved requests under the load
    alone, the failure drills being reported beside the verdict (``planner.drills``, ``planner drill``),
    and the verdict says so (caveat ``no_drills``, "failure drills not checked" in the headline); or
    a :data:`DrillCheck` that must also pass."""
    for name, x in (("threshold_frac", threshold_frac), ("tolerance_frac", tolerance_frac)):
        if not (0.0 <= x <= 1.0):
            raise ScenarioError([(name, f"must be 0-1 (a share of requests); got {x!r}")])
    sc = expand(scenario) if scenario.environments else scenario
    if plan is not None:
        s, node, server = plan.summary, plan.node, plan.server
    else:  # the summary alone is enough (no frames): the app's card
        resolved = planning.check_scenario(sc)
        s, node, server = planning.plan_summary(sc, threads=threads), resolved.node, resolved.server
    rs = right_size(sc)
    el = elastic(sc, rs)
    steps = waterfall(sc, s, rs, el, threads)
    er, tried = equal_risk(sc, s, drill_check, tolerance_frac, threads)
    er_saving = None if er is None else s.asis_usd_per_month - er.usd_per_month
    plans = (PlanFigures("asis", s.asis_usd_per_month, s.asis_usd_per_month_on_demand, s.asis_shortfall_frac,
                         s.asis_shortfall_requests),
             PlanFigures("asis_right_sized", rs.usd_per_month, rs.usd_per_month, rs.shortfall_frac,
                         rs.shortfall_requests),
             PlanFigures("asis_elastic", el.usd_per_month, el.usd_per_month, el.shortfall_frac, el.shortfall_requests),
             PlanFigures("tobe", s.tobe_usd_per_month, s.tobe_usd_per_month_on_demand, s.tobe_shortfall_frac,
                         s.tobe_shortfall_requests),
             PlanFigures("tobe_equal_risk", None if er is None else er.usd_per_month,
                         None if er is None else er.summary.tobe_usd_per_month_on_demand,
                         None if er is None else er.shortfall_frac_after,
                         None if er is None else er.summary.tobe_shortfall_requests))
    cav = caveats(sc, s, node, server, surge_cost(sc, s, threads), drill_check)
    return Verdict(plans, steps, s.savings_usd_per_month, s.savings_frac, er, er_saving,
                   None if er_saving is None else _frac(er_saving, s.asis_usd_per_month), tried,
                   tuple(risk_items(s, threshold_frac)), tuple(cav), rs, el, threshold_frac, tolerance_frac,
                   drill_check is not None)


def verdict_dict(v: Verdict) -> dict[str, Any]:
    """The verdict as plain JSON-ready data (the CLI's ``--format json``)."""
    def fix(f: Fix | None) -> dict[str, Any] | None:
        if f is None:
            return None
        return {"code": f.code, "overrides": f.overrides, "usd_per_month": f.usd_per_month,
                "extra_usd_per_month": f.extra_usd_per_month, "shortfall_frac_before": f.shortfall_frac_before,
                "shortfall_frac_after": f.shortfall_frac_after, "qualifies": f.qualifies}

    return {
        "status": v.status, "threshold_frac": v.threshold_frac, "tolerance_frac": v.tolerance_frac, "drills_checked": v.drills_checked,
        "saving_usd_per_month": v.saving_usd_per_month, "saving_frac": v.saving_frac,
        "equal_risk_saving_usd_per_month": v.equal_risk_saving_usd_per_month,
        "equal_risk_saving_frac": v.equal_risk_saving_frac,
        "plans": [vars(p) for p in v.plans],
        "waterfall": [{"step": st.key, "before_usd_per_month": st.before_usd_per_month,
                       "after_usd_per_month": st.after_usd_per_month,
                       "saving_usd_per_month": st.saving_usd_per_month} for st in v.steps],
        "equal_risk": fix(v.equal_risk), "fixes": [fix(f) for f in v.fixes],
        "risk": [{"code": c, **prm} for c, prm in v.risk_items],
        "caveats": [{"code": c, **prm} for c, prm in v.caveats],
        "right_sized_servers": [vars(c) for c in v.right_sized.choices],
    }


__all__ = ["ASG_BOOT_S", "ASG_SCALE_IN_ALARM_S", "ASG_SCALE_OUT_ALARM_S", "AsIsBaseline", "DEFAULT_EQUAL_RISK_TOLERANCE_FRAC",
           "DEFAULT_RISK_THRESHOLD_FRAC",
           "Fix", "PlanFigures", "STEPS", "ServerChoice", "Step", "Verdict", "binding_resource", "caveats",
           "elastic", "elastic_counts", "elastic_server_seconds", "elastic_shortfall",
           "equal_risk", "per_service_pools", "right_size", "risk_items", "server_candidates", "surge_cost",
           "verdict", "verdict_dict", "waterfall"]
