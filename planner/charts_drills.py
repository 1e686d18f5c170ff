"""Plotly figures of failure drills (planner.drills): the heat map of unserved requests by hour and
drill for both plans side by side, and one drill's minute-by-minute recovery. Pure builders, the
style of :mod:`planner.charts`; traces carry the drills' own numbers.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from planner.charts import ASIS_COLOR, SERVICE_COLORS, TOBE_COLOR, _layout
from planner.drills import DrillDetail, DrillTable
from planner.i18n import fmt_hour, t
from planner.i18n.drills import kind_label
from planner.textsafe import plotly_template_text, plotly_text

PLANS = ("tobe", "asis")


def _z(frame, plan: str, kinds: list[str], hours: list[int]) -> list[list[float | None]]:
    out = []
    for kind in kinds:
        sub = frame[frame.kind == kind].set_index("hour")[f"{plan}_dropped_requests"]
        out.append([None if h not in sub.index or (isinstance(sub[h], float) and math.isnan(sub[h])) else float(sub[h])
                    for h in hours])
    return out


def fig_drill_heatmap(table: DrillTable, lang: str = "en", horizon_hours: int = 24) -> go.Figure:
    """Unserved requests per drill (rows) and hour of the failure (columns): To-Be left, As-Is right,
    one colour scale; blank cells are drills the plan cannot have (n/a)."""
    f = table.frame
    kinds = list(dict.fromkeys(f.kind))
    hours = sorted(set(int(h) for h in f.hour))
    labels = [kind_label(k, lang) for k in kinds]
    ticks = [fmt_hour(h, lang, horizon_hours) for h in hours]
    zs = {p: _z(f, p, kinds, hours) for p in PLANS}
    vals = [v for p in PLANS for row in zs[p] for v in row if v is not None]
    zmax = max(vals + [1.0])
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04,
                        subplot_titles=[t("drills.plan.tobe", lang), t("drills.plan.asis", lang)])
    unit = t("drills.col.dropped", lang)
    for i, p in enumerate(PLANS):
        fig.add_trace(go.Heatmap(
            x=ticks, y=labels, z=zs[p], zmin=0, zmax=zmax, colorscale="Reds", showscale=i == 1,
            colorbar={"title": {"text": unit}}, xgap=1, ygap=1, name=t(f"drills.plan.{p}", lang),
            hovertemplate=f"{plotly_template_text(t(f'drills.plan.{p}', lang))} · %{{y}} · %{{x}}: "
                          f"%{{z:,.0f}}<extra></extra>"), row=1, col=i + 1)
    layout = _layout(t("drills.heatmap", lang), "", lang, horizon_hours, hovermode="closest")
    layout.pop("xaxis", None)
    layout.pop("yaxis", None)
    fig.update_layout(**layout)
    fig.update_xaxes(type="category", title={"text": t("drills.axis.hour", lang)})
    fig.update_yaxes(type="category", autorange="reversed")
    fig.update_layout(height=170 + 60 * len(kinds), margin={"l": 130, "r": 40, "t": 80, "b": 60})
    return fig


def _shown_minutes(detail: DrillDetail) -> float:
    """Minutes worth showing: until recovered and the node group is back (failed nodes removed, as
    many billed as without the failure), plus 5 minutes; at least 15, at most the run."""
    c = detail.cluster
    differs = (c.nodes_failed > 0) | (c.nodes_requested != c.baseline_nodes_requested)
    last = float(c.minute[differs].max()) if differs.any() else 0.0
    rec = detail.tobe.recover_s if detail.tobe.applies and detail.tobe.recover_s is not None else 0.0
    end = max(last, rec / 60.0) + 5.0
    return float(min(max(end, 15.0), c.minute.max() + detail.step_s / 60.0))


def fig_drill_detail(detail: DrillDetail, lang: str = "en", horizon_hours: int = 24) -> go.Figure:
    """One drill step by step from the failure: To-Be pods per service (ready, pending, stuck on the
    failed node; dotted: ready without the failure), nodes (billed, ready, failed), As-Is servers in
    service, and the requests/s each plan leaves unserved above the run without the failure."""
    s, c = detail.services, detail.cluster
    fig = make_subplots(rows=4, cols=1, shared_xaxes=True, vertical_spacing=0.05,
                        subplot_titles=[t("drills.axis.pods", lang), t("drills.axis.nodes", lang),
                                        t("drills.axis.servers", lang), t("drills.axis.dropped", lang)])
    for i, name in enumerate(dict.fromkeys(s.service)):
        col = SERVICE_COLORS[i % len(SERVICE_COLORS)]
        g = s[s.service == name]
        x = g.minute
        nm = plotly_text(str(name))
        for key, dash, y in (("ready", "solid", g.tobe_ready_pods), ("pending", "dot", g.tobe_pending_pods),
                             ("lost", "dash", g.tobe_lost_pods), ("baseline", "dashdot", g.baseline_ready_pods)):
            fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line={"color": col, "dash": dash, "shape": "hv",
                                                                      "width": 1 if key == "baseline" else 2},
                                     name=t(f"drills.legend.{key}", lang, service=nm), legendgroup=f"s{i}"),
                          row=1, col=1)
        fig.add_trace(go.Scatter(x=x, y=g.asis_servers_in_service, mode="lines",
                                 line={"color": col, "shape": "hv"}, legendgroup=f"s{i}",
                                 name=t("drills.legend.servers", lang, service=nm)), row=3, col=1)
        for plan, color, dash in (("tobe", TOBE_COLOR, "solid"), ("asis", ASIS_COLOR, "dot")):
            y = g[f"{plan}_dropped_requests_per_s"]
            if y.notna().any():
                fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line={"color": col, "dash": dash, "shape": "hv"},
                                         name=t(f"drills.legend.{plan}_dropped", lang, service=nm),
                                         legendgroup=f"s{i}"), row=4, col=1)
    for key, color, dash in (("nodes_requested", TOBE_COLOR, "solid"), ("nodes_ready", "#2ca02c", "dot"),
                             ("nodes_failed", ASIS_COLOR, "dash"), ("nodes_baseline", "#9aa5b1", "dashdot")):
        col = "baseline_nodes_requested" if key == "nodes_baseline" else key
        fig.add_trace(go.Scatter(x=c.minute, y=c[col], mode="lines", line={"color": color, "dash": dash, "shape": "hv"},
                                 name=t(f"drills.legend.{key}", lang)), row=2, col=1)
    title = t("drills.detail_title", lang, kind=kind_label(detail.kind, lang),
              hour=fmt_hour(detail.hour, lang, horizon_hours))
    layout = _layout(title, "", lang, horizon_hours)
    layout.pop("xaxis", None)
    layout.pop("yaxis", None)
    fig.update_layout(**layout)
    fig.update_layout(height=900, hovermode="x unified", margin={"l": 60, "r": 40, "t": 80, "b": 60},
                      legend={"orientation": "v", "yref": "paper", "y": 1.0, "yanchor": "top", "x": 1.02,
                              "xanchor": "left"})
    fig.update_xaxes(title={"text": t("drills.axis.minutes", lang)}, row=4, col=1)
    fig.update_xaxes(range=[0, _shown_minutes(detail)])
    fig.update_yaxes(rangemode="tozero")
    return fig
