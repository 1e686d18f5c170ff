"""``planner bench``: how fast the engine is, at a meeting's size and at a fleet's.

Usage::

    planner bench [--json] [--cases interactive,forecast-12mo,week,fleet-year] [--repeat N] [--quick] [--profile]
                  [--cold-jit] [--no-reference]

Cases (targets from issue 3):

* ``interactive``: the default scenario, ``planner.plan(default_scenario())``: 3 services x 24 h,
  HPA sync 15 s, both plans, nodes and costs; target < 20 ms.
* ``forecast-12mo``: the default scenario with a 12-month plan (+2 %/month, a x4 event of 3 days,
  auto commitments): ``planner.plan`` with the month-by-month plan (13 engine runs); target < 1 s
  (issue 11: the 12-month horizon stays interactive).
* ``week``: 50 services x 7 days of 1-minute load, sync 15 s; target < 1 s.
* ``fleet-year``: 1,000 services x 525,600 minutes (a year) of 1-minute load, decisions every 60 s,
  nodes packed every step; target < 20 s and < 8 GiB peak memory.
* ``drills`` (issue 10): the default scenario's 24 hours x {node, zone, As-Is server} failure drills,
  both plans, the baseline run included (:func:`planner.drills.run_drills`); target < 2 s.

The week and fleet-year loads come from :mod:`planner.synth` (seeded, templates from the shipped
traces), the services' requests, per-request costs and HPA settings from a seeded draw
(:func:`fleet_scenario`). A fleet case is a whole plan at hourly aggregates: engine run with the
load streamed in chunks, As-Is sized from the observed per-step peak, both priced.

Each case runs in a **fresh subprocess** (so peak memory is the case's own: ``VmHWM`` of
``/proc/self/status``, else ``ru_maxrss``; it includes the interpreter and imported libraries).
The subprocess runs the case once (first run: loads the numba kernels from numba's on-disk cache,
or with ``--cold-jit`` compiles them from an empty cache) and then ``repeat`` more times; the wall
time reported is the median of those, the first run separately.
``service_steps_per_s`` = services x steps / median wall time.

The **ratio to pure Python** compares with ``planner.reference.simulate_reference``, the slow
obviously-correct per-step loop of the same semantics (``docs/model.md``), measured in the same
run on a reduced size (fewer services and hours, same per-service settings, hourly profiles of the
same synthetic load) and scaled linearly in services x steps to the case's size. Linear scaling
flatters the pure-Python loop at fleet scale (its first-fit-decreasing packing grows faster than
linearly with the number of services), so the ratio is a lower bound there.
``same_input_ratio`` is the reference's time over the engine's on exactly the reduced scenario.

``--json`` prints one object: ``{"machine": {...}, "cases": [...], "notes": [...]}``; each case has
the keys :data:`CASE_KEYS`. ``--quick`` runs tiny sizes (for tests; the targets do not apply).
``--profile`` adds a cProfile of the fleet-year case (top functions by own time) and the split of
its wall time between load generation, the compiled engine, and the rest.

Exit codes: 0 ok (targets are reported, never enforced), 1 a case failed to run, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

CASES = ("interactive", "forecast-12mo", "week", "fleet-year", "search", "montecarlo", "drills")
#: keys of every case object in ``--json`` output
CASE_KEYS = ("case", "description", "services", "steps", "step_s", "load_step_s", "service_steps", "quick",
             "runs", "wall_s", "wall_s_runs", "first_run_s", "jit_compile_s", "peak_memory_bytes",
             "service_steps_per_s", "target_wall_s", "target_peak_memory_bytes", "meets_target",
             "ratio_to_python", "reference", "breakdown", "result", "loadavg_1m", "error")
#: keys of the ``reference`` object of a case (None when planner.reference is unavailable)
REFERENCE_KEYS = ("services", "hours", "steps", "service_steps", "wall_s", "scale", "scaled_wall_s",
                  "engine_same_input_wall_s", "same_input_ratio", "note")
DEFAULT_REPEAT = {"interactive": 20, "forecast-12mo": 5, "week": 5, "fleet-year": 3, "search": 5, "montecarlo": 1,
                  "drills": 5}
MC_SAMPLES = 1000  #: Monte Carlo plans of the default scenario (issue 12)
MC_WORKERS = 2  #: LocalCluster workers the montecarlo case compares with
SEED = 20260101  #: fixed: anyone re-running the benchmark gets the same fleet
EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


@dataclass(frozen=True)
class CaseSize:
    """One case's size. ``ref_*``: the reduced size the pure-Python reference runs on."""

    name: str
    services: int
    minutes: int  #: horizon of the 1-minute load [minutes] (0: the default scenario)
    step_s: int
    target_wall_s: float
    target_peak_memory_bytes: int | None
    ref_services: int
    ref_hours: int
    description: str


def case_size(name: str, quick: bool) -> CaseSize:
    """The size of case ``name`` (tiny with ``quick``)."""
    if name == "interactive":
        return CaseSize(name, 3, 0, 15, 0.020, None, 3, 24,
                        "default scenario: 3 services x 24 h, HPA sync 15 s, full planner.plan")
    if name == "forecast-12mo":
        return CaseSize(name, 3, 0, 15, 1.0, None, 3, 24,
                        "default scenario + 12 months (+2 %/month, a x4 event of 3 days, commitments auto): "
                        "full planner.plan with the month-by-month plan")
    if name == "week":
        if quick:
            return CaseSize(name, 4, 1440, 15, 1.0, None, 2, 2, "QUICK: 4 services x 1 day of 1-minute load, sync 15 s")
        return CaseSize(name, 50, 7 * 1440, 15, 1.0, None, 10, 24,
                        "50 services x 7 days of 1-minute load, HPA sync 15 s")
    if name == "fleet-year":
        if quick:
            return CaseSize(name, 12, 2 * 1440, 60, 20.0, 8 * 2**30, 3, 3,
                            "QUICK: 12 services x 2 days of 1-minute load, decisions every 60 s")
        return CaseSize(name, 1000, 525_600, 60, 20.0, 8 * 2**30, 40, 24,
                        "1,000 services x 525,600 minutes (a year) of 1-minute load, decisions every 60 s, "
                        "nodes packed every step")
    if name == "search":
        return CaseSize(name, 3, 0, 15, 1.0, None, 0, 0,
                        "node-type search of the default scenario over the AWS us-east-1 catalog (planner.search)")
    if name == "montecarlo":
        n = 40 if quick else MC_SAMPLES
        return CaseSize(name, 3, n, 15, 60.0, None, 0, 0,
                        f"{'QUICK: ' if quick else ''}{n:,} Monte Carlo plans of the default scenario, in-process "
                        f"(and on a Dask LocalCluster of {MC_WORKERS} workers: speed-up and overhead)")
    if name == "drills":
        return CaseSize(name, 3, 0, 15, 2.0, None, 0, 0,
                        "failure drills of the default scenario: 24 hours x {node, zone, as_is_server}, both plans "
                        "(planner.drills.run_drills, the baseline included)")
    raise ValueError(f"unknown case {name!r}; choose from {', '.join(CASES)}")


def _drills_case(res: dict[str, Any]):
    """The failure-drill case (issue 10): every hour x kind of the default scenario, baseline included."""
    import planner
    from planner import drills

    scenario = planner.default_scenario()
    res.update(services=3, steps=scenario.horizon_hours * 3600 // 15, load_step_s=3600)

    def once() -> dict[str, Any]:
        table = drills.run_drills(scenario, ("node", "zone", "as_is_server"), "all")
        worst = table.worst("tobe")
        return {"drills": len(table.frame), "tobe_worst_kind": worst["kind"], "tobe_worst_hour": int(worst["hour"]),
                "tobe_worst_dropped_requests": float(worst["tobe_dropped_requests"]),
                "asis_max_dropped_requests": float(table.frame.asis_dropped_requests.max())}
    return once


def _explore_case(name: str, size: CaseSize, res: dict[str, Any]):
    """The search and Monte Carlo cases (issue 12): ``once`` and what they report."""
    import planner
    from planner import montecarlo, search

    scenario = planner.default_scenario()
    res.update(services=3, steps=scenario.horizon_hours * 3600 // 15, load_step_s=3600)
    if name == "search":
        def once() -> dict[str, Any]:
            ns = search.search_nodes(scenario)
            return {"types": len(ns.ranked), "best": ns.best.candidate.name,
                    "best_usd_per_month": ns.best.row["tobe_usd_per_month"],
                    "current_usd_per_month": ns.current.row["tobe_usd_per_month"]}
        return once

    def once() -> dict[str, Any]:
        mc = montecarlo.monte_carlo(scenario, size.minutes, seed=SEED)
        q = mc.quantiles
        return {"samples": mc.n, **{f"savings_usd_per_month_{p}": float(q.loc["savings_usd_per_month", p])
                                    for p in ("p10", "p50", "p90")},
                "tobe_shortfall_frac_p90": float(q.loc["tobe_shortfall_frac", "p90"])}
    return once


def _dask_compare(size: CaseSize, inprocess_s: float) -> dict[str, Any]:
    """The Monte Carlo case on a LocalCluster: start-up (cluster + worker warm-up), run, speed-up."""
    import planner
    from planner import montecarlo, sweep

    scenario = planner.default_scenario()
    t = time.perf_counter()
    with sweep.dask_client("local", workers=MC_WORKERS) as client:
        client.run(lambda: __import__("planner.planning").planning.plan_summary(scenario, threads=1))  # warm
        start = time.perf_counter() - t
        t = time.perf_counter()
        mc = montecarlo.monte_carlo(scenario, size.minutes, seed=SEED, executor="dask", client=client)
        run = time.perf_counter() - t
    return {"workers": MC_WORKERS, "startup_s": start, "run_s": run, "speedup": inprocess_s / run if run else None,
            "speedup_with_startup": inprocess_s / (run + start), "samples": mc.n,
            "same_p50": float(mc.quantiles.loc["savings_usd_per_month", "p50"])}


def forecast_scenario():
    """The default scenario with a 12-month plan: +2 %/month, x4 for 3 days from 2027-11-26, auto commitments."""
    import planner
    from planner.scenario_io import scenario_to_dict

    d = scenario_to_dict(planner.default_scenario())
    d["forecast"].update(months=12, growth_frac_per_month=0.02, asis_lead_time_months=2,
                         events=[{"name": "Black Friday", "start_date": "2027-11-26", "days": 3, "load_factor": 4}])
    d["pricing"]["to_be"]["committed_nodes"] = "auto"
    return planner.validate_scenario(d)


# --- the synthetic fleet as a scenario -------------------------------------------------------------
def fleet_scenario(spec, rng: np.random.Generator, step_s: int, *, services: int | None = None,
                   hourly: np.ndarray | None = None, node_type: str = "m5.2xlarge"):
    """A :class:`planner.scenario.Scenario` for the first ``services`` of a synthetic fleet.

    Per service (seeded by ``rng``, drawn for the whole fleet so a reduced scenario has the same
    first services): CPU request 250/500/1000/2000 millicores, memory 1-4 MiB per millicore; idle usage
    10 % of the CPU and 40 % of the memory request; a pod serves 15-80 requests/s at 100 % of its CPU
    request; HPA on CPU at a 50-80 % target (20 % of services also on memory at 80 %), min 1-2 and max
    replicas for 6x the service's mean load; pod start-up 10-90 s. One node pool of ``node_type``.
    ``hourly`` ``[hours, services]``: load profiles (default: one hour at the mean, for runs whose
    load is streamed to the engine rather than taken from the scenario)."""
    from planner.scenario import validate_scenario

    S = spec.n_services
    cpu_req = rng.choice([250.0, 500.0, 1000.0, 2000.0], S, p=[0.3, 0.4, 0.2, 0.1])
    mem_per_cpu = rng.choice([1.0, 2.0, 4.0], S, p=[0.3, 0.5, 0.2])
    mem_req = np.round(cpu_req * mem_per_cpu * 1.024)  # MiB
    cap_100 = rng.uniform(15.0, 80.0, S)  # requests/s per pod at 100 % of the CPU request
    cpu_base = 0.1 * cpu_req
    cpu_per_rps = (cpu_req - cpu_base) / cap_100
    mem_base = 0.4 * mem_req
    mem_per_rps = (mem_req - mem_base) / (2.0 * cap_100)  # memory binds only at twice the CPU's load
    target = rng.choice([0.5, 0.6, 0.7, 0.75, 0.8], S)
    with_mem = rng.random(S) < 0.2
    min_rep = np.where(rng.random(S) < 0.3, 1, 2)
    max_rep = np.maximum(min_rep + 2, np.ceil(6.0 * spec.mean_requests_per_s / (cap_100 * target))).astype(int)
    startup = rng.integers(10, 91, S)
    n = S if services is None else services
    names = spec.service_names()
    svcs = []
    for i in range(n):
        metrics = [{"name": "cpu", "target_utilization_frac": float(target[i])}]
        if with_mem[i]:
            metrics.append({"name": "memory", "target_utilization_frac": 0.8})
        load = [float(spec.mean_requests_per_s[i])] if hourly is None else [float(v) for v in hourly[:, i]]
        svcs.append({
            "name": names[i], "load_requests_per_s": load,
            "requests": {"cpu_millicores": float(cpu_req[i]), "memory_mib": float(mem_req[i])},
            "usage": {"cpu_millicores_base": float(cpu_base[i]), "cpu_millicores_per_rps": float(cpu_per_rps[i]),
                      "memory_mib_base": float(mem_base[i]), "memory_mib_per_rps": float(mem_per_rps[i])},
            "hpa": {"min_replicas": int(min_rep[i]), "max_replicas": int(max_rep[i]), "metrics": metrics},
            "pod_startup_s": int(startup[i]),
        })
    return validate_scenario({
        "name": f"synthetic fleet ({n} services)",
        "services": svcs,
        "cluster": {"node": {"instance_type": node_type}, "max_nodes": 5000, "max_pods_per_node": 58},
        "simulation": {"step_s": step_s},
    })


def _fleet_inputs(size: CaseSize):
    from planner.synth import make_fleet_spec
    from planner.traces import shape_templates

    rng = np.random.default_rng(SEED)
    spec = make_fleet_spec(size.services, size.minutes, rng, shape_templates())
    scenario = fleet_scenario(spec, np.random.default_rng(SEED + 1), size.step_s)
    return spec, scenario


class TimedLoad:
    """``load(i0, i1)``: the 1-minute synthetic load of minutes ``[i0, i1)`` as float64 for the engine,
    adding the time spent to ``generation_s`` (the engine calls it from its own prefetch thread, so
    this time mostly overlaps the simulation on a machine with two cores)."""

    def __init__(self, spec):
        self.spec = spec
        self.generation_s = 0.0
        self.calls = 0

    def __call__(self, i0: int, i1: int) -> np.ndarray:
        from planner.synth import fleet_load_chunk

        t = time.perf_counter()
        out = np.ascontiguousarray(fleet_load_chunk(self.spec, i0, i1), dtype=np.float64)
        self.generation_s += time.perf_counter() - t
        self.calls += 1
        return out


def run_fleet_plan(spec, scenario, step_s: int, stats: dict[str, float] | None = None) -> dict[str, Any]:
    """A whole plan of a synthetic fleet at hourly aggregates: To-Be from the engine
    (``planner.engine.simulate_fleet``, the 1-minute load streamed in chunks), As-Is sized for each
    service's observed per-step peak plus backups and evaluated at each hour's peak (exact while every
    hour's peak fits, as it does when sized for the peak and no deploy takes a server out), both
    priced and summarised by ``planner.planning`` (the stages ``planner.plan`` runs). ``stats``
    receives the load generation time [s]."""
    from planner import engine as eng
    from planner import planning
    from planner.asis import AsIsRun, size_as_is
    from planner.events import no_events

    resolved = planning.check_scenario(scenario)
    n_steps = spec.n_minutes * 60 // step_s
    params = eng.params_from_scenario(scenario, resolved.shape, n_steps=n_steps)  # packing decided by the real length
    load = TimedLoad(spec)
    rr = eng.simulate_fleet(params, load, n_steps, step_s, 60, keep_steps=False)
    if stats is not None:
        stats["load_generation_s"] = load.generation_s
    peak = rr.hourly["peak_load_requests_per_s"]
    sizing = size_as_is(scenario, resolved.server, peak.max(axis=0))
    asis = AsIsRun(sizing, no_events(), len(peak), 3600, keep_steps=False)
    asis(peak, 0, len(peak))
    s = planning.summary_from_run(scenario, resolved, sizing, rr, asis, peak)
    return {
        "packing": "incremental" if params.packing == eng.PACK_INCREMENTAL else "exact",
        "asis_servers_total": s.asis_servers_total,
        "asis_usd_per_month": s.asis_usd_per_month,
        "tobe_usd_per_month": s.tobe_usd_per_month,
        "tobe_nodes_peak": s.tobe_nodes_peak,
        "tobe_nodes_mean": s.tobe_nodes_mean,
        "tobe_pods_peak": s.tobe_pods_peak,
        "tobe_shortfall_frac": s.tobe_shortfall_frac,
        "load_requests_total": s.load_requests_total,
    }


# --- one case, inside its subprocess ---------------------------------------------------------------
def _peak_memory_bytes() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024  # kB on Linux


def _reference_module():
    from planner import reference

    return reference, ""


def _no_reference(note: str) -> dict[str, Any]:
    return {"note": note, **{k: None for k in REFERENCE_KEYS if k != "note"}}


def _measure_reference(size: CaseSize, service_steps: int) -> dict[str, Any]:
    """Time the pure-Python reference (``planner.reference.simulate_reference``) on the case's reduced
    size, scale it linearly to the case's size, and time the engine on exactly the same input.

    Interactive: the default scenario itself. Fleet cases: the first ``ref_services`` services of the
    same seeded fleet over ``ref_hours`` hours; both sides get the same per-step load (the 1-minute
    synthetic load, held over the 15-s steps of the week case). Only the simulation is timed on
    both sides (not building the inputs)."""
    from planner import engine as eng

    ref, why = _reference_module()
    if ref is None:
        return _no_reference(why)
    if size.name in ("interactive", "forecast-12mo"):
        from planner.scenario_io import default_scenario

        scenario = default_scenario()  # one period: the forecast's runs are the same simulation per month
        inputs = ref.ref_inputs_from_scenario(scenario)
        note = "same scenario; both sides simulate HPA + pods + nodes only (no frames, As-Is or pricing)"

        def engine_once() -> None:
            eng.simulate_scenario(scenario)
    else:
        import dataclasses

        from planner.synth import fleet_load, hourly_profiles, make_fleet_spec
        from planner.traces import shape_templates

        templates = shape_templates()
        spec = make_fleet_spec(size.services, size.minutes, np.random.default_rng(SEED), templates)
        small = make_fleet_spec(size.services, size.ref_hours * 60, np.random.default_rng(SEED), templates)
        n = size.ref_services
        minutes = fleet_load(small)[:, :n].astype(np.float64)
        scenario = fleet_scenario(spec, np.random.default_rng(SEED + 1), size.step_s, services=n,
                                  hourly=hourly_profiles(small)[:, :n])
        per_min = 60 // size.step_s
        steps = np.repeat(minutes, per_min, axis=0)
        inputs = ref.ref_inputs_from_scenario(scenario)
        inputs = dataclasses.replace(inputs, services=tuple(
            dataclasses.replace(sv, load_requests_per_s=tuple(float(v) for v in steps[:, i]))
            for i, sv in enumerate(inputs.services)))
        params = eng.params_from_scenario(scenario)
        n_steps = steps.shape[0]
        note = (f"reduced: first {n} services x {size.ref_hours} h of the same seeded fleet and 1-minute load, "
                f"scaled linearly in services x steps")

        def engine_once() -> None:
            eng.simulate_fleet(params, lambda a, b: minutes[a:b], n_steps, size.step_s, 60)
    ref_ss = inputs.n_steps * len(inputs.services)
    t = time.perf_counter()
    try:
        ref.simulate_reference(inputs)
    except Exception as exc:  # noqa: BLE001 -- the benchmark reports a broken reference, it does not stop
        return _no_reference(f"planner.reference.simulate_reference failed: {type(exc).__name__}: {exc}")
    ref_wall = time.perf_counter() - t
    engine_once()  # compile / warm for this shape of input
    same = []
    for _ in range(3):
        t = time.perf_counter()
        engine_once()
        same.append(time.perf_counter() - t)
    eng_same = statistics.median(same)
    scale = service_steps / ref_ss
    return {"services": len(inputs.services), "hours": inputs.n_steps * inputs.step_s // 3600,
            "steps": inputs.n_steps, "service_steps": ref_ss, "wall_s": ref_wall, "scale": scale,
            "scaled_wall_s": ref_wall * scale, "engine_same_input_wall_s": eng_same,
            "same_input_ratio": ref_wall / eng_same if eng_same > 0 else None, "note": note}


def run_case(name: str, repeat: int, quick: bool, with_reference: bool = True) -> dict[str, Any]:
    """Run one case in this process and return its result object (keys :data:`CASE_KEYS`)."""
    import planner

    size = case_size(name, quick)
    res: dict[str, Any] = {k: None for k in CASE_KEYS}
    res.update(case=name, description=size.description, quick=quick, target_wall_s=size.target_wall_s,
               target_peak_memory_bytes=size.target_peak_memory_bytes, step_s=size.step_s)
    stats_runs: list[dict[str, float]] = []
    if name in ("search", "montecarlo"):
        once = _explore_case(name, size, res)
        with_reference = False
    elif name == "drills":
        once = _drills_case(res)
        with_reference = False
    elif name in ("interactive", "forecast-12mo"):
        scenario = planner.default_scenario() if name == "interactive" else forecast_scenario()
        S = len(scenario.services)
        steps = scenario.horizon_hours * 3600 // scenario.simulation.step_s
        res.update(services=S, steps=steps, load_step_s=3600)

        def once() -> dict[str, Any]:
            s = planner.plan(scenario).summary
            return {"asis_usd_per_month": s.asis_usd_per_month, "tobe_usd_per_month": s.tobe_usd_per_month,
                    "tobe_nodes_peak": s.tobe_nodes_peak, "tobe_shortfall_frac": s.tobe_shortfall_frac}
    else:
        t = time.perf_counter()
        spec, scenario = _fleet_inputs(size)
        prep = time.perf_counter() - t
        steps = size.minutes * 60 // size.step_s
        res.update(services=size.services, steps=steps, load_step_s=60)

        def once() -> dict[str, Any]:
            stats: dict[str, float] = {}
            stats_runs.append(stats)
            return run_fleet_plan(spec, scenario, size.step_s, stats)
    res["service_steps"] = res["services"] * res["steps"]
    load_before = os.getloadavg()[0]
    t = time.perf_counter()
    once()
    first = time.perf_counter() - t
    walls = []
    result = None
    for _ in range(max(1, repeat)):
        t = time.perf_counter()
        result = once()
        walls.append(time.perf_counter() - t)
    med = statistics.median(walls)
    res.update(runs=len(walls), wall_s=med, wall_s_runs=walls, first_run_s=first, jit_compile_s=max(0.0, first - med),
               peak_memory_bytes=_peak_memory_bytes(), service_steps_per_s=res["service_steps"] / med, result=result,
               loadavg_1m=[load_before, os.getloadavg()[0]])
    if stats_runs:
        timed = stats_runs[1:] or stats_runs
        gen = statistics.median(r["load_generation_s"] for r in timed)
        res["breakdown"] = {"input_prep_s": prep, "load_generation_s": gen}
    ok = med <= size.target_wall_s
    if size.target_peak_memory_bytes is not None:
        ok = ok and res["peak_memory_bytes"] <= size.target_peak_memory_bytes
    res["meets_target"] = None if quick else bool(ok)
    if name == "montecarlo" and quick:
        res["breakdown"] = {"dask": {"error": "skipped with --quick (a LocalCluster takes seconds to start)"}}
    elif name == "montecarlo":
        try:
            res["breakdown"] = {"dask": _dask_compare(size, med)}
        except Exception as exc:  # noqa: BLE001 -- no cluster here: say so, keep the in-process figure
            res["breakdown"] = {"dask": {"error": f"{type(exc).__name__}: {exc}"}}
    if with_reference:
        ref = _measure_reference(size, res["service_steps"])
        res["reference"] = ref
        if ref and ref.get("scaled_wall_s"):
            res["ratio_to_python"] = ref["scaled_wall_s"] / med
    return res


class _Timed:
    """Wrap a function, summing its wall time (thread-safe enough: one caller thread per function)."""

    def __init__(self, fn):
        self.fn, self.seconds, self.calls = fn, 0.0, 0

    def __call__(self, *a, **kw):
        t = time.perf_counter()
        try:
            return self.fn(*a, **kw)
        finally:
            self.seconds += time.perf_counter() - t
            self.calls += 1


def profile_case(name: str, quick: bool, top: int = 20) -> dict[str, Any]:
    """Where the time of one run of a fleet case goes (after a warm-up run).

    The engine pipelines its work over three threads (kernel on the caller's thread, load prefetch
    and hourly aggregation on workers), and cProfile sees only the caller's thread, so the stages
    are also timed directly: ``stages`` holds the seconds spent in the compiled step kernel, in the
    compiled hourly aggregation, and in load generation, whichever thread ran them."""
    import cProfile
    import pstats

    from planner.engine import aggregate as agg_mod
    from planner.engine import driver

    size = case_size(name, quick)
    spec, scenario = _fleet_inputs(size)
    run_fleet_plan(spec, scenario, size.step_s)  # warm-up: JIT compile / cache load
    kernel, agg = _Timed(driver.run_chunk), _Timed(agg_mod.aggregate_hours)
    driver.run_chunk, agg_mod.aggregate_hours = kernel, agg
    prof = cProfile.Profile()
    stats: dict[str, float] = {}
    try:
        t = time.perf_counter()
        prof.enable()
        result = run_fleet_plan(spec, scenario, size.step_s, stats)
        prof.disable()
        wall = time.perf_counter() - t
    finally:
        driver.run_chunk, agg_mod.aggregate_hours = kernel.fn, agg.fn
    st = pstats.Stats(prof)
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in st.stats.items():  # type: ignore[attr-defined]
        rows.append({"function": f"{os.path.relpath(file) if file.startswith('/') else file}:{line}({func})",
                     "calls": nc, "tottime_s": tt, "cumtime_s": ct})
    rows.sort(key=lambda r: -r["tottime_s"])
    stages = {"step_kernel_s": kernel.seconds, "step_kernel_calls": kernel.calls,
              "hourly_aggregation_s": agg.seconds, "load_generation_s": stats["load_generation_s"]}
    return {"case": name, "quick": quick, "wall_s_profiled": wall, "stages": stages,
            "service_steps": size.services * size.minutes * 60 // size.step_s, "packing": result["packing"],
            "top": rows[:top]}


# --- the parent: subprocesses, table, JSON -----------------------------------------------------
def machine_info() -> dict[str, Any]:
    """The machine the figures come from."""
    import numba
    import pandas

    cpu = platform.processor() or ""
    mem = None
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) * 1024
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_bytes": mem, "platform": platform.platform(),
            "python": platform.python_version(), "numpy": np.__version__, "numba": numba.__version__,
            "pandas": pandas.__version__}


def _run_worker(args: list[str], cold_jit: bool = False) -> dict[str, Any]:
    """Run ``planner.bench --worker ARGS`` in a fresh interpreter; with ``cold_jit`` numba gets an empty
    cache directory, so the first run pays the full JIT compilation."""
    import shutil
    import tempfile

    cmd = [sys.executable, "-m", "planner.bench", "--worker", *args]
    env = dict(os.environ)
    cache_dir = tempfile.mkdtemp(prefix="planner-bench-numba-") if cold_jit else None
    if cache_dir:
        env["NUMBA_CACHE_DIR"] = cache_dir
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, env=env)
    finally:
        if cache_dir:
            shutil.rmtree(cache_dir, ignore_errors=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        raise RuntimeError(f"worker {' '.join(args)} failed (exit {proc.returncode}): " + " | ".join(tail))
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _fmt_time(s: float | None) -> str:
    if s is None:
        return "-"
    return f"{s * 1000:.1f} ms" if s < 1 else f"{s:.2f} s"


def _fmt_rate(x: float | None) -> str:
    if x is None:
        return "-"
    for div, unit in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if x >= div:
            return f"{x / div:.2f} {unit}/s"
    return f"{x:.0f} /s"


def render_table(report: dict[str, Any]) -> str:
    """The human-readable report."""
    m = report["machine"]
    lines = [f"planner bench -- {m['cpu']}, {m['cores']} cores, "
             f"{(m['memory_bytes'] or 0) / 2**30:.1f} GiB RAM; {m['platform']}; Python {m['python']}, "
             f"numpy {m['numpy']}, numba {m['numba']}", ""]
    head = ("case", "wall (median)", "first run", "peak memory", "svc x steps/s", "vs pure Python", "target", "")
    rows = [head]
    for c in report["cases"]:
        if c.get("error"):
            rows.append((c["case"], "FAILED", "", "", "", "", "", c["error"][:60]))
            continue
        tgt = f"< {_fmt_time(c['target_wall_s'])}"
        if c["target_peak_memory_bytes"]:
            tgt += f", < {c['target_peak_memory_bytes'] / 2**30:.0f} GiB"
        verdict = "" if c["meets_target"] is None else ("ok" if c["meets_target"] else "MISSED")
        ratio = "n/a"
        if c["ratio_to_python"]:
            scaled = c["reference"]["scale"] != 1
            ratio = f"{c['ratio_to_python']:,.0f}x" + (" (scaled)" if scaled else " (same size)")
        rows.append((c["case"], f"{_fmt_time(c['wall_s'])} (n={c['runs']})", _fmt_time(c["first_run_s"]),
                     f"{c['peak_memory_bytes'] / 2**20:,.0f} MiB", _fmt_rate(c["service_steps_per_s"]), ratio, tgt,
                     verdict))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
    for r in rows:
        lines.append("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
    lines.append("")
    for c in report["cases"]:
        if c.get("error"):
            continue
        lines.append(f"{c['case']}: {c['description']}; {c['services']:,} services x {c['steps']:,} steps "
                     f"= {c['service_steps']:,} service-steps; machine load (1-min average) "
                     f"{c['loadavg_1m'][0]:.2f} before, {c['loadavg_1m'][1]:.2f} after.")
        dk = (c["breakdown"] or {}).get("dask")
        if dk:
            lines.append(f"  Dask LocalCluster: {dk['error']}" if "error" in dk else
                         f"  Dask LocalCluster of {dk['workers']} workers: start-up {_fmt_time(dk['startup_s'])}, "
                         f"run {_fmt_time(dk['run_s'])}, speed-up x{dk['speedup']:.2f} over in-process "
                         f"(x{dk['speedup_with_startup']:.2f} counting the start-up)")
        elif c["breakdown"]:
            b = c["breakdown"]
            lines.append(f"  load generation {_fmt_time(b['load_generation_s'])} (median run; in the engine's "
                         f"prefetch thread, overlapping the simulation); input prep (fleet draw and scenario, "
                         f"not timed) {_fmt_time(b['input_prep_s'])}")
        r = c["reference"]
        if r and r.get("wall_s") is not None:
            lines.append(f"  pure Python: {_fmt_time(r['wall_s'])} for {r['service_steps']:,} service-steps "
                         f"({r['note']}); "
                         f"x{r['scale']:,.1f} -> {_fmt_time(r['scaled_wall_s'])}; engine on the same reduced input "
                         f"{_fmt_time(r['engine_same_input_wall_s'])} (ratio {r['same_input_ratio']:,.0f}x)")
        elif r:
            lines.append(f"  pure Python: {r['note']}")
        if c["result"]:
            res = c["result"]
            lines.append("  plan: " + ", ".join(
                f"{k}={v:,.4g}" if isinstance(v, float) else f"{k}={v}" for k, v in res.items()))
    for n in report["notes"]:
        lines.append(f"note: {n}")
    prof = report.get("profile")
    if prof:
        quick = " (quick)" if prof["quick"] else ""
        g = prof["stages"]
        lines += ["", f"profile of {prof['case']}{quick} ({prof['packing']} packing): wall "
                  f"{_fmt_time(prof['wall_s_profiled'])} under cProfile. Stages, whichever thread ran them:",
                  f"  step kernel (HPA + pods + node autoscaler, numba, caller's thread): "
                  f"{_fmt_time(g['step_kernel_s'])} in {g['step_kernel_calls']} chunks "
                  f"({g['step_kernel_s'] / prof['service_steps'] * 1e9:.1f} ns per service-step)",
                  f"  hourly aggregation (numba, worker thread): {_fmt_time(g['hourly_aggregation_s'])}",
                  f"  load generation (planner.synth, prefetch thread): {_fmt_time(g['load_generation_s'])}",
                  "  top functions by own time on the caller's thread (compiled kernels count as one call each):",
                  f"  {'own s':>8}  {'cum s':>8}  {'calls':>8}  function"]
        for r in prof["top"]:
            lines.append(f"  {r['tottime_s']:8.3f}  {r['cumtime_s']:8.3f}  {r['calls']:8d}  {r['function']}")
    return "\n".join(lines)


NOTES = (
    "wall = median of the timed runs after a first run, which is reported separately.",
    "peak memory = VmHWM of the case's own fresh subprocess (interpreter and libraries included).",
    "a machine load (1-min average) above 0 before a case means other processes shared the CPU: "
    "figures are then slower than the machine can do.",
    "ratio to pure Python = planner.reference time on a reduced size, scaled linearly in services x steps, "
    "over the engine's median wall at full size (a lower bound at fleet scale, where the pure-Python FFD "
    "packing grows faster than linearly).",
    "inputs are seeded (planner.synth, seed %d): re-running gives the same load and plans." % SEED,
)


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="planner bench", description="Benchmark the planning engine (issue 3).")
    ap.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    ap.add_argument("--cases", default=",".join(CASES), help=f"comma-separated subset of {','.join(CASES)}")
    ap.add_argument("--repeat", type=int, default=None,
                    help="timed runs per case after the first (default: interactive 20, forecast-12mo 5, week 5, "
                         "fleet-year 3)")
    ap.add_argument("--quick", action="store_true", help="tiny sizes (tests); targets do not apply")
    ap.add_argument("--profile", action="store_true", help="add a cProfile of the fleet-year case")
    ap.add_argument("--no-reference", action="store_true", help="skip the pure-Python reference timing")
    ap.add_argument("--cold-jit", action="store_true",
                    help="give each case an empty numba cache, so its first run includes the full JIT compilation")
    ap.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    return ap


def main(argv: list[str] | None = None) -> int:
    """``planner bench``; see the module docstring. Returns the exit code."""
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return EXIT_BAD_INPUT if exc.code else EXIT_OK
    cases = [c.strip() for c in args.cases.split(",") if c.strip()]
    bad = [c for c in cases if c not in CASES]
    if bad or not cases:
        print(f"error: --cases: unknown {bad}; choose from {', '.join(CASES)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.repeat is not None and args.repeat < 1:
        print(f"error: --repeat: must be >= 1; got {args.repeat}", file=sys.stderr)
        return EXIT_BAD_INPUT

    if args.worker:  # inside the subprocess: one case (or the profile), JSON on stdout
        if args.worker == "profile":
            out = profile_case("fleet-year", args.quick)
        else:
            out = run_case(args.worker, args.repeat or (2 if args.quick else DEFAULT_REPEAT[args.worker]), args.quick,
                           with_reference=not args.no_reference)
        print(json.dumps(out))
        return EXIT_OK

    report: dict[str, Any] = {"machine": machine_info(), "cases": [], "notes": list(NOTES)}
    report["notes"].append("first run: JIT compilation from an empty numba cache (--cold-jit)" if args.cold_jit else
                           "first run: numba kernels loaded from numba's on-disk cache when present "
                           "(use --cold-jit to measure the full compilation)")
    code = EXIT_OK
    common = [*(["--quick"] if args.quick else []), *(["--no-reference"] if args.no_reference else [])]
    for c in cases:
        rep = args.repeat or (2 if args.quick else DEFAULT_REPEAT[c])
        try:
            res = _run_worker([c, "--repeat", str(rep), *common], args.cold_jit)
        except (RuntimeError, json.JSONDecodeError, IndexError) as exc:
            res = {k: None for k in CASE_KEYS}
            res.update(case=c, error=str(exc))
            code = EXIT_FAILED
        report["cases"].append(res)
        if not args.json:
            print(f"  ... {c} done", file=sys.stderr)
    if args.profile:
        try:
            report["profile"] = _run_worker(["profile", *common])
        except (RuntimeError, json.JSONDecodeError, IndexError) as exc:
            report["profile"] = None
            report["notes"].append(f"profile failed: {exc}")
            code = EXIT_FAILED
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(render_table(report))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
