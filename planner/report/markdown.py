"""Markdown summary for a wiki page or meeting notes: the decision, the headline figures, the
per-service table, the warnings and the prices it rests on. User text is escaped (no HTML, no markup)."""

from __future__ import annotations

from datetime import datetime

from planner.i18n import fmt_timestamp, fmt_value, label_with_unit, plan_warnings, t
from planner.report.blocks import md_frame, md_table
from planner.report.drills import markdown_section as drills_section
from planner.report.environments import markdown_section as env_section
from planner.report import realload
from planner.report.escape import md_escape, md_paragraphs
from planner.report.summary import (assumption_table, decision_sentences, headline_rows, own_description, report_title,
                                    saving_line, scenario_facts)
from planner.report.pricing_section import markdown_lines as pricing_lines
from planner.report.verdict import markdown_lines as verdict_lines
from planner.result import Plan

#: Columns of the per-service table in the Markdown summary (a subset of SERVICE_COLUMNS).
MD_SERVICE_COLUMNS = ("service", "peak_load_requests_per_s", "asis_servers", "asis_usd_per_month", "pods_min",
                      "pods_mean", "pods_peak", "shortfall_requests", "shortfall_frac", "deploy_fits_one_server_out")


def _own(text: str) -> str:
    """Our own labels (no user text): only the table separator needs escaping."""
    return text.replace("|", "\\|")


def render_markdown(plan: Plan, *, lang: str = "en", generated_at: datetime | str | None = None,
                    extra_sections: tuple[str, ...] = ()) -> str:
    """The Markdown summary of ``plan`` as text (``\\n`` line ends, ends with a newline).
    ``extra_sections``: Markdown blocks placed before the reproduce line (planner.report.explore)."""
    s = plan.summary
    out: list[str] = [f"# {md_escape(report_title(plan, lang))}", ""]
    stamp = fmt_timestamp(generated_at)
    if stamp:
        out += [f"_{t('report.generated', lang)}: {md_escape(stamp)}_", ""]
    out += [f"**{t('report.facts_heading', lang)}:** {md_escape(scenario_facts(plan, lang))}", ""]
    description = own_description(plan, lang)
    if description:
        out += [f"**{t('report.own_description', lang)}:**", "", md_paragraphs(description), ""]

    cost, risk = decision_sentences(s, lang, plan.purchase_options)
    out += [f"## {t('report.decision', lang)}", "", f"{md_escape(cost)} {md_escape(risk)}", ""]

    out += [f"## {t('report.headline', lang)}", ""]
    rows = []
    for h in headline_rows(plan, lang):
        values = [md_escape(fmt_value(v, h.unit, lang, s.horizon_hours)) for v in (h.asis, h.tobe)]
        rows.append([_own(label_with_unit(h.label, h.unit, lang)), *values])
    out += md_table([t("report.figure", lang), t("report.as_is", lang), t("report.to_be", lang)], rows, ["l", "r", "r"])
    label, value = saving_line(s, lang)
    out += ["", f"**{label}:** {value}", ""]
    out += verdict_lines(plan, lang)  # issue 15
    out += realload.markdown_lines(plan, lang)

    out += [f"## {t('report.services', lang)}", ""]
    cols = [c for c in MD_SERVICE_COLUMNS if c in plan.services.columns]
    out += md_frame(plan.services[cols], lang, ["l" if c == "service" else "r" for c in cols])
    out.append("")

    out += pricing_lines(plan, lang)
    out += env_section(plan, lang)  # none without environments
    out += [f"## {t('report.warnings', lang)}", ""]
    warnings = plan_warnings(plan, lang)
    out += [f"- {md_escape(w)}" for w in warnings] if warnings else [t("report.no_warnings", lang)]
    out.append("")

    prices = assumption_table(plan, lang, prices_only=True)
    if len(prices):
        out += [f"## {t('report.prices', lang)}", ""]
        cols = ["field", "value", "unit", "source"]
        rows = [[md_escape(v) for v in r] for r in prices[cols].itertuples(index=False)]
        out += md_table([t(f"report.{c}", lang) for c in cols], rows, ["l", "r", "l", "l"])
        out.append("")

    out += drills_section(plan, lang)  # failure drills of both plans (planner.report.drills)
    for block in extra_sections:
        out += [block.rstrip("\n"), ""]
    out += [t("report.md_reproduce", lang), ""]
    return "\n".join(out)
