"""Load at any resolution (a service's ``load: {step_s, requests_per_s}``), bursts on hourly
profiles, and the shortfall band (``plan(..., band=True)``): docs/model.md "Time" and "The
shortfall band"."""

from __future__ import annotations

import math

import numpy as np
import pytest

import planner
from planner.burst import step_multipliers
from planner.engine import scenario_hourly_load, scenario_step_load
from planner.planning import BAND_VARIANTS, band_scenario, shortfall_band
from planner.scenario import MAX_LOAD_SERIES_VALUES, ScenarioError, validate_scenario
from planner.scenario_io import default_scenario, dump_scenario, parse_scenario_text, scenario_to_dict


def fine(values, step_s=60, name="a", **extra):
    return {"name": name, "load": {"step_s": step_s, "requests_per_s": list(values)}, **extra}


def scenario(*services, step_s=15, **top):
    return validate_scenario({"services": list(services), "simulation": {"step_s": step_s}, **top})


def problems_of(d):
    with pytest.raises(ScenarioError) as exc:
        validate_scenario(d)
    return exc.value.problems


def has(problems, path, words):
    return any(p == path and words in m for p, m in problems)


# --- the format -------------------------------------------------------------------------------
@pytest.mark.parametrize(("service", "path", "words"), [
    pytest.param(fine([1.0] * 59), "services[0].load", "59 values at 60 s cover 0.9833 hours", id="not_whole_hours"),
    pytest.param(fine([1.0] * 60, step_s=7), "services[0].load.step_s", "must divide 3600", id="step_not_dividing_hour"),
    pytest.param(fine([1.0] * 2, step_s=3600), "services[0].load.step_s", "less than or equal to 1800", id="hourly_series"),
    pytest.param(fine([1.0] * 59 + [-3.0]), "services[0].load", "value 59 (t = 3,540 s): -3 is negative", id="negative"),
    pytest.param(fine([1.0] * 59 + ["x"]), "services[0].load", "value 59 (t = 3,540 s): 'x' is not a number", id="text"),
    pytest.param(fine([1.0] * 59 + [float("inf")]), "services[0].load", "not a finite number", id="infinite"),
    pytest.param(fine([1.0] * 60, load_requests_per_s=[1.0]), "services[0]", "exactly one of them; got both", id="both"),
    pytest.param({"name": "a"}, "services[0]", "exactly one of them", id="neither"),
    pytest.param(fine([1.0] * 60, burst={"peak_to_mean": 2}), "services[0]", "burst applies to hourly", id="burst_on_fine"),
])
def test_bad_fine_series_name_the_field(service, path, words):
    ps = problems_of({"services": [service]})
    assert has(ps, path, words), ps


def test_the_count_of_values_is_bounded():
    ps = problems_of({"services": [fine([1.0] * (MAX_LOAD_SERIES_VALUES + 60))]})
    assert has(ps, "services[0].load.requests_per_s", f"at most {MAX_LOAD_SERIES_VALUES}"), ps


def test_series_and_simulation_step_must_divide_one_another():
    ps = problems_of({"services": [fine([1.0] * 80, step_s=45)], "simulation": {"step_s": 60}})
    assert has(ps, "services[0].load.step_s", "45 s and simulation.step_s 60 s: one must divide the other"), ps
    scenario(fine([1.0] * 80, step_s=45), step_s=15)  # 15 divides 45: fine


def test_a_series_tiles_the_horizon_only_when_its_hours_divide_it():
    ps = problems_of({"services": [fine([1.0] * 120), {"name": "b", "load_requests_per_s": [1.0] * 3}]})
    assert has(ps, "services[0].load.requests_per_s", "2 hours do not tile the 3-hour horizon"), ps
    sc = scenario(fine([1.0] * 60), {"name": "b", "load_requests_per_s": [1.0] * 24})
    assert sc.horizon_hours == 24


def test_old_files_dump_exactly_as_before_and_new_ones_round_trip():
    d = scenario_to_dict(default_scenario())
    assert all(set(s) & {"load", "burst"} == set() for s in d["services"])
    assert "band_burst" not in d["simulation"]
    sc = scenario(fine(np.arange(120.0)), {"name": "b", "load_requests_per_s": [3.0, 4.0], "burst": {"peak_to_mean": 2}},
                  simulation={"step_s": 15, "band_burst": {"peak_to_mean": 1.5, "shape": "smooth"}})
    for fmt in ("yaml", "json"):
        again = parse_scenario_text(dump_scenario(sc, fmt), fmt)
        assert again == sc
    assert "load_requests_per_s" not in scenario_to_dict(sc)["services"][0]


# --- per-step load ----------------------------------------------------------------------------
def test_a_coarser_series_is_held_over_finer_steps():
    v = np.arange(60.0)
    load = scenario_step_load(scenario(fine(v), step_s=15))
    assert load[:, 0].tolist() == np.repeat(v, 4).tolist()


def test_a_finer_series_is_averaged_over_coarser_steps():
    v = np.arange(720.0) ** 1.5  # 5-second values, sim step 60 s: means of 12
    load = scenario_step_load(scenario(fine(v, step_s=5), step_s=60))
    assert np.allclose(load[:, 0], v.reshape(60, 12).mean(axis=1), rtol=1e-15)


def test_growth_and_tiling_apply_to_a_series():
    v = np.linspace(10, 70, 60)
    sc = scenario(fine(v), {"name": "b", "load_requests_per_s": [1.0] * 3}, step_s=60, growth_frac=0.5)
    load = scenario_step_load(sc)
    assert np.allclose(load[:, 0], np.tile(v * 1.5, 3))
    assert np.allclose(scenario_hourly_load(sc)[:, 0], [v.mean() * 1.5] * 3)


def test_burst_keeps_every_hours_mean_and_peaks_at_its_factor():
    hourly = [100.0, 400.0, 250.0]
    sc = scenario({"name": "a", "load_requests_per_s": hourly, "burst": {"peak_to_mean": 3.0, "shape": "scattered"}},
                  step_s=15)
    load = scenario_step_load(sc)[:, 0].reshape(3, 240)
    assert np.allclose(load.mean(axis=1), hourly, rtol=1e-12)
    assert np.allclose(load.max(axis=1), np.array(hourly) * 3.0, rtol=1e-6)
    m = np.array(step_multipliers(3.0, 0.0, "scattered", 15))
    assert np.array_equal(load[1], 400.0 * m)


# --- what the plan reports --------------------------------------------------------------------
SPIKY = [100.0] * 30 + [900.0] + [100.0] * 29  # one busy minute per hour: hourly mean 113.33


def test_frames_report_hourly_means_and_the_true_peak_of_a_series():
    sc = scenario(fine(SPIKY * 2), step_s=15)
    p = planner.plan(sc)
    assert np.allclose(p.hourly["load_requests_per_s"], np.mean(SPIKY))
    assert p.hourly["peak_load_requests_per_s"].tolist() == [900.0, 900.0]
    row = p.services.iloc[0]
    assert row.peak_load_requests_per_s == 900.0
    assert row.mean_load_requests_per_s == pytest.approx(np.mean(SPIKY))
    assert p.summary.load_step_s == 60


def test_as_is_is_sized_for_the_busiest_minute_not_the_hourly_mean():
    # default usage and server: m5.xlarge 4 vCPU, 100 m OS reserve, 70 % target, 50 m idle, 10 m per request/s:
    # capacity at target = (3900 x 0.7 - 50) / 10 = 268 requests/s; 900 / 268 -> 4 servers, + 1 backup = 5
    cap_t = (3900 * 0.7 - 50) / 10
    p = planner.plan(scenario(fine(SPIKY), step_s=15))
    assert p.services.iloc[0].asis_servers == math.ceil(900 / cap_t) + 1 == 5
    hourly = planner.plan(scenario({"name": "a", "load_requests_per_s": [float(np.mean(SPIKY))]}, step_s=15))
    assert hourly.services.iloc[0].asis_servers == math.ceil(np.mean(SPIKY) / cap_t) + 1 == 2


def test_plan_without_band_leaves_the_band_unset():
    s = planner.plan(default_scenario()).summary
    assert s.tobe_shortfall_frac_band is None
    assert (s.tobe_shortfall_frac_step, s.tobe_shortfall_frac_linear, s.tobe_shortfall_frac_burst) == (None, None, None)
    assert s.load_step_s == 3600


def test_default_scenarios_band_runs_each_variant():
    sc = default_scenario()
    p = planner.plan(sc, band=True)
    s = p.summary
    # the scenario is step-held without bursts: its own run is the band's step run
    assert s.tobe_shortfall_requests_step == s.tobe_shortfall_requests
    for v in ("linear", "burst"):
        alone = planner.plan(band_scenario(sc, v)).summary
        assert getattr(s, f"tobe_shortfall_requests_{v}") == alone.tobe_shortfall_requests
        assert getattr(s, f"tobe_shortfall_frac_{v}") == alone.tobe_shortfall_frac
    low, high = s.tobe_shortfall_frac_band
    assert low == min(s.tobe_shortfall_frac_step, s.tobe_shortfall_frac_linear, s.tobe_shortfall_frac_burst)
    assert high == s.tobe_shortfall_frac_burst > s.tobe_shortfall_frac  # bursts hide risk the hourly view does not show
    assert any(code == "shortfall_band_burst" for code, _ in s.warning_items)
    # the band changes no other figure of the plan
    plain = planner.plan(sc).summary
    assert s.tobe_usd_per_month == plain.tobe_usd_per_month and s.asis_usd_per_month == plain.asis_usd_per_month


def test_band_variants_change_only_hourly_services():
    sc = scenario(fine([50.0] * 60), {"name": "b", "load_requests_per_s": [10.0], "burst": {"peak_to_mean": 2}},
                  {"name": "c", "load_requests_per_s": [10.0]}, simulation={"step_s": 15, "interpolation": "linear"})
    default_burst = sc.simulation.band_burst_or_default
    for v in BAND_VARIANTS:
        b = band_scenario(sc, v)
        assert b.services[0] == sc.services[0]
        assert b.simulation.interpolation == ("linear" if v == "linear" else "step")
        assert b.services[1].burst == (sc.services[1].burst if v == "burst" else None)
        assert b.services[2].burst == (default_burst if v == "burst" else None)


def test_no_band_when_every_load_is_a_fine_series():
    sc = scenario(fine(SPIKY), step_s=15)
    assert shortfall_band(sc) is None
    assert planner.plan(sc, band=True).summary.tobe_shortfall_frac_band is None


def test_an_azure_per_minute_trace_plans_at_its_resolution():
    from planner.traces import load_azure_llm_2023

    frame, _ = load_azure_llm_2023("code")
    v = frame["load_requests_per_s"].to_numpy()
    v = np.concatenate([v, np.full(60 - len(v), v.mean())])  # 56 minutes; the last 4 at the hour's mean
    p = planner.plan(scenario(fine(v * 100), step_s=15))
    assert p.summary.horizon_hours == 1 and p.summary.load_step_s == 60
    assert p.hourly["load_requests_per_s"].iloc[0] == pytest.approx(v.mean() * 100)
    assert p.summary.load_requests_total == pytest.approx(v.sum() * 100 * 60)


def test_the_load_table_leaves_measured_series_alone():
    """planner.ui.state: the hourly table holds the hourly services only; the scenario keeps the series."""
    from planner.ui import state as S

    d = scenario_to_dict(scenario(fine(SPIKY), {"name": "b", "load_requests_per_s": [5.0] * 24}))
    lt = S.tables_from_services(d["services"])
    assert lt.services == ["b"] and lt.mode == S.MODE_DAY
    loads = S.loads_from_values(lt, S.read_tables(lt)[0])
    out = validate_scenario(S.build_scenario_dict(d, {}, {**loads, "b": [7.0] * 24}))
    assert out.services[0].load.requests_per_s == tuple(SPIKY) and out.services[1].load_requests_per_s == (7.0,) * 24
