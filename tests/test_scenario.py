"""Bad scenarios are refused with the field path and what is allowed; good ones round-trip."""

import math

import pytest

import planner
from builders import scenario_dict
from planner.scenario import ScenarioError, validate_scenario
from planner.scenario_io import default_scenario, dump_scenario, parse_scenario_text


def problems(d) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as exc:
        s = validate_scenario(d)
        planner.plan(s)  # some problems (instance types, unschedulable pods) surface when planning
    return exc.value.problems


def with_service(**fields):
    d = scenario_dict()
    d["services"][0].update(fields)
    return d


@pytest.mark.parametrize("load, path, words", [
    pytest.param([1.0, -2.0], "services[0].load_requests_per_s", "hour 1: -2 is negative", id="negative"),
    pytest.param([1.0, float("nan")], "services[0].load_requests_per_s", "hour 1: nan is not a finite number", id="nan"),
    pytest.param([1.0, None], "services[0].load_requests_per_s", "hour 1: missing value", id="missing"),
    pytest.param([1.0, "abc"], "services[0].load_requests_per_s", "hour 1: 'abc' is not a number", id="text"),
    pytest.param([], "services[0].load_requests_per_s", "at least 1", id="empty"),
])
def test_bad_load_values_name_the_hour(load, path, words):
    ps = problems(with_service(load_requests_per_s=load))
    assert any(p == path and words in m for p, m in ps), ps


def test_profile_of_the_wrong_length_names_the_service_and_the_horizon():
    d = scenario_dict()
    d["services"] = [dict(d["services"][0], name="a", load_requests_per_s=[1.0] * 24),
                     dict(d["services"][0], name="b", load_requests_per_s=[1.0] * 25)]
    ps = problems(d)
    assert any("services[0].load_requests_per_s" in p and "24 values do not tile the 25-hour horizon" in m
               for p, m in ps), ps


@pytest.mark.parametrize("change, path, words", [
    pytest.param({"hpa": {"min_replicas": 3, "max_replicas": 2}}, "services[0].hpa", "max_replicas must be >= min_replicas (3); got 2", id="min_gt_max"),
    pytest.param({"hpa": {"metrics": [{"name": "cpu", "target_utilization_frac": 1.5}]}}, "services[0].hpa.metrics[0].target_utilization_frac", "less than or equal to 1", id="target_above_1"),
    pytest.param({"hpa": {"metrics": [{"name": "cpu", "target_utilization_frac": 0}]}}, "services[0].hpa.metrics[0].target_utilization_frac", "greater than or equal to 0.01", id="target_zero"),
    pytest.param({"hpa": {"metrics": [{"name": "network_mbps"}]}}, "services[0].hpa.metrics[0]", "needs target_average_value", id="avg_metric_without_target"),
    pytest.param({"hpa": {"tolerence_frac": 0.1}}, "services[0].hpa.tolerence_frac", "unknown key", id="typo_key"),
    pytest.param({"requests": {"cpu_millicores": 8000}}, "services[0].requests", "unschedulable", id="pod_bigger_than_node"),
    pytest.param({"requests": {"cpu_millicores": 50}, "usage": {"cpu_millicores_base": 100}}, "services[0].requests.cpu_millicores", "does not exceed the idle usage", id="request_below_idle"),
])
def test_bad_service_settings_name_the_field(change, path, words):
    d = scenario_dict(change)
    ps = problems(d)
    assert any(p == path and words in m for p, m in ps), ps


@pytest.mark.parametrize("change, path, words", [
    pytest.param({"drills": {"service": "nope"}}, "drills.service", "no service named 'nope'; expected one of svc", id="drill_service"),
    pytest.param({"drills": {"zone_index": 3}}, "drills.zone_index", "the cluster has 1 zone(s) (0-0); got 3", id="drill_zone"),
    pytest.param({"drills": {"hours": [24]}}, "drills.hours", "below the 2-hour horizon", id="drill_hours"),
    pytest.param({"cluster": {"scale_up_failures": [{"start_hour": 30}]}},
                 "cluster.scale_up_failures[0].start_hour", "below the 2-hour horizon (an hour index from 0); got 30", id="scale_up_failure"),
])
def test_cross_field_checks_name_the_field_not_the_whole_file(change, path, words):
    """Checks that need two parts of the scenario (a drill and the services, a failure and the horizon)
    run over the whole file; the message still names the field the user must change."""
    ps = problems(scenario_dict(**change))
    assert any(p == path and words in m and not m.startswith(path) for p, m in ps), ps


def test_duplicate_service_names_are_refused():
    d = scenario_dict()
    d["services"] = [d["services"][0], dict(d["services"][0])]
    ps = problems(d)
    assert any(p == "services[1].name" and "duplicate service name 'svc'" in m for p, m in ps), ps


def test_unknown_instance_type_lists_the_known_ones():
    ps = problems(scenario_dict(cluster={"node": {"instance_type": "m5.huge"}}))
    assert ps[0][0] == "cluster.node.instance_type"
    assert "unknown instance type 'm5.huge'" in ps[0][1] and "m5.xlarge" in ps[0][1]


def test_unknown_top_level_key_is_refused():
    ps = problems(dict(scenario_dict(), clustr={}))
    assert ps == [("clustr", "unknown key (check the spelling; see the scenario format in README)")]


def test_yaml_syntax_error_names_the_line():
    with pytest.raises(ScenarioError) as exc:
        parse_scenario_text("name: x\nservices: [\n  - a: 1\n   b: :\n")
    assert exc.value.problems[0][1].startswith("line ")


def test_custom_machine_needs_no_catalog_entry():
    s = validate_scenario(scenario_dict(as_is={"server": {"instance_type": "bare-metal-32", "provider": None,
                                                          "region": None, "vcpu": 32, "memory_gib": 128,
                                                          "usd_per_hour": 1.0}}))
    p = planner.plan(s)
    # 32 vCPU - 100 m OS = 31900 m x 0.7 = 22330 m / 10 m per req/s = 2233 req/s: 1 server + 1 backup
    assert p.summary.asis_servers_total == 2
    assert p.summary.asis_usd_per_month - p.summary.asis_other_usd_per_month == pytest.approx(2 * 1.0 * 730)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_scenario_round_trips_losslessly(fmt):
    s = default_scenario()
    again = parse_scenario_text(dump_scenario(s, fmt), fmt)
    assert again == s
    assert planner.plan(again).summary == planner.plan(s).summary


def test_default_scenario_has_three_differently_shaped_services():
    """A peaks by day, B in the evening, C at night: their peak hours differ."""
    s = default_scenario()
    assert [x.name for x in s.services] == ["A", "B", "C"]
    peaks = [max(range(24), key=lambda h: x.load_requests_per_s[h]) for x in s.services]
    assert 9 <= peaks[0] <= 16 and 18 <= peaks[1] <= 22 and (peaks[2] <= 5 or peaks[2] >= 22)
    assert all(math.isfinite(v) for x in s.services for v in x.load_requests_per_s)


def test_scenario_reference_doc_is_current():
    """docs/scenario-reference.md is generated from the model; regenerate with
    `python -m planner.scenario_doc` after changing a field or default."""
    from planner.scenario_doc import DOC_PATH, render

    assert DOC_PATH.read_text() == render()
