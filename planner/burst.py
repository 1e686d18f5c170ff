"""Bursts inside the hour: the deterministic per-minute pattern of a ``burst`` setting, and its fit
from a per-minute trace.

An hourly profile says nothing about the minutes inside an hour; real load is neither flat nor a
straight ramp (the shipped Azure LLM traces have a busiest minute 1.51x and 3.85x their mean). A
:class:`planner.scenario.Burst` ``(p, a, shape)`` turns each hour into 60 per-minute multipliers:

1. **Duration curve** (the multipliers sorted from busiest to quietest, rank ``i = 0..59``):
   ``r_i = a + (p - a) * (1 - i/59)^k``, so the busiest minute is exactly ``p`` x the hourly mean
   and the quietest exactly ``a`` x; ``k > 0`` is the one value that makes the mean 1
   (``mean_i (1 - i/59)^k = (1 - a)/(p - a)``, solved by bisection on ``log k``; the mean decreases
   with ``k``). ``k = 1`` is a straight line (the default trough ``a = 2 - p`` when ``p <= 2``).
   The 60 values are then divided by their mean, so every hour keeps its hourly mean to rounding.
2. **Order in time** (``shape``): ``scattered`` puts rank ``i`` at minute ``(37 i + 30) mod 60``, a
   fixed permutation whose lag-1 autocorrelation on a straight curve is 0.01 (37 was the multiplier
   coprime with 60 closest to 0; bursty traffic such as the Azure code trace has 0.17);
   ``smooth`` puts the busiest minute at minute 30 and the others alternately before and after it
   (one rise and fall per hour, autocorrelation 0.99; the Azure conversation trace has 0.88). Both
   put the peak at minute 30, away from the hour boundary where hourly steps jump.

:func:`step_multipliers` averages the minute pattern exactly over simulation steps of any length
that divides 3600 (held when the step divides 60). The engine (``planner.engine.timeline``) and the
reference (``planner.reference``) both multiply their per-step hourly load by it.

**Fit** (:func:`fit_burst`): the trace is cut into hours from its first minute; an hour with at
least 30 minutes of data and a mean above 0 counts (the shipped Azure traces are one such hour of
56 and 58 minutes). Each hour is divided by its own mean and sorted (its duration curve,
resampled to 60 ranks by linear interpolation of the quantile function). ``p`` is the mean over
hours of the busiest minute; ``a`` minimises the squared distance between the mean duration curve
and the model curve (golden-section search over the feasible troughs); ``shape`` is ``smooth`` when
the mean within-hour lag-1 autocorrelation is at least 0.5 (midway between the two orders), else
``scattered``. ``r2_curve`` says how well the model curve matches the observed one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

MINUTES = 60  #: multipliers per hour
SCATTER_MULTIPLIER = 37  #: rank i -> minute (37 i + 30) mod 60 for the scattered order
PEAK_MINUTE = 30  #: where both orders put the busiest minute
SMOOTH_MIN_AUTOCORR = 0.5  #: a fitted trace with lag-1 autocorrelation at least this is ``smooth``
MIN_MINUTES_PER_HOUR = 30  #: an hour of a trace counts in a fit with at least this many minutes
_K_RANGE = (1e-6, 1e6)


def _mean_power(k: float) -> float:
    return math.fsum((1.0 - i / (MINUTES - 1)) ** k for i in range(MINUTES)) / MINUTES


def _exponent(target_mean: float) -> float:
    """``k`` with ``mean_i (1 - i/59)^k = target_mean`` (clamped to the solvable range)."""
    lo, hi = math.log(_K_RANGE[0]), math.log(_K_RANGE[1])
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if _mean_power(math.exp(mid)) > target_mean:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-13:
            break
    return math.exp(0.5 * (lo + hi))


def duration_curve(peak_to_mean: float, trough_to_mean: float) -> tuple[float, ...]:
    """The 60 multipliers from busiest to quietest, mean 1 (see the module docstring)."""
    p, a = float(peak_to_mean), float(trough_to_mean)
    if p <= 1.0:
        return (1.0,) * MINUTES
    k = _exponent((1.0 - a) / (p - a))
    r = [a + (p - a) * (1.0 - i / (MINUTES - 1)) ** k for i in range(MINUTES)]
    mean = math.fsum(r) / MINUTES
    return tuple(v / mean for v in r)


def _slots(shape: str) -> list[int]:
    """Minute of the hour of each rank (busiest first)."""
    if shape == "scattered":
        return [(SCATTER_MULTIPLIER * i + PEAK_MINUTE) % MINUTES for i in range(MINUTES)]
    if shape == "smooth":
        out = [PEAK_MINUTE]
        for j in range(1, MINUTES):
            out.append(PEAK_MINUTE - (j + 1) // 2 if j % 2 else PEAK_MINUTE + j // 2)
        return [m % MINUTES for m in out]
    raise ValueError(f"shape must be 'scattered' or 'smooth'; got {shape!r}")


@lru_cache(maxsize=256)
def minute_multipliers(peak_to_mean: float, trough_to_mean: float, shape: str) -> tuple[float, ...]:
    """Multiplier of each minute of the hour (60 values, mean 1)."""
    curve = duration_curve(peak_to_mean, trough_to_mean)
    out = [0.0] * MINUTES
    for rank, minute in enumerate(_slots(shape)):
        out[minute] = curve[rank]
    return tuple(out)


@lru_cache(maxsize=256)
def step_multipliers(peak_to_mean: float, trough_to_mean: float, shape: str, step_s: int) -> tuple[float, ...]:
    """Multiplier of each simulation step of the hour (``3600 / step_s`` values): the minute pattern
    held (``step_s`` divides 60) or averaged exactly over the step (any other ``step_s`` dividing 3600)."""
    if 3600 % step_s:
        raise ValueError(f"step_s must divide 3600; got {step_s}")
    m = minute_multipliers(peak_to_mean, trough_to_mean, shape)
    if 60 % step_s == 0:
        return tuple(m[j * step_s // 60] for j in range(3600 // step_s))
    out = []
    for j in range(3600 // step_s):
        a, b = j * step_s, (j + 1) * step_s
        total = math.fsum(m[q] * (min(b, 60 * q + 60) - max(a, 60 * q)) for q in range(a // 60, (b - 1) // 60 + 1))
        out.append(total / step_s)
    return tuple(out)


def multipliers_of(burst, step_s: int) -> tuple[float, ...]:
    """:func:`step_multipliers` of a :class:`planner.scenario.Burst`."""
    return step_multipliers(burst.peak_to_mean, burst.trough, burst.shape, step_s)


# --- fit ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BurstFit:
    """A burst fitted from a per-minute trace (see the module docstring)."""

    peak_to_mean: float  #: mean over hours of the busiest minute / the hour's mean
    trough_to_mean: float  #: fitted quietest minute / mean
    shape: str  #: ``scattered`` or ``smooth``
    autocorr_lag1: float  #: mean within-hour lag-1 autocorrelation of the trace (NaN if undefined)
    r2_curve: float  #: R^2 of the model duration curve against the observed one
    hours: int  #: hours of the trace that counted
    observed_curve: tuple[float, ...]  #: mean observed duration curve (60 ranks)
    model_curve: tuple[float, ...]  #: the fitted model's duration curve

    def as_scenario(self) -> dict:
        """The ``burst`` mapping of a scenario service (rounded to 3 decimals, kept feasible)."""
        p = max(round(self.peak_to_mean, 3), 1.001)
        a = min(round(self.trough_to_mean, 3), 0.999)
        a = min(a, (MINUTES - p) / (MINUTES - 1))  # keep p <= 60 - 59 a after rounding
        return {"peak_to_mean": p, "trough_to_mean": max(0.0, math.floor(a * 1000) / 1000), "shape": self.shape}


class BurstFitError(ValueError):
    """A trace that gives no burst (too short, no load, or not per minute)."""


def _hour_curves(per_minute: np.ndarray) -> tuple[list[np.ndarray], list[float]]:
    curves, acs = [], []
    ranks = np.linspace(0.0, 1.0, MINUTES)
    for h0 in range(0, len(per_minute), MINUTES):
        x = per_minute[h0:h0 + MINUTES]
        x = x[np.isfinite(x)]
        if len(x) < MIN_MINUTES_PER_HOUR or x.mean() <= 0:
            continue
        r = x / x.mean()
        desc = np.sort(r)[::-1]
        curves.append(np.interp(ranks, np.linspace(0.0, 1.0, len(desc)), desc))
        if r.std() > 0 and len(r) > 2:
            acs.append(float(np.corrcoef(r[:-1], r[1:])[0, 1]))
    return curves, acs


def _sse(p: float, a: float, observed: np.ndarray) -> float:
    return float(((np.asarray(duration_curve(p, a)) - observed) ** 2).sum())


def _best_trough(p: float, observed: np.ndarray) -> float:
    lo = max(0.0, 0.0)
    hi = min(1.0 - 1e-9, (MINUTES - p) / (MINUTES - 1))  # p <= 60 - 59 a
    lo = max(lo, MINUTES - (MINUTES - 1) * p)  # p >= (60 - a) / 59
    if hi <= lo:
        return max(0.0, lo)
    g = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = lo, hi
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = _sse(p, c, observed), _sse(p, d, observed)
    for _ in range(60):
        if fc <= fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = _sse(p, c, observed)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = _sse(p, d, observed)
    best = 0.5 * (a + b)
    # the search is unimodal in practice; the ends are checked so a trough of exactly 0 is found
    return min((lo, best, hi), key=lambda v: _sse(p, v, observed))


def fit_burst(per_minute_requests_per_s) -> BurstFit:
    """Fit ``peak_to_mean``, ``trough_to_mean`` and ``shape`` to a per-minute load series
    [requests/s or counts per minute: only ratios matter] (see the module docstring)."""
    x = np.asarray(per_minute_requests_per_s, dtype=float)
    if x.ndim != 1 or len(x) < MIN_MINUTES_PER_HOUR:
        raise BurstFitError(f"a burst fit needs at least {MIN_MINUTES_PER_HOUR} per-minute values; got {x.size}")
    if (x[np.isfinite(x)] < 0).any():
        raise BurstFitError("a burst fit needs load values >= 0")
    curves, acs = _hour_curves(x)
    if not curves:
        raise BurstFitError(f"no hour of the trace has {MIN_MINUTES_PER_HOUR} or more minutes with load above 0")
    observed = np.mean(curves, axis=0)
    p = float(min(observed[0], float(MINUTES)))
    if p <= 1.0 + 1e-9:
        raise BurstFitError("the trace is flat within each hour (busiest minute = the mean): no burst to fit")
    a = _best_trough(p, observed)
    model = np.asarray(duration_curve(p, a))
    ss_tot = float(((observed - observed.mean()) ** 2).sum())
    r2 = 1.0 - float(((observed - model) ** 2).sum()) / ss_tot if ss_tot > 0 else float("nan")
    ac = float(np.mean(acs)) if acs else float("nan")
    shape = "smooth" if acs and ac >= SMOOTH_MIN_AUTOCORR else "scattered"
    return BurstFit(peak_to_mean=p, trough_to_mean=float(a), shape=shape, autocorr_lag1=ac, r2_curve=r2,
                    hours=len(curves), observed_curve=tuple(float(v) for v in observed),
                    model_curve=tuple(float(v) for v in model))
