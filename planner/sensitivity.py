"""Sensitivity: which assumption moves the answer most (tornado), and two at once (heatmap).

Each :class:`Assumption` names a field path of the scenario, how it moves (``scale``: times
``1 +/- step``; ``shift``: plus or minus ``step`` in the field's unit) and the bounds it is kept
in. :func:`tornado` moves each one down and up by its step, one at a time, everything else as in
the scenario, and plans each variant through :func:`planner.sweep.run_sweep`; a move that would
leave the field's bounds stops at the bound and says so (``clipped``). :func:`heatmap` plans a
grid of two assumptions (or any two field paths) and returns the metric as a matrix.

The node price moves the catalog price of the current node type (a custom price overrides it),
the HPA target moves every service's CPU target, the per-request CPU cost changes both plans (the
As-Is servers are sized from it too).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from planner.catalog import resolve_instance
from planner.scenario import Scenario, ScenarioError
from planner.scenario_io import scenario_to_dict
from planner.sweep import Each, grid, leaf_values, run_sweep

METRICS: tuple[str, ...] = ("savings_usd_per_month", "tobe_usd_per_month", "asis_usd_per_month", "savings_frac",
                            "tobe_shortfall_frac", "tobe_nodes_peak")


@dataclass(frozen=True)
class Assumption:
    """One assumption the tornado moves: ``path`` by ``step`` (``scale``: a fraction of the value;
    ``shift``: in the field's unit), kept within ``[low, high]``."""

    key: str  #: stable id (wording: ``sweep.assumption.<key>`` in planner.i18n.sweep)
    path: str
    kind: Literal["scale", "shift"]
    step: float
    low: float = -math.inf
    high: float = math.inf
    unit: str = ""


#: The tornado's assumptions and steps (issue 12): node price +/-10 %, CPU target +/-0.1, pod
#: start-up +/-30 s, node provisioning +/-60 s, growth +/-10 points, CPU per request +/-10 %.
ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption("node_price", "cluster.node.usd_per_hour", "scale", 0.10, 0.0, 100_000.0, "USD/hour"),
    Assumption("hpa_target", "services[*].hpa.metrics[name=cpu].target_utilization_frac", "shift", 0.10, 0.01, 1.0,
               "fraction"),
    Assumption("pod_startup", "services[*].pod_startup_s", "shift", 30, 0, 3600, "s"),
    Assumption("provisioning", "cluster.node_boot_s", "shift", 60, 0, 3600, "s"),  # the total shifts alike
    Assumption("growth", "growth_frac", "shift", 0.10, -0.99, 100.0, "fraction"),
    Assumption("cpu_per_request", "services[*].usage.cpu_millicores_per_rps", "scale", 0.10, 0.0, 1_000_000.0,
               "millicores/(requests/s)"),
)
ASSUMPTION_KEYS: tuple[str, ...] = tuple(a.key for a in ASSUMPTIONS)


def assumption(key: str) -> Assumption:
    for a in ASSUMPTIONS:
        if a.key == key:
            return a
    raise ScenarioError([("assumption", f"unknown {key!r}; choose from {', '.join(ASSUMPTION_KEYS)}")])


def _current(scenario: Scenario, a: Assumption) -> list[Any]:
    """The assumption's current values (several for a ``[*]`` path); the node price from the catalog."""
    if a.key == "node_price":
        return [resolve_instance(scenario.cluster.node, "cluster.node").usd_per_hour]
    return leaf_values(scenario_to_dict(scenario), a.path)


def moved(scenario: Scenario, a: Assumption, direction: int, steps: float = 1.0) -> tuple[Any, bool]:
    """The override value moving ``a`` by ``direction * steps`` steps, and whether a bound clipped
    it. One value for the whole path: a list when the current values differ (``[*]`` paths keep
    each service's own value moved), else a plain value."""
    cur = _current(scenario, a)
    if not cur:
        raise ScenarioError([(a.path, "no such field in this scenario")])
    out, clipped = [], False
    for v in cur:
        x = v * (1 + direction * steps * a.step) if a.kind == "scale" else v + direction * steps * a.step
        c = min(max(x, a.low), a.high)
        clipped |= not math.isclose(c, x, rel_tol=0, abs_tol=1e-12)
        out.append(int(math.ceil(c - 1e-9)) if isinstance(v, int) and not isinstance(v, bool) else round(c, 12))
    return out, clipped


def _variant(a: Assumption, values: list[Any]) -> dict[str, Any]:
    """The override setting each field of ``a.path`` to its own moved value."""
    return {a.path: values[0] if len(values) == 1 else Each(tuple(values))}


@dataclass(frozen=True)
class Tornado:
    """One row per assumption (``frame``: key, path, low/high values, clipped, the metric at low,
    base and high, swing = its range over the three), sorted by swing, largest first; ``metric``
    is the figure compared."""

    frame: pd.DataFrame
    metric: str
    base_value: float


def tornado(scenario: Scenario, metric: str = "savings_usd_per_month", assumptions: Sequence[str] = ASSUMPTION_KEYS,
            **sweep_kw: Any) -> Tornado:
    """Move each assumption down and up by its step, one at a time (see the module docstring)."""
    if metric not in METRICS:
        raise ScenarioError([("metric", f"must be one of {', '.join(METRICS)}; got {metric!r}")])
    variants: list[dict[str, Any]] = [{}]
    meta = []
    for key in assumptions:
        a = assumption(key)
        for d in (-1, 1):
            values, clipped = moved(scenario, a, d)
            variants.append(_variant(a, values))
            meta.append((a, d, values, clipped))
    res = run_sweep(scenario, variants, **sweep_kw)
    rows = res.frame.to_dict("records")
    base = float(rows[0][metric]) if rows else math.nan
    recs = []
    for k in range(0, len(meta), 2):
        (a, _, lo_v, lo_c), (_, _, hi_v, hi_c) = meta[k], meta[k + 1]
        lo_r, hi_r = (rows[k + 1] if k + 1 < len(rows) else {}), (rows[k + 2] if k + 2 < len(rows) else {})
        lo, hi = _metric(lo_r, metric), _metric(hi_r, metric)
        recs.append({"assumption": a.key, "path": a.path, "unit": a.unit, "step": a.step, "kind": a.kind,
                     "base_value": _one(_current(scenario, a)), "low_value": _one(lo_v), "high_value": _one(hi_v),
                     "clipped": lo_c or hi_c, "metric_low": lo, "metric_base": base, "metric_high": hi,
                     "swing": _swing(lo, base, hi),
                     "problem": lo_r.get("problem") or hi_r.get("problem") or ""})
    df = pd.DataFrame.from_records(recs)
    if len(df):
        df = df.sort_values("swing", ascending=False, kind="stable", na_position="last").reset_index(drop=True)
    return Tornado(df, metric, base)


def _swing(lo: float, base: float, hi: float) -> float:
    """How far the metric ranges over low, base and high (a move either way may lower it: whole
    servers and nodes make figures step, not slope)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return math.nan
    return max(lo, base, hi) - min(lo, base, hi)


def _metric(row: Mapping[str, Any], metric: str) -> float:
    if not row or not row.get("feasible"):
        return math.nan
    return float(row[metric])


def _one(values: Any) -> Any:
    """A list of equal values as one value; mixed values as their mean (for display) [same unit]."""
    if not isinstance(values, list):
        return values
    return values[0] if len(set(values)) == 1 else float(np.mean(values))


@dataclass(frozen=True)
class Heatmap:
    """The metric over a grid of two paths: ``z[i, j]`` at ``y_values[i]`` and ``x_values[j]``
    (NaN where the variant cannot be planned)."""

    x_path: str
    y_path: str
    x_values: tuple[Any, ...]
    y_values: tuple[Any, ...]
    z: np.ndarray
    metric: str


def heatmap_values(scenario: Scenario, key: str, n: int = 5) -> list[Any]:
    """``n`` values of an assumption around its current one, one step apart (clipped to its bounds,
    duplicates dropped). Only assumptions with one current value (not per-service)."""
    a = assumption(key)
    half = (n - 1) / 2
    out: list[Any] = []
    for k in range(n):
        values, _ = moved(scenario, a, 1, k - half)
        v = _one(values)
        if v not in out:
            out.append(v)
    return out


def heatmap(scenario: Scenario, x: str, x_values: Sequence[Any], y: str, y_values: Sequence[Any],
            metric: str = "savings_usd_per_month", **sweep_kw: Any) -> Heatmap:
    """Plan every pair of ``x_values`` (field path ``x``) and ``y_values`` (path ``y``): an
    assumption key stands for its path. Per-service paths take one value for every service."""
    if metric not in METRICS:
        raise ScenarioError([("metric", f"must be one of {', '.join(METRICS)}; got {metric!r}")])
    xp = assumption(x).path if x in ASSUMPTION_KEYS else x
    yp = assumption(y).path if y in ASSUMPTION_KEYS else y
    if xp == yp:
        raise ScenarioError([("heatmap", f"the two axes must differ; both are {xp}")])
    res = run_sweep(scenario, grid({yp: list(y_values), xp: list(x_values)}), **sweep_kw)
    z = np.full((len(y_values), len(x_values)), np.nan)
    for r in res.frame.to_dict("records"):
        i, j = divmod(int(r["variant"]), len(x_values))
        z[i, j] = _metric(r, metric)
    return Heatmap(xp, yp, tuple(x_values), tuple(y_values), z, metric)
