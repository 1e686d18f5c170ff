"""Every price of a plan: what a node, a server and the control plane cost, hour by hour.

Instance prices come from the catalog (``planner.catalog``: on-demand USD/hour with source and
date) or a custom machine's own price; the control plane is a managed fee per cluster-hour or
master nodes at their instance price. Monthly figures are the hourly mean over the horizon times
``hours_per_month`` (730 h, the cloud price calculators' month).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.catalog import Instance, resolve_instance
from planner.scenario import Scenario


@dataclass(frozen=True)
class Prices:
    """The unit prices a plan uses [USD/hour]."""

    node_usd_per_hour: float  #: one worker node
    server_usd_per_hour: float  #: one As-Is server
    control_plane_usd_per_hour: float  #: the cluster's control plane
    control_plane_source: str  #: how the control plane is priced


def control_plane_usd_per_hour(scenario: Scenario) -> tuple[float, str]:
    """``(USD/hour, how)``: the managed fee per cluster-hour, or master nodes x their instance price."""
    cp = scenario.cluster.control_plane
    if cp.mode == "managed":
        return cp.managed_usd_per_hour, "managed fee per cluster-hour"
    master = resolve_instance(cp.master, "cluster.control_plane.master")
    return cp.master_count * master.usd_per_hour, f"{cp.master_count} x {master.instance_type}"


def prices(scenario: Scenario, node: Instance, server: Instance) -> Prices:
    """The plan's unit prices."""
    cp, how = control_plane_usd_per_hour(scenario)
    return Prices(node.usd_per_hour, server.usd_per_hour, cp, how)


@dataclass(frozen=True)
class HourlyCosts:
    """Costs per hour of the horizon [USD] and their parts."""

    tobe_compute_usd: np.ndarray  #: [H] node-hours x node price
    tobe_usd: np.ndarray  #: [H] nodes + control plane
    asis_usd: np.ndarray  #: [H] servers x server price

    def per_month(self, hours_per_month: float) -> tuple[float, float]:
        """``(As-Is, To-Be)`` [USD/month]: hourly mean x hours_per_month."""
        H = len(self.tobe_usd)
        return float(self.asis_usd.sum()) / H * hours_per_month, float(self.tobe_usd.sum()) / H * hours_per_month


def hourly_costs(p: Prices, node_hours: np.ndarray, servers_total: int) -> HourlyCosts:
    """Per hour: ``node_hours x node price + control plane`` (To-Be), ``servers x server price`` (As-Is)."""
    H = len(node_hours)
    return HourlyCosts(tobe_compute_usd=node_hours * p.node_usd_per_hour,
                       tobe_usd=node_hours * p.node_usd_per_hour + p.control_plane_usd_per_hour,
                       asis_usd=np.full(H, servers_total * p.server_usd_per_hour))


def step_costs_cumulative(p: Prices, nodes_requested: np.ndarray, servers_total: int,
                          step_s: int) -> tuple[np.ndarray, np.ndarray]:
    """``(To-Be, As-Is)`` cost so far at the end of each step [USD]."""
    node_usd_step = nodes_requested.astype(np.float64) * p.node_usd_per_hour * step_s / 3600.0
    tobe = np.cumsum(node_usd_step + p.control_plane_usd_per_hour * step_s / 3600.0)
    asis = (np.arange(1, len(nodes_requested) + 1) * step_s / 3600.0) * servers_total * p.server_usd_per_hour
    return tobe, asis


def service_usd_per_month(p: Prices, servers: np.ndarray, hours_per_month: float) -> np.ndarray:
    """Each service's As-Is servers per month [USD/month]."""
    return servers * p.server_usd_per_hour * hours_per_month
