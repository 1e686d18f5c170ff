"""Failure drills: lose nodes, a zone or As-Is servers at the start of an hour, and see what each
plan drops, how long it takes to recover and what it costs (issue 10; docs/model.md, Failure drills).

A drill is a few :mod:`planner.events` rows at the first step of its hour. Both plans get the
failure that is theirs to have:

* ``node``: To-Be loses ``drills.nodes`` nodes (the worst: the node holding the most pods of the
  busiest service, as ``EV_NODE_FAIL`` target -1; or ``drills.node_index`` onwards); As-Is loses the
  same number of servers of the busiest service (the worst case of the same machine count);
* ``zone``: To-Be loses every node of one zone (the worst, or ``drills.zone_index``); the As-Is
  servers have no zones in the scenario, so that side is not applicable;
* ``as_is_server``: As-Is loses one server of each service (or of ``drills.service``) until
  ``as_is.repair_time_s``; the To-Be side is not applicable (its machines are nodes: the node drill);
* ``capacity``: the cloud has no new node for ``drills.capacity_outage_s`` (``EV_SCALE_UP_FAIL_*``):
  nodes To-Be requests meanwhile never come up, time out after ``--max-node-provision-time`` and back
  the node group off (docs/model.md, Failed scale-ups); As-Is runs a fixed fleet and needs no new
  machine, so that side is not applicable.

How a drill runs (measured, see ``planner bench``): the baseline (no failure) runs once, hour by
hour, keeping the engine's state at every hour's start; each To-Be drill starts from a copy of
its hour's state and runs whole hours until it has recovered and its node group is back to the
baseline's size (and at most :data:`TAIL_HOURS` past the horizon, over the profile repeated, as a
day repeats), so a drill costs one or two hours of simulation, not a whole day. The kernel releases
the GIL, so drills run on a thread pool. The As-Is side is the per-step As-Is fleet
(:class:`planner.asis.AsIsRun`) over the repair window.

Figures per drill, each the drill's run minus the baseline's over the same steps:

* dropped requests: per service ``max(0, Σ (shortfall_drill - shortfall_base) x step_s)``; their
  sum, and its share of a day's requests (the horizon's requests / days);
* worst service: the one that drops the most;
* time to recover [s]: from the failure to the end of the last step where some service has fewer
  ready pods than the baseline, more pending pods, or pods stuck on a failed node (To-Be), or until
  the failed servers are back (As-Is: ``as_is.repair_time_s``); None when not within the run;
* extra cost [USD]: node-seconds above the baseline's x the node price (the replacement node is
  billed while the failed one still is, until the node autoscaler removes it after
  ``scale_down_unready_s``); As-Is: 0 (a repair under the support contract costs no extra server).

:func:`tolerance` says per service what each plan survives at every hour (k nodes / a zone / k
servers) and :func:`smallest_fix` the cheapest tried change that makes To-Be survive the loss of
as many machines as As-Is does.
"""

from __future__ import annotations

import math
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np
import pandas as pd

from planner import engine as eng
from planner.asis import AsIsRun, size_as_is
from planner.engine.driver import run_chunk, thread_budget
from planner.engine.state import NODE_READY, EngineState
from planner.environments import expand
from planner.events import (EV_NODE_FAIL, EV_SCALE_UP_FAIL_END, EV_SCALE_UP_FAIL_START, EV_SERVER_FAIL, EV_ZONE_FAIL,
                            merge_events, no_events, sort_events)
from planner.planning import check_scenario, plan_summary
from planner.scenario import DRILL_KINDS, Scenario, ScenarioError
from planner.sweep import describe, variant_scenario

TAIL_HOURS = 4  #: a drill may run this long past the horizon (the profile repeats) to recover
MAX_DRILLS = 3 * 744  #: drills per call: a month of hours x the three kinds
MAX_TOLERANCE_NODES = 3  #: node losses the tolerance tries at most (k = 1..3)
#: To-Be service-steps a call may simulate (drills x window x services); above it the call is refused
MAX_DRILL_WORK_CELLS = 400_000_000
MAX_SNAPSHOT_BYTES = 1 << 30  #: the baseline's kept engine states (one per hour) at most 1 GiB
PLANS = ("tobe", "asis")

#: the per-drill table's columns, per plan (prefixed ``tobe_`` / ``asis_``); glossary in planner.i18n.columns
FIGURES = ("dropped_requests", "dropped_frac", "worst_service", "recover_s", "extra_usd")
TABLE_COLUMNS = ("kind", "hour") + tuple(f"{p}_{f}" for p in PLANS for f in FIGURES)


@dataclass(frozen=True)
class Outcome:
    """What one plan does in one drill (``applies`` False: the drill is not one this plan can have)."""

    applies: bool
    dropped_requests: float = 0.0
    dropped_by_service: tuple[float, ...] = ()
    recover_s: float | None = 0.0
    extra_usd: float = 0.0


@dataclass
class DrillTable:
    """Every drill asked for, one row per (kind, hour), both plans (:data:`TABLE_COLUMNS`)."""

    frame: pd.DataFrame
    services: tuple[str, ...]
    day_requests: float
    nodes: int  #: nodes a node drill loses

    def worst(self, plan: str) -> pd.Series | None:
        """The row whose ``plan`` ('tobe' / 'asis') drops the most (None when nothing applies)."""
        col = self.frame[f"{plan}_dropped_requests"]
        if col.notna().sum() == 0:
            return None
        return self.frame.loc[col.idxmax()]

    def max_dropped_frac(self) -> float:
        """The largest share of a day's requests any drill drops, either plan."""
        v = self.frame[["tobe_dropped_frac", "asis_dropped_frac"]].to_numpy(float)
        return float(np.nanmax(v)) if np.isfinite(v).any() else 0.0


# --- the baseline and the runs ---------------------------------------------------------------------
def _copy_state(st: EngineState) -> EngineState:
    cp = lambda nt: type(nt)(*(a.copy() for a in nt))  # noqa: E731
    return EngineState(cp(st.services), cp(st.cluster), cp(st.nodes), st.ffd_order)


def _tile_events(events: np.ndarray, n: int, n_total: int) -> np.ndarray:
    """Rolling updates of the horizon repeated over ``n_total`` steps (the profile repeats)."""
    if not len(events):
        return no_events()
    reps = [events + np.array([r * n, 0, 0], np.int64) for r in range(-(-n_total // n))]
    ev = np.concatenate(reps)
    return sort_events(ev[ev[:, 0] < n_total])


@dataclass
class _Window:
    """Per-step arrays of a To-Be run over ``[k0, k1)``."""

    k0: int
    k1: int
    ready: np.ndarray  #: [n, S]
    desired: np.ndarray
    pending: np.ndarray
    lost: np.ndarray
    nodes_requested: np.ndarray  #: [n]
    nodes_ready: np.ndarray
    nodes_failed: np.ndarray


class Runner:
    """One scenario's baseline, kept to start drills from: the engine state at every hour's start,
    the baseline's per-step arrays over the horizon plus :data:`TAIL_HOURS`, the As-Is fleet's."""

    def __init__(self, scenario: Scenario, threads: int | None = None):
        self.input_scenario = scenario
        sc = expand(scenario) if scenario.environments else scenario
        self.scenario = sc
        self.resolved = check_scenario(sc)
        self.threads = thread_budget(threads)
        self.step_s = sc.simulation.step_s
        self.sph = 3600 // self.step_s
        self.H = sc.horizon_hours
        self.n = self.H * self.sph
        self.services = tuple(s.name for s in sc.services)
        self.params = eng.params_from_scenario(sc, self.resolved.shape)
        self.node_mode = bool(self.params.node_mode)
        hourly = eng.scenario_hourly_load(sc)
        self.step_load = eng.scenario_step_load(sc)  # as planning.simulate: fine series and bursts included
        self.day_requests = float(self.step_load.sum() * self.step_s) / (self.H / 24.0)
        self.sizing = size_as_is(sc, self.resolved.server, np.maximum(hourly.max(axis=0), self.step_load.max(axis=0)))
        self.repair_steps = int(math.ceil(sc.as_is.repair_time_s / self.step_s))
        self.n_ext = self.n + TAIL_HOURS * self.sph
        asis_hours = -(-max(self.repair_steps, 1) // self.sph)
        self.n_asis = self.n + asis_hours * self.sph
        self.events = _tile_events(eng.scenario_events(sc), self.n, max(self.n_ext, self.n_asis))
        self.cap = self.params.pod_capacity_requests_per_s
        self.node_usd_per_hour = self.resolved.prices.node_usd_per_hour
        self._baseline()

    def load(self, k0: int, k1: int) -> np.ndarray:
        """Per-step load over ``[k0, k1)``, the horizon repeated past its end."""
        if k1 <= self.n:
            return self.step_load[k0:k1]
        return self.step_load[np.arange(k0, k1) % self.n]

    def _baseline(self) -> None:
        p = self.params
        if self.n_ext * len(self.services) > MAX_DRILL_WORK_CELLS:
            raise ScenarioError([("drills", f"a plan of {self.H:,} hours x {len(self.services):,} services is too large "
                                            f"for drills (at most {MAX_DRILL_WORK_CELLS:,} service-steps); drill a "
                                            "shorter profile or fewer services")])
        st = eng.initial_state(p, self.step_load[0])
        state_bytes = sum(a.nbytes for part in (st.services, st.cluster, st.nodes) for a in part)
        if state_bytes * self.H > MAX_SNAPSHOT_BYTES:
            raise ScenarioError([("drills", f"keeping the engine state of each of the {self.H:,} hours would take "
                                            f"{state_bytes * self.H / 2**20:,.0f} MiB, above {MAX_SNAPSHOT_BYTES >> 20:,} "
                                            "MiB; drill a shorter profile or fewer services (max_replicas sets the node "
                                            "slots)")])
        self.snapshots: list[EngineState] = []
        parts = []
        for h in range(self.n_ext // self.sph):
            if h < self.H:
                self.snapshots.append(_copy_state(st))
            k0 = h * self.sph
            parts.append(self._chunk(st, k0, self.events))
        self.base = _concat(parts)
        asis = AsIsRun(self.sizing, self.events, self.n_asis, self.step_s, True, self.scenario.as_is.repair_time_s)
        for k0 in range(0, self.n_asis, 24 * self.sph):
            k1 = min(self.n_asis, k0 + 24 * self.sph)
            asis(self.load(k0, k1), k0, k1)
        steps = asis.steps()
        self.asis_base_short = steps["asis_shortfall_requests_per_s"]
        self.asis_base_in_service = steps["asis_servers_in_service"]

    def _chunk(self, st: EngineState, k0: int, events: np.ndarray) -> _Window:
        """Run one hour from ``k0`` on ``st`` (in place) and copy out what the drills read."""
        k1 = k0 + self.sph
        so, co = run_chunk(self.params, st, k0, self.load(k0, k1), events, None, 1)
        return _Window(k0, k1, so.ready_pods.astype(np.int64), so.desired_replicas.astype(np.int64),
                       so.pending_pods.astype(np.int64),
                       so.lost_pods.astype(np.int64), co.nodes_requested.astype(np.int64),
                       co.nodes_ready.astype(np.int64), co.nodes_failed.astype(np.int64))

    def base_window(self, k0: int, k1: int) -> _Window:
        b = self.base
        return _Window(k0, k1, b.ready[k0:k1], b.desired[k0:k1], b.pending[k0:k1], b.lost[k0:k1], b.nodes_requested[k0:k1],
                       b.nodes_ready[k0:k1], b.nodes_failed[k0:k1])

    # --- To-Be ---------------------------------------------------------------------------------------
    def tobe_run(self, hour: int, rows: Sequence[tuple[int, int, int]], min_hours: int = 1) -> _Window:
        """The drill's To-Be run from ``hour``'s state: whole hours until recovered and back to the
        baseline's node count (at least ``min_hours``), at most to the horizon + :data:`TAIL_HOURS`."""
        st = _copy_state(self.snapshots[hour])
        events = merge_events(self.events, sort_events(list(rows)))
        parts = []
        k = hour * self.sph
        while k < self.n_ext:
            w = self._chunk(st, k, events)
            parts.append(w)
            k = w.k1
            if len(parts) >= min_hours and self._settled(w):
                break
        return _concat(parts)

    def _settled(self, w: _Window) -> bool:
        b = self.base_window(w.k1 - 1, w.k1)
        return (not _bad_steps(w, b)[-1] and w.nodes_failed[-1] == 0
                and w.nodes_requested[-1] == b.nodes_requested[-1])

    def tobe_outcome(self, hour: int, rows: Sequence[tuple[int, int, int]]) -> Outcome:
        if not self.node_mode:
            return Outcome(False)
        w = self.tobe_run(hour, rows)
        return self._tobe_figures(w)

    def _tobe_figures(self, w: _Window) -> Outcome:
        b = self.base_window(w.k0, w.k1)
        load = self.load(w.k0, w.k1)
        short_d = np.maximum(0.0, load - w.ready * self.cap[None, :])
        short_b = np.maximum(0.0, load - b.ready * self.cap[None, :])
        by_service = np.maximum(0.0, (short_d - short_b).sum(axis=0) * self.step_s)
        recover = _recover_s(_bad_steps(w, b), w.lost.any(axis=1), self.step_s)
        extra_node_s = float((w.nodes_requested - b.nodes_requested).sum() * self.step_s)
        return Outcome(True, float(by_service.sum()), tuple(float(x) for x in by_service), recover,
                       extra_node_s / 3600.0 * self.node_usd_per_hour)

    # --- As-Is -----------------------------------------------------------------------------------------
    def asis_run(self, hour: int, rows: Sequence[tuple[int, int, int]], hours: int | None = None
                 ) -> tuple[int, int, dict[str, np.ndarray]]:
        """The drill's As-Is fleet over the repair window (whole hours): ``(k0, k1, per-step arrays)``."""
        k0 = hour * self.sph
        k1 = min(self.n_asis, k0 + (hours * self.sph if hours else -(-max(self.repair_steps, 1) // self.sph) * self.sph))
        events = merge_events(self.events, sort_events(list(rows)))
        asis = AsIsRun(self.sizing, events, self.n_asis, self.step_s, True, self.scenario.as_is.repair_time_s)
        asis(self.load(k0, k1), k0, k1)
        return k0, k1, asis.steps()

    def asis_outcome(self, hour: int, rows: Sequence[tuple[int, int, int]]) -> Outcome:
        k0, k1, steps = self.asis_run(hour, rows)
        diff = steps["asis_shortfall_requests_per_s"] - self.asis_base_short[k0:k1]
        by_service = np.maximum(0.0, diff.sum(axis=0) * self.step_s)
        recover = float(self.scenario.as_is.repair_time_s) if rows else 0.0
        return Outcome(True, float(by_service.sum()), tuple(float(x) for x in by_service), recover, 0.0)

    # --- which machines ----------------------------------------------------------------------------------
    def busiest_service(self, hour: int) -> int:
        """The service with the highest load at the hour's first step (ties: the first), as the engine's
        worst-node rule picks it."""
        return int(np.argmax(self.step_load[hour * self.sph]))

    def pods_per_node(self, hour: int, service: int) -> np.ndarray:
        """Pods of ``service`` on each ready node at ``hour``'s start (-1 on nodes that are not ready)."""
        nd = self.snapshots[hour].nodes
        v = nd.ready_pods[:, service] + nd.starting[:, service]
        return np.where(nd.state == NODE_READY, v, -1)

    def worst_nodes(self, hour: int, service: int, k: int) -> list[int]:
        """The ``k`` ready nodes holding the most pods of ``service`` at ``hour``'s start (ties: lowest slot)."""
        v = self.pods_per_node(hour, service)
        order = np.lexsort((np.arange(len(v)), -v))
        return [int(n) for n in order[:k] if v[n] >= 0]

    def worst_zone(self, hour: int, service: int) -> int:
        nd = self.snapshots[hour].nodes
        v = self.pods_per_node(hour, service)
        per_zone = np.zeros(max(1, self.scenario.cluster.zones), np.int64)
        np.add.at(per_zone, nd.zone[v >= 0], v[v >= 0])
        return int(np.argmax(per_zone))


def _concat(parts: list[_Window]) -> _Window:
    return _Window(parts[0].k0, parts[-1].k1, *(np.concatenate([getattr(p, f) for p in parts])
                                                for f in ("ready", "desired", "pending", "lost", "nodes_requested",
                                                          "nodes_ready", "nodes_failed")))


def _bad_steps(w: _Window, b: _Window) -> np.ndarray:
    """Steps where some service is short of full capacity: fewer ready pods than both the baseline
    and its own desired count (an HPA that now wants fewer is not a failure), more pending pods than
    the baseline, or pods stuck on a failed node."""
    short = w.ready < np.minimum(b.ready, w.desired)
    return (short | (w.pending > b.pending) | (w.lost > b.lost)).any(axis=1)


def _recover_s(bad: np.ndarray, stuck: np.ndarray, step_s: int) -> float | None:
    """Seconds from the failure to the first step at full capacity once no pod is stuck on a failed
    node (None: not within the run). With no pod ever stuck (a capacity shortage bites only when the
    load next grows), to the end of the last step short of capacity."""
    if not stuck.any():
        idx = np.flatnonzero(bad)
        if len(idx) and idx[-1] == len(bad) - 1:
            return None
        return float((idx[-1] + 1) * step_s) if len(idx) else 0.0
    i0 = int(np.flatnonzero(stuck)[-1]) + 1
    good = np.flatnonzero(~bad[i0:])
    return float((i0 + good[0]) * step_s) if len(good) else None


# --- the drills ------------------------------------------------------------------------------------------
def drill_rows(runner: Runner, kind: str, hour: int) -> tuple[list[tuple[int, int, int]] | None,
                                                              list[tuple[int, int, int]] | None]:
    """The event rows of a drill for ``(To-Be, As-Is)``; None where the plan has no such failure."""
    d = runner.input_scenario.drills
    k = hour * runner.sph
    if kind == "node":
        targets = [-1] * d.nodes if d.node_index is None else [d.node_index + j for j in range(d.nodes)]
        busiest = runner.busiest_service(hour)
        return [(k, EV_NODE_FAIL, t) for t in targets], [(k, EV_SERVER_FAIL, busiest)] * d.nodes
    if kind == "zone":
        return [(k, EV_ZONE_FAIL, -1 if d.zone_index is None else d.zone_index)], None
    if kind == "as_is_server":
        target = -1 if d.service is None else runner.services.index(d.service)
        return None, [(k, EV_SERVER_FAIL, target)]
    if kind == "capacity":
        end = k + int(math.ceil(d.capacity_outage_s / runner.step_s))
        return [(k, EV_SCALE_UP_FAIL_START, -1), (end, EV_SCALE_UP_FAIL_END, -1)], None
    raise ScenarioError([("drills.kinds", f"unknown drill kind {kind!r}; expected one of {', '.join(DRILL_KINDS)}")])


def parse_hours(text: str | Sequence[int], horizon_hours: int) -> tuple[int, ...]:
    """``'all'`` or ``'11,19'`` (or a list) -> hour indices, each checked against the horizon."""
    if isinstance(text, str):
        if text.strip().lower() == "all":
            return tuple(range(horizon_hours))
        try:
            hours = [int(x) for x in text.split(",") if x.strip()]
        except ValueError:
            raise ScenarioError([("hours", f"expected 'all' or hour indices such as 11,19; got {text!r}")]) from None
    else:
        hours = [int(x) for x in text]
    if not hours:
        raise ScenarioError([("hours", "no hour given; expected 'all' or hour indices such as 11,19")])
    bad = [h for h in hours if not 0 <= h < horizon_hours]
    if bad:
        raise ScenarioError([("hours", f"hour {bad[0]} is outside the plan: hours are 0-{horizon_hours - 1}")])
    return tuple(dict.fromkeys(hours))


def _check_work(runner: Runner, n_drills: int) -> None:
    if n_drills > MAX_DRILLS:
        raise ScenarioError([("drills.hours", f"{n_drills:,} drills asked for; at most {MAX_DRILLS:,} at once "
                                              "(pick fewer hours or kinds)")])
    cells = n_drills * 2 * runner.sph * len(runner.services) + runner.n_ext * len(runner.services)
    if cells > MAX_DRILL_WORK_CELLS:
        raise ScenarioError([("drills.hours", f"these drills would simulate about {cells:,} service-steps, above "
                                              f"the limit of {MAX_DRILL_WORK_CELLS:,}; pick fewer hours or kinds")])


def run_drills(scenario: Scenario, kinds: Sequence[str] | None = None, hours: str | Sequence[int] | None = None,
               *, threads: int | None = None, runner: Runner | None = None) -> DrillTable:
    """Every drill of ``kinds`` x ``hours`` (default: the scenario's ``drills``), both plans."""
    runner = runner or Runner(scenario, threads)
    d = scenario.drills
    kinds = tuple(kinds or d.kinds)
    for kind in kinds:
        if kind not in DRILL_KINDS:
            raise ScenarioError([("kind", f"unknown drill kind {kind!r}; expected one of {', '.join(DRILL_KINDS)}")])
    hour_list = parse_hours(d.hours if hours is None else hours, runner.H)
    jobs = [(kind, h) for kind in kinds for h in hour_list]
    _check_work(runner, len(jobs))

    def one(job):
        kind, h = job
        tobe_rows, asis_rows = drill_rows(runner, kind, h)
        tobe = runner.tobe_outcome(h, tobe_rows) if tobe_rows is not None else Outcome(False)
        asis = runner.asis_outcome(h, asis_rows) if asis_rows is not None else Outcome(False)
        return kind, h, tobe, asis

    results = _map(one, jobs, runner.threads)
    rows = [_row(kind, h, tobe, asis, runner) for kind, h, tobe, asis in results]
    return DrillTable(pd.DataFrame(rows, columns=list(TABLE_COLUMNS)), runner.services, runner.day_requests, d.nodes)


def _map(fn, jobs: Sequence[Any], threads: int) -> list[Any]:
    if threads <= 1 or len(jobs) < 4:
        return [fn(j) for j in jobs]
    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(fn, jobs))


def _row(kind: str, hour: int, tobe: Outcome, asis: Outcome, runner: Runner) -> dict[str, Any]:
    row: dict[str, Any] = {"kind": kind, "hour": hour}
    for prefix, o in (("tobe", tobe), ("asis", asis)):
        if not o.applies:
            row.update({f"{prefix}_{f}": (None if f == "worst_service" else math.nan) for f in FIGURES})
            continue
        worst = int(np.argmax(o.dropped_by_service)) if o.dropped_requests > 0 else None
        row.update({f"{prefix}_dropped_requests": o.dropped_requests,
                    f"{prefix}_dropped_frac": o.dropped_requests / runner.day_requests if runner.day_requests > 0 else 0.0,
                    f"{prefix}_worst_service": runner.services[worst] if worst is not None else "",
                    f"{prefix}_recover_s": math.nan if o.recover_s is None else o.recover_s,
                    f"{prefix}_extra_usd": o.extra_usd})
    return row


# --- one drill in detail --------------------------------------------------------------------------------
@dataclass
class DrillDetail:
    """One drill step by step: ``services`` (long: one row per step and service) and ``cluster``
    (one row per step), from the failure on; ``t_s`` counts from the failure."""

    kind: str
    hour: int
    services: pd.DataFrame
    cluster: pd.DataFrame
    tobe: Outcome
    asis: Outcome
    step_s: int


def drill_detail(scenario: Scenario, kind: str, hour: int, *, runner: Runner | None = None) -> DrillDetail:
    """Per step from the failure on: To-Be ready / pending / stuck pods and the requests/s it drops
    (above the baseline), nodes requested / ready / failed; As-Is servers in service and drops."""
    runner = runner or Runner(scenario)
    (hour,) = parse_hours([hour], runner.H)
    tobe_rows, asis_rows = drill_rows(runner, kind, hour)
    if tobe_rows is not None and runner.node_mode:
        w = runner.tobe_run(hour, tobe_rows)
    else:
        w = runner.tobe_run(hour, [])
    k0, k1 = w.k0, w.k1
    b = runner.base_window(k0, k1)
    load = runner.load(k0, k1)
    applies = tobe_rows is not None and runner.node_mode
    short = lambda ready: np.maximum(0.0, load - ready * runner.cap[None, :])  # noqa: E731
    tobe_drop = np.maximum(0.0, short(w.ready) - short(b.ready)) if applies else np.full(load.shape, np.nan)
    a0, a1, asis_steps = runner.asis_run(hour, asis_rows or [], hours=(k1 - k0) // runner.sph)
    n = k1 - k0
    asis_up = asis_steps["asis_servers_in_service"][:n].astype(float)
    asis_drop = np.maximum(0.0, asis_steps["asis_shortfall_requests_per_s"][:n] - runner.asis_base_short[a0:a0 + n])
    if asis_rows is None:
        asis_drop = np.full(load.shape, np.nan)
    t_s = np.arange(n) * runner.step_s
    S = len(runner.services)
    svc = pd.DataFrame({
        "t_s": np.repeat(t_s, S), "minute": np.repeat(t_s / 60.0, S),
        "service": np.tile(np.array(runner.services, dtype=object), n),
        "load_requests_per_s": load.ravel(),
        "tobe_ready_pods": (w.ready if applies else b.ready).ravel(),
        "tobe_pending_pods": (w.pending if applies else b.pending).ravel(),
        "tobe_lost_pods": (w.lost if applies else b.lost).ravel(),
        "baseline_ready_pods": b.ready.ravel(),
        "tobe_dropped_requests_per_s": tobe_drop.ravel(),
        "asis_servers_in_service": asis_up.ravel(),
        "asis_dropped_requests_per_s": asis_drop.ravel(),
    })
    cl = pd.DataFrame({"t_s": t_s, "minute": t_s / 60.0, "nodes_requested": w.nodes_requested,
                       "nodes_ready": w.nodes_ready, "nodes_failed": w.nodes_failed,
                       "baseline_nodes_requested": b.nodes_requested})
    tobe = runner._tobe_figures(w) if applies else Outcome(False)
    asis = runner.asis_outcome(hour, asis_rows) if asis_rows is not None else Outcome(False)
    return DrillDetail(kind, hour, svc, cl, tobe, asis, runner.step_s)


# --- failure tolerance per service -------------------------------------------------------------------
@dataclass(frozen=True)
class ServiceTolerance:
    """What one service survives at every hour (no request of it dropped)."""

    service: str
    tobe_nodes: int  #: the most of its worst nodes (holding most of its pods) it survives, tried up to tobe_nodes_tried
    tobe_zone: bool | None  #: survives its worst zone (None: not in exact mode)
    asis_servers: int  #: the most of its own servers it survives, tried up to asis_servers_tried
    tobe_nodes_tried: int
    asis_servers_tried: int
    target_nodes: int  #: what To-Be must survive: drills.nodes where As-Is survives as many servers, else 0

    @property
    def tobe_matches_asis(self) -> bool:
        return self.tobe_nodes >= self.target_nodes


@dataclass
class Tolerance:
    """Per service what each plan survives at every hour of ``hours``, and the fix search's answer
    (None when To-Be already survives what As-Is does, or when it was not asked for)."""

    services: tuple[ServiceTolerance, ...]
    nodes: int  #: the node drill's size (drills.nodes): the equal failure both plans are held to
    fix: "Fix | None" = None
    hours: tuple[int, ...] = field(default_factory=tuple)

    @property
    def tobe_matches_asis(self) -> bool:
        return all(s.tobe_matches_asis for s in self.services)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"service": s.service, "tobe_survives_nodes": s.tobe_nodes,
                              "tobe_survives_zone": s.tobe_zone, "asis_survives_servers": s.asis_servers}
                             for s in self.services])


def _survives_every_hour(runner: Runner, s: int, hours: Sequence[int], rows_at) -> bool:
    """No request of service ``s`` dropped by the drill ``rows_at(hour)`` at any hour; stops at the
    first hour that drops (hours in batches of the thread budget)."""
    def dropped(h):
        return runner._tobe_figures(runner.tobe_run(h, rows_at(h))).dropped_by_service[s]
    batch = max(1, runner.threads)
    for i in range(0, len(hours), batch):
        if any(x > 0 for x in _map(dropped, hours[i:i + batch], runner.threads)):
            return False
    return True


def _tobe_survives_nodes(runner: Runner, s: int, k: int, hours: Sequence[int]) -> bool:
    return _survives_every_hour(runner, s, hours, lambda h: [(h * runner.sph, EV_NODE_FAIL, n)
                                                             for n in runner.worst_nodes(h, s, k)])


def _tobe_survives_zone(runner: Runner, s: int, hours: Sequence[int]) -> bool:
    return _survives_every_hour(runner, s, hours,
                                lambda h: [(h * runner.sph, EV_ZONE_FAIL, runner.worst_zone(h, s))])


def _asis_survives(runner: Runner, k: int, hours: Sequence[int]) -> np.ndarray:
    """Per service: survives losing ``k`` of its servers at every hour (As-Is services are independent,
    so one run with k servers of every service out answers all of them)."""
    ok = np.ones(len(runner.services), bool)
    for h in hours:
        o = runner.asis_outcome(h, [(h * runner.sph, EV_SERVER_FAIL, -1)] * k)
        ok &= np.asarray(o.dropped_by_service) <= 0
    return ok


def asis_tolerance(runner: Runner, hours: Sequence[int], k_max: int = MAX_TOLERANCE_NODES) -> tuple[np.ndarray, int]:
    """Per service the most servers (up to ``k_max``) it survives losing at every hour; and ``k_max``."""
    best = np.zeros(len(runner.services), np.int64)
    alive = np.ones(len(runner.services), bool)
    for k in range(1, k_max + 1):
        alive &= _asis_survives(runner, k, hours)
        best[alive] = k
        if not alive.any():
            break
    return best, k_max


def tobe_tolerance(runner: Runner, hours: Sequence[int], wanted: Sequence[int] | None = None,
                   zone: bool = True) -> tuple[list[int], list[bool | None]]:
    """Per service the most of its worst nodes (up to ``wanted[s]``, default the tried max) To-Be
    survives losing at every hour, and whether it survives its worst zone."""
    S = len(runner.services)
    wanted = list(wanted) if wanted is not None else [MAX_TOLERANCE_NODES] * S
    if not runner.node_mode:
        return [0] * S, [None] * S
    nodes, zones = [], []
    for s in range(S):
        k = 0
        while k < wanted[s] and _tobe_survives_nodes(runner, s, k + 1, hours):
            k += 1
        nodes.append(k)
        zones.append(_tobe_survives_zone(runner, s, hours) if zone else None)
    return nodes, zones


def tolerance(scenario: Scenario, hours: str | Sequence[int] | None = None, *, fix: bool = True,
              threads: int | None = None, runner: Runner | None = None) -> Tolerance:
    """Per service: the most nodes / a zone / servers each plan survives losing at every hour of
    ``hours`` (default the scenario's drills.hours), and (``fix``) :func:`smallest_fix` for the
    node drill's size where As-Is survives as many servers."""
    runner = runner or Runner(scenario, threads)
    hour_list = parse_hours(scenario.drills.hours if hours is None else hours, runner.H)
    _check_work(runner, len(hour_list) * len(runner.services) * (MAX_TOLERANCE_NODES + 1))
    asis_k, asis_tried = asis_tolerance(runner, hour_list)
    tried = [max(1, int(k)) for k in asis_k]
    tobe_k, tobe_z = tobe_tolerance(runner, hour_list, wanted=tried)
    nodes = scenario.drills.nodes
    target = [nodes if k >= nodes else 0 for k in asis_k]
    rows = tuple(ServiceTolerance(name, tobe_k[i], tobe_z[i], int(asis_k[i]), tried[i], asis_tried, target[i])
                 for i, name in enumerate(runner.services))
    tol = Tolerance(rows, nodes, hours=hour_list)
    if fix and runner.node_mode and not tol.tobe_matches_asis and not scenario.environments:
        tol.fix = smallest_fix(scenario, target, hour_list, runner)
    return tol


# --- the smallest change that makes To-Be survive what As-Is survives ------------------------------------
@dataclass(frozen=True)
class Fix:
    """A change tried, its monthly cost and whether it makes To-Be survive what As-Is survives."""

    overrides: dict[str, Any]
    label: str  #: the overrides as text (field=value)
    tobe_usd_per_month: float
    extra_usd_per_month: float
    survives: bool
    tried: tuple[tuple[str, float, bool], ...] = ()  #: every candidate: (label, extra USD/month, survives)


def _service_path(scenario: Scenario, i: int) -> str:
    """``services[A]`` when the name selects it plainly, else ``services[3]``."""
    name = scenario.services[i].name
    return f"services[{name}]" if re.fullmatch(r"[A-Za-z0-9_\-]+", name) and not name.isdigit() else f"services[{i}]"


def fix_candidates(scenario: Scenario, short: Sequence[int]) -> list[dict[str, Any]]:
    """Changes to try, each alone: spare nodes +1..+3, min replicas +1..+3 of the services that fall
    short, their HPA utilization targets -0.1..-0.3 (not below 0.2), one zone more (up to 3), spread
    placement (when packed)."""
    c = scenario.cluster
    out: list[dict[str, Any]] = [{"cluster.spare_nodes": c.spare_nodes + d} for d in (1, 2, 3)]
    for d in (1, 2, 3):
        ov = {}
        for i in short:
            hpa = scenario.services[i].hpa
            ov[f"{_service_path(scenario, i)}.hpa.min_replicas"] = min(hpa.min_replicas + d, hpa.max_replicas)
        if any(scenario.services[i].hpa.min_replicas + d <= scenario.services[i].hpa.max_replicas for i in short):
            out.append(ov)
    for d in (0.1, 0.2, 0.3):  # more headroom per pod: what a lost node's share needs before its pods come back
        ov = {}
        for i in short:
            for j, m in enumerate(scenario.services[i].hpa.metrics):
                if m.target_utilization_frac is not None and m.target_utilization_frac - d >= 0.2 - 1e-9:
                    ov[f"{_service_path(scenario, i)}.hpa.metrics[{j}].target_utilization_frac"] = round(m.target_utilization_frac - d, 4)
        if ov:
            out.append(ov)
    if c.zones < 3:
        out.append({"cluster.zones": c.zones + 1})
    if c.placement == "packed":
        out.append({"cluster.placement": "spread"})
    return out


def smallest_fix(scenario: Scenario, wanted: Sequence[int], hours: Sequence[int],
                 base_runner: Runner | None = None) -> Fix:
    """The cheapest of :func:`fix_candidates` after which To-Be survives, per service, the loss of
    ``wanted[s]`` of its worst nodes at every hour (each re-planned; the cost is the To-Be monthly
    cost's difference). ``survives`` is False when none of them does; ``tried`` lists each one tried,
    cheapest first, up to the first that works."""
    base_cost = plan_summary(scenario).tobe_usd_per_month
    wanted = [int(k) for k in wanted]
    runner = base_runner or Runner(scenario)
    have, _ = tobe_tolerance(runner, hours, wanted=wanted, zone=False)
    short = [i for i, (h, w) in enumerate(zip(have, wanted)) if h < w]
    priced = []
    for ov in fix_candidates(scenario, short):
        try:
            variant = variant_scenario(scenario, ov)
            cost = plan_summary(variant).tobe_usd_per_month
        except ScenarioError:
            continue
        priced.append((cost, ov, variant))
    priced.sort(key=lambda x: x[0])
    tried: list[tuple[str, float, bool]] = []
    found = None
    for cost, ov, variant in priced:
        r = Runner(variant, runner.threads)
        got, _ = tobe_tolerance(r, hours, wanted=wanted, zone=False)
        ok = all(g >= w for g, w in zip(got, wanted))
        tried.append((describe(ov), cost - base_cost, ok))
        if ok:
            found = (cost, ov)
            break
    if found is None:
        return Fix({}, "", base_cost, 0.0, False, tuple(tried))
    cost, ov = found
    return Fix(ov, describe(ov), cost, cost - base_cost, True, tuple(tried))


__all__ = ["DrillDetail", "DrillTable", "Fix", "MAX_DRILLS", "Outcome", "Runner", "ServiceTolerance",
           "TABLE_COLUMNS", "Tolerance", "drill_detail", "drill_rows", "fix_candidates", "parse_hours", "run_drills",
           "smallest_fix", "tolerance"]
