"""Time: the scenario's load -> per-step load, and the per-step EVENTS the kernel reacts to.

* :func:`scenario_hourly_load`: ``[H, S]`` hourly load [requests/s], profiles tiled to the horizon,
  growth applied; a fine series (``services[].load``) gives the mean of each of its hours;
* :func:`hourly_to_steps`: ``step``-hold or ``linear`` between hour midpoints (docs/model.md, Time);
* :func:`scenario_step_load`: ``[n_steps, S]`` per-step load: hourly profiles through
  :func:`hourly_to_steps` times their ``burst`` pattern (:mod:`planner.burst`), fine series held
  over finer steps or averaged over coarser ones (:func:`series_to_steps`);
* events: an ``int64 [E, 3]`` array of ``(step, kind, target)`` rows sorted by step. The kernel
  applies the events of step ``k`` at the start of that step, before the HPA sync. Kinds:

  - :data:`EV_DEPLOY_START` / :data:`EV_DEPLOY_END` (``target`` = service index): a rolling update
    of the service is in progress from the start step up to (not including) the end step; windows
    of one service may overlap (a counter, not a flag).

  Failure drills and spot interruptions join this array as further kinds.
"""

from __future__ import annotations

import math

import numpy as np

from planner.burst import multipliers_of
from planner.scenario import Scenario

EV_DEPLOY_START, EV_DEPLOY_END = 0, 1
EVENT_KINDS = ("deploy_start", "deploy_end")
EVENT_COLUMNS = ("step", "kind", "target")


def _fine_hours(load, H: int, growth: float) -> np.ndarray:
    """``[H]`` hourly means of a fine series, tiled to the horizon, growth applied."""
    v = np.asarray(load.requests_per_s, float) * growth
    per_hour = 3600 // load.step_s
    return np.tile(v.reshape(-1, per_hour).mean(axis=1), H // load.hours)


def scenario_hourly_load(scenario: Scenario) -> np.ndarray:
    """``[H, S]`` hourly load [requests/s]: profiles tiled to the horizon, growth applied; for a fine
    series the mean of each hour."""
    H = scenario.horizon_hours
    g = 1.0 + scenario.growth_frac
    cols = [np.tile(np.asarray(s.load_requests_per_s, float), H // len(s.load_requests_per_s)) * g
            if s.load is None else _fine_hours(s.load, H, g) for s in scenario.services]
    return np.stack(cols, axis=1)


def hourly_to_steps(hourly: np.ndarray, step_s: int, interpolation: str = "step") -> np.ndarray:
    """Hourly values ``[H, S]`` -> per-step values ``[H*3600/step_s, S]`` (docs/model.md, Time)."""
    hourly = np.asarray(hourly, float)
    per_hour = 3600 // step_s
    if interpolation == "step":
        return np.repeat(hourly, per_hour, axis=0)
    H = hourly.shape[0]
    t_mid = (np.arange(H * per_hour) + 0.5) * step_s
    x_mid = (np.arange(H) + 0.5) * 3600.0
    return np.stack([np.interp(t_mid, x_mid, hourly[:, s]) for s in range(hourly.shape[1])], axis=1)


def series_to_steps(values: np.ndarray, series_step_s: int, step_s: int) -> np.ndarray:
    """A series at ``series_step_s`` -> per-step values at ``step_s`` (one divides the other): each
    value held over the finer steps, or ``r`` consecutive values averaged (summed in order, then
    divided by ``r``, as the reference does)."""
    v = np.asarray(values, float)
    if series_step_s == step_s:
        return v
    if series_step_s % step_s == 0:
        return np.repeat(v, series_step_s // step_s)
    r = step_s // series_step_s
    rows = v.reshape(-1, r)
    total = rows[:, 0].copy()
    for j in range(1, r):
        total += rows[:, j]
    return total / r


def scenario_step_load(scenario: Scenario) -> np.ndarray:
    """``[H*3600/step_s, S]`` per-step load [requests/s] (docs/model.md, Time)."""
    H = scenario.horizon_hours
    sim = scenario.simulation
    g = 1.0 + scenario.growth_frac
    cols = []
    for s in scenario.services:
        if s.load is not None:
            v = np.tile(np.asarray(s.load.requests_per_s, float) * g, H // s.load.hours)
            cols.append(series_to_steps(v, s.load.step_s, sim.step_s))
            continue
        hourly = np.tile(np.asarray(s.load_requests_per_s, float), H // len(s.load_requests_per_s)) * g
        col = hourly_to_steps(hourly[:, None], sim.step_s, sim.interpolation)[:, 0]
        if s.burst is not None:
            col = col * np.tile(np.asarray(multipliers_of(s.burst, sim.step_s)), H)
        cols.append(col)
    return np.ascontiguousarray(np.stack(cols, axis=1))


def no_events() -> np.ndarray:
    """An empty event array."""
    return np.zeros((0, 3), np.int64)


def sort_events(rows: list[tuple[int, int, int]] | np.ndarray) -> np.ndarray:
    """Events as a C-contiguous ``int64 [E, 3]`` array, stably sorted by step."""
    ev = np.asarray(rows, np.int64).reshape(-1, 3)
    return np.ascontiguousarray(ev[np.argsort(ev[:, 0], kind="stable")])


def deploy_events(scenario: Scenario) -> np.ndarray:
    """Start and end events of every rolling update: a window starting at hour ``h`` covers the steps
    ``[h*3600/step_s, h*3600/step_s + ceil(duration_s / step_s))``, cut at the horizon; a daily window
    repeats at ``start_hour mod 24`` of every day."""
    step_s = scenario.simulation.step_s
    H = scenario.horizon_hours
    n = H * 3600 // step_s
    rows: list[tuple[int, int, int]] = []
    for i, s in enumerate(scenario.services):
        for w in s.deploy_windows:
            starts = range(w.start_hour % 24, H, 24) if w.every_day else ([w.start_hour] if w.start_hour < H else [])
            for h in starts:
                k0 = h * 3600 // step_s
                k1 = min(n, k0 + int(math.ceil(w.duration_s / step_s)))
                rows += [(k0, EV_DEPLOY_START, i), (k1, EV_DEPLOY_END, i)]
    return sort_events(rows) if rows else no_events()


def deploying_steps(events: np.ndarray, k0: int, k1: int, n_services: int) -> np.ndarray:
    """``bool [k1-k0, S]``: True where a rolling update of the service is in progress."""
    n = k1 - k0
    count = np.zeros((n + 1, n_services), np.int64)
    for kind, sign in ((EV_DEPLOY_START, 1), (EV_DEPLOY_END, -1)):
        ev = events[events[:, 1] == kind]
        before = ev[ev[:, 0] < k0]
        np.add.at(count[0], before[:, 2], sign)
        inside = ev[(ev[:, 0] >= k0) & (ev[:, 0] < k1)]
        np.add.at(count, (inside[:, 0] - k0, inside[:, 2]), sign)
    return np.cumsum(count, axis=0)[:n] > 0
