"""The result of a plan: documented tidy frames plus a summary. One glossary of column names.

The same names are used in frames, CSV/XLSX headers and chart labels (see :data:`GLOSSARY`; the
labels people read, in English and Korean, are in :mod:`planner.i18n.columns`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from planner.i18n.columns import GLOSSARY  # noqa: F401  column -> (label, unit, meaning), as planner.GLOSSARY
from planner.catalog import Instance
from planner.scenario import Scenario


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
    # Load resolution and the shortfall band (planner.planning.shortfall_band; None: not computed,
    # or every service's load is a fine series and needs no band)
    load_step_s: int = 3600  #: finest resolution of the load given [s] (3600: hourly values only)
    tobe_shortfall_frac_step: float | None = None  #: To-Be shortfall share, hourly loads held as steps
    tobe_shortfall_requests_step: float | None = None  #: the same in requests
    tobe_shortfall_frac_linear: float | None = None  #: To-Be shortfall share, hourly loads ramped linearly
    tobe_shortfall_requests_linear: float | None = None
    tobe_shortfall_frac_burst: float | None = None  #: To-Be shortfall share, hourly loads with per-minute bursts
    tobe_shortfall_requests_burst: float | None = None
    warnings: tuple[str, ...] = ()  #: sentences a user can act on (English)
    warning_items: tuple[tuple[str, dict], ...] = ()  #: the same as (code, params), see planner.i18n.warnings
    # Purchase options (issue 11). The figures above are under the scenario's own strategy
    # (pricing.*) and include the lines beside the machines (costs.*); these say what all-on-demand
    # and the cheapest option of each side give, so neither is quoted alone (which options:
    # Plan.purchase_options, planner.pricing.cheapest).
    tobe_committed_nodes: int = 0  #: nodes under the To-Be commitment (auto: the cost minimum)
    tobe_commitment_coverage_frac: float = 0.0  #: share of To-Be node-hours the commitment covers
    tobe_commitment_utilization_frac: float = 0.0  #: share of committed node-hours in use
    asis_upfront_usd: float = 0.0  #: upfront payments of the As-Is strategy [USD] (amortised above)
    tobe_upfront_usd: float = 0.0  #: upfront payments of the To-Be strategy [USD] (amortised above)
    asis_other_usd_per_month: float = 0.0  #: lines beside the servers [USD/month] (in asis_usd_per_month)
    tobe_other_usd_per_month: float = 0.0  #: control plane + lines beside the nodes [USD/month]
    tobe_spot_node_hours: float = 0.0  #: node-hours on spot
    tobe_spot_shortfall_requests: float = 0.0  #: requests lost to spot interruptions (in tobe_shortfall_requests)
    asis_usd_per_month_on_demand: float = 0.0  #: As-Is all on-demand [USD/month]
    tobe_usd_per_month_on_demand: float = 0.0  #: To-Be all on-demand [USD/month]
    savings_usd_per_month_on_demand: float = 0.0  #: saving with both sides on-demand [USD/month]
    savings_frac_on_demand: float = 0.0  #: that saving / As-Is on-demand cost
    tobe_cheapest_committed_nodes: int = 0  #: its committed nodes
    asis_usd_per_month_cheapest: float = 0.0  #: As-Is under its cheapest option [USD/month]
    tobe_usd_per_month_cheapest: float = 0.0  #: To-Be under its cheapest strategy [USD/month]
    savings_usd_per_month_cheapest: float = 0.0  #: saving with each side on its cheapest option [USD/month]
    savings_frac_cheapest: float = 0.0  #: that saving / As-Is cheapest cost

    @property
    def tobe_shortfall_frac_band(self) -> tuple[float, float] | None:
        """``(lowest, highest)`` To-Be shortfall share of the band runs (None: no band)."""
        v = [x for x in (self.tobe_shortfall_frac_step, self.tobe_shortfall_frac_linear,
                         self.tobe_shortfall_frac_burst) if x is not None]
        return (min(v), max(v)) if v else None

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
    * ``assumptions``: one row per input with unit and source (for reports);
    * ``node`` / ``server``: the resolved machine types (vCPU, memory, price and its source).
    * ``purchase_options``: each side under every purchase option of the price book;
    * ``cost_lines``: load balancers, NAT, disks, ... per plan, with sources;
    * ``months``: the 12-month (``forecast.months``) plan, one row per month.
    """

    scenario: Scenario
    summary: Summary
    hourly: pd.DataFrame
    cluster_hourly: pd.DataFrame
    services: pd.DataFrame
    assumptions: pd.DataFrame
    node: Instance
    server: Instance
    steps: pd.DataFrame | None = None
    cluster_steps: pd.DataFrame | None = None
    #: the scenario as written when ``scenario`` is its environment expansion (planner.environments):
    #: ``prod/A``, ``stage/A``, ... in one shared cluster; None otherwise
    input_scenario: Scenario | None = None
    purchase_options: pd.DataFrame | None = None  #: every purchase option of each side (PURCHASE_OPTION_COLUMNS)
    cost_lines: pd.DataFrame | None = None  #: the lines beside the machines (COST_LINE_COLUMNS)
    months: pd.DataFrame | None = None  #: the month-by-month plan when forecast.months > 0 (MONTH_COLUMNS)

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.summary.warnings

    @property
    def written_scenario(self) -> Scenario:
        """The scenario to save or embed so the plan can be reproduced (the one the user wrote)."""
        return self.input_scenario if self.input_scenario is not None else self.scenario


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
                          "savings_usd_cumulative", "load_requests", "shortfall_requests", "asis_shortfall_requests",
                          "tobe_committed_usd", "tobe_on_demand_usd", "tobe_spot_usd", "tobe_fixed_usd",
                          "asis_machines_usd", "asis_fixed_usd", "spot_shortfall_requests")
SERVICE_COLUMNS = ("service", "peak_load_requests_per_s", "mean_load_requests_per_s", "asis_servers",
                   "asis_backup_servers", "asis_server_capacity_requests_per_s", "asis_usd_per_month",
                   "pod_capacity_requests_per_s", "pods_peak", "pods_mean", "pods_min", "load_requests",
                   "shortfall_requests", "shortfall_frac", "asis_shortfall_requests", "deploy_fits_one_server_out")
ASSUMPTION_COLUMNS = ("group", "field", "value", "unit", "source")
PURCHASE_OPTION_COLUMNS = ("side", "option", "term_years", "payment", "committed", "usd_per_hour", "upfront_usd",
                           "effective_usd_per_hour", "machines_usd_per_month", "upfront_total_usd",
                           "other_usd_per_month", "usd_per_month", "saving_vs_on_demand_frac", "changes_risk",
                           "chosen", "cheapest", "basis", "source")
COST_LINE_COLUMNS = ("plan", "line", "quantity", "quantity_unit", "unit_price", "price_unit", "usd_per_month", "source")
MONTH_COLUMNS = ("month", "days", "load_factor", "event_days", "asis_servers_needed", "asis_servers",
                 "asis_servers_added", "asis_order_month", "asis_order_late", "tobe_nodes_peak", "tobe_nodes_mean",
                 "tobe_nodes_min", "tobe_committed_nodes", "tobe_commitment_coverage_frac", "asis_usd", "tobe_usd",
                 "asis_cash_usd", "tobe_cash_usd", "asis_usd_cumulative", "tobe_usd_cumulative",
                 "savings_usd_cumulative", "shortfall_requests", "asis_shortfall_requests")
