"""Plotly figures of searches, sensitivity, uncertainty and comparisons. Pure builders: each takes a
result of :mod:`planner.search`, :mod:`planner.sensitivity`, :mod:`planner.montecarlo` or
:mod:`planner.compare` and a language, and returns a figure whose traces carry the result's own
numbers (fractions stay fractions; axes show percent). Same style as :mod:`planner.charts`.
"""

from __future__ import annotations

import math
from typing import Any

import plotly.graph_objects as go

from planner.charts import ASIS_COLOR, SAVING_COLOR, SERVICE_COLORS, TOBE_COLOR, _axis, _layout  # the common style
from planner.compare import Comparison
from planner.i18n import fmt_pct, summary_label, t
from planner.i18n.sweep import why_line
from planner.montecarlo import MonteCarlo
from planner.search import TypeSearch
from planner.sensitivity import Heatmap, Tornado
from planner.textsafe import plotly_template_text, plotly_text

STATUS_COLORS = {"best": SAVING_COLOR, "ok": TOBE_COLOR, "over_budget": ASIS_COLOR, "excluded": "#9aa5b1",
                 "infeasible": "#c9d1d9"}


def _figure(traces: list, title: str, x_axis: dict[str, Any], y_title: str, lang: str, **extra: Any) -> go.Figure:
    """A figure in the common style whose x axis is not the hour axis of the plan charts."""
    layout = _layout(title, y_title, lang, 24, **extra)
    layout["xaxis"] = x_axis
    return go.Figure(data=traces, layout=layout)


#: Types named on the Pareto chart (the others show on hover): the first choice, the current,
#: and the cheapest few of any status.
PARETO_LABELS = 4


def _metric_label(metric: str, lang: str) -> str:
    return summary_label(metric, lang)


def _is_frac(metric: str) -> bool:
    return metric.endswith("_frac")


def fig_pareto(search: TypeSearch, lang: str = "en") -> go.Figure:
    """Each node type: To-Be cost per month (x) against its unserved share (y), coloured by status;
    the risk budget as a line, the current type ringed."""
    side = search.side
    traces = []
    by_cost = sorted((r for r in search.ranked if r.row.get("feasible")), key=lambda r: float(r.row[f"{side}_usd_per_month"]))
    named = {r.candidate.name for r in by_cost[:PARETO_LABELS]} | {r.candidate.name for r in search.ranked
                                                                   if r.status == "best" or r is search.current}
    for status in ("best", "ok", "over_budget", "excluded"):
        rows = [r for r in search.ranked if r.status == status]
        if not rows:
            continue
        traces.append(go.Scatter(
            x=[float(r.row[f"{side}_usd_per_month"]) for r in rows],
            y=[float(r.row[f"{side}_shortfall_frac"]) for r in rows], mode="markers+text",
            name=t(f"sweep.status.{status}", lang),
            text=[plotly_text(r.candidate.name) if r.candidate.name in named else "" for r in rows],
            textposition="top center", textfont={"size": 10},
            marker={"color": STATUS_COLORS[status], "size": 13 if status == "best" else 9,
                    "line": {"width": 1, "color": "white"}},
            customdata=[plotly_template_text(why_line(r.candidate.name, r.reasons, lang)) for r in rows],
            hovertemplate="%{customdata}<br>$%{x:,.0f} · %{y:.3%}<extra></extra>"))
    cur = search.current
    if cur is not None and cur.row.get("feasible"):
        traces.append(go.Scatter(x=[float(cur.row[f"{side}_usd_per_month"])],
                                 y=[float(cur.row[f"{side}_shortfall_frac"])], mode="markers",
                                 name=t("sweep.legend.current", lang), hoverinfo="skip",
                                 marker={"size": 20, "color": "rgba(0,0,0,0)", "line": {"width": 2, "color": "#1d2329"}}))
    fig = _figure(traces, t("sweep.chart.pareto", lang),
                  _axis(t("sweep.axis.cost" if side == "tobe" else "sweep.axis.asis_cost", lang), rangemode="normal",
                        tickprefix="$"), t("sweep.axis.shortfall", lang), lang, hovermode="closest")
    fig.update_layout(yaxis={"tickformat": ".2%", "rangemode": "tozero"})
    fig.add_hline(y=search.budget.max_shortfall_frac, line={"dash": "dash", "color": ASIS_COLOR, "width": 1},
                  annotation_text=t("sweep.legend.budget", lang), annotation_position="top left")
    return fig


def fig_server_savings(search: TypeSearch, lang: str = "en") -> go.Figure:
    """The As-Is right-sizing: To-Be's saving against each server type (bars, cheapest As-Is first)."""
    rows = [r for r in search.ranked if r.row.get("feasible")]
    rows.sort(key=lambda r: float(r.row["asis_usd_per_month"]))
    bar = go.Bar(x=[plotly_text(r.candidate.name) for r in rows], y=[float(r.row["savings_frac"]) for r in rows],
                 marker_color=[STATUS_COLORS[r.status] for r in rows],
                 customdata=[[float(r.row["asis_usd_per_month"]), t(f"sweep.status.{r.status}", lang)] for r in rows],
                 hovertemplate="%{x}: %{y:.1%} · As-Is $%{customdata[0]:,.0f} · %{customdata[1]}<extra></extra>")
    fig = _figure([bar], t("sweep.chart.servers", lang), {"type": "category", "tickangle": -45},
                  t("sweep.axis.saving_frac", lang), lang, showlegend=False)
    fig.update_layout(yaxis={"tickformat": ".0%"})
    return fig


def fig_tornado(tornado: Tornado, lang: str = "en") -> go.Figure:
    """Each assumption moved down and up: the metric's change from the plan's value (bars), largest
    swing on top."""
    df = tornado.frame.iloc[::-1]
    base = tornado.base_value
    names = [t(f"sweep.assumption.{k}", lang) for k in df["assumption"]]
    lo = [float(v) - base for v in df["metric_low"]]
    hi = [float(v) - base for v in df["metric_high"]]
    fmt = ".2%" if _is_frac(tornado.metric) else ",.0f"
    traces = [
        go.Bar(y=names, x=lo, orientation="h", name=t("sweep.axis.low", lang), marker_color=TOBE_COLOR,
               customdata=list(zip(df["low_value"], df["metric_low"])),
               hovertemplate="%{y}: %{customdata[0]} → %{customdata[1]:" + fmt + "}<extra></extra>"),
        go.Bar(y=names, x=hi, orientation="h", name=t("sweep.axis.high", lang), marker_color=ASIS_COLOR,
               customdata=list(zip(df["high_value"], df["metric_high"])),
               hovertemplate="%{y}: %{customdata[0]} → %{customdata[1]:" + fmt + "}<extra></extra>"),
    ]
    label = _metric_label(tornado.metric, lang)
    x_axis = _axis(label + " [Δ]", rangemode="normal", **({"tickformat": ".2%"} if _is_frac(tornado.metric) else {}))
    fig = _figure(traces, t("sweep.chart.tornado", lang, metric=label), x_axis, "", lang, barmode="group",
                  hovermode="closest", height=380)
    fig.update_layout(yaxis={"title": {"text": ""}, "automargin": True, "rangemode": "normal"})
    return fig


def _tick(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def fig_heatmap(hm: Heatmap, lang: str = "en", x_label: str | None = None, y_label: str | None = None) -> go.Figure:
    """The metric over two assumptions: ``z[i, j]`` at ``y_values[i]``, ``x_values[j]``."""
    label = _metric_label(hm.metric, lang)
    xl, yl = x_label or hm.x_path, y_label or hm.y_path
    z = [[None if (isinstance(v, float) and math.isnan(v)) else float(v) for v in row] for row in hm.z]
    fmt = ".2%" if _is_frac(hm.metric) else ",.0f"
    fig = _figure([go.Heatmap(
        x=[_tick(v) for v in hm.x_values], y=[_tick(v) for v in hm.y_values], z=z, colorscale="RdYlGn",
        reversescale=hm.metric in ("tobe_usd_per_month", "asis_usd_per_month", "tobe_shortfall_frac",
                                   "tobe_nodes_peak"),
        texttemplate="%{z:" + fmt + "}", colorbar={"title": {"text": label}},
        hovertemplate=f"{plotly_template_text(xl)} %{{x}} · {plotly_template_text(yl)} %{{y}}: %{{z:{fmt}}}<extra></extra>")],
        t("sweep.chart.heatmap", lang, metric=label, x=plotly_text(xl), y=plotly_text(yl)),
        {"title": {"text": plotly_text(xl)}, "type": "category"}, plotly_text(yl), lang, hovermode="closest")
    fig.update_layout(yaxis={"type": "category"})
    return fig


def fig_mc_bands(mc: MonteCarlo, lang: str = "en") -> go.Figure:
    """P10-P90 of the monthly costs and the saving as bands, P50 as a line, the plan as a diamond [USD/month]."""
    q = mc.quantiles
    keys = ["asis_usd_per_month", "tobe_usd_per_month", "savings_usd_per_month"]
    colors = [ASIS_COLOR, TOBE_COLOR, SAVING_COLOR]
    names = [_metric_label(k, lang) for k in keys]
    traces = []
    for k, name, c in zip(keys, names, colors):
        p10, p50, p90, base = (float(q.loc[k, c2]) for c2 in ("p10", "p50", "p90", "base"))
        traces.append(go.Bar(y=[name], x=[p90 - p10], base=[p10], orientation="h", marker_color=c, opacity=0.45,
                             name=name, showlegend=False,
                             hovertemplate=f"{name}: P10 ${p10:,.0f} · P50 ${p50:,.0f} · P90 ${p90:,.0f}<extra></extra>"))
        traces.append(go.Scatter(y=[name, name], x=[p50, p50], mode="markers", marker={"symbol": "line-ns-open",
                                 "size": 26, "color": c, "line": {"width": 3}}, showlegend=False, hoverinfo="skip"))
        traces.append(go.Scatter(y=[name], x=[base], mode="markers", marker={"symbol": "diamond", "size": 11,
                                 "color": "#1d2329"}, showlegend=False,
                                 hovertemplate=f"{t('sweep.legend.plan', lang)}: ${base:,.0f}<extra></extra>"))
    fig = _figure(traces, t("sweep.chart.bands", lang, n=mc.n), _axis(t("sweep.axis.usd_month", lang), tickprefix="$"),
                  "", lang, height=320, hovermode="closest")
    fig.update_layout(yaxis={"title": {"text": ""}, "automargin": True, "rangemode": "normal"})
    return fig


def fig_mc_histogram(mc: MonteCarlo, lang: str = "en") -> go.Figure:
    """The monthly saving of every sample, with P10, P50 and P90 marked [USD/month]."""
    ok = mc.sweep.frame[mc.sweep.frame.feasible]
    v = [float(x) for x in ok["savings_usd_per_month"]]
    hist = go.Histogram(x=v, marker_color=SAVING_COLOR, opacity=0.8, nbinsx=40,
                        name=_metric_label("savings_usd_per_month", lang))
    fig = _figure([hist], t("sweep.chart.histogram", lang, n=mc.n),
                  _axis(t("sweep.axis.usd_month", lang), rangemode="normal", tickprefix="$"),
                  t("sweep.axis.samples", lang), lang, height=340, showlegend=False)
    for p in ("p10", "p50", "p90"):
        x = float(mc.quantiles.loc["savings_usd_per_month", p])
        if math.isfinite(x):
            fig.add_vline(x=x, line={"dash": "dash" if p != "p50" else "solid", "color": "#1d2329", "width": 1},
                          annotation_text=p.upper(), annotation_position="top")
    return fig


def fig_compare_costs(cmp: Comparison, lang: str = "en") -> go.Figure:
    """As-Is and To-Be cost per month of each scenario, side by side [USD/month]."""
    names = [plotly_text(n) for n in cmp.names]
    traces = [go.Bar(x=names, y=[float(p.summary.asis_usd_per_month) for p in cmp.plans], name="As-Is",
                     marker_color=ASIS_COLOR, hovertemplate="%{x}: $%{y:,.0f}<extra>As-Is</extra>"),
              go.Bar(x=names, y=[float(p.summary.tobe_usd_per_month) for p in cmp.plans], name="To-Be",
                     marker_color=TOBE_COLOR, text=[fmt_pct(p.summary.savings_frac, lang) for p in cmp.plans],
                     textposition="outside", hovertemplate="%{x}: $%{y:,.0f} (%{text})<extra>To-Be</extra>")]
    fig = _figure(traces, t("sweep.chart.compare_costs", lang), {"type": "category"}, t("sweep.axis.usd_month", lang),
                  lang, barmode="group", hovermode="closest")
    fig.update_layout(yaxis={"tickprefix": "$"})
    return fig


def fig_compare_nodes(cmp: Comparison, lang: str = "en") -> go.Figure:
    """Each scenario's To-Be nodes per hour (mean) overlaid, and its As-Is servers dotted [count]."""
    traces = []
    horizon = max(p.summary.horizon_hours for p in cmp.plans)
    for i, (name, p) in enumerate(zip(cmp.names, cmp.plans)):
        ch = p.cluster_hourly
        color = SERVICE_COLORS[i % len(SERVICE_COLORS)]
        hours = [int(h) for h in ch["hour"]]
        traces.append(go.Scatter(x=hours, y=[float(v) for v in ch["nodes_requested"]], name=plotly_text(name),
                                 mode="lines", line={"color": color, "width": 3, "shape": "hv"},
                                 hovertemplate=f"{plotly_template_text(name)} %{{x}}: %{{y:,.1f}}<extra></extra>"))
        traces.append(go.Scatter(x=hours, y=[float(v) for v in ch["asis_servers"]], name=plotly_text(name) + " · As-Is",
                                 mode="lines", line={"color": color, "width": 1.5, "dash": "dot", "shape": "hv"},
                                 hovertemplate=f"{plotly_template_text(name)} As-Is %{{x}}: %{{y:,.0f}}<extra></extra>"))
    return go.Figure(data=traces, layout=_layout(t("sweep.chart.compare_nodes", lang), t("sweep.axis.nodes", lang), lang,
                                                 horizon))


def explore_figures(search: TypeSearch | None = None, servers: TypeSearch | None = None,
                    tornado: Tornado | None = None, heatmap: Heatmap | None = None, mc: MonteCarlo | None = None,
                    comparison: Comparison | None = None, lang: str = "en") -> dict[str, go.Figure]:
    """The figures of whichever results are given, by stable key (for reports)."""
    out: dict[str, go.Figure] = {}
    if search is not None:
        out["node_search"] = fig_pareto(search, lang)
    if servers is not None:
        out["server_search"] = fig_server_savings(servers, lang)
    if tornado is not None:
        out["tornado"] = fig_tornado(tornado, lang)
    if heatmap is not None:
        out["heatmap"] = fig_heatmap(heatmap, lang)
    if mc is not None:
        out["uncertainty_bands"] = fig_mc_bands(mc, lang)
        out["uncertainty_histogram"] = fig_mc_histogram(mc, lang)
    if comparison is not None:
        out["compare_costs"] = fig_compare_costs(comparison, lang)
        out["compare_nodes"] = fig_compare_nodes(comparison, lang)
    return out


__all__ = ["explore_figures", "fig_compare_costs", "fig_compare_nodes", "fig_heatmap", "fig_mc_bands",
           "fig_mc_histogram", "fig_pareto", "fig_server_savings", "fig_tornado"]
