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
