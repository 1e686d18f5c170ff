"""Real metrics -> scenario load: Prometheus and CloudWatch exports read, resampled to whole hours
at a resolution, and the per-request CPU and memory cost fitted by least squares.

Formats (docs/metrics-import.md has examples and the sources):

* **Prometheus range query, JSON** (:func:`read_prometheus_json`): the HTTP API's
  ``/api/v1/query_range`` response ``{"status": "success", "data": {"resultType": "matrix",
  "result": [{"metric": {<label>: <value>, ...}, "values": [[<unix_time>, "<value>"], ...]}, ...]}}``
  (prometheus/prometheus ``docs/querying/api.md``: values are strings so that NaN and Inf survive
  JSON; times are seconds, possibly fractional), or the bare ``result`` array that
  ``promtool query range -o json`` prints (``cmd/promtool``: its JSON printer encodes the
  ``model.Value``, a matrix, without the envelope). Several files (the API returns at most
  11,000 points per series) are joined in time. Each series is one service, named by a label
  (``label``, default ``service``; a single series without it takes ``name`` or the file name).
* **CSV** (:func:`read_metrics_csv`): a time column (ISO 8601, or Unix seconds or milliseconds)
  with either a label column and a ``value`` column (long: one row per sample, as a Prometheus
  CSV export writes it), one value column (one series: CloudWatch's ``Timestamp, Value``), or one
  column per series (wide, Grafana's "series joined by time").
* **CloudWatch GetMetricData JSON** (:func:`read_cloudwatch_json`): ``MetricDataResults[]`` with
  ``Label``, ``Timestamps[]`` and ``Values[]`` paired by index (API_MetricDataResult; newest
  first by default, so the samples are sorted).

Readers return ``(frame, meta)`` as :mod:`planner.loaders` does: ``frame`` is indexed by ``time``
(UTC) with one float column per service (NaN where a series has no sample), ``meta`` names the
source, the label, the native step and notes. Errors name the file, the JSON path or the line and
column, and what was expected (:class:`MetricsFileError`).

Values: a Prometheus series is a rate (``rate(...)``: per second). A CloudWatch series is, by
default, a count per period (the ``Sum`` of ``RequestCount``), divided by the period to give
requests/s (``values="rate"`` when it already is one). CPU is read in cores (the rate of
``container_cpu_usage_seconds_total``) and memory in bytes (``container_memory_working_set_bytes``).

**Resampling** (:func:`to_resolution`): sample ``t`` stands for ``[t, t + step)`` (how a range
query's points are drawn; ``rate(x[1m])`` at ``t`` looks back, so the series leads by up to one
window). Samples are averaged into bins of ``step_s`` from the first sample of the file; hour 0
starts there. A last hour with under half its bins is dropped; bins without a sample inside a
kept hour get that hour's mean (so every hour's mean is the mean of its own samples); an hour
without any sample is refused, naming it.

**Usage fit** (:func:`fit_usage`): ``usage(t) = base x pods(t) + per_rps x load(t)``, the
resource model of docs/model.md summed over the pods, solved by least squares (``numpy.linalg.lstsq``)
on the bins where load, usage and pods all have a value; R^2, residuals and each coefficient's
standard error are kept for the user to judge before accepting. A fit is refused when it has
fewer than :data:`MIN_FIT_POINTS` points, when load and pods move together so closely that base
and per-request cost cannot be told apart, or when a coefficient comes out negative.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd

from planner.burst import BurstFit, BurstFitError, fit_burst
from planner.loaders import LoadFileError, _read_raw  # one CSV/Excel reader: encodings, delimiters, line numbers
from planner.scenario import MAX_LOAD_REQUESTS_PER_S, MAX_LOAD_SERIES_VALUES, MAX_SERVICES

MAX_IMPORT_BYTES = 64 * 2**20  #: one metrics file [bytes] (a week at 15 s for 50 services is about 40 MB of JSON)
MAX_IMPORT_POINTS = 6_000_000  #: samples over all series of one import
MAX_NAME_CHARS = 64  #: planner.scenario.Service.name max_length
MAX_PROBLEMS_LISTED = 20
MIN_FIT_POINTS = 10  #: a usage fit needs at least this many aligned bins
MAX_FIT_CONDITION = 1_000.0  #: condition number of the fit's normalised design matrix above which it is refused
WARN_REL_STDERR = 0.1  #: a coefficient with a standard error above this share of itself is flagged
KINDS = ("prometheus", "cloudwatch")
VALUE_KINDS = ("rate", "count")
#: time column names (lower case) -> the one name
TIME_COLUMNS = ("time", "timestamp", "timestamps", "date", "datetime", "ts", "시간", "일시")
VALUE_COLUMNS = ("value", "values", "sum", "average", "avg", "rate", "requests_per_s", "값")
MAX_UNIX_TIME_S = 4_102_444_800.0  #: 2100-01-01T00:00:00Z: a later (or negative) time is a unit error
CORES_TO_MILLICORES = 1000.0
BYTES_TO_MIB = 1.0 / 2**20


class MetricsFileError(LoadFileError):
    """A metrics file that cannot be imported: ``problems`` names the file, the JSON path or the
    line and column of each."""


class UsageFitError(ValueError):
    """A usage fit the data cannot support (too few points, degenerate, negative coefficients)."""


class _Problems:
    def __init__(self, filename: str) -> None:
        self.filename, self.items, self.extra = filename, [], 0

    def add(self, msg: str) -> None:
        if len(self.items) < MAX_PROBLEMS_LISTED:
            self.items.append(f"{self.filename}: {msg}")
        else:
            self.extra += 1

    def raise_if_any(self) -> None:
        if self.items:
            raise MetricsFileError(self.items + ([f"... and {self.extra} more problems"] if self.extra else []))


@dataclass
class _Series:
    name: str
    labels: dict[str, str]
    times: list[float] = field(default_factory=list)  #: Unix seconds
    values: list[float] = field(default_factory=list)  #: NaN = no sample


def _check_size(data: bytes, filename: str, limit: int) -> None:
    if len(data) > limit:
        raise MetricsFileError([f"{filename}: {len(data) / 2**20:,.1f} MiB is above the {limit / 2**20:,.0f} MiB "
                                "limit for one metrics file; query a shorter range or a coarser step"])


def _sample_value(raw: Any, where: str, problems: _Problems) -> float | None:
    """A sample's value: a string (Prometheus) or number; NaN means no sample, Inf and < 0 are errors."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        problems.add(f"{where}: {_short(raw)} is not a number; expected a sample value such as \"12.5\"")
        return None
    try:
        v = float(raw.strip()) if isinstance(raw, str) else float(raw)
    except ValueError:
        problems.add(f"{where}: {_short(raw)} is not a number; expected a sample value such as \"12.5\"")
        return None
    if math.isnan(v):
        return math.nan
    if math.isinf(v) or v < 0 or v > MAX_LOAD_REQUESTS_PER_S * 1e3:
        problems.add(f"{where}: {_short(raw)} is {'infinite' if math.isinf(v) else 'negative' if v < 0 else 'too large'}; "
                     "expected a finite value >= 0")
        return None
    return v


def _short(v: Any, n: int = 40) -> str:
    s = repr(v) if not isinstance(v, (list, dict)) else f"a {type(v).__name__}"
    return s if len(s) <= n else s[: n - 1] + "…"


def _unix_time(raw: Any, where: str, problems: _Problems) -> float | None:
    """Unix seconds from a number (seconds, or milliseconds above 1e11) or an ISO 8601 string,
    between 1970 and 2100."""
    t = _parse_time(raw)
    if t is not None and not 0 <= t <= MAX_UNIX_TIME_S:
        problems.add(f"{where}: {_short(raw)} is not a time between 1970 and 2100 (Unix seconds, milliseconds or ISO 8601)")
        return None
    if t is None:
        problems.add(f"{where}: {_short(raw)} is not a time; expected Unix seconds or ISO 8601 (2024-05-01T12:00:00Z)")
    return t


def _parse_time(raw: Any) -> float | None:
    if isinstance(raw, bool):
        raw = None
    if isinstance(raw, (int, float)) and math.isfinite(raw):
        return float(raw) / 1000.0 if abs(raw) > 1e11 else float(raw)
    if isinstance(raw, str) and raw.strip():
        s = raw.strip()
        try:
            f = float(s)
            return f / 1000.0 if abs(f) > 1e11 else f
        except ValueError:
            pass
        try:
            ts = pd.Timestamp(s)
            if not pd.isna(ts):
                return (ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")).timestamp()
        except (ValueError, TypeError, OverflowError):
            pass
    return None


# --- Prometheus JSON ---------------------------------------------------------------------------
def _prometheus_result(doc: Any, problems: _Problems) -> tuple[list, str]:
    """The matrix (list of series) and the JSON path it sits at."""
    if isinstance(doc, list):
        return doc, ""  # promtool query range -o json prints the matrix itself
    if not isinstance(doc, dict):
        problems.add(f"expected a JSON object (a Prometheus API response) or a list of series; got {type(doc).__name__}")
        problems.raise_if_any()
    if doc.get("status") == "error":
        problems.add(f"the query failed: {doc.get('errorType', 'error')}: {_short(doc.get('error', ''), 200)}")
        problems.raise_if_any()
    data = doc.get("data")
    if not isinstance(data, dict) or "result" not in data:
        problems.add(f"no data.result; expected {{\"status\": \"success\", \"data\": {{\"resultType\": \"matrix\", "
                     f"\"result\": [...]}}}}; found keys {sorted(map(str, doc))[:10]}")
        problems.raise_if_any()
    kind = data.get("resultType")
    if kind != "matrix":
        hint = " (an instant query: use /api/v1/query_range or promtool query range)" if kind == "vector" else ""
        problems.add(f"data.resultType is {_short(kind)}{hint}; expected \"matrix\"")
        problems.raise_if_any()
    if not isinstance(data["result"], list):
        problems.add("data.result is not a list of series")
        problems.raise_if_any()
    return data["result"], "data."


def _series_name(labels: dict[str, str], label: str, single: bool, fallback: str, where: str,
                 problems: _Problems) -> str | None:
    if label in labels:
        name = str(labels[label])
    elif single:
        name = fallback
    else:
        problems.add(f"{where}.metric has no label {label!r} (labels: {_short(labels, 120)}); name the label that "
                     "holds the service with --label, or aggregate with sum by (service)")
        return None
    if not name.strip() or name != name.strip() or len(name) > MAX_NAME_CHARS:
        problems.add(f"{where}: service name {_short(name)} must be 1-{MAX_NAME_CHARS} characters without leading or "
                     "trailing spaces")
        return None
    return name


def read_prometheus_json(data: bytes, filename: str = "prometheus.json", *, label: str = "service",
                         name: str | None = None, max_bytes: int = MAX_IMPORT_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read a Prometheus range-query result (module docstring) into ``(frame, meta)``."""
    _check_size(data, filename, max_bytes)
    problems = _Problems(filename)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise MetricsFileError([f"{filename}: not UTF-8 text; expected the JSON of a Prometheus range query"]) from None
    except json.JSONDecodeError as exc:
        raise MetricsFileError([f"{filename}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"]) from None
    except RecursionError:
        raise MetricsFileError([f"{filename}: JSON nested too deeply"]) from None
    result, prefix = _prometheus_result(doc, problems)
    if len(result) > MAX_SERVICES:
        raise MetricsFileError([f"{filename}: {len(result):,} series, above the {MAX_SERVICES:,}-service limit"])
    series = _prometheus_series(result, prefix, label, name or PurePath(filename).stem, problems)
    problems.raise_if_any()
    notes = []
    if isinstance(doc, dict) and doc.get("warnings"):
        notes.append(f"Prometheus warnings: {_short(doc['warnings'], 200)}")
    return _frame_of(series, filename, "prometheus", label, "rate", notes)


def _prometheus_series(result: list, prefix: str, label: str, fallback: str, problems: _Problems) -> list[_Series]:
    out: list[_Series] = []
    total = 0
    for i, item in enumerate(result):
        where = f"{prefix}result[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("metric", {}), dict):
            problems.add(f"{where}: expected {{\"metric\": {{...}}, \"values\": [[time, \"value\"], ...]}}")
            continue
        if "values" not in item:
            extra = " (native histogram samples: query a float series, e.g. histogram_count(rate(...)))" \
                if "histograms" in item else ""
            problems.add(f"{where}: no \"values\"{extra}")
            continue
        labels = {str(k): str(v) for k, v in item.get("metric", {}).items()}
        sname = _series_name(labels, label, len(result) == 1, fallback, where, problems)
        values = item["values"]
        if not isinstance(values, list):
            problems.add(f"{where}.values: expected a list of [time, \"value\"] pairs")
            continue
        total += len(values)
        if total > MAX_IMPORT_POINTS:
            problems.add(f"more than {MAX_IMPORT_POINTS:,} samples; query a coarser step or fewer series")
            return out
        s = _Series(sname or "", labels)
        if not _fast_pairs(values, s):
            _slow_pairs(values, where, s, problems)
        if sname is not None:
            out.append(s)
    return out


def _fast_pairs(values: list, s: _Series) -> bool:
    """All ``[number, "number"]`` pairs with finite times and values in range: taken at once.
    Anything else (to be reported sample by sample) returns False."""
    if not values or not all(type(p) is list and len(p) == 2 and type(p[0]) in (int, float) and type(p[1]) is str
                             for p in values):
        return False
    try:
        arr = np.asarray(values, dtype=float)
    except (ValueError, TypeError):
        return False
    t, v = arr[:, 0], arr[:, 1]
    finite_v = v[~np.isnan(v)]
    if not np.isfinite(t).all() or (finite_v < 0).any() or not np.isfinite(finite_v).all() \
            or (finite_v > MAX_LOAD_REQUESTS_PER_S * 1e3).any():
        return False
    t = np.where(np.abs(t) > 1e11, t / 1000.0, t)
    if ((t < 0) | (t > MAX_UNIX_TIME_S)).any():
        return False
    s.times, s.values = t.tolist(), v.tolist()
    return True


def _slow_pairs(values: list, where: str, s: _Series, problems: _Problems) -> None:
    for j, pair in enumerate(values):
        w = f"{where}.values[{j}]"
        if not isinstance(pair, list) or len(pair) != 2:
            problems.add(f"{w}: {_short(pair)} is not a [time, \"value\"] pair")
            continue
        t = _unix_time(pair[0], f"{w}[0]", problems)
        v = _sample_value(pair[1], f"{w}[1]", problems)
        if t is not None and v is not None:
            s.times.append(t)
            s.values.append(v)


# --- CloudWatch GetMetricData JSON -------------------------------------------------------------
def read_cloudwatch_json(data: bytes, filename: str = "cloudwatch.json", *, name: str | None = None,
                         values: str = "count", max_bytes: int = MAX_IMPORT_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read a CloudWatch ``GetMetricData`` response (``MetricDataResults``; module docstring)."""
    _check_size(data, filename, max_bytes)
    problems = _Problems(filename)
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise MetricsFileError([f"{filename}: not valid JSON ({exc})"]) from None
    results = doc.get("MetricDataResults") if isinstance(doc, dict) else None
    if not isinstance(results, list):
        raise MetricsFileError([f"{filename}: no MetricDataResults list; expected a GetMetricData response"])
    series = []
    for i, r in enumerate(results[:MAX_SERVICES + 1]):
        where = f"MetricDataResults[{i}]"
        if not isinstance(r, dict) or not isinstance(r.get("Timestamps"), list) or not isinstance(r.get("Values"), list):
            problems.add(f"{where}: expected Timestamps and Values lists")
            continue
        if len(r["Timestamps"]) != len(r["Values"]):
            problems.add(f"{where}: {len(r['Timestamps'])} Timestamps but {len(r['Values'])} Values; they pair by index")
            continue
        if r.get("StatusCode") == "PartialData":
            problems.add(f"{where}: StatusCode PartialData; fetch the remaining pages (NextToken) into the same file")
        label = r.get("Label") or r.get("Id") or (name if len(results) == 1 else None) or PurePath(filename).stem
        sname = _series_name({"Label": str(label)}, "Label", True, str(label), where, problems)
        s = _Series(sname or "", {"Label": str(label)})
        for j, (t_raw, v_raw) in enumerate(zip(r["Timestamps"], r["Values"])):
            t = _unix_time(t_raw, f"{where}.Timestamps[{j}]", problems)
            v = _sample_value(v_raw, f"{where}.Values[{j}]", problems)
            if t is not None and v is not None:
                s.times.append(t)
                s.values.append(v)
        series.append(s)
    problems.raise_if_any()
    return _frame_of(series, filename, "cloudwatch", "Label", values, [])


# --- CSV -----------------------------------------------------------------------------------------
def read_metrics_csv(data: bytes, filename: str = "metrics.csv", *, kind: str = "prometheus", label: str = "service",
                     name: str | None = None, values: str | None = None,
                     max_bytes: int = MAX_IMPORT_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read a metrics CSV (long, single or wide; module docstring) into ``(frame, meta)``.
    ``values``: ``rate`` (per second) or ``count`` (per sample interval); default by ``kind``
    (Prometheus rate, CloudWatch count)."""
    _check_size(data, filename, max_bytes)
    values = values or ("rate" if kind == "prometheus" else "count")
    try:
        header, body, where = _read_raw(data, filename)
    except LoadFileError as exc:
        raise MetricsFileError(exc.problems) from None
    problems = _Problems(filename)
    lower = [h.strip().lower() for h in header]
    tcol = next((i for i, h in enumerate(lower) if h in TIME_COLUMNS), None)
    if tcol is None:
        raise MetricsFileError([f"{filename}: no time column; expected one of {', '.join(TIME_COLUMNS[:4])} "
                                f"(found {', '.join(header[:10])})"], required=["time", "value"], found=header)
    if len(body) > MAX_IMPORT_POINTS:
        raise MetricsFileError([f"{filename}: {len(body):,} rows, above the {MAX_IMPORT_POINTS:,} limit"])
    lcol = next((i for i, h in enumerate(lower) if h == label.lower()), None)
    vcol = next((i for i, h in enumerate(lower) if h in VALUE_COLUMNS), None)
    if lcol is not None and vcol is not None:
        times = _time_column([row[tcol] for row in body], where, header[tcol], problems)
        series = _csv_long(header, body, where, times, lcol, vcol, problems)
        layout = "long"
    else:
        cols = [i for i in range(len(header)) if i != tcol and (lcol is None or i != lcol)]
        if not cols:
            raise MetricsFileError([f"{filename}: only a time column; add a value column"], required=["time", "value"],
                                   found=header)
        single = len(cols) == 1
        if single:
            names = [name or (PurePath(filename).stem if lower[cols[0]] in VALUE_COLUMNS else header[cols[0]])]
        else:
            names = [header[c] for c in cols]
        times = _time_column([row[tcol] for row in body], where, header[tcol], problems)
        series = _csv_wide(body, where, times, cols, names, header, problems)
        layout = "single" if single else "wide"
    problems.raise_if_any()
    frame, meta = _frame_of(series, filename, kind, label if layout == "long" else "column", values, [])
    meta["layout"] = layout
    return frame, meta


def _time_column(cells: list, where: str, column: str, problems: _Problems) -> list[float | None]:
    """Unix seconds of every row (None where the cell is not a time, reported with its line)."""
    raw = pd.Series(["" if c is None else str(c).strip() for c in cells], dtype=object)
    num = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float)
    secs = np.where(np.abs(num) > 1e11, num / 1000.0, num)
    if np.isfinite(num).all() and ((secs >= 0) & (secs <= MAX_UNIX_TIME_S)).all():
        return secs.tolist()
    parsed = pd.to_datetime(raw, format="ISO8601", utc=True, errors="coerce")
    out: list[float | None] = []
    for r, (n, ts) in enumerate(zip(secs, parsed)):
        if math.isfinite(n) and 0 <= n <= MAX_UNIX_TIME_S:
            out.append(float(n))
        elif ts is not pd.NaT and not pd.isna(ts) and 0 <= ts.timestamp() <= MAX_UNIX_TIME_S:
            out.append(ts.timestamp())
        else:
            out.append(_unix_time(cells[r], f"{where} {r + 2}, column {column!r}", problems))
    return out


def _csv_long(header, body, where, times, lcol, vcol, problems) -> list[_Series]:
    by_name: dict[str, _Series] = {}
    for r, row in enumerate(body):
        w = f"{where} {r + 2}"
        t = times[r]
        v = _sample_value(row[vcol] if row[vcol] is not None else "", f"{w}, column {header[vcol]!r}", problems)
        n = _series_name({"l": str(row[lcol] or "").strip()}, "l", False, "", f"{w}, column {header[lcol]!r}", problems)
        if t is None or v is None or n is None:
            continue
        s = by_name.setdefault(n, _Series(n, {header[lcol]: n}))
        s.times.append(t)
        s.values.append(v)
        if len(by_name) > MAX_SERVICES:
            problems.add(f"more than {MAX_SERVICES:,} series")
            break
    return list(by_name.values())


def _csv_wide(body, where, times, cols, names, header, problems) -> list[_Series]:
    out = []
    for c, n in zip(cols, names):
        _series_name({"c": n}, "c", False, "", f"column {header[c]!r}", problems)
        out.append(_Series(n, {"column": header[c]}))
    for r, row in enumerate(body):
        w = f"{where} {r + 2}"
        t = times[r]
        if t is None:
            continue
        for s, c in zip(out, cols):
            cell = row[c]
            blank = cell is None or (isinstance(cell, str) and not cell.strip())
            v = math.nan if blank else _sample_value(cell, f"{w}, column {header[c]!r}", problems)
            if v is not None:
                s.times.append(t)
                s.values.append(v)
    return out


# --- one frame -----------------------------------------------------------------------------------
def _native_step(times: np.ndarray) -> float:
    d = np.diff(np.unique(np.round(times, 3)))
    return float(np.median(d)) if len(d) else math.nan


def _frame_of(series: list[_Series], filename: str, kind: str, label: str, values: str,
              notes: list[str]) -> tuple[pd.DataFrame, dict]:
    """Join the series on one time index; convert counts per interval to per second."""
    if values not in VALUE_KINDS:
        raise MetricsFileError([f"{filename}: values must be one of {VALUE_KINDS}; got {values!r}"])
    problems = _Problems(filename)
    merged: dict[str, pd.Series] = {}
    for s in series:
        if not s.times:
            problems.add(f"series {s.name!r} has no samples")
            continue
        got = pd.Series(np.asarray(s.values, float), index=np.round(np.asarray(s.times, float), 3))
        merged[s.name] = pd.concat([merged[s.name], got]) if s.name in merged else got
    for name, got in merged.items():
        dup = got.index.duplicated(keep=False)
        if dup.any():
            d = got[dup]
            spread = d.groupby(level=0).agg(lambda x: x.nunique(dropna=False))
            if (spread > 1).any():
                t = float(spread.index[np.argmax(spread.to_numpy() > 1)])
                vals = ", ".join(f"{v:g}" for v in d.loc[t].unique()[:3])
                problems.add(f"series {name!r} has different samples at {_iso(t)} ({vals}); aggregate the series by "
                             "service (sum by (service)) or pick one label")
            merged[name] = got[~got.index.duplicated(keep="first")]
    if not merged and not problems.items:
        problems.add("no series with samples")
    problems.raise_if_any()
    frame = pd.DataFrame({n: v.sort_index() for n, v in merged.items()}).sort_index()
    times = frame.index.to_numpy(dtype=float)
    frame.index = pd.DatetimeIndex(pd.to_datetime(times, unit="s", utc=True), name="time")
    step = _native_step(times)
    if values == "count":
        frame = frame / step
        notes = notes + [f"values read as counts per {step:g} s interval and divided by it (requests/s)"]
    nan = sum(int(np.isnan(np.asarray(s.values, float)).sum()) for s in series)
    if nan > 0:
        notes = notes + [f"{nan} NaN samples treated as missing"]
    meta = {"file": filename, "kind": kind, "label": label, "series": len(merged), "samples": int(frame.notna().sum().sum()),
            "native_step_s": step, "start": frame.index[0], "end": frame.index[-1], "value_kind": values, "notes": notes}
    return frame, meta


def _unix(index: pd.DatetimeIndex) -> np.ndarray:
    """Unix seconds of a DatetimeIndex, whatever its unit."""
    return index.as_unit("ns").asi8 / 1e9


def _iso(t: float) -> str:
    return pd.Timestamp(t, unit="s", tz="UTC").isoformat()


def read_metrics_file(data: bytes, filename: str, kind: str = "prometheus", *, label: str = "service",
                      name: str | None = None, values: str | None = None,
                      max_bytes: int = MAX_IMPORT_BYTES) -> tuple[pd.DataFrame, dict]:
    """Read one metrics file of ``kind`` (prometheus | cloudwatch), JSON or CSV by its content."""
    if kind not in KINDS:
        raise MetricsFileError([f"kind must be one of {', '.join(KINDS)}; got {kind!r}"])
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"{", b"["):
        if kind == "cloudwatch" or b"MetricDataResults" in head:
            return read_cloudwatch_json(data, filename, name=name, values=values or "count", max_bytes=max_bytes)
        return read_prometheus_json(data, filename, label=label, name=name, max_bytes=max_bytes)
    return read_metrics_csv(data, filename, kind=kind, label=label, name=name, values=values, max_bytes=max_bytes)


def join_frames(parts: Sequence[tuple[pd.DataFrame, dict]]) -> tuple[pd.DataFrame, dict]:
    """Several files of one import (e.g. consecutive range queries) joined in time; a time both
    files hold must have the same value in each."""
    if len(parts) == 1:
        return parts[0]
    frame = parts[0][0]
    for f, meta in parts[1:]:
        both = frame.index.intersection(f.index)
        common = [c for c in f.columns if c in frame.columns]
        if len(both) and common:
            a, b = frame.loc[both, common], f.loc[both, common]
            clash = ~((a == b) | (a.isna() & b.isna()) | a.isna() | b.isna())
            if clash.to_numpy().any():
                c = common[int(np.argwhere(clash.to_numpy())[0][1])]
                raise MetricsFileError([f"{meta['file']}: series {c!r} has other values than the earlier file at "
                                        "the same times; import files of one query"])
        frame = frame.combine_first(f)
    metas = [m for _, m in parts]
    meta = dict(metas[0], file=", ".join(m["file"] for m in metas), series=len(frame.columns),
                samples=int(frame.notna().sum().sum()), start=frame.index[0], end=frame.index[-1],
                native_step_s=_native_step(_unix(frame.index)),
                notes=[n for m in metas for n in m["notes"]])
    return frame, meta


# --- resampling to whole hours ---------------------------------------------------------------------
@dataclass(frozen=True)
class Resampled:
    """Per-service series at one resolution covering the same whole hours (module docstring)."""

    step_s: int  #: resolution [s]
    start: pd.Timestamp  #: start of hour 0 (the first sample)
    hours: int
    series: dict[str, np.ndarray]  #: service -> ``hours*3600/step_s`` values [same unit as the frame]
    filled: dict[str, int]  #: service -> bins filled with their hour's mean
    notes: tuple[str, ...] = ()

    @property
    def hourly(self) -> dict[str, np.ndarray]:
        """Hourly means of each series."""
        return {n: v.reshape(self.hours, -1).mean(axis=1) for n, v in self.series.items()}


def default_step(native_step_s: float) -> int:
    """The finest resolution that divides 3600 and is not finer than the data's own step [s]."""
    for s in sorted(x for x in range(1, 3601) if 3600 % x == 0):
        if s >= native_step_s - 1e-6:
            return s
    return 3600


def to_resolution(frame: pd.DataFrame, step_s: int | None = None, *, native_step_s: float | None = None,
                  start: pd.Timestamp | None = None) -> Resampled:
    """Average the frame's samples into bins of ``step_s`` from ``start`` (default the first
    sample) and cut to whole hours (module docstring)."""
    native = native_step_s if native_step_s is not None else _native_step(_unix(frame.index))
    step_s = step_s or default_step(native)
    if 3600 % step_s:
        raise MetricsFileError([f"step_s {step_s}: must divide 3600 (e.g. 15, 60, 300, 3600)"])
    if math.isfinite(native) and step_s < native - 1e-6:
        raise MetricsFileError([f"step_s {step_s}: the data has a sample every {native:g} s; a finer step would "
                                f"invent values (use {default_step(native)} s or coarser)"])
    t0 = (start if start is not None else frame.index[0]).timestamp()
    t = _unix(frame.index)
    bins = np.floor((t - t0) / step_s + 1e-6).astype(np.int64)
    keep = bins >= 0
    per_hour = 3600 // step_s
    n_bins = int(bins[keep].max()) + 1 if keep.any() else 0
    hours = -(-n_bins // per_hour)
    if hours * per_hour > MAX_LOAD_SERIES_VALUES + per_hour:
        raise MetricsFileError([f"the data spans {n_bins * step_s / 3600:,.0f} hours at {step_s} s: above the "
                                f"{MAX_LOAD_SERIES_VALUES:,}-value limit of one series; choose a coarser step or a "
                                "shorter range"])
    notes = []
    series, filled = {}, {}
    for name in frame.columns:
        v = frame[name].to_numpy(dtype=float)
        ok = keep & np.isfinite(v)
        total = np.bincount(bins[ok], weights=v[ok], minlength=hours * per_hour)
        count = np.bincount(bins[ok], minlength=hours * per_hour)
        series[name], filled[name] = total, count
    if hours and all(((c.reshape(hours, per_hour)[-1] > 0).sum() < per_hour / 2) for c in filled.values()):
        notes.append(f"the last hour had under half its {step_s} s intervals and was dropped")
        hours -= 1
    if hours * per_hour > MAX_LOAD_SERIES_VALUES or hours < 1:
        raise MetricsFileError([f"the data covers {n_bins * step_s / 3600:.3g} hours at {step_s} s: "
                                + ("at least half an hour is needed" if hours < 1 else
                                   f"above the {MAX_LOAD_SERIES_VALUES:,}-value limit of one series; choose a coarser step")])
    problems = []
    for name in list(series):
        total = series[name][: hours * per_hour].reshape(hours, per_hour)
        count = filled[name][: hours * per_hour].reshape(hours, per_hour)
        empty = np.flatnonzero(count.sum(axis=1) == 0)
        if len(empty):
            first = pd.Timestamp(t0 + empty[0] * 3600, unit="s", tz="UTC")
            problems.append(f"series {name!r}: {len(empty)} hour(s) without a sample, the first hour {int(empty[0])} "
                            f"from {first.isoformat()}; import a range without gaps or fill them at the source")
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            mean_bins = np.where(count > 0, total / np.maximum(count, 1), np.nan)
        hour_mean = np.nanmean(mean_bins, axis=1)
        holes = np.isnan(mean_bins)
        mean_bins[holes] = np.broadcast_to(hour_mean[:, None], mean_bins.shape)[holes]
        series[name], filled[name] = mean_bins.reshape(-1), int(holes.sum())
    if problems:
        raise MetricsFileError(problems)
    for name, n in filled.items():
        if n:
            notes.append(f"series {name!r}: {n} interval(s) without a sample filled with their hour's mean")
    return Resampled(step_s, pd.Timestamp(t0, unit="s", tz="UTC"), hours, series, filled, tuple(notes))


# --- usage fit -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class UsageFit:
    """``usage = base x pods + per_rps x load`` fitted by least squares (module docstring)."""

    service: str
    resource: str  #: ``cpu`` [millicores] or ``memory`` [MiB]
    base: float  #: idle usage of one pod [millicores or MiB]
    per_rps: float  #: usage per request/s [millicores or MiB per (request/s)]
    r2: float  #: coefficient of determination
    n: int  #: points used
    base_stderr: float
    per_rps_stderr: float
    time: pd.DatetimeIndex  #: the points' times
    load_requests_per_s: np.ndarray
    pods: np.ndarray
    observed: np.ndarray  #: total usage of the service [millicores or MiB]
    fitted: np.ndarray

    @property
    def residuals(self) -> np.ndarray:
        return self.observed - self.fitted

    @property
    def uncertain(self) -> bool:
        """A coefficient's standard error is above :data:`WARN_REL_STDERR` of itself."""
        return any(se > WARN_REL_STDERR * abs(c) for c, se in ((self.base, self.base_stderr),
                                                                (self.per_rps, self.per_rps_stderr)) if c > 0)

    def usage_fields(self) -> dict[str, float]:
        """The scenario ``usage`` fields this fit sets."""
        key = "cpu_millicores" if self.resource == "cpu" else "memory_mib"
        return {f"{key}_base": round(self.base, 3), f"{key}_per_rps": round(self.per_rps, 6)}


def fit_usage(service: str, resource: str, load_requests_per_s: np.ndarray, usage: np.ndarray, pods: np.ndarray,
              time: pd.DatetimeIndex | None = None) -> UsageFit:
    """Fit the idle usage per pod and the usage per request/s (module docstring). ``usage`` is the
    service's total [millicores or MiB]; ``pods`` the pods serving at each point."""
    x = np.asarray(load_requests_per_s, float)
    y = np.asarray(usage, float)
    n_pods = np.asarray(pods, float)
    ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(n_pods) & (n_pods > 0)
    unit = "millicores" if resource == "cpu" else "MiB"
    if ok.sum() < MIN_FIT_POINTS:
        raise UsageFitError(f"{service}: {resource} fit needs at least {MIN_FIT_POINTS} points where load, usage and "
                            f"pods all have a value; got {int(ok.sum())}")
    X = np.column_stack([n_pods[ok], x[ok]])
    norms = np.linalg.norm(X, axis=0)
    if (norms == 0).any():
        raise UsageFitError(f"{service}: {resource} fit: the load is always 0; nothing to fit a per-request cost to")
    cond = np.linalg.cond(X / norms)
    if not math.isfinite(cond) or cond > MAX_FIT_CONDITION:
        ratio = x[ok] / n_pods[ok]
        raise UsageFitError(
            f"{service}: {resource} fit: the load per pod hardly varies ({ratio.min():.4g}-{ratio.max():.4g} requests/s "
            "per pod), so the idle usage and the per-request cost cannot be told apart; use a range where the load "
            "changes while the pod count does not (e.g. a fixed replica count), or enter the costs")
    coef, *_ = np.linalg.lstsq(X, y[ok], rcond=None)
    base, per = (float(c) for c in coef)
    if base < 0 or per < 0:
        which = "idle usage per pod" if base < 0 else "usage per request/s"
        raise UsageFitError(f"{service}: {resource} fit gives a negative {which} ({min(base, per):.4g} {unit}); check "
                            "that usage and load cover the same service and times, and the units (CPU in cores, memory "
                            "in bytes)")
    fitted = X @ coef
    resid = y[ok] - fitted
    ss_tot = float(((y[ok] - y[ok].mean()) ** 2).sum())
    r2 = 1.0 - float((resid ** 2).sum()) / ss_tot if ss_tot > 0 else (1.0 if not resid.any() else 0.0)
    dof = max(int(ok.sum()) - 2, 1)
    cov = float((resid ** 2).sum()) / dof * np.linalg.inv(X.T @ X)
    t = time[ok] if time is not None else pd.DatetimeIndex([])
    return UsageFit(service, resource, base, per, r2, int(ok.sum()), float(math.sqrt(max(cov[0, 0], 0))),
                    float(math.sqrt(max(cov[1, 1], 0))), t, x[ok], n_pods[ok], y[ok], fitted)


def aligned(load: Resampled, other: pd.DataFrame, name: str) -> np.ndarray:
    """``other[name]`` averaged into ``load``'s bins (NaN where it has no sample)."""
    if name not in other.columns:
        raise MetricsFileError([f"the usage file has no series {name!r} (it has {', '.join(map(str, other.columns[:10]))}); "
                                "name the series by the same label as the load"])
    t0 = load.start.timestamp()
    n = load.hours * 3600 // load.step_s
    t = _unix(other.index)
    bins = np.floor((t - t0) / load.step_s + 1e-6).astype(np.int64)
    v = other[name].to_numpy(dtype=float)
    ok = (bins >= 0) & (bins < n) & np.isfinite(v)
    total = np.bincount(bins[ok], weights=v[ok], minlength=n)
    count = np.bincount(bins[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def fit_services(load: Resampled, usage: pd.DataFrame, resource: str, *, pods: pd.DataFrame | None = None,
                 replicas: int | None = None, scale: float = 1.0) -> dict[str, UsageFit | UsageFitError]:
    """A fit per service of ``load`` (or the reason it failed). ``usage`` in the file's unit times
    ``scale`` (cores -> millicores: 1000; bytes -> MiB: 1/2^20); pods from ``pods`` (a series per
    service) or a constant ``replicas``."""
    if pods is None and replicas is None:
        raise MetricsFileError(["a usage fit needs the pods serving the load: a pod-count series per service "
                                "(e.g. sum by (service) (kube_deployment_status_replicas_available)) or a fixed "
                                "replica count"])
    out: dict[str, UsageFit | UsageFitError] = {}
    time = load.start + pd.to_timedelta(np.arange(load.hours * 3600 // load.step_s) * load.step_s, unit="s")
    for name, x in load.series.items():
        try:
            y = aligned(load, usage, name) * scale
            n = aligned(load, pods, name) if pods is not None else np.full(len(x), float(replicas))
            out[name] = fit_usage(name, resource, x, y, n, time)
        except (UsageFitError, MetricsFileError) as exc:
            out[name] = exc if isinstance(exc, UsageFitError) else UsageFitError(str(exc))
    return out


def burst_fits(load: Resampled) -> dict[str, BurstFit | BurstFitError]:
    """The burst (planner.burst) of each series, from its per-minute means (``step_s`` must divide 60)."""
    if 60 % load.step_s:
        return {n: BurstFitError(f"{n}: a burst fit needs values per minute or finer; the import is at {load.step_s} s")
                for n in load.series}
    r = 60 // load.step_s
    out: dict[str, BurstFit | BurstFitError] = {}
    for name, v in load.series.items():
        try:
            out[name] = fit_burst(v.reshape(-1, r).mean(axis=1))
        except BurstFitError as exc:
            out[name] = BurstFitError(f"{name}: {exc}")
    return out


# --- the scenario ----------------------------------------------------------------------------------
def _compact(values: np.ndarray) -> list[float]:
    """Values to 10 significant digits (relative error at most 5e-10): a year of minutes stays under the
    scenario file's size limit."""
    return [float(f"{x:.10g}") for x in values]


def service_loads(load: Resampled, *, hourly: bool = False, bursts: dict[str, BurstFit] | None = None
                  ) -> dict[str, dict[str, Any]]:
    """The scenario fields of each imported service: ``load`` (a fine series at the import's
    resolution) or, with ``hourly``, ``load_requests_per_s`` (the hourly means) and a fitted ``burst``."""
    out = {}
    for name, v in load.series.items():
        if hourly or load.step_s == 3600:
            fields: dict[str, Any] = {"load_requests_per_s": _compact(load.hourly[name])}
            if bursts and name in bursts and isinstance(bursts[name], BurstFit):
                fields["burst"] = bursts[name].as_scenario()
        else:
            fields = {"load": {"step_s": load.step_s, "requests_per_s": _compact(v)}}
        out[name] = fields
    return out


def merge_into(base: dict[str, Any], loads: dict[str, dict[str, Any]],
               usage: dict[str, dict[str, float]] | None = None) -> dict[str, Any]:
    """A copy of scenario dict ``base`` whose services named in ``loads`` take the imported load
    (and the accepted ``usage`` fields); services new to ``base`` are added with the model's defaults."""
    import copy

    d = copy.deepcopy(base)
    by_name = {s["name"]: s for s in d["services"]}
    for name, fields in loads.items():
        s = by_name.get(name)
        if s is None:
            s = {"name": name}
            d["services"].append(s)
            by_name[name] = s
        for key in ("load_requests_per_s", "load", "burst"):
            s.pop(key, None)
        s.update(fields)
        if usage and name in usage:
            s["usage"] = {**s.get("usage", {}), **usage[name]}
    return d


def describe(load: Resampled) -> pd.DataFrame:
    """One row per imported service: hours, resolution, mean, peak, peak/mean, filled intervals."""
    rows = []
    for name, v in load.series.items():
        mean = float(v.mean())
        rows.append({"service": name, "hours": load.hours, "load_step_s": load.step_s,
                     "mean_load_requests_per_s": mean, "peak_load_requests_per_s": float(v.max()),
                     "peak_to_mean": float(v.max()) / mean if mean > 0 else math.nan,
                     "filled_intervals": load.filled[name]})
    return pd.DataFrame(rows)


def read_files(paths_data: Iterable[tuple[str, bytes]], kind: str, **kw: Any) -> tuple[pd.DataFrame, dict]:
    """Read and join several files of one import."""
    return join_frames([read_metrics_file(data, name, kind, **kw) for name, data in paths_data])
