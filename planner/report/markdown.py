"""Markdown summary for a wiki page or meeting notes: the decision, the headline figures, the
per-service table, the warnings and the prices it rests on. User text is escaped (no HTML, no markup)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from planner.i18n import col_label, column_unit, fmt_timestamp, fmt_value, plan_warnings, t
from planner.report.escape import md_escape, md_paragraphs
from planner.report.pricing_section import markdown_lines
from planner.report.summary import decision_sentences, headline_rows, saving_line
from planner.result import Plan

#: Columns of the per-service table in the Markdown summary (a subset of SERVICE_COLUMNS).
MD_SERVICE_COLUMNS = ("service", "peak_load_requests_per_s", "asis_servers", "asis_usd_per_month", "pods_min",
                      "pods_mean", "pods_peak", "shortfall_requests", "shortfall_frac", "deploy_fits_one_server_out")


def _own(text: str) -> str:
    """Our own labels (no user text): only the table separator needs escaping."""
    return text.replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]], align: list[str]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def _frame_rows(df: pd.DataFrame, columns: list[str], lang: str) -> list[list[str]]:
    rows = []
    for rec in df[columns].itertuples(index=False):
        rows.append([md_escape(fmt_value(v, column_unit(c), lang)) for c, v in zip(columns, rec)])
    return rows


def render_markdown(plan: Plan, *, lang: str = "en", generated_at: datetime | str | None = None) -> str:
    """The Markdown summary of ``plan`` as text (``\\n`` line ends, ends with a newline)."""
    s = plan.summary
    out: list[str] = [f"# {md_escape(plan.scenario.name)}", ""]
    if plan.scenario.description.strip():
        out += [md_paragraphs(plan.scenario.description), ""]
    stamp = fmt_timestamp(generated_at)
    if stamp:
        out += [f"_{t('report.generated', lang)}: {md_escape(stamp)}_", ""]

    cost, risk = decision_sentences(s, lang, plan.purchase_options)
    out += [f"## {t('report.decision', lang)}", "", f"{md_escape(cost)} {md_escape(risk)}", ""]

    out += [f"## {t('report.headline', lang)}", ""]
    rows = []
    for h in headline_rows(s, lang):
        unit = "%" if h.unit == "fraction" else h.unit
        label = f"{h.label} [{unit}]" if unit and unit != "hour" else h.label
        rows.append([_own(label), fmt_value(h.asis, h.unit, lang, s.horizon_hours),
                     fmt_value(h.tobe, h.unit, lang, s.horizon_hours)])
    out += _table([t("report.figure", lang), t("report.as_is", lang), t("report.to_be", lang)], rows, ["l", "r", "r"])
    label, value = saving_line(s, lang)
    out += ["", f"**{label}:** {value}", ""]

    out += [f"## {t('report.services', lang)}", ""]
    cols = [c for c in MD_SERVICE_COLUMNS if c in plan.services.columns]
    out += _table([_own(col_label(c, lang, percent=True)) for c in cols], _frame_rows(plan.services, cols, lang),
                  ["l" if c == "service" else "r" for c in cols])
    out.append("")

    out += markdown_lines(plan, lang)

    out += [f"## {t('report.warnings', lang)}", ""]
    out += [f"- {md_escape(w)}" for w in plan_warnings(plan, lang)] if plan.warnings else [t("report.no_warnings", lang)]
    out.append("")

    a = plan.assumptions
    prices = a[a["unit"].astype(str).str.contains("USD", regex=False)]
    if len(prices):
        out += [f"## {t('report.prices', lang)}", ""]
        cols = ["field", "value", "unit", "source"]
        rows = [[md_escape(r.field), md_escape(fmt_value(r.value, str(r.unit), lang)), md_escape(r.unit),
                 md_escape(r.source)]
                for r in prices[cols].itertuples(index=False)]
        out += _table([t(f"report.{c}", lang) for c in cols], rows, ["l", "r", "l", "l"])
        out.append("")

    out += [t("report.md_reproduce", lang), ""]
    return "\n".join(out)
