"""The reports' verdict (issue 15): the equal-risk headline, the five plans, the savings
waterfall (chart and numbers), fix-it advice and caveats, on the first page of every report. One
builder per format: :func:`html_section` (HTML and PDF), :func:`markdown_lines`,
:func:`xlsx_frames` (the waterfall's numbers and the plans, one sheet each).

:func:`verdict_of` computes the verdict of a plan once (about ten engine runs without frames) and
keeps it while the plan lives, so the writers of one plan share it."""

from __future__ import annotations

import pandas as pd

from planner.i18n import fmt_pct, fmt_usd, t
from planner.i18n.verdict import advice_lines, caveat_text, headline_lines, plan_label, step_label
from planner.report.blocks import html_table, md_table, per_plan
from planner.report.escape import esc, md_escape
from planner.result import Plan


@per_plan
def verdict_of(plan: Plan):
    """The :class:`planner.verdict.Verdict` of ``plan`` (computed once per plan object)."""
    from planner.verdict import verdict

    return verdict(plan.written_scenario, plan)


def _names(plan: Plan) -> list[str]:
    return [s.name for s in plan.scenario.services]


def plans_table(v, lang: str = "en") -> pd.DataFrame:
    """The five plans: name, cost per month (strategy), on-demand, unserved share."""
    return pd.DataFrame({
        t("verdict.col.plan", lang): [plan_label(p.key, lang) for p in v.plans],
        t("verdict.col.cost", lang): [p.usd_per_month for p in v.plans],
        t("verdict.col.cost_od", lang): [p.usd_per_month_on_demand for p in v.plans],
        t("verdict.col.unserved", lang): [p.shortfall_frac for p in v.plans]})


def steps_table(v, lang: str = "en") -> pd.DataFrame:
    """The waterfall's numbers: each step's saving and the cost after it [USD/month], the total."""
    steps = list(v.steps)
    if v.equal_risk_step is not None:
        steps.append(v.equal_risk_step)
    rows = [(step_label(s.key, lang), s.saving_usd_per_month, s.after_usd_per_month) for s in steps]
    rows.append((t("verdict.total", lang), sum(s.saving_usd_per_month for s in steps), steps[-1].after_usd_per_month))
    return pd.DataFrame(rows, columns=[t("verdict.col.step", lang), t("verdict.col.saving", lang),
                                       t("verdict.col.after", lang)])


def _fmt(col: str, x, lang: str) -> str:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return t("verdict.not_reached", lang)
    if isinstance(x, str):
        return x
    return fmt_pct(x, lang) if col == t("verdict.col.unserved", lang) else fmt_usd(x, lang, 2)


def _rows(df: pd.DataFrame, lang: str) -> list[list[str]]:
    return [[_fmt(c, x, lang) for c, x in zip(df.columns, rec)] for rec in df.itertuples(index=False)]


def html_section(plan: Plan, lang: str = "en", figure_html=None) -> str:
    """``<section id="verdict">``: headline (a warning card when the risk is above the threshold),
    the five plans, the waterfall chart and table, fixes, caveats."""
    v = verdict_of(plan)
    head = headline_lines(v, _names(plan), lang)
    cls = "verdict ok" if v.status == "ok" else "verdict warning"
    parts = [f'<section id="verdict" class="{cls}" data-status="{v.status}">',
             f"<h2>{esc(t('verdict.title', lang))}</h2>",
             f'<p class="verdict-headline"><strong>{esc(head[0])}</strong></p>',
             *(f"<p>{esc(x)}</p>" for x in head[1:]),
             f'<p class="muted">{esc(t("verdict.why_quote", lang))}</p>']
    for df, tid in ((plans_table(v, lang), "verdict-plans"), (steps_table(v, lang), "verdict-waterfall")):
        if tid == "verdict-waterfall":
            parts.append(f"<h3>{esc(t('verdict.waterfall_title', lang))}</h3>")
            parts.append(f'<p class="muted">{esc(t("verdict.waterfall_note", lang))}</p>')
            if figure_html is not None:
                from planner.charts_verdict import fig_waterfall

                parts.append(figure_html("waterfall", fig_waterfall(v, lang)))
        parts.append(html_table((list(df.columns), _rows(df, lang), ["l"] * len(df.columns)), tid))
    advice = advice_lines(v, _names(plan), lang)
    if advice:
        parts += [f"<h3>{esc(t('verdict.fixes_title', lang))}</h3>", "<ul>",
                  *(f"<li>{esc(x)}</li>" for x in advice), "</ul>"]
    if v.caveats:
        parts += [f"<h3>{esc(t('verdict.caveats_title', lang))}</h3>", "<ul>",
                  *(f"<li>{esc(caveat_text(c, p, lang))}</li>" for c, p in v.caveats), "</ul>"]
    parts.append("</section>")
    return "\n".join(parts)


def _md_table(df: pd.DataFrame, lang: str) -> list[str]:
    return md_table([md_escape(c) for c in df.columns], [[md_escape(x) for x in r] for r in _rows(df, lang)],
                    ["l"] + ["r"] * (len(df.columns) - 1))


def markdown_lines(plan: Plan, lang: str = "en") -> list[str]:
    """The verdict as Markdown: headline, plans, waterfall numbers, fixes, caveats."""
    v = verdict_of(plan)
    head = headline_lines(v, _names(plan), lang)
    out = [f"## {t('verdict.title', lang)}", "", f"**{md_escape(head[0])}**", "", *(f"- {md_escape(x)}" for x in head[1:]),
           "", md_escape(t("verdict.why_quote", lang)), ""]
    out += _md_table(plans_table(v, lang), lang) + ["", f"### {t('verdict.waterfall_title', lang)}", "",
                                                    md_escape(t("verdict.waterfall_note", lang)), ""]
    out += _md_table(steps_table(v, lang), lang) + [""]
    advice = advice_lines(v, _names(plan), lang)
    if advice:
        out += [f"### {t('verdict.fixes_title', lang)}", "", *(f"- {md_escape(x)}" for x in advice), ""]
    if v.caveats:
        out += [f"### {t('verdict.caveats_title', lang)}", "",
                *(f"- {md_escape(caveat_text(c, p, lang))}" for c, p in v.caveats), ""]
    return out


def xlsx_frames(plan: Plan, lang: str = "en") -> list[tuple[str, pd.DataFrame]]:
    """``(sheet name, frame)``: the waterfall's numbers and the five plans (numbers, not text)."""
    v = verdict_of(plan)
    return [(t("verdict.sheet_waterfall", lang), steps_table(v, lang)),
            (t("verdict.sheet_plans", lang), plans_table(v, lang))]
