"""Scenarios side by side: 2-4 plans, one table of headline figures with the differences from the
first, and the assumptions that differ.

The scenarios come from files (the library, an upload, ``planner compare A.yaml B.yaml``) or are
variants of one (:func:`variants_of`, overrides as in :mod:`planner.sweep`). Each is planned in
full with :func:`planner.plan` (the overlaid charts need its hourly frames). Assumptions are
compared field by field on the scenario as plain data; services are matched by name
(``services[B].hpa.max_replicas``), a load profile reads as its length, peak and mean.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planner import planning
from planner.result import Plan
from planner.scenario import Scenario, ScenarioError
from planner.scenario_io import scenario_to_dict
from planner.sweep import describe, variant_scenario

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
#: Headline figures of the comparison table, in order.
COMPARE_FIELDS: tuple[str, ...] = (
    "asis_usd_per_month", "tobe_usd_per_month", "savings_usd_per_month", "savings_frac", "asis_servers_total",
    "tobe_nodes_peak", "tobe_nodes_mean", "tobe_nodes_min", "tobe_pods_peak", "tobe_shortfall_frac",
    "asis_shortfall_frac", "tobe_min_headroom_frac", "load_requests_total")
#: Fields of the scenario not compared as assumptions (titles).
NOT_ASSUMPTIONS = ("name", "description")


@dataclass(frozen=True)
class Comparison:
    """``plans`` in the order given, under unique ``names``; ``table``: one row per headline figure
    (``field``, one column per scenario, then ``delta_<i>`` = scenario i minus the first);
    ``differences``: one row per assumption that differs (``path``, one text column per scenario)."""

    names: tuple[str, ...]
    plans: tuple[Plan, ...]
    table: pd.DataFrame
    differences: pd.DataFrame

    @property
    def baseline(self) -> Plan:
        return self.plans[0]


def unique_names(names: Sequence[str]) -> list[str]:
    """Names made unique in order: a repeated one gets `` (2)``, `` (3)``."""
    out: list[str] = []
    for n in names:
        name, k = n, 2
        while name in out:
            name, k = f"{n} ({k})", k + 1
        out.append(name)
    return out


def variants_of(scenario: Scenario, overrides: Sequence[Mapping[str, Any]]) -> list[Scenario]:
    """The scenario itself, then one variant per overrides mapping, each named after its changes."""
    out = [scenario]
    for ov in overrides:
        v = variant_scenario(scenario, ov)
        out.append(v.model_copy(update={"name": f"{scenario.name}: {describe(ov)}"[:200]}))
    return out


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Leaves of a scenario's plain data by path; services by name, load profiles summarised."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for k, v in data.items():
            if not prefix and k in NOT_ASSUMPTIONS:
                continue
            out.update(_flatten(v, f"{prefix}.{k}" if prefix else k))
    elif isinstance(data, list) and prefix.endswith("services"):
        for s in data:
            out.update(_flatten(s, f"{prefix}[{s.get('name')}]"))
    elif isinstance(data, list) and data and all(isinstance(x, (int, float)) for x in data):
        out[prefix] = f"{len(data)} values, peak {max(data):g}, mean {sum(data) / len(data):.4g}"
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.update(_flatten(v, f"{prefix}[{i}]"))
        if not data:
            out[prefix] = "(none)"
    else:
        out[prefix] = data
    return out


def differences(scenarios: Sequence[Scenario], names: Sequence[str]) -> pd.DataFrame:
    """Every assumption whose value is not the same in all scenarios (``(absent)`` where missing)."""
    flat = [_flatten(scenario_to_dict(s)) for s in scenarios]
    paths: list[str] = []
    for f in flat:
        paths += [p for p in f if p not in paths]
    rows = []
    for p in paths:
        vals = [f.get(p, "(absent)") for f in flat]
        if any(v != vals[0] for v in vals[1:]):
            rows.append({"path": p, **{n: ("–" if v is None else str(v)) for n, v in zip(names, vals)}})
    return pd.DataFrame(rows, columns=["path", *names])


def compare(scenarios: Sequence[Scenario], names: Sequence[str] | None = None) -> Comparison:
    """Plan 2-4 scenarios and put them side by side (see the module docstring)."""
    if not MIN_SCENARIOS <= len(scenarios) <= MAX_SCENARIOS:
        raise ScenarioError([("scenarios", f"compare {MIN_SCENARIOS}-{MAX_SCENARIOS} scenarios; got {len(scenarios)}")])
    labels = unique_names(list(names) if names is not None else [s.name for s in scenarios])
    plans = []
    for name, s in zip(labels, scenarios):
        try:
            plans.append(planning.plan(s, keep_steps=False))
        except ScenarioError as exc:
            raise ScenarioError([(f"{name}: {p}" if p else name, m) for p, m in exc.problems]) from None
    recs = []
    for f in COMPARE_FIELDS:
        vals = [getattr(p.summary, f) for p in plans]
        rec: dict[str, Any] = {"field": f, **dict(zip(labels, vals))}
        for i, v in enumerate(vals[1:], start=1):
            rec[f"delta_{i}"] = v - vals[0]
        recs.append(rec)
    table = pd.DataFrame(recs, columns=["field", *labels, *(f"delta_{i}" for i in range(1, len(plans)))])
    return Comparison(tuple(labels), tuple(plans), table, differences(scenarios, labels))
