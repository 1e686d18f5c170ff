"""The Excel workbook, read back with openpyxl: sheets, native charts, values equal to the engine's,
numbers stored as numbers, units in headers, fixed bytes."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pytest

import planner
from planner.i18n import col_label as column_label
from planner.i18n import t
from planner.report import render
from planner.scenario_io import default_scenario

APPROX = {"rel": 1e-14, "abs": 1e-12}  # xlsx stores 16 significant digits, Python floats carry 17


@pytest.fixture(scope="module")
def plan():
    return planner.plan(default_scenario())


@pytest.fixture(scope="module")
def xlsx(plan):
    return render(plan, "xlsx")


@pytest.fixture(scope="module")
def wb(xlsx):
    return openpyxl.load_workbook(io.BytesIO(xlsx))


def _table(ws):
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


def test_sheets(wb):
    assert wb.sheetnames == ["Summary", "Services", "To-Be hourly", "As-Is hourly", "Cluster hourly", "Assumptions",
                             "Savings waterfall", "Five plans", "Purchase options", "Costs beside the machines",
                             "Failure drills"]  # + "12-month plan" with a forecast


def test_summary_has_native_charts_on_the_right_data(wb, plan):
    charts = wb["Summary"]._charts
    assert len(charts) == 5
    kinds = sorted(type(c).__name__ for c in charts)
    assert kinds == ["BarChart", "LineChart", "LineChart", "LineChart", "LineChart"]
    refs = [s.val.numRef.f for c in charts for s in c.series]
    assert any("'Cluster hourly'!" in r for r in refs)
    assert any("'To-Be hourly'!" in r for r in refs)
    # one load series per service, each pointing at its own block of rows
    load_chart = next(c for c in charts if len(c.series) == len(plan.scenario.services))
    assert len({s.val.numRef.f for s in load_chart.series}) == len(plan.scenario.services)


def test_summary_figures_equal_the_engine(wb, plan):
    ws = wb["Summary"]
    by_field = {}
    for row in ws.iter_rows(values_only=True):
        if row[3] in plan.summary.to_dict() and row[3] != "warnings":
            by_field[row[3]] = row[1]
    summary = plan.summary.to_dict()
    del summary["warnings"]
    assert set(by_field) == set(summary)
    for field, value in summary.items():
        if value is None:
            assert by_field[field] is None
        else:
            assert by_field[field] == pytest.approx(value, **APPROX), field
            assert isinstance(by_field[field], (int, float))


def test_decision_and_warnings_on_the_summary(wb, plan):
    texts = [c for row in wb["Summary"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert any(f"${plan.summary.tobe_usd_per_month:,.0f} per month" in x for x in texts)
    for w in plan.warnings:
        assert w in texts


@pytest.mark.parametrize(("sheet", "frame", "sort"), [
    pytest.param("Services", "services", False, id="services"),
    pytest.param("Cluster hourly", "cluster_hourly", False, id="cluster_hourly"),
    pytest.param("To-Be hourly", "hourly", True, id="tobe_hourly"),
    pytest.param("As-Is hourly", "hourly", True, id="asis_hourly"),
])
def test_frame_sheets_hold_the_engine_numbers(wb, plan, sheet, frame, sort):
    header, rows = _table(wb[sheet])
    df = getattr(plan, frame)
    labels = {column_label(c): c for c in df.columns}
    assert all(h in labels for h in header), [h for h in header if h not in labels]
    if sort:
        order = {s.name: i for i, s in enumerate(plan.scenario.services)}
        df = df.assign(_o=df["service"].map(order)).sort_values(["_o", "hour"], kind="stable").drop(columns="_o")
    assert len(rows) == len(df)
    for j, h in enumerate(header):
        col = labels[h]
        for got, want in zip((r[j] for r in rows), df[col].tolist()):
            if isinstance(want, str):
                assert got == want
            elif isinstance(want, bool):
                assert got is want
            else:
                assert isinstance(got, (int, float)) and not isinstance(got, bool), (sheet, h, got)
                assert got == pytest.approx(want, **APPROX), (sheet, h)


def test_plan_sheets_split_as_is_and_to_be(wb):
    tobe, _ = _table(wb["To-Be hourly"])
    asis, _ = _table(wb["As-Is hourly"])
    assert not any(h.startswith("As-Is") for h in tobe)
    assert any(h.startswith("As-Is") for h in asis) and "Desired pods [pods]" not in asis


def test_headers_carry_units_and_formats_show_percent_and_dollars(wb):
    header, _ = _table(wb["Cluster hourly"])
    cpu = "CPU requested of allocatable [%]"
    assert "To-Be cost [USD]" in header and cpu in header and "Nodes provisioned [nodes]" in header
    ws = wb["Cluster hourly"]
    col = {h: i + 1 for i, h in enumerate(header)}
    assert ws.cell(2, col[cpu]).number_format == "0.0%"
    assert ws.cell(2, col["To-Be cost [USD]"]).number_format.startswith("$")


def test_assumptions_keep_numbers_and_sources(wb, plan):
    header, rows = _table(wb["Assumptions"])
    assert header == ["Group", "Input", "Value", "Unit", "Source"]
    assert len(rows) == len(plan.assumptions)
    for row, want in zip(rows, plan.assumptions.itertuples(index=False)):
        if isinstance(want.value, str):
            assert row[2] == want.value
        else:
            assert row[2] == pytest.approx(float(want.value), **APPROX)
    prices = [r for r in rows if r[3] == "USD/hour"]
    assert prices and all("as of" in r[4] for r in prices if r[4] and "github.com" in r[4])


def test_no_formulas_anywhere(wb):
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate)


def test_same_plan_same_bytes(plan, xlsx, wb):
    assert render(plan, "xlsx") == xlsx
    assert wb.properties.created == datetime(2000, 1, 1)
    stamped = render(plan, "xlsx", generated_at=datetime(2026, 1, 2, 3, 4, 5))
    assert stamped != xlsx
    assert openpyxl.load_workbook(io.BytesIO(stamped)).properties.created == datetime(2026, 1, 2, 3, 4, 5)


def test_korean_sheet_names_and_headers(plan):
    wb = openpyxl.load_workbook(io.BytesIO(render(plan, "xlsx", lang="ko")))
    assert wb.sheetnames[0] == t("report.sheet_summary", "ko")
    header, _ = _table(wb[t("report.sheet_cluster_hourly", "ko")])
    assert column_label("tobe_usd", "ko") in header
