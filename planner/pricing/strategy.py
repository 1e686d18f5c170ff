"""What each plan's machines cost under a purchase strategy, hour by hour.

* As-Is: every server on one option. Cloud: ``servers x effective rate`` every hour (a static
  fleet uses every reserved hour). On-prem: ``ceil(servers / machines_per_host)`` hosts, each
  ``purchase / amortisation months + power and space + licence`` per month.
* To-Be: ``N`` committed nodes billed every hour, node time above ``N`` at the burst rate
  ``(1 - s) x on-demand + s x spot`` (``s`` = ``spot_burst_frac``); ``N = auto`` is the cost
  minimum of :func:`planner.pricing.commitment.best_commitment`. On-prem: hosts for the peak
  node count, paid whether the nodes run or not (autoscaling saves nothing on hosts you own).

Upfront payments are amortised over the term in hourly figures and reported whole beside them
(``upfront_usd``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.pricing.book import Rate, find_rate, rate_label
from planner.pricing.commitment import NodeProfile, best_commitment
from planner.scenario import OnPremHost


@dataclass(frozen=True)
class AsIsCost:
    """The As-Is servers under one purchase option."""

    label: str  #: rate label (``reserved 3y all_upfront``) or ``on_prem``
    rate: Rate | None  #: None for on-prem hosts
    usd_per_hour: float  #: all servers, upfront amortised [USD/hour]
    upfront_usd: float  #: paid at purchase, all servers (on-prem: the hosts) [USD]
    hosts: int  #: on-prem hosts (0 in the cloud)
    source: str


@dataclass(frozen=True)
class ToBeCost:
    """The To-Be node pool under one purchase strategy, per hour of the horizon [USD]."""

    label: str  #: ``on_demand``, ``reserved 1y no_upfront + on_demand``, ``on_prem``, ...
    commitment: Rate | None
    committed_nodes: int  #: N (on-prem: the hosts' node capacity)
    spot: Rate | None
    spot_frac: float  #: share of the burst on spot
    committed_usd: np.ndarray  #: [H] commitment (or owned hosts), every hour
    on_demand_usd: np.ndarray  #: [H]
    spot_usd: np.ndarray  #: [H]
    spot_node_hours: np.ndarray  #: [H]
    upfront_usd: float  #: paid at the start of the term (N x upfront; on-prem: the hosts)
    covered_node_hours: float  #: node-hours the commitment covers
    hosts: int
    source: str

    @property
    def usd(self) -> np.ndarray:
        return self.committed_usd + self.on_demand_usd + self.spot_usd

    def coverage_frac(self, node_hours: float) -> float:
        """Share of node-hours on the commitment."""
        return self.covered_node_hours / node_hours if node_hours > 0 else 0.0

    def utilization_frac(self, hours: float) -> float:
        """Share of the committed node-hours used (1 = every committed node busy every hour)."""
        cap = self.committed_nodes * hours
        return self.covered_node_hours / cap if cap > 0 else 0.0


def host_usd_per_month(h: OnPremHost) -> float:
    """One host: purchase amortised + power and space + licence [USD/month]."""
    return h.host_purchase_usd / h.amortisation_months + h.power_space_usd_per_month + h.licence_usd_per_month


def _host_source(h: OnPremHost, field: str) -> str:
    return (f"{field}: {h.host_purchase_usd:,.0f} USD over {h.amortisation_months} months + "
            f"{h.power_space_usd_per_month:,.2f} power/space + {h.licence_usd_per_month:,.2f} licence per host-month, "
            f"{h.machines_per_host} per host")


def asis_cost(servers: int, rate: Rate | None, hours_per_month: float, on_prem: OnPremHost | None = None) -> AsIsCost:
    """The servers on ``rate`` (cloud), or on hosts (``on_prem`` given)."""
    if on_prem is not None:
        hosts = math.ceil(servers / on_prem.machines_per_host)
        return AsIsCost("on_prem", None, hosts * host_usd_per_month(on_prem) / hours_per_month,
                        hosts * on_prem.host_purchase_usd, hosts, _host_source(on_prem, "pricing.as_is.on_prem"))
    if rate is None:
        raise ValueError("asis_cost: a cloud server needs a rate (or give on_prem)")
    return AsIsCost(rate.label, rate, servers * rate.effective_usd_per_hour, servers * rate.upfront_usd, 0, rate.cited())


def tobe_cost(profile: NodeProfile, on_demand: Rate, commitment: Rate | None, committed_nodes: int | str,
              spot: Rate | None = None, spot_frac: float = 0.0) -> ToBeCost:
    """The pool on a commitment of ``committed_nodes`` (or ``"auto"``) plus burst."""
    s = spot_frac if spot is not None else 0.0
    burst_rate = (1 - s) * on_demand.usd_per_hour + s * (spot.usd_per_hour if spot else 0.0)
    if commitment is None:
        n = 0
    elif committed_nodes == "auto":
        n, _ = best_commitment(profile, commitment.effective_usd_per_hour, burst_rate)
    else:
        n = int(committed_nodes)
    H = profile.n_hours
    rc = commitment.effective_usd_per_hour if commitment is not None else 0.0
    covered_h = profile.covered_by_hour(n)
    burst_h = profile.node_hours_by_hour() - covered_h
    parts = [rate_label(commitment.option, commitment.term_years, commitment.payment) if commitment and n else "",
             "on_demand" if s < 1 else "", f"spot {s:.0%} of burst" if s > 0 else ""]
    label = " + ".join(p for p in parts if p) or "on_demand"
    src = "; ".join(r.cited() for r in (commitment, on_demand, spot) if r is not None)
    return ToBeCost(label, commitment if n else None, n, spot if s > 0 else None, s, np.full(H, n * rc),
                    (1 - s) * burst_h * on_demand.usd_per_hour, s * burst_h * (spot.usd_per_hour if spot else 0.0),
                    s * burst_h, n * (commitment.upfront_usd if commitment else 0.0), float(covered_h.sum()), 0, src)


def tobe_on_prem(profile: NodeProfile, on_prem: OnPremHost, hours_per_month: float) -> ToBeCost:
    """Hosts for the peak node count, paid every hour."""
    H = profile.n_hours
    hosts = math.ceil(profile.peak / on_prem.machines_per_host)
    zeros = np.zeros(H)
    per_hour = hosts * host_usd_per_month(on_prem) / hours_per_month
    return ToBeCost("on_prem", None, hosts * on_prem.machines_per_host, None, 0.0, np.full(H, per_hour), zeros,
                    zeros.copy(), zeros.copy(), hosts * on_prem.host_purchase_usd, profile.node_hours, hosts,
                    _host_source(on_prem, "pricing.to_be.on_prem"))


def commitment_rates(rates: dict[str, Rate]) -> list[Rate]:
    """The committed options the book has for a machine."""
    return [r for r in rates.values() if r.committed]


def scenario_asis_rate(rates: dict[str, Rate], option: str, term_years: int, payment: str, machine: str) -> Rate:
    return find_rate(rates, option, term_years, payment, "pricing.as_is.option", machine)


def scenario_commitment_rate(rates: dict[str, Rate], option: str, term_years: int, payment: str,
                             machine: str) -> Rate:
    return find_rate(rates, option, term_years, payment, "pricing.to_be.commitment", machine)
