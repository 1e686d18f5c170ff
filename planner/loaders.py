"""Read uploaded load profiles (CSV or Excel) into hourly loads per service [requests/s].

Two layouts are accepted (column names are matched through :data:`COLUMN_ALIASES`, case-insensitive):

* **wide**: a column ``hour`` (0-23 for a day, 0-167 for a week starting Monday 00:00) and one column per
  service holding the load in requests/s;
* **long**: one row per time and service: a time column (``timestamp``, or an ``hour`` index), a ``service``
  column and either ``requests`` (a count of requests in the row's interval) or ``load_requests_per_s``
  (a rate). Rows are averaged per hour: ``rate = sum(requests) / (samples x interval_s)``, so per-minute
  counts give the same hourly rate as hourly counts. Without a service column, the whole file is one
  service named after the file. A timestamp keeps its wall-clock time (an offset such as ``-04:00`` is
  dropped), so hour 0 is 00:00 local time.

A file covering exactly 24 or 168 hours gives that profile (a 7-day file is rotated to start on Monday).
Longer timestamped files are averaged into one 24-hour profile (mean per hour of day) and say so in
``meta["notes"]``.

:func:`read_load_file` returns ``(frame, meta)`` like pvlib's iotools readers; on failure it raises
:class:`LoadFileError` listing each problem with its line (CSV) or row (Excel) number and column.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Sequence
from pathlib import PurePath
from typing import Any

import pandas as pd

#: Upload cap [MB]; the same figure is ``server.maxUploadSize`` in ``.streamlit/config.toml``.
MAX_UPLOAD_MB = 10
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: Profile lengths the page edits directly [hours].
DAY_HOURS = 24
WEEK_HOURS = 168
SECONDS_PER_HOUR = 3600
MAX_SERVICE_NAME_CHARS = 64  # planner.scenario.Service.name max_length
CSV_DELIMITERS = (",", ";", "\t", "|")  # Excel in many locales writes ; and tab
MAX_PROBLEMS_LISTED = 20  # beyond this the message only counts them: a wrong file gives thousands

#: Foreign column name (lower case, stripped) -> canonical name. One mapping for every reader.
COLUMN_ALIASES: dict[str, str] = {
    **dict.fromkeys(["hour", "hours", "hr", "h", "hour_of_day", "hour of day", "시", "시각", "시간대"], "hour"),
    **dict.fromkeys(["timestamp", "time", "datetime", "date_time", "date", "ts", "일시", "시간", "날짜"], "timestamp"),
    **dict.fromkeys(["service", "services", "svc", "service_name", "app", "서비스", "서비스명"], "service"),
    **dict.fromkeys(["requests", "request_count", "count", "requests_count", "hits", "요청", "요청수", "요청 수"],
                    "requests"),
    **dict.fromkeys(["load_requests_per_s", "requests_per_s", "requests/s", "req/s", "rps", "load", "load [requests/s]",
                     "부하", "요청/초"], "load_requests_per_s"),
}

_OFFSET_RE = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")


class LoadFileError(ValueError):
    """An uploaded load file that cannot be used. ``problems`` lists one sentence per problem, each
    naming the line/row and column; ``required`` and ``found`` list the columns when they are wrong."""

    def __init__(self, problems: Sequence[str], required: Sequence[str] = (), found: Sequence[str] = ()):
        self.problems = list(problems)
        self.required = list(required)
        self.found = list(found)
        super().__init__("\n".join(self.problems))


class _Problems:
    """Collects problems, keeping the first MAX_PROBLEMS_LISTED and counting the rest."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.extra = 0

    def add(self, msg: str) -> None:
        if len(self.items) < MAX_PROBLEMS_LISTED:
            self.items.append(msg)
        else:
            self.extra += 1

    def raise_if_any(self, required: Sequence[str] = (), found: Sequence[str] = ()) -> None:
        if self.items:
            items = list(self.items)
            if self.extra:
                items.append(f"... and {self.extra} more problems of the same kind")
            raise LoadFileError(items, required, found)


# --- reading the raw table -------------------------------------------------------------------
def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "cp949"):  # cp949: CSV saved by Korean Excel
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise LoadFileError(["the file is neither UTF-8 nor CP949 text; save it as CSV UTF-8"])


def _read_raw(data: bytes, filename: str) -> tuple[list[str], list[list[Any]], str]:
    """Header and data rows as raw cells, plus the word for a row number ("line" or "row")."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            raw = pd.read_excel(io.BytesIO(data), header=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise LoadFileError([f"cannot read {filename} as an Excel workbook: {exc}"]) from None
        rows = [[None if (isinstance(c, float) and math.isnan(c)) else c for c in r] for r in raw.itertuples(index=False)]
        where = "row"
    elif suffix in (".csv", ".txt", ""):
        text = _decode(data)
        if not text.strip():
            raise LoadFileError([f"{filename} is empty"])
        try:
            raw = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False,
                              skip_blank_lines=False, sep=_delimiter(text), engine="python")
        except Exception as exc:  # pandas ParserError, csv.Error: report the parser's own words
            raise LoadFileError([f"cannot read {filename} as CSV: {exc}"]) from None
        rows = [list(r) for r in raw.itertuples(index=False)]
        where = "line"
    elif suffix == ".xls":
        raise LoadFileError([f"{filename}: the old .xls format is not supported; save it as .xlsx or CSV"])
    else:
        raise LoadFileError([f"{filename}: unknown file type {suffix!r}; upload .csv or .xlsx"])
    # drop blank rows at the end (editors leave them); blank rows inside are reported later
    while rows and all(_blank(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise LoadFileError([f"{filename} is empty"])
    header = ["" if _blank(c) else str(c).strip() for c in rows[0]]
    while header and header[-1] == "" and all(len(r) < len(header) or _blank(r[len(header) - 1]) for r in rows[1:]):
        header.pop()
    body = [list(r[: len(header)]) + [None] * (len(header) - len(r)) for r in rows[1:]]
    return header, body, where


def _delimiter(text: str) -> str:
    """The delimiter of the header line: the most frequent of , ; tab | (comma if none)."""
    header = text.lstrip("\ufeff").splitlines()[0] if text.strip() else ""
    counts = {d: header.count(d) for d in CSV_DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, float) and math.isnan(cell)) or (isinstance(cell, str) and not cell.strip())


def _canonical(header: Sequence[str]) -> list[str | None]:
    return [COLUMN_ALIASES.get(h.strip().lower()) for h in header]


def _number(cell: Any) -> float | None:
    """A finite float, or None if the cell is not a number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, (int, float)):
        f = float(cell)
    else:
        s = str(cell).strip().replace(",", "")
        try:
            f = float(s)
        except ValueError:
            return None
    return f if math.isfinite(f) else None


def _check_load_value(cell: Any, where: str, problems: _Problems) -> float | None:
    if _blank(cell):
        problems.add(f"{where}: empty; expected a number >= 0")
        return None
    f = _number(cell)
    if f is None:
        problems.add(f"{where}: {cell!r} is not a finite number; expected a number >= 0")
        return None
    if f < 0:
        problems.add(f"{where}: {f:g} is negative; expected a number >= 0")
        return None
    return f


def _check_hours(hours: list[int], where_of: list[str], problems: _Problems) -> int:
    """Hours must be 0..H-1, each once, H = 24 or 168. Returns H (0 if not)."""
    first_seen: dict[int, str] = {}
    for h, w in zip(hours, where_of):
        if h in first_seen:
            problems.add(f"{w}: hour {h} appears again (first at {first_seen[h]})")
        else:
            first_seen[h] = w
    n = max(hours) + 1 if hours else 0
    expected = DAY_HOURS if n <= DAY_HOURS else WEEK_HOURS
    if n > WEEK_HOURS:
        problems.add(f"hour {max(hours)} is too large; hours run 0-23 (a day) or 0-167 (a week from Monday 00:00)")
        return 0
    missing = [h for h in range(expected) if h not in first_seen]
    if missing:
        shown = ", ".join(str(h) for h in missing[:24]) + (" ..." if len(missing) > 24 else "")
        problems.add(f"missing hours: {shown}; expected every hour 0-{expected - 1} once")
    return expected


def _service_names(names: list[str], cols: list[int], problems: _Problems) -> None:
    seen: dict[str, int] = {}
    for name, col in zip(names, cols):
        letter = _col_letter(col)
        if not name:
            problems.add(f"column {letter} (column {col + 1}) has no header; name the service")
        elif len(name) > MAX_SERVICE_NAME_CHARS:
            problems.add(f"column {letter}: service name {name[:20]!r}... is longer than {MAX_SERVICE_NAME_CHARS} characters")
        elif name in seen:
            problems.add(f"column {letter}: service {name!r} appears twice (also column {_col_letter(seen[name])})")
        else:
            seen[name] = col


def _col_letter(col: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (spreadsheet column names)."""
    s = ""
    col += 1
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


# --- layouts ---------------------------------------------------------------------------------
def _read_wide(header: list[str], body: list[list[Any]], where: str, hour_col: int) -> tuple[pd.DataFrame, dict]:
    problems = _Problems()
    svc_cols = [i for i in range(len(header)) if i != hour_col]
    if not svc_cols:
        raise LoadFileError([f"only an hour column ({header[hour_col]!r}); add one column per service with its "
                             "load [requests/s]"], required=["hour", "<service>..."], found=header)
    names = [header[i] for i in svc_cols]
    _service_names(names, svc_cols, problems)
    hours: list[int] = []
    hour_where: list[str] = []
    values: dict[str, dict[int, float]] = {n: {} for n in names}
    for r, row in enumerate(body):
        line = f"{where} {r + 2}"
        hcell = row[hour_col]
        hf = None if _blank(hcell) else _number(hcell)
        if hf is None or hf != int(hf) or hf < 0:
            shown = "empty" if _blank(hcell) else repr(hcell)
            problems.add(f"{line}, column {header[hour_col]!r}: hour {shown} is not a whole number >= 0")
            continue
        h = int(hf)
        hours.append(h)
        hour_where.append(line)
        for col, name in zip(svc_cols, names):
            v = _check_load_value(row[col], f"{line}, column {name!r} ({_col_letter(col)})", problems)
            if v is not None:
                values[name][h] = v
    problems.raise_if_any()
    n_hours = _check_hours(hours, hour_where, problems)
    problems.raise_if_any()
    frame = pd.DataFrame({n: [values[n][h] for h in range(n_hours)] for n in names},
                         index=pd.RangeIndex(n_hours, name="hour"))
    return frame, {"layout": "wide", "rows": len(body), "value_column": "load_requests_per_s", "notes": []}


def _parse_time(cells: list[Any], where: str, col_name: str, problems: _Problems) -> tuple[str, list[Any]]:
    """Return ("hour", ints) for an hour index column, else ("timestamp", Timestamps)."""
    nums = [None if _blank(c) else _number(c) for c in cells]
    if all(n is not None and n == int(n) and n >= 0 for n in nums) and cells:
        return "hour", [int(n) for n in nums]
    out: list[Any] = []
    for r, c in enumerate(cells):
        line = f"{where} {r + 2}, column {col_name!r}"
        if _blank(c):
            problems.add(f"{line}: empty time")
            out.append(None)
            continue
        if isinstance(c, pd.Timestamp) or hasattr(c, "year"):
            ts = pd.Timestamp(c)
        else:
            try:
                ts = pd.Timestamp(_OFFSET_RE.sub("", str(c).strip()))
            except (ValueError, TypeError):
                problems.add(f"{line}: {c!r} is not a date and time (e.g. 2024-05-01T13:00:00)")
                out.append(None)
                continue
        if ts.tzinfo is not None:
            ts = ts.tz_localize(None)
        if pd.isna(ts):
            problems.add(f"{line}: {c!r} is not a date and time")
            out.append(None)
            continue
        out.append(ts)
    return "timestamp", out


def _read_long(header: list[str], body: list[list[Any]], where: str, canon: list[str | None],
               default_service: str) -> tuple[pd.DataFrame, dict]:
    problems = _Problems()
    time_col = canon.index("timestamp") if "timestamp" in canon else canon.index("hour")
    svc_col = canon.index("service") if "service" in canon else None
    if "load_requests_per_s" in canon:
        val_col, is_rate = canon.index("load_requests_per_s"), True
    else:
        val_col, is_rate = canon.index("requests"), False
    kind, times = _parse_time([row[time_col] for row in body], where, header[time_col], problems)
    services: list[str | None] = []
    vals: list[float | None] = []
    for r, row in enumerate(body):
        line = f"{where} {r + 2}"
        if svc_col is None:
            services.append(default_service)
        else:
            s = row[svc_col]
            if _blank(s):
                problems.add(f"{line}, column {header[svc_col]!r}: empty service name")
                services.append(None)
            else:
                name = str(s).strip()
                if len(name) > MAX_SERVICE_NAME_CHARS:
                    problems.add(f"{line}, column {header[svc_col]!r}: service name longer than {MAX_SERVICE_NAME_CHARS} characters")
                services.append(name)
        vals.append(_check_load_value(row[val_col], f"{line}, column {header[val_col]!r}", problems))
    problems.raise_if_any()
    df = pd.DataFrame({"t": times, "service": services, "v": vals})
    notes: list[str] = []
    if kind == "hour":
        df["hour"] = df["t"].astype(int)
        interval_s = SECONDS_PER_HOUR
        dup = df.duplicated(["hour", "service"], keep="first")
        for r in df.index[dup]:
            problems.add(f"{where} {r + 2}: hour {df.at[r, 'hour']} of service {df.at[r, 'service']!r} appears again")
        problems.raise_if_any()
    else:
        df["t"] = pd.to_datetime(df["t"])
        start = df["t"].min().normalize()
        df["hour"] = ((df["t"] - start) // pd.Timedelta(hours=1)).astype(int)
        diffs = df.sort_values("t").groupby("service")["t"].diff().dropna()
        diffs = diffs[diffs > pd.Timedelta(0)]
        interval_s = float(diffs.median().total_seconds()) if len(diffs) else SECONDS_PER_HOUR
        interval_s = min(interval_s, SECONDS_PER_HOUR)
        dup = df.duplicated(["t", "service"], keep="first")
        for r in df.index[dup]:
            problems.add(f"{where} {r + 2}: time {df.at[r, 't']} of service {df.at[r, 'service']!r} appears again")
        problems.raise_if_any()
    # hourly rate: mean of rates, or counts / covered seconds
    if is_rate:
        hourly = df.groupby(["service", "hour"], sort=False)["v"].mean()
    else:
        g = df.groupby(["service", "hour"], sort=False)["v"]
        hourly = g.sum() / (g.count() * interval_s)
    n_span = int(df["hour"].max()) + 1
    if kind == "timestamp" and n_span not in (DAY_HOURS, WEEK_HOURS):
        first_hour = int(df["hour"].min())
        last_hour = int(df["hour"].max())
        covered = last_hour - first_hour + 1
        if covered < DAY_HOURS:
            raise LoadFileError([f"the file covers {covered} hour(s) ({df['t'].min()} to {df['t'].max()}); "
                                 "need at least 24 hours (a day)"])
        # average into hour-of-day: a month of data becomes one daily profile
        hod = hourly.reset_index()
        hod["hod"] = hod["hour"] % DAY_HOURS
        days = covered / DAY_HOURS
        hourly = hod.groupby(["service", "hod"], sort=False)["v"].mean().rename_axis(["service", "hour"])
        n_span = DAY_HOURS
        notes.append(f"the file covers {covered} hours ({days:.1f} days); averaged into one 24-hour profile "
                     "(mean per hour of day)")
    elif kind == "timestamp" and n_span == WEEK_HOURS:
        first_dow = df["t"].min().normalize().day_of_week  # Monday = 0
        if first_dow:
            hourly = hourly.rename(index=lambda h: (h + first_dow * DAY_HOURS) % WEEK_HOURS, level="hour")
            notes.append(f"the week starts on {df['t'].min().day_name()}; rotated so hour 0 is Monday 00:00")
    n_hours = DAY_HOURS if n_span <= DAY_HOURS else WEEK_HOURS
    if n_span > WEEK_HOURS:
        raise LoadFileError([f"hour index up to {n_span - 1}; hours run 0-23 (a day) or 0-167 (a week)"])
    names = list(dict.fromkeys(s for s in df["service"]))
    data: dict[str, list[float]] = {}
    for name in names:
        s = hourly.loc[name]
        missing = [h for h in range(n_hours) if h not in s.index]
        if missing:
            shown = ", ".join(str(h) for h in missing[:24]) + (" ..." if len(missing) > 24 else "")
            problems.add(f"service {name!r}: no rows for hour(s) {shown}; expected every hour 0-{n_hours - 1}")
            continue
        data[name] = [float(s.loc[h]) for h in range(n_hours)]
    problems.raise_if_any()
    frame = pd.DataFrame(data, index=pd.RangeIndex(n_hours, name="hour"))
    return frame, {"layout": "long", "rows": len(body),
                   "value_column": "load_requests_per_s" if is_rate else "requests",
                   "interval_s": interval_s, "notes": notes}


# --- entry point -----------------------------------------------------------------------------
def read_load_file(data: bytes, filename: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Parse an uploaded load file.

    Parameters
    ----------
    data : bytes
        File content (at most :data:`MAX_UPLOAD_BYTES`).
    filename : str
        Original name; its suffix picks the reader (``.csv``/``.txt`` or ``.xlsx``).

    Returns
    -------
    frame : pandas.DataFrame
        Index ``hour`` (0..23 or 0..167), one column per service, load [requests/s].
    meta : dict
        ``layout`` ("wide"/"long"), ``hours``, ``services``, ``source``, ``rows`` (data rows read),
        ``value_column``, ``notes`` (sentences about averaging or rotation).

    Raises
    ------
    LoadFileError
        With one problem per bad cell, row or column (line numbers count the header as line 1).
    """
    if len(data) > MAX_UPLOAD_BYTES:
        raise LoadFileError([f"{filename} is {len(data) / 1024 / 1024:.1f} MB; the limit is {MAX_UPLOAD_MB} MB"])
    header, body, where = _read_raw(data, filename)
    canon = _canonical(header)
    has = set(c for c in canon if c)
    required_long = ["timestamp (or hour)", "service", "requests (or load_requests_per_s)"]
    required_wide = ["hour", "<one column per service>"]
    if not body:
        raise LoadFileError([f"{filename} has a header but no data rows"], found=header)
    if "service" in has or ("timestamp" in has and ({"requests", "load_requests_per_s"} & has)):
        if not ({"timestamp", "hour"} & has) or not ({"requests", "load_requests_per_s"} & has):
            raise LoadFileError(
                [f"long layout needs columns {', '.join(required_long)}; found {', '.join(repr(h) for h in header)}"],
                required=required_long, found=header)
        stem = PurePath(filename).stem.strip()[:MAX_SERVICE_NAME_CHARS] or "service"
        frame, meta = _read_long(header, body, where, canon, stem)
    elif "hour" in has:
        frame, meta = _read_wide(header, body, where, canon.index("hour"))
    else:
        raise LoadFileError(
            [f"unknown columns {', '.join(repr(h) for h in header)}. Expected either wide columns "
             f"{', '.join(required_wide)} or long columns {', '.join(required_long)}"],
            required=required_wide + required_long, found=header)
    meta.update({"hours": len(frame), "services": list(frame.columns), "source": filename})
    return frame, meta


def loads_from_frame(frame: pd.DataFrame) -> dict[str, list[float]]:
    """``service -> hourly loads [requests/s]`` from a frame of :func:`read_load_file`."""
    return {str(c): [float(v) for v in frame[c]] for c in frame.columns}
