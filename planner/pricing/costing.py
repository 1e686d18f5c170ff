"""A plan's costs under its purchase strategy, and the table of every purchase option.

:func:`cost_plan` prices the scenario's own strategy (``pricing``) plus the lines beside the
machines (``costs``) hour by hour; :func:`purchase_options` prices every option the price book
has for the plan's machines the same way (To-Be commitments at their cost-minimising node count),
so the saving can be stated under on-demand and under the cheapest option of each side
(:func:`cheapest`). Spot rows change availability as well as cost: they are listed, and never
picked as the cheapest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner.catalog import Instance
from planner.pricing.book import Rate, find_rate, machine_rates, spot_interruption_frac
from planner.pricing.commitment import NodeProfile
from planner.pricing.hourly import HourlyCosts, Prices
from planner.pricing.lines import CostLine, cost_lines, lines_hourly
from planner.pricing.strategy import AsIsCost, ToBeCost, asis_cost, commitment_rates, tobe_cost, tobe_on_prem
from planner.result import PURCHASE_OPTION_COLUMNS
from planner.scenario import Scenario, ScenarioError




@dataclass(frozen=True)
class MachineRates:
    """Every price the book has for the plan's node and server types."""

    node: dict[str, Rate]
    server: dict[str, Rate]
    node_name: str
    server_name: str


def rates_of(scenario: Scenario, node: Instance, server: Instance) -> MachineRates:
    """The book's rates for both machines, with the scenario's own rows applied."""
    rows = scenario.pricing.price_book
    return MachineRates(machine_rates(node, rows), machine_rates(server, rows),
                        f"{node.instance_type} ({node.provider or 'custom'}/{node.region or '-'})",
                        f"{server.instance_type} ({server.provider or 'custom'}/{server.region or '-'})")


def strategy_problems(scenario: Scenario, rates: MachineRates) -> list[tuple[str, str]]:
    """``(field, message)`` for each price the scenario's strategy needs and the book lacks."""
    p = scenario.pricing
    problems: list[tuple[str, str]] = []
    for fn in (lambda: _asis_rate(scenario, rates), lambda: _commitment(scenario, rates),
               lambda: _spot(scenario, rates)):
        try:
            fn()
        except ScenarioError as exc:
            problems += exc.problems
    if p.to_be.hosting == "on_prem" and p.to_be.spot_burst_frac > 0:
        problems.append(("pricing.to_be.spot_burst_frac", "spot needs cloud hosting (pricing.to_be.hosting cloud)"))
    return problems


def _asis_rate(scenario: Scenario, rates: MachineRates) -> Rate | None:
    a = scenario.pricing.as_is
    if a.hosting == "on_prem":
        return None
    return find_rate(rates.server, a.option, a.term_years, a.payment, "pricing.as_is.option", rates.server_name)


def _commitment(scenario: Scenario, rates: MachineRates) -> Rate | None:
    t = scenario.pricing.to_be
    if t.hosting == "on_prem" or t.committed_nodes == 0:
        return None
    c = t.commitment
    return find_rate(rates.node, c.option, c.term_years, c.payment, "pricing.to_be.commitment", rates.node_name)


def _spot(scenario: Scenario, rates: MachineRates) -> Rate | None:
    t = scenario.pricing.to_be
    if t.spot_burst_frac <= 0 or t.hosting == "on_prem":
        return None
    return find_rate(rates.node, "spot", 0, "none", "pricing.to_be.spot_burst_frac", rates.node_name)


@dataclass(frozen=True)
class Costing:
    """The scenario's strategy priced: hourly costs, the two sides, the lines."""

    hourly: HourlyCosts
    asis: AsIsCost
    tobe: ToBeCost
    lines: list[CostLine]
    spot_interruption_frac_per_month: float  #: used for the availability haircut (0 without spot)
    spot_interruption_source: str


def _tobe_strategy(scenario: Scenario, rates: MachineRates, profile: NodeProfile) -> ToBeCost:
    t = scenario.pricing.to_be
    if t.hosting == "on_prem":
        return tobe_on_prem(profile, t.on_prem, scenario.hours_per_month)
    return tobe_cost(profile, rates.node["on_demand"], _commitment(scenario, rates), t.committed_nodes,
                     _spot(scenario, rates), t.spot_burst_frac)


def _asis_strategy(scenario: Scenario, rates: MachineRates, servers: int) -> AsIsCost:
    a = scenario.pricing.as_is
    return asis_cost(servers, _asis_rate(scenario, rates), scenario.hours_per_month,
                     a.on_prem if a.hosting == "on_prem" else None)


def cost_plan(scenario: Scenario, rates: MachineRates, prices: Prices, profile: NodeProfile, servers: int,
              requests_by_hour: np.ndarray) -> Costing:
    """The scenario's own purchase strategy and lines, hour by hour."""
    H = profile.n_hours
    tobe = _tobe_strategy(scenario, rates, profile)
    asis = _asis_strategy(scenario, rates, servers)
    lines = cost_lines(scenario, asis_servers=servers, tobe_node_hours_by_hour=profile.node_hours_by_hour(),
                       requests_by_hour=requests_by_hour)
    tobe_fixed = prices.control_plane_usd_per_hour + lines_hourly(lines, "to_be", H)
    asis_fixed = lines_hourly(lines, "as_is", H)
    asis_machines = np.full(H, asis.usd_per_hour)
    compute = tobe.usd
    burst = 0.0
    if tobe.label != "on_prem":
        s = tobe.spot_frac
        burst = (1 - s) * rates.node["on_demand"].usd_per_hour + s * (tobe.spot.usd_per_hour if tobe.spot else 0.0)
    hourly = HourlyCosts(tobe_compute_usd=compute, tobe_usd=compute + tobe_fixed, asis_usd=asis_machines + asis_fixed,
                         tobe_committed_usd=tobe.committed_usd, tobe_on_demand_usd=tobe.on_demand_usd,
                         tobe_spot_usd=tobe.spot_usd, tobe_fixed_usd=tobe_fixed, asis_machines_usd=asis_machines,
                         asis_fixed_usd=asis_fixed, tobe_committed_nodes=tobe.committed_nodes,
                         tobe_burst_usd_per_hour=burst)
    frac, src = 0.0, ""
    if tobe.spot is not None:
        frac, src = spot_interruption_frac(tobe.spot, scenario.pricing.to_be.spot_interruption_frac_per_month)
    return Costing(hourly, asis, tobe, lines, frac, src)


# --- every purchase option ----------------------------------------------------------------------
def _row(side: str, rate: Rate | None, label: str, committed: int, machines_month: float, upfront_total: float,
         other_month: float, changes_risk: bool, source: str, basis: str) -> dict:
    return {"side": side, "option": label, "term_years": rate.term_years if rate else 0,
            "payment": rate.payment if rate else "none", "committed": committed,
            "usd_per_hour": rate.usd_per_hour if rate else np.nan, "upfront_usd": rate.upfront_usd if rate else np.nan,
            "effective_usd_per_hour": rate.effective_usd_per_hour if rate else np.nan,
            "machines_usd_per_month": machines_month, "upfront_total_usd": upfront_total,
            "other_usd_per_month": other_month, "usd_per_month": machines_month + other_month,
            "changes_risk": changes_risk, "basis": basis, "source": source}


def _asis_rows(scenario: Scenario, rates: MachineRates, servers: int, other_month: float) -> list[dict]:
    hpm = scenario.hours_per_month
    out = []
    for rate in rates.server.values():
        if rate.option == "spot":
            continue
        c = asis_cost(servers, rate, hpm)
        out.append(_row("as_is", rate, rate.label, servers if rate.committed else 0, c.usd_per_hour * hpm,
                        c.upfront_usd, other_month, False, rate.cited(), rate.basis))
    host = scenario.pricing.as_is.on_prem
    if scenario.pricing.as_is.hosting == "on_prem" or host.host_purchase_usd > 0 or host.power_space_usd_per_month > 0:
        c = asis_cost(servers, None, hpm, host)
        out.append(_row("as_is", None, "on_prem", servers, c.usd_per_hour * hpm, c.upfront_usd, other_month, False,
                        c.source, "scenario"))
    return out


def _tobe_rows(scenario: Scenario, rates: MachineRates, profile: NodeProfile, other_month: float) -> list[dict]:
    hpm, H = scenario.hours_per_month, profile.n_hours
    od = rates.node["on_demand"]

    def month(c: ToBeCost) -> float:
        return float(c.usd.sum()) / H * hpm

    out = [_row("to_be", od, "on_demand", 0, month(tobe_cost(profile, od, None, 0)), 0.0, other_month, False,
                od.cited(), od.basis)]
    for rate in commitment_rates(rates.node):
        c = tobe_cost(profile, od, rate, "auto")
        out.append(_row("to_be", rate, f"{rate.label} x auto + on_demand", c.committed_nodes, month(c), c.upfront_usd,
                        other_month, False, rate.cited(), rate.basis))
    t = scenario.pricing.to_be
    spot = rates.node.get("spot")
    if spot is not None and t.hosting == "cloud":
        share = t.spot_burst_frac if t.spot_burst_frac > 0 else 1.0
        c = tobe_cost(profile, od, None, 0, spot, share)
        out.append(_row("to_be", spot, f"on_demand + spot {share:.0%} of nodes", 0, month(c), 0.0, other_month, True,
                        spot.cited(), spot.basis))
    host = t.on_prem
    if t.hosting == "on_prem" or host.host_purchase_usd > 0 or host.power_space_usd_per_month > 0:
        c = tobe_on_prem(profile, host, hpm)
        out.append(_row("to_be", None, "on_prem", c.committed_nodes, month(c), c.upfront_usd, other_month, False,
                        c.source, "scenario"))
    return out


def purchase_options(scenario: Scenario, rates: MachineRates, costing: Costing, profile: NodeProfile,
                     servers: int, control_plane_usd_per_hour: float) -> pd.DataFrame:
    """One row per purchase option of each side (:data:`PURCHASE_OPTION_COLUMNS`): the machines'
    monthly cost (upfront amortised) and the upfront itself, the same lines beside them, the
    total, the saving against that side's on-demand row; ``chosen`` marks the scenario's strategy
    and ``cheapest`` the lowest total of each side among rows that leave risk unchanged."""
    hpm = scenario.hours_per_month
    lines_month = {side: sum(ln.usd_per_month(hpm) for ln in costing.lines if ln.plan == side)
                   for side in ("as_is", "to_be")}
    tobe_other = lines_month["to_be"] + control_plane_usd_per_hour * hpm
    asis_rows = _asis_rows(scenario, rates, servers, lines_month["as_is"])
    tobe_rows = _tobe_rows(scenario, rates, profile, tobe_other)
    _mark(asis_rows, costing.asis.label)
    label = _listed_label(scenario, rates)
    if not _mark(tobe_rows, label):
        tobe_rows.append(_scenario_tobe_row(costing, hpm, tobe_other, profile))
        _mark(tobe_rows, tobe_rows[-1]["option"])
    return pd.DataFrame(asis_rows + tobe_rows)[list(PURCHASE_OPTION_COLUMNS)]


def _mark(rows: list[dict], chosen_label: str | None) -> bool:
    """Fill saving, chosen and cheapest of one side's rows; True when ``chosen_label`` is among them."""
    od = next(r["usd_per_month"] for r in rows if r["option"] == "on_demand")
    safe = [r for r in rows if not r["changes_risk"]]
    low = min(safe, key=lambda r: r["usd_per_month"])
    found = False
    for r in rows:
        r["saving_vs_on_demand_frac"] = (od - r["usd_per_month"]) / od if od > 0 else 0.0
        r["chosen"] = r["option"] == chosen_label
        r["cheapest"] = r is low
        found = found or r["chosen"]
    return found


def _listed_label(scenario: Scenario, rates: MachineRates) -> str | None:
    """The To-Be row of the table that is the scenario's strategy, if one is."""
    t = scenario.pricing.to_be
    if t.hosting == "on_prem":
        return "on_prem"
    if t.spot_burst_frac > 0:
        return None
    if t.committed_nodes == 0:
        return "on_demand"
    if t.committed_nodes == "auto":
        return f"{_commitment(scenario, rates).label} x auto + on_demand"
    return None


def _scenario_tobe_row(costing: Costing, hpm: float, other: float, profile: NodeProfile) -> dict:
    """The scenario's own To-Be strategy when the table has no row equal to it (a fixed N, spot)."""
    t = costing.tobe
    rate = t.commitment or t.spot
    return _row("to_be", rate, f"{t.label} (scenario)", t.committed_nodes, float(t.usd.sum()) / profile.n_hours * hpm,
                t.upfront_usd, other, t.spot is not None, t.source, rate.basis if rate else "catalog")


def cheapest(options: pd.DataFrame, side: str) -> pd.Series:
    """The cheapest row of ``side`` ("as_is" or "to_be") that leaves risk unchanged."""
    rows = options[(options["side"] == side) & options["cheapest"]]
    return rows.iloc[0]


def on_demand(options: pd.DataFrame, side: str) -> pd.Series:
    """The all-on-demand row of ``side``."""
    return options[(options["side"] == side) & (options["option"] == "on_demand")].iloc[0]
