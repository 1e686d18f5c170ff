"""Plotly figures of the prices (issue 11): the To-Be hourly cost stacked as committed, on-demand,
spot and other costs beside the As-Is line, and the month-by-month plan with the As-Is buy dates.
Pure builders like :mod:`planner.charts` (whose layout they share): ``fig_*(plan, lang) -> Figure``."""

from __future__ import annotations

import plotly.graph_objects as go

from planner.charts import ASIS_COLOR, SAVING_COLOR, TOBE_COLOR, _axis, _hour_labels, _layout
from planner.i18n import t
from planner.result import Plan

COMMITTED_COLOR, ON_DEMAND_COLOR, SPOT_COLOR, FIXED_COLOR = "#1f4e79", "#1f77b4", "#9ecae1", "#bdbdbd"
#: Stable keys of :func:`pricing_figures`.
PRICING_FIGURE_KEYS = ("cost_stack", "months")


def fig_cost_stack(plan: Plan, lang: str = "en") -> go.Figure:
    """To-Be cost per hour stacked: committed, on-demand, spot, control plane and other [USD/hour];
    As-Is cost per hour as a line over it."""
    ch = plan.cluster_hourly
    x = _hour_labels([int(h) for h in ch["hour"]], lang, plan.summary.horizon_hours)
    fig = go.Figure()
    for col, key, color in (("tobe_committed_usd", "pricing.tr_committed", COMMITTED_COLOR),
                            ("tobe_on_demand_usd", "pricing.tr_on_demand", ON_DEMAND_COLOR),
                            ("tobe_spot_usd", "pricing.tr_spot", SPOT_COLOR),
                            ("tobe_fixed_usd", "pricing.tr_fixed", FIXED_COLOR)):
        fig.add_trace(go.Bar(x=x, y=list(ch[col]), name=t(key, lang), marker_color=color,
                             hovertemplate="%{y:$,.2f}"))
    fig.add_trace(go.Scatter(x=x, y=list(ch["asis_usd"]), name=t("pricing.tr_asis", lang), mode="lines",
                             line={"color": ASIS_COLOR, "width": 2.5}, hovertemplate="%{y:$,.2f}"))
    fig.update_layout(**_layout(t("pricing.fig_stack_title", lang), t("pricing.fig_stack_y", lang), lang,
                                plan.summary.horizon_hours, barmode="stack", bargap=0.1))
    return fig


def fig_months(plan: Plan, lang: str = "en") -> go.Figure:
    """Month by month: As-Is and To-Be cost [USD/month] (bars), cumulative saving (line, right axis),
    and a marker at each month As-Is servers must be ordered. Empty without a forecast."""
    m = plan.months
    fig = go.Figure()
    layout = _layout(t("pricing.fig_months_title", lang), t("pricing.fig_months_y", lang), lang, 24,
                     yaxis2=_axis(t("pricing.fig_months_y2", lang), overlaying="y", side="right", showgrid=False),
                     barmode="group")
    layout["xaxis"] = _axis("", type="category")
    if m is None or not len(m):
        fig.update_layout(**layout)
        return fig
    months = list(m["month"])
    fig.add_trace(go.Bar(x=months, y=list(m["asis_usd"]), name=t("pricing.tr_asis_month", lang),
                         marker_color=ASIS_COLOR, hovertemplate="%{y:$,.0f}"))
    fig.add_trace(go.Bar(x=months, y=list(m["tobe_usd"]), name=t("pricing.tr_tobe_month", lang),
                         marker_color=TOBE_COLOR, hovertemplate="%{y:$,.0f}"))
    fig.add_trace(go.Scatter(x=months, y=list(m["savings_usd_cumulative"]), name=t("pricing.tr_saving_cum", lang),
                             yaxis="y2", mode="lines+markers", line={"color": SAVING_COLOR, "width": 2.5},
                             hovertemplate="%{y:$,.0f}"))
    buys = m[m["asis_servers_added"] > 0]
    in_range = buys[buys["asis_order_month"].isin(months)]
    fig.add_trace(go.Scatter(
        x=list(in_range["asis_order_month"]), y=[0.0] * len(in_range), name=t("pricing.tr_buy", lang),
        mode="markers", marker={"symbol": "triangle-up", "size": 14, "color": ASIS_COLOR,
                                "line": {"color": "black", "width": 1}},
        text=[t("pricing.buy_hover", lang, n=int(r.asis_servers_added), month=r.month) for r in in_range.itertuples()],
        hovertemplate="%{text}"))
    fig.update_layout(**layout)
    return fig


def pricing_figures(plan: Plan, lang: str = "en") -> dict[str, go.Figure]:
    """Both figures, keyed by :data:`PRICING_FIGURE_KEYS` (``months`` only with a forecast)."""
    out = {"cost_stack": fig_cost_stack(plan, lang)}
    if plan.months is not None:
        out["months"] = fig_months(plan, lang)
    return out
