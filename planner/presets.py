"""Load profile presets: typical daily shapes and the hour-of-day shapes of real traces.

A shape is 24 values for hours 0-23 (00:00-23:00 local time) with maximum 1; :func:`preset_profile`
scales it to a chosen peak [requests/s]. :func:`week_profile` joins a weekday and a weekend profile
into the 168-hour week the engine plans (hour 0 = Monday 00:00: five weekdays, then Saturday, Sunday).

The real traces' shapes come from ``data/hour_of_day_profiles_normalized.csv`` (mean per hour of day
of each public trace, normalized to mean 1; see ``data/README.md`` for sources and licences).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
import pandas as pd

from planner.datafiles import data_path

HOURS_PER_DAY = 24
DAYS_PER_WEEK = 7
WEEKDAYS = 5  # Monday-Friday
HOURS_PER_WEEK = HOURS_PER_DAY * DAYS_PER_WEEK
#: Decimals kept in a scaled profile: 0.1 request/s is far below any planning precision.
PROFILE_DECIMALS = 1

HOUR_OF_DAY_FILE = "hour_of_day_profiles_normalized.csv"  #: in planner.data (the repository's data/)

# Synthetic shapes [fraction of peak], hours 0..23. They mirror the default scenario's services.
_DAYTIME_WEB = (60, 45, 40, 40, 45, 60, 110, 220, 380, 520, 600, 620, 600, 610, 620, 600, 540, 420, 300, 220, 160,
                120, 90, 70)  # office hours: service A of data/scenarios/default.yaml
_EVENING_PEAK = (120, 80, 60, 50, 50, 60, 80, 110, 150, 180, 200, 210, 220, 230, 240, 260, 300, 380, 520, 640, 700,
                 620, 420, 220)  # consumer app: service B
_NIGHT_BATCH = (420, 440, 450, 440, 400, 300, 150, 60, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 60, 120, 250, 360,
                400)  # batch jobs at night: service C
_FLAT = (1,) * HOURS_PER_DAY
# Spiky: a 20 % base with short bursts to the peak (job fan-out, marketing pushes, cron storms).
_SPIKY = (20, 20, 20, 20, 20, 20, 20, 35, 20, 100, 25, 20, 70, 20, 20, 20, 20, 20, 20, 20, 90, 20, 20, 20)

SYNTHETIC_SHAPES: dict[str, tuple[float, ...]] = {
    "daytime_web": _DAYTIME_WEB,
    "evening_peak": _EVENING_PEAK,
    "night_batch": _NIGHT_BATCH,
    "flat": _FLAT,
    "spiky": _SPIKY,
}
TRACE_PREFIX = "trace_"


class PresetError(ValueError):
    """An unknown preset or a bad peak."""


@lru_cache(maxsize=1)
def trace_shapes() -> dict[str, tuple[float, ...]]:
    """Hour-of-day shapes of the real traces, keyed ``trace_<column>``, each scaled to maximum 1."""
    path = data_path(HOUR_OF_DAY_FILE)
    df = pd.read_csv(path)
    if "hour" not in df.columns or list(df["hour"]) != list(range(HOURS_PER_DAY)):
        raise ValueError(f"{path}: expected a column 'hour' with 0..23; found {list(df.columns)}")
    out: dict[str, tuple[float, ...]] = {}
    for col in df.columns:
        if col == "hour":
            continue
        values = [float(v) for v in df[col]]
        out[TRACE_PREFIX + col] = tuple(v / max(values) for v in values)
    return out


def preset_ids() -> tuple[str, ...]:
    """All preset ids: the synthetic shapes, then the traces."""
    return tuple(SYNTHETIC_SHAPES) + tuple(trace_shapes())


def preset_shape(preset_id: str) -> tuple[float, ...]:
    """The 24-value shape of ``preset_id`` with maximum 1 [fraction of peak]."""
    if preset_id in SYNTHETIC_SHAPES:
        raw = SYNTHETIC_SHAPES[preset_id]
        top = max(raw)
        return tuple(float(v) / top for v in raw)
    traces = trace_shapes()
    if preset_id in traces:
        return traces[preset_id]
    raise PresetError(f"unknown preset {preset_id!r}; known: {', '.join(preset_ids())}")


def preset_profile(preset_id: str, peak_requests_per_s: float) -> list[float]:
    """24 hourly loads [requests/s] of ``preset_id`` scaled so the busiest hour is ``peak_requests_per_s``
    (rounded to :data:`PROFILE_DECIMALS` decimals)."""
    peak = float(peak_requests_per_s)
    if not peak >= 0 or peak == float("inf"):
        raise PresetError(f"peak must be a number >= 0 [requests/s]; got {peak_requests_per_s!r}")
    return [round(v * peak, PROFILE_DECIMALS) for v in preset_shape(preset_id)]


def week_profile(weekday: Sequence[float], weekend: Sequence[float]) -> list[float]:
    """168 hourly loads: Monday-Friday follow ``weekday``, Saturday and Sunday ``weekend`` (24 values each)."""
    if len(weekday) != HOURS_PER_DAY or len(weekend) != HOURS_PER_DAY:
        raise PresetError(f"weekday and weekend profiles need 24 values each; got {len(weekday)} and {len(weekend)}")
    return [float(v) for v in weekday] * WEEKDAYS + [float(v) for v in weekend] * (DAYS_PER_WEEK - WEEKDAYS)


def split_week(values: Sequence[float]) -> tuple[list[float], list[float]] | None:
    """Inverse of :func:`week_profile`: ``(weekday, weekend)`` if the 168 values repeat one day on
    Monday-Friday and one on Saturday-Sunday, else None."""
    if len(values) != HOURS_PER_WEEK:
        return None
    days = [list(map(float, values[d * HOURS_PER_DAY:(d + 1) * HOURS_PER_DAY])) for d in range(DAYS_PER_WEEK)]
    if any(days[d] != days[0] for d in range(1, WEEKDAYS)) or days[WEEKDAYS + 1] != days[WEEKDAYS]:
        return None
    return days[0], days[WEEKDAYS]
