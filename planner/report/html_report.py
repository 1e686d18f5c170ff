"""The self-contained HTML report: one file, plotly.js inline, no external resource of any kind.

Sections: header, executive summary (the decision in two sentences, key figures), warnings, the
interactive charts of :func:`planner.charts.all_figures`, the per-service breakdown, every summary
figure, the assumptions (inputs with unit and source, instance prices with their date) and the
embedded scenario (:mod:`planner.scenario_io`) that reproduces the plan.

All user text goes through :func:`planner.report.escape.esc`; figure JSON and the scenario through
:func:`planner.report.escape.json_for_script`. Every headline number carries ``data-field`` and
``data-value`` (the engine's exact value as JSON) so tests and scripts can read it back.

``mode="print"`` gives the variant the PDF is printed from: fixed-width static charts, page size and
page numbers for Chromium, no collapsible scenario text.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
from datetime import datetime
from functools import lru_cache
from typing import Any, Literal

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from planner.i18n import (col_label, column_unit, fmt_pct, fmt_timestamp, fmt_value, label_with_unit, plan_warnings,
                          t, unit_label)
from planner.report.drills import html_section as drills_section
from planner.report.environments import html_section as env_section
from planner.report.escape import esc, json_for_script
from planner.report.summary import (assumption_table, decision_sentences, headline_rows, own_description, report_title,
                                    saving_line, scenario_facts, summary_figures)
from planner.report import realload
from planner.report.pricing_section import html_section as pricing_html_section
from planner.report.verdict import html_section as verdict_html_section
from planner.result import Plan
from planner.scenario_io import dump_scenario, scenario_script

Paper = Literal["A4", "Letter"]
PAPERS: tuple[str, ...] = ("A4", "Letter")

#: Chart size in the printed report [CSS px at 96 dpi]: fits A4 (180 mm) and Letter (7.3 in) text width.
PRINT_CHART_WIDTH_PX = 680
PRINT_CHART_HEIGHT_PX = 420  # when the figure sets no height
PRINT_CHART_MAX_HEIGHT_PX = 480  # two charts fit one A4/Letter page

#: The page may load nothing from anywhere: only its own two inline scripts run (plotly.js and the
#: chart set-up, allowed by their SHA-256 hashes, so an injected script would not), inline styles,
#: images from data:/blob: (plotly's "download as PNG"). Browsers enforce it: the report stays
#: offline and inert. ``{scripts}`` is filled by :func:`content_security_policy`.
CSP_TEMPLATE = ("default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data: blob:; "
                "font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'")


def _sha256_source(script: str) -> str:
    """A CSP hash source of an inline script's text (exactly the bytes between the tags)."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


@lru_cache(maxsize=1)
def content_security_policy() -> str:
    """The report's CSP: :data:`CSP_TEMPLATE` with the hashes of its inline scripts."""
    return CSP_TEMPLATE.format(scripts=" ".join(_sha256_source(js) for js in (plotly_js(), _INIT_JS)))

#: Up to this many services the breakdown is transposed (one column per service) so it fits a page.
TRANSPOSE_SERVICES_MAX = 8
#: Otherwise the columns are split over tables of this many (plus the service name).
SERVICE_COLUMNS_PER_TABLE = 6


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The plotly.js bundle shipped with the plotly package (~4.8 MB), for inlining."""
    from plotly.offline import get_plotlyjs

    return get_plotlyjs().replace("</script", "<\\/script")


def _version() -> str:
    try:
        from importlib.metadata import version

        return version("planner")
    except Exception:  # not installed (running from a checkout): leave the version out
        return ""


def check_paper(paper: str) -> str:
    """The canonical paper name (``"A4"`` or ``"Letter"``), case-insensitive; else ``ValueError``."""
    for p in PAPERS:
        if paper.lower() == p.lower():
            return p
    raise ValueError(f"paper: must be one of {', '.join(PAPERS)}; got {paper!r}")


def css_string(text: str) -> str:
    """A CSS string literal holding ``text`` with every non-alphanumeric character hex-escaped."""
    return '"' + "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in text) + '"'


def _data_value(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return json.dumps(None)
    return json.dumps(value.item() if hasattr(value, "item") else value)


# --- sections ---------------------------------------------------------------------------------
def _header(plan: Plan, lang: str, generated_at: datetime | str | None) -> str:
    sc, s = plan.scenario, plan.summary
    meta = [t("report.report", lang)]
    stamp = fmt_timestamp(generated_at)
    if stamp:
        meta.append(f'{t("report.generated", lang)}: <time>{esc(stamp)}</time>')
    meta.append(t("horizon_note", lang, hours=s.horizon_hours, step=s.step_s, hpm=f"{s.hours_per_month:g}"))
    facts = (f'<p class="facts" id="scenario-facts"><strong>{esc(t("report.facts_heading", lang))}:</strong> '
             f'{esc(scenario_facts(plan, lang))}</p>')
    description = own_description(plan, lang)
    desc = ""
    if description:
        paras = "".join(f"<p>{esc(p.strip())}</p>" for p in description.split("\n\n") if p.strip())
        desc = (f'<div class="description" id="own-description"><p class="description-label">'
                f'{esc(t("report.own_description", lang))}:</p>{paras}</div>\n')
    kicker = " · ".join(m if "<time>" in m else esc(m) for m in meta)
    return (f'<header class="report-header">\n<p class="kicker">{kicker}</p>\n'
            f'<h1 id="report-title">{esc(report_title(plan, lang))}</h1>\n{facts}\n{desc}</header>')


def _kpi(label: str, text: str, field: str | None, value: Any, cls: str = "", sub: str = "") -> str:
    data = f' data-field="{field}" data-value="{esc(_data_value(value))}"' if field else ""
    sub_html = f'<div class="kpi-sub">{esc(sub)}</div>' if sub else ""
    return (f'<div class="kpi {cls}"{data}><div class="kpi-label">{esc(label)}</div>'
            f'<div class="kpi-value">{esc(text)}</div>{sub_html}</div>')


def _summary_section(plan: Plan, lang: str) -> str:
    s = plan.summary
    cost, risk = decision_sentences(s, lang, plan.purchase_options)
    saving_label, _ = saving_line(s, lang)
    saving_cls = "good" if s.savings_usd_per_month >= 0 else "bad"
    risk_cls = "bad" if s.tobe_shortfall_requests > 0 else "good"
    kpis = [
        _kpi(f'{t("report.as_is", lang)} · {t("report.cost_per_month", lang)}', fmt_value(s.asis_usd_per_month, "USD", lang),
             "asis_usd_per_month", s.asis_usd_per_month, "asis"),
        _kpi(f'{t("report.to_be", lang)} · {t("report.cost_per_month", lang)}', fmt_value(s.tobe_usd_per_month, "USD", lang),
             "tobe_usd_per_month", s.tobe_usd_per_month, "tobe"),
        _kpi(saving_label, fmt_value(abs(s.savings_usd_per_month), "USD", lang),
             "savings_usd_per_month", s.savings_usd_per_month, saving_cls, sub=fmt_pct(abs(s.savings_frac), lang)),
        _kpi(f'{t("report.to_be", lang)} · {t("report.unserved_share", lang)}', fmt_pct(s.tobe_shortfall_frac, lang),
             "tobe_shortfall_frac", s.tobe_shortfall_frac, risk_cls,
             sub=f'{fmt_value(s.tobe_shortfall_requests, "requests", lang)} {t("report.requests_word", lang)}'),
    ]
    rows = []
    for h in headline_rows(plan, lang):
        label = label_with_unit(h.label, h.unit, lang)
        cells = []
        for field, value in ((h.asis_field, h.asis), (h.tobe_field, h.tobe)):
            data = f' data-field="{field}" data-value="{esc(_data_value(value))}"' if field else ""
            cells.append(f'<td class="num"{data}>{esc(fmt_value(value, h.unit, lang, s.horizon_hours))}</td>')
        rows.append(f"<tr><th scope=\"row\">{esc(label)}</th>{''.join(cells)}</tr>")
    warn = ""
    if plan.warnings:
        key = "report.one_warning" if len(plan.warnings) == 1 else "report.n_warnings"
        warn = f'<p class="decision-note">{esc(t(key, lang, n=len(plan.warnings)))}</p>'
    return (f'<section id="summary" class="summary">\n<h2>{esc(t("report.executive_summary", lang))}</h2>\n'
            f'<div class="decision" id="decision"><p>{esc(cost)}</p><p>{esc(risk)}</p>{warn}</div>\n'
            f'<div class="kpis">{"".join(kpis)}</div>\n'
            f'<table class="headline" id="headline"><thead><tr><th scope="col">{esc(t("report.figure", lang))}</th>'
            f'<th scope="col" class="num asis">{esc(t("report.as_is", lang))}</th>'
            f'<th scope="col" class="num tobe">{esc(t("report.to_be", lang))}</th></tr></thead>\n'
            f'<tbody>{"".join(rows)}</tbody></table>\n</section>')


def _warnings_section(plan: Plan, lang: str) -> str:
    if plan.warnings:
        body = "<ul class=\"warnings\">" + "".join(f"<li>{esc(w)}</li>" for w in plan_warnings(plan, lang)) + "</ul>"
    else:
        body = f'<p class="muted">{esc(t("report.no_warnings", lang))}</p>'
    return f'<section id="warnings">\n<h2>{esc(t("report.warnings", lang))}</h2>\n{body}\n</section>'


def _figure_json(fig: go.Figure, mode: str) -> str:
    fig = go.Figure(fig)
    if mode == "print":
        height = min(fig.layout.height or PRINT_CHART_HEIGHT_PX, PRINT_CHART_MAX_HEIGHT_PX)
        fig.update_layout(width=PRINT_CHART_WIDTH_PX, height=height, autosize=False)
    else:
        fig.update_layout(width=None, autosize=True)
    return json_for_script(pio.to_json(fig, validate=False, pretty=False))


def figure_block(name: str, fig: go.Figure, mode: str = "screen") -> str:
    """One chart as the report draws it (its JSON in a script the page's own init code plots)."""
    key = "".join(c if c.isalnum() or c in "-_" else "-" for c in name)
    return (f'<figure class="chart" data-chart="{esc(key)}"><div class="plot" id="chart-{esc(key)}"></div>'
            f'<script type="application/json" class="plotly-figure" data-target="chart-{esc(key)}">'
            f"{_figure_json(fig, mode)}</script></figure>")


def _charts_section(figures: dict[str, go.Figure], lang: str, mode: str) -> str:
    parts = [figure_block(name, fig, mode) for name, fig in figures.items()]
    return f'<section id="charts">\n<h2>{esc(t("report.charts", lang))}</h2>\n' + "\n".join(parts) + "\n</section>"


def _cell(column: str, value: Any, lang: str, horizon: int) -> str:
    unit = column_unit(column)
    text = fmt_value(value, unit, lang, horizon)
    numeric = isinstance(value, (int, float)) or hasattr(value, "item")
    cls = ' class="num"' if numeric and not isinstance(value, str) else ""
    return f"<td{cls}>{esc(text)}</td>"


_NUM = ' class="num"'


def _services_section(plan: Plan, lang: str) -> str:
    df = plan.services
    cols = list(df.columns)
    horizon = plan.summary.horizon_hours
    if len(df) <= TRANSPOSE_SERVICES_MAX and "service" in cols:
        head = "".join(f'<th scope="col" class="num">{esc(name)}</th>' for name in df["service"])
        rows = []
        for col in cols:
            if col == "service":
                continue
            cells = "".join(_cell(col, v, lang, horizon) for v in df[col].tolist())
            rows.append(f'<tr><th scope="row">{esc(col_label(col, lang))}</th>{cells}</tr>')
        table = (f'<table class="services transposed" id="services-table"><thead><tr>'
                 f'<th scope="col">{esc(col_label("service", lang))}</th>{head}</tr></thead>'
                 f'<tbody>{"".join(rows)}</tbody></table>')
    else:
        # Many services: one row each, the columns split over several tables so each fits a page width.
        others = [c for c in cols if c != "service"]
        lead = ["service"] if "service" in cols else []
        tables = []
        for k in range(0, len(others), SERVICE_COLUMNS_PER_TABLE):
            part = lead + others[k:k + SERVICE_COLUMNS_PER_TABLE]
            head = "".join(
                f'<th scope="col"{_NUM if pd.api.types.is_numeric_dtype(df[c]) else ""}>'
                f"{esc(col_label(c, lang))}</th>" for c in part)
            rows = ["<tr>" + "".join(_cell(c, v, lang, horizon) for c, v in zip(part, rec)) + "</tr>"
                    for rec in df[part].itertuples(index=False)]
            tid = ' id="services-table"' if k == 0 else ""
            tables.append(f'<table class="services compact"{tid}><thead><tr>{head}</tr></thead>'
                          f'<tbody>{"".join(rows)}</tbody></table>')
        table = "\n".join(tables)
    return f'<section id="services">\n<h2>{esc(t("report.services", lang))}</h2>\n{table}\n</section>'


def _figures_section(plan: Plan, lang: str) -> str:
    rows = []
    for f in summary_figures(plan.summary, lang):
        unit = unit_label(f.unit, lang) if f.unit not in ("hour", "code") else ""
        rows.append(f'<tr><th scope="row">{esc(f.label)}</th>'
                    f'<td class="num" data-field="{f.field}" data-value="{esc(_data_value(f.value))}">'
                    f"{esc(f.text)}</td>"
                    f'<td class="unit">{esc(unit)}</td></tr>')
    return (f'<section id="all-figures">\n<h2>{esc(t("report.all_figures", lang))}</h2>\n'
            f'<table class="figures"><thead><tr><th scope="col">{esc(t("report.figure", lang))}</th>'
            f'<th scope="col" class="num">{esc(t("report.value", lang))}</th>'
            f'<th scope="col">{esc(t("report.unit", lang))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
            "</section>")


#: Sources longer than this become numbered notes under the assumptions table (they repeat a lot).
SOURCE_NOTE_MIN_CHARS = 40


def _assumptions_section(plan: Plan, lang: str) -> str:
    notes: dict[str, int] = {}
    rows = []
    group = object()
    for rec in assumption_table(plan, lang).itertuples(index=False):
        if rec.group != group:
            group = rec.group
            rows.append(f'<tr class="group"><th colspan="4" scope="rowgroup">{esc(group)}</th></tr>')
        if len(rec.source) > SOURCE_NOTE_MIN_CHARS:
            n = notes.setdefault(rec.source, len(notes) + 1)
            source_html = f'<a class="note" href="#source-{n}">[{n}]</a>'
        else:
            source_html = esc(rec.source)
        price = ' class="price"' if rec.unit_code.startswith("USD") else ""
        rows.append(f'<tr{price}><td>{esc(rec.field)}</td><td class="num">{esc(rec.value)}</td>'
                    f'<td class="unit">{esc(rec.unit)}</td><td class="source">{source_html}</td></tr>')
    note_list = ""
    if notes:
        items = "".join(f'<li id="source-{n}" value="{n}">{esc(text)}</li>' for text, n in notes.items())
        note_list = f'<ol class="sources">{items}</ol>'
    return (f'<section id="assumptions">\n<h2>{esc(t("report.assumptions", lang))}</h2>\n'
            f'<p class="muted">{esc(t("report.assumptions_intro", lang))}</p>\n'
            f'<table class="assumptions"><thead><tr><th scope="col">{esc(t("report.field", lang))}</th>'
            f'<th scope="col" class="num">{esc(t("report.value", lang))}</th>'
            f'<th scope="col">{esc(t("report.unit", lang))}</th>'
            f'<th scope="col">{esc(t("report.source", lang))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
            f"{note_list}</section>")


def _reproduce_section(plan: Plan, lang: str, mode: str, footer: str) -> str:
    """The last section, with the report's footer inside it: printed, the two stay on one page, so no
    page holds the footer line alone."""
    text = esc(t("report.reproduce_text", lang, cmd="\x00")).replace("\x00", "<code>planner plan report.html</code>")
    details = ""
    if mode != "print":
        details = (f'<details><summary>{esc(t("report.scenario_yaml", lang))}</summary>'
                   f"<pre>{esc(dump_scenario(plan.written_scenario, 'yaml'))}</pre></details>")
    return (f'<section id="reproduce" class="closing">\n<h2>{esc(t("report.reproduce", lang))}</h2>\n<p>{text}</p>\n'
            f"{details}\n<footer>{footer}</footer>\n</section>")


# --- page -------------------------------------------------------------------------------------
_CSS = """
:root { --asis: #d62728; --tobe: #1f77b4; --good: #2ca02c; --bad: #c0392b; --ink: #1d2329; --muted: #5f6b76;
  --line: #d9dee3; --soft: #f4f6f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR", "Malgun Gothic",
  "Apple SD Gothic Neo", Arial, sans-serif; }
main { max-width: 1040px; margin: 0 auto; padding: 28px 28px 40px; }
h1 { font-size: 28px; margin: 4px 0 8px; line-height: 1.2; overflow-wrap: anywhere; }
h2 { font-size: 19px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
.kicker { margin: 0; color: var(--muted); font-size: 13px; text-transform: none; letter-spacing: .02em; }
.facts { margin: 6px 0; max-width: 70em; overflow-wrap: anywhere; }
.description { margin: 6px 0; padding: 2px 0 2px 10px; border-left: 3px solid var(--line); }
.description p { margin: 4px 0; color: var(--muted); max-width: 70em; overflow-wrap: anywhere; }
.description p.description-label { font-size: 12px; font-style: italic; }
.decision { background: var(--soft); border-left: 5px solid var(--tobe); padding: 12px 16px; margin: 8px 0 14px; }
.decision p { margin: 4px 0; font-size: 16px; }
.decision p:first-child { font-weight: 600; }
.decision-note { color: var(--bad); font-size: 14px !important; }
.kpis { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 10px; margin: 0 0 14px; }
.kpi { border: 1px solid var(--line); border-top: 4px solid var(--muted); border-radius: 4px; padding: 8px 12px; }
.kpi.asis { border-top-color: var(--asis); } .kpi.tobe { border-top-color: var(--tobe); }
.kpi.good { border-top-color: var(--good); } .kpi.bad { border-top-color: var(--bad); }
.kpi-label { font-size: 12px; color: var(--muted); }
.kpi-sub { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
.kpi-value { font-size: 21px; font-weight: 650; font-variant-numeric: tabular-nums; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; margin: 6px 0 10px; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
tbody th { font-weight: 500; }
table.assumptions td:first-child { width: 34%; }
ol.sources { font-size: 12px; color: var(--muted); padding-left: 24px; overflow-wrap: anywhere; }
a.note { color: var(--tobe); text-decoration: none; }
thead th { background: var(--soft); border-bottom: 2px solid #b8c0c8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.unit { color: var(--muted); white-space: nowrap; }
td.source { color: var(--muted); font-size: 12px; overflow-wrap: anywhere; word-break: break-word; }
tr.group th { background: #fff; padding-top: 12px; font-size: 14px; border-bottom: 1px solid #b8c0c8; }
tr.price td { background: #fbf7e9; }
th.asis { color: var(--asis); } th.tobe { color: var(--tobe); }
table.headline { max-width: 720px; }
table.figures { max-width: 720px; }
table.compact { font-size: 12px; margin-bottom: 14px; }
table.compact th.num { white-space: normal; }
ul.warnings { padding-left: 20px; } ul.warnings li { margin: 4px 0; color: #7a2b18; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
figure.chart { margin: 8px 0 18px; border: 1px solid var(--line); border-radius: 4px; padding: 4px; }
.plot { width: 100%; min-height: 420px; }
code { background: var(--soft); padding: 1px 4px; border-radius: 3px; font-size: 90%; }
pre { background: var(--soft); padding: 10px; overflow: auto; font-size: 12px; max-height: 480px; }
details summary { cursor: pointer; color: var(--tobe); }
footer { margin-top: 36px; padding-top: 8px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@media screen and (max-width: 760px) { .kpis { grid-template-columns: repeat(2, 1fr); } main { padding: 16px; } }
@media print {
  main { max-width: none; padding: 0; }
  body { font-size: 10.5pt; }
  h1 { font-size: 20pt; } h2 { font-size: 13pt; margin-top: 18pt; break-after: avoid; }
  .decision { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  thead th, tr.price td, .kpi { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  table { font-size: 9pt; } td.source { font-size: 8pt; }
  thead { display: table-header-group; } tr { break-inside: avoid; }
  figure.chart { break-inside: avoid; border: none; padding: 0; }
  .plot { min-height: 0; }
  .kpi-value { font-size: 15pt; }
  #assumptions { break-before: page; }
  table.figures, table.headline, .kpis, .decision { break-inside: avoid; }
  section.closing { break-inside: avoid; break-before: auto; }
  footer { margin-top: 14pt; }
  details, .no-print { display: none; }
}
"""

_INIT_JS = """
(function () {
  var print = document.body.getAttribute("data-mode") === "print";
  var config = print ? {staticPlot: true, displayModeBar: false, responsive: false}
                     : {displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"]};
  var nodes = document.querySelectorAll("script.plotly-figure");
  for (var i = 0; i < nodes.length; i++) {
    var fig = JSON.parse(nodes[i].textContent);
    Plotly.newPlot(nodes[i].getAttribute("data-target"), fig.data, fig.layout, config);
  }
})();
"""


_MARGIN_BOX = ('font-size: 8pt; color: #5f6b76; font-family: system-ui, "Noto Sans", "Noto Sans CJK KR", '
               '"Malgun Gothic", Arial, sans-serif;')


def _page_css_title(title: str, paper: str) -> str:
    return (f"@page {{ size: {paper}; margin: 14mm 13mm 16mm 13mm;\n"
            f"  @bottom-left {{ content: {css_string(title)}; {_MARGIN_BOX} }}\n"
            f"  @bottom-right {{ content: counter(page) \" / \" counter(pages); {_MARGIN_BOX} }} }}\n")


def render_html(plan: Plan, *, lang: str = "en", generated_at: datetime | str | None = None,
                figures: dict[str, go.Figure] | None = None, mode: Literal["screen", "print"] = "screen",
                paper: str = "A4", extra_sections: tuple[str, ...] = ()) -> str:
    """The HTML report of ``plan`` as text.

    ``figures`` default to :func:`planner.charts.all_figures` ``(plan, lang)``; ``mode="print"`` is the
    variant the PDF is made from (``paper`` sets its page size). ``extra_sections``: HTML sections
    placed before the assumptions (:mod:`planner.report.explore`: search, sensitivity, uncertainty)."""
    if figures is None:
        from planner.charts import all_figures

        figures = all_figures(plan, lang)
    footer = footer_text(lang, generated_at)
    body = "\n".join([
        _header(plan, lang, generated_at),
        _summary_section(plan, lang),
        verdict_html_section(plan, lang, lambda key, fig: figure_block(key, fig, mode)),  # issue 15
        realload.html_section(plan, lang),
        _warnings_section(plan, lang),
        _charts_section(figures, lang, mode),
        _services_section(plan, lang),
        pricing_html_section(plan, lang, lambda key, fig: figure_block(key, fig, mode)),
        env_section(plan, lang),  # "" without environments
        _figures_section(plan, lang),
        drills_section(plan, lang, figure_block, mode),  # failure drills of both plans (planner.report.drills)
        *extra_sections,
        _assumptions_section(plan, lang),
        _reproduce_section(plan, lang, mode, footer),
    ])
    return html_document(report_title(plan, lang), body, lang=lang, generated_at=generated_at, mode=mode,
                         paper=paper, scenario=plan.written_scenario, footer=None)


def footer_text(lang: str, generated_at: datetime | str | None) -> str:
    """'Made with planner <version> · Generated <time>' (HTML-escaped)."""
    version = _version()
    footer = f"{esc(t('report.made_by', lang))}{(' ' + esc(version)) if version else ''}"
    stamp = fmt_timestamp(generated_at)
    if stamp:
        footer += f" · {esc(t('report.generated', lang))} {esc(stamp)}"
    return footer


def html_document(title: str, body: str, *, lang: str = "en", generated_at: datetime | str | None = None,
                  mode: str = "screen", paper: str = "A4", scenario: Any = None, footer: str | None = "") -> str:
    """The report page around ``body``: CSP, styles, plotly.js inline, the chart set-up, the footer
    (``""``: the default one after the body; None: the body carries it, as the plan report's last
    section does so that no printed page holds the footer alone), and the embedded ``scenario`` when
    given (the plan report and the comparison report use it)."""
    paper = check_paper(paper)
    version = _version()
    if footer == "":
        footer = footer_text(lang, generated_at)
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{esc(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="planner{(" " + esc(version)) if version else ""}">',
        f"<title>{esc(title)} – {esc(t('report.report', lang))}</title>",
        f"<style>{_page_css_title(title, paper)}{_CSS}</style>",
        f"<script>{plotly_js()}</script>",
        "</head>",
        f'<body data-mode="{mode}">',
        "<main>",
        body,
        f"<footer>{footer}</footer>" if footer else "",
        "</main>",
        scenario_script(scenario) if scenario is not None else "",
        f"<script>{_INIT_JS}</script>",
        "</body>",
        "</html>",
        "",
    ])


__all__ = ["PAPERS", "check_paper", "figure_block", "html_document", "plotly_js", "render_html"]
