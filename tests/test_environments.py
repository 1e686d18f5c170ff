"""Environments (issue 14): each service once per environment, load scaled and shaped by the
schedule, overrides resolved; cost per environment and per option, hand-checked."""

from __future__ import annotations

import math

import numpy as np
import pytest

import planner
from planner.env_costs import ENV_COST_COLUMNS, environment_costs
from planner.environments import active_hours, expand, resolve, split_name
from planner.scenario import ScenarioError, parse_schedule, validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from planner.datafiles import read_bytes
from planner.scenario_io import read_scenario

NODE_USD_PER_HOUR = 0.192  # m5.xlarge on-demand, us-east-1 (the catalog; the default scenario's node and server)
CP_USD_PER_HOUR = 0.10  # the default scenario's managed control plane
HOURS_PER_MONTH = 730.0


def env_example():
    return read_scenario(read_bytes("scenarios", "environments.yaml"), "yaml", "environments.yaml")


def with_envs(envs, **service_fields):
    d = scenario_to_dict(default_scenario())
    d["environments"] = envs
    for s in d["services"]:
        s.update(service_fields)
    return validate_scenario(d)


# --- schedules -------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, days, hours", [
    pytest.param("always", range(7), range(24), id="always"),
    pytest.param("weekdays 08-20", range(5), range(8, 20), id="weekdays_business_hours"),
    pytest.param("daily 07-22", range(7), range(7, 22), id="daily"),
    pytest.param("mon-fri 09:00-18:00", range(5), range(9, 18), id="clock_times"),
    pytest.param("sat,sun", (5, 6), range(24), id="weekend_all_day"),
    pytest.param("22-06", range(7), [22, 23, 0, 1, 2, 3, 4, 5], id="overnight_wraps"),
    pytest.param("fri-mon 00-24", (4, 5, 6, 0), range(24), id="day_range_wraps"),
])
def test_schedules_parse(text, days, hours):
    s = parse_schedule(text)
    assert s.days == frozenset(days) and s.hours == frozenset(hours)


@pytest.mark.parametrize("text, words", [
    pytest.param("weekdays 8-25", "end 1-24", id="hour_25"),
    pytest.param("someday 08-20", "unknown day", id="unknown_day"),
    pytest.param("weekdays 08:30-20", "whole hours", id="half_hour"),
    pytest.param("08-08", "different", id="empty_window"),
    pytest.param("weekdays 08-20 extra", "expected '[days] [HH-HH]'", id="three_words"),
])
def test_bad_schedules_say_what_is_expected(text, words):
    with pytest.raises(ScenarioError) as exc:
        with_envs([{"name": "dev", "schedule": text}])
    assert any(p == "environments[0].schedule" and words in m for p, m in exc.value.problems), exc.value.problems


def test_active_hours_start_on_monday():
    """Hour 0 of a week is Monday 00:00: weekdays 08-20 is 12 h x 5 days = 60 of 168 hours."""
    a = active_hours(parse_schedule("weekdays 08-20"), 168)
    assert a.sum() == 60
    assert a[8] and a[19] and not a[20] and not a[7]  # Monday
    assert not a[5 * 24 + 10]  # Saturday 10:00


# --- validation --------------------------------------------------------------------------------------
@pytest.mark.parametrize("envs, service, path, words", [
    pytest.param([{"name": "prod"}, {"name": "prod"}], {}, "environments[1].name", "duplicate", id="duplicate"),
    pytest.param([{"name": "Prod_1"}], {}, "environments[0].name", "DNS-1123 label", id="not_dns"),
    pytest.param([{"name": "prod"}], {"per_environment": {"qa": {}}}, "services[0].per_environment",
                 "'qa' is not an environment", id="override_of_unknown_env"),
    pytest.param([{"name": "dev", "max_replicas": 1}], {}, "services[0].per_environment", "below min_replicas",
                 id="env_max_below_service_min"),
    pytest.param([{"name": "dev"}], {"per_environment": {"dev": {"enabled": False}}}, "environments[0]",
                 "no service runs", id="empty_environment"),
    pytest.param([{"name": "dev", "load_scale": 11}], {}, "environments[0].load_scale", "less than or equal to 10",
                 id="load_scale_bound"),
])
def test_bad_environments_name_the_field(envs, service, path, words):
    with pytest.raises(ScenarioError) as exc:
        with_envs(envs, **service)
    assert any(p == path and words in m for p, m in exc.value.problems), exc.value.problems


def test_a_weekday_schedule_needs_a_week_or_a_divisor_of_it():
    d = scenario_to_dict(default_scenario())
    for s in d["services"]:
        s["load_requests_per_s"] = (s["load_requests_per_s"] * 2)[:36]
    d["environments"] = [{"name": "dev", "schedule": "weekdays 08-20"}]
    with pytest.raises(ScenarioError) as exc:
        validate_scenario(d)
    assert any(p == "environments[0].schedule" and "they have 36" in m for p, m in exc.value.problems)


def test_old_scenarios_stay_valid_and_plan_as_before():
    s = default_scenario()
    assert s.environments == () and expand(s) is s
    p = planner.plan(s)
    assert p.input_scenario is None and p.written_scenario is s


# --- expansion -----------------------------------------------------------------------------------------
def test_expansion_scales_shapes_and_overrides():
    """stage at 0.2 x the profile; dev at 0.05 only on weekdays 08-20, 0 elsewhere; the 24-hour
    profiles are tiled to the week the weekday schedule needs."""
    s = env_example()
    e = expand(s)
    names = [x.name for x in e.services]
    assert names == [f"{env}/{svc}" for env in ("prod", "stage", "dev") for svc in ("A", "B", "C")]
    assert e.horizon_hours == 168 and e.environments == ()
    base = {x.name: np.array(x.load_requests_per_s) for x in s.services}
    by = {x.name: np.array(x.load_requests_per_s) for x in e.services}
    assert np.array_equal(by["prod/A"], np.tile(base["A"], 7))
    assert np.allclose(by["stage/B"], 0.2 * np.tile(base["B"], 7))
    monday_9, saturday_9, monday_21 = 9, 5 * 24 + 9, 21
    assert by["dev/C"][monday_9] == pytest.approx(0.05 * base["C"][9])
    assert by["dev/C"][saturday_9] == 0 and by["dev/C"][monday_21] == 0
    hpa = {x.name: (x.hpa.min_replicas, x.hpa.max_replicas) for x in e.services}
    assert hpa["prod/A"] == (2, 40) and hpa["stage/A"] == (1, 40) and hpa["dev/C"] == (1, 30)


def test_config_merges_service_then_environment_then_override():
    s = env_example()
    cfg = {(x.environment, x.service): x.config for x in resolve(s)}
    assert cfg[("prod", "A")] == {"ENVIRONMENT": "prod", "LOG_LEVEL": "info"}
    assert cfg[("dev", "A")] == {"ENVIRONMENT": "dev", "LOG_LEVEL": "debug"}


def test_a_disabled_service_is_absent_from_that_environment():
    s = with_envs([{"name": "prod"}, {"name": "dev"}])
    d = scenario_to_dict(s)
    d["services"][2]["per_environment"] = {"dev": {"enabled": False}}
    e = expand(validate_scenario(d))
    assert [x.name for x in e.services] == ["prod/A", "prod/B", "prod/C", "dev/A", "dev/B"]


def test_one_environment_at_full_load_costs_what_the_plain_scenario_costs():
    """The expansion changes names only: prod at load_scale 1, always, is the scenario itself."""
    plain = planner.plan(default_scenario())
    one = planner.plan(with_envs([{"name": "prod"}]))
    assert one.summary.tobe_usd_per_month == pytest.approx(plain.summary.tobe_usd_per_month)
    assert one.summary.asis_usd_per_month == pytest.approx(plain.summary.asis_usd_per_month)
    assert list(one.services["service"]) == ["prod/A", "prod/B", "prod/C"]
    assert one.written_scenario.environments[0].name == "prod"


def test_as_is_runs_servers_per_environment_each_with_its_own_backups():
    """As-Is per environment: max(1, ceil(peak / server capacity)) + 1 backup per service and
    environment, every hour. dev's peak (5 % of A's 620 = 31 requests/s) needs one server."""
    p = planner.plan(env_example())
    servers = dict(zip(p.services["service"], p.services["asis_servers"]))
    assert servers["dev/A"] == 1 + 1 and servers["stage/A"] == 1 + 1
    plain = planner.plan(default_scenario())
    assert servers["prod/A"] == int(plain.services.set_index("service").loc["A", "asis_servers"])


# --- cost per environment and per option -----------------------------------------------------------------
def tiny_dev_scenario():
    """One service at 1 request/s, prod always and dev weekdays 08-20 scaled to zero, min 1 replica:
    every run holds one pod per environment on one node, plus one spare node."""
    d = scenario_to_dict(default_scenario())
    d["services"] = [dict(d["services"][0], load_requests_per_s=[1.0] * 24, deploy_windows=[],
                          hpa={"min_replicas": 1, "max_replicas": 4})]
    d["environments"] = [{"name": "prod"}, {"name": "dev", "schedule": "weekdays 08-20", "scale_to_zero": True}]
    return validate_scenario(d)


def test_dev_scaled_to_zero_costs_what_its_schedule_implies():
    """dev in a cluster of its own: 2 nodes (its pod's node + 1 spare) for 60 of 168 hours and the
    control plane for all 168:  (2 x 0.192 x 60 + 0.10 x 168) / 168 x 730 = 173.1143 USD/month.
    In the shared cluster dev pays nothing in the 108 hours it is absent. Each own cluster also carries
    a copy of the lines beside the nodes (one load balancer 0.0225 x 730 = 16.425 and two 20 GiB disks
    x 0.08 = 3.2: 19.625 USD/month; an upper bound for a cluster that runs part of the week)."""
    c = environment_costs(tiny_dev_scenario())
    row = c.table.set_index("environment").loc["dev"]
    lines = 0.0225 * HOURS_PER_MONTH + 2 * 20 * 0.08
    expected = (2 * NODE_USD_PER_HOUR * 60 + CP_USD_PER_HOUR * 168) / 168 * HOURS_PER_MONTH + lines
    assert row["own_cluster_usd_per_month"] == pytest.approx(expected, rel=1e-9)
    assert row["active_hours_frac"] == pytest.approx(60 / 168)
    assert row["own_cluster_nodes_peak"] == 2
    dev = c.hourly[c.hourly["environment"] == "dev"]
    assert (dev.loc[~dev["environment_present"], "shared_usd"] == 0).all()
    assert (dev.loc[dev["environment_present"], "shared_usd"] > 0).all()
    prod = c.table.set_index("environment").loc["prod"]
    prod_expected = (2 * NODE_USD_PER_HOUR + CP_USD_PER_HOUR) * HOURS_PER_MONTH + lines
    assert prod["own_cluster_usd_per_month"] == pytest.approx(prod_expected, rel=1e-9)


def test_shared_cluster_with_dev_absent_hand_checked():
    """Shared cluster: prod's and dev's pods fit one node + 1 spare = 2 nodes in every hour (dev's
    pod or not), so it costs (2 x 0.192 + 0.10) x 730 = 353.32 USD/month plus the lines beside the
    nodes (a load balancer 0.0225 x 730 = 16.425, two 20 GiB disks x 0.08 = 3.2): 372.945; dev's share
    is half of each of its 60 hours (equal requests) and nothing in the other 108."""
    c = environment_costs(tiny_dev_scenario())
    lines = 0.0225 * HOURS_PER_MONTH + 2 * 20 * 0.08
    assert c.shared_usd_per_month == pytest.approx((2 * NODE_USD_PER_HOUR + CP_USD_PER_HOUR) * HOURS_PER_MONTH + lines)
    dev_share = (2 * NODE_USD_PER_HOUR + CP_USD_PER_HOUR + lines / HOURS_PER_MONTH) / 2 * 60 / 168 * HOURS_PER_MONTH
    assert c.table.set_index("environment").loc["dev", "shared_usd_per_month"] == pytest.approx(dev_share)
    assert c.shared_runs == 2


def test_one_cluster_per_environment_costs_at_least_the_extra_control_planes():
    c = environment_costs(env_example())
    n = len(c.table)
    assert n == 3 and list(c.table.columns) == list(ENV_COST_COLUMNS)
    assert c.per_environment_usd_per_month >= c.shared_usd_per_month + (n - 1) * CP_USD_PER_HOUR * HOURS_PER_MONTH
    assert c.per_environment_control_plane_usd_per_month == pytest.approx(n * CP_USD_PER_HOUR * HOURS_PER_MONTH)


def test_shares_add_up_and_absence_only_saves():
    c = environment_costs(env_example())
    assert c.table["shared_usd_per_month"].sum() == pytest.approx(c.shared_usd_per_month)
    assert c.table["own_cluster_usd_per_month"].sum() == pytest.approx(c.per_environment_usd_per_month)
    assert c.asis_usd_per_month == pytest.approx(planner.plan(env_example()).summary.asis_usd_per_month)
    assert 0 < c.scale_to_zero_saving_usd_per_month < c.headline_tobe_usd_per_month
    assert math.isclose(c.headline_tobe_usd_per_month - c.scale_to_zero_saving_usd_per_month, c.shared_usd_per_month)


def test_without_environments_the_options_coincide():
    c = environment_costs(default_scenario())
    p = planner.plan(default_scenario())
    assert list(c.table["environment"]) == ["default"]
    assert c.shared_usd_per_month == pytest.approx(p.summary.tobe_usd_per_month)
    assert c.per_environment_usd_per_month == pytest.approx(p.summary.tobe_usd_per_month)
    assert c.scale_to_zero_saving_usd_per_month == pytest.approx(0, abs=1e-9)


def test_split_name_round_trips():
    assert split_name("prod/A") == ("prod", "A") and split_name("A") == ("default", "A")


def test_options_above_the_work_budget_are_refused_before_any_run():
    """The example's extra runs: a run per environment (9 services) plus one without dev (at most 9):
    18 services x 40,320 steps of 15 s in a week = 725,760 service-steps."""
    from planner.scenario import WorkBudget

    with pytest.raises(ScenarioError) as exc:
        environment_costs(env_example(), object(), budget=WorkBudget("a test", 725_759, 2**40))
    assert "725,760 service-steps" in str(exc.value)
