"""``plan(scenario) -> Plan``: the stages in order, as short orchestration.

``check_scenario`` (resolve machines and their prices, feasibility rules of ``planner.scenario``,
the prices the purchase strategy needs) -> As-Is sizing (``planner.asis``) -> the engine run with
the As-Is fleet fed the same load chunks (``planner.engine``) -> prices (``planner.pricing``: the
strategy, the lines beside the machines, every purchase option) -> risk and warnings
(``planner.risk``) -> frames (``planner.frames``) and the :class:`~planner.result.Summary` ->
the month-by-month plan when asked (``planner.forecast``). Every figure the app, CLI and reports
show comes from here; fleet runs and sweeps that stream their own load call
:func:`summary_from_run` / :func:`plan_from_run` on their run instead of copying a stage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import SimpleNamespace

import numpy as np

from planner import engine as eng
from planner import forecast, frames, pricing, risk
from planner.allocatable import NodeShape, node_shape
from planner.asis import AsIsRun, AsIsSizing, size_as_is, usable_capacity
from planner.catalog import Instance, resolve_instance
from planner.environments import expand
from planner.events import merge_events
from planner.result import Plan, Summary
from planner.scenario import (API_WORK_BUDGET, Scenario, ScenarioError, WorkBudget, asis_problems, check_scenario_work,
                              tobe_problems)
from planner.i18n import warning_text

#: keep per-step frames by default while services x steps stays below this
KEEP_STEPS_MAX_CELLS = 2_000_000


@dataclass(frozen=True)
class Resolved:
    """The machines of a plannable scenario and their prices."""

    node: Instance
    server: Instance
    shape: NodeShape
    prices: pricing.Prices
    rates: pricing.MachineRates | None = None  #: every price the book has for both machines


def check_scenario(scenario: Scenario) -> Resolved:
    """Resolve the instance types and apply every feasibility rule; raise :class:`ScenarioError`
    listing all problems. ``planner validate`` and :func:`plan` both call this."""
    server = resolve_instance(scenario.as_is.server, "as_is.server")
    node = resolve_instance(scenario.cluster.node, "cluster.node")
    shape = node_shape(node, scenario.cluster)
    cpu, mem = usable_capacity(server, scenario.as_is)
    problems = tobe_problems(scenario, node_type=node.instance_type, pod_room_cpu_millicores=shape.pod_cpu_millicores,
                             pod_room_memory_mib=shape.pod_memory_mib)
    problems += asis_problems(scenario, server_type=server.instance_type, usable_cpu_millicores=cpu,
                              usable_memory_mib=mem)
    rates = pricing.rates_of(scenario, node, server)
    problems += pricing.strategy_problems(scenario, rates)
    if problems:
        raise ScenarioError(problems)
    return Resolved(node, server, shape, pricing.prices(scenario, node, server), rates)


@dataclass(frozen=True)
class Simulated:
    """One engine run of a scenario with its As-Is fleet."""

    sizing: list[AsIsSizing]
    run: eng.RunResult
    asis: AsIsRun
    hourly_load: np.ndarray  #: [H, S] [requests/s]


def simulate(scenario: Scenario, resolved: Resolved, keep_steps: bool, threads: int | None = None,
             extra_events: np.ndarray | None = None) -> Simulated:
    """One engine run of ``scenario`` with the As-Is fleet on the same per-step load. As-Is is sized
    for the higher of the hourly and the per-step peak (a fine series or bursts peak above their
    hourly means; a linear ramp never above its hourly values). ``extra_events``: failure events
    (``planner.events`` rows, e.g. from ``planner.drills``) merged with the rolling updates, seen by
    the engine and the As-Is fleet alike."""
    step_s = scenario.simulation.step_s
    n_steps = scenario.horizon_hours * 3600 // step_s
    hourly_load = eng.scenario_hourly_load(scenario)
    step_load = eng.scenario_step_load(scenario)
    sizing = size_as_is(scenario, resolved.server, np.maximum(hourly_load.max(axis=0), step_load.max(axis=0)))
    events = eng.scenario_events(scenario)
    if extra_events is not None:
        events = merge_events(events, extra_events)
    asis = AsIsRun(sizing, events, n_steps, step_s, keep_steps, scenario.as_is.repair_time_s)
    run = eng.run_engine(eng.params_from_scenario(scenario, resolved.shape), lambda a, b: step_load[a:b], n_steps,
                         step_s, events, keep_steps, threads=threads, chunk_hooks=(asis,))
    return Simulated(sizing, run, asis, hourly_load)


def plan(scenario: Scenario, *, keep_steps: bool | None = None, threads: int | None = None,
         band: bool = False, extra_events: np.ndarray | None = None) -> Plan:
    """Compute both plans for ``scenario``. ``keep_steps``: keep per-step frames (default: when
    small); ``threads``: the engine's thread budget (default: every core); ``band``: also run the
    hourly profiles as steps, linearly and with bursts and fill the shortfall band of the summary
    (:func:`shortfall_band`; up to three more engine runs without frames); ``extra_events``:
    failure events merged with the rolling updates (:func:`simulate`)."""
    check_scenario_work(scenario, keep_steps)  # refuse a run above the work budget before it starts
    if scenario.environments:  # each service once per environment (planner.environments), paths of the file's fields
        check_scenario(scenario)
        return replace(plan(expand(scenario), keep_steps=keep_steps, threads=threads, band=band,
                            extra_events=extra_events),
                       input_scenario=scenario)
    resolved = check_scenario(scenario)
    n_steps = scenario.horizon_hours * 3600 // scenario.simulation.step_s
    if keep_steps is None:
        keep_steps = n_steps * len(scenario.services) <= KEEP_STEPS_MAX_CELLS
    sim = simulate(scenario, resolved, keep_steps, threads, extra_events)
    p = plan_from_run(scenario, resolved, sim.sizing, sim.run, sim.asis, sim.hourly_load)
    if scenario.forecast.months > 0:
        months = forecast.month_plan(scenario, resolved.rates, resolved.prices,
                                     lambda s: _month_run(s, resolved, threads))
        p = replace(p, months=months)
    if band:
        p = replace(p, summary=with_band(p.summary, shortfall_band(scenario, resolved, p.summary, threads)))
    return p


def plan_summary(scenario: Scenario, *, threads: int | None = None,
                 budget: WorkBudget = API_WORK_BUDGET) -> Summary:
    """The :class:`Summary` of :func:`plan` without building any frame (sweeps, searches, Monte
    Carlo: ~3x faster on the default scenario). Equal to ``plan(scenario).summary`` field by field
    (tests/test_sweep.py); ``budget``: the work budget to refuse a run above."""
    check_scenario_work(scenario, False, budget)
    resolved = check_scenario(scenario)
    sim = simulate(scenario, resolved, False, threads)
    return summary_from_run(scenario, resolved, sim.sizing, sim.run, sim.asis, sim.hourly_load)


# --- the shortfall band -------------------------------------------------------------------------
BAND_VARIANTS = ("step", "linear", "burst")  #: hourly loads held as steps, ramped linearly, with bursts


def band_scenario(scenario: Scenario, variant: str) -> Scenario:
    """``scenario`` with its hourly profiles run one band way: ``step`` (held, no bursts),
    ``linear`` (ramped between hour midpoints, no bursts) or ``burst`` (held, each service's own
    burst or ``simulation.band_burst``). Fine series are left as they are."""
    if variant not in BAND_VARIANTS:
        raise ValueError(f"variant must be one of {BAND_VARIANTS}; got {variant!r}")
    default = scenario.simulation.band_burst_or_default
    services = tuple(s if s.load is not None else s.model_copy(
        update={"burst": (s.burst or default) if variant == "burst" else None}) for s in scenario.services)
    sim = scenario.simulation.model_copy(update={"interpolation": "linear" if variant == "linear" else "step"})
    return scenario.model_copy(update={"services": services, "simulation": sim})


def shortfall_band(scenario: Scenario, resolved: Resolved | None = None, main: Summary | None = None,
                   threads: int | None = None) -> dict[str, risk.Shortfall] | None:
    """To-Be shortfall of each :data:`BAND_VARIANTS` run (None when no service has hourly load:
    a fine series needs no band). A variant identical to ``scenario`` reuses ``main`` (its summary)."""
    if all(s.load is not None for s in scenario.services):
        return None
    resolved = resolved or check_scenario(scenario)
    out = {}
    for variant in BAND_VARIANTS:
        sc = band_scenario(scenario, variant)
        if main is not None and sc == scenario:
            s = main
        else:
            sim = simulate(sc, resolved, False, threads)
            s = summary_from_run(sc, resolved, sim.sizing, sim.run, sim.asis, sim.hourly_load)
        out[variant] = risk.Shortfall(s.tobe_shortfall_requests, s.tobe_shortfall_frac, s.tobe_worst_hour,
                                      s.tobe_worst_hour_shortfall_requests, s.tobe_min_headroom_frac)
    return out


def with_band(summary: Summary, band: dict[str, risk.Shortfall] | None) -> Summary:
    """``summary`` with its band fields filled, and a warning when the band's top is above the plan's
    own shortfall (the hourly view hides risk that per-minute load would show)."""
    if band is None:
        return summary
    fields = {f"tobe_shortfall_{kind}_{v}": getattr(band[v], "frac" if kind == "frac" else "requests")
              for v in BAND_VARIANTS for kind in ("frac", "requests")}
    items = list(summary.warning_items) + risk.band_warnings(band, summary.tobe_shortfall_requests)
    return replace(summary, **fields, warning_items=tuple(items),
                   warnings=tuple(warning_text(c, prm) for c, prm in items))


def _month_run(scenario: Scenario, resolved: Resolved, threads: int | None) -> forecast.MonthRun:
    """One representative period of the forecast: node profile, As-Is servers, shortfall."""
    sim = simulate(scenario, resolved, True, threads)
    hy = sim.run.hourly
    return forecast.MonthRun(profile=node_profile(sim.run), asis_servers=int(sim.asis.servers.sum()),
                             requests_by_hour=hy["load_requests"].sum(axis=1),
                             shortfall_requests=float(hy["shortfall_requests"].sum()),
                             asis_shortfall_requests=float(sim.asis.hourly_shortfall_requests.sum()))


def node_profile(run: eng.RunResult) -> pricing.NodeProfile:
    """The pool's billed node counts from the hourly aggregates (mean, lowest, highest count of each
    hour), whether or not the run kept its steps: a plan and its frame-less summary
    (:func:`plan_summary`: sweeps, searches) then price the same profile to the last digit. Exact
    when an hour holds at most two node counts (:meth:`pricing.NodeProfile.from_hourly`)."""
    ch = run.cluster_hourly
    return pricing.NodeProfile.from_hourly(ch["nodes_requested"], ch["nodes_requested_min"], ch["nodes_requested_max"])


@dataclass(frozen=True)
class Priced:
    """The price stage of a run: the strategy priced, every option, the spot haircut."""

    profile: pricing.NodeProfile
    costing: pricing.Costing
    options: "object"  #: pandas DataFrame of planner.pricing.purchase_options
    spot_shortfall_requests: np.ndarray  #: [H, S] requests lost to spot interruptions


def price_run(scenario: Scenario, resolved: Resolved, run: eng.RunResult, asis: AsIsRun) -> Priced:
    """Prices of a finished run (``planner.pricing``) and the spot haircut (``planner.risk``)."""
    rates = resolved.rates if resolved.rates is not None else pricing.rates_of(scenario, resolved.node, resolved.server)
    profile = node_profile(run)
    servers = int(asis.servers.sum())
    requests = run.hourly["load_requests"].sum(axis=1)
    costing = pricing.cost_plan(scenario, rates, resolved.prices, profile, servers, requests)
    options = pricing.purchase_options(scenario, rates, costing, profile, servers,
                                       resolved.prices.control_plane_usd_per_hour)
    haircut = risk.spot_interruption_shortfall(
        costing.tobe.spot_node_hours, profile.node_hours_by_hour(), run.hourly["load_requests"],
        costing.spot_interruption_frac_per_month, risk.spot_replacement_gap_s(scenario), scenario.hours_per_month)
    return Priced(profile, costing, options, haircut)


def plan_from_run(scenario: Scenario, resolved: Resolved, sizing: list[AsIsSizing], run: eng.RunResult,
                  asis: AsIsRun, hourly_load: np.ndarray) -> Plan:
    """The whole :class:`Plan` of a finished run: frames and summary. ``hourly_load`` ``[H, S]``
    [requests/s] is what the per-service peaks and means are reported from."""
    priced = price_run(scenario, resolved, run, asis)
    costs = priced.costing.hourly
    summary = summary_from_run(scenario, resolved, sizing, run, asis, hourly_load, priced)
    steps = cluster_steps = None
    if run.steps is not None:
        steps, cluster_steps = frames.step_frames(run, asis, costs)
    per_server = priced.costing.asis.usd_per_hour / max(int(asis.servers.sum()), 1)
    asis_usd_month = pricing.service_usd_per_month(per_server, asis.servers, scenario.hours_per_month)
    return Plan(scenario=scenario, summary=summary, hourly=frames.hourly_frame(run, asis),
                cluster_hourly=frames.cluster_hourly_frame(run, asis, costs, priced.spot_shortfall_requests),
                services=frames.services_frame(run, sizing, asis, hourly_load, asis_usd_month),
                assumptions=frames.assumptions_frame(scenario, resolved.node, resolved.server, resolved.shape,
                                                     resolved.prices, priced.costing, risk.spot_replacement_gap_s(scenario)),
                node=resolved.node, server=resolved.server, steps=steps, cluster_steps=cluster_steps,
                purchase_options=priced.options,
                cost_lines=frames.cost_lines_frame(priced.costing.lines, scenario.hours_per_month))


def summary_from_run(scenario: Scenario, resolved: Resolved, sizing: list[AsIsSizing], run: eng.RunResult,
                     asis: AsIsRun, hourly_load: np.ndarray, priced: Priced | None = None,
                     load_step_s: int | None = None) -> Summary:
    """The headline figures of a finished run, without building frames (fleet runs, sweeps).
    ``load_step_s``: the resolution of a load the run streamed itself [s] (default: the scenario's)."""
    hy, ch = run.hourly, run.cluster_hourly
    H = len(ch["node_seconds"])
    servers = asis.servers
    if priced is None:
        priced = price_run(scenario, resolved, run, asis)
    costs = priced.costing.hourly
    total_load = float(hy["load_requests"].sum(axis=0).sum())
    tobe = risk.shortfall(hy["shortfall_requests"] + priced.spot_shortfall_requests, total_load, run.min_headroom_frac)
    asis_sf = risk.shortfall(asis.hourly_shortfall_requests, total_load, asis.min_headroom_frac)
    nodes_peak = int(ch["nodes_requested_max"].max())
    # per-hour peaks for the warnings: a fine series or bursts peak above their hourly means
    hourly_peak = np.maximum(hourly_load, hy["peak_load_requests_per_s"])
    items = risk.plan_warnings(scenario, risk.service_warnings(
        scenario, sizing, hourly_peak, run.params.pod_capacity_requests_per_s, run.pods_max,
        hy["shortfall_requests"].sum(axis=0)), tobe, asis_sf, total_load, nodes_peak)
    items += risk.pricing_warnings(scenario, priced.costing, float(priced.spot_shortfall_requests.sum()))
    asis_month, tobe_month = costs.per_month(scenario.hours_per_month)
    asis_total, tobe_total = float(costs.asis_usd.sum()), float(costs.tobe_usd.sum())
    days = H / 24.0
    return Summary(
        horizon_hours=H, step_s=run.step_s, hours_per_month=scenario.hours_per_month,
        asis_servers_total=int(servers.sum()), asis_backup_servers_total=int(sum(z.backup_servers for z in sizing)),
        asis_server_hours=float(servers.sum() * H), asis_usd_total=asis_total, asis_usd_per_day=asis_total / days,
        asis_usd_per_month=asis_month,
        tobe_nodes_peak=nodes_peak, tobe_nodes_mean=float(ch["node_seconds"].sum() / (run.n_steps * run.step_s)),
        tobe_nodes_min=int(ch["nodes_requested_min"].min()),
        tobe_node_hours=float((ch["node_seconds"] / 3600.0).sum()),
        tobe_compute_usd_total=float(costs.tobe_compute_usd.sum()),
        tobe_control_plane_usd_total=resolved.prices.control_plane_usd_per_hour * H, tobe_usd_total=tobe_total,
        tobe_usd_per_day=tobe_total / days, tobe_usd_per_month=tobe_month, tobe_pods_peak=run.pods_peak,
        savings_usd_per_month=asis_month - tobe_month,
        savings_frac=(asis_month - tobe_month) / asis_month if asis_month > 0 else 0.0,
        load_requests_total=total_load, tobe_shortfall_requests=tobe.requests, tobe_shortfall_frac=tobe.frac,
        tobe_worst_hour=tobe.worst_hour, tobe_worst_hour_shortfall_requests=tobe.worst_hour_requests,
        tobe_min_headroom_frac=tobe.min_headroom_frac,
        asis_shortfall_requests=asis_sf.requests, asis_shortfall_frac=asis_sf.frac, asis_worst_hour=asis_sf.worst_hour,
        asis_worst_hour_shortfall_requests=asis_sf.worst_hour_requests, asis_min_headroom_frac=asis_sf.min_headroom_frac,
        load_step_s=load_step_s or min(s.load_step_s for s in scenario.services),
        warnings=tuple(warning_text(c, prm) for c, prm in items), warning_items=tuple(items),
        **_purchase_fields(scenario, priced, H),
    )


def _frac(saving: float, base: float) -> float:
    return saving / base if base > 0 else 0.0


def _purchase_fields(scenario: Scenario, priced: Priced, hours: int) -> dict:
    """The Summary's purchase-option figures (issue 11)."""
    c, hpm = priced.costing, scenario.hours_per_month
    node_hours = priced.profile.node_hours
    recs = priced.options.to_dict("records")  # one pass: the frame's boolean lookups cost more than the plan's pricing

    def pick(side: str, key: str, value) -> SimpleNamespace:
        return SimpleNamespace(**next(r for r in recs if r["side"] == side and r[key] == value))

    asis_od, tobe_od = pick("as_is", "option", "on_demand"), pick("to_be", "option", "on_demand")
    asis_low, tobe_low = pick("as_is", "cheapest", True), pick("to_be", "cheapest", True)
    od_saving = float(asis_od.usd_per_month - tobe_od.usd_per_month)
    low_saving = float(asis_low.usd_per_month - tobe_low.usd_per_month)
    return dict(
        tobe_committed_nodes=c.tobe.committed_nodes,
        tobe_commitment_coverage_frac=c.tobe.coverage_frac(node_hours),
        tobe_commitment_utilization_frac=c.tobe.utilization_frac(hours),
        asis_upfront_usd=c.asis.upfront_usd, tobe_upfront_usd=c.tobe.upfront_usd,
        asis_other_usd_per_month=float(c.hourly.asis_fixed_usd.mean()) * hpm,
        tobe_other_usd_per_month=float(c.hourly.tobe_fixed_usd.mean()) * hpm,
        tobe_spot_node_hours=float(c.tobe.spot_node_hours.sum()),
        tobe_spot_shortfall_requests=float(priced.spot_shortfall_requests.sum()),
        asis_usd_per_month_on_demand=float(asis_od.usd_per_month), tobe_usd_per_month_on_demand=float(tobe_od.usd_per_month),
        savings_usd_per_month_on_demand=od_saving, savings_frac_on_demand=_frac(od_saving, float(asis_od.usd_per_month)),
        tobe_cheapest_committed_nodes=int(tobe_low.committed),
        asis_usd_per_month_cheapest=float(asis_low.usd_per_month), tobe_usd_per_month_cheapest=float(tobe_low.usd_per_month),
        savings_usd_per_month_cheapest=low_saving, savings_frac_cheapest=_frac(low_saving, float(asis_low.usd_per_month)),
    )
