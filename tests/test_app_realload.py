"""The page with real load (AppTest): the shortfall band under the headline, a per-minute Azure trace
imported from a Prometheus file with its preview, the usage fit shown before it is accepted, a
burst set on an hourly service. Figures are checked against ``planner.plan`` on scenarios the test
builds itself."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

import planner
from planner.i18n import fmt_pct, t
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from planner.traces import load_azure_llm_2023
from test_app import APP, assert_headline, metric, open_section, run, url_scenario
from test_metrics_import import api_response, synthetic_service, trace_series


@pytest.fixture
def at(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path / "library"))
    app = AppTest.from_file(APP, default_timeout=120)
    return run(app)


def test_the_band_is_under_the_headline_with_the_engines_figures(at):
    s = planner.plan(default_scenario(), band=True).summary
    low, high = s.tobe_shortfall_frac_band
    assert metric(at, "realload.band_short") == f"{fmt_pct(low)} – {fmt_pct(high)}"
    assert metric(at, "realload.resolution_label") == t("realload.hourly", "en")
    assert any("shortfall_band_burst" in code for code, _ in s.warning_items)
    assert any("with per-minute bursts" in e.value for e in [*at.error, *at.warning])  # the To-Be risk group, one line
    band = f"{fmt_pct(low)} – {fmt_pct(high)}"
    open_section(at, "explain")
    assert t("realload.explain_resolution", "en", res="hourly", band=band) in [c.value for c in at.caption]
    at.radio(key="lang").set_value("ko")
    run(at)
    assert metric(at, "realload.band_short", "ko") == f"{fmt_pct(low, 'ko')} ~ {fmt_pct(high, 'ko')}"


def test_import_an_azure_trace_preview_then_apply(at):
    open_section(at, "import")
    frame, _ = load_azure_llm_2023("code")
    t_, v = trace_series(frame)
    at.file_uploader(key="imp_file").upload("code.json", api_response({"A": (t_, v * 200)}), "application/json")
    run(at)
    assert any("code.json: 1 series, 56 samples every 1 min" in s.value for s in at.success)
    preview = at.dataframe[[i for i, d in enumerate(at.dataframe) if "peak_to_mean" in d.value.columns][0]].value
    assert preview.loc[0, "mean_load_requests_per_s"] == pytest.approx(v.mean() * 200)
    at.button(key="imp_apply").click()
    run(at)
    sc = url_scenario(at)
    a = sc.services[0]
    assert a.name == "A" and a.load is not None and a.load.step_s == 60
    assert np.mean(a.load.requests_per_s) == pytest.approx(v.mean() * 200, rel=1e-9)
    assert_headline(at, sc)
    # a per-minute service needs no band; B and C are hourly, so the band still runs for them
    assert metric(at, "realload.resolution_label") == "1 min"
    assert any("A: 1 h every 1 min" in i.value for i in at.info)


def test_usage_fit_is_shown_and_written_only_when_accepted(at):
    open_section(at, "import")
    load, pods, cpu = synthetic_service()
    t0 = 1.7e9 + np.arange(len(load)) * 60.0
    at.file_uploader(key="imp_file").upload("load.json", api_response({"A": (t0, load)}), "application/json")
    run(at)
    at.file_uploader(key="imp_cpu").upload("cpu.json", api_response({"A": (t0, cpu / 1000)}), "application/json")
    at.file_uploader(key="imp_pods").upload("pods.json", api_response({"A": (t0, pods)}), "application/json")
    run(at)
    shown = [m.value for m in at.markdown if "idle" in m.value]
    assert shown and "R² 0.99" in shown[0]
    assert any(c.key == "imp_accept_cpu_A" for c in at.checkbox)
    assert any(getattr(p, "key", None) == "imp_fit_chart_cpu_A" for p in at.get("plotly_chart"))
    at.checkbox(key="imp_accept_cpu_A").check()
    at.button(key="imp_apply").click()
    run(at)
    u = url_scenario(at).services[0].usage
    assert u.cpu_millicores_base == pytest.approx(55.0, rel=0.01)
    assert u.cpu_millicores_per_rps == pytest.approx(8.5, rel=0.01)


def test_a_bad_metrics_file_is_named_and_the_page_stays(at):
    open_section(at, "import")
    bad = json.dumps({"status": "success", "data": {"resultType": "vector", "result": []}}).encode()
    at.file_uploader(key="imp_file").upload("instant.json", bad, "application/json")
    run(at)
    assert any("an instant query" in e.value for e in at.error)
    assert "imp_apply" not in [b.key for b in at.button]
    assert_headline(at, default_scenario())


def test_set_and_remove_a_burst_on_an_hourly_service(at):
    open_section(at, "import")
    at.selectbox(key="burst_service").set_value("B")
    run(at)
    at.number_input(key="burst_peak").set_value(2.5)
    at.number_input(key="burst_trough").set_value(0.2)
    at.radio(key="burst_shape").set_value("smooth")
    at.button(key="burst_apply").click()
    run(at)
    d = scenario_to_dict(default_scenario())
    d["services"][1]["burst"] = {"peak_to_mean": 2.5, "trough_to_mean": 0.2, "shape": "smooth"}
    expected = validate_scenario(d)
    assert url_scenario(at) == expected
    assert_headline(at, expected)
    at.button(key="burst_remove").click()
    run(at)
    assert url_scenario(at) == default_scenario()
