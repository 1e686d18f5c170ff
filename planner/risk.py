"""Risk: the load each plan leaves unserved, when, and the warnings a user can act on.

Shortfall is the load above ready capacity (To-Be: ready pods; As-Is: servers in service), in
requests (request-seconds per step, summed). Warnings are ``(code, params)`` pairs; the wording
home (``planner.i18n``) renders them in English or Korean.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.asis import AsIsSizing, one_out_capacity_requests_per_s
from planner.scenario import Scenario

EPS = 1e-9


@dataclass(frozen=True)
class Shortfall:
    """One plan's unserved load over the horizon."""

    requests: float  #: requests above ready capacity
    frac: float  #: share of all requests offered
    worst_hour: int | None  #: hour with the most shortfall (None: no shortfall)
    worst_hour_requests: float
    min_headroom_frac: float  #: min over steps of 1 - load / ready capacity, all services together


def shortfall(hourly_shortfall_requests: np.ndarray, load_requests_total: float,
              min_headroom_frac: float) -> Shortfall:
    """From ``[H, S]`` hourly shortfall [requests] (the total sums services' totals)."""
    total = float(hourly_shortfall_requests.sum(axis=0).sum())
    by_hour = hourly_shortfall_requests.sum(axis=1)
    return Shortfall(requests=total, frac=total / load_requests_total if load_requests_total > 0 else 0.0,
                     worst_hour=int(by_hour.argmax()) if total > 0 else None,
                     worst_hour_requests=float(by_hour.max()), min_headroom_frac=min_headroom_frac)


def _hours_text(hours: np.ndarray) -> str:
    return ", ".join(str(h) for h in hours[:8]) + (" ..." if len(hours) > 8 else "")


def service_warnings(scenario: Scenario, sizing: list[AsIsSizing], hourly_load: np.ndarray,
                     pod_capacity_requests_per_s: np.ndarray, pods_max: np.ndarray,
                     shortfall_by_service: np.ndarray) -> list[tuple[str, dict]]:
    """Per service: an As-Is deploy that does not fit with one server out; To-Be peaks above what
    max_replicas serve, or an HPA at max_replicas."""
    out: list[tuple[str, dict]] = []
    for i, s in enumerate(scenario.services):
        z = sizing[i]
        peak = float(hourly_load[:, i].max())
        one_out = one_out_capacity_requests_per_s(z)
        if one_out < peak - EPS:
            hours = np.nonzero(hourly_load[:, i] > one_out + EPS)[0]
            out.append(("deploy_one_out", {"service": s.name, "servers_left": z.servers - 1, "capacity": one_out,
                                           "target": scenario.as_is.target_utilization_frac,
                                           "hours": _hours_text(hours), "peak": peak}))
        max_cap = s.hpa.max_replicas * pod_capacity_requests_per_s[i]
        if peak > max_cap + EPS:
            out.append(("peak_above_max_replicas", {"service": s.name, "peak": peak, "max_replicas": s.hpa.max_replicas,
                                                    "capacity": float(max_cap),
                                                    "shortfall": float(shortfall_by_service[i])}))
        elif pods_max[i] >= s.hpa.max_replicas:
            out.append(("reached_max_replicas", {"service": s.name, "max_replicas": s.hpa.max_replicas}))
    return out


def plan_warnings(scenario: Scenario, service_items: list[tuple[str, dict]], tobe: Shortfall, asis: Shortfall,
                  load_requests_total: float, nodes_peak: int) -> list[tuple[str, dict]]:
    """All warnings of a plan, service ones first."""
    out = list(service_items)
    if tobe.requests > 0 and load_requests_total > 0:
        out.append(("tobe_shortfall", {"shortfall": tobe.requests, "share": tobe.frac}))
    if asis.requests > 0 and load_requests_total > 0:
        out.append(("asis_shortfall", {"shortfall": asis.requests, "share": asis.frac}))
    if scenario.cluster.spare_nodes == 0:
        out.append(("no_spare_node", {}))
    if nodes_peak >= scenario.cluster.max_nodes:
        out.append(("max_nodes_reached", {"max_nodes": scenario.cluster.max_nodes}))
    return out


#: the band warns when its top is above the plan's own shortfall by more than this share of the load
BAND_WARN_MIN_EXTRA_FRAC = 1e-4


def band_warnings(band: dict[str, Shortfall], plan_shortfall_requests: float) -> list[tuple[str, dict]]:
    """A warning when a band run (hourly loads held, ramped or with bursts) leaves more load
    unserved than the plan itself: the plan's figure is one reading of hourly data, not the risk."""
    worst = max(band, key=lambda v: band[v].requests)
    top = band[worst]
    if top.requests <= plan_shortfall_requests or top.frac - min(b.frac for b in band.values()) < BAND_WARN_MIN_EXTRA_FRAC:
        return []
    return [(f"shortfall_band_{worst}", {"shortfall": top.requests, "share": top.frac,
                                "low": min(b.frac for b in band.values()), "high": top.frac})]


# --- spot interruptions: a stated availability haircut -----------------------------------------
# Placeholder for the failure-drill events of issue 10: when they land, spot interruptions become
# node-failure events in the engine's event array and this function goes. Until then the loss is
# estimated outside the engine, per hour, from the interruption rate.


def spot_replacement_gap_s(scenario: Scenario) -> int:
    """Seconds an interrupted spot node's pods serve nothing [s]: drained at the interruption
    notice, they restart at once on a spare node (``cluster.spare_nodes >= 1``: the pod start-up)
    or wait for a replacement node (provisioning delay + start-up). The slowest service counts."""
    startup = max(s.pod_startup_s for s in scenario.services)
    if scenario.cluster.spare_nodes >= 1:
        return startup
    return scenario.cluster.provisioning_delay_s + startup


def spot_interruption_shortfall(spot_node_hours: np.ndarray, node_hours: np.ndarray, load_requests: np.ndarray,
                                interruption_frac_per_month: float, gap_s: float,
                                hours_per_month: float) -> np.ndarray:
    """The availability haircut of spot nodes: ``[H, S]`` requests lost to interruptions.

    Per hour ``h``: interruptions = spot node-hours x rate / hours_per_month; each takes its node's
    share of the load (``load_requests[h] / node_hours[h]`` per node-hour) for ``gap_s``; no other
    headroom is assumed to absorb it (conservative). ``spot_node_hours``, ``node_hours`` [H]
    [node-hours]; ``load_requests`` [H, S] [requests]; rate [interruptions per node per month]."""
    interruptions = np.asarray(spot_node_hours, float) * interruption_frac_per_month / hours_per_month
    frac = np.divide(interruptions * gap_s / 3600.0, node_hours, out=np.zeros(len(node_hours)),
                     where=np.asarray(node_hours) > 0)
    return load_requests * np.minimum(frac, 1.0)[:, None]


def pricing_warnings(scenario: Scenario, costing, spot_shortfall_requests: float) -> list[tuple[str, dict]]:
    """Warnings about the purchase strategy (``costing``: :class:`planner.pricing.Costing`): on-prem
    hosts priced at nothing, committed nodes that never run, prices that are only a range, spot loss."""
    out: list[tuple[str, dict]] = []
    p = scenario.pricing
    for side, hosting, host in (("As-Is", p.as_is.hosting, p.as_is.on_prem), ("To-Be", p.to_be.hosting, p.to_be.on_prem)):
        if hosting == "on_prem" and host.host_purchase_usd + host.power_space_usd_per_month + host.licence_usd_per_month <= 0:
            out.append(("onprem_no_cost", {"side": side}))
    t = costing.tobe
    if t.committed_nodes > 0 and t.label != "on_prem" and t.utilization_frac(len(t.committed_usd)) < 1 - EPS:
        idle = 1 - t.utilization_frac(len(t.committed_usd))
        if p.to_be.committed_nodes != "auto":
            out.append(("commitment_idle", {"nodes": t.committed_nodes, "idle": idle}))
    for side, rate in (("As-Is", costing.asis.rate), ("To-Be", t.commitment)):
        if rate is not None and rate.basis == "range":
            out.append(("price_range_only", {"side": side, "option": rate.label}))
    if spot_shortfall_requests > 0:
        out.append(("spot_haircut", {"requests": spot_shortfall_requests,
                                     "rate": costing.spot_interruption_frac_per_month}))
    return out
