"""planner: autoscaling cost and capacity planner.

``planner.plan(scenario) -> Plan`` is the one public entry the app, the CLI and the reports call.
"""

from planner.result import GLOSSARY, Plan, Summary
from planner.scenario import Scenario, ScenarioError, validate_scenario
from planner.scenario_io import default_scenario, load_scenario


def plan(scenario: Scenario, *, keep_steps: bool | None = None, threads: int | None = None) -> Plan:
    """Compute the As-Is and To-Be plans of ``scenario`` (see :func:`planner.planning.plan`)."""
    from planner.planning import plan as _plan

    return _plan(scenario, keep_steps=keep_steps, threads=threads)


__all__ = ["GLOSSARY", "Plan", "Scenario", "ScenarioError", "Summary", "default_scenario", "load_scenario",
           "plan", "validate_scenario"]
