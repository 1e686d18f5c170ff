"""The reports' pricing parts (issue 11): the purchase-options table, the costs beside the
machines, the month-by-month plan. One builder per format; the writers hook them in:
:func:`html_section` (HTML and PDF), :func:`markdown_lines`, :func:`xlsx_frames` (one sheet each).

Every table is built from the plan's own frames (``purchase_options``, ``cost_lines``, ``months``),
option names in the reader's language (:func:`planner.i18n.pricing.fmt_option`)."""

from __future__ import annotations

import pandas as pd

from planner.i18n import col_label, column_unit, fmt_value, t, unit_label
from planner.i18n.assumptions import source_text
from planner.i18n.pricing import fmt_option
from planner.i18n.pricing_sources import basis_text, line_source_text
from planner.report.blocks import md_frame
from planner.report.escape import esc
from planner.result import Plan

#: Columns of the purchase-options table in reports (a subset of PURCHASE_OPTION_COLUMNS).
REPORT_OPTION_COLUMNS = ("side", "option", "committed", "usd_per_hour", "upfront_usd", "effective_usd_per_hour",
                         "machines_usd_per_month", "upfront_total_usd", "usd_per_month", "saving_vs_on_demand_frac",
                         "chosen", "cheapest", "basis")
MD_OPTION_COLUMNS = ("side", "option", "effective_usd_per_hour", "upfront_total_usd", "usd_per_month",
                     "saving_vs_on_demand_frac", "chosen", "cheapest")
REPORT_LINE_COLUMNS = ("plan", "line", "quantity", "quantity_unit", "unit_price", "price_unit", "usd_per_month", "source")
REPORT_MONTH_COLUMNS = ("month", "event_days", "asis_servers_needed", "asis_servers", "asis_servers_added",
                        "asis_order_month", "asis_order_late", "tobe_nodes_peak", "tobe_nodes_mean", "tobe_nodes_min",
                        "tobe_committed_nodes", "tobe_commitment_coverage_frac", "asis_usd", "tobe_usd",
                        "asis_cash_usd", "tobe_cash_usd", "savings_usd_cumulative", "shortfall_requests")
MD_MONTH_COLUMNS = ("month", "asis_servers", "asis_order_month", "tobe_nodes_peak", "tobe_nodes_mean",
                    "tobe_committed_nodes", "asis_usd", "tobe_usd", "savings_usd_cumulative")


def options_table(plan: Plan, lang: str = "en") -> pd.DataFrame:
    """The purchase options for people: side and option in ``lang``, the report columns."""
    df = plan.purchase_options[list(REPORT_OPTION_COLUMNS)].copy()
    df["option"] = [fmt_option(str(o), lang, int(c) if s == "to_be" and c else None)
                    for o, c, s in zip(df["option"], df["committed"], df["side"])]
    df["side"] = [t(f"pricing.side.{s}", lang) for s in df["side"]]
    df["basis"] = [basis_text(str(b), lang) for b in df["basis"]]
    return df


def lines_table(plan: Plan, lang: str = "en") -> pd.DataFrame:
    df = plan.cost_lines[list(REPORT_LINE_COLUMNS)].copy()
    df["plan"] = [t(f"pricing.side.{p}", lang) for p in df["plan"]]
    df["line"] = [t(f"pricing.line.{x}", lang) for x in df["line"]]
    for col in ("quantity_unit", "price_unit"):
        df[col] = [unit_label(str(u), lang) for u in df[col]]
    df["source"] = [line_source_text(str(x), lang, source_text) for x in df["source"]]
    return df


def months_table(plan: Plan) -> pd.DataFrame | None:
    return None if plan.months is None else plan.months[list(REPORT_MONTH_COLUMNS)].copy()


# --- HTML -----------------------------------------------------------------------------------------
def _html_table(df: pd.DataFrame, lang: str, table_id: str, cls: str = "compact") -> str:
    num_cls = ' class="num"'
    head = "".join(f'<th scope="col"{num_cls if pd.api.types.is_numeric_dtype(df[c]) else ""}>'
                   f"{esc(col_label(c, lang))}</th>" for c in df.columns)
    rows = []
    for rec in df.itertuples(index=False):
        cells = []
        for c, v in zip(df.columns, rec):
            num = pd.api.types.is_numeric_dtype(df[c]) and not isinstance(v, (bool, str))
            td_cls = ' class="num"' if num else (' class="source"' if c == "source" else "")
            cells.append(f"<td{td_cls}>{esc(fmt_value(v, column_unit(c), lang))}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return (f'<table class="{cls}" id="{table_id}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def html_section(plan: Plan, lang: str = "en", figure_html=None) -> str:
    """``<section id="pricing">``: purchase options, the lines beside the machines, the months.
    ``figure_html(key, fig)`` renders a chart the way the report's own charts are (optional)."""
    if plan.purchase_options is None:
        return ""
    from planner.charts_pricing import pricing_figures

    figs = pricing_figures(plan, lang) if figure_html is not None else {}
    parts = [f'<section id="pricing">\n<h2>{esc(t("pricing.options_title", lang))}</h2>',
             f'<p class="muted">{esc(t("pricing.options_intro", lang))}</p>',
             _html_table(options_table(plan, lang), lang, "purchase-options")]
    if "cost_stack" in figs:
        parts.append(figure_html("cost_stack", figs["cost_stack"]))
    if plan.cost_lines is not None:
        parts += [f'<h3>{esc(t("pricing.lines_title", lang))}</h3>',
                  _html_table(lines_table(plan, lang), lang, "cost-lines")]
    months = months_table(plan)
    if months is not None:
        parts += [f'<h3>{esc(t("pricing.months_title", lang))}</h3>',
                  f'<p class="muted">{esc(t("pricing.months_intro", lang))}</p>']
        if "months" in figs:
            parts.append(figure_html("months", figs["months"]))
        parts.append(_html_table(months, lang, "months"))
    parts.append("</section>")
    return "\n".join(parts)


# --- Markdown ---------------------------------------------------------------------------------------
def _md_table(df: pd.DataFrame, lang: str) -> list[str]:
    """Numbers (not booleans) right-aligned."""
    return md_frame(df, lang, ["r" if pd.api.types.is_numeric_dtype(df[c]) and df[c].dtype != bool else "l"
                               for c in df.columns])


def markdown_lines(plan: Plan, lang: str = "en") -> list[str]:
    """The purchase options (and the months, when planned) as Markdown."""
    if plan.purchase_options is None:
        return []
    out = [f"## {t('pricing.options_title', lang)}", "", t("pricing.options_intro", lang), ""]
    out += _md_table(options_table(plan, lang)[list(MD_OPTION_COLUMNS)], lang) + [""]
    if plan.cost_lines is not None:
        lines = lines_table(plan, lang)
        out += [f"## {t('pricing.lines_title', lang)}", ""]
        out += _md_table(lines[lines["usd_per_month"] > 0][["plan", "line", "usd_per_month", "source"]], lang) + [""]
    months = months_table(plan)
    if months is not None:
        out += [f"## {t('pricing.months_title', lang)}", "", t("pricing.months_intro", lang), ""]
        out += _md_table(months[list(MD_MONTH_COLUMNS)], lang) + [""]
    return out


# --- Excel -----------------------------------------------------------------------------------------
def xlsx_frames(plan: Plan, lang: str = "en") -> list[tuple[str, pd.DataFrame]]:
    """``(sheet name, frame)`` for the workbook: purchase options, costs beside the machines, months."""
    out: list[tuple[str, pd.DataFrame]] = []
    if plan.purchase_options is not None:
        opts = options_table(plan, lang)
        opts["source"] = [source_text(str(x), lang) for x in plan.purchase_options["source"]]
        out.append((t("pricing.options_title", lang), opts))
    if plan.cost_lines is not None:
        out.append((t("pricing.lines_title", lang), lines_table(plan, lang)))
    if plan.months is not None:
        out.append((t("pricing.months_title", lang), plan.months.copy()))
    return out
