"""Unit prices of a plan's machines and its costs hour by hour.

On-demand prices come from the price book (the catalog's price unless the scenario's own price
book names the machine, :mod:`planner.pricing.book`); the control plane is a managed fee per
cluster-hour or master nodes at their instance price. Monthly figures are the hourly mean over
the horizon times ``hours_per_month`` (730 h, the cloud price calculators' month).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.catalog import Instance, resolve_instance
from planner.pricing.book import machine_rates
from planner.scenario import Scenario


@dataclass(frozen=True)
class Prices:
    """The on-demand unit prices a plan uses [USD/hour]."""

    node_usd_per_hour: float  #: one worker node, on-demand
    server_usd_per_hour: float  #: one As-Is server, on-demand
    control_plane_usd_per_hour: float  #: the cluster's control plane
    control_plane_source: str  #: how the control plane is priced
    node_source: str = ""  #: where the node's on-demand price comes from
    server_source: str = ""  #: where the server's on-demand price comes from


def control_plane_usd_per_hour(scenario: Scenario) -> tuple[float, str]:
    """``(USD/hour, how)``: the managed fee per cluster-hour, or master nodes x their on-demand price."""
    cp = scenario.cluster.control_plane
    if cp.mode == "managed":
        return cp.managed_usd_per_hour, "managed fee per cluster-hour"
    master = resolve_instance(cp.master, "cluster.control_plane.master")
    rate = machine_rates(master, scenario.pricing.price_book)["on_demand"]
    return cp.master_count * rate.usd_per_hour, f"{cp.master_count} x {master.instance_type} on-demand ({rate.cited()})"


def prices(scenario: Scenario, node: Instance, server: Instance) -> Prices:
    """The plan's on-demand unit prices (the scenario's price book wins over the catalog)."""
    cp, how = control_plane_usd_per_hour(scenario)
    n = machine_rates(node, scenario.pricing.price_book)["on_demand"]
    s = machine_rates(server, scenario.pricing.price_book)["on_demand"]
    return Prices(n.usd_per_hour, s.usd_per_hour, cp, how, n.cited(), s.cited())


@dataclass(frozen=True)
class HourlyCosts:
    """Costs per hour of the horizon [USD] and their parts.

    ``tobe_usd = tobe_committed_usd + tobe_on_demand_usd + tobe_spot_usd + tobe_fixed_usd`` (control
    plane and the lines beside the nodes); ``asis_usd = asis_machines_usd + asis_fixed_usd``."""

    tobe_compute_usd: np.ndarray  #: [H] worker nodes: committed + on-demand + spot
    tobe_usd: np.ndarray  #: [H] everything To-Be
    asis_usd: np.ndarray  #: [H] everything As-Is
    tobe_committed_usd: np.ndarray | None = None  #: [H] the commitment (or owned hosts), used or not
    tobe_on_demand_usd: np.ndarray | None = None  #: [H] node time above the commitment, on-demand
    tobe_spot_usd: np.ndarray | None = None  #: [H] node time above the commitment, spot
    tobe_fixed_usd: np.ndarray | None = None  #: [H] control plane + lines beside the nodes
    asis_machines_usd: np.ndarray | None = None  #: [H] servers (amortised upfront)
    asis_fixed_usd: np.ndarray | None = None  #: [H] lines beside the servers
    tobe_committed_nodes: int = 0  #: N of the commitment
    tobe_burst_usd_per_hour: float = 0.0  #: one node above N (blend of on-demand and spot)

    def per_month(self, hours_per_month: float) -> tuple[float, float]:
        """``(As-Is, To-Be)`` [USD/month]: hourly mean x hours_per_month."""
        H = len(self.tobe_usd)
        return float(self.asis_usd.sum()) / H * hours_per_month, float(self.tobe_usd.sum()) / H * hours_per_month


def hourly_costs(p: Prices, node_hours: np.ndarray, servers_total: int) -> HourlyCosts:
    """All on-demand, no lines: ``node_hours x node price + control plane`` (To-Be),
    ``servers x server price`` (As-Is). The plan itself uses :func:`planner.pricing.costing.cost_plan`."""
    H = len(node_hours)
    compute = node_hours * p.node_usd_per_hour
    cp = np.full(H, p.control_plane_usd_per_hour)
    asis = np.full(H, servers_total * p.server_usd_per_hour)
    return HourlyCosts(tobe_compute_usd=compute, tobe_usd=compute + cp, asis_usd=asis,
                       tobe_committed_usd=np.zeros(H), tobe_on_demand_usd=compute, tobe_spot_usd=np.zeros(H),
                       tobe_fixed_usd=cp, asis_machines_usd=asis, asis_fixed_usd=np.zeros(H),
                       tobe_burst_usd_per_hour=p.node_usd_per_hour)


def step_costs_cumulative(costs: HourlyCosts, nodes_requested: np.ndarray, step_s: int) -> tuple[np.ndarray, np.ndarray]:
    """``(To-Be, As-Is)`` cost so far at the end of each step [USD]: per step the hour's committed
    and fixed cost for the step's share of the hour, plus the nodes above the commitment at the
    burst rate."""
    sph = 3600 // step_s
    dt_h = step_s / 3600.0
    hour_of = np.arange(len(nodes_requested)) // sph
    fixed = (costs.tobe_committed_usd + costs.tobe_fixed_usd)[hour_of] * dt_h
    burst = np.maximum(0, nodes_requested.astype(np.float64) - costs.tobe_committed_nodes) \
        * costs.tobe_burst_usd_per_hour * dt_h
    asis = costs.asis_usd[hour_of] * dt_h
    return np.cumsum(fixed + burst), np.cumsum(asis)


def service_usd_per_month(server_usd_per_hour: float, servers: np.ndarray, hours_per_month: float) -> np.ndarray:
    """Each service's As-Is servers per month at the plan's server rate (amortised) [USD/month]."""
    return servers * server_usd_per_hour * hours_per_month
