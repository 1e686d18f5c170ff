"""Loaders for the real load traces shipped in ``data/traces/`` (see ``data/README.md``).

Each loader returns ``(frame, meta)`` (the pvlib ``iotools`` convention):

* ``frame``: a DataFrame indexed by ``time`` (start of the interval; time-zone aware when the file
  carries an offset), with the glossary columns ``load_requests`` [requests in the interval] and
  ``load_requests_per_s`` [requests/s, the interval mean]. Hourly sums become requests/s by
  dividing by 3600, per-minute counts by 60. Intervals missing from the source are **not** filled:
  they are listed in ``meta["gaps"]``.
* ``meta``: a dict with ``name``, ``file``, ``source`` (where the file was taken from),
  ``original_source``, ``licence``, ``time_zone``, ``interval_s``, ``aggregation``, ``rows``,
  ``gaps`` (list of ``(first_missing, last_missing)`` timestamps) and ``notes``.

Foreign column names are mapped through :data:`COLUMN_MAP` only; a file without the required
columns, or with a missing, non-numeric or negative count, is refused with the line number.

The World Cup 98 trace is deliberately absent: its licence (HP, via the Internet Traffic
Archive) allows non-commercial use only.

This module is the I/O edge for load shapes: :func:`shape_templates` turns the traces into the
hour-of-day and day-of-week templates that :mod:`planner.synth` (pure, no file access) uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from planner.datafiles import data_path
from planner.synth import ShapeTemplates

TRACES_FOLDER = "traces"  #: in planner.data (the repository's data/)
HOUR_OF_DAY_FILE = "hour_of_day_profiles_normalized.csv"

#: foreign column name -> glossary name. The only place vendor names are translated.
COLUMN_MAP: dict[str, str] = {
    "timestamp": "time",
    "time": "time",
    "requests": "load_requests",
    "value": "load_requests",  # NAB / CloudWatch exports
    "count": "load_requests",
}
REQUIRED_COLUMNS = ("time", "load_requests")


@dataclass(frozen=True)
class TraceInfo:
    """Provenance of one shipped trace file."""

    file: str  #: file name under data/traces/
    interval_s: int  #: length of one row's interval [s]
    source: str  #: where the file's numbers were taken from
    original_source: str
    licence: str
    time_zone: str
    aggregation: str
    notes: str = ""


#: The shipped traces, by name. Provenance as in data/README.md.
TRACES: dict[str, TraceInfo] = {
    "nasa_http_1995": TraceInfo(
        file="nasa_http_1995_hourly.csv",
        interval_s=3600,
        source="github.com/reconfigurable-ml-pipeline/web-service-datasets dataset/nasa/workload.tbz2 "
               "(HEAD 7404ad6, 2022-06-19), per-second counts summed per hour",
        original_source="Internet Traffic Archive, ita.ee.lbl.gov/html/contrib/NASA-HTTP.html "
                        "(NASA Kennedy Space Center WWW server access logs, Jul-Aug 1995)",
        licence="ITA: 'The traces may be freely redistributed.'",
        time_zone="local EDT (UTC-04:00), as in the log; offsets are in the file",
        aggregation="hourly SUM of all HTTP requests in the access log",
        notes="Gaps: Jul 28 13:00 - Jul 31 (log ends) and Aug 1 14:00 - Aug 3 04:00 (Hurricane Erin outage). "
              "Busiest hour 1995-07-13 09:00 EDT = STS-70 launch.",
    ),
    "aws_elb_requests_2014": TraceInfo(
        file="aws_elb_requests_2014_hourly.csv",
        interval_s=3600,
        source="github.com/numenta/NAB data/realAWSCloudwatch/elb_request_count_8c0756.csv "
               "(HEAD ea702d7), 5-minute samples summed per hour",
        original_source="AWS CloudWatch ELB RequestCount of one real service (Numenta Anomaly Benchmark)",
        licence="MIT-style (NAB LICENSE.txt, Copyright 2014-2024 Numenta Inc.)",
        time_zone="unstated (CloudWatch exports are normally UTC; UNVERIFIED); timestamps are naive",
        aggregation="hourly SUM of 5-min ELB RequestCount samples (8 hours with 11 of 12 samples kept unscaled)",
        notes="NAB labels a few anomalies (spikes) in this series.",
    ),
    "azure_llm_conv_2023": TraceInfo(
        file="azure_llm_conv_2023_per_minute.csv",
        interval_s=60,
        source="github.com/Azure/AzurePublicDataset data/AzureLLMInferenceTrace_conv.csv (commit 790921015), "
               "request arrivals counted per minute",
        original_source="Azure LLM inference trace 2023 (Patel et al., 'Splitwise', ISCA 2024)",
        licence="CC-BY 4.0 (cite Patel et al., Splitwise, ISCA 2024)",
        time_zone="unstated; timestamps are naive",
        aggregation="per-minute COUNT of request arrivals (first/last partial minute dropped)",
        notes="About one hour; smooth (per-minute peak/mean 1.51).",
    ),
    "azure_llm_code_2023": TraceInfo(
        file="azure_llm_code_2023_per_minute.csv",
        interval_s=60,
        source="github.com/Azure/AzurePublicDataset data/AzureLLMInferenceTrace_code.csv (commit 790921015), "
               "request arrivals counted per minute",
        original_source="Azure LLM inference trace 2023 (Patel et al., 'Splitwise', ISCA 2024)",
        licence="CC-BY 4.0 (cite Patel et al., Splitwise, ISCA 2024)",
        time_zone="unstated; timestamps are naive",
        aggregation="per-minute COUNT of request arrivals (first/last partial minute dropped)",
        notes="About one hour; bursty (per-minute peak/mean 3.85, 13 of 56 minutes empty).",
    ),
}

#: Hourly traces usable as daily/weekly templates (the per-minute ones cover one hour only).
HOURLY_TRACES = ("nasa_http_1995", "aws_elb_requests_2014")


class TraceError(ValueError):
    """A trace file that cannot be read; the message names the file and the line."""


def read_trace_csv(path: str | Path, interval_s: int) -> pd.DataFrame:
    """Read a ``time, count`` CSV into the frame described in the module docstring.

    Parameters
    ----------
    path : CSV file with a time column and a count column (names mapped via :data:`COLUMN_MAP`).
    interval_s : length of one row's interval [s]; counts are divided by it for requests/s.
    """
    path = Path(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError) as exc:
        raise TraceError(f"{path}: cannot read: {exc}") from None
    renamed = raw.rename(columns={c: COLUMN_MAP.get(c.strip().lower(), c) for c in raw.columns})
    missing = [c for c in REQUIRED_COLUMNS if c not in renamed.columns]
    if missing:
        raise TraceError(f"{path}: missing columns {missing} (required {list(REQUIRED_COLUMNS)}, "
                         f"accepted names {sorted(COLUMN_MAP)}); found {list(raw.columns)}")
    counts = pd.to_numeric(renamed["load_requests"].str.strip(), errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(counts) | (counts < 0))
    if bad.size:
        i = int(bad[0])
        raise TraceError(f"{path}: line {i + 2}: load_requests {renamed['load_requests'].iloc[i]!r} is not a "
                         f"count >= 0 ({bad.size} bad rows)")
    try:
        times = pd.DatetimeIndex(pd.to_datetime(renamed["time"].str.strip(), format="ISO8601"), name="time")
    except (ValueError, TypeError) as exc:
        raise TraceError(f"{path}: time column is not ISO 8601: {exc}") from None
    if not times.is_monotonic_increasing or times.has_duplicates:
        i = int(np.flatnonzero(np.diff(times.asi8) <= 0)[0]) + 1
        raise TraceError(f"{path}: line {i + 2}: time {renamed['time'].iloc[i]!r} is not after the previous row")
    return pd.DataFrame({"load_requests": counts, "load_requests_per_s": counts / interval_s}, index=times)


def _gaps(index: pd.DatetimeIndex, interval_s: int) -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    step = pd.Timedelta(seconds=interval_s)
    d = index[1:] - index[:-1]
    where = np.flatnonzero(d > step)
    return [(index[i] + step, index[i + 1] - step) for i in where]


def load_trace(name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Load a shipped trace by name (a key of :data:`TRACES`); see the module docstring."""
    if name not in TRACES:
        raise KeyError(f"unknown trace {name!r}; shipped traces: {', '.join(TRACES)}")
    info = TRACES[name]
    path = data_path(TRACES_FOLDER, info.file)
    frame = read_trace_csv(path, info.interval_s)
    meta: dict[str, Any] = {
        "name": name,
        "file": f"data/traces/{info.file}",
        "source": info.source,
        "original_source": info.original_source,
        "licence": info.licence,
        "time_zone": info.time_zone,
        "interval_s": info.interval_s,
        "aggregation": info.aggregation,
        "rows": len(frame),
        "gaps": _gaps(frame.index, info.interval_s),
        "notes": info.notes,
    }
    return frame, meta


def load_nasa_http_1995() -> tuple[pd.DataFrame, dict[str, Any]]:
    """NASA KSC WWW server, Jul-Aug 1995, hourly (1366 complete hours, local EDT)."""
    return load_trace("nasa_http_1995")


def load_aws_elb_requests_2014() -> tuple[pd.DataFrame, dict[str, Any]]:
    """AWS ELB RequestCount of one service, 2014-04-10 - 04-23, hourly (336 hours)."""
    return load_trace("aws_elb_requests_2014")


def load_azure_llm_2023(kind: str = "conv") -> tuple[pd.DataFrame, dict[str, Any]]:
    """Azure LLM inference arrivals per minute, about one hour; ``kind`` is ``conv`` or ``code``."""
    if kind not in ("conv", "code"):
        raise ValueError(f"kind must be 'conv' or 'code'; got {kind!r}")
    return load_trace(f"azure_llm_{kind}_2023")


def scaled_profile(frame: pd.DataFrame, *, peak_requests_per_s: float | None = None,
                   scale: float | None = None) -> tuple[float, ...]:
    """The trace's ``load_requests_per_s`` as an hourly profile for a scenario service.

    Rows are taken in order and gaps are closed up (the missing hours are dropped, not filled).
    Give exactly one of ``peak_requests_per_s`` (scale so the highest value equals it
    [requests/s]) or ``scale`` (a plain factor)."""
    if (peak_requests_per_s is None) == (scale is None):
        raise ValueError("give exactly one of peak_requests_per_s or scale")
    x = frame["load_requests_per_s"].to_numpy(dtype=float)
    if peak_requests_per_s is not None:
        top = float(x.max())
        if top <= 0:
            raise ValueError("the trace has no load; it cannot be scaled to a peak")
        scale = peak_requests_per_s / top
    return tuple(float(v) for v in x * scale)


def hour_of_day_profile(frame: pd.DataFrame) -> np.ndarray:
    """Mean load per hour of day (clock of the index), normalized to mean 1 [24 values]."""
    by_hour = frame["load_requests"].groupby(frame.index.hour).mean()
    prof = by_hour.reindex(range(24)).to_numpy(dtype=float)
    return prof / np.nanmean(prof)


def day_of_week_profile(frame: pd.DataFrame) -> np.ndarray:
    """Mean load per weekday (Monday first, clock of the index), normalized to mean 1 [7 values].

    The mean of the interval values of each weekday, so partial days (gaps) count by the hours they
    have; this reproduces the ``day_of_week_norm_mon0`` figures of the team's trace statistics."""
    by_dow = frame["load_requests"].groupby(frame.index.day_of_week).mean()
    prof = by_dow.reindex(range(7)).to_numpy(dtype=float)
    return prof / np.nanmean(prof)


def load_hour_of_day_profiles() -> tuple[pd.DataFrame, dict[str, Any]]:
    """``data/hour_of_day_profiles_normalized.csv``: one column per hourly trace, 24 rows, mean 1."""
    path = data_path(HOUR_OF_DAY_FILE)
    df = pd.read_csv(path)
    if "hour" not in df.columns:
        raise TraceError(f"{path}: missing column 'hour'; found {list(df.columns)}")
    df = df.set_index("hour")
    if list(df.index) != list(range(24)):
        raise TraceError(f"{path}: expected hours 0..23; found {list(df.index)}")
    meta = {"file": "data/hour_of_day_profiles_normalized.csv",
            "source": "mean hour-of-day shape of the hourly traces (mean = 1.0), from the team's reference data; "
                      "the World Cup 98 column was removed (non-commercial licence)",
            "licence": "as the traces it is computed from (see data/README.md)",
            "columns": list(df.columns)}
    return df, meta


def shape_templates() -> ShapeTemplates:
    """Hour-of-day and day-of-week templates of the shipped hourly traces, for :mod:`planner.synth`.

    The hour-of-day shapes come from ``hour_of_day_profiles_normalized.csv``; the day-of-week shapes
    are computed from complete days of each trace (:func:`day_of_week_profile`)."""
    hod, _ = load_hour_of_day_profiles()
    names = tuple(n for n in HOURLY_TRACES if n in hod.columns)
    daily = np.stack([hod[n].to_numpy(dtype=float) for n in names])
    weekly = np.stack([day_of_week_profile(load_trace(n)[0]) for n in names])
    return ShapeTemplates(names=names, hour_of_day=daily, day_of_week=weekly)
