"""The tidy frames of a plan: per hour, per step, per service, and the assumptions with sources.

Column names and order are the glossary's (:mod:`planner.result`); builders take the stage
results (engine run, As-Is run, costs) and do no modelling of their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner.asis import AsIsRun, AsIsSizing
from planner.allocatable import NodeShape
from planner.catalog import Instance
from planner.engine import HPA_REASONS, NODE_REASONS, RunResult
from planner.pricing import Costing, CostLine, HourlyCosts, Prices, step_costs_cumulative
from planner.pricing.lines import UNITS as LINE_UNITS
from planner.result import (ASSUMPTION_COLUMNS, CLUSTER_HOURLY_COLUMNS, CLUSTER_STEP_COLUMNS, COST_LINE_COLUMNS,
                            HOURLY_COLUMNS, SERVICE_COLUMNS, STEP_COLUMNS)
from planner.scenario import HPA, Scenario

_HOURLY_FROM_RUN = ("load_requests_per_s", "peak_load_requests_per_s", "desired_replicas", "desired_replicas_max",
                    "ready_pods", "pending_pods", "surge_pods", "capacity_requests_per_s", "cpu_utilization_frac",
                    "load_requests", "shortfall_requests")


def _ordered(columns: tuple[str, ...], data: dict) -> pd.DataFrame:
    """The frame of ``data`` with exactly ``columns``, in that order. Built from a dict already in
    order: reordering a built frame (``df[list(columns)]``) copies every column a second time."""
    if set(data) != set(columns):
        raise ValueError(f"frame columns {sorted(set(data) ^ set(columns))} differ from the glossary's")
    return pd.DataFrame({c: data[c] for c in columns})


def _labels(names, codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A text column ``names[codes]`` in pandas' ``str`` dtype, made by ``take`` on the few distinct
    names: the same column as inferring it from an object array row by row, in a third of the time."""
    return pd.array(list(names), dtype="str").take(np.asarray(codes, dtype=np.int64))



def hourly_frame(run: RunResult, asis: AsIsRun) -> pd.DataFrame:
    """One row per hour and service (:data:`planner.result.HOURLY_COLUMNS`)."""
    hy = run.hourly
    H, S = hy["load_requests"].shape
    return _ordered(HOURLY_COLUMNS, {
        "hour": np.repeat(np.arange(H), S), "service": _labels(run.params.names, np.tile(np.arange(S), H)),
        **{c: hy[c].reshape(-1) for c in _HOURLY_FROM_RUN},
        "asis_servers": np.tile(asis.servers, H),
        "asis_capacity_requests_per_s": asis.hourly_capacity_requests_per_s.reshape(-1),
        "asis_shortfall_requests": asis.hourly_shortfall_requests.reshape(-1),
        "hpa_reason": _labels(HPA_REASONS, hy["hpa_reason_code"].reshape(-1)),
    })


def cluster_hourly_frame(run: RunResult, asis: AsIsRun, costs: HourlyCosts,
                         spot_shortfall_requests: np.ndarray | None = None) -> pd.DataFrame:
    """One row per hour (:data:`planner.result.CLUSTER_HOURLY_COLUMNS`); ``spot_shortfall_requests``
    ``[H, S]``: the spot haircut (:func:`planner.risk.spot_interruption_shortfall`)."""
    ch, hy = run.cluster_hourly, run.hourly
    H = len(ch["node_seconds"])
    servers_total = asis.servers.sum()
    tobe_cum = np.cumsum(costs.tobe_usd)
    asis_cum = np.cumsum(costs.asis_usd)
    return _ordered(CLUSTER_HOURLY_COLUMNS, {
        "hour": np.arange(H),
        "nodes_needed": ch["nodes_needed"], "nodes_requested": ch["nodes_requested"],
        "nodes_requested_max": ch["nodes_requested_max"], "nodes_ready": ch["nodes_ready"],
        "node_hours": ch["node_seconds"] / 3600.0, "requested_cpu_frac": ch["requested_cpu_frac"],
        "requested_memory_frac": ch["requested_memory_frac"], "pods": ch["pods"],
        "asis_servers": np.full(H, servers_total), "asis_server_hours": np.full(H, float(servers_total)),
        "tobe_usd": costs.tobe_usd, "asis_usd": costs.asis_usd, "tobe_usd_cumulative": tobe_cum,
        "asis_usd_cumulative": asis_cum, "savings_usd_cumulative": asis_cum - tobe_cum,
        "load_requests": hy["load_requests"].sum(axis=1), "shortfall_requests": hy["shortfall_requests"].sum(axis=1),
        "asis_shortfall_requests": asis.hourly_shortfall_requests.sum(axis=1),
        "tobe_committed_usd": costs.tobe_committed_usd, "tobe_on_demand_usd": costs.tobe_on_demand_usd,
        "tobe_spot_usd": costs.tobe_spot_usd, "tobe_fixed_usd": costs.tobe_fixed_usd,
        "asis_machines_usd": costs.asis_machines_usd, "asis_fixed_usd": costs.asis_fixed_usd,
        "spot_shortfall_requests": (np.zeros(H) if spot_shortfall_requests is None
                                    else spot_shortfall_requests.sum(axis=1)),
    })


def step_frames(run: RunResult, asis: AsIsRun, costs: HourlyCosts) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(steps, cluster_steps)``: per step and service, and per step for the node pool (kept runs only)."""
    sd, ad = run.steps, asis.steps()
    n_steps, S, step_s = run.n_steps, run.params.n_services, run.step_s
    t = np.arange(n_steps) * step_s
    steps = _ordered(STEP_COLUMNS, {
        "time_s": np.repeat(t, S), "hour": np.repeat(t // 3600, S),
        "service": _labels(run.params.names, np.tile(np.arange(S), n_steps)),
        **{c: sd[c].reshape(-1) for c in ("load_requests_per_s", "raw_recommendation", "desired_replicas",
                                           "ready_pods", "pending_pods", "surge_pods", "capacity_requests_per_s",
                                           "shortfall_requests_per_s")},
        "cpu_utilization_frac": sd["cpu_utilization_frac"].astype(np.float64).reshape(-1),
        "hpa_reason": _labels(HPA_REASONS, sd["hpa_reason_code"].reshape(-1)),
        **{c: ad[c].reshape(-1) for c in ("asis_servers_in_service", "asis_capacity_requests_per_s",
                                           "asis_shortfall_requests_per_s")},
    })
    tobe_cum, asis_cum = step_costs_cumulative(costs, sd["nodes_requested"], step_s)
    cluster_steps = _ordered(CLUSTER_STEP_COLUMNS, {
        "time_s": t, "hour": t // 3600, "nodes_needed": sd["nodes_needed"],
        "nodes_requested": sd["nodes_requested"], "nodes_ready": sd["nodes_ready"],
        "node_reason": _labels(NODE_REASONS, sd["node_reason_code"]),
        "requested_cpu_frac": sd["requested_cpu_frac"], "requested_memory_frac": sd["requested_memory_frac"],
        "tobe_usd_cumulative": tobe_cum, "asis_usd_cumulative": asis_cum,
    })
    return steps, cluster_steps


def services_frame(run: RunResult, sizing: list[AsIsSizing], asis: AsIsRun, hourly_load: np.ndarray,
                   asis_usd_per_month: np.ndarray) -> pd.DataFrame:
    """One row per service (:data:`planner.result.SERVICE_COLUMNS`)."""
    hy = run.hourly
    S = run.params.n_services
    load_req = hy["load_requests"].sum(axis=0)
    short_req = hy["shortfall_requests"].sum(axis=0)
    servers = asis.servers
    cap_t = np.array([z.capacity_at_target_requests_per_s for z in sizing])
    # the per-step peak: a fine series or bursts peak above their hourly means
    peak = np.maximum(hourly_load.max(axis=0), hy["peak_load_requests_per_s"].max(axis=0))
    return _ordered(SERVICE_COLUMNS, {
        "service": run.params.names,
        "peak_load_requests_per_s": peak,
        "mean_load_requests_per_s": hourly_load.mean(axis=0),
        "asis_servers": servers, "asis_backup_servers": [z.backup_servers for z in sizing],
        "asis_server_capacity_requests_per_s": cap_t,
        "asis_usd_per_month": asis_usd_per_month,
        "pod_capacity_requests_per_s": run.params.pod_capacity_requests_per_s,
        "pods_peak": run.pods_max, "pods_mean": hy["desired_replicas"].mean(axis=0), "pods_min": run.pods_min,
        "load_requests": load_req, "shortfall_requests": short_req,
        "shortfall_frac": np.divide(short_req, load_req, out=np.zeros(S), where=load_req > 0),
        "asis_shortfall_requests": asis.hourly_shortfall_requests.sum(axis=0),
        "deploy_fits_one_server_out": (servers - 1) * cap_t >= peak - 1e-9,
    })


def _price_source(inst: Instance) -> str:
    return f"{inst.source} (as of {inst.as_of})" if inst.as_of else inst.source


def _machine_rows(plan_name: str, kind: str, inst: Instance, usd_per_hour: float, price_source: str) -> list[tuple]:
    src = _price_source(inst)
    return [(plan_name, f"{kind} type", inst.instance_type, "", f"{inst.provider or 'custom'}/{inst.region or '-'}"),
            (plan_name, f"{kind} vCPU", inst.vcpu, "vCPU", src),
            (plan_name, f"{kind} memory", inst.memory_gib, "GiB", src),
            (plan_name, f"{kind} price", usd_per_hour, "USD/hour", price_source or src)]


#: Sources of the legacy path's rows (an HPA without behavior), translated in planner.i18n.assumptions.
LEGACY_BEHAVIOR_SOURCE = "no spec.behavior: scale-up at most max(2 x current, 4) pods per sync"
LEGACY_WINDOW_SOURCE = "kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization (no behavior)"


def _stabilization_rows(g: str, h: HPA) -> list[tuple]:
    """The stabilization window the HPA runs with: behavior.scaleDown's, or without behavior the
    controller's (and a row saying which path)."""
    if h.behavior == "none":
        return [(g, "HPA behavior", "none", "", LEGACY_BEHAVIOR_SOURCE),
                (g, "scale-down stabilization", h.downscale_stabilization_s, "s", LEGACY_WINDOW_SOURCE)]
    return [(g, "scale-down stabilization", h.scale_down.stabilization_window_s, "s", "HPA default 300 s")]


def _service_rows(scenario: Scenario) -> list[tuple]:
    rows = []
    a = scenario.as_is
    for s in scenario.services:
        h = s.hpa
        g = f"Service {s.name}"
        metrics = ", ".join(f"{m.name} {m.target_utilization_frac if m.target_utilization_frac is not None else m.target_average_value:g}"
                            for m in h.metrics)
        rows += [
            (g, "CPU request", s.requests.cpu_millicores, "millicores", "scenario"),
            (g, "memory request", s.requests.memory_mib, "MiB", "scenario"),
            (g, "CPU per request/s", s.usage.cpu_millicores_per_rps, "millicores per request/s", "scenario"),
            (g, "CPU idle", s.usage.cpu_millicores_base, "millicores", "scenario"),
            (g, "memory per request/s", s.usage.memory_mib_per_rps, "MiB per request/s", "scenario"),
            (g, "memory idle", s.usage.memory_mib_base, "MiB", "scenario"),
            (g, "HPA min / max replicas", f"{h.min_replicas} / {h.max_replicas}", "pods", "scenario"),
            (g, "HPA metrics", metrics, "", "scenario"),
            (g, "HPA tolerance", h.tolerance_frac, "fraction", "kube-controller-manager default 0.1"),
            *_stabilization_rows(g, h),
            (g, "HPA metrics lag", h.metrics_lag_s, "s", "metrics-server 15 s window, 15-45 s old (default 30 s)"),
            (g, "CPU initialization period", h.cpu_initialization_period_s, "s",
             "kube-controller-manager default 300 s"),
            (g, "pod start-up", s.pod_startup_s, "s", "scenario"),
            (g, "image pull on a new node", s.image_pull_s, "s", "scenario"),
            (g, "backup servers (As-Is)", s.backup_servers if s.backup_servers is not None else a.backup_servers_per_service,
             "servers", "scenario"),
        ]
        if s.load is not None:
            rows.append((g, "load resolution (measured series)", s.load.step_s, "s", "scenario (planner import)"))
        if s.burst is not None:
            b = s.burst
            rows.append((g, "burst: busiest / quietest minute, shape", f"{b.peak_to_mean:g} / {b.trough:g}, {b.shape}",
                         "x hourly mean", "scenario (planner/burst.py)"))
    return rows


def assumptions_frame(scenario: Scenario, node: Instance, server: Instance, shape: NodeShape,
                      prices: Prices, costing: Costing | None = None, spot_gap_s: int = 0) -> pd.DataFrame:
    """One row per input that shapes the numbers, with unit and source (``costing``: the purchase
    strategy and the lines beside the machines, each with the price it used and where it came from)."""
    a, c, sim = scenario.as_is, scenario.cluster, scenario.simulation
    alloc_src = f"{c.allocatable_formula} formula (planner/allocatable.py)"
    rows = [
        *_machine_rows("As-Is", "server", server, prices.server_usd_per_hour, prices.server_source),
        ("As-Is", "sizing target utilization", a.target_utilization_frac, "fraction", "scenario"),
        ("As-Is", "backup servers per service", a.backup_servers_per_service, "servers", "scenario"),
        ("As-Is", "OS reserve CPU", a.os_reserved_cpu_millicores, "millicores", "scenario"),
        ("As-Is", "OS reserve memory", a.os_reserved_memory_mib, "MiB", "scenario"),
        ("As-Is", "VM overhead CPU", a.vm_overhead_cpu_millicores if a.is_vm else 0.0, "millicores", "scenario"),
        ("As-Is", "VM overhead memory", a.vm_overhead_memory_mib if a.is_vm else 0.0, "MiB", "scenario"),
        *_machine_rows("To-Be", "node", node, prices.node_usd_per_hour, prices.node_source),
        ("To-Be", "allocatable CPU", shape.allocatable_cpu_millicores, "millicores", alloc_src),
        ("To-Be", "allocatable memory", shape.allocatable_memory_mib, "MiB", alloc_src),
        ("To-Be", "DaemonSet CPU per node", c.daemonset_cpu_millicores, "millicores", "scenario"),
        ("To-Be", "DaemonSet memory per node", c.daemonset_memory_mib, "MiB", "scenario"),
        ("To-Be", "pod slots per node", shape.pod_slots, "pods", "maxPods - DaemonSet pods"),
        ("To-Be", "spare nodes", c.spare_nodes, "nodes", "scenario"),
        ("To-Be", "node provisioning delay", c.provisioning_delay_s, "s", "cluster-autoscaler FAQ (3-4 min on GCE)"),
        ("To-Be", "node launch and boot", c.node_boot_s, "s", "scenario (part of the FAQ's 3 min)"),
        ("To-Be", "kubelet registration until Ready", c.node_registration_s, "s", "scenario (part of the FAQ's 3 min)"),
        ("To-Be", "DaemonSets ready on a new node", c.daemonset_ready_s, "s", "scenario (part of the FAQ's 3 min)"),
        ("To-Be", "max node provision time", c.max_node_provision_time_s, "s", "cluster-autoscaler default 15 min"),
        ("To-Be", "node group backoff initial / max", f"{c.initial_node_group_backoff_s} / {c.max_node_group_backoff_s}",
         "s", "cluster-autoscaler default 5 / 30 min"),
        ("To-Be", "scale-up failure windows", len(c.scale_up_failures), "windows", "scenario"),
        ("To-Be", "scale-down unneeded time", c.scale_down_unneeded_s, "s", "cluster-autoscaler default"),
        ("To-Be", "scale-down delay after add", c.scale_down_delay_after_add_s, "s", "cluster-autoscaler default"),
        ("To-Be", "scale-down utilization threshold", c.scale_down_utilization_threshold_frac, "fraction",
         "cluster-autoscaler default"),
        ("To-Be", "control plane", prices.control_plane_usd_per_hour, "USD/hour", prices.control_plane_source),
        ("Simulation", "step (HPA sync period)", sim.step_s, "s", "kube-controller-manager default 15 s"),
        ("Simulation", "interpolation of hourly load", sim.interpolation, "", "scenario"),
        ("Simulation", "start", sim.start, "", "scenario"),
        ("Simulation", "hours per month", scenario.hours_per_month, "hours", "730 = 8760 / 12"),
        ("Simulation", "growth", scenario.growth_frac, "fraction", "scenario"),
        *_service_rows(scenario),
        *(_purchase_rows(scenario, costing, spot_gap_s) if costing is not None else []),
    ]
    df = pd.DataFrame(rows, columns=list(ASSUMPTION_COLUMNS))
    df["value"] = df["value"].astype(object)
    return df


def _purchase_rows(scenario: Scenario, c: Costing, spot_gap_s: int) -> list[tuple]:
    """The purchase strategy of each plan and every line beside the machines, with sources."""
    hpm = scenario.hours_per_month
    t, a = c.tobe, c.asis
    rows: list[tuple] = [("As-Is", "purchase option", a.label, "", "scenario (pricing.as_is)")]
    if a.rate is not None:
        rows += [("As-Is", "server rate (recurring)", a.rate.usd_per_hour, "USD/hour", a.rate.cited()),
                 ("As-Is", "server upfront", a.rate.upfront_usd, "USD", a.rate.cited()),
                 ("As-Is", "server rate (upfront amortised)", a.rate.effective_usd_per_hour, "USD/hour", a.rate.cited())]
    else:
        rows.append(("As-Is", "on-prem hosts", a.hosts, "hosts", a.source))
    rows += [("To-Be", "purchase strategy", t.label, "", "scenario (pricing.to_be)"),
             ("To-Be", "committed nodes", t.committed_nodes, "nodes",
              "cost minimum over the horizon (planner.pricing.commitment)"
              if scenario.pricing.to_be.committed_nodes == "auto" else "scenario (pricing.to_be.committed_nodes)")]
    if t.commitment is not None:
        rows += [("To-Be", "commitment rate (upfront amortised)", t.commitment.effective_usd_per_hour, "USD/hour",
                  t.commitment.cited()),
                 ("To-Be", "commitment upfront per node", t.commitment.upfront_usd, "USD", t.commitment.cited())]
    if t.spot is not None:
        rows += [("To-Be", "spot rate", t.spot.usd_per_hour, "USD/hour", t.spot.cited()),
                 ("To-Be", "spot share of the burst", t.spot_frac, "fraction", "scenario (pricing.to_be.spot_burst_frac)"),
                 ("To-Be", "spot interruptions", c.spot_interruption_frac_per_month, "per node-month",
                  c.spot_interruption_source),
                 ("To-Be", "spot interruption gap", spot_gap_s, "s", "planner.risk.spot_replacement_gap_s (pod start-up, "
                  "plus node provisioning without a spare node)")]
    if t.label == "on_prem":
        rows.append(("To-Be", "on-prem hosts", t.hosts, "hosts", t.source))
    for line in c.lines:
        qty_unit, price_unit = LINE_UNITS[line.key]
        plan_name = "As-Is" if line.plan == "as_is" else "To-Be"
        rows.append((plan_name, f"cost line: {line.key.replace('_', ' ')}", line.usd_per_month(hpm), "USD/month",
                     f"{line.quantity:,.4g} {qty_unit} x {line.unit_price:,.4g} {price_unit}; {line.source}"))
    return rows


def cost_lines_frame(lines: list[CostLine], hours_per_month: float) -> pd.DataFrame:
    """One row per line beside the machines and plan (:data:`planner.result.COST_LINE_COLUMNS`)."""
    rows = [(ln.plan, ln.key, ln.quantity, LINE_UNITS[ln.key][0], ln.unit_price, LINE_UNITS[ln.key][1],
             ln.usd_per_month(hours_per_month), ln.source) for ln in lines]
    return pd.DataFrame(rows, columns=list(COST_LINE_COLUMNS))
