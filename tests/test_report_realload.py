"""The load resolution and the shortfall band in the CLI and every report (HTML, Markdown, Excel),
in English and Korean, with the engine's own figures; a per-minute Azure trace through the CLI."""

from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pytest

import planner
from planner.cli import main
from planner.i18n import fmt_pct, t
from planner.report import render
from planner.report.realload import has_section, load_facts
from planner.scenario_io import default_scenario, load_scenario
from planner.traces import load_azure_llm_2023
from test_metrics_import import api_response, trace_series


@pytest.fixture(scope="module")
def banded():
    return planner.plan(default_scenario(), band=True)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_markdown_and_html_show_each_band_run(banded, lang):
    s = banded.summary
    md = render(banded, "md", lang=lang).decode()
    html = render(banded, "html", lang=lang).decode()
    assert f"## {t('realload.heading', lang)}" in md and t("realload.heading", lang) in html
    for v in ("step", "linear", "burst"):
        frac = fmt_pct(getattr(s, f"tobe_shortfall_frac_{v}"), lang)
        req = f"{getattr(s, f'tobe_shortfall_requests_{v}'):,.0f}"
        assert t(f"realload.variant_{v}", lang).split(" (")[0] in md
        assert f"| {req} | {frac} |" in md
        assert f'data-field="tobe_shortfall_frac_{v}">{frac}<' in html
    assert f"{t('realload.variant_step', lang)} ({t('realload.this_plan', lang)})" in md


def test_excel_has_the_band_rows_with_numbers(banded):
    wb = openpyxl.load_workbook(io.BytesIO(render(banded, "xlsx")))
    ws = wb.worksheets[0]
    rows = [r for r in ws.iter_rows(values_only=True)]
    heading = [i for i, r in enumerate(rows) if r[0] == t("realload.heading", "en")]
    assert heading
    band = {r[0]: (r[1], r[2]) for r in rows[heading[0]:heading[0] + 8] if isinstance(r[1], (int, float))}
    s = banded.summary
    burst_label = next(k for k in band if k.startswith("with per-minute bursts"))
    assert band[burst_label] == pytest.approx((s.tobe_shortfall_requests_burst, s.tobe_shortfall_frac_burst))


def test_a_plan_without_band_of_hourly_load_has_no_section():
    p = planner.plan(default_scenario())
    assert not has_section(p)
    assert t("realload.heading", "en") not in render(p, "md").decode()


def test_cli_plan_prints_the_band_and_json_carries_it(capsys):
    assert main(["plan", "default"]) == 0
    out = capsys.readouterr().out
    s = planner.plan(default_scenario(), band=True).summary
    assert "Shortfall band" in out and f"{fmt_pct(s.tobe_shortfall_frac_band[0])} – {fmt_pct(s.tobe_shortfall_frac_band[1])}" in out
    assert main(["plan", "default", "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["tobe_shortfall_requests_burst"] == pytest.approx(s.tobe_shortfall_requests_burst)
    assert d["load_step_s"] == 3600
    assert main(["plan", "default", "--format", "json", "--no-band"]) == 0
    assert json.loads(capsys.readouterr().out)["tobe_shortfall_frac_burst"] is None


def test_an_azure_per_minute_trace_through_cli_plan_and_report(tmp_path, capsys):
    frame, _ = load_azure_llm_2023("code")
    ts, v = trace_series(frame)
    (tmp_path / "code.json").write_bytes(api_response({"llm-code": (ts, v * 100)}))  # x100: a service at ~250 rps
    assert main(["import", "prometheus", str(tmp_path / "code.json"), "--out", str(tmp_path / "s.yaml")]) == 0
    capsys.readouterr()
    assert main(["plan", str(tmp_path / "s.yaml"), "--format", "json"]) == 0
    d = json.loads(capsys.readouterr().out)
    p = planner.plan(load_scenario(tmp_path / "s.yaml"))
    assert d["load_step_s"] == 60
    assert d["tobe_shortfall_requests"] == pytest.approx(p.summary.tobe_shortfall_requests)
    assert d["tobe_shortfall_frac_step"] is None  # a measured series needs no band
    assert main(["report", str(tmp_path / "s.yaml"), "--format", "md", "--out", str(tmp_path / "r.md")]) == 0
    md = (tmp_path / "r.md").read_text()
    assert t("realload.res_fine", "en", step="1 min") in md and t("realload.no_band", "en") in md
    facts = load_facts(p, "ko")
    assert facts.resolution == "1분" and facts.rows == ()
    assert np.isclose(p.hourly["load_requests_per_s"].iloc[0], v.mean() * 100)
