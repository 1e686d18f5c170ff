"""Time: the scenario's load -> per-step load (the per-step events are :mod:`planner.events`).

* :func:`scenario_hourly_load`: ``[H, S]`` hourly load [requests/s], profiles tiled to the horizon,
  growth applied; a fine series (``services[].load``) gives the mean of each of its hours;
* :func:`hourly_to_steps`: ``step``-hold or ``linear`` between hour midpoints (docs/model.md, Time);
* :func:`scenario_step_load`: ``[n_steps, S]`` per-step load: hourly profiles through
  :func:`hourly_to_steps` times their ``burst`` pattern (:mod:`planner.burst`), fine series held
  over finer steps or averaged over coarser ones (:func:`series_to_steps`).
"""

from __future__ import annotations

import numpy as np

from planner.burst import multipliers_of
from planner.scenario import Scenario


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
