"""The fast simulation engine: HPA + pods + node autoscaler, step by step, compiled with numba.

Semantics are those of ``docs/model.md`` (shared with the slow, obviously-correct
``planner.reference``; the tests compare both on randomized scenarios). The time loop is
sequential by nature (each HPA decision depends on the last), so it runs in one ``@njit`` kernel
over plain arrays: all services advance together in each step, and time is processed in chunks so
that a fleet-year never holds its per-step frames in memory.

Modules, in the order data flows: :mod:`~planner.engine.codes` (reason codes),
:mod:`~planner.engine.params` (scenario -> arrays), :mod:`~planner.engine.timeline` (hourly ->
per-step load; the events are :mod:`planner.events`), :mod:`~planner.engine.state` (state and
outputs), :mod:`~planner.engine.start` (the state at step 0), :mod:`~planner.engine.kernel` (the
step loop), :mod:`~planner.engine.placement` (pods on explicit nodes, failures, the node-by-node
autoscaler), :mod:`~planner.engine.aggregate` (hourly aggregates), :mod:`~planner.engine.driver`
(chunked runs).
"""

from planner.engine.aggregate import CLUSTER_HOURLY_FIELDS, HOURLY_FIELDS
from planner.engine.codes import HPA_REASONS, NODE_REASONS
from planner.engine.driver import (PARALLEL_MIN_SERVICES, RunResult, parallel_available, run_chunk, run_engine,
                                   simulate_fleet, simulate_scenario, thread_budget, uses_parallel_kernel)
from planner.engine.params import (PACK_EXACT, PACK_INCREMENTAL, FleetParams, params_from_scenario)
from planner.engine.start import initial_state
from planner.engine.state import CLUSTER_ARRAYS, STEP_ARRAYS, packed_nodes, steady_replicas
from planner.engine.timeline import hourly_to_steps, scenario_hourly_load, scenario_step_load, series_to_steps
from planner.events import deploy_events, deploying_steps, scenario_events

__all__ = ["CLUSTER_ARRAYS", "CLUSTER_HOURLY_FIELDS", "FleetParams", "HOURLY_FIELDS", "HPA_REASONS", "NODE_REASONS",
           "PACK_EXACT", "PACK_INCREMENTAL", "PARALLEL_MIN_SERVICES", "RunResult", "STEP_ARRAYS", "deploy_events", "scenario_events",
           "deploying_steps", "hourly_to_steps", "initial_state", "packed_nodes", "params_from_scenario",
           "parallel_available", "run_chunk", "run_engine", "scenario_hourly_load", "scenario_step_load",
           "series_to_steps", "simulate_fleet",
           "simulate_scenario", "steady_replicas", "thread_budget", "uses_parallel_kernel"]
