"""Load file reader: wide and long layouts, CSV and Excel, and one message per bad row/column."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from planner.loaders import MAX_UPLOAD_BYTES, LoadFileError, loads_from_frame, read_load_file


def csv(text: str) -> bytes:
    return text.strip().replace("\n    ", "\n").encode() + b"\n"


def wide_day(services=("A", "B"), f=lambda h, i: 10 * h + i) -> str:
    lines = ["hour," + ",".join(services)]
    lines += [f"{h}," + ",".join(str(f(h, i)) for i in range(len(services))) for h in range(24)]
    return "\n".join(lines)


def xlsx(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    return buf.getvalue()


# --- good files ------------------------------------------------------------------------------
def test_wide_csv_day():
    frame, meta = read_load_file(wide_day().encode(), "load.csv")
    assert list(frame.columns) == ["A", "B"]
    assert list(frame.index) == list(range(24))
    assert frame.loc[5, "A"] == 50.0 and frame.loc[5, "B"] == 51.0
    assert meta["layout"] == "wide" and meta["hours"] == 24 and meta["services"] == ["A", "B"]
    assert meta["source"] == "load.csv" and meta["rows"] == 24
    assert loads_from_frame(frame)["A"] == [10.0 * h for h in range(24)]


def test_wide_rows_in_any_order_semicolons_and_aliases():
    lines = ["시각;web;batch"] + [f"{h};{h};{100 - h}" for h in reversed(range(24))]
    frame, _ = read_load_file("\n".join(lines).encode(), "x.csv")
    assert list(frame["web"]) == [float(h) for h in range(24)]
    assert list(frame["batch"]) == [100.0 - h for h in range(24)]


def test_wide_week_xlsx():
    df = pd.DataFrame({"hour": range(168), "A": [float(h % 24) for h in range(168)]})
    frame, meta = read_load_file(xlsx(df), "week.xlsx")
    assert meta["hours"] == 168
    assert list(frame["A"]) == list(df["A"])


def test_cp949_csv_from_korean_excel():
    text = wide_day(("결제", "검색"))
    frame, _ = read_load_file(text.encode("cp949"), "korean.csv")
    assert list(frame.columns) == ["결제", "검색"]


def test_long_counts_per_minute_average_per_hour():
    # 60 one-minute rows per hour with 600 requests each = 10 requests/s; the service alternates 10/20
    rows = ["timestamp,service,requests"]
    start = pd.Timestamp("2024-03-04 00:00")
    for m in range(24 * 60):
        ts = start + pd.Timedelta(minutes=m)
        rows.append(f"{ts.isoformat()},api,{600 if ts.hour % 2 == 0 else 1200}")
    frame, meta = read_load_file("\n".join(rows).encode(), "minutes.csv")
    assert meta["layout"] == "long" and meta["interval_s"] == 60
    assert list(frame["api"]) == [10.0 if h % 2 == 0 else 20.0 for h in range(24)]


def test_long_rate_with_hour_index():
    rows = ["hour,service,load_requests_per_s"] + [f"{h},{s},{h + k}" for h in range(24)
                                                    for k, s in enumerate(("x", "y"))]
    frame, _ = read_load_file("\n".join(rows).encode(), "tidy.csv")
    assert list(frame["x"]) == [float(h) for h in range(24)]
    assert list(frame["y"]) == [float(h + 1) for h in range(24)]


def test_long_week_is_rotated_to_start_on_monday():
    times = pd.date_range("2024-05-08", periods=168, freq="h")  # a Wednesday
    df = pd.DataFrame({"timestamp": times, "service": "A", "requests": [3600.0 * t.day_of_week for t in times]})
    frame, meta = read_load_file(xlsx(df), "wed.xlsx")
    assert meta["hours"] == 168
    assert list(frame["A"][:24]) == [0.0] * 24  # Monday's rate (weekday 0) comes first
    assert list(frame["A"][-24:]) == [6.0] * 24  # Sunday last
    assert "rotated" in meta["notes"][0]


def test_long_trace_without_service_is_averaged_to_a_day(tmp_path):
    # three days of the same hourly shape, with a time-zone offset that is dropped (wall-clock time)
    rows = ["timestamp,requests"]
    for d in range(3):
        for h in range(24):
            rows.append(f"1995-07-0{d + 1}T{h:02d}:00:00-04:00,{3600 * (h + d)}")
    frame, meta = read_load_file("\n".join(rows).encode(), "nasa_http.csv")
    assert list(frame.columns) == ["nasa_http"]
    assert list(frame["nasa_http"]) == pytest.approx([h + 1.0 for h in range(24)])  # mean of h, h+1, h+2
    assert "averaged into one 24-hour profile" in meta["notes"][0]


def test_real_trace_file_from_data_folder():
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "traces" / "aws_elb_requests_2014_hourly.csv"
    frame, meta = read_load_file(path.read_bytes(), path.name)
    raw = pd.read_csv(path, parse_dates=["timestamp"])
    by_hand = raw.groupby(raw.timestamp.dt.hour)["requests"].mean() / 3600.0
    assert list(frame.iloc[:, 0]) == pytest.approx(list(by_hand))
    assert meta["hours"] == 24


# --- bad files -------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    pytest.param("when,what\n1,2\n", ["unknown columns 'when', 'what'", "wide columns hour",
                                       "long columns timestamp (or hour), service"], id="wrong_columns"),
    pytest.param("hour\n0\n", ["only an hour column"], id="no_service_column"),
    pytest.param("service,requests\nA,1\n", ["long layout needs columns timestamp (or hour)"], id="long_without_time"),
    pytest.param("hour,A\n", ["has a header but no data rows"], id="header_only"),
    pytest.param("", ["is empty"], id="empty_file"),
], )
def test_column_problems(text, expected):
    with pytest.raises(LoadFileError) as exc:
        read_load_file(text.encode(), "f.csv")
    msg = str(exc.value)
    for part in expected:
        assert part in msg


def test_cell_problems_name_line_and_column():
    text = wide_day().split("\n")
    text[3] = "2,,5"  # line 4: empty A
    text[4] = "3,abc,5"  # line 5: not a number
    text[5] = "4,-3,5"  # line 6: negative
    text[6] = "5,nan,inf"  # line 7: NaN and inf
    with pytest.raises(LoadFileError) as exc:
        read_load_file("\n".join(text).encode(), "bad.csv")
    assert exc.value.problems == [
        "line 4, column 'A' (B): empty; expected a number >= 0",
        "line 5, column 'A' (B): 'abc' is not a finite number; expected a number >= 0",
        "line 6, column 'A' (B): -3 is negative; expected a number >= 0",
        "line 7, column 'A' (B): 'nan' is not a finite number; expected a number >= 0",
        "line 7, column 'B' (C): 'inf' is not a finite number; expected a number >= 0",
    ]


def test_hour_problems():
    lines = wide_day().split("\n")
    lines[2] = "0,1,1"  # hour 1 replaced by a second hour 0
    lines[10] = "8.5,1,1"  # line 11, was hour 9
    with pytest.raises(LoadFileError) as exc:
        read_load_file("\n".join(lines).encode(), "hours.csv")
    assert exc.value.problems == ["line 11, column 'hour': hour '8.5' is not a whole number >= 0"]
    del lines[10]
    with pytest.raises(LoadFileError) as exc:
        read_load_file("\n".join(lines).encode(), "hours.csv")
    assert exc.value.problems == ["line 3: hour 0 appears again (first at line 2)",
                                  "missing hours: 1, 9; expected every hour 0-23 once"]


def test_excel_rows_are_named_rows():
    df = pd.DataFrame({"hour": range(24), "A": [1.0] * 24})
    df["A"] = df["A"].astype(object)
    df.loc[3, "A"] = "x"
    with pytest.raises(LoadFileError) as exc:
        read_load_file(xlsx(df), "bad.xlsx")
    assert exc.value.problems == ["row 5, column 'A' (B): 'x' is not a finite number; expected a number >= 0"]


def test_duplicate_and_unnamed_service_columns():
    with pytest.raises(LoadFileError) as exc:
        read_load_file(b"hour,A,A,\n" + b"".join(f"{h},1,2,3\n".encode() for h in range(24)), "dup.csv")
    assert "column C: service 'A' appears twice (also column B)" in exc.value.problems
    assert "column D (column 4) has no header; name the service" in exc.value.problems


def test_long_missing_hours_and_duplicates():
    rows = ["hour,service,load_requests_per_s"] + [f"{h},A,1" for h in range(24) if h != 5] + ["7,A,2"]
    with pytest.raises(LoadFileError) as exc:
        read_load_file("\n".join(rows).encode(), "gaps.csv")
    assert exc.value.problems == ["line 25: hour 7 of service 'A' appears again"]
    rows = rows[:-1]
    with pytest.raises(LoadFileError) as exc:
        read_load_file("\n".join(rows).encode(), "gaps.csv")
    assert exc.value.problems == ["service 'A': no rows for hour(s) 5; expected every hour 0-23"]


def test_bad_timestamps_and_short_traces():
    with pytest.raises(LoadFileError) as exc:
        read_load_file(b"timestamp,service,requests\n2024-01-01T00:00,A,1\nyesterday,A,1\n", "t.csv")
    assert exc.value.problems == ["line 3, column 'timestamp': 'yesterday' is not a date and time (e.g. 2024-05-01T13:00:00)"]
    with pytest.raises(LoadFileError) as exc:
        read_load_file(b"timestamp,requests\n2024-01-01T10:00,1\n2024-01-01T10:01,1\n", "short.csv")
    assert "need at least 24 hours" in str(exc.value)


def test_many_problems_are_counted_not_all_listed():
    lines = ["hour,A"] + [f"{h},x" for h in range(24)]
    with pytest.raises(LoadFileError) as exc:
        read_load_file("\n".join(lines).encode(), "x.csv")
    assert len(exc.value.problems) == 21
    assert exc.value.problems[-1] == "... and 4 more problems of the same kind"


def test_too_big_unknown_type_and_broken_excel():
    with pytest.raises(LoadFileError, match="the limit is 10 MB"):
        read_load_file(b"0" * (MAX_UPLOAD_BYTES + 1), "big.csv")
    with pytest.raises(LoadFileError, match="unknown file type '.pdf'"):
        read_load_file(b"%PDF", "x.pdf")
    with pytest.raises(LoadFileError, match="old .xls format"):
        read_load_file(b"\xd0\xcf", "x.xls")
    with pytest.raises(LoadFileError, match="cannot read x.xlsx as an Excel workbook"):
        read_load_file(b"not a zip", "x.xlsx")
    with pytest.raises(LoadFileError, match="neither UTF-8 nor CP949"):
        read_load_file(b"\xff\xfe\x00\x81\xff", "x.csv")
