"""The month-by-month plan (``forecast``): growth, one-off events, As-Is procurement lead time,
commitments that grow with the load, monthly and cumulative cost of both plans.

Method (so it stays interactive): each month is the scenario's own profile (its day or week)
scaled by the month's growth ``(1 + growth_frac_per_month) ** m``, simulated once through the
same engine as :func:`planner.plan`; the month repeats that period ``days / period days`` times.
Days of a one-off event (``load_factor`` x from ``start_date``; overlapping events multiply) are
simulated as their own period at that load and weighted by their days. Runs with the same load
factor are shared between months, so a flat forecast costs one run.

* As-Is: each month needs the servers its peak needs (events included: a static fleet is sized
  for the highest load it must serve); the fleet never shrinks, and a server that month ``m``
  needs must be ordered in month ``m - asis_lead_time_months`` (``asis_order_late`` when that is
  before the forecast starts). The fleet of month 0 is in place at the start.
* To-Be: the pool's node counts of each month's periods; commitments (``committed_nodes: auto``)
  are the cheapest counts that never decrease from month to month
  (:func:`planner.pricing.best_monthly_commitments`); a fixed N holds every month.
* Cost: the scenario's purchase strategy and the lines beside the machines, upfront amortised
  (``*_usd``) and as paid (``*_cash_usd``: upfront in the month a machine or commitment starts).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from planner import pricing
from planner.pricing.lines import cost_lines
from planner.result import MONTH_COLUMNS
from planner.scenario import Scenario


@dataclass(frozen=True)
class MonthRun:
    """What one simulated period gives the forecast."""

    profile: pricing.NodeProfile  #: the pool's node counts over the period
    asis_servers: int  #: servers the period's peak needs (backups included)
    requests_by_hour: np.ndarray  #: [H] requests offered
    shortfall_requests: float  #: To-Be requests above ready capacity
    asis_shortfall_requests: float


def month_starts(start_month: str, months: int) -> list[date]:
    y, m = (int(x) for x in start_month.split("-"))
    out = []
    for i in range(months):
        yy, mm = divmod(m - 1 + i, 12)
        out.append(date(y + yy, mm + 1, 1))
    return out


def day_factors(scenario: Scenario, first: date) -> np.ndarray:
    """Load factor of each day of the month starting at ``first`` (1 outside events)."""
    days = calendar.monthrange(first.year, first.month)[1]
    f = np.ones(days)
    for ev in scenario.forecast.events:
        for k in range(ev.days):
            d = ev.start_date + timedelta(days=k)
            if d.year == first.year and d.month == first.month:
                f[d.day - 1] *= ev.load_factor
    return f


@dataclass(frozen=True)
class _Month:
    start: date
    days: int
    growth: float  #: (1 + r) ** m
    periods: list[tuple[MonthRun, float]]  #: (run, repetitions of the period in the month)
    event_days: int

    @property
    def hours(self) -> int:
        return self.days * 24

    def profile(self) -> pricing.NodeProfile:
        """The month's node counts: every period's, weighted by its repetitions."""
        ps = [(r.profile, w) for r, w in self.periods]
        return pricing.NodeProfile(np.concatenate([p.counts for p, _ in ps]),
                                   np.concatenate([p.hours * w for p, w in ps]),
                                   np.zeros(sum(len(p.counts) for p, _ in ps), np.int64), self.hours)


def _months(scenario: Scenario, run: Callable[[Scenario], MonthRun]) -> list[_Month]:
    f = scenario.forecast
    period_days = scenario.horizon_hours / 24.0
    cache: dict[float, MonthRun] = {}

    def run_at(factor: float) -> MonthRun:
        key = round(factor, 12)
        if key not in cache:
            growth = (1.0 + scenario.growth_frac) * factor - 1.0
            cache[key] = run(scenario.model_copy(update={"growth_frac": growth}))
        return cache[key]

    out = []
    for m, first in enumerate(month_starts(f.start_month, f.months)):
        g = (1.0 + f.growth_frac_per_month) ** m
        factors = day_factors(scenario, first)
        periods = [(run_at(g * float(v)), float((factors == v).sum()) / period_days) for v in np.unique(factors)]
        out.append(_Month(first, len(factors), g, periods, int((factors != 1.0).sum())))
    return out


def _tobe_commitments(scenario: Scenario, rates: pricing.MachineRates, months: list[_Month]
                      ) -> tuple[list[int], pricing.Rate | None, float, pricing.Rate | None]:
    """``(N per month, commitment rate, burst rate, spot rate)`` of the To-Be strategy."""
    t = scenario.pricing.to_be
    od = rates.node["on_demand"]
    spot = rates.node.get("spot") if t.spot_burst_frac > 0 else None
    s = t.spot_burst_frac if spot is not None else 0.0
    burst = (1 - s) * od.usd_per_hour + s * (spot.usd_per_hour if spot else 0.0)
    c = t.commitment
    rate = None if t.committed_nodes == 0 else rates.node.get(pricing.book.rate_label(c.option, c.term_years, c.payment))
    if rate is None:
        return [0] * len(months), None, burst, spot
    if t.committed_nodes == "auto":
        ns, _ = pricing.best_monthly_commitments([m.profile() for m in months], [m.hours for m in months],
                                                 rate.effective_usd_per_hour, burst)
        return ns, rate, burst, spot
    return [int(t.committed_nodes)] * len(months), rate, burst, spot


def _lines_usd(scenario: Scenario, month: _Month, asis_servers: int) -> tuple[float, float]:
    """``(As-Is, To-Be)`` lines beside the machines over the month [USD]."""
    a = b = 0.0
    for r, w in month.periods:
        for ln in cost_lines(scenario, asis_servers=asis_servers, tobe_node_hours_by_hour=r.profile.node_hours_by_hour(),
                             requests_by_hour=r.requests_by_hour):
            if ln.plan == "as_is":
                a += w * float(ln.usd_hourly.sum())
            else:
                b += w * float(ln.usd_hourly.sum())
    return a, b


def _asis_fleet(scenario: Scenario, months: list[_Month]) -> tuple[list[int], list[int], list[int]]:
    """``(needed, fleet, added)`` servers per month: the fleet never shrinks."""
    needed = [max(r.asis_servers for r, _ in m.periods) for m in months]
    fleet = list(np.maximum.accumulate(needed)) if needed else []
    added = [0] + [int(fleet[i] - fleet[i - 1]) for i in range(1, len(fleet))]
    return needed, [int(x) for x in fleet], added


def _order_month(months: list[_Month], i: int, lead: int) -> tuple[str, bool]:
    first = months[0].start
    k = first.month - 1 + i - lead
    y, mm = divmod(k, 12)
    return f"{first.year + y:04d}-{mm + 1:02d}", i - lead < 0


def _asis_month_cost(scenario: Scenario, rates: pricing.MachineRates, fleet: int, added: int, hours: int,
                     first_month: bool) -> tuple[float, float]:
    """``(amortised, cash)`` cost of the As-Is machines in a month [USD]."""
    a = scenario.pricing.as_is
    if a.hosting == "on_prem":
        host = a.on_prem
        hosts = math.ceil(fleet / host.machines_per_host)
        new_hosts = hosts if first_month else hosts - math.ceil((fleet - added) / host.machines_per_host)
        month = hosts * pricing.host_usd_per_month(host) * hours / scenario.hours_per_month
        cash = month - hosts * host.host_purchase_usd / host.amortisation_months * hours / scenario.hours_per_month
        return month, cash + new_hosts * host.host_purchase_usd
    rate = pricing.book.find_rate(rates.server, a.option, a.term_years, a.payment, "pricing.as_is.option",
                                  rates.server_name)
    bought = fleet if first_month else added
    return fleet * rate.effective_usd_per_hour * hours, fleet * rate.usd_per_hour * hours + bought * rate.upfront_usd


def _tobe_month_cost(scenario: Scenario, month: _Month, n: int, n_before: int, rate: pricing.Rate | None,
                     burst: float, peak_so_far: int, peak_before: int) -> tuple[float, float, float]:
    """``(amortised, cash, covered node-hours)`` of the To-Be nodes in a month [USD]."""
    t = scenario.pricing.to_be
    prof = month.profile()
    if t.hosting == "on_prem":
        host = t.on_prem
        hosts = math.ceil(peak_so_far / host.machines_per_host)
        new = hosts - math.ceil(peak_before / host.machines_per_host)
        cost = hosts * pricing.host_usd_per_month(host) * month.hours / scenario.hours_per_month
        cash = cost - hosts * host.host_purchase_usd / host.amortisation_months * month.hours / scenario.hours_per_month
        return cost, cash + new * host.host_purchase_usd, prof.node_hours
    covered = prof.covered(n)
    burst_usd = burst * (prof.node_hours - covered)
    if rate is None:
        return burst_usd, burst_usd, 0.0
    cost = n * rate.effective_usd_per_hour * month.hours + burst_usd
    cash = n * rate.usd_per_hour * month.hours + burst_usd + max(0, n - n_before) * rate.upfront_usd
    return cost, cash, covered


def month_plan(scenario: Scenario, rates: pricing.MachineRates, prices: pricing.Prices,
               run: Callable[[Scenario], MonthRun]) -> pd.DataFrame:
    """The month-by-month frame (:data:`planner.result.MONTH_COLUMNS`); ``run`` simulates one
    period of a scenario (``planner.planning`` passes the engine)."""
    months = _months(scenario, run)
    needed, fleet, added = _asis_fleet(scenario, months)
    ns, rate, burst, _ = _tobe_commitments(scenario, rates, months)
    lead = scenario.forecast.asis_lead_time_months
    rows, peak_before = [], 0
    for i, m in enumerate(months):
        prof = m.profile()
        peak_so_far = max(peak_before, prof.peak)
        a_lines, t_lines = _lines_usd(scenario, m, fleet[i])
        a_usd, a_cash = _asis_month_cost(scenario, rates, fleet[i], added[i], m.hours, i == 0)
        t_usd, t_cash, covered = _tobe_month_cost(scenario, m, ns[i], ns[i - 1] if i else 0, rate, burst,
                                                  peak_so_far, peak_before)
        fixed = prices.control_plane_usd_per_hour * m.hours + t_lines
        order, late = _order_month(months, i, lead) if added[i] else ("", False)
        rows.append({
            "month": f"{m.start.year:04d}-{m.start.month:02d}", "days": m.days, "load_factor": m.growth,
            "event_days": m.event_days, "asis_servers_needed": needed[i], "asis_servers": fleet[i],
            "asis_servers_added": added[i], "asis_order_month": order, "asis_order_late": late,
            "tobe_nodes_peak": prof.peak, "tobe_nodes_mean": prof.node_hours / m.hours, "tobe_nodes_min": prof.floor,
            "tobe_committed_nodes": ns[i] if scenario.pricing.to_be.hosting == "cloud" else 0,
            "tobe_commitment_coverage_frac": covered / prof.node_hours if prof.node_hours > 0 else 0.0,
            "asis_usd": a_usd + a_lines, "tobe_usd": t_usd + fixed, "asis_cash_usd": a_cash + a_lines,
            "tobe_cash_usd": t_cash + fixed,
            "shortfall_requests": sum(w * r.shortfall_requests for r, w in m.periods),
            "asis_shortfall_requests": sum(w * r.asis_shortfall_requests for r, w in m.periods),
        })
        peak_before = peak_so_far
    df = pd.DataFrame(rows)
    df["asis_usd_cumulative"] = df["asis_usd"].cumsum()
    df["tobe_usd_cumulative"] = df["tobe_usd"].cumsum()
    df["savings_usd_cumulative"] = df["asis_usd_cumulative"] - df["tobe_usd_cumulative"]
    return df[list(MONTH_COLUMNS)]
