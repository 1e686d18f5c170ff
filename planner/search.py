"""Searches over the catalog: the cheapest node type within a risk budget, two-pool mixes, the
As-Is server type (right-sizing the baseline) and the cheapest To-Be settings.

**Risk budget** (:class:`RiskBudget`): a candidate qualifies when its shortfall share is at most
``max_shortfall_frac`` and every extra constraint passes. A constraint is a function of the
candidate's sweep row (every :class:`~planner.result.Summary` field) returning ``None`` or a
reason ``(code, params)``; the failure-drill tolerance (issue 10) plugs in as one such constraint
once drills add their figures to the Summary.

**Node types** (:func:`search_nodes`): every catalog type of a provider and region (and the
user's own machines), one pool each, planned through :func:`planner.sweep.run_sweep`, ranked by
To-Be cost per month. Types the model cannot judge fairly are planned but left out of the ranking
unless allowed: burstable types (CPU credits are not modelled) and another CPU architecture than
the current node's (arm64 needs arm64 images). Every type that is not the first choice gets its
reasons ("why not cheaper"): left out, cannot run the pods, over the risk budget, or costs more
(with what drives its cost: idle memory or CPU, a bigger spare node).

**Two pools** (:func:`search_mixes`): a general pool for all services but one, and a second node
type for that one service (a node group picked by node selector). The engine has one node pool,
so a mix is planned as two single-pool scenarios split by service, whose costs add (one control
plane) and whose shortfalls add. This is exact for two node groups with node selectors: the
pools share no capacity, so each keeps its own spare nodes and minimum size. A lower bound on a
pool's cost (:func:`pool_cost_lower_bound`) prunes the pairs: pairs are planned in order of
their bound and the search stops when the bound reaches the best cost found.

**As-Is servers** (:func:`search_servers`): the same over ``as_is.server``, ranked by As-Is cost
with the As-Is shortfall in the budget: the fair baseline, and how much the saving depends on it.

**Tuning** (:func:`tune`): the cheapest spare nodes, minimum replicas, CPU target and node type
whose To-Be shortfall is within the budget (e.g. :meth:`RiskBudget.no_worse_than_asis`).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from planner import engine as eng
from planner import planning, pricing
from planner.allocatable import node_shape
from planner.catalog import Instance, load_catalog, resolve_instance
from planner.instance_families import Family, family_of
from planner.result import Summary
from planner.engine.params import pod_capacity_requests_per_s
from planner.scenario import (API_WORK_BUDGET, InstanceRef, Scenario, ScenarioError, WorkBudget, peak_demand_pods,
                              validate_scenario)
from planner.scenario_io import scenario_to_dict
from planner.sweep import SweepResult, run_sweep, variant_scenario

#: Default risk budget: at most 0.1 % of requests unserved (the CLI's --max-shortfall-frac default).
DEFAULT_MAX_SHORTFALL_FRAC = 0.001
#: A node type whose memory per CPU is this many times the pods' (or a tenth of it) is named as
#: paying for the idle resource in its "why not cheaper" line.
IDLE_RESOURCE_RATIO = 1.5
#: Mixes listed in a two-pool search result.
TOP_MIXES = 10

Reason = tuple[str, dict[str, Any]]  #: a stable code and its parameters (worded in planner.i18n.sweep)
Constraint = Callable[[Mapping[str, Any]], "Reason | None"]
Side = Literal["tobe", "asis"]


@dataclass(frozen=True)
class RiskBudget:
    """The risk a candidate may take: ``max_shortfall_frac`` of all requests unserved (on the To-Be
    or the As-Is side) and every ``constraints`` entry passing (each returns a reason or None)."""

    max_shortfall_frac: float = DEFAULT_MAX_SHORTFALL_FRAC
    constraints: tuple[Constraint, ...] = ()

    def __post_init__(self) -> None:
        if not (0.0 <= self.max_shortfall_frac <= 1.0):
            raise ScenarioError([("max_shortfall_frac", f"must be 0-1 (a share of requests); "
                                                        f"got {self.max_shortfall_frac!r}")])

    @classmethod
    def no_worse_than_asis(cls, summary: Summary, constraints: tuple[Constraint, ...] = ()) -> "RiskBudget":
        """At most the As-Is plan's own shortfall share."""
        return cls(summary.asis_shortfall_frac, constraints)

    def reasons(self, row: Mapping[str, Any], side: Side = "tobe") -> list[Reason]:
        """Why ``row`` is over the budget (empty: within it)."""
        out: list[Reason] = []
        frac = float(row[f"{side}_shortfall_frac"])
        if frac > self.max_shortfall_frac + 1e-15:
            out.append(("over_budget", {"shortfall_frac": frac, "budget_frac": self.max_shortfall_frac}))
        for c in self.constraints:
            r = c(row)
            if r is not None:
                out.append(r)
        return out


#: Warnings the budget itself judges (the shortfall share), left to it by :func:`no_new_warnings`.
SHORTFALL_WARNINGS = frozenset({"tobe_shortfall", "asis_shortfall"})


def no_new_warnings(base_codes: Sequence[str] | str) -> Constraint:
    """A constraint: no warning the current plan does not have (no spare node, max replicas or max
    nodes reached, a deploy that does not fit with one server out); the shortfall warnings are the
    budget's own. Risk that no number measures yet is not traded for a saving unseen."""
    base = set(base_codes.split() if isinstance(base_codes, str) else base_codes)

    def check(row: Mapping[str, Any]) -> Reason | None:
        new = sorted(set(str(row.get("warning_codes") or "").split()) - base - SHORTFALL_WARNINGS)
        return ("new_warning", {"codes": " ".join(new)}) if new else None

    return check


def with_constraint(budget: RiskBudget, c: Constraint) -> RiskBudget:
    """``budget`` with one more constraint."""
    return RiskBudget(budget.max_shortfall_frac, (*budget.constraints, c))


# --- candidates ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    """A machine to try: its scenario reference (plain data), resolved figures and family."""

    ref: dict[str, Any]
    instance: Instance
    family: Family

    @property
    def name(self) -> str:
        return self.instance.instance_type


def candidate(ref: InstanceRef | Mapping[str, Any], field: str = "cluster.node") -> Candidate:
    """A candidate from a scenario's instance reference (catalog type or custom machine)."""
    r = ref if isinstance(ref, InstanceRef) else InstanceRef.model_validate(dict(ref))
    inst = resolve_instance(r, field)
    return Candidate(r.model_dump(mode="json"), inst, family_of(inst.instance_type, inst.provider))


def catalog_candidates(provider: str, region: str | None = None,
                       extra: Sequence[InstanceRef | Mapping[str, Any]] = ()) -> list[Candidate]:
    """Every catalog type of ``provider`` (in ``region``; None: the provider's first region in the
    catalog) plus the ``extra`` machines, in catalog order."""
    cat = load_catalog()
    rows = cat[cat.provider == provider]
    if rows.empty:
        raise ScenarioError([("provider", f"no {provider!r} types in the catalog; known: "
                                          f"{', '.join(sorted(cat.provider.unique()))}")])
    region = region or str(rows.region.iloc[0])
    rows = rows[rows.region == region]
    if rows.empty:
        raise ScenarioError([("region", f"no {provider} types in {region!r}; known: "
                                        f"{', '.join(sorted(cat[cat.provider == provider].region.unique()))}")])
    out = [candidate({"instance_type": t, "provider": provider, "region": region}) for t in rows.instance_type]
    return out + [candidate(x) for x in extra]


def exclusion(c: Candidate, current: Family, allow: Sequence[str] = ()) -> Reason | None:
    """Why ``c`` is left out of the ranking (None: it is ranked). ``allow``: ``"burstable"``,
    ``"arm64"``, ``"x86_64"`` to rank those too; the current node's own kind is always allowed."""
    if c.family.burstable and not current.burstable and "burstable" not in allow:
        return ("burstable", {"family": c.family.family})
    if "unknown" not in (c.family.arch, current.arch) and c.family.arch != current.arch and c.family.arch not in allow:
        return (c.family.arch, {"family": c.family.family, "current": current.arch})
    return None


# --- ranking ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Ranked:
    """One candidate's outcome: its row, whether it qualified, its rank, and every reason it was
    not the first choice."""

    candidate: Candidate
    row: dict[str, Any]
    status: str  #: best, ok (qualifies, costs more), excluded, infeasible, over_budget
    rank: int | None  #: 1 = first choice, among the qualifying ones
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True)
class TypeSearch:
    """A node-type (or server-type) search: every candidate ranked, the first choice, the current."""

    side: Side
    budget: RiskBudget
    ranked: tuple[Ranked, ...]  #: in rank order, then the others by cost
    current: Ranked | None  #: the scenario's own type
    base: dict[str, Any]  #: the scenario's own row
    sweep: SweepResult = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def best(self) -> Ranked | None:
        return next((r for r in self.ranked if r.rank == 1), None)

    def frame(self) -> pd.DataFrame:
        """One row per candidate: type, family, price, status, rank, cost, shortfall, saving, reasons."""
        cost = f"{self.side}_usd_per_month"
        recs = []
        for r in self.ranked:
            i, f = r.candidate.instance, r.candidate.family
            recs.append({"instance_type": i.instance_type, "family": f.family, "kind": f.kind, "arch": f.arch,
                         "burstable": f.burstable, "vcpu": i.vcpu, "memory_gib": i.memory_gib,
                         "usd_per_hour": i.usd_per_hour, "status": r.status, "rank": r.rank,
                         cost: r.row.get(cost, np.nan),
                         "tobe_shortfall_frac": r.row.get("tobe_shortfall_frac", np.nan),
                         "asis_shortfall_frac": r.row.get("asis_shortfall_frac", np.nan),
                         "savings_usd_per_month": r.row.get("savings_usd_per_month", np.nan),
                         "savings_frac": r.row.get("savings_frac", np.nan),
                         "reason_codes": " ".join(c for c, _ in r.reasons)})
        df = pd.DataFrame.from_records(recs)
        df["rank"] = df["rank"].astype("Int64")
        return df


def _cost(row: Mapping[str, Any], side: Side) -> float:
    v = row.get(f"{side}_usd_per_month", np.nan)
    return float(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) else math.inf


def rank_rows(candidates: Sequence[Candidate], rows: Sequence[dict[str, Any]], side: Side, budget: RiskBudget,
              excluded: Sequence[Reason | None], drivers: Callable[[Candidate, Candidate], list[Reason]] | None = None
              ) -> list[Ranked]:
    """Rank the candidates by cost among those feasible, not excluded and within the budget; give
    every other one its reasons (``drivers(candidate, best)`` adds what drives a dearer cost)."""
    ok, rest = [], []
    for c, row, ex in zip(candidates, rows, excluded):
        if not row["feasible"]:
            rest.append((c, row, "infeasible", [("infeasible", {"problem": row["problem"]})]))
        elif ex is not None:
            rest.append((c, row, "excluded", [ex]))
        elif over := budget.reasons(row, side):
            rest.append((c, row, "over_budget", over))
        else:
            ok.append((c, row))
    ok.sort(key=lambda cr: (_cost(cr[1], side), float(cr[1][f"{side}_shortfall_frac"]), cr[0].name))
    out: list[Ranked] = []
    best = ok[0] if ok else None
    for k, (c, row) in enumerate(ok):
        reasons: list[Reason] = []
        if k:
            delta = _cost(row, side) - _cost(best[1], side)
            reasons.append(("costs_more" if delta > 0 else "same_cost", {"delta_usd_per_month": delta,
                                                                          "best": best[0].name}))
            reasons += drivers(c, best[0]) if drivers else []
        out.append(Ranked(c, row, "best" if k == 0 else "ok", k + 1, tuple(reasons)))
    rest.sort(key=lambda x: (_cost(x[1], side), x[0].name))
    for c, row, status, reasons in rest:
        if best is not None and status != "infeasible" and _cost(row, side) < _cost(best[1], side):
            reasons = [*reasons, ("cheaper_but", {"delta_usd_per_month": _cost(best[1], side) - _cost(row, side),
                                                  "best": best[0].name})]
        out.append(Ranked(c, row, status, None, tuple(reasons)))
    return out


def _dedupe(cands: Sequence[Candidate], own: Candidate) -> list[Candidate]:
    """The scenario's own machine first (exactly as the scenario gives it), then the others once."""
    seen = {(own.instance.instance_type, own.instance.provider, own.instance.region)}
    out = [own]
    for c in cands:
        key = (c.instance.instance_type, c.instance.provider, c.instance.region)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def _pod_memory_per_cpu(scenario: Scenario) -> float:
    """The pods' memory per CPU requested at peak, weighted by each service's peak pods [MiB/millicore]."""
    cpu = mem = 0.0
    for s in scenario.services:
        pods = max(float(s.hpa.min_replicas), peak_demand_pods(s, scenario.growth_frac)[0])
        cpu += pods * s.requests.cpu_millicores
        mem += pods * s.requests.memory_mib
    return mem / cpu if cpu > 0 else 0.0


def node_drivers(scenario: Scenario) -> Callable[[Candidate, Candidate], list[Reason]]:
    """What makes a node type dearer than the best: memory or CPU the pods leave unrequested
    (its memory per CPU against the pods'), and a bigger spare node."""
    pods_ratio = _pod_memory_per_cpu(scenario)
    spare = scenario.cluster.spare_nodes
    hpm = scenario.hours_per_month

    def drivers(c: Candidate, best: Candidate) -> list[Reason]:
        out: list[Reason] = []
        shape = node_shape(c.instance, scenario.cluster)
        if shape.pod_cpu_millicores > 0 and pods_ratio > 0:
            node_ratio = shape.pod_memory_mib / shape.pod_cpu_millicores
            if node_ratio > IDLE_RESOURCE_RATIO * pods_ratio:
                out.append(("memory_idle", {"kind": c.family.kind, "idle_frac": 1 - pods_ratio / node_ratio}))
            elif node_ratio * IDLE_RESOURCE_RATIO < pods_ratio:
                out.append(("cpu_idle", {"kind": c.family.kind, "idle_frac": 1 - node_ratio / pods_ratio}))
        if spare and c.instance.usd_per_hour > best.instance.usd_per_hour * 1.01:
            out.append(("bigger_spare", {"spare_nodes": spare, "usd_per_month": spare * c.instance.usd_per_hour * hpm,
                                         "best_usd_per_month": spare * best.instance.usd_per_hour * hpm}))
        return out

    return drivers


def _search(scenario: Scenario, field_path: str, own_ref: InstanceRef, side: Side, cands: Sequence[Candidate],
            budget: RiskBudget, allow: Sequence[str], drivers, keep_warnings: bool = True,
            plan_budget: WorkBudget = API_WORK_BUDGET, **sweep_kw: Any) -> TypeSearch:
    own = candidate(own_ref, field_path)
    cands = _dedupe(cands, own)
    variants = [{} if c is own else {field_path: c.ref} for c in cands]
    res = run_sweep(scenario, variants, budget=plan_budget, **sweep_kw)
    rows = res.frame.to_dict("records")
    if len(rows) < len(cands):  # cancelled: rank what was planned
        cands = cands[:len(rows)]
    if keep_warnings and rows and rows[0]["feasible"]:
        budget = with_constraint(budget, no_new_warnings(rows[0]["warning_codes"]))
    excluded = [None if c is own else exclusion(c, own.family, allow) for c in cands]
    ranked = rank_rows(cands, rows, side, budget, excluded, drivers)
    current = next((r for r in ranked if r.candidate is own), None)
    return TypeSearch(side, budget, tuple(ranked), current, rows[0] if rows else {}, res)


def search_nodes(scenario: Scenario, *, provider: str | None = None, region: str | None = None,
                 extra: Sequence[InstanceRef | Mapping[str, Any]] = (), budget: RiskBudget = RiskBudget(),
                 allow: Sequence[str] = (), **sweep_kw: Any) -> TypeSearch:
    """Every node type of ``provider``/``region`` (default: the current node's) and ``extra``,
    one pool each, ranked by To-Be cost within ``budget`` and :func:`no_new_warnings` (unless
    ``keep_warnings=False``). ``sweep_kw`` go to :func:`planner.sweep.run_sweep` (executor,
    progress, cancel, ...)."""
    node = scenario.cluster.node
    prov = provider or node.provider or "aws"
    reg = region or (node.region if node.provider == prov else None)
    return _search(scenario, "cluster.node", node, "tobe", catalog_candidates(prov, reg, extra), budget, allow,
                   node_drivers(scenario), **sweep_kw)


def search_servers(scenario: Scenario, *, provider: str | None = None, region: str | None = None,
                   extra: Sequence[InstanceRef | Mapping[str, Any]] = (), budget: RiskBudget = RiskBudget(),
                   allow: Sequence[str] = (), **sweep_kw: Any) -> TypeSearch:
    """Right-sizing the baseline: every server type ranked by As-Is cost with the As-Is shortfall
    within ``budget``; each row's saving shows how much the verdict rests on the server choice."""
    server = scenario.as_is.server
    prov = provider or server.provider or "aws"
    reg = region or (server.region if server.provider == prov else None)
    return _search(scenario, "as_is.server", server, "asis", catalog_candidates(prov, reg, extra), budget, allow,
                   None, **sweep_kw)


# --- two pools -------------------------------------------------------------------------------
def _tiled(data: dict[str, Any], horizon: int) -> dict[str, Any]:
    """A service's plain data with its load tiled to ``horizon`` hours (shorter profiles repeat)."""
    load = list(data["load_requests_per_s"])
    return {**data, "load_requests_per_s": (load * (horizon // len(load)))}


def split_scenario(scenario: Scenario, service: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """``(general pool, own pool)`` as plain scenarios: every service but ``service``, and it alone,
    each over the whole horizon."""
    d = scenario_to_dict(scenario)
    H = scenario.horizon_hours
    svcs = [_tiled(s, H) for s in d["services"]]
    general = {**d, "services": [s for i, s in enumerate(svcs) if i != service]}
    own = {**d, "services": [svcs[service]]}
    return general, own


def pool_cost_lower_bound(part: Scenario, node: Instance, allowance_requests: float) -> float:
    """A lower bound on the To-Be cost of ``part`` on ``node`` [USD/month] for any run whose
    shortfall is at most ``allowance_requests``, without running the engine (inf: the pods do not
    fit the node).

    Per hour ``h`` and service ``s``, ready pods serve at most their capacity, so the pods the HPA
    keeps (ready pods are some of them, and never fewer than ``min_replicas``) add up to at least
    ``max(min_replicas x 3600, (load x 3600 - allowance) / pod capacity)`` pod-seconds. Nodes hold
    at most their room for pods (CPU, memory, pod slots; one service alone: whole pods per node),
    and the node autoscaler keeps ``spare_nodes`` more and at least ``min_nodes`` (docs/model.md,
    Nodes). An hour whose bound reaches ``max_nodes`` counts only ``min_nodes`` (the cap could bind)."""
    c, svcs = part.cluster, part.services
    shape = node_shape(node, c)
    req_cpu = np.array([s.requests.cpu_millicores for s in svcs], float)
    req_mem = np.array([s.requests.memory_mib for s in svcs], float)
    if shape.pod_cpu_millicores <= 0 or shape.pod_memory_mib <= 0 or (req_cpu > shape.pod_cpu_millicores).any() \
            or (req_mem > shape.pod_memory_mib).any():
        return math.inf
    hourly = eng.scenario_hourly_load(part) * 3600.0  # [H, S] requests per hour
    cap = np.array([min(pod_capacity_requests_per_s(s.requests.cpu_millicores, s.usage.cpu_millicores_base,
                                                    s.usage.cpu_millicores_per_rps),
                        pod_capacity_requests_per_s(s.requests.memory_mib, s.usage.memory_mib_base,
                                                    s.usage.memory_mib_per_rps)) for s in svcs])
    min_pods = np.array([s.hpa.min_replicas for s in svcs], float) * 3600.0
    pod_s = np.maximum(min_pods[None, :], (hourly - allowance_requests) / cap[None, :])
    if len(svcs) == 1:  # whole pods: a node holds at most this many of them
        per_node = min(shape.pod_cpu_millicores // req_cpu[0], shape.pod_memory_mib // req_mem[0], shape.pod_slots)
        node_s = pod_s[:, 0] / per_node
    else:
        node_s = np.maximum.reduce([pod_s @ (req_cpu / shape.pod_cpu_millicores),
                                    pod_s @ (req_mem / shape.pod_memory_mib), pod_s.sum(axis=1) / shape.pod_slots])
    node_s = np.maximum(node_s + c.spare_nodes * 3600.0, c.min_nodes * 3600.0)
    node_s = np.where(node_s >= c.max_nodes * 3600.0, c.min_nodes * 3600.0, node_s)
    H = hourly.shape[0]
    cp_usd = pricing.control_plane_usd_per_hour(part)[0]
    return (float(node_s.sum()) / 3600.0 * node.usd_per_hour + cp_usd * H) / H * part.hours_per_month


@dataclass(frozen=True)
class Mix:
    """A two-pool mix: ``general`` type for every service but ``service``, ``own`` type for it."""

    service: str
    general: str
    own: str
    tobe_usd_per_month: float
    tobe_shortfall_frac: float
    tobe_shortfall_requests: float
    savings_usd_per_month: float
    savings_frac: float
    general_nodes_peak: int
    own_nodes_peak: int
    lower_bound_usd_per_month: float


@dataclass(frozen=True)
class MixSearch:
    """The two-pool search: the best mixes found (cheapest first), the single pool they are
    measured against, and how much the lower bound pruned (pairs and pool plans: each pool is
    planned once per node shape, since the engine never sees a price)."""

    mixes: tuple[Mix, ...]
    single_best: str | None
    single_best_usd_per_month: float
    pairs_total: int
    pairs_planned: int
    parts_planned: int
    parts_total: int
    budget: RiskBudget

    @property
    def best(self) -> Mix | None:
        return self.mixes[0] if self.mixes else None

    @property
    def beats_single(self) -> bool:
        return self.best is not None and self.best.tobe_usd_per_month < self.single_best_usd_per_month

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([m.__dict__ for m in self.mixes], columns=list(Mix.__dataclass_fields__))


class _Parts:
    """Pool plans on demand, each once per ``(service index, general|own, node shape)``.

    Two types of one shape (c5.xlarge, c6i.xlarge) give the same run: the engine takes the node's
    room, never its price, so a part's cost on any type of the shape is its node-hours at that
    type's price plus the control plane (:meth:`usd_per_month`)."""

    def __init__(self, scenario: Scenario, cands: Sequence[Candidate]):
        self.cands = {c.name: c for c in cands}
        self.shape = {c.name: node_shape(c.instance, scenario.cluster) for c in cands}
        self.parts = {(i, w): validate_scenario(d) for i in range(len(scenario.services))
                      for w, d in zip(("general", "own"), split_scenario(scenario, i))}
        self.runs: dict[tuple[int, str, Any], Summary | None] = {}
        self.cp_usd_per_hour = pricing.control_plane_usd_per_hour(scenario)[0]

    def summary(self, i: int, which: str, name: str) -> Summary | None:
        key = (i, which, self.shape[name])
        if key not in self.runs:
            part = self.parts[(i, which)]
            try:
                self.runs[key] = planning.plan_summary(
                    variant_scenario(part, {"cluster.node": self.cands[name].ref}), threads=1)
            except ScenarioError:
                self.runs[key] = None  # the pods of this part do not fit this shape
        return self.runs[key]

    def usd_per_month(self, s: Summary, name: str) -> float:
        """The part's To-Be cost with its nodes at candidate ``name``'s price: the run's own cost with
        its compute swapped (a run is shared by the types of one shape); the control plane and the
        lines beside the nodes (load balancer, NAT, disks) stay as the part's plan priced them."""
        H = s.horizon_hours
        beside = s.tobe_usd_per_month - s.tobe_compute_usd_total / H * s.hours_per_month
        return beside + s.tobe_node_hours * self.cands[name].instance.usd_per_hour / H * s.hours_per_month


def search_mixes(scenario: Scenario, candidates: Sequence[Candidate], single: TypeSearch,
                 budget: RiskBudget = RiskBudget(), top: int = TOP_MIXES) -> MixSearch:
    """Two-pool mixes of the qualifying ``candidates`` (see the module docstring) that cost less
    than the best single pool of ``single``, cheapest first (at most ``top``).

    Best-first search over the pairs ``(service, general type, own type)``: a pair's bound is the
    sum of its two pools' costs, each the exact cost once that pool is planned and its lower bound
    (:func:`pool_cost_lower_bound`) until then. The pair with the lowest bound is taken; if a pool
    of it is not planned yet, that pool is planned and the pair goes back with its new bound; a
    pair whose pools are both planned is a mix. The search stops when the lowest bound reaches the
    best single pool (or the ``top``-th mix found): no pair left can beat it."""
    S = len(scenario.services)
    names = [c.name for c in candidates]
    best_single = single.best
    incumbent = _cost(best_single.row, "tobe") if best_single else math.inf
    base = single.base
    allowance = budget.max_shortfall_frac * float(base.get("load_requests_total") or 0.0)
    parts = _Parts(scenario, candidates)
    cp_month = parts.cp_usd_per_hour * scenario.hours_per_month
    lb = {(i, w, n): pool_cost_lower_bound(parts.parts[(i, w)], parts.cands[n].instance, allowance)
          for i in range(S) for w in ("general", "own") for n in names} if S > 1 else {}

    def cost(i: int, w: str, n: str) -> float:
        if (i, w, parts.shape[n]) not in parts.runs:
            return lb[(i, w, n)]
        s = parts.summary(i, w, n)
        return math.inf if s is None else parts.usd_per_month(s, n)

    heap = [(lb[(i, "general", g)] + lb[(i, "own", t)] - cp_month, i, g, t)
            for i in range(S) for g in names for t in names if g != t] if S > 1 else []
    heapq.heapify(heap)
    pairs_total, found, planned = len(heap), [], 0
    while heap:
        bound, i, g, t = heapq.heappop(heap)
        limit = min(incumbent, found[top - 1].tobe_usd_per_month if len(found) >= top else math.inf)
        if bound >= limit:
            break
        unplanned = [(w, n) for w, n in (("general", g), ("own", t)) if (i, w, parts.shape[n]) not in parts.runs]
        if unplanned:
            parts.summary(i, *min(unplanned, key=lambda wn: lb[(i, *wn)]))
            heapq.heappush(heap, (max(bound, cost(i, "general", g) + cost(i, "own", t) - cp_month), i, g, t))
            continue
        planned += 1
        mix = _mix(scenario, base, parts, i, g, t, cp_month, bound, budget)
        if mix is not None and mix.tobe_usd_per_month < limit:
            found.append(mix)
            found.sort(key=lambda m: (m.tobe_usd_per_month, m.tobe_shortfall_frac, m.service, m.general, m.own))
    shapes = len(set(parts.shape.values()))
    return MixSearch(tuple(found[:top]), best_single.candidate.name if best_single else None, incumbent, pairs_total,
                     planned, len(parts.runs), 2 * S * shapes if S > 1 else 0, budget)


def _mix(scenario: Scenario, base: Mapping[str, Any], parts: _Parts, i: int, g: str, t: str, cp_month: float,
         bound: float, budget: RiskBudget) -> Mix | None:
    a, b = parts.summary(i, "general", g), parts.summary(i, "own", t)
    if a is None or b is None:
        return None
    row = _combined_fields(a, b)
    if budget.reasons(row, "tobe"):
        return None
    tobe = parts.usd_per_month(a, g) + parts.usd_per_month(b, t) - cp_month
    asis = float(base["asis_usd_per_month"])
    return Mix(scenario.services[i].name, g, t, tobe, row["tobe_shortfall_frac"], row["tobe_shortfall_requests"],
               asis - tobe, (asis - tobe) / asis if asis > 0 else 0.0, a.tobe_nodes_peak, b.tobe_nodes_peak, bound)


def _combined_fields(a: Summary, b: Summary) -> dict[str, Any]:
    """The Summary fields a constraint may read, for two pools together (sums where they add)."""
    sf = a.tobe_shortfall_requests + b.tobe_shortfall_requests
    load = a.load_requests_total + b.load_requests_total
    return {"tobe_shortfall_requests": sf, "load_requests_total": load,
            "tobe_shortfall_frac": sf / load if load > 0 else 0.0,
            "tobe_nodes_peak": a.tobe_nodes_peak + b.tobe_nodes_peak,
            "tobe_min_headroom_frac": min(a.tobe_min_headroom_frac, b.tobe_min_headroom_frac)}


def mix_candidates(search: TypeSearch) -> list[Candidate]:
    """The types a two-pool search may use: every one the single-pool search did not leave out
    (a type too small for one service's pods, or over the budget as one pool, may still carry the
    others)."""
    return [r.candidate for r in search.ranked if r.status != "excluded"]


def qualifying(search: TypeSearch) -> list[Candidate]:
    """The candidates a search ranked (feasible, not left out, within budget), cheapest first."""
    return [r.candidate for r in search.ranked if r.rank is not None]


# --- tuning ----------------------------------------------------------------------------------
#: CPU targets tried by :func:`tune` (all services' cpu metric).
TUNE_CPU_TARGETS = (0.5, 0.6, 0.7, 0.8)
TUNE_NODE_TYPES = 3  #: the best types of the node search, plus the current
TUNE_PATHS = {"spare_nodes": "cluster.spare_nodes", "min_replicas": "services[*].hpa.min_replicas",
              "cpu_target": "services[*].hpa.metrics[name=cpu].target_utilization_frac",
              "node_type": "cluster.node.instance_type"}


@dataclass(frozen=True)
class Tuning:
    """The cheapest To-Be settings within the budget (``best``, a sweep row with its settings;
    None when nothing qualifies, then ``closest`` has the least shortfall), every setting tried
    (``frame``, qualifying ones first, cheapest first) and the current plan's row (``base``)."""

    best: dict[str, Any] | None
    closest: dict[str, Any] | None
    frame: pd.DataFrame
    base: dict[str, Any]
    budget: RiskBudget
    axes: dict[str, tuple[Any, ...]]


def tune(scenario: Scenario, budget: RiskBudget, *, spare_nodes: Sequence[int] | None = None,
         min_replicas: Sequence[Any] | None = None, cpu_targets: Sequence[float] = TUNE_CPU_TARGETS,
         node_types: Sequence[str] | None = None, keep_warnings: bool = True,
         plan_budget: WorkBudget = API_WORK_BUDGET, **sweep_kw: Any) -> Tuning:
    """The cheapest combination of the settings whose To-Be shortfall is within ``budget``.

    Defaults never trade availability no number measures yet: spare nodes the current count or
    one more, minimum replicas each service's own or one more (:class:`~planner.sweep.Shift`), and
    no setting that adds a warning (:func:`no_new_warnings`); node types the current and the best
    :data:`TUNE_NODE_TYPES` of :func:`search_nodes` in its provider and region."""
    from planner.sweep import Shift, grid

    if node_types is None:
        found = search_nodes(scenario, budget=RiskBudget(1.0), plan_budget=plan_budget)
        node_types = [scenario.cluster.node.instance_type] + [
            c.name for c in qualifying(found) if c.name != scenario.cluster.node.instance_type][:TUNE_NODE_TYPES]
    spare = scenario.cluster.spare_nodes
    axes = {"spare_nodes": tuple(spare_nodes if spare_nodes is not None else (spare, spare + 1)),
            "min_replicas": tuple(min_replicas if min_replicas is not None else (Shift(0), Shift(1))),
            "cpu_target": tuple(cpu_targets), "node_type": tuple(node_types)}
    variants = grid({TUNE_PATHS[k]: v for k, v in axes.items() if v})
    res = run_sweep(scenario, [{}] + variants, budget=plan_budget, **sweep_kw)
    df = res.frame.rename(columns={v: k for k, v in TUNE_PATHS.items()})
    base = df.iloc[0].to_dict()
    if keep_warnings and base["feasible"]:
        budget = with_constraint(budget, no_new_warnings(base["warning_codes"]))
    df = df.iloc[1:].copy()
    df["qualifies"] = [bool(r["feasible"]) and not budget.reasons(r) for r in df.to_dict("records")]
    df = df.sort_values(["qualifies", "tobe_usd_per_month", "tobe_shortfall_frac"], ascending=[False, True, True],
                        kind="stable").reset_index(drop=True)
    ok = df[df.qualifies]
    best = ok.iloc[0].to_dict() if len(ok) else None
    feas = df[df.feasible]
    closest = None if best is not None or feas.empty else feas.sort_values(
        ["tobe_shortfall_frac", "tobe_usd_per_month"], kind="stable").iloc[0].to_dict()
    return Tuning(best, closest, df, base, budget, axes)


__all__ = ["Candidate", "DEFAULT_MAX_SHORTFALL_FRAC", "Mix", "MixSearch", "Ranked", "RiskBudget", "TypeSearch",
           "Tuning", "candidate", "catalog_candidates", "exclusion", "mix_candidates", "no_new_warnings", "pool_cost_lower_bound",
           "qualifying",
           "rank_rows", "search_mixes", "search_nodes", "search_servers", "split_scenario", "tune"]
