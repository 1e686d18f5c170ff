"""Importing real metrics (planner/metrics_import.py, planner/cli_import.py): files built from the
shipped traces in the exact formats of the Prometheus HTTP API (docs/querying/api.md: the
``query_range`` envelope with a ``matrix`` result, sample values as strings), ``promtool query
range -o json`` (the bare matrix), their CSV export and CloudWatch (``Timestamp, Value`` CSV and
``GetMetricData`` JSON); resampling to whole hours; the least-squares usage fit."""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest

from planner import metrics_import as mi
from planner.cli import main as cli_main
from planner.scenario_io import load_scenario
from planner.traces import load_aws_elb_requests_2014, load_azure_llm_2023, load_nasa_http_1995


def unix(index: pd.DatetimeIndex) -> np.ndarray:
    idx = index.tz_localize("UTC") if index.tz is None else index.tz_convert("UTC")
    return idx.as_unit("ns").asi8 / 1e9


def matrix(series: dict[str, tuple[np.ndarray, np.ndarray]], label: str = "service") -> list:
    """The ``result`` of a range query: sample values as strings (repr keeps every digit)."""
    return [{"metric": {"__name__": "x", label: name, "job": "api"},
             "values": [[float(t), repr(float(v))] for t, v in zip(ts, vs)]} for name, (ts, vs) in series.items()]


def api_response(series, label="service") -> bytes:
    return json.dumps({"status": "success", "data": {"resultType": "matrix", "result": matrix(series, label)}}).encode()


def trace_series(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    return unix(frame.index), frame["load_requests_per_s"].to_numpy()


# --- round trips from the shipped traces -------------------------------------------------------
def test_an_azure_per_minute_trace_round_trips_with_its_hourly_mean(tmp_path):
    frame, _ = load_azure_llm_2023("code")
    path = tmp_path / "code.json"
    path.write_bytes(api_response({"llm-code": trace_series(frame)}))
    assert cli_main(["import", "prometheus", str(path), "--out", str(tmp_path / "s.yaml")]) == 0
    sc = load_scenario(tmp_path / "s.yaml")
    s = sc.services[0]
    assert s.name == "llm-code" and s.load.step_s == 60 and s.hours == 1
    # 56 minutes of data; the 4 minutes after the trace take the hour's own mean, so the mean is the trace's
    assert np.mean(s.load.requests_per_s) == pytest.approx(frame["load_requests_per_s"].mean(), rel=1e-9)
    assert list(s.load.requests_per_s[:56]) == pytest.approx(list(frame["load_requests_per_s"]), rel=1e-9)


def test_an_hourly_trace_round_trips_exactly_as_hourly_values(tmp_path):
    frame, _ = load_aws_elb_requests_2014()  # 336 complete hours
    path = tmp_path / "elb.json"
    path.write_bytes(api_response({"elb": trace_series(frame)}))
    assert cli_main(["import", "prometheus", str(path), "--out", str(tmp_path / "s.yaml")]) == 0
    s = load_scenario(tmp_path / "s.yaml").services[0]
    assert s.load is None and len(s.load_requests_per_s) == 336
    assert list(s.load_requests_per_s) == pytest.approx(list(frame["load_requests_per_s"]), rel=1e-9)


def test_a_trace_with_gaps_is_refused_naming_the_first_empty_hour():
    frame, meta = load_nasa_http_1995()  # gaps: Jul 28 13:00 - Jul 31 (log ends), Aug 1 14:00 - Aug 3 04:00
    f, m = mi.read_prometheus_json(api_response({"nasa": trace_series(frame)}), "nasa.json")
    with pytest.raises(mi.MetricsFileError) as exc:
        mi.to_resolution(f, native_step_s=m["native_step_s"])
    first_gap = meta["gaps"][0][0].tz_convert("UTC")
    assert f"from {first_gap.isoformat()}" in exc.value.problems[0]
    assert "hour(s) without a sample" in exc.value.problems[0]


def test_promtool_bare_matrix_csv_export_and_cloudwatch_read_the_same_series(tmp_path):
    frame, _ = load_azure_llm_2023("conv")
    t, v = trace_series(frame)
    api, _ = mi.read_metrics_file(api_response({"conv": (t, v)}), "a.json")
    promtool, _ = mi.read_metrics_file(json.dumps(matrix({"conv": (t, v)})).encode(), "p.json")
    iso = pd.to_datetime(t, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ")
    long_csv = "timestamp,service,value\n" + "".join(f"{a},conv,{float(b)!r}\n" for a, b in zip(iso, v))
    csv, meta = mi.read_metrics_file(long_csv.encode(), "export.csv")
    counts = frame["load_requests"].to_numpy()  # CloudWatch Sum per 60 s period: a count
    cw_csv = "Timestamp,Value\n" + "".join(f"{a},{b:g}\n" for a, b in zip(iso, counts))
    cw, cw_meta = mi.read_metrics_file(cw_csv.encode(), "conv.csv", "cloudwatch")
    cw_json = {"MetricDataResults": [{"Id": "m1", "Label": "conv", "StatusCode": "Complete",
                                      "Timestamps": list(iso[::-1]), "Values": [float(c) for c in counts[::-1]]}]}
    cwj, _ = mi.read_metrics_file(json.dumps(cw_json).encode(), "cw.json", "cloudwatch")
    assert meta["layout"] == "long" and cw_meta["value_kind"] == "count"
    for other in (promtool, csv, cw, cwj):
        assert np.allclose(other.iloc[:, 0].to_numpy(), api["conv"].to_numpy(), rtol=1e-12)
        assert (other.index == api.index).all()


def test_several_files_join_in_time_and_conflicts_are_refused():
    t = np.arange(240) * 60.0 + 1.7e9
    v = np.linspace(1, 9, 240)
    a = mi.read_metrics_file(api_response({"s": (t[:130], v[:130])}), "a.json")
    b = mi.read_metrics_file(api_response({"s": (t[120:], v[120:])}), "b.json")
    frame, meta = mi.join_frames([a, b])
    assert len(frame) == 240 and np.allclose(frame["s"], v)
    c = mi.read_metrics_file(api_response({"s": (t[120:], v[120:] + 1)}), "c.json")
    with pytest.raises(mi.MetricsFileError, match="other values than the earlier file"):
        mi.join_frames([a, c])


# --- bad files name what is wrong ------------------------------------------------------------------
def doc_with(values=None, **data):
    body = {"resultType": "matrix", "result": [{"metric": {"service": "a"}, "values": values or [[1.7e9, "1"]]}]}
    body.update(data)
    return json.dumps({"status": "success", "data": body}).encode()


@pytest.mark.parametrize(("data", "words"), [
    pytest.param(b'{"status": "error", "errorType": "bad_data", "error": "parse error at char 4"}',
                 "the query failed: bad_data: 'parse error at char 4'", id="api_error"),
    pytest.param(doc_with(resultType="vector"), "an instant query", id="instant_query"),
    pytest.param(doc_with([[1.7e9, "1"], [1.7e9 + 60, "abc"]]), "data.result[0].values[1][1]: 'abc' is not a number",
                 id="bad_value"),
    pytest.param(doc_with([[1.7e9, "1"], [1.7e9 + 60, "+Inf"]]), "data.result[0].values[1][1]: '+Inf' is infinite",
                 id="infinite"),
    pytest.param(doc_with([[1.7e9, "-2"]]), "values[0][1]: '-2' is negative", id="negative"),
    pytest.param(doc_with([[1.7e9, "1", "2"]]), "values[0]: a list is not a [time, \"value\"] pair", id="not_a_pair"),
    pytest.param(doc_with([["yesterday", "1"]]), "values[0][0]: 'yesterday' is not a time", id="bad_time"),
    pytest.param(b'{"status": "success", "data": {"resultType": "matrix", "result": [{"metric": {"service": "a"}, '
                 b'"histograms": [[1, {}]]}]}}', "native histogram", id="histograms"),
    pytest.param(b'{"status": "success"', "line 1, column 21: not valid JSON", id="broken_json"),
    pytest.param(b"[" * 100_000, "nested too deeply", id="deep"),
])
def test_bad_prometheus_files_name_the_path_and_what_was_expected(data, words):
    with pytest.raises(mi.MetricsFileError) as exc:
        mi.read_metrics_file(data, "q.json")
    assert any(words in p for p in exc.value.problems), exc.value.problems
    assert all(p.startswith("q.json") for p in exc.value.problems)


def test_several_series_need_the_label_and_duplicates_are_refused():
    two = [{"metric": {"job": "a", "instance": "x"}, "values": [[1.7e9, "1"]]},
           {"metric": {"job": "b", "instance": "y"}, "values": [[1.7e9, "2"]]}]
    with pytest.raises(mi.MetricsFileError, match=r"result\[0\]\.metric has no label 'service'.*--label"):
        mi.read_metrics_file(json.dumps(two).encode(), "q.json")
    frame, meta = mi.read_metrics_file(json.dumps(two).encode(), "q.json", label="job")
    assert list(frame.columns) == ["a", "b"] and meta["label"] == "job"
    same = [dict(two[0], metric={"job": "a"}), {"metric": {"job": "a"}, "values": [[1.7e9, "3"]]}]
    with pytest.raises(mi.MetricsFileError, match="different samples at"):
        mi.read_metrics_file(json.dumps(same).encode(), "q.json", label="job")


@pytest.mark.parametrize(("text", "words"), [
    pytest.param("time,value\n2024-01-01T00:00:00Z,1\nnot a time,2\n", "line 3, column 'time': 'not a time' is not a time",
                 id="bad_time"),
    pytest.param("time,value\n2024-01-01T00:00:00Z,1\n2024-01-01T00:01:00Z,x\n", "line 3, column 'value': 'x' is not a number",
                 id="bad_value"),
    pytest.param("when,value\n1,2\n", "no time column", id="no_time_column"),
    pytest.param("time,service,value\n2024-01-01T00:00:00Z,,1\n", "line 2, column 'service': service name ''",
                 id="empty_service"),
])
def test_bad_csv_files_name_the_line_and_column(text, words):
    with pytest.raises(mi.MetricsFileError) as exc:
        mi.read_metrics_file(text.encode(), "m.csv")
    assert any(words in p for p in exc.value.problems), exc.value.problems


def test_files_above_the_size_limit_are_refused_before_parsing():
    with pytest.raises(mi.MetricsFileError, match="above the 1 MiB limit"):
        mi.read_metrics_file(b" " * (2**20 + 1), "big.json", max_bytes=2**20)


# --- resampling ------------------------------------------------------------------------------------
def frame_of(values, step_s=15.0, t0=1.7e9, name="s"):
    t = t0 + np.arange(len(values)) * step_s
    return mi.read_metrics_file(api_response({name: (t, np.asarray(values, float))}), "f.json")


def test_15_s_samples_average_into_minutes_and_a_finer_step_is_refused():
    v = np.arange(240 * 2, dtype=float)  # two hours at 15 s
    frame, meta = frame_of(v)
    r = mi.to_resolution(frame, 60, native_step_s=meta["native_step_s"])
    assert r.hours == 2 and np.allclose(r.series["s"], v.reshape(-1, 4).mean(axis=1))
    with pytest.raises(mi.MetricsFileError, match="a finer step would invent values"):
        mi.to_resolution(frame, 5, native_step_s=meta["native_step_s"])
    assert mi.to_resolution(frame, native_step_s=meta["native_step_s"]).step_s == 15


def test_a_last_hour_under_half_covered_is_dropped_and_gaps_take_their_hours_mean():
    v = np.ones(60 + 20) * 10.0  # an hour and 20 minutes at 60 s
    v[5] = np.nan  # a NaN sample: missing
    v[10] = 40.0
    frame, meta = frame_of(v, 60)
    r = mi.to_resolution(frame, native_step_s=meta["native_step_s"])
    assert r.hours == 1 and any("dropped" in n for n in r.notes)
    present = np.delete(v[:60], 5)
    assert r.series["s"][5] == pytest.approx(present.mean())  # the hour's own mean
    assert r.hourly["s"][0] == pytest.approx(present.mean())
    assert r.filled["s"] == 1


# --- the usage fit -----------------------------------------------------------------------------------
def synthetic_service(seed=7, base=55.0, per_rps=8.5, noise_frac=0.005, hpa=True):
    """A day at 60 s: load from the Azure conversation trace's minutes over a daily shape; pods as an HPA at
    70 % of a 500 m request would keep them, plus one when a deploy runs; CPU = base x pods + per_rps x load + noise."""
    rng = np.random.default_rng(seed)
    minutes = load_azure_llm_2023("conv")[0]["load_requests_per_s"].to_numpy()
    minutes = minutes / minutes.mean()
    day = 1.0 + 0.8 * np.sin(np.arange(1440) / 1440 * 2 * np.pi)
    load = 200.0 * day * np.resize(minutes, 1440)
    pods = np.maximum(2, np.ceil(load * per_rps / (0.7 * 500 - base))) + (np.arange(1440) % 240 < 20) if hpa \
        else np.full(1440, 6.0)
    cpu = base * pods + per_rps * load
    cpu = cpu * (1 + noise_frac * rng.standard_normal(1440))
    return load, pods, cpu


def prom_files(tmp_path, load, pods, cpu_millicores, t0=1.7e9):
    t = t0 + np.arange(len(load)) * 60.0
    for name, v in (("load", load), ("pods", pods), ("cpu", cpu_millicores / 1000.0)):  # CPU in cores
        (tmp_path / f"{name}.json").write_bytes(api_response({"web": (t, v)}))


@pytest.mark.parametrize("hpa", [pytest.param(True, id="pods_from_an_hpa"), pytest.param(False, id="fixed_replicas")])
def test_fit_recovers_known_coefficients_within_1_percent(tmp_path, hpa):
    load, pods, cpu = synthetic_service(hpa=hpa)
    prom_files(tmp_path, load, pods, cpu)
    frame, meta = mi.read_metrics_file((tmp_path / "load.json").read_bytes(), "load.json")
    r = mi.to_resolution(frame, native_step_s=meta["native_step_s"])
    usage = mi.read_metrics_file((tmp_path / "cpu.json").read_bytes(), "cpu.json")[0]
    kw = {"pods": mi.read_metrics_file((tmp_path / "pods.json").read_bytes(), "pods.json")[0]} if hpa else {"replicas": 6}
    fit = mi.fit_services(r, usage, "cpu", scale=mi.CORES_TO_MILLICORES, **kw)["web"]
    assert fit.base == pytest.approx(55.0, rel=0.01)
    assert fit.per_rps == pytest.approx(8.5, rel=0.01)
    assert fit.r2 > 0.99 and fit.n == 1440 and not fit.uncertain
    # R^2 by its definition, from the residuals the fit reports
    y = fit.observed
    assert fit.r2 == pytest.approx(1 - (fit.residuals ** 2).sum() / ((y - y.mean()) ** 2).sum())


@pytest.mark.parametrize(("make", "words"), [
    pytest.param(lambda x: (x, np.ceil(x / 10) * 0 + x / 10, 50 * (x / 10) + 8 * x), "hardly varies", id="load_per_pod_fixed"),
    pytest.param(lambda x: (x, np.full_like(x, 4.0), 8 * x - 500), "negative idle usage", id="negative_base"),
    pytest.param(lambda x: (x[:5], np.full(5, 4.0), 8 * x[:5] + 200), "at least 10 points", id="too_few"),
])
def test_degenerate_fits_are_refused_with_the_reason(make, words):
    x = np.linspace(100, 900, 60)
    load, pods, cpu = make(x)
    with pytest.raises(mi.UsageFitError, match=words):
        mi.fit_usage("web", "cpu", load, cpu, pods)


def test_cli_fits_usage_and_writes_it_only_when_accepted(tmp_path, capsys):
    load, pods, cpu = synthetic_service()
    prom_files(tmp_path, load, pods, cpu)
    common = ["import", "prometheus", str(tmp_path / "load.json"), "--cpu", str(tmp_path / "cpu.json"),
              "--pods", str(tmp_path / "pods.json")]
    assert cli_main(common + ["--out", str(tmp_path / "a.yaml"), "--fit-csv", str(tmp_path / "fit.csv")]) == 0
    out = capsys.readouterr().out
    m = re.search(r"fit cpu web: idle ([0-9.]+) millicores per pod .*?, ([0-9.]+) millicores per request/s .*R\^2 (0\.[0-9]+)", out)
    assert m, out
    assert float(m[1]) == pytest.approx(55.0, rel=0.01) and float(m[2]) == pytest.approx(8.5, rel=0.01)
    assert float(m[3]) > 0.99 and "rerun with --accept-fit" in out
    assert load_scenario(tmp_path / "a.yaml").services[0].usage.cpu_millicores_per_rps == 10  # the default, untouched
    fit_rows = pd.read_csv(tmp_path / "fit.csv")
    assert len(fit_rows) == 1440 and {"observed", "fitted", "residual"} <= set(fit_rows.columns)
    assert cli_main(common + ["--out", str(tmp_path / "b.yaml"), "--accept-fit"]) == 0
    u = load_scenario(tmp_path / "b.yaml").services[0].usage
    assert u.cpu_millicores_base == pytest.approx(55.0, rel=0.01) and u.cpu_millicores_per_rps == pytest.approx(8.5, rel=0.01)


def test_cli_into_a_base_scenario_hourly_with_a_fitted_burst(tmp_path, capsys):
    frame, _ = load_azure_llm_2023("code")
    (tmp_path / "code.json").write_bytes(api_response({"A": trace_series(frame)}))
    assert cli_main(["import", "prometheus", str(tmp_path / "code.json"), "--base", "default", "--hourly", "--fit-burst",
                     "--out", str(tmp_path / "s.yaml")]) == 0
    sc = load_scenario(tmp_path / "s.yaml")
    a = sc.services[0]
    assert [s.name for s in sc.services] == ["A", "B", "C"]  # the base's services, A's load replaced
    assert a.load_requests_per_s == pytest.approx((frame["load_requests_per_s"].mean(),), rel=1e-9)
    assert a.burst.peak_to_mean == pytest.approx(3.85, abs=0.01) and a.burst.shape == "scattered"
    assert a.hpa.max_replicas == 40  # the base's settings kept


def test_cli_bad_input_is_exit_2_naming_the_file(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_bytes(doc_with([[1.7e9, "nope"]]))
    assert cli_main(["import", "prometheus", str(bad), "--out", str(tmp_path / "s.yaml")]) == 2
    err = capsys.readouterr().err
    assert "bad.json: data.result[0].values[0][1]: 'nope' is not a number" in err
    assert cli_main(["import", "prometheus", str(tmp_path / "missing.json"), "--out", "x.yaml"]) == 2
    assert "missing.json: cannot read" in capsys.readouterr().err
    assert cli_main(["import", "prometheus", str(bad), "--out", "x.yaml", "--cpu", str(bad)]) == 2
    assert "--pods FILE" in capsys.readouterr().err
    assert not (tmp_path / "s.yaml").exists()


# --- fuzz: any bytes give a frame or a MetricsFileError, never a traceback ----------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_GOOD = api_response({"a": (1.7e9 + np.arange(90) * 60.0, np.linspace(0, 50, 90)),
                      "b": (1.7e9 + np.arange(90) * 60.0, np.linspace(5, 9, 90))})
_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True),
                  st.text(max_size=12), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3),
                                                                                            st.integers(), max_size=2))


def _mutate(doc, path_choice: int, junk):
    """Replace one node of the JSON tree (chosen by a walk index) with junk."""
    nodes = []

    def walk(node, parent, key):
        nodes.append((parent, key))
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, node, k)
        elif isinstance(node, list):
            for i, v in enumerate(node[:6]):
                walk(v, node, i)

    walk(doc, None, None)
    parent, key = nodes[path_choice % len(nodes)]
    if parent is None:
        return junk
    parent[key] = junk
    return doc


def _import(data: bytes, name: str) -> None:
    try:
        frame, meta = mi.read_metrics_file(data, name)
        mi.to_resolution(frame, native_step_s=meta["native_step_s"])
    except mi.MetricsFileError as exc:
        assert exc.problems and all(isinstance(p, str) and p for p in exc.problems)


@settings(derandomize=True, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choice=st.integers(0, 10_000), junk=_JUNK)
def test_mutated_prometheus_documents_are_read_or_refused(choice, junk):
    _import(json.dumps(_mutate(json.loads(_GOOD), choice, junk)).encode(), "q.json")


@settings(derandomize=True, max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, len(_GOOD)), noise=st.binary(max_size=20), csv=st.booleans())
def test_cut_and_noisy_files_are_read_or_refused(cut, noise, csv):
    if csv:
        text = "time,service,value\n" + "".join(f"{1.7e9 + 60 * i},a,{i}\n" for i in range(90))
        _import(text.encode()[:cut % (len(text) + 1)] + noise, "m.csv")
    else:
        _import(_GOOD[:cut] + noise, "q.json")
