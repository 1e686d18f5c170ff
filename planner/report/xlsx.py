"""Excel workbook (xlsxwriter): a Summary sheet with native Excel charts, per-service and hourly sheets
for each plan, and the assumptions.

Numbers are stored as numbers (fractions as fractions, shown with a percent format; money with a
dollar format) and every header carries its unit, e.g. ``Load [requests/s]``. Text cells that a
spreadsheet would run as a formula are neutralised (:func:`planner.report.escape.neutralize`), and the
workbook never turns strings into formulas, numbers or links. The file's creation time is
``generated_at`` or a fixed date, so the same plan gives the same bytes.
"""

from __future__ import annotations

import io
import math
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from planner.i18n import col_label, column_unit, fmt_timestamp, is_missing, plan_warnings, t, unit_label
from planner.i18n.assumptions import assumption_row
from planner.report.blocks import xlsx_header
from planner.report.drills import xlsx_sheet as drills_sheet
from planner.report.environments import xlsx_sheet as env_sheet
from planner.report import realload
from planner.report.escape import neutralize
from planner.report.summary import (decision_sentences, headline_rows, own_description, report_title, scenario_facts,
                                    summary_figures)
from planner.report.pricing_section import xlsx_frames
from planner.report.verdict import xlsx_frames as verdict_frames
from planner.result import Plan

#: Workbook creation time when no ``generated_at`` is given (fixed so the bytes repeat).
FIXED_CREATED = datetime(2000, 1, 1, 0, 0, 0)

#: Hourly columns of each plan's sheet (``hour`` and ``service`` first). The As-Is sheet takes the
#: load and every ``asis_*`` column; the To-Be sheet everything else.
_ASIS_SHARED = ("hour", "service", "load_requests_per_s", "peak_load_requests_per_s", "load_requests")

_SERVICE_COLORS = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3", "#ff6692", "#b6e880",
                   "#ff97ff", "#fecb52")
_ASIS_COLOR, _TOBE_COLOR, _SAVING_COLOR = "#d62728", "#1f77b4", "#2ca02c"


#: Fractions show as percent like planner.i18n.fmt_pct: one decimal, more digits for small shares (0.0093%).
FRACTION_FORMAT = "0.0%"
SMALL_FRACTION_FORMAT = "0.00##%"


def _num_format(unit: str, integral: bool) -> str:
    if unit == "USD/hour":
        return "$#,##0.0000"
    if unit.startswith("USD"):
        return "$#,##0.00"
    if unit == "fraction":
        return FRACTION_FORMAT
    if unit in ("requests", "h", "s", "hour") or integral:
        return "#,##0"
    return "#,##0.00"


def _integral(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) or (isinstance(value, float) and value.is_integer())


def _hour_format(lang: str, horizon_hours: int) -> str:
    """Number format of an hour of the plan: the cell keeps the number (21) and shows the clock time
    as planner.i18n.fmt_hour does (``21:00`` / ``21시``) for one-day plans; longer plans show the index."""
    if horizon_hours > 24:
        return "0"
    return '0"시"' if lang == "ko" else '00":00"'


class _Book:
    """Formats shared by the sheets, created once per workbook."""

    def __init__(self, wb: xlsxwriter.Workbook):
        self.wb = wb
        self.header = wb.add_format({"bold": True, "bg_color": "#eef1f4", "bottom": 2, "text_wrap": True,
                                     "valign": "top"})
        self.title = wb.add_format({"bold": True, "font_size": 16})
        self.h2 = wb.add_format({"bold": True, "font_size": 12, "bottom": 1})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.bold_wrap = wb.add_format({"text_wrap": True, "valign": "top", "bold": True})
        self.muted = wb.add_format({"font_color": "#5f6b76", "text_wrap": True, "valign": "top"})
        self.muted_line = wb.add_format({"font_color": "#5f6b76", "valign": "top"})
        self.text = wb.add_format({"valign": "top"})
        self._nums: dict[str, Any] = {}

    def num(self, fmt: str) -> Any:
        if fmt not in self._nums:
            self._nums[fmt] = self.wb.add_format({"num_format": fmt, "valign": "top"})
        return self._nums[fmt]


def _write(ws: Worksheet, row: int, col: int, value: Any, book: _Book, num_fmt: str = "General",
           text_fmt: Any = None) -> None:
    """One cell: numbers as numbers, booleans as booleans, text neutralised, missing as blank."""
    if is_missing(value):
        ws.write_blank(row, col, None, text_fmt or book.text)
    elif isinstance(value, (bool, np.bool_)):
        ws.write_boolean(row, col, bool(value), book.text)
    elif isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        if num_fmt == FRACTION_FORMAT and x != 0 and abs(x) < 0.01:
            num_fmt = SMALL_FRACTION_FORMAT
        if math.isfinite(x):
            ws.write_number(row, col, value.item() if hasattr(value, "item") else value, book.num(num_fmt))
        else:
            ws.write_blank(row, col, None, book.text)
    else:
        ws.write_string(row, col, neutralize(str(value)), text_fmt or book.text)


def _write_frame(ws: Worksheet, df: pd.DataFrame, book: _Book, lang: str, first_row: int = 0) -> None:
    """A frame as a table: unit-carrying headers, typed cells, frozen header, filter, widths."""
    cols = list(df.columns)
    for j, col in enumerate(cols):
        ws.write_string(first_row, j, col_label(col, lang), book.header)
    fmts = []
    for col in cols:
        integral = pd.api.types.is_integer_dtype(df[col]) or pd.api.types.is_bool_dtype(df[col])
        fmts.append(_num_format(column_unit(col), integral))
    values = df.to_numpy(dtype=object)
    for i, rec in enumerate(values):
        for j, v in enumerate(rec):
            _write(ws, first_row + 1 + i, j, v, book, fmts[j])
    ws.freeze_panes(first_row + 1, 0)
    if len(df):
        ws.autofilter(first_row, 0, first_row + len(df), len(cols) - 1)
    _print_setup(ws, header_row=first_row)
    for j, col in enumerate(cols):
        width = max(10, min(28, len(col_label(col, lang)) * 0.55 + 4))
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            longest = max((len(str(v)) for v in df[col].tolist()), default=8)
            width = max(width, min(48, longest + 2))
        ws.set_column(j, j, width)
    ws.set_row(first_row, 32)


def _print_setup(ws: Worksheet, header_row: int | None = None) -> None:
    """Landscape, one page wide, header row repeated on every printed page."""
    ws.set_landscape()
    ws.set_paper(9)  # A4; Excel switches to Letter by locale when printing
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    if header_row is not None:
        ws.repeat_rows(header_row)


def _write_assumptions(ws: Worksheet, df: pd.DataFrame, book: _Book, lang: str) -> None:
    """The assumptions: each value formatted by its own row's unit (prices in $, fractions in %); group,
    field, unit and source in ``lang``."""
    cols = list(df.columns)
    for j, col in enumerate(cols):
        ws.write_string(0, j, t(f"report.{col}", lang) if col in ("group", "field", "value", "unit", "source") else col,
                        book.header)
    for i, rec in enumerate(df.to_dict("records"), start=1):
        unit = "" if is_missing(rec.get("unit")) else str(rec.get("unit"))
        source = "" if is_missing(rec.get("source")) else str(rec.get("source"))
        shown = dict(zip(("group", "field", "unit", "source"),
                         assumption_row(str(rec.get("group")), str(rec.get("field")), unit, source, lang)))
        for j, col in enumerate(cols):
            v = shown.get(col, rec[col])
            fmt = _num_format(unit, isinstance(v, (int, np.integer)) or (isinstance(v, float) and v.is_integer()))
            _write(ws, i, j, v, book, fmt if col == "value" else "General")
    ws.freeze_panes(1, 0)
    if len(df):
        ws.autofilter(0, 0, len(df), len(cols) - 1)
    _print_setup(ws, header_row=0)
    widths = {"group": 14, "field": 34, "value": 16, "unit": 22, "source": 90}
    for j, col in enumerate(cols):
        ws.set_column(j, j, widths.get(col, 16))


def _ordered_hourly(plan: Plan) -> pd.DataFrame:
    """Hourly rows grouped by service (scenario order), then hour: each service is one block of rows,
    so a chart series can point at it."""
    order = {s.name: i for i, s in enumerate(plan.scenario.services)}
    df = plan.hourly.copy()
    df["_order"] = df["service"].map(order).fillna(len(order))
    return df.sort_values(["_order", "hour"], kind="stable").drop(columns="_order").reset_index(drop=True)


def _plan_sheets(plan: Plan) -> tuple[pd.DataFrame, pd.DataFrame]:
    hourly = _ordered_hourly(plan)
    asis_cols = [c for c in hourly.columns if c in _ASIS_SHARED or c.startswith("asis_")]
    tobe_cols = [c for c in hourly.columns if not c.startswith("asis_")]
    return hourly[tobe_cols], hourly[asis_cols]


def _line_chart(book: _Book, title: str, y_title: str, lang: str) -> Any:
    chart = book.wb.add_chart({"type": "line"})
    chart.set_title({"name": title, "name_font": {"size": 12, "bold": True}})
    chart.set_x_axis({"name": t("report.hour_axis", lang), "label_position": "low"})
    chart.set_y_axis({"name": y_title, "major_gridlines": {"visible": True, "line": {"color": "#e5e8eb"}}})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 620, "height": 300})
    return chart


def _load_block(ws: Worksheet, plan: Plan, book: _Book, lang: str, row: int) -> int:
    """The load-resolution and shortfall-band rows (planner.report.realload); returns the next row."""
    if not realload.has_section(plan):
        return row
    f = realload.load_facts(plan, lang)
    ws.write_string(row, 0, t("realload.heading", lang), book.h2)
    row += 1
    for sentence in f.sentences:
        ws.merge_range(row, 0, row, 4, neutralize(sentence), book.wrap)
        ws.set_row(row, 30)
        row += 1
    if f.rows:
        row = xlsx_header(ws, row, [t(k, lang) for k in realload.BAND_HEAD_KEYS], book)
        for r in f.rows:
            label = r.label + (f" ({t('realload.this_plan', lang)})" if r.is_plan else "")
            ws.write_string(row, 0, neutralize(label), book.text)
            _write(ws, row, 1, r.requests, book, _num_format("requests", False))
            _write(ws, row, 2, r.frac, book, _num_format("fraction", False))
            row += 1
    return row + 1


def _summary_sheet(ws: Worksheet, plan: Plan, book: _Book, lang: str, generated_at: datetime | str | None,
                   sheets: dict[str, str], tobe_hourly: pd.DataFrame) -> None:
    s = plan.summary
    ws.set_column(0, 0, 44)
    ws.set_column(1, 2, 16)
    ws.set_column(3, 3, 30)
    ws.set_column(4, 4, 4)
    ws.write_string(0, 0, neutralize(report_title(plan, lang)), book.title)
    row = 1
    facts = f"{t('report.facts_heading', lang)}: {scenario_facts(plan, lang)}"
    ws.merge_range(row, 0, row, 4, neutralize(facts), book.wrap)
    ws.set_row(row, 15 * max(2, min(8, len(facts) // 80 + 1)))
    row += 1
    description = own_description(plan, lang)
    if description:
        text = f"{t('report.own_description', lang)}: {' '.join(description.split())}"
        ws.merge_range(row, 0, row, 4, neutralize(text), book.muted)
        ws.set_row(row, 15 * max(1, min(8, len(text) // 95 + 1)))
        row += 1
    stamp = fmt_timestamp(generated_at)
    if stamp:
        ws.write_string(row, 0, f"{t('report.generated', lang)}: {stamp}", book.muted_line)
        row += 1
    row += 1
    ws.write_string(row, 0, t("report.decision", lang), book.h2)
    row += 1
    for i, sentence in enumerate(decision_sentences(s, lang, plan.purchase_options)):
        ws.merge_range(row, 0, row, 4, neutralize(sentence), book.bold_wrap if i == 0 else book.wrap)
        ws.set_row(row, 32)
        row += 1
    row += 1
    row = _load_block(ws, plan, book, lang, row)

    # Headline table: As-Is vs To-Be; the monthly-cost chart points at its first row.
    ws.write_string(row, 0, t("report.headline", lang), book.h2)
    row = xlsx_header(ws, row + 1, [t(f"report.{k}", lang) for k in ("figure", "as_is", "to_be", "unit")], book)
    cost_row = row
    for h in headline_rows(plan, lang):
        ws.write_string(row, 0, h.label, book.text)
        fmt = _hour_format(lang, s.horizon_hours) if h.unit == "hour" else _num_format(h.unit, _integral(h.asis))
        _write(ws, row, 1, h.asis, book, fmt)
        _write(ws, row, 2, h.tobe, book, fmt)
        ws.write_string(row, 3, unit_label(h.unit, lang) if h.unit not in ("hour", "code") else "", book.muted_line)
        row += 1
    row += 1

    # Every summary figure with its field name (stable, for scripts).
    ws.write_string(row, 0, t("report.all_figures", lang), book.h2)
    row = xlsx_header(ws, row + 1, [t(f"report.{k}", lang) for k in ("figure", "value", "unit", "field_name")], book)
    for f in summary_figures(s, lang):
        ws.write_string(row, 0, f.label, book.text)
        fmt = _hour_format(lang, s.horizon_hours) if f.unit == "hour" else _num_format(f.unit, _integral(f.value))
        _write(ws, row, 1, f.value, book, fmt)
        ws.write_string(row, 2, unit_label(f.unit, lang) if f.unit not in ("hour", "code") else "", book.muted_line)
        ws.write_string(row, 3, f.field, book.muted_line)
        row += 1
    row += 1
    ws.write_string(row, 0, t("report.warnings", lang), book.h2)
    row += 1
    for w in plan_warnings(plan, lang) or (t("report.no_warnings", lang),):
        ws.merge_range(row, 0, row, 4, neutralize(w), book.wrap)
        ws.set_row(row, 30)
        row += 1

    # Native charts, right of the tables.
    summary_name = sheets["summary"]
    cost = book.wb.add_chart({"type": "column"})
    cost.add_series({"name": t("report.cost_per_month", lang),
                     "categories": [summary_name, cost_row - 1, 1, cost_row - 1, 2],
                     "values": [summary_name, cost_row, 1, cost_row, 2],
                     "points": [{"fill": {"color": _ASIS_COLOR}}, {"fill": {"color": _TOBE_COLOR}}],
                     "data_labels": {"value": True, "num_format": "$#,##0"}})
    cost.set_title({"name": t("report.chart_monthly_cost", lang), "name_font": {"size": 12, "bold": True}})
    cost.set_legend({"none": True})
    cost.set_y_axis({"num_format": "$#,##0", "major_gridlines": {"visible": True, "line": {"color": "#e5e8eb"}}})
    cost.set_size({"width": 620, "height": 300})
    ws.insert_chart("G2", cost)

    ch_name = sheets["cluster_hourly"]
    ch = plan.cluster_hourly
    n = len(ch)
    col = {c: i for i, c in enumerate(ch.columns)}

    def ch_ref(c: str) -> list[Any]:
        return [ch_name, 1, col[c], n, col[c]]

    hour_ref = ch_ref("hour")
    hourly_cost = _line_chart(book, t("report.chart_hourly_cost", lang), unit_label("USD", lang), lang)
    hourly_cost.add_series({"name": [ch_name, 0, col["asis_usd"]], "categories": hour_ref,
                            "values": ch_ref("asis_usd"), "line": {"color": _ASIS_COLOR, "width": 2.25}})
    hourly_cost.add_series({"name": [ch_name, 0, col["tobe_usd"]], "categories": hour_ref,
                            "values": ch_ref("tobe_usd"), "line": {"color": _TOBE_COLOR, "width": 2.25}})
    hourly_cost.set_y_axis({"name": "USD", "num_format": "$#,##0.00",
                            "major_gridlines": {"visible": True, "line": {"color": "#e5e8eb"}}})
    ws.insert_chart("G18", hourly_cost)

    machines = _line_chart(book, t("report.chart_machines", lang), t("report.machines_axis", lang), lang)
    machines.add_series({"name": [ch_name, 0, col["asis_servers"]], "categories": hour_ref,
                         "values": ch_ref("asis_servers"), "line": {"color": _ASIS_COLOR, "width": 2.25}})
    machines.add_series({"name": [ch_name, 0, col["nodes_requested"]], "categories": hour_ref,
                         "values": ch_ref("nodes_requested"), "line": {"color": _TOBE_COLOR, "width": 2.25}})
    ws.insert_chart("G34", machines)

    tb_name = sheets["tobe_hourly"]
    load = _line_chart(book, t("report.chart_load", lang), unit_label("requests/s", lang), lang)
    tcol = {c: i for i, c in enumerate(tobe_hourly.columns)}
    start = 1
    for i, (name, block) in enumerate(tobe_hourly.groupby("service", sort=False)):
        end = start + len(block) - 1
        load.add_series({"name": neutralize(str(name)), "categories": [tb_name, start, tcol["hour"], end, tcol["hour"]],
                         "values": [tb_name, start, tcol["load_requests_per_s"], end, tcol["load_requests_per_s"]],
                         "line": {"color": _SERVICE_COLORS[i % len(_SERVICE_COLORS)], "width": 2}})
        start = end + 1
    ws.insert_chart("G50", load)

    savings = _line_chart(book, t("report.chart_savings", lang), "USD", lang)
    savings.add_series({"name": [ch_name, 0, col["savings_usd_cumulative"]], "categories": hour_ref,
                        "values": ch_ref("savings_usd_cumulative"), "line": {"color": _SAVING_COLOR, "width": 2.25}})
    savings.set_y_axis({"name": "USD", "num_format": "$#,##0",
                        "major_gridlines": {"visible": True, "line": {"color": "#e5e8eb"}}})
    ws.insert_chart("G66", savings)
    _print_setup(ws)


def render_xlsx(plan: Plan, *, lang: str = "en", generated_at: datetime | str | None = None,
                extra_sheets: tuple[tuple[str, Any], ...] = ()) -> bytes:
    """The Excel workbook of ``plan`` as bytes. ``extra_sheets``: ``(name, write(ws, book))`` pairs
    added after the assumptions (planner.report.explore: search, sensitivity, uncertainty)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False, "nan_inf_to_errors": False})
    created = generated_at if isinstance(generated_at, datetime) else FIXED_CREATED
    if created.tzinfo is not None:
        created = created.astimezone(timezone.utc).replace(tzinfo=None)
    wb.set_properties({"title": neutralize(report_title(plan, lang)), "subject": t("report.report", lang), "author": "planner",
                       "comments": "planner", "created": created})
    wb.set_calc_mode("auto")
    book = _Book(wb)
    sheets = {"summary": t("report.sheet_summary", lang), "services": t("report.sheet_services", lang),
              "tobe_hourly": t("report.sheet_tobe_hourly", lang), "asis_hourly": t("report.sheet_asis_hourly", lang),
              "cluster_hourly": t("report.sheet_cluster_hourly", lang), "assumptions": t("report.sheet_assumptions", lang)}
    ws = {key: wb.add_worksheet(name) for key, name in sheets.items()}
    tobe_hourly, asis_hourly = _plan_sheets(plan)
    _summary_sheet(ws["summary"], plan, book, lang, generated_at, sheets, tobe_hourly)
    _write_frame(ws["services"], plan.services, book, lang)
    _write_frame(ws["tobe_hourly"], tobe_hourly, book, lang)
    _write_frame(ws["asis_hourly"], asis_hourly, book, lang)
    _write_frame(ws["cluster_hourly"], plan.cluster_hourly, book, lang)
    _write_assumptions(ws["assumptions"], plan.assumptions, book, lang)
    for name, frame in verdict_frames(plan, lang) + xlsx_frames(plan, lang):  # the verdict (issue 15), prices
        _write_frame(wb.add_worksheet(name[:31]), frame, book, lang)
    env_sheet(wb, book, plan, lang, _write_frame, _write)  # only with environments
    drills_sheet(wb, book, plan, lang, _write, _print_setup)  # failure drills (planner.report.drills)
    for name, write in extra_sheets:
        write(wb.add_worksheet(name[:31]), book)
    ws["summary"].activate()
    wb.close()
    return buf.getvalue()
