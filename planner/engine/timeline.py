"""Time: hourly profiles -> per-step load (the per-step events are :mod:`planner.events`).

* :func:`scenario_hourly_load`: ``[H, S]`` hourly load [requests/s], profiles tiled to the horizon,
  growth applied;
* :func:`hourly_to_steps`: ``step``-hold or ``linear`` between hour midpoints (docs/model.md, Time).
"""

from __future__ import annotations

import numpy as np

from planner.scenario import Scenario


def scenario_hourly_load(scenario: Scenario) -> np.ndarray:
    """``[H, S]`` hourly load [requests/s]: profiles tiled to the horizon, growth applied."""
    H = scenario.horizon_hours
    cols = [np.tile(np.asarray(s.load_requests_per_s, float), H // len(s.load_requests_per_s)) for s in scenario.services]
    return np.stack(cols, axis=1) * (1.0 + scenario.growth_frac)


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



