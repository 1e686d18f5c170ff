"""The shipped real traces (planner.traces) and their plans (issue 2: real traces through the engine).

Loader figures are checked against the team's trace statistics (``load_trace_stats.json`` of the
reference data, copied here as numbers: rows, totals, peak/mean, day-of-week shapes).

Plans: each trace becomes a service with **stated per-request costs** and a **stated scaling**
(see each test's docstring); the summaries are checked for invariants computed independently here.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import planner
from planner.catalog import resolve_instance
from planner.scenario import InstanceRef
from planner.traces import (TRACES, TraceError, day_of_week_profile, hour_of_day_profile, load_aws_elb_requests_2014,
                            load_azure_llm_2023, load_hour_of_day_profiles, load_nasa_http_1995, load_trace,
                            read_trace_csv, scaled_profile)

META_KEYS = {"name", "file", "source", "original_source", "licence", "time_zone", "interval_s", "aggregation", "rows",
             "gaps", "notes"}


# --- loaders -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name, rows, total, peak_to_mean, interval_s", [
    pytest.param("nasa_http_1995", 1366, 3_457_493, 5.897, 3600, id="nasa"),
    pytest.param("aws_elb_requests_2014", 336, 249_105, 3.407, 3600, id="aws_elb"),
    pytest.param("azure_llm_conv_2023", 58, 19_338, 1.506, 60, id="azure_conv"),
    pytest.param("azure_llm_code_2023", 56, 8_519, 3.846, 60, id="azure_code"),
])
def test_trace_loads_with_its_figures(name, rows, total, peak_to_mean, interval_s):
    frame, meta = load_trace(name)
    assert set(meta) == META_KEYS
    assert meta["rows"] == len(frame) == rows and meta["interval_s"] == interval_s
    assert meta["licence"] and meta["source"] and meta["time_zone"]
    assert list(frame.columns) == ["load_requests", "load_requests_per_s"] and frame.index.name == "time"
    assert frame["load_requests"].sum() == pytest.approx(total, abs=1)
    assert np.allclose(frame["load_requests_per_s"], frame["load_requests"] / interval_s)
    x = frame["load_requests"]
    assert x.max() / x.mean() == pytest.approx(peak_to_mean, abs=0.002)


def test_nasa_is_local_edt_with_two_gaps_and_the_launch_peak():
    frame, meta = load_nasa_http_1995()
    assert str(frame.index[0]) == "1995-07-01 00:00:00-04:00"
    assert "EDT" in meta["time_zone"] and "freely redistributed" in meta["licence"]
    assert [(str(a), str(b)) for a, b in meta["gaps"]] == [
        ("1995-07-28 13:00:00-04:00", "1995-07-31 23:00:00-04:00"),  # the July log ends
        ("1995-08-01 14:00:00-04:00", "1995-08-03 04:00:00-04:00"),  # Hurricane Erin outage
    ]
    assert str(frame["load_requests"].idxmax()) == "1995-07-13 09:00:00-04:00"  # STS-70 launch


def test_aws_elb_is_complete_and_mit_licensed():
    frame, meta = load_aws_elb_requests_2014()
    assert meta["gaps"] == [] and frame.index.tz is None
    assert "MIT" in meta["licence"] and "UNVERIFIED" in meta["time_zone"]


def test_azure_kinds():
    assert load_azure_llm_2023("code")[1]["name"] == "azure_llm_code_2023"
    with pytest.raises(ValueError, match="conv"):
        load_azure_llm_2023("chat")


def test_world_cup_is_not_shipped():
    """World Cup 98 is licensed for non-commercial use only: neither the trace nor its column ship."""
    assert not any("worldcup" in n for n in TRACES)
    hod, meta = load_hour_of_day_profiles()
    assert list(hod.columns) == ["nasa_http_1995", "aws_elb_requests_2014"]
    with pytest.raises(KeyError, match="shipped traces"):
        load_trace("worldcup98")


@pytest.mark.parametrize("name", ["nasa_http_1995", "aws_elb_requests_2014"])
def test_hour_of_day_file_matches_the_traces(name):
    hod, _ = load_hour_of_day_profiles()
    frame, _ = load_trace(name)
    assert np.allclose(hour_of_day_profile(frame), hod[name].to_numpy(), atol=6e-4)


@pytest.mark.parametrize("name, expected", [
    pytest.param("nasa_http_1995", [1.094, 1.067, 1.186, 1.255, 1.086, 0.657, 0.655], id="nasa_office_week"),
    pytest.param("aws_elb_requests_2014", [0.992, 1.144, 1.159, 1.111, 1.028, 0.825, 0.74], id="aws_elb_week"),
])
def test_day_of_week_shape(name, expected):
    assert np.allclose(day_of_week_profile(load_trace(name)[0]), expected, atol=6e-4)


def test_missing_column_lists_required_and_found(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("when,hits\n2020-01-01T00:00:00,5\n")
    with pytest.raises(TraceError, match=r"missing columns \['time', 'load_requests'\].*found \['when', 'hits'\]"):
        read_trace_csv(p, 3600)


@pytest.mark.parametrize("value", ["-3", "abc", ""])
def test_bad_count_names_the_line(tmp_path, value):
    p = tmp_path / "t.csv"
    p.write_text(f"timestamp,value\n2020-01-01T00:00:00,5\n2020-01-01T01:00:00,{value}\n")
    with pytest.raises(TraceError, match="line 3"):
        read_trace_csv(p, 3600)


def test_time_must_increase(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("timestamp,requests\n2020-01-01T01:00:00,5\n2020-01-01T00:00:00,6\n")
    with pytest.raises(TraceError, match="line 3"):
        read_trace_csv(p, 3600)


def test_scaled_profile():
    frame = pd.DataFrame({"load_requests_per_s": [1.0, 4.0, 2.0]})
    assert scaled_profile(frame, peak_requests_per_s=100) == (25.0, 100.0, 50.0)
    assert scaled_profile(frame, scale=2) == (2.0, 8.0, 4.0)
    with pytest.raises(ValueError, match="exactly one"):
        scaled_profile(frame)


# --- real traces through the engine ----------------------------------------------------------
#: m5.xlarge (the default As-Is server): 4 vCPU, 16 GiB; checked against the catalog below.
SERVER_CPU_MILLICORES, SERVER_MEMORY_MIB = 4000.0, 16384.0
NASA_COSTS = {"requests": {"cpu_millicores": 500, "memory_mib": 512},
              "usage": {"cpu_millicores_base": 50, "cpu_millicores_per_rps": 10,
                        "memory_mib_base": 200, "memory_mib_per_rps": 0.5}}
AWS_COSTS = {"requests": {"cpu_millicores": 1000, "memory_mib": 1024},
             "usage": {"cpu_millicores_base": 100, "cpu_millicores_per_rps": 20,
                       "memory_mib_base": 300, "memory_mib_per_rps": 1.0}}


def _nasa_profile(hours=None):
    frame, _ = load_nasa_http_1995()
    prof = scaled_profile(frame, peak_requests_per_s=300.0)
    return prof if hours is None else prof[:hours]


def _aws_profile():
    frame, _ = load_aws_elb_requests_2014()
    return scaled_profile(frame, peak_requests_per_s=150.0)


def _expected_asis_servers(scenario: planner.Scenario) -> int:
    """``sum(max(1, ceil(peak / capacity at target)) + backups)`` from the scenario's numbers alone."""
    a = scenario.as_is
    total = 0
    for s in scenario.services:
        u = s.usage
        caps = [((SERVER_CPU_MILLICORES - a.os_reserved_cpu_millicores) * a.target_utilization_frac
                 - u.cpu_millicores_base) / u.cpu_millicores_per_rps,
                ((SERVER_MEMORY_MIB - a.os_reserved_memory_mib) * a.target_utilization_frac
                 - u.memory_mib_base) / u.memory_mib_per_rps]
        peak = max(s.load_requests_per_s) * (1 + scenario.growth_frac)
        backups = s.backup_servers if s.backup_servers is not None else a.backup_servers_per_service
        total += max(1, math.ceil(peak / min(caps) - 1e-9)) + backups
    return total


def _check_invariants(plan: planner.Plan) -> None:
    s = plan.summary
    sc = plan.scenario
    H = sc.horizon_hours
    assert s.horizon_hours == H
    # costs
    assert s.asis_usd_total > 0 and s.tobe_usd_total > 0 and s.tobe_compute_usd_total > 0
    # nodes + control plane + the lines beside the nodes (tobe_other holds the control plane and the lines)
    assert s.tobe_usd_total == pytest.approx(s.tobe_compute_usd_total + s.tobe_other_usd_per_month * H / 730.0)
    assert s.tobe_other_usd_per_month * H / 730.0 >= s.tobe_control_plane_usd_total - 1e-9
    # As-Is servers, recomputed independently
    assert s.asis_servers_total == _expected_asis_servers(sc)
    assert s.asis_server_hours == pytest.approx(s.asis_servers_total * H)
    # node-hours between the fewest and the most nodes for every hour
    assert 1 <= s.tobe_nodes_min <= s.tobe_nodes_mean <= s.tobe_nodes_peak
    assert s.tobe_nodes_min * H - 1e-6 <= s.tobe_node_hours <= s.tobe_nodes_peak * H + 1e-6
    assert s.tobe_node_hours == pytest.approx(s.tobe_nodes_mean * H)
    # risk
    for frac in (s.tobe_shortfall_frac, s.asis_shortfall_frac):
        assert 0.0 <= frac <= 1.0
    assert s.tobe_shortfall_requests == pytest.approx(s.tobe_shortfall_frac * s.load_requests_total)
    assert s.asis_shortfall_requests == 0.0  # sized for the peak, no deploy windows here
    assert s.load_requests_total == pytest.approx(
        sum(sum(v.load_requests_per_s) * (H // len(v.load_requests_per_s)) for v in sc.services) * 3600, rel=1e-9)
    # monthly figures = hourly mean x hours_per_month (730); savings consistent with both
    ch = plan.cluster_hourly
    assert s.hours_per_month == 730.0
    assert s.asis_usd_per_month == pytest.approx(ch["asis_usd"].mean() * 730.0)
    assert s.tobe_usd_per_month == pytest.approx(ch["tobe_usd"].mean() * 730.0)
    assert s.asis_usd_per_day == pytest.approx(s.asis_usd_total / (H / 24))
    assert s.savings_usd_per_month == pytest.approx(s.asis_usd_per_month - s.tobe_usd_per_month)
    assert s.savings_frac == pytest.approx(s.savings_usd_per_month / s.asis_usd_per_month)
    assert ch["tobe_usd"].sum() == pytest.approx(s.tobe_usd_total)
    assert ch["asis_usd"].sum() == pytest.approx(s.asis_usd_total)


def test_server_shape_matches_catalog():
    m5 = resolve_instance(InstanceRef(), "as_is.server")
    assert m5.instance_type == "m5.xlarge"
    assert (m5.cpu_millicores, m5.memory_mib) == (SERVER_CPU_MILLICORES, SERVER_MEMORY_MIB)


def test_nasa_1995_plan():
    """NASA 1995, all 1366 hours (gaps closed up), scaled by 300 / 4.146 = 72.4 so the busiest hour
    (the STS-70 launch) is 300 requests/s; a request costs 10 millicores CPU and 0.5 MiB on top of a
    50 millicore / 200 MiB pod baseline, pods request 500 millicores / 512 MiB (45 requests/s each)."""
    sc = planner.validate_scenario({"name": "NASA 1995", "services": [
        {"name": "nasa", "load_requests_per_s": _nasa_profile(), "hpa": {"max_replicas": 40}, **NASA_COSTS}]})
    plan = planner.plan(sc)
    assert plan.summary.horizon_hours == 1366
    _check_invariants(plan)


def test_aws_elb_2014_plan():
    """AWS ELB 2014, 336 hours, scaled by 150 / 0.702 = 214 so its busiest hour is 150 requests/s; a
    request costs 20 millicores CPU and 1 MiB on top of a 100 millicore / 300 MiB baseline, pods
    request 1000 millicores / 1024 MiB (45 requests/s each)."""
    sc = planner.validate_scenario({"name": "AWS ELB 2014", "services": [
        {"name": "elb", "load_requests_per_s": _aws_profile(), "hpa": {"max_replicas": 40}, **AWS_COSTS}]})
    plan = planner.plan(sc)
    assert plan.summary.horizon_hours == 336
    _check_invariants(plan)


def test_both_traces_share_a_cluster():
    """The first 1344 hours of NASA (scaled as above) next to AWS ELB (scaled as above, its 336 hours
    tiled four times), two backups each, one m5.xlarge node pool: consolidation of two real shapes."""
    sc = planner.validate_scenario({"name": "NASA + AWS ELB", "as_is": {"backup_servers_per_service": 2},
                                    "services": [
        {"name": "nasa", "load_requests_per_s": _nasa_profile(1344), "hpa": {"max_replicas": 40}, **NASA_COSTS},
        {"name": "elb", "load_requests_per_s": _aws_profile(), "hpa": {"max_replicas": 40}, **AWS_COSTS}]})
    plan = planner.plan(sc)
    assert plan.summary.horizon_hours == 1344
    assert plan.summary.asis_backup_servers_total == 4
    _check_invariants(plan)
    # sharing nodes: the pool's peak is at most the two services' peaks packed separately
    assert plan.summary.tobe_nodes_peak <= plan.summary.asis_servers_total
