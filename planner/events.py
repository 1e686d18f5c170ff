"""Per-step events: what happens at a given step besides the load (docs/model.md, Events).

An ``int64 [E, 3]`` array of ``(step, kind, target)`` rows sorted by step. The engine applies the
events of step ``k`` at its start, before the HPA sync; the As-Is fleet reads the same array.
Kinds:

- :data:`EV_DEPLOY_START` / :data:`EV_DEPLOY_END` (``target`` = service index): a rolling update
  of the service is in progress from the start step up to (not including) the end step; windows
  of one service may overlap (a counter, not a flag);
- :data:`EV_NODE_FAIL` (target: a node slot, or -1 for the worst: the node holding the most pods of
  the busiest service) and :data:`EV_ZONE_FAIL` (a zone, or -1 for the worst): failure drills of
  the To-Be cluster (exact mode);
- :data:`EV_SERVER_FAIL` (target: a service index, or -1 for one server of every service): an
  As-Is server fails and is back after the repair time (:func:`servers_out_steps`);
- :data:`EV_SCALE_TO_ZERO` / :data:`EV_SCALE_FROM_ZERO` (``target`` = service index): someone
  scales the Deployment to 0 replicas (every pod goes; with ``minReplicas > 0`` the HPA is then
  disabled, horizontal.go "ScalingDisabled", upstream ``TestZeroReplicas``), or back from 0 to
  ``min_replicas`` (the HPA resumes from there); applied at the service's step, before its HPA
  sync. A scale-from-zero of a service not at zero does nothing.
- :data:`EV_SCALE_UP_FAIL_START` / :data:`EV_SCALE_UP_FAIL_END` (target -1): the cloud cannot
  provide nodes from the start step up to (not including) the end step
  (``cluster.scale_up_failures``); nodes requested meanwhile never register (a counter, windows may
  overlap).

No numba here: the pure-Python reference reads the same constants.
"""

from __future__ import annotations

import math

import numpy as np

from planner.scenario import Scenario

EV_DEPLOY_START, EV_DEPLOY_END = 0, 1
EV_NODE_FAIL, EV_ZONE_FAIL, EV_SERVER_FAIL = 2, 3, 4
EV_SCALE_TO_ZERO, EV_SCALE_FROM_ZERO = 5, 6
EV_SCALE_UP_FAIL_START, EV_SCALE_UP_FAIL_END = 7, 8
EVENT_KINDS = ("deploy_start", "deploy_end", "node_fail", "zone_fail", "server_fail", "scale_to_zero",
               "scale_from_zero", "scale_up_fail_start", "scale_up_fail_end")
EVENT_COLUMNS = ("step", "kind", "target")


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


def scale_up_failure_windows(scenario: Scenario) -> list[tuple[int, int]]:
    """``(first step, end step)`` of every ``cluster.scale_up_failures`` window: from
    ``start_hour * 3600 / step_s`` for ``ceil(duration_s / step_s)`` steps, cut at the horizon."""
    step_s = scenario.simulation.step_s
    n = scenario.horizon_hours * 3600 // step_s
    out = []
    for f in scenario.cluster.scale_up_failures:
        k0 = f.start_hour * 3600 // step_s
        out.append((k0, min(n, k0 + int(math.ceil(f.duration_s / step_s)))))
    return out


def scenario_events(scenario: Scenario) -> np.ndarray:
    """The scenario's own events: rolling updates (:func:`deploy_events`) and scale-up failure windows."""
    rows = [row for k0, k1 in scale_up_failure_windows(scenario)
            for row in ((k0, EV_SCALE_UP_FAIL_START, -1), (k1, EV_SCALE_UP_FAIL_END, -1))]
    return merge_events(deploy_events(scenario), sort_events(rows) if rows else no_events())


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


def merge_events(*arrays: np.ndarray) -> np.ndarray:
    """One event array from several, stably sorted by step (earlier arrays first within a step)."""
    parts = [np.asarray(a, np.int64).reshape(-1, 3) for a in arrays if len(a)]
    return sort_events(np.concatenate(parts)) if parts else no_events()


def servers_out_steps(events: np.ndarray, k0: int, k1: int, n_services: int, repair_steps: int) -> np.ndarray:
    """``int [k1-k0, S]``: As-Is servers of each service out of service after an
    :data:`EV_SERVER_FAIL` (target -1: one of every service), from its step for ``repair_steps``."""
    n = k1 - k0
    out = np.zeros((n, n_services), np.int64)
    for step, _, target in events[events[:, 1] == EV_SERVER_FAIL]:
        a, b = max(step, k0), min(step + repair_steps, k1)
        if a < b:
            if target < 0:
                out[a - k0:b - k0, :] += 1
            else:
                out[a - k0:b - k0, target] += 1
    return out
