"""``planner validate`` refuses exactly the scenarios ``planner.plan`` refuses (issue 8): both go
through ``planner.planning.check_scenario`` and the work budget. Checked on seeded combinations of
mutations that each break one feasibility rule (or none), so a rule added to ``plan`` but not to
``validate`` fails here."""

import copy

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import planner
from planner import scenario_io as IO
from planner.cli import EXIT_BAD_INPUT, EXIT_OK, main
from planner.scenario import ScenarioError

BASE = IO.scenario_to_dict(planner.default_scenario())

#: (path, value): each either harmless or breaking one rule of planner.scenario / planning.check_scenario
MUTATIONS = [
    (("services", 0, "requests", "cpu_millicores"), 40.0),  # below A's idle CPU (50 m)
    (("services", 1, "requests", "memory_mib"), 100.0),  # below B's idle memory
    (("services", 2, "usage", "cpu_millicores_per_rps"), 0.0),  # with memory_mib_per_rps 0: unlimited
    (("services", 2, "usage", "memory_mib_per_rps"), 0.0),
    (("services", 0, "requests", "cpu_millicores"), 9000.0),  # bigger than an m5.xlarge node
    (("services", 0, "hpa", "metrics"), [{"name": "cpu", "target_utilization_frac": 0.05}]),  # at idle
    (("cluster", "daemonset_cpu_millicores"), 5000.0),  # no room left on a node
    (("cluster", "node", "instance_type"), "m5.2xlarge"),  # harmless
    (("cluster", "node", "instance_type"), "no-such-type"),
    (("as_is", "server", "instance_type"), "m5.large"),  # harmless
    (("as_is", "os_reserved_memory_mib"), 16000.0),  # the server cannot hold the idle usage
    (("as_is", "target_utilization_frac"), 0.01),  # harmless for a big server
    (("services", 1, "load_requests_per_s"), [1e9] * 24),  # As-Is needs more than the server bound
    (("services", 0, "hpa", "max_replicas"), 200),  # harmless
    (("growth_frac", ), 0.3),  # harmless
]


def mutate(choices):
    d = copy.deepcopy(BASE)
    for i in choices:
        path, value = MUTATIONS[i]
        node = d
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return d


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, len(MUTATIONS) - 1), min_size=0, max_size=3, unique=True))
def test_validate_and_plan_refuse_the_same_scenarios(tmp_path_factory, choices):
    d = mutate(choices)
    path = tmp_path_factory.mktemp("s") / "scenario.yaml"
    path.write_text(yaml.safe_dump(d))
    validate_code = main(["validate", str(path)])
    try:
        planner.plan(IO.load_scenario(path))
        plan_refused = False
    except ScenarioError:
        plan_refused = True
    assert validate_code == (EXIT_BAD_INPUT if plan_refused else EXIT_OK), choices


@pytest.mark.parametrize("i", [0, 2, 4, 5, 6, 8, 10, 12])
def test_each_breaking_mutation_is_refused_alone(tmp_path, i):
    """Every mutation meant to break a rule does break it (so the property above is not vacuous)."""
    if i == 2:
        d = mutate([2, 3])  # both per-request costs 0
    else:
        d = mutate([i])
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(d))
    assert main(["validate", str(path)]) == EXIT_BAD_INPUT
