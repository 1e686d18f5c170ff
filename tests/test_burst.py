"""Bursts inside the hour (planner/burst.py): the pattern's invariants, its average over any step,
and the fit from a per-minute trace (recovering known parameters, refitting the shipped traces)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.burst import (BurstFitError, duration_curve, fit_burst, minute_multipliers, step_multipliers)
from planner.scenario import DEFAULT_BAND_BURST, MINUTES_PER_HOUR, Burst, ScenarioError, validate_scenario
from planner.traces import load_azure_llm_2023

STEPS_DIVIDING_HOUR = [s for s in range(1, 3601) if 3600 % s == 0]


@st.composite
def bursts(draw):
    """Feasible (p, a): 60 minutes of mean 1 with max p and min a exist iff (60 - a)/59 <= p <= 60 - 59 a."""
    a = draw(st.floats(0.0, 0.95))
    lo, hi = (60 - a) / 59, 60 - 59 * a
    p = draw(st.floats(max(lo, 1.0) + 1e-6, hi))
    return p, a, draw(st.sampled_from(["scattered", "smooth"]))


@settings(derandomize=True, max_examples=150, deadline=None)
@given(b=bursts())
def test_minute_pattern_has_mean_one_the_peak_and_the_trough(b):
    p, a, shape = b
    m = np.array(minute_multipliers(p, a, shape))
    assert len(m) == MINUTES_PER_HOUR
    assert m.mean() == pytest.approx(1.0, abs=1e-12)
    # the mean is restored by one division, so the peak and trough move by the same tiny factor
    assert m.max() == pytest.approx(p, rel=1e-6)
    assert m.min() == pytest.approx(a, rel=1e-6, abs=1e-9)
    assert int(np.argmax(m)) == 30  # both orders put the busiest minute at minute 30


def test_duration_curve_is_a_power_curve_between_peak_and_trough():
    # r_i = a + (p - a) (1 - i/59)^k: (r_i - a) / (p - a) = (1 - i/59)^k, so log of it over log(1 - i/59) is one k
    p, a = 3.0, 0.2
    r = np.array(duration_curve(p, a))
    r = r / r[0] * p  # undo the (tiny) mean normalisation
    i = np.arange(1, 59)
    k = np.log((r[1:59] - a) / (p - a)) / np.log(1 - i / 59)
    assert np.ptp(k) < 1e-6
    assert ((1 - np.arange(60) / 59) ** k[0] * (p - a) + a).mean() == pytest.approx(1.0, abs=1e-9)


def test_straight_curve_when_the_trough_mirrors_the_peak():
    # a = 2 - p: the mean of a straight line from p to a is (p + a)/2 = 1, so k = 1
    r = np.array(duration_curve(1.5, 0.5))
    assert np.allclose(r, np.linspace(1.5, 0.5, 60), atol=1e-9)


def test_smooth_rises_to_minute_30_and_falls_after():
    m = np.array(minute_multipliers(2.0, 0.0, "smooth"))
    assert (np.diff(m[:31]) > 0).all() and (np.diff(m[30:]) < 0).all()


def test_scattered_is_a_permutation_with_little_autocorrelation():
    m = np.array(minute_multipliers(2.0, 0.0, "scattered"))
    assert sorted(m.round(12)) == sorted(np.array(duration_curve(2.0, 0.0)).round(12))
    assert abs(np.corrcoef(m[:-1], m[1:])[0, 1]) < 0.05


@pytest.mark.parametrize("step_s", STEPS_DIVIDING_HOUR)
def test_step_multipliers_are_the_exact_average_over_each_step(step_s):
    # brute force: the minute pattern at 1-second resolution, averaged over each step
    m = np.array(minute_multipliers(3.2, 0.1, "scattered"))
    per_second = np.repeat(m, 60)
    expected = per_second.reshape(-1, step_s).mean(axis=1)
    got = np.array(step_multipliers(3.2, 0.1, "scattered", step_s))
    assert got.shape == (3600 // step_s,)
    assert np.allclose(got, expected, rtol=1e-12)


def test_step_multipliers_hold_each_minute_at_15_s():
    m = minute_multipliers(2.0, 0.0, "smooth")
    assert step_multipliers(2.0, 0.0, "smooth", 15) == tuple(v for v in m for _ in range(4))


# --- the scenario setting ---------------------------------------------------------------------
@pytest.mark.parametrize(("burst", "words"), [
    pytest.param({"peak_to_mean": 1.0}, "greater than 1", id="no_peak"),
    pytest.param({"peak_to_mean": 61}, "less than or equal to 60", id="above_60"),
    pytest.param({"peak_to_mean": 40, "trough_to_mean": 0.5}, "at most 30.5", id="peak_too_high_for_the_trough"),
    pytest.param({"peak_to_mean": 1.005, "trough_to_mean": 0.0}, "at least 1.017", id="peak_too_low_for_the_trough"),
    pytest.param({"peak_to_mean": 2, "shape": "wavy"}, "'scattered' or 'smooth'", id="unknown_shape"),
])
def test_infeasible_bursts_are_refused_with_the_limit(burst, words):
    with pytest.raises(ScenarioError) as exc:
        validate_scenario({"services": [{"name": "a", "load_requests_per_s": [1.0], "burst": burst}]})
    assert any(p.startswith("services[0].burst") and words in m for p, m in exc.value.problems), exc.value.problems


def test_default_trough_is_a_straight_curve_up_to_twice_the_mean():
    assert Burst(peak_to_mean=1.4).trough == pytest.approx(0.6)
    assert Burst(peak_to_mean=3.0).trough == 0.0


# --- the fit ----------------------------------------------------------------------------------
@pytest.mark.parametrize(("p", "a", "shape"), [
    pytest.param(2.5, 0.1, "scattered", id="bursty"),
    pytest.param(1.4, 0.7, "smooth", id="smooth"),
    pytest.param(3.846, 0.024, "scattered", id="azure_code_like"),
])
def test_fit_recovers_a_known_pattern(p, a, shape):
    # 24 hours of different hourly means, each with the same minute pattern: only ratios matter to the fit
    hourly = 50.0 + 400.0 * np.abs(np.sin(np.arange(24) / 4.0))
    series = np.concatenate([h * np.array(minute_multipliers(p, a, shape)) for h in hourly])
    f = fit_burst(series)
    assert f.hours == 24
    assert f.peak_to_mean == pytest.approx(p, rel=1e-6)
    assert f.trough_to_mean == pytest.approx(a, abs=1e-4)
    assert f.shape == shape
    assert f.r2_curve > 0.999999


def test_fit_of_the_shipped_traces_gives_the_documented_bursts():
    # the constants in planner.scenario (DEFAULT_BAND_BURST and the conversation fit in its comment)
    code = fit_burst(load_azure_llm_2023("code")[0]["load_requests_per_s"].to_numpy())
    conv = fit_burst(load_azure_llm_2023("conv")[0]["load_requests_per_s"].to_numpy())
    assert code.as_scenario() == DEFAULT_BAND_BURST
    assert conv.as_scenario() == {"peak_to_mean": 1.506, "trough_to_mean": 0.751, "shape": "smooth"}
    # data/README.md: per-minute peak/mean 3.85 (code) and 1.51 (conversation)
    assert round(code.peak_to_mean, 2) == 3.85 and round(conv.peak_to_mean, 2) == 1.51
    assert code.r2_curve > 0.95 and conv.r2_curve > 0.95
    Burst(**code.as_scenario())  # the rounded fit is a valid setting


@pytest.mark.parametrize(("series", "words"), [
    pytest.param([1.0] * 20, "at least 30", id="too_short"),
    pytest.param([5.0] * 120, "flat", id="flat"),
    pytest.param([0.0] * 120, "load above 0", id="no_load"),
    pytest.param([1.0] * 59 + [-1.0], "values >= 0", id="negative"),
])
def test_degenerate_traces_are_refused_with_a_reason(series, words):
    with pytest.raises(BurstFitError, match=words):
        fit_burst(series)


def test_fit_ignores_hours_with_too_few_minutes():
    # 90 minutes: the first hour counts, the last 30 minutes count too (at least 30); 80 minutes: 20 left over do not
    pattern = np.array(minute_multipliers(2.0, 0.0, "scattered"))
    assert fit_burst(np.concatenate([pattern, pattern[:30]])).hours == 2
    assert fit_burst(np.concatenate([pattern, pattern[:20]])).hours == 1
    assert math.isfinite(fit_burst(pattern).autocorr_lag1)
