"""Uncertainty: how sure are the figures? Monte Carlo over the load and the start-up times.

Each sample is the scenario with (:class:`Uncertainty`):

* every hourly load value of every service times its own noise, log-normal with mean 1 and
  coefficient of variation ``load_noise_frac`` (``exp(s Z - s^2/2)``, ``s^2 = ln(1 + cv^2)``);
* the growth drawn uniformly in ``[growth_low, growth_high]`` (default: the scenario's +/- 0.1);
* each service's pod start-up times a factor uniform in ``[startup_low, startup_high]``, and the
  node provisioning delay likewise (seconds round up).

A sample is a possible truth: both plans are made for it (the As-Is servers sized for its peak,
the cluster autoscaled to it), through :func:`planner.sweep.run_sweep`. The draws come from one
:class:`numpy.random.Generator` in a fixed order (per service its noise, then the growth, the
start-up factors, the provisioning factors), all before any plan runs, so a seed gives the same
samples and the same figures whatever the executor. Quantiles are numpy's linear ones
(``np.percentile``): P10, P50, P90.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner.scenario import Scenario, ScenarioError
from planner.sweep import MAX_VARIANTS, Each, SweepResult, run_sweep

#: Figures summarised by P10/P50/P90.
MC_METRICS: tuple[str, ...] = ("asis_usd_per_month", "tobe_usd_per_month", "savings_usd_per_month", "savings_frac",
                               "tobe_shortfall_frac", "asis_shortfall_frac", "tobe_nodes_peak")
QUANTILES = (10, 50, 90)
MAX_NOISE_FRAC = 2.0  #: coefficient of variation of the load noise, at most
DEFAULT_SAMPLES = 200


@dataclass(frozen=True)
class Uncertainty:
    """What is uncertain and by how much (see the module docstring). Growth None: the scenario's
    growth -/+ 0.1."""

    load_noise_frac: float = 0.10
    growth_low: float | None = None
    growth_high: float | None = None
    startup_low: float = 0.5
    startup_high: float = 2.0
    provisioning_low: float = 0.75
    provisioning_high: float = 1.5

    def __post_init__(self) -> None:
        problems = []
        if not (0 <= self.load_noise_frac <= MAX_NOISE_FRAC):
            problems.append(("load_noise_frac", f"must be 0-{MAX_NOISE_FRAC:g}; got {self.load_noise_frac!r}"))
        for name in ("startup", "provisioning"):
            lo, hi = getattr(self, f"{name}_low"), getattr(self, f"{name}_high")
            if not (0 <= lo <= hi <= 10):
                problems.append((f"{name}_low/{name}_high", f"factors must be 0 <= low <= high <= 10; got {lo}, {hi}"))
        if (self.growth_low is None) != (self.growth_high is None):
            problems.append(("growth_low/growth_high", "give both ends of the growth range, or neither"))
        elif self.growth_low is not None and not (-0.99 <= self.growth_low <= self.growth_high <= 100):
            problems.append(("growth_low/growth_high", f"must be -0.99 <= low <= high <= 100; got "
                                                       f"{self.growth_low}, {self.growth_high}"))
        if problems:
            raise ScenarioError(problems)

    def growth_range(self, scenario: Scenario) -> tuple[float, float]:
        if self.growth_low is not None:
            return self.growth_low, float(self.growth_high)
        g = scenario.growth_frac
        return max(-0.99, g - 0.1), min(100.0, g + 0.1)


def draw(scenario: Scenario, spec: Uncertainty, n: int, rng: np.random.Generator) -> list[dict[str, Any]]:
    """``n`` samples as sweep overrides, drawn in the documented order."""
    if not 1 <= n <= MAX_VARIANTS:
        raise ScenarioError([("samples", f"must be 1-{MAX_VARIANTS:,}; got {n}")])
    s2 = math.log1p(spec.load_noise_frac ** 2)
    loads = []
    for svc in scenario.services:
        base = np.asarray(svc.load_requests_per_s, float)
        z = rng.standard_normal((n, len(base)))
        loads.append(base[None, :] * np.exp(math.sqrt(s2) * z - s2 / 2))
    g_lo, g_hi = spec.growth_range(scenario)
    growth = rng.uniform(g_lo, g_hi, n)
    startup = rng.uniform(spec.startup_low, spec.startup_high, (n, len(scenario.services)))
    prov = rng.uniform(spec.provisioning_low, spec.provisioning_high, n)
    starts = np.array([svc.pod_startup_s for svc in scenario.services], float)
    out = []
    for k in range(n):
        ov: dict[str, Any] = {f"services[{i}].load_requests_per_s": [float(x) for x in loads[i][k]]
                              for i in range(len(scenario.services))}
        ov["growth_frac"] = float(growth[k])
        ov["services[*].pod_startup_s"] = Each(tuple(min(3600, int(math.ceil(v - 1e-9)))
                                                     for v in starts * startup[k]))
        for phase in ("node_boot_s", "node_registration_s", "daemonset_ready_s"):  # each start-up phase alike
            ov[f"cluster.{phase}"] = min(3600, int(math.ceil(getattr(scenario.cluster, phase) * prov[k] - 1e-9)))
        out.append(ov)
    return out


@dataclass(frozen=True)
class MonteCarlo:
    """The samples' rows (``sweep``), P10/P50/P90 and the mean of each figure (``quantiles``,
    indexed by :data:`MC_METRICS`; ``base`` is the scenario's own plan), the share of samples in
    which To-Be saves money, and what was drawn."""

    sweep: SweepResult
    quantiles: pd.DataFrame
    saving_positive_frac: float
    spec: Uncertainty
    seed: int | None
    base: dict[str, Any]

    @property
    def n(self) -> int:
        return self.sweep.n_done


def summarize(frame: pd.DataFrame, base: dict[str, Any], metrics: Sequence[str] = MC_METRICS) -> pd.DataFrame:
    """P10/P50/P90, mean and the base value of each metric over the feasible samples."""
    ok = frame[frame.feasible]
    recs = []
    for m in metrics:
        v = ok[m].to_numpy(float)
        q = np.percentile(v, QUANTILES) if len(v) else [math.nan] * len(QUANTILES)
        recs.append({"metric": m, **{f"p{p}": float(x) for p, x in zip(QUANTILES, q)},
                     "mean": float(v.mean()) if len(v) else math.nan, "base": float(base.get(m, math.nan))})
    return pd.DataFrame.from_records(recs).set_index("metric")


def monte_carlo(scenario: Scenario, n: int = DEFAULT_SAMPLES, seed: int | None = 0,
                spec: Uncertainty = Uncertainty(), rng: np.random.Generator | None = None,
                **sweep_kw: Any) -> MonteCarlo:
    """``n`` samples (see the module docstring), from ``rng`` or ``numpy.random.default_rng(seed)``;
    the scenario's own plan is planned too, as the base. ``sweep_kw`` go to
    :func:`planner.sweep.run_sweep` (executor, workers, progress, cancel, ...)."""
    rng = rng if rng is not None else np.random.default_rng(seed)
    variants = [{}] + draw(scenario, spec, n, rng)
    progress = sweep_kw.pop("progress", None)
    wrapped = (lambda d, total: progress(max(0, d - 1), total - 1)) if progress else None
    res = run_sweep(scenario, variants, progress=wrapped, **sweep_kw)
    frame = res.frame
    base = frame.iloc[0].to_dict() if len(frame) and frame.variant.iloc[0] == 0 else {}
    samples = frame[frame.variant > 0].reset_index(drop=True)
    samples["variant"] = samples["variant"] - 1
    sres = SweepResult(samples, res.override_columns, n, res.cancelled, res.executor)
    ok = samples[samples.feasible]
    pos = float((ok.savings_usd_per_month > 0).mean()) if len(ok) else math.nan
    return MonteCarlo(sres, summarize(samples, base), pos, spec, seed, base)
