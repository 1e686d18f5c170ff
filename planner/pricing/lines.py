"""Costs beside the machines, per plan and hour: load balancers, NAT gateways, traffic between
zones, disks, agents and licences per machine, the control plane's extended support, and a
fixed monthly amount. Each line is a scenario field (``costs``) with a sourced default, zero where
unknown; the assumptions table lists every line with its source, whatever its value.

Quantities: As-Is machines are its servers (all hours); To-Be machines are the nodes billed in
each hour (node-hours), so a line per machine follows the autoscaled pool. A per-machine monthly
fee is prorated per hour (vendors that bill a high-water mark of hosts cost more: raise the fee).
Disks are cloud block storage and apply to cloud-hosted machines only. Traffic between zones is
``requests / 1e6 x GB per million requests x share crossing zones x price``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.scenario import (ALB_USD_PER_HOUR, CROSS_ZONE_USD_PER_GB, EKS_EXTENDED_SUPPORT_USD_PER_HOUR,
                              GP3_USD_PER_GIB_MONTH, NAT_GATEWAY_USD_PER_HOUR, NAT_USD_PER_GB, PlanCosts, Scenario)

SOURCES = {
    "load_balancers": ("ALB-hour us-east-1 0.0225 (third-party pages quoting aws.amazon.com/elasticloadbalancing/pricing)",
                       ALB_USD_PER_HOUR, "load_balancer_usd_per_hour"),
    "nat_gateway_hours": ("NAT gateway-hour us-east-1 0.045 (third-party: egresscost.com, 2026-03)",
                          NAT_GATEWAY_USD_PER_HOUR, "nat_gateway_usd_per_hour"),
    "nat_data": ("NAT data processed us-east-1 0.045/GB (third-party: egresscost.com, 2026-03)", NAT_USD_PER_GB,
                 "nat_usd_per_gb"),
    "cross_zone": ("inter-AZ transfer 0.01/GB each way (third-party: basavytix.com)", CROSS_ZONE_USD_PER_GB,
                   "cross_zone_usd_per_gb"),
    "disks": ("EBS gp3 us-east-1 0.08/GiB-month (third-party: saisci.com, 2021-01)", GP3_USD_PER_GIB_MONTH,
              "disk_usd_per_gib_month"),
    "extended_support": ("EKS extended support 0.60 vs 0.10 per cluster-hour (data/discounts_and_fees.csv, secondary)",
                         EKS_EXTENDED_SUPPORT_USD_PER_HOUR, "extended_support_usd_per_hour"),
}
#: line key -> (unit of quantity, unit of price)
UNITS = {"load_balancers": ("load balancers", "USD/hour"), "nat_gateway_hours": ("gateways", "USD/hour"),
         "nat_data": ("GB/month", "USD/GB"), "cross_zone": ("GB/month", "USD/GB"),
         "disks": ("GiB", "USD/GiB-month"), "agents": ("machines", "USD/machine-month"),
         "licences": ("machines", "USD/machine-month"), "extended_support": ("clusters", "USD/hour"),
         "fixed": ("", "USD/month")}
LINE_KEYS = tuple(UNITS)


@dataclass(frozen=True)
class CostLine:
    """One cost beside the machines, for one plan."""

    plan: str  #: "as_is" | "to_be"
    key: str  #: one of :data:`LINE_KEYS`
    quantity: float  #: mean over the horizon, in :data:`UNITS` [0]
    unit_price: float  #: in :data:`UNITS` [1]
    usd_hourly: np.ndarray  #: [H] USD in each hour
    source: str  #: where the unit price (and quantity) come from

    def usd_per_month(self, hours_per_month: float) -> float:
        return float(self.usd_hourly.mean()) * hours_per_month if len(self.usd_hourly) else 0.0


def _src(scenario: Scenario, key: str) -> tuple[float, str]:
    text, default, field = SOURCES[key]
    value = getattr(scenario.costs, field)
    return value, text if value == default else f"scenario (costs.{field}); default: {text}"


def _load_balancers(pc: PlanCosts, n_services: int) -> int:
    return {"per_service": n_services, "per_cluster": 1, "none": 0}[pc.load_balancers]


def _plan_lines(scenario: Scenario, plan: str, pc: PlanCosts, machines: np.ndarray, requests: np.ndarray,
                cloud: bool) -> list[CostLine]:
    """The lines of one plan; ``machines`` and ``requests`` per hour [count, requests]."""
    hpm = scenario.hours_per_month
    H = len(machines)
    ones = np.ones(H)
    field = f"costs.{plan}"
    lb_price, lb_src = _src(scenario, "load_balancers")
    n_lb = _load_balancers(pc, len(scenario.services))
    nat_price, nat_src = _src(scenario, "nat_gateway_hours")
    gb_price, gb_src = _src(scenario, "nat_data")
    xz_price, xz_src = _src(scenario, "cross_zone")
    disk_price, disk_src = _src(scenario, "disks")
    share = pc.cross_zone_share_frac if pc.cross_zone_share_frac is not None else (pc.zones - 1) / pc.zones
    xz_gb = requests / 1e6 * pc.cross_zone_gb_per_million_requests * share
    disk_gib = pc.disk_gib_per_machine if cloud else 0.0
    lines = [
        CostLine(plan, "load_balancers", n_lb, lb_price, n_lb * lb_price * ones,
                 f"{field}.load_balancers = {pc.load_balancers}; {lb_src}"),
        CostLine(plan, "nat_gateway_hours", pc.nat_gateways, nat_price, pc.nat_gateways * nat_price * ones,
                 f"{field}.nat_gateways; {nat_src}"),
        CostLine(plan, "nat_data", pc.nat_gb_per_month, gb_price, pc.nat_gb_per_month * gb_price / hpm * ones,
                 f"{field}.nat_gb_per_month; {gb_src}"),
        CostLine(plan, "cross_zone", float(xz_gb.mean()) * hpm if H else 0.0, xz_price, xz_gb * xz_price,
                 f"{field}.cross_zone_gb_per_million_requests x share {share:.2f} "
                 f"({'scenario' if pc.cross_zone_share_frac is not None else '(zones - 1) / zones'}); {xz_src}"),
        CostLine(plan, "disks", disk_gib * float(machines.mean()) if H else 0.0, disk_price,
                 machines * disk_gib * disk_price / hpm,
                 f"{field}.disk_gib_per_machine x machines" + ("" if cloud else " (on-prem: in the host price)")
                 + f"; {disk_src}"),
        CostLine(plan, "agents", float(machines.mean()) if H else 0.0, pc.agent_usd_per_machine_month,
                 machines * pc.agent_usd_per_machine_month / hpm, f"{field}.agent_usd_per_machine_month (0 = unknown)"),
        CostLine(plan, "licences", float(machines.mean()) if H else 0.0, pc.licence_usd_per_machine_month,
                 machines * pc.licence_usd_per_machine_month / hpm,
                 f"{field}.licence_usd_per_machine_month (0 = unknown)"),
    ]
    if plan == "to_be":
        ext_price, ext_src = _src(scenario, "extended_support")
        managed = scenario.cluster.control_plane.mode == "managed"  # self-run masters pay no provider surcharge
        on = 1.0 if scenario.costs.to_be.control_plane_support == "extended" and managed else 0.0
        lines.append(CostLine(plan, "extended_support", on, ext_price, on * ext_price * ones,
                              f"costs.to_be.control_plane_support = {scenario.costs.to_be.control_plane_support}; "
                              f"{ext_src}"))
    lines.append(CostLine(plan, "fixed", 1.0, pc.fixed_usd_per_month, pc.fixed_usd_per_month / hpm * ones,
                          f"{field}.fixed_usd_per_month"))
    return lines


def cost_lines(scenario: Scenario, *, asis_servers: int, tobe_node_hours_by_hour: np.ndarray,
               requests_by_hour: np.ndarray) -> list[CostLine]:
    """Every line of both plans. ``tobe_node_hours_by_hour`` [H] node-hours billed in each hour (the
    mean node count of the hour); ``requests_by_hour`` [H] requests offered."""
    H = len(tobe_node_hours_by_hour)
    p = scenario.pricing
    return (_plan_lines(scenario, "as_is", scenario.costs.as_is, np.full(H, float(asis_servers)), requests_by_hour,
                        p.as_is.hosting == "cloud")
            + _plan_lines(scenario, "to_be", scenario.costs.to_be, np.asarray(tobe_node_hours_by_hour, float),
                          requests_by_hour, p.to_be.hosting == "cloud"))


def lines_hourly(lines: list[CostLine], plan: str, hours: int) -> np.ndarray:
    """``[H]`` USD of all lines of ``plan`` in each hour."""
    out = np.zeros(hours)
    for line in lines:
        if line.plan == plan:
            out += line.usd_hourly
    return out
