"""Every price of a plan (one home): the price book, purchase strategies, commitments, the lines
beside the machines, hourly costs.

* :mod:`planner.pricing.book`: the price book per instance type and purchase option, with source
  and date per row; user price books (CSV/YAML) override it.
* :mod:`planner.pricing.commitment`: the node profile, the exact cost-minimising commitment
  (:func:`best_commitment`) and month-by-month commitments that only grow.
* :mod:`planner.pricing.strategy`: the As-Is servers and the To-Be pool under one strategy
  (cloud or on-premises hosts).
* :mod:`planner.pricing.lines`: load balancers, NAT, traffic between zones, disks, agents,
  licences, extended support, fixed monthly costs.
* :mod:`planner.pricing.hourly`: on-demand unit prices, the control plane, :class:`HourlyCosts`.
* :mod:`planner.pricing.costing`: the scenario's strategy priced (:func:`cost_plan`) and the table
  of every purchase option (:func:`purchase_options`, :func:`cheapest`) the headline uses.
"""

from planner.pricing.book import (DEFAULT_SPOT_INTERRUPTION_FRAC_PER_MONTH, HOURS_PER_YEAR, Rate, book_frame,
                                  load_price_book, machine_rates, parse_price_book, with_price_book)
from planner.pricing.commitment import NodeProfile, best_commitment, best_monthly_commitments
from planner.pricing.costing import (PURCHASE_OPTION_COLUMNS, Costing, MachineRates, cheapest, cost_plan, on_demand,
                                     purchase_options, rates_of, strategy_problems)
from planner.pricing.hourly import (HourlyCosts, Prices, control_plane_usd_per_hour, hourly_costs, prices,
                                    service_usd_per_month, step_costs_cumulative)
from planner.pricing.lines import CostLine, cost_lines
from planner.pricing.strategy import AsIsCost, ToBeCost, asis_cost, host_usd_per_month, tobe_cost, tobe_on_prem

__all__ = [
    "DEFAULT_SPOT_INTERRUPTION_FRAC_PER_MONTH", "HOURS_PER_YEAR", "PURCHASE_OPTION_COLUMNS", "AsIsCost", "CostLine",
    "Costing", "HourlyCosts", "MachineRates", "NodeProfile", "Prices", "Rate", "ToBeCost", "asis_cost",
    "best_commitment", "best_monthly_commitments", "book_frame", "cheapest", "control_plane_usd_per_hour",
    "cost_lines", "cost_plan", "host_usd_per_month", "hourly_costs", "load_price_book", "machine_rates",
    "on_demand", "parse_price_book", "prices", "purchase_options", "rates_of", "service_usd_per_month",
    "step_costs_cumulative", "strategy_problems", "tobe_cost", "tobe_on_prem", "with_price_book",
]
