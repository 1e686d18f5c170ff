"""Presets: shapes with maximum 1, scaled to a peak; weekday/weekend -> a 168-hour week."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from planner.presets import (HOURS_PER_WEEK, PresetError, preset_ids, preset_profile, preset_shape, split_week,
                             week_profile)

DATA = Path(__file__).resolve().parent.parent / "data" / "hour_of_day_profiles_normalized.csv"


def test_ids_cover_the_synthetic_shapes_and_every_trace_column():
    traces = [c for c in pd.read_csv(DATA).columns if c != "hour"]
    assert preset_ids() == ("daytime_web", "evening_peak", "night_batch", "flat", "spiky",
                            *(f"trace_{c}" for c in traces))
    assert "trace_worldcup98" not in preset_ids()  # removed from the data for licence reasons


@pytest.mark.parametrize("pid", preset_ids())
def test_every_shape_has_24_hours_and_peak_one(pid):
    shape = preset_shape(pid)
    assert len(shape) == 24
    assert max(shape) == 1.0
    assert min(shape) >= 0.0


@pytest.mark.parametrize("pid, peak_hour", [
    pytest.param("daytime_web", {11, 14}, id="daytime_peaks_at_midday"),
    pytest.param("evening_peak", {20}, id="evening_peaks_at_20h"),
    pytest.param("night_batch", {2}, id="batch_peaks_at_night"),
    pytest.param("spiky", {9}, id="spiky_burst_at_9h"),
])
def test_shapes_peak_where_their_name_says(pid, peak_hour):
    shape = preset_shape(pid)
    assert {h for h, v in enumerate(shape) if v == 1.0} == peak_hour


def test_scaled_to_peak_matches_the_trace_by_hand():
    col = pd.read_csv(DATA)["aws_elb_requests_2014"]
    expected = [round(v / col.max() * 750.0, 1) for v in col]
    assert preset_profile("trace_aws_elb_requests_2014", 750) == expected
    assert max(expected) == 750.0


def test_flat_and_zero_peak():
    assert preset_profile("flat", 123.4) == [123.4] * 24
    assert preset_profile("spiky", 0) == [0.0] * 24


@pytest.mark.parametrize("bad", [-1, float("nan"), float("inf")])
def test_bad_peak_is_refused(bad):
    with pytest.raises(PresetError, match="peak must be a number >= 0"):
        preset_profile("flat", bad)


def test_unknown_preset():
    with pytest.raises(PresetError, match="unknown preset 'nope'; known: daytime_web"):
        preset_profile("nope", 1)


def test_week_profile_monday_to_friday_then_weekend():
    weekday = [float(h) for h in range(24)]
    weekend = [100.0 + h for h in range(24)]
    week = week_profile(weekday, weekend)
    assert len(week) == HOURS_PER_WEEK
    assert week[0:24] == weekday and week[4 * 24:5 * 24] == weekday  # Monday, Friday
    assert week[5 * 24:6 * 24] == weekend and week[6 * 24:] == weekend  # Saturday, Sunday
    assert split_week(week) == (weekday, weekend)


def test_split_week_refuses_a_week_with_different_weekdays():
    week = week_profile([1.0] * 24, [2.0] * 24)
    week[30] = 5.0  # Tuesday 06:00
    assert split_week(week) is None
    assert split_week([1.0] * 24) is None


def test_week_profile_needs_24_values():
    with pytest.raises(PresetError, match="24 values each"):
        week_profile([1.0] * 23, [1.0] * 24)
