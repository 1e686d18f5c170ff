"""A hostile scenario (a service named ``<script>alert(1)</script>``, another named
``=HYPERLINK("http://x","y")``, markup in the title and description) is inert in every format:
shown as text, never run as script or formula."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

import planner
from planner.scenario_io import extract_scenario_from_html
from planner.report import render
from planner.report.csv_export import frame_csv
from planner.scenario import validate_scenario
from report_support import (FORMULA_NAME, HOSTILE_DESCRIPTION, HOSTILE_TITLE, SCRIPT_NAME, ParsedHTML,
                            hostile_scenario, needs_chromium)

RAW_MARKUP = ("<script>alert", "<img src=x", "</title><script>", "<b>not bold</b>")


@pytest.fixture(scope="module")
def plan():
    return planner.plan(hostile_scenario())


def test_scenario_really_is_hostile(plan):
    assert [s.name for s in plan.scenario.services][:2] == [SCRIPT_NAME, FORMULA_NAME]
    assert plan.scenario.name == HOSTILE_TITLE


def test_html_shows_the_names_as_text_and_runs_nothing(plan):
    text = render(plan, "html").decode("utf-8")
    for raw in RAW_MARKUP:
        assert raw not in text, raw
    page = ParsedHTML(text)
    # the only scripts are ours: plotly.js, the init code, the figure JSON and the scenario JSON
    kinds = [a.get("type") for a, _ in page.scripts]
    assert kinds.count(None) == 2
    assert all(k in (None, "application/json") for k in kinds)
    assert not [tag for tag, _ in page.tags if tag in ("img", "b", "iframe", "object", "embed")]
    assert not [a for _, a in page.tags if any(k.startswith("on") for k in a)]
    # ... and the user sees exactly what they typed
    assert SCRIPT_NAME in page.text and FORMULA_NAME in page.text
    assert "Plan </title><script>alert(3)</script> & \"quotes\"" in page.text
    title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
    assert "<" not in title
    # JSON payloads hold no raw '<' that could end their script element
    for attrs, body in page.scripts:
        if attrs.get("type") == "application/json":
            assert "<" not in body
    assert validate_scenario(extract_scenario_from_html(text)) == plan.scenario


def test_markdown_has_no_markup(plan):
    md = render(plan, "md").decode("utf-8")
    for raw in RAW_MARKUP + ("[link](http://x)",):
        assert raw not in md, raw
    assert "&lt;script&gt;alert\\(1\\)" in md or "&lt;script&gt;alert(1)&lt;/script&gt;" in md
    # the pipe in the description cannot open a table cell, the heading stays one line
    assert md.splitlines()[0].startswith("# Plan &lt;/title&gt;")
    row = next(line for line in md.splitlines() if "HYPERLINK" in line and line.startswith("|"))
    assert row.startswith("| \\=HYPERLINK") or row.startswith("| =HYPERLINK")


def _csv_cells(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


@pytest.mark.parametrize("frame", ["hourly", "services", "assumptions", "steps"])
def test_csv_text_cells_are_neutralised_numbers_are_not(plan, frame):
    if getattr(plan, frame) is None:
        pytest.skip("no per-step frame in this run")
    rows = _csv_cells(frame_csv(plan, frame))
    cells = [c for r in rows[1:] for c in r]
    assert any(FORMULA_NAME in c for c in cells)
    assert FORMULA_NAME not in cells
    if frame != "assumptions":  # there the name follows "Service "
        assert "'" + FORMULA_NAME in cells
    for c in cells:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
            float(c)  # only numbers may start like a formula


def test_csv_negative_numbers_stay_numbers(plan):
    rows = _csv_cells(frame_csv(plan, "cluster_hourly"))
    col = rows[0].index("savings_usd_cumulative")
    values = [r[col] for r in rows[1:]]
    assert any(v.startswith("-") for v in values) or all(float(v) >= 0 for v in values)
    assert all(not v.startswith("'") for v in values)


def test_csv_zip_scenario_is_plain_yaml(plan):
    with zipfile.ZipFile(io.BytesIO(render(plan, "csv"))) as zf:
        assert FORMULA_NAME in zf.read("scenario.yaml").decode("utf-8")  # YAML, not a spreadsheet


def test_xlsx_text_cells_are_neutralised_and_nothing_is_a_formula(plan):
    wb = openpyxl.load_workbook(io.BytesIO(render(plan, "xlsx")))
    strings = []
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    strings.append(cell.value)
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), (ws.title, cell.value)
    assert "'" + FORMULA_NAME in strings and SCRIPT_NAME in strings
    assert any("-2+3 <b>not bold</b>" in s for s in strings)  # the description, as text after its label
    numbers = [c.value for c in wb["Cluster hourly"]["P"][1:]]
    assert all(isinstance(v, (int, float)) for v in numbers)
    # chart series names are neutralised too
    for chart in wb[wb.sheetnames[0]]._charts:
        for s in chart.series:
            name = s.tx.v if s.tx is not None and s.tx.v is not None else ""
            assert not name.startswith("=")


@pytest.mark.browser
@pytest.mark.slow  # a real Chromium (seconds per print): CI's slow pass runs it
@needs_chromium
def test_pdf_prints_the_names_as_text(plan):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(render(plan, "pdf")))
    text = " ".join(" ".join(p.extract_text() or "" for p in reader.pages).split())
    assert "<script>alert(1)</script>" in text
    assert '=HYPERLINK("http://x","y")' in text
    assert "/JavaScript" not in str(reader.trailer["/Root"])


@pytest.mark.browser
@pytest.mark.slow  # kaleido drives a real Chromium: CI's slow pass runs it
@needs_chromium
def test_svg_charts_hold_no_markup(plan):
    from planner.report import chart_images

    for name, data in chart_images(plan, "svg").items():
        root = ElementTree.fromstring(data)  # well-formed: the names are escaped
        tags = {e.tag.split("}")[-1] for e in root.iter()}
        assert "script" not in tags and "foreignObject" not in tags, name


def test_description_keeps_its_text(plan):
    page = ParsedHTML(render(plan, "html").decode("utf-8"))
    assert "-2+3 <b>not bold</b> <img src=x onerror=alert(2)>" in page.text
    assert HOSTILE_DESCRIPTION.split("\n\n")[1] in page.text
