"""``plan(scenario) -> Plan``: run the engine, size As-Is, price both, and summarise.

The pipeline, in order: ``hourly load -> per-step load -> HPA + nodes (engine) -> As-Is sizing ->
price -> hourly frames -> summary + warnings``. Every figure the app, CLI and reports show comes
from here.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from planner import engine as eng
from planner.allocatable import NodeShape, node_shape
from planner.catalog import Instance, resolve_instance
from planner.result import (ASSUMPTION_COLUMNS, CLUSTER_HOURLY_COLUMNS, CLUSTER_STEP_COLUMNS, HOURLY_COLUMNS,
                            SERVICE_COLUMNS, STEP_COLUMNS, Plan, Summary)
from planner.scenario import Scenario, ScenarioError
from planner.i18n import warning_text

#: keep per-step frames by default while services x steps stays below this
KEEP_STEPS_MAX_CELLS = 2_000_000


# --- As-Is -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class AsIsSizing:
    """Static sizing of one service."""

    capacity_at_target_requests_per_s: float  #: per server at the sizing target
    capacity_full_requests_per_s: float  #: per server at 100 % of usable
    servers_for_peak: int
    backup_servers: int

    @property
    def servers(self) -> int:
        return self.servers_for_peak + self.backup_servers


def size_as_is(scenario: Scenario, server: Instance) -> list[AsIsSizing]:
    """Per service: ``max(1, ceil(peak / capacity at target)) + backups`` (docs/model.md, As-Is)."""
    a = scenario.as_is
    cpu = server.cpu_millicores - a.os_reserved_cpu_millicores - (a.vm_overhead_cpu_millicores if a.is_vm else 0)
    mem = server.memory_mib - a.os_reserved_memory_mib - (a.vm_overhead_memory_mib if a.is_vm else 0)
    hourly = eng.scenario_hourly_load(scenario)
    out, problems = [], []
    for i, s in enumerate(scenario.services):
        u = s.usage
        caps_t, caps_f = [], []
        for usable, base, per in ((cpu, u.cpu_millicores_base, u.cpu_millicores_per_rps),
                                  (mem, u.memory_mib_base, u.memory_mib_per_rps)):
            if per > 0:
                caps_t.append((usable * a.target_utilization_frac - base) / per)
                caps_f.append((usable - base) / per)
        cap_t = min(caps_t) if caps_t else math.inf
        cap_f = min(caps_f) if caps_f else math.inf
        if cap_t <= 0:
            problems.append((f"services[{i}].usage", f"a {server.instance_type} server (after OS/VM reserve) at "
                             f"{a.target_utilization_frac:.0%} cannot even hold the service's idle usage"))
            continue
        peak = float(hourly[:, i].max())
        n = max(1, math.ceil(peak / cap_t - 1e-9))
        backups = s.backup_servers if s.backup_servers is not None else a.backup_servers_per_service
        out.append(AsIsSizing(cap_t, cap_f, n, backups))
    if problems:
        raise ScenarioError(problems)
    return out


# --- the run ---------------------------------------------------------------------------------
@dataclass
class RunResult:
    """Hourly aggregates of an engine run (and the per-step arrays when kept)."""

    hourly: dict[str, np.ndarray]  #: per hour and service ``[H, S]``
    cluster_hourly: dict[str, np.ndarray]  #: per hour ``[H]``
    steps: dict[str, np.ndarray] | None
    min_headroom_frac: float
    pods_peak: int
    pods_min: np.ndarray
    pods_max: np.ndarray
    params: eng.FleetParams


def _hour_view(a: np.ndarray, sph: int) -> np.ndarray:
    return a.reshape((a.shape[0] // sph, sph) + a.shape[1:])


def _as_load(a) -> np.ndarray:
    """C-contiguous float32 or float64 load, without a copy when it already is one."""
    a = np.asarray(a)
    return np.ascontiguousarray(a if a.dtype in (np.float32, np.float64) else a.astype(np.float64))


def run_engine(p: eng.FleetParams, load_chunk: Callable[[int, int], np.ndarray], n_steps: int, step_s: int,
               surge_mask: np.ndarray | None = None, keep_steps: bool = False,
               chunk_steps: int | None = None) -> RunResult:
    """Run the kernel over ``n_steps`` in chunks of whole hours, aggregating per hour as it goes.

    ``load_chunk(k0, k1)`` returns per-step load ``[k1-k0, S]`` [requests/s]. Memory stays bounded
    by the chunk unless ``keep_steps``."""
    sph = 3600 // step_s
    if n_steps % sph:
        raise ValueError("n_steps must cover whole hours")
    chunk = chunk_steps or sph * 24
    chunk -= chunk % sph
    chunk = max(chunk, sph)
    S = p.n_services
    first = _as_load(load_chunk(0, min(n_steps, chunk)))
    st = eng.initial_state(p, first[0])
    cap = p.pod_capacity_requests_per_s
    H_all = n_steps // sph
    # hourly results written in place, one slab per chunk: no copies and no join at the end
    h_all = np.zeros((len(eng.HOURLY_FIELDS), H_all, S))
    c_all = np.zeros((len(eng.CLUSTER_HOURLY_FIELDS), H_all))
    step_parts: dict[str, list[np.ndarray]] = {}
    running = np.array([math.inf, 0.0])  # min headroom, peak total pods
    pods_min = np.full(S, np.iinfo(np.int64).max)
    pods_max = np.zeros(S, np.int64)
    k0 = 0
    fetch = lambda a, b: _as_load(load_chunk(a, b))  # noqa: E731

    def aggregate(load: np.ndarray, out: dict[str, np.ndarray], k0: int, k1: int) -> None:
        h0, h1 = k0 // sph, k1 // sph
        h_out = h_all[:, h0:h1, :]
        c_out = c_all[:, h0:h1]
        eng.aggregate_hours(sph, step_s, load, cap, out["desired_replicas"], out["ready_pods"], out["pending_pods"],
                            out["surge_pods"], out["hpa_reason_code"], out["cpu_utilization_frac"],
                            out["nodes_needed"], out["nodes_requested"], out["nodes_ready"],
                            out["requested_cpu_frac"], out["requested_memory_frac"], h_out, c_out, running,
                            pods_min, pods_max)
        if keep_steps:
            capacity = out["ready_pods"] * cap[None, :]
            out["load_requests_per_s"] = load
            out["capacity_requests_per_s"] = capacity
            out["shortfall_requests_per_s"] = np.maximum(0.0, load - capacity)
            for key, v in out.items():
                step_parts.setdefault(key, []).append(v)

    # A pipeline for long runs. Serial kernel (small fleets): while the nogil kernel advances chunk i
    # on this thread, one worker makes chunk i+1's load and another aggregates chunk i-1 (in order,
    # so the running extrema are updated by one thread at a time). Parallel kernel (large fleets):
    # the kernel has both cores to itself (a preempted worker would stall every step's barrier);
    # then chunk i is aggregated here while the worker makes chunk i+1's load.
    multi = n_steps > chunk
    parallel = eng.uses_parallel_kernel(S)
    fetcher = ThreadPoolExecutor(max_workers=1) if multi else None
    aggregator = ThreadPoolExecutor(max_workers=1) if multi and not parallel else None
    nxt = None
    pending_aggs: list = []
    buffers: list = [None, None]
    load = first
    try:
        while k0 < n_steps:
            k1 = min(n_steps, k0 + chunk)
            k2 = min(n_steps, k1 + chunk)
            if fetcher is not None and k1 < n_steps and not parallel:
                nxt = fetcher.submit(fetch, k1, k2)
            mask = None if surge_mask is None else np.ascontiguousarray(surge_mask[k0:k1])
            # two sets of per-step buffers, alternating: fresh 40 MB arrays per chunk cost page faults.
            # A set is reused only once the aggregation that reads it is done (and never if kept).
            i = len(pending_aggs)
            if i >= 2 and aggregator is not None:
                pending_aggs[i - 2].result()
            buf = None if keep_steps else buffers[i % 2]
            out = eng.run_chunk(p, st, k0, load, mask, buf)
            if not keep_steps:
                buffers[i % 2] = out
            if fetcher is not None and k1 < n_steps and parallel:
                nxt = fetcher.submit(fetch, k1, k2)
            if aggregator is not None:
                pending_aggs.append(aggregator.submit(aggregate, load, out, k0, k1))
            else:
                aggregate(load, out, k0, k1)
                pending_aggs.append(None)
            if k1 < n_steps:
                load = nxt.result() if nxt is not None else fetch(k1, k2)
            k0 = k1
        for f in pending_aggs:
            if f is not None:
                f.result()
    finally:
        for pool in (fetcher, aggregator):
            if pool is not None:
                pool.shutdown(wait=True)
    cat = lambda d: {k: np.concatenate(v) for k, v in d.items()}  # noqa: E731
    return RunResult(hourly=dict(zip(eng.HOURLY_FIELDS, h_all)), cluster_hourly=dict(zip(eng.CLUSTER_HOURLY_FIELDS, c_all)),
                     steps=cat(step_parts) if keep_steps else None, min_headroom_frac=float(running[0]),
                     pods_peak=int(running[1]), pods_min=pods_min, pods_max=pods_max, params=p)


# --- plan ------------------------------------------------------------------------------------
def _control_plane_usd_per_hour(scenario: Scenario) -> tuple[float, str]:
    cp = scenario.cluster.control_plane
    if cp.mode == "managed":
        return cp.managed_usd_per_hour, "managed fee per cluster-hour"
    master = resolve_instance(cp.master, "cluster.control_plane.master")
    return cp.master_count * master.usd_per_hour, f"{cp.master_count} x {master.instance_type}"


def plan(scenario: Scenario, *, keep_steps: bool | None = None) -> Plan:
    """Compute both plans for ``scenario``. ``keep_steps``: keep per-step frames (default: when small)."""
    server = resolve_instance(scenario.as_is.server, "as_is.server")
    node = resolve_instance(scenario.cluster.node, "cluster.node")
    shape = node_shape(node, scenario.cluster)
    if shape.pod_slots < 1:
        raise ScenarioError([("cluster.daemonset_pods", "no pod slots left on a node")])
    p = eng.params_from_scenario(scenario, shape)
    sizing = size_as_is(scenario, server)
    step_s = scenario.simulation.step_s
    H = scenario.horizon_hours
    sph = 3600 // step_s
    n_steps = H * sph
    S = len(scenario.services)
    if keep_steps is None:
        keep_steps = n_steps * S <= KEEP_STEPS_MAX_CELLS
    hourly_load = eng.scenario_hourly_load(scenario)
    step_load = eng.hourly_to_steps(hourly_load, step_s, scenario.simulation.interpolation)
    mask = eng.deploy_mask(scenario)
    rr = run_engine(p, lambda a, b: step_load[a:b], n_steps, step_s, mask, keep_steps)

    # As-Is per step (vectorized): one server out during the service's deploy windows
    servers = np.array([z.servers for z in sizing], np.int64)
    cap_full = np.array([z.capacity_full_requests_per_s for z in sizing])
    cap_t = np.array([z.capacity_at_target_requests_per_s for z in sizing])
    in_service = np.broadcast_to(servers, (n_steps, S)).copy()
    if mask is not None:
        in_service -= mask.astype(np.int64)
    in_service = np.maximum(in_service, 0)
    asis_cap = in_service * cap_full[None, :]
    asis_short = np.maximum(0.0, step_load - asis_cap)
    with np.errstate(divide="ignore", invalid="ignore"):
        tc = asis_cap.sum(axis=1)
        tl = step_load.sum(axis=1)
        asis_head = np.where(tc > 0, 1 - tl / tc, np.where(tl > 0, -np.inf, 1.0))

    # prices
    node_price = node.usd_per_hour
    server_price = server.usd_per_hour
    cp_usd_per_hour, cp_desc = _control_plane_usd_per_hour(scenario)
    ch = rr.cluster_hourly
    node_hours_h = ch["node_seconds"] / 3600.0
    tobe_usd_h = node_hours_h * node_price + cp_usd_per_hour
    asis_usd_h = np.full(H, servers.sum() * server_price)
    hv = lambda a: _hour_view(a, sph)  # noqa: E731
    asis_short_h = hv(asis_short).sum(axis=1) * step_s  # [H, S]

    # frames
    hrs = np.repeat(np.arange(H), S)
    svc = np.tile(np.array(p.names, dtype=object), H)
    hy = rr.hourly
    reason_names = np.array(eng.HPA_REASONS, dtype=object)
    hourly = pd.DataFrame({
        "hour": hrs, "service": svc,
        **{c: hy[c].reshape(-1) for c in ("load_requests_per_s", "peak_load_requests_per_s", "desired_replicas",
                                          "desired_replicas_max", "ready_pods", "pending_pods", "surge_pods",
                                          "capacity_requests_per_s", "cpu_utilization_frac", "load_requests",
                                          "shortfall_requests")},
        "asis_servers": np.tile(servers, H),
        "asis_capacity_requests_per_s": hv(asis_cap).mean(axis=1).reshape(-1),
        "asis_shortfall_requests": asis_short_h.reshape(-1),
        "hpa_reason": reason_names[hy["hpa_reason_code"].reshape(-1).astype(np.int64)],
    })[list(HOURLY_COLUMNS)]
    tobe_cum = np.cumsum(tobe_usd_h)
    asis_cum = np.cumsum(asis_usd_h)
    cluster_hourly = pd.DataFrame({
        "hour": np.arange(H),
        "nodes_needed": ch["nodes_needed"], "nodes_requested": ch["nodes_requested"],
        "nodes_requested_max": ch["nodes_requested_max"], "nodes_ready": ch["nodes_ready"],
        "node_hours": node_hours_h, "requested_cpu_frac": ch["requested_cpu_frac"],
        "requested_memory_frac": ch["requested_memory_frac"], "pods": ch["pods"],
        "asis_servers": np.full(H, servers.sum()), "asis_server_hours": np.full(H, float(servers.sum())),
        "tobe_usd": tobe_usd_h, "asis_usd": asis_usd_h, "tobe_usd_cumulative": tobe_cum,
        "asis_usd_cumulative": asis_cum, "savings_usd_cumulative": asis_cum - tobe_cum,
        "load_requests": hy["load_requests"].sum(axis=1), "shortfall_requests": hy["shortfall_requests"].sum(axis=1),
        "asis_shortfall_requests": asis_short_h.sum(axis=1),
    })[list(CLUSTER_HOURLY_COLUMNS)]

    steps = cluster_steps = None
    if keep_steps:
        sd = rr.steps
        t = np.arange(n_steps) * step_s
        steps = pd.DataFrame({
            "time_s": np.repeat(t, S), "hour": np.repeat(t // 3600, S),
            "service": np.tile(np.array(p.names, dtype=object), n_steps),
            "load_requests_per_s": sd["load_requests_per_s"].reshape(-1),
            "raw_recommendation": sd["raw_recommendation"].reshape(-1),
            "desired_replicas": sd["desired_replicas"].reshape(-1),
            "ready_pods": sd["ready_pods"].reshape(-1), "pending_pods": sd["pending_pods"].reshape(-1),
            "surge_pods": sd["surge_pods"].reshape(-1),
            "capacity_requests_per_s": sd["capacity_requests_per_s"].reshape(-1),
            "shortfall_requests_per_s": sd["shortfall_requests_per_s"].reshape(-1),
            "cpu_utilization_frac": sd["cpu_utilization_frac"].astype(np.float64).reshape(-1),
            "hpa_reason": reason_names[sd["hpa_reason_code"].reshape(-1).astype(np.int64)],
            "asis_servers_in_service": in_service.reshape(-1),
            "asis_capacity_requests_per_s": asis_cap.reshape(-1),
            "asis_shortfall_requests_per_s": asis_short.reshape(-1),
        })[list(STEP_COLUMNS)]
        node_usd_step = sd["nodes_requested"].astype(np.float64) * node_price * step_s / 3600.0
        cluster_steps = pd.DataFrame({
            "time_s": t, "hour": t // 3600, "nodes_needed": sd["nodes_needed"],
            "nodes_requested": sd["nodes_requested"], "nodes_ready": sd["nodes_ready"],
            "node_reason": np.array(eng.NODE_REASONS, dtype=object)[sd["node_reason_code"].astype(np.int64)],
            "requested_cpu_frac": sd["requested_cpu_frac"], "requested_memory_frac": sd["requested_memory_frac"],
            "tobe_usd_cumulative": np.cumsum(node_usd_step + cp_usd_per_hour * step_s / 3600.0),
            "asis_usd_cumulative": (np.arange(1, n_steps + 1) * step_s / 3600.0) * servers.sum() * server_price,
        })[list(CLUSTER_STEP_COLUMNS)]

    # per service
    load_req = hy["load_requests"].sum(axis=0)
    short_req = hy["shortfall_requests"].sum(axis=0)
    pods_mean = hy["desired_replicas"].mean(axis=0)
    hpm = scenario.hours_per_month
    services = pd.DataFrame({
        "service": p.names,
        "peak_load_requests_per_s": hourly_load.max(axis=0),
        "mean_load_requests_per_s": hourly_load.mean(axis=0),
        "asis_servers": servers, "asis_backup_servers": [z.backup_servers for z in sizing],
        "asis_server_capacity_requests_per_s": cap_t,
        "asis_usd_per_month": servers * server_price * hpm,
        "pod_capacity_requests_per_s": p.pod_capacity_requests_per_s,
        "pods_peak": rr.pods_max, "pods_mean": pods_mean, "pods_min": rr.pods_min,
        "load_requests": load_req, "shortfall_requests": short_req,
        "shortfall_frac": np.divide(short_req, load_req, out=np.zeros(S), where=load_req > 0),
        "asis_shortfall_requests": asis_short_h.sum(axis=0),
        "deploy_fits_one_server_out": (servers - 1) * cap_t >= hourly_load.max(axis=0) - 1e-9,
    })[list(SERVICE_COLUMNS)]

    # summary
    total_load = float(load_req.sum())
    tobe_short = float(short_req.sum())
    asis_short_total = float(asis_short_h.sum())
    tobe_short_by_hour = hy["shortfall_requests"].sum(axis=1)
    asis_short_by_hour = asis_short_h.sum(axis=1)
    tobe_total = float(tobe_usd_h.sum())
    asis_total = float(asis_usd_h.sum())
    days = H / 24.0
    tobe_month = tobe_total / H * hpm
    asis_month = asis_total / H * hpm
    nodes_req_mean = float(ch["node_seconds"].sum() / (n_steps * step_s))
    warnings = _warnings(scenario, sizing, hourly_load, services, rr, tobe_short, total_load, asis_short_total, p)
    summary = Summary(
        horizon_hours=H, step_s=step_s, hours_per_month=hpm,
        asis_servers_total=int(servers.sum()), asis_backup_servers_total=int(sum(z.backup_servers for z in sizing)),
        asis_server_hours=float(servers.sum() * H), asis_usd_total=asis_total, asis_usd_per_day=asis_total / days,
        asis_usd_per_month=asis_month,
        tobe_nodes_peak=int(ch["nodes_requested_max"].max()), tobe_nodes_mean=nodes_req_mean,
        tobe_nodes_min=int(rr.steps["nodes_requested"].min()) if rr.steps is not None else int(np.floor(ch["nodes_requested"].min())),
        tobe_node_hours=float(node_hours_h.sum()), tobe_compute_usd_total=float((node_hours_h * node_price).sum()),
        tobe_control_plane_usd_total=cp_usd_per_hour * H, tobe_usd_total=tobe_total, tobe_usd_per_day=tobe_total / days,
        tobe_usd_per_month=tobe_month, tobe_pods_peak=rr.pods_peak,
        savings_usd_per_month=asis_month - tobe_month,
        savings_frac=(asis_month - tobe_month) / asis_month if asis_month > 0 else 0.0,
        load_requests_total=total_load, tobe_shortfall_requests=tobe_short,
        tobe_shortfall_frac=tobe_short / total_load if total_load > 0 else 0.0,
        tobe_worst_hour=int(tobe_short_by_hour.argmax()) if tobe_short > 0 else None,
        tobe_worst_hour_shortfall_requests=float(tobe_short_by_hour.max()),
        tobe_min_headroom_frac=rr.min_headroom_frac,
        asis_shortfall_requests=asis_short_total,
        asis_shortfall_frac=asis_short_total / total_load if total_load > 0 else 0.0,
        asis_worst_hour=int(asis_short_by_hour.argmax()) if asis_short_total > 0 else None,
        asis_worst_hour_shortfall_requests=float(asis_short_by_hour.max()),
        asis_min_headroom_frac=float(asis_head.min()),
        warnings=tuple(warning_text(c, prm) for c, prm in warnings),
        warning_items=tuple(warnings),
    )
    meta = {
        "node": node, "server": server, "node_shape": shape, "control_plane_usd_per_hour": cp_usd_per_hour,
        "control_plane": cp_desc, "packing": "exact" if p.packing == eng.PACK_EXACT else "incremental",
        "as_is_sizing": sizing,
    }
    return Plan(scenario=scenario, summary=summary, hourly=hourly, cluster_hourly=cluster_hourly,
                services=services, assumptions=assumptions_frame(scenario, node, server, shape, cp_usd_per_hour, cp_desc),
                steps=steps, cluster_steps=cluster_steps, meta=meta)


def _warnings(scenario, sizing, hourly_load, services, rr, tobe_short, total_load, asis_short, p
              ) -> list[tuple[str, dict]]:
    """Warnings as ``(code, params)``; planner.warnings_text renders them in English or Korean."""
    out: list[tuple[str, dict]] = []
    for i, s in enumerate(scenario.services):
        z = sizing[i]
        peak = float(hourly_load[:, i].max())
        one_out = (z.servers - 1) * z.capacity_at_target_requests_per_s
        if one_out < peak - 1e-9:
            hours = np.nonzero(hourly_load[:, i] > one_out + 1e-9)[0]
            hs = ", ".join(str(h) for h in hours[:8]) + (" ..." if len(hours) > 8 else "")
            out.append(("deploy_one_out", {"service": s.name, "servers_left": z.servers - 1, "capacity": one_out,
                                           "target": scenario.as_is.target_utilization_frac, "hours": hs, "peak": peak}))
        max_cap = s.hpa.max_replicas * p.pod_capacity_requests_per_s[i]
        if peak > max_cap + 1e-9:
            out.append(("peak_above_max_replicas", {"service": s.name, "peak": peak, "max_replicas": s.hpa.max_replicas,
                                                    "capacity": float(max_cap),
                                                    "shortfall": float(services.loc[i, "shortfall_requests"])}))
        elif rr.pods_max[i] >= s.hpa.max_replicas:
            out.append(("reached_max_replicas", {"service": s.name, "max_replicas": s.hpa.max_replicas}))
    if tobe_short > 0 and total_load > 0:
        out.append(("tobe_shortfall", {"shortfall": tobe_short, "share": tobe_short / total_load}))
    if asis_short > 0 and total_load > 0:
        out.append(("asis_shortfall", {"shortfall": asis_short, "share": asis_short / total_load}))
    if scenario.cluster.spare_nodes == 0:
        out.append(("no_spare_node", {}))
    if int(rr.cluster_hourly["nodes_requested_max"].max()) >= scenario.cluster.max_nodes:
        out.append(("max_nodes_reached", {"max_nodes": scenario.cluster.max_nodes}))
    return out


def assumptions_frame(scenario: Scenario, node: Instance, server: Instance, shape: NodeShape,
                      cp_usd_per_hour: float, cp_desc: str) -> pd.DataFrame:
    """One row per input that shapes the numbers, with unit and source."""
    a, c, sim = scenario.as_is, scenario.cluster, scenario.simulation
    price_src = lambda inst: f"{inst.source} (as of {inst.as_of})" if inst.as_of else inst.source  # noqa: E731
    rows = [
        ("As-Is", "server type", server.instance_type, "", f"{server.provider or 'custom'}/{server.region or '-'}"),
        ("As-Is", "server vCPU", server.vcpu, "vCPU", price_src(server)),
        ("As-Is", "server memory", server.memory_gib, "GiB", price_src(server)),
        ("As-Is", "server price", server.usd_per_hour, "USD/hour", price_src(server)),
        ("As-Is", "sizing target utilization", a.target_utilization_frac, "fraction", "scenario"),
        ("As-Is", "backup servers per service", a.backup_servers_per_service, "servers", "scenario"),
        ("As-Is", "OS reserve CPU", a.os_reserved_cpu_millicores, "millicores", "scenario"),
        ("As-Is", "OS reserve memory", a.os_reserved_memory_mib, "MiB", "scenario"),
        ("As-Is", "VM overhead CPU", a.vm_overhead_cpu_millicores if a.is_vm else 0.0, "millicores", "scenario"),
        ("As-Is", "VM overhead memory", a.vm_overhead_memory_mib if a.is_vm else 0.0, "MiB", "scenario"),
        ("To-Be", "node type", node.instance_type, "", f"{node.provider or 'custom'}/{node.region or '-'}"),
        ("To-Be", "node vCPU", node.vcpu, "vCPU", price_src(node)),
        ("To-Be", "node memory", node.memory_gib, "GiB", price_src(node)),
        ("To-Be", "node price", node.usd_per_hour, "USD/hour", price_src(node)),
        ("To-Be", "allocatable CPU", shape.allocatable_cpu_millicores, "millicores", f"{c.allocatable_formula} formula (planner/allocatable.py)"),
        ("To-Be", "allocatable memory", shape.allocatable_memory_mib, "MiB", f"{c.allocatable_formula} formula (planner/allocatable.py)"),
        ("To-Be", "DaemonSet CPU per node", c.daemonset_cpu_millicores, "millicores", "scenario"),
        ("To-Be", "DaemonSet memory per node", c.daemonset_memory_mib, "MiB", "scenario"),
        ("To-Be", "pod slots per node", shape.pod_slots, "pods", "maxPods - DaemonSet pods"),
        ("To-Be", "spare nodes", c.spare_nodes, "nodes", "scenario"),
        ("To-Be", "node provisioning delay", c.provisioning_delay_s, "s", "cluster-autoscaler FAQ (3-4 min on GCE)"),
        ("To-Be", "scale-down unneeded time", c.scale_down_unneeded_s, "s", "cluster-autoscaler default"),
        ("To-Be", "scale-down delay after add", c.scale_down_delay_after_add_s, "s", "cluster-autoscaler default"),
        ("To-Be", "scale-down utilization threshold", c.scale_down_utilization_threshold_frac, "fraction", "cluster-autoscaler default"),
        ("To-Be", "control plane", cp_usd_per_hour, "USD/hour", cp_desc),
        ("Simulation", "step (HPA sync period)", sim.step_s, "s", "kube-controller-manager default 15 s"),
        ("Simulation", "interpolation of hourly load", sim.interpolation, "", "scenario"),
        ("Simulation", "start", sim.start, "", "scenario"),
        ("Simulation", "hours per month", scenario.hours_per_month, "hours", "730 = 8760 / 12"),
        ("Simulation", "growth", scenario.growth_frac, "fraction", "scenario"),
    ]
    for s in scenario.services:
        h = s.hpa
        g = f"Service {s.name}"
        rows += [
            (g, "CPU request", s.requests.cpu_millicores, "millicores", "scenario"),
            (g, "memory request", s.requests.memory_mib, "MiB", "scenario"),
            (g, "CPU per request/s", s.usage.cpu_millicores_per_rps, "millicores per request/s", "scenario"),
            (g, "CPU idle", s.usage.cpu_millicores_base, "millicores", "scenario"),
            (g, "memory per request/s", s.usage.memory_mib_per_rps, "MiB per request/s", "scenario"),
            (g, "memory idle", s.usage.memory_mib_base, "MiB", "scenario"),
            (g, "HPA min / max replicas", f"{h.min_replicas} / {h.max_replicas}", "pods", "scenario"),
            (g, "HPA metrics", ", ".join(f"{m.name} {m.target_utilization_frac if m.target_utilization_frac is not None else m.target_average_value:g}" for m in h.metrics), "", "scenario"),
            (g, "HPA tolerance", h.tolerance_frac, "fraction", "kube-controller-manager default 0.1"),
            (g, "scale-down stabilization", h.scale_down.stabilization_window_s, "s", "HPA default 300 s"),
            (g, "pod start-up", s.pod_startup_s, "s", "scenario"),
            (g, "backup servers (As-Is)", s.backup_servers if s.backup_servers is not None else a.backup_servers_per_service, "servers", "scenario"),
        ]
    df = pd.DataFrame(rows, columns=list(ASSUMPTION_COLUMNS))
    df["value"] = df["value"].astype(object)
    return df


def simulate_fleet(params: eng.FleetParams, load_chunk: Callable[[int, int], np.ndarray], n_steps: int,
                   step_s: int, load_step_s: int, keep_steps: bool = False,
                   chunk_steps: int | None = None) -> RunResult:
    """Run the engine on load given at ``load_step_s`` resolution (e.g. 60 s metrics).

    ``load_chunk(i0, i1)`` returns load rows ``[i1-i0, S]`` [requests/s] at the load resolution;
    ``params`` must have been built for ``step_s`` (window lengths are in steps). A coarser load is
    held over the finer steps; a finer load is averaged over each step. Returns hourly aggregates
    (and per-step arrays if ``keep_steps``)."""
    if load_step_s == step_s:
        steps_chunk = load_chunk
    elif load_step_s % step_s == 0:
        r = load_step_s // step_s

        def steps_chunk(k0: int, k1: int) -> np.ndarray:
            i0, i1 = k0 // r, -(-k1 // r)
            rows = np.repeat(np.asarray(load_chunk(i0, i1)), r, axis=0)
            return rows[k0 - i0 * r: k1 - i0 * r]
    elif step_s % load_step_s == 0:
        r = step_s // load_step_s

        def steps_chunk(k0: int, k1: int) -> np.ndarray:
            rows = np.asarray(load_chunk(k0 * r, k1 * r), dtype=np.float64)
            return rows.reshape(k1 - k0, r, rows.shape[1]).mean(axis=1)
    else:
        raise ValueError(f"load_step_s {load_step_s} and step_s {step_s}: one must divide the other")
    return run_engine(params, steps_chunk, n_steps, step_s, None, keep_steps, chunk_steps)
