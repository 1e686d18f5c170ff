"""The savings waterfall (issue 15): from As-Is as configured to To-Be as configured (and on to
the To-Be at equal risk) in named steps, each the difference of two computed plans
(:mod:`planner.verdict`). A pure builder like :mod:`planner.charts`: ``fig_waterfall(verdict, lang)``."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.charts import SAVING_COLOR, TOBE_COLOR, _axis, _layout
from planner.i18n import t
from planner.i18n.verdict import step_label

COST_UP_COLOR = "#ff7f0e"  #: a step that costs money (orange, never neutral grey)


def waterfall_values(v) -> tuple[list[str], list[str], list[float]]:
    """``(step keys, plotly measures, values)``: the As-Is cost, each step's change in cost
    [USD/month] (negative: a saving), the To-Be cost; then the equal-risk step and its total."""
    keys = ["start", *(s.key for s in v.steps), "end"]
    measures = ["absolute", *(["relative"] * len(v.steps)), "total"]
    values = [v.steps[0].before_usd_per_month, *(-s.saving_usd_per_month for s in v.steps),
              v.steps[-1].after_usd_per_month]
    er = v.equal_risk_step
    if er is not None and abs(er.saving_usd_per_month) > 0:
        keys += ["equal_risk", "end_equal_risk"]
        measures += ["relative", "total"]
        values += [-er.saving_usd_per_month, er.after_usd_per_month]
    return keys, measures, values


def fig_waterfall(v, lang: str = "en") -> go.Figure:
    """Cost per month from As-Is to To-Be step by step: savings green, costs orange, totals in the
    plans' colours."""
    keys, measures, values = waterfall_values(v)
    fig = go.Figure(go.Waterfall(
        x=[step_label(k, lang) for k in keys], measure=measures, y=values,
        text=[f"{x:+,.0f}" if m == "relative" else f"{x:,.0f}" for x, m in zip(values, measures)],
        textposition="outside", connector={"line": {"color": "#999"}},
        decreasing={"marker": {"color": SAVING_COLOR}}, increasing={"marker": {"color": COST_UP_COLOR}},
        totals={"marker": {"color": TOBE_COLOR}}, hovertemplate="%{y:$,.2f}<extra></extra>"))
    layout = _layout(t("verdict.waterfall_title", lang), t("verdict.col.cost", lang) + " [USD]", lang, 24,
                     showlegend=False, hovermode="closest")
    layout["xaxis"] = _axis("", type="category", tickangle=-30, automargin=True)
    fig.update_layout(**layout)
    return fig
