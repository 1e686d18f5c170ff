"""The report API: formats, output paths, languages, the formula guard and the escaping helpers."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planner
from planner.i18n import col_label as column_label
from planner.i18n import fmt_pct, fmt_usd, fmt_value
from planner.report import (FORMATS, REPORT_FORMATS, ChromiumNotFoundError, ExportToolError, ReportError,
                            find_chromium, parse_formats, render, write_reports)
from planner.report.escape import FORMULA_PREFIXES, esc, json_for_script, md_escape, neutralize
from planner.result import CLUSTER_HOURLY_COLUMNS, HOURLY_COLUMNS, SERVICE_COLUMNS
from planner.scenario_io import default_scenario
from report_support import hostile_scenario

DERANDOMIZED = settings(derandomize=True, max_examples=300, deadline=None)


@pytest.fixture(scope="module")
def plan():
    return planner.plan(default_scenario())


# --- formula guard ----------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [
    pytest.param("=1+1", "'=1+1", id="equals"),
    pytest.param("+1", "'+1", id="plus"),
    pytest.param("-1", "'-1", id="minus_text"),
    pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
    pytest.param("\tx", "'\tx", id="tab"),
    pytest.param("\rx", "'\rx", id="carriage_return"),
    pytest.param("a=b", "a=b", id="formula_char_inside_is_fine"),
    pytest.param("", "", id="empty"),
    pytest.param(-1.5, -1.5, id="negative_number_untouched"),
    pytest.param(-3, -3, id="negative_int_untouched"),
    pytest.param(None, None, id="missing_untouched"),
    pytest.param(True, True, id="bool_untouched"),
])
def test_neutralize(value, expected):
    assert neutralize(value) == expected


@DERANDOMIZED
@given(st.text())
def test_neutralized_text_never_starts_like_a_formula(text):
    out = neutralize(text)
    assert not out.startswith(FORMULA_PREFIXES)
    assert out in (text, "'" + text)


@DERANDOMIZED
@given(st.one_of(st.integers(), st.floats(allow_nan=False)))
def test_numbers_are_never_neutralized(x):
    assert neutralize(x) == x


@DERANDOMIZED
@given(st.text())
def test_escapes_leave_no_markup(text):
    assert "<" not in esc(text) and ">" not in esc(text) and '"' not in esc(text)
    md = md_escape(text)
    assert "<" not in md and "\n" not in md
    js = json_for_script(f'"{text}"')
    assert "<" not in js and ">" not in js and "&" not in js


# --- formatting -------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "unit", "lang", "text"), [
    pytest.param(1234.5, "USD/month", "en", "$1,234.50", id="money"),
    pytest.param(-12.0, "USD", "en", "-$12.00", id="negative_money"),
    pytest.param(0.192, "USD/hour", "en", "$0.192", id="price_keeps_digits"),
    pytest.param(0.1, "USD/hour", "en", "$0.10", id="price_two_decimals_at_least"),
    pytest.param(0.469, "fraction", "en", "46.9%", id="percent"),
    pytest.param(0.469, "fraction", "ko", "46.9%", id="percent_korean"),
    pytest.param(9.3e-05, "fraction", "en", "0.0093%", id="small_percent_keeps_two_digits"),
    pytest.param(0.0, "fraction", "en", "0%", id="zero_percent"),
    pytest.param(1.2e-9, "fraction", "en", "0.00000012%", id="tiny_share_never_an_exponent"),
    pytest.param(0.00999, "fraction", "en", "1.0%", id="rounds_up_to_one_percent"),
    pytest.param(5850.4, "requests", "en", "5,850", id="requests_whole"),
    pytest.param(21, "hour", "en", "21:00", id="hour_as_clock"),
    pytest.param(21, "hour", "ko", "21시", id="hour_korean"),
    pytest.param(None, "USD", "en", "–", id="missing"),
    pytest.param(True, "", "ko", "예", id="bool_korean"),
    pytest.param(10.2227, "pods", "en", "10.22", id="two_decimals"),
])
def test_fmt_value(value, unit, lang, text):
    assert fmt_value(value, unit, lang) == text


def test_money_and_percent_helpers():
    assert fmt_usd(1681.92) == "$1,682"
    assert fmt_pct(-0.05) == "-5.0%"


@pytest.mark.parametrize("column", sorted(set(HOURLY_COLUMNS + CLUSTER_HOURLY_COLUMNS + SERVICE_COLUMNS)))
def test_every_column_has_a_label_in_both_languages(column):
    for lang in ("en", "ko"):
        label = column_label(column, lang)
        assert label and "_" not in label, (column, lang, label)


# --- render / write_reports -------------------------------------------------------------------
def test_parse_formats():
    assert parse_formats("html, PDF,md,html") == ["html", "pdf", "md"]
    assert parse_formats(["markdown", ".csv"]) == ["md", "csv"]
    with pytest.raises(ReportError, match="must be one of"):
        parse_formats("docx")
    with pytest.raises(ReportError, match="at least one"):
        parse_formats(" , ")


def test_every_format_downloads_under_its_own_file_name():
    """The CSV and the PNG bundle are both zips; they must not share a name in the browser's downloads."""
    suffixes = [f.suffix for f in REPORT_FORMATS.values()]
    assert len(set(suffixes)) == len(suffixes), suffixes
    assert REPORT_FORMATS["csv"].suffix == "-csv.zip" and REPORT_FORMATS["png"].suffix == "-png.zip"


def test_every_format_has_a_mime_type():
    assert set(REPORT_FORMATS) == set(FORMATS) and all("/" in f.mime for f in REPORT_FORMATS.values())


#: The first bytes of a file of each MIME type (zip: "PK\x03\x04").
MAGIC = {"text/html": b"<!DOCTYPE html>", "application/zip": b"PK\x03\x04", "text/markdown": b"# ",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK\x03\x04"}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if not REPORT_FORMATS[f].needs_browser])
def test_each_registered_writer_gives_its_mime_type(plan, fmt):
    f = REPORT_FORMATS[fmt]
    assert render(plan, fmt).startswith(MAGIC[f.mime])
    assert f.suffix.endswith(f.out_suffixes)


def test_unknown_language_is_refused(plan):
    with pytest.raises(ValueError, match="lang"):
        render(plan, "md", lang="fr")


def test_write_reports_into_a_directory(plan, tmp_path):
    paths = write_reports(plan, ["html", "md", "xlsx", "csv"], tmp_path / "out")
    names = [p.name for p in paths]
    assert names[:2] == ["default-scenario-a-b-c.html", "default-scenario-a-b-c.md"]
    assert "default-scenario-a-b-c.xlsx" in names
    assert "default-scenario-a-b-c-hourly.csv" in names and "default-scenario-a-b-c-cluster_hourly.csv" in names
    for p in paths:
        assert p.is_file() and p.stat().st_size > 0
    assert (tmp_path / "out" / "default-scenario-a-b-c.md").read_bytes() == render(plan, "md")


def test_write_reports_to_one_file(plan, tmp_path):
    (path,) = write_reports(plan, "md", tmp_path / "notes" / "plan.md")
    assert path == tmp_path / "notes" / "plan.md" and path.read_bytes() == render(plan, "md")
    (zpath,) = write_reports(plan, ["csv"], tmp_path / "frames.zip")
    with zipfile.ZipFile(zpath) as zf:
        assert "hourly.csv" in zf.namelist()


@pytest.mark.parametrize(("formats", "out", "message"), [
    pytest.param(["pdf"], "report.html", "written as .pdf", id="suffix_does_not_fit"),
    pytest.param(["csv"], "frames.csv", "written as .zip", id="csv_needs_zip_or_directory"),
])
def test_write_reports_refuses_a_wrong_file_name(plan, tmp_path, formats, out, message):
    with pytest.raises(ReportError, match=message):
        write_reports(plan, formats, tmp_path / out)


def test_several_formats_need_a_directory(plan, tmp_path):
    f = tmp_path / "taken"
    f.write_text("x")
    with pytest.raises(ReportError, match="need a directory"):
        write_reports(plan, ["md", "html"], f)


def test_cli_report_writes_the_files(tmp_path, capsys):
    from planner.cli import main

    rc = main(["report", "default", "--format", "md,csv", "--out", str(tmp_path)])
    assert rc == 0
    assert (tmp_path / "default-scenario-a-b-c.md").is_file()
    assert "wrote" in capsys.readouterr().out


def test_hostile_name_gives_a_safe_file_name(tmp_path):
    p = planner.plan(hostile_scenario())
    (path,) = write_reports(p, ["md", "md"], tmp_path)
    assert path.parent == tmp_path and path.name == "plan-title-script-alert-3-script-quotes.md"


def test_missing_chromium_is_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_CHROMIUM", str(tmp_path / "nope"))
    with pytest.raises(ChromiumNotFoundError, match="not an executable"):
        find_chromium()
    monkeypatch.delenv("PLANNER_CHROMIUM")
    monkeypatch.setattr("planner.report.pdf.DEFAULT_CHROMIUM", str(tmp_path / "missing-chromium"))
    monkeypatch.setattr("planner.report.pdf.shutil.which", lambda name: None)
    with pytest.raises(ChromiumNotFoundError, match="apt-get install chromium") as info:
        find_chromium()
    assert isinstance(info.value, ExportToolError)


def test_pdf_without_chromium_raises_the_clear_error(monkeypatch, tmp_path, plan):
    monkeypatch.setattr("planner.report.pdf.DEFAULT_CHROMIUM", str(tmp_path / "missing-chromium"))
    monkeypatch.setattr("planner.report.pdf.shutil.which", lambda name: None)
    with pytest.raises(ChromiumNotFoundError):
        render(plan, "pdf")


def test_render_zip_of_csv_is_deterministic(plan):
    a, b = render(plan, "csv"), render(plan, "csv")
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert zf.testzip() is None


# --- the decision sentences -------------------------------------------------------------------
@pytest.mark.parametrize(("changes", "cost_has", "risk_has"), [
    pytest.param({}, "a saving of $868 per month (49.6%)", "To-Be leaves 11,850 requests", id="default_saves_with_risk"),
    pytest.param({"savings_usd_per_month": -100.0, "savings_frac": -0.06}, "$100 more per month (6.0%)", None,
                 id="to_be_costs_more"),
    pytest.param({"tobe_shortfall_requests": 0.0, "tobe_shortfall_frac": 0.0}, None,
                 "both plans serve every request in time; the tightest To-Be headroom is 3.8%", id="no_risk"),
    pytest.param({"tobe_shortfall_requests": 0.0, "tobe_shortfall_frac": 0.0, "asis_shortfall_requests": 40.0,
                  "asis_shortfall_frac": 1e-6, "asis_worst_hour": 9}, None,
                 "As-Is leaves 40 requests (0.0001%) unserved, worst at 09:00", id="only_as_is_short"),
    pytest.param({"asis_shortfall_requests": 40.0, "asis_shortfall_frac": 1e-6}, None,
                 "while As-Is leaves 40 (0.0001%) unserved", id="both_short"),
])
def test_decision_sentences(plan, changes, cost_has, risk_has):
    import dataclasses

    from planner.report.summary import decision_sentences

    cost, risk = decision_sentences(dataclasses.replace(plan.summary, **changes))
    assert cost.count(".") >= 1 and risk.startswith("Risk: ")
    if cost_has:
        assert cost_has in cost
    if risk_has:
        assert risk_has in risk
    ko_cost, ko_risk = decision_sentences(dataclasses.replace(plan.summary, **changes), "ko")
    assert "월" in ko_cost and ko_risk.startswith("위험: ")
