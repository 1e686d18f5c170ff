"""The result of a plan: documented tidy frames plus a summary. One glossary of column names.

The same names are used in frames, CSV/XLSX headers and chart labels (see :data:`GLOSSARY`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from planner.scenario import Scenario

#: column -> (label, unit, meaning). Charts and reports take their labels from here.
GLOSSARY: dict[str, tuple[str, str, str]] = {
    "time_s": ("Time", "s", "Seconds since the start of the plan (start of the step)."),
    "hour": ("Hour", "h", "Hour index into the horizon (0 = first hour of the profile)."),
    "service": ("Service", "", "Service name."),
    "load_requests_per_s": ("Load", "requests/s", "Offered load (after growth)."),
    "peak_load_requests_per_s": ("Peak load", "requests/s", "Highest per-step load in the hour."),
    "desired_replicas": ("Desired pods", "pods", "HPA decision: the Deployment's spec.replicas."),
    "raw_recommendation": ("HPA recommendation", "pods", "Metric proposal before stabilization and rate limits."),
    "ready_pods": ("Ready pods", "pods", "Pods scheduled and past start-up: the ones serving load."),
    "pending_pods": ("Pending pods", "pods", "Pods waiting for a node (unschedulable)."),
    "surge_pods": ("Surge pods", "pods", "Extra pods of a rolling update (maxSurge)."),
    "capacity_requests_per_s": ("Ready capacity", "requests/s", "Load the ready pods can serve at 100 % of their requests."),
    "shortfall_requests_per_s": ("Shortfall", "requests/s", "Load above the ready capacity (not served in time)."),
    "cpu_utilization_frac": ("CPU utilization", "fraction", "CPU usage / CPU requests of ready pods, as the HPA computes it."),
    "memory_utilization_frac": ("Memory utilization", "fraction", "Memory usage / memory requests of ready pods."),
    "hpa_reason": ("HPA reason", "code", "Why the HPA chose desired_replicas (upstream condition reasons)."),
    "asis_servers_in_service": ("As-Is servers in service", "servers", "Servers taking load (one out during a deploy)."),
    "asis_capacity_requests_per_s": ("As-Is capacity", "requests/s", "Load the in-service servers can serve at 100 %."),
    "asis_shortfall_requests_per_s": ("As-Is shortfall", "requests/s", "Load above the As-Is capacity."),
    "shortfall_requests": ("Shortfall", "requests", "Requests not covered by ready capacity (request-seconds)."),
    "asis_shortfall_requests": ("As-Is shortfall", "requests", "Requests not covered by As-Is capacity."),
    "load_requests": ("Load", "requests", "Requests offered in the period."),
    "nodes_needed": ("Nodes needed", "nodes", "Nodes the packed pods need (first-fit decreasing) plus spare nodes."),
    "nodes_requested": ("Nodes requested", "nodes", "Nodes ready or being provisioned (billed)."),
    "nodes_ready": ("Nodes ready", "nodes", "Nodes that can run pods."),
    "node_reason": ("Node autoscaler reason", "code", "Why the node count changed or held."),
    "requested_cpu_frac": ("Requested CPU", "fraction", "Pod + DaemonSet CPU requests / allocatable CPU of ready nodes."),
    "requested_memory_frac": ("Requested memory", "fraction", "Pod + DaemonSet memory requests / allocatable memory of ready nodes."),
    "node_hours": ("Node-hours", "node-hours", "Billed node time in the period."),
    "asis_server_hours": ("As-Is server-hours", "server-hours", "Billed server time in the period."),
    "tobe_usd": ("To-Be cost", "USD", "Nodes + control plane in the period."),
    "asis_usd": ("As-Is cost", "USD", "Servers in the period."),
    "tobe_usd_cumulative": ("To-Be cost so far", "USD", "Cumulative To-Be cost."),
    "asis_usd_cumulative": ("As-Is cost so far", "USD", "Cumulative As-Is cost."),
    "savings_usd_cumulative": ("Savings so far", "USD", "Cumulative As-Is minus To-Be cost."),
    "desired_replicas_max": ("Desired pods, max", "pods", "Most desired pods in the hour."),
    "nodes_requested_max": ("Nodes requested, max", "nodes", "Most nodes requested in the hour."),
    "pods": ("Pods", "pods", "Desired pods of all services."),
    "mean_load_requests_per_s": ("Mean load", "requests/s", "Load averaged over the horizon."),
    "asis_servers": ("As-Is servers", "servers", "Servers of the service (all hours), backups included."),
    "asis_backup_servers": ("As-Is backup servers", "servers", "Backup (N+k) servers of the service."),
    "asis_server_capacity_requests_per_s": ("As-Is server capacity at target", "requests/s",
                                            "Load one server serves at the sizing target utilization."),
    "asis_usd_per_month": ("As-Is cost", "USD/month", "The service's servers per month."),
    "pod_capacity_requests_per_s": ("Pod capacity", "requests/s", "Load one ready pod serves at 100 % of its requests."),
    "pods_peak": ("Pods, peak", "pods", "Most desired pods of the service at once."),
    "pods_mean": ("Pods, mean", "pods", "Desired pods averaged over the horizon."),
    "pods_min": ("Pods, min", "pods", "Fewest desired pods of the service."),
    "shortfall_frac": ("Shortfall share", "fraction", "Shortfall requests / load requests."),
    "deploy_fits_one_server_out": ("Deploy fits with one server out", "", "Peak fits on the As-Is servers minus one, at target."),
    "group": ("Group", "", "Which part of the scenario an assumption belongs to."),
    "field": ("Input", "", "Name of the assumption."),
    "value": ("Value", "", "Value used in the plan."),
    "unit": ("Unit", "", "Unit of the value."),
    "source": ("Source", "", "Where the value comes from (scenario, upstream default, price file and date)."),
}


def label(column: str, with_unit: bool = True) -> str:
    """Human label of a glossary column, e.g. ``"Load [requests/s]"``."""
    name, unit, _ = GLOSSARY.get(column, (column, "", ""))
    return f"{name} [{unit}]" if with_unit and unit else name


@dataclass(frozen=True)
class Summary:
    """Headline figures of a plan. Costs in USD; ``*_per_month`` = hourly mean x hours_per_month."""

    horizon_hours: int  #: length of the plan [h]
    step_s: int  #: simulation step [s]
    hours_per_month: float  #: hours used for monthly figures (730)
    # As-Is
    asis_servers_total: int  #: servers in the static design, backups included
    asis_backup_servers_total: int  #: of which backups
    asis_server_hours: float  #: server-hours over the horizon
    asis_usd_total: float  #: As-Is cost over the horizon [USD]
    asis_usd_per_day: float  #: [USD/day]
    asis_usd_per_month: float  #: [USD/month]
    # To-Be
    tobe_nodes_peak: int  #: most nodes requested at once
    tobe_nodes_mean: float  #: time-weighted mean of nodes requested
    tobe_nodes_min: int  #: fewest nodes requested
    tobe_node_hours: float  #: node-hours over the horizon (node-seconds / 3600)
    tobe_compute_usd_total: float  #: worker nodes over the horizon [USD]
    tobe_control_plane_usd_total: float  #: control plane over the horizon [USD]
    tobe_usd_total: float  #: To-Be cost over the horizon [USD]
    tobe_usd_per_day: float  #: [USD/day]
    tobe_usd_per_month: float  #: [USD/month]
    tobe_pods_peak: int  #: most desired pods at once, all services
    # Comparison
    savings_usd_per_month: float  #: As-Is minus To-Be [USD/month] (negative: To-Be costs more)
    savings_frac: float  #: savings / As-Is cost (0.25 = 25 %)
    # Risk
    load_requests_total: float  #: requests offered over the horizon
    tobe_shortfall_requests: float  #: requests above To-Be ready capacity
    tobe_shortfall_frac: float  #: share of all requests
    tobe_worst_hour: int | None  #: hour with the most To-Be shortfall (None: no shortfall)
    tobe_worst_hour_shortfall_requests: float
    tobe_min_headroom_frac: float  #: min over steps of 1 - load / ready capacity, all services together
    asis_shortfall_requests: float
    asis_shortfall_frac: float
    asis_worst_hour: int | None
    asis_worst_hour_shortfall_requests: float
    asis_min_headroom_frac: float
    warnings: tuple[str, ...] = ()  #: sentences a user can act on (English)
    warning_items: tuple[tuple[str, dict], ...] = ()  #: the same as (code, params), see planner.warnings_text

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["warnings"] = list(self.warnings)
        d.pop("warning_items")
        return d


@dataclass(frozen=True)
class Plan:
    """A computed plan. Frames are tidy (one row per time and service).

    * ``steps``: per step and service (None when the run kept only hourly aggregates);
    * ``cluster_steps``: per step, the node pool and costs so far (None likewise);
    * ``hourly``: per hour and service; ``cluster_hourly``: per hour, nodes and costs;
    * ``services``: one row per service (As-Is servers, peak pods, shortfall, ...);
    * ``assumptions``: one row per input with unit and source (for reports).
    """

    scenario: Scenario
    summary: Summary
    hourly: pd.DataFrame
    cluster_hourly: pd.DataFrame
    services: pd.DataFrame
    assumptions: pd.DataFrame
    steps: pd.DataFrame | None = None
    cluster_steps: pd.DataFrame | None = None

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.summary.warnings


#: Columns of each frame, in order. Aggregates over an hour are means unless the name says otherwise.
STEP_COLUMNS = ("time_s", "hour", "service", "load_requests_per_s", "raw_recommendation", "desired_replicas",
                "ready_pods", "pending_pods", "surge_pods", "capacity_requests_per_s", "shortfall_requests_per_s",
                "cpu_utilization_frac", "hpa_reason", "asis_servers_in_service", "asis_capacity_requests_per_s",
                "asis_shortfall_requests_per_s")
CLUSTER_STEP_COLUMNS = ("time_s", "hour", "nodes_needed", "nodes_requested", "nodes_ready", "node_reason",
                        "requested_cpu_frac", "requested_memory_frac", "tobe_usd_cumulative", "asis_usd_cumulative")
HOURLY_COLUMNS = ("hour", "service", "load_requests_per_s", "peak_load_requests_per_s", "desired_replicas",
                  "desired_replicas_max", "ready_pods", "pending_pods", "surge_pods", "capacity_requests_per_s",
                  "cpu_utilization_frac", "load_requests", "shortfall_requests", "asis_servers",
                  "asis_capacity_requests_per_s", "asis_shortfall_requests", "hpa_reason")
CLUSTER_HOURLY_COLUMNS = ("hour", "nodes_needed", "nodes_requested", "nodes_requested_max", "nodes_ready",
                          "node_hours", "requested_cpu_frac", "requested_memory_frac", "pods", "asis_servers",
                          "asis_server_hours", "tobe_usd", "asis_usd", "tobe_usd_cumulative", "asis_usd_cumulative",
                          "savings_usd_cumulative", "load_requests", "shortfall_requests", "asis_shortfall_requests")
SERVICE_COLUMNS = ("service", "peak_load_requests_per_s", "mean_load_requests_per_s", "asis_servers",
                   "asis_backup_servers", "asis_server_capacity_requests_per_s", "asis_usd_per_month",
                   "pod_capacity_requests_per_s", "pods_peak", "pods_mean", "pods_min", "load_requests",
                   "shortfall_requests", "shortfall_frac", "asis_shortfall_requests", "deploy_fits_one_server_out")
ASSUMPTION_COLUMNS = ("group", "field", "value", "unit", "source")
