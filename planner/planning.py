"""``plan(scenario) -> Plan``: the stages in order, as short orchestration.

``check_scenario`` (resolve machines, feasibility rules of ``planner.scenario``) -> As-Is sizing
(``planner.asis``) -> the engine run with the As-Is fleet fed the same load chunks
(``planner.engine``) -> prices (``planner.pricing``) -> risk and warnings (``planner.risk``) ->
frames (``planner.frames``) and the :class:`~planner.result.Summary`. Every figure the app, CLI
and reports show comes from here; fleet runs and sweeps that stream their own load call
:func:`summary_from_run` / :func:`plan_from_run` on their run instead of copying a stage.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from planner import engine as eng
from planner import frames, pricing, risk
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
    """The machines of a plannable scenario."""

    node: Instance
    server: Instance
    shape: NodeShape
    prices: pricing.Prices


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
    if problems:
        raise ScenarioError(problems)
    return Resolved(node, server, shape, pricing.prices(scenario, node, server))


def plan(scenario: Scenario, *, keep_steps: bool | None = None, threads: int | None = None,
         extra_events: np.ndarray | None = None) -> Plan:
    """Compute both plans for ``scenario``. ``keep_steps``: keep per-step frames (default: when
    small); ``threads``: the engine's thread budget (default: every core); ``extra_events``:
    failure events (``planner.events`` rows, e.g. from ``planner.drills``) merged with the rolling
    updates, seen by the engine and the As-Is fleet alike."""
    check_scenario_work(scenario, keep_steps)  # refuse a run above the work budget before it starts
    if scenario.environments:  # each service once per environment (planner.environments), paths of the file's fields
        check_scenario(scenario)
        return replace(plan(expand(scenario), keep_steps=keep_steps, threads=threads, extra_events=extra_events),
                       input_scenario=scenario)
    resolved = check_scenario(scenario)
    if keep_steps is None:
        n_steps = scenario.horizon_hours * 3600 // scenario.simulation.step_s
        keep_steps = n_steps * len(scenario.services) <= KEEP_STEPS_MAX_CELLS
    return plan_from_run(scenario, resolved, *_run(scenario, resolved, keep_steps, threads, extra_events))


def plan_summary(scenario: Scenario, *, threads: int | None = None,
                 budget: WorkBudget = API_WORK_BUDGET) -> Summary:
    """The :class:`Summary` of :func:`plan` without building any frame (sweeps, searches, Monte
    Carlo: ~3x faster on the default scenario). Equal to ``plan(scenario).summary`` field by field
    (tests/test_sweep.py); ``budget``: the work budget to refuse a run above."""
    check_scenario_work(scenario, False, budget)
    resolved = check_scenario(scenario)
    return summary_from_run(scenario, resolved, *_run(scenario, resolved, False, threads))


def _run(scenario: Scenario, resolved: Resolved, keep_steps: bool, threads: int | None,
         extra_events: np.ndarray | None = None) -> tuple[list[AsIsSizing], eng.RunResult, AsIsRun, np.ndarray]:
    """The engine run with the As-Is fleet fed the same load chunks: ``(sizing, run, asis, hourly_load)``."""
    step_s = scenario.simulation.step_s
    n_steps = scenario.horizon_hours * 3600 // step_s
    hourly_load = eng.scenario_hourly_load(scenario)
    step_load = eng.hourly_to_steps(hourly_load, step_s, scenario.simulation.interpolation)
    sizing = size_as_is(scenario, resolved.server, hourly_load.max(axis=0))
    events = eng.deploy_events(scenario)
    if extra_events is not None:
        events = merge_events(events, extra_events)
    asis = AsIsRun(sizing, events, n_steps, step_s, keep_steps, scenario.as_is.repair_time_s)
    run = eng.run_engine(eng.params_from_scenario(scenario, resolved.shape), lambda a, b: step_load[a:b], n_steps,
                         step_s, events, keep_steps, threads=threads, chunk_hooks=(asis,))
    return sizing, run, asis, hourly_load


def plan_from_run(scenario: Scenario, resolved: Resolved, sizing: list[AsIsSizing], run: eng.RunResult,
                  asis: AsIsRun, hourly_load: np.ndarray) -> Plan:
    """The whole :class:`Plan` of a finished run: frames and summary. ``hourly_load`` ``[H, S]``
    [requests/s] is what the per-service peaks and means are reported from."""
    costs = pricing.hourly_costs(resolved.prices, run.cluster_hourly["node_seconds"] / 3600.0, int(asis.servers.sum()))
    summary = summary_from_run(scenario, resolved, sizing, run, asis, hourly_load, costs)
    steps = cluster_steps = None
    if run.steps is not None:
        steps, cluster_steps = frames.step_frames(run, asis, resolved.prices)
    asis_usd_month = pricing.service_usd_per_month(resolved.prices, asis.servers, scenario.hours_per_month)
    return Plan(scenario=scenario, summary=summary, hourly=frames.hourly_frame(run, asis),
                cluster_hourly=frames.cluster_hourly_frame(run, asis, costs),
                services=frames.services_frame(run, sizing, asis, hourly_load, asis_usd_month),
                assumptions=frames.assumptions_frame(scenario, resolved.node, resolved.server, resolved.shape,
                                                     resolved.prices),
                node=resolved.node, server=resolved.server, steps=steps, cluster_steps=cluster_steps)


def summary_from_run(scenario: Scenario, resolved: Resolved, sizing: list[AsIsSizing], run: eng.RunResult,
                     asis: AsIsRun, hourly_load: np.ndarray, costs: pricing.HourlyCosts | None = None) -> Summary:
    """The headline figures of a finished run, without building frames (fleet runs, sweeps)."""
    hy, ch = run.hourly, run.cluster_hourly
    H = len(ch["node_seconds"])
    servers = asis.servers
    if costs is None:
        costs = pricing.hourly_costs(resolved.prices, ch["node_seconds"] / 3600.0, int(servers.sum()))
    total_load = float(hy["load_requests"].sum(axis=0).sum())
    tobe = risk.shortfall(hy["shortfall_requests"], total_load, run.min_headroom_frac)
    asis_sf = risk.shortfall(asis.hourly_shortfall_requests, total_load, asis.min_headroom_frac)
    nodes_peak = int(ch["nodes_requested_max"].max())
    items = risk.plan_warnings(scenario, risk.service_warnings(
        scenario, sizing, hourly_load, run.params.pod_capacity_requests_per_s, run.pods_max,
        hy["shortfall_requests"].sum(axis=0)), tobe, asis_sf, total_load, nodes_peak)
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
        warnings=tuple(warning_text(c, prm) for c, prm in items), warning_items=tuple(items),
    )
