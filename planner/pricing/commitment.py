"""How many To-Be nodes to commit to, and what the pool costs with a commitment.

A commitment of ``N`` nodes is billed every hour of the term whether used or not (AWS: "billed
for usage on an hourly basis, regardless of whether they are being used"); node time above ``N``
is billed at the burst rate (on-demand, or a blend with spot). With the pool's node counts ``n_i``
held for ``w_i`` hours (:class:`NodeProfile`):

``cost(N) = N x r_c x H + r_b x (node_hours - covered(N))``,  ``covered(N) = sum_i w_i min(n_i, N)``

``covered`` is concave and piecewise linear in ``N``, so ``cost`` is convex; its integer minimum
lies in ``0..max(n_i)`` (above the peak a committed node is never used). :func:`best_commitment`
enumerates that range exactly (vectorised over the sorted counts); a committed node pays for
itself when the pool runs above it for more than ``r_c / r_b`` of the hours.
:func:`best_monthly_commitments` does the same month by month with commitments that can only
grow (a term outlives the horizon), by dynamic programming over ``N``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: costs this close (relative) count as equal: the fewer committed nodes win
TIE_FRAC = 1e-9


@dataclass(frozen=True)
class NodeProfile:
    """Node counts of the pool and how long each was held: ``counts[i]`` nodes for ``hours[i]``
    hours, in hour ``hour[i]`` of the horizon."""

    counts: np.ndarray  #: [nodes] (integers)
    hours: np.ndarray  #: [h] weight of each count
    hour: np.ndarray  #: hour index of each sample
    n_hours: int  #: hours of the horizon

    @classmethod
    def from_steps(cls, nodes_requested: np.ndarray, step_s: int) -> "NodeProfile":
        """Exact: every step's billed node count (``nodes_requested``) held for one step."""
        n = np.asarray(nodes_requested, np.int64)
        sph = 3600 // step_s
        return cls(n, np.full(len(n), step_s / 3600.0), np.arange(len(n)) // sph, len(n) // sph)

    @classmethod
    def from_hourly(cls, mean: np.ndarray, low: np.ndarray, high: np.ndarray) -> "NodeProfile":
        """From hourly aggregates only (runs that kept no per-step frames): each hour as its lowest
        and highest count, weighted so the node-hours are exact. Exact when an hour holds at most
        two counts; otherwise it overstates what a commitment between them covers by less than one
        node-hour per hour (the counts between are spread to the ends)."""
        mean, low, high = (np.asarray(a, np.float64) for a in (mean, low, high))
        span = high - low
        up = np.divide(mean - low, span, out=np.zeros_like(mean), where=span > 0)
        H = len(mean)
        counts = np.concatenate([low, high]).round().astype(np.int64)
        return cls(counts, np.concatenate([1.0 - up, up]), np.concatenate([np.arange(H), np.arange(H)]), H)

    @property
    def node_hours(self) -> float:
        return float((self.counts * self.hours).sum())

    @property
    def peak(self) -> int:
        return int(self.counts[self.hours > 0].max()) if (self.hours > 0).any() else 0

    @property
    def floor(self) -> int:
        return int(self.counts[self.hours > 0].min()) if (self.hours > 0).any() else 0

    def covered(self, n_committed: int) -> float:
        """Node-hours a commitment of ``n_committed`` nodes covers [node-hours]."""
        return float((np.minimum(self.counts, n_committed) * self.hours).sum())

    def covered_by_hour(self, n_committed: int) -> np.ndarray:
        """``[H]`` node-hours the commitment covers in each hour."""
        return np.bincount(self.hour, np.minimum(self.counts, n_committed) * self.hours, minlength=self.n_hours)

    def node_hours_by_hour(self) -> np.ndarray:
        """``[H]`` billed node-hours of each hour."""
        return np.bincount(self.hour, self.counts * self.hours, minlength=self.n_hours)


def covered_curve(profile: NodeProfile, n_max: int | None = None) -> np.ndarray:
    """``covered(N)`` for ``N = 0..n_max`` (default the peak) [node-hours], in one pass:
    ``covered(N) = sum_i w_i min(n_i, N) = sum_{k<N} (hours with more than k nodes)``."""
    n_max = profile.peak if n_max is None else n_max
    if n_max <= 0:
        return np.zeros(1)
    w = np.bincount(np.clip(profile.counts, 0, n_max), profile.hours, minlength=n_max + 1)
    above = w[::-1].cumsum()[::-1]  # above[k] = hours with at least k nodes
    return np.concatenate([[0.0], np.cumsum(above[1:])])


def pool_cost(covered: np.ndarray, node_hours: float, hours: float, committed_usd_per_hour: float,
              burst_usd_per_hour: float) -> np.ndarray:
    """``cost(N)`` for each ``N`` of ``covered`` [USD]: commitment for every hour plus burst above it."""
    n = np.arange(len(covered))
    return n * committed_usd_per_hour * hours + burst_usd_per_hour * (node_hours - covered)


def best_commitment(profile: NodeProfile, committed_usd_per_hour: float, burst_usd_per_hour: float) -> tuple[int, float]:
    """``(N, cost)``: the commitment that minimises the pool's cost over the profile (the smallest
    such N on ties) [nodes, USD]. Exact: every N from 0 to the peak is priced."""
    costs = pool_cost(covered_curve(profile), profile.node_hours, profile.n_hours, committed_usd_per_hour,
                      burst_usd_per_hour)
    low = float(costs.min())
    n = int(np.flatnonzero(costs <= low + TIE_FRAC * max(1.0, abs(low)))[0])  # ties (within rounding): fewest nodes
    return n, float(costs[n])


def best_monthly_commitments(profiles: list[NodeProfile], hours: list[float], committed_usd_per_hour: float,
                             burst_usd_per_hour: float) -> tuple[list[int], float]:
    """Commitments ``N_0 <= N_1 <= ...`` per month (a commitment cannot be dropped inside its term)
    minimising the total cost, and that cost [USD]. ``profiles[m]`` is month m's representative
    period and ``hours[m]`` the month's length: its cost scales by ``hours[m] / profile.n_hours``.
    Exact dynamic programming over ``N = 0..max peak``: ``best_m(N) = cost_m(N) + min_{N' <= N} best_{m-1}(N')``."""
    n_max = max((p.peak for p in profiles), default=0)
    if not profiles:
        return [], 0.0
    month_costs = [_scaled_cost(p, n_max, h, committed_usd_per_hour, burst_usd_per_hour)
                   for p, h in zip(profiles, hours)]
    best = month_costs[0].copy()
    choice = [np.arange(n_max + 1)]
    for c in month_costs[1:]:
        prefix_arg = _prefix_argmin(best)
        choice.append(prefix_arg)
        best = c + best[prefix_arg]
    n_last = int(np.argmin(best))
    total = float(best[n_last])
    plan = [n_last]
    for m in range(len(profiles) - 1, 0, -1):
        plan.append(int(choice[m][plan[-1]]))
    return plan[::-1], total


def _scaled_cost(p: NodeProfile, n_max: int, month_hours: float, rc: float, rb: float) -> np.ndarray:
    """Month cost for each ``N`` when the month repeats the representative ``p``."""
    scale = month_hours / p.n_hours
    return pool_cost(covered_curve(p, n_max) * scale, p.node_hours * scale, month_hours, rc, rb)


def _prefix_argmin(a: np.ndarray) -> np.ndarray:
    """``out[N] = argmin_{N' <= N} a[N']`` (the smallest index on ties)."""
    out = np.zeros(len(a), np.int64)
    best = 0
    for i in range(len(a)):
        if a[i] < a[best]:
            best = i
        out[i] = best
    return out
