"""Synthetic fleet load (planner.synth): determinism, chunk invariance, and the shape it promises.

The templates are the shipped traces' hour-of-day and day-of-week shapes (planner.traces)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planner
from planner.synth import (MINUTES_PER_DAY, ShapeTemplates, fleet_load, fleet_load_chunk, fleet_peak_and_mean,
                           hourly_profiles, iter_fleet_load, make_fleet_spec)
from planner.traces import shape_templates

TEMPLATES = shape_templates()


def _spec(seed=7, services=9, minutes=3 * MINUTES_PER_DAY, **kw):
    return make_fleet_spec(services, minutes, np.random.default_rng(seed), TEMPLATES, **kw)


def _smooth(spec, a, b):
    """The smooth part (knots interpolated at minute midpoints), recomputed independently in float64."""
    m = np.arange(a, b)
    h, j = m // 60, m % 60
    return spec.knots[h].astype(float) + spec.slopes[h].astype(float) * ((j + 0.5) / 60.0)[:, None]


def _without_spikes(spec):
    empty_i, empty_f = np.zeros(0, np.int64), np.zeros(0)
    return dataclasses.replace(spec, spike_service=empty_i, spike_start_minute=empty_i,
                               spike_peak_requests_per_s=empty_f, spike_rise_minutes=empty_f,
                               spike_decay_minutes=empty_f)


# --- determinism -----------------------------------------------------------------------------
def test_same_seed_gives_identical_fleet_and_load():
    a, b = _spec(seed=3), _spec(seed=3)
    for f in dataclasses.fields(a):
        va, vb = getattr(a, f.name), getattr(b, f.name)
        if isinstance(va, np.ndarray):
            assert np.array_equal(va, vb), f.name
        else:
            assert va == vb, f.name
    assert np.array_equal(fleet_load(a), fleet_load(b))


def test_different_seed_gives_different_load():
    assert not np.array_equal(fleet_load(_spec(seed=1)), fleet_load(_spec(seed=2)))


def test_output_type_shape_and_range():
    spec = _spec()
    x = fleet_load_chunk(spec, 5, 905)
    assert x.dtype == np.float32 and x.shape == (900, spec.n_services) and x.flags["C_CONTIGUOUS"]
    assert np.isfinite(x).all() and (x >= 0).all()
    assert fleet_load_chunk(spec, 10, 10).shape == (0, spec.n_services)


# --- chunk invariance ------------------------------------------------------------------------
@pytest.mark.parametrize("chunk", [pytest.param(1, id="one_minute"), pytest.param(7, id="odd_7"),
                                   pytest.param(60, id="hour"), pytest.param(61, id="hour_plus_1"),
                                   pytest.param(1440, id="day"), pytest.param(2000, id="unaligned_2000")])
def test_chunked_equals_whole_bit_for_bit(chunk):
    spec = _spec(spike_rate_per_day=2.0)  # many spikes, so some straddle chunk edges
    assert spec.spike_start_minute.size > 10
    whole = fleet_load(spec)
    parts = np.concatenate([c for _, c in iter_fleet_load(spec, chunk)])
    assert np.array_equal(whole, parts)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(cuts=st.lists(st.integers(min_value=1, max_value=2 * MINUTES_PER_DAY - 18), max_size=12, unique=True))
def test_any_chunking_is_bit_identical(cuts):
    """Including a horizon that ends inside an hour."""
    spec = _spec(seed=11, services=5, minutes=2 * MINUTES_PER_DAY - 17, spike_rate_per_day=3.0)
    whole = fleet_load(spec)
    edges = [0, *sorted(cuts), spec.n_minutes]
    parts = np.concatenate([fleet_load_chunk(spec, a, b) for a, b in zip(edges[:-1], edges[1:])])
    assert np.array_equal(whole, parts)


# --- the shape ---------------------------------------------------------------------------------
def test_noise_has_the_stated_mean_and_standard_deviation():
    spec = _without_spikes(_spec(seed=5, services=20, minutes=7 * MINUTES_PER_DAY))
    ratio = fleet_load(spec) / _smooth(spec, 0, spec.n_minutes)
    assert np.allclose(ratio.mean(axis=0), 1.0, atol=0.005)
    assert np.allclose(ratio.std(axis=0), spec.noise_frac, rtol=0.05)
    assert np.abs(ratio - 1).max(axis=0).max() <= np.sqrt(3) * spec.noise_frac.max() + 1e-5  # uniform noise


def test_spikes_add_their_stated_volume():
    spec = _spec(seed=9, services=6, minutes=14 * MINUTES_PER_DAY, spike_rate_per_day=0.5)
    calm = _without_spikes(spec)
    extra = fleet_load(spec).astype(float) - fleet_load(calm).astype(float)
    assert (extra >= -1e-3).all()
    # each event adds about peak * (rise / 2 + decay) request-minutes (less what the horizon cuts off)
    t_end = spec.n_minutes - spec.spike_start_minute
    full = spec.spike_end_minute <= spec.n_minutes
    expected = spec.spike_peak_requests_per_s * (spec.spike_rise_minutes / 2 + spec.spike_decay_minutes)
    per_service = np.bincount(spec.spike_service[full], expected[full], minlength=spec.n_services)
    cut = np.bincount(spec.spike_service[~full], spec.spike_peak_requests_per_s[~full]
                      * np.minimum(t_end[~full], spec.spike_rise_minutes[~full] + spec.spike_decay_minutes[~full]),
                      minlength=spec.n_services)
    got = extra.sum(axis=0)
    assert np.all(got >= 0.9 * per_service)
    assert np.all(got <= 1.1 * (per_service + cut) + 1e-6)


def test_fleet_statistics_are_realistic():
    """Hourly peak/mean per service between 1.2 and 12 (the shipped traces: AWS ELB 3.4, NASA 5.9,
    World Cup 7.8), long-run mean near the drawn scale, weekends quieter for office-hours services."""
    spec = _spec(seed=21, services=120, minutes=28 * MINUTES_PER_DAY)
    hourly = hourly_profiles(spec)
    ratio = hourly.max(axis=0) / hourly.mean(axis=0)
    assert ratio.min() > 1.2 and ratio.max() < 12
    assert 1.5 < np.median(ratio) < 5
    growth = 1 + spec.growth_frac_per_year * (14 * 24 / 8760)  # at mid-horizon
    rel = hourly.mean(axis=0) / (spec.mean_requests_per_s * growth)
    assert 0.85 < np.median(rel) < 1.2
    # office-hours template (NASA) without a night shift: the fleet's mean day follows the template
    nasa = TEMPLATES.names.index("nasa_http_1995")
    cols = np.flatnonzero((spec.template == nasa) & (spec.phase_hours == 0))
    assert cols.size >= 3
    norm = hourly[:, cols] / hourly[:, cols].mean(axis=0)
    day = norm.reshape(28, 24, -1).mean(axis=(0, 2))
    assert np.corrcoef(day, TEMPLATES.hour_of_day[nasa])[0, 1] > 0.9
    # weekends (minute 0 is a Monday): days 5, 6 of each week are below the weekdays on average
    nasa_all = np.flatnonzero(spec.template == nasa)
    daily = hourly[:, nasa_all].reshape(28, 24, -1).mean(axis=1)
    dow = daily.reshape(4, 7, -1).mean(axis=(0, 2))
    assert dow[5:].mean() < 0.9 * dow[:5].mean()


def test_scale_is_lognormal_around_the_median():
    spec = _spec(seed=2, services=2000, minutes=60, median_requests_per_s=50.0)
    assert 40 < np.median(spec.mean_requests_per_s) < 62
    assert spec.mean_requests_per_s.max() / spec.mean_requests_per_s.min() > 100  # a few big, many small


def test_peak_and_mean_one_pass():
    spec = _spec(seed=4, services=3, minutes=2 * MINUTES_PER_DAY)
    x = fleet_load(spec)
    peak, mean = fleet_peak_and_mean(spec, chunk_minutes=333)
    assert np.array_equal(peak, x.max(axis=0).astype(float))
    assert np.allclose(mean, x.mean(axis=0, dtype=np.float64))


def test_hourly_profiles_feed_a_plan():
    spec = _spec(seed=8, services=3, minutes=2 * MINUTES_PER_DAY, median_requests_per_s=80.0)
    hourly = hourly_profiles(spec)
    assert hourly.shape == (48, 3)
    x = fleet_load(spec)
    assert np.allclose(hourly[5], x[300:360].mean(axis=0), rtol=1e-6)
    scenario = planner.validate_scenario({"services": [
        {"name": n, "load_requests_per_s": [float(v) for v in hourly[:, i]], "hpa": {"max_replicas": 200}}
        for i, n in enumerate(spec.service_names())]})
    plan = planner.plan(scenario)
    assert plan.summary.tobe_usd_total > 0 and plan.summary.asis_usd_total > 0


# --- input checks ------------------------------------------------------------------------------
@pytest.mark.parametrize("args, match", [
    pytest.param((0, 60), "n_services", id="no_services"),
    pytest.param((3, 0), "n_minutes", id="no_minutes"),
])
def test_bad_spec_is_refused(args, match):
    with pytest.raises(ValueError, match=match):
        make_fleet_spec(*args, np.random.default_rng(0), TEMPLATES)


def test_chunk_outside_horizon_is_refused():
    spec = _spec(minutes=120)
    with pytest.raises(ValueError, match="outside the horizon"):
        fleet_load_chunk(spec, 100, 121)
    with pytest.raises(ValueError, match="outside the horizon"):
        fleet_load_chunk(spec, 50, 40)


def test_templates_are_validated_and_normalized():
    with pytest.raises(ValueError, match="hour_of_day"):
        ShapeTemplates(names=("a",), hour_of_day=np.ones((1, 23)), day_of_week=np.ones((1, 7)))
    with pytest.raises(ValueError, match="> 0"):
        ShapeTemplates(names=("a",), hour_of_day=np.zeros((1, 24)), day_of_week=np.ones((1, 7)))
    t = ShapeTemplates(names=("a",), hour_of_day=np.full((1, 24), 2.0), day_of_week=np.arange(1.0, 8.0)[None])
    assert np.allclose(t.hour_of_day.mean(axis=1), 1) and np.allclose(t.day_of_week.mean(axis=1), 1)


def test_shipped_templates():
    assert TEMPLATES.names == ("nasa_http_1995", "aws_elb_requests_2014")
    assert "worldcup98" not in TEMPLATES.names  # non-commercial licence: not shipped
    assert np.allclose(TEMPLATES.hour_of_day.mean(axis=1), 1) and np.allclose(TEMPLATES.day_of_week.mean(axis=1), 1)
