"""Plotly figure builders for a :class:`planner.result.Plan`. Pure: no streamlit, no file writing.

Every builder takes the plan (or a mapping of loads) and a language (``"en"`` or ``"ko"``) and returns a
``plotly.graph_objects.Figure`` whose traces carry the plan's own numbers, so tests can compare
``fig.data`` with the plan's frames. Fractions stay fractions in the data; the axes show them as
percent (``tickformat=".0%"``).

:func:`all_figures` is the entry point for reports: a dict with the stable keys of :data:`FIGURE_KEYS`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from planner.i18n import fmt_hour, t
from planner.result import Plan
from planner.textsafe import plotly_template_text, plotly_text

#: Stable keys of :func:`all_figures`, in display order.
FIGURE_KEYS: tuple[str, ...] = ("nodes_vs_servers", "pods_stacked", "hourly_cost", "node_utilization", "load_profiles")

ASIS_COLOR = "#d62728"  # red-ish: the fixed, expensive baseline
TOBE_COLOR = "#1f77b4"  # blue: the autoscaled cluster
SAVING_COLOR = "#2ca02c"  # green: money saved
#: One colour per service, in scenario order (plotly's qualitative "Plotly" palette minus the two above).
SERVICE_COLORS: tuple[str, ...] = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3",
                                   "#ff6692", "#b6e880", "#ff97ff", "#fecb52")

_FONT = "Arial, 'Noto Sans CJK KR', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
_GRID = "#e5ecf6"
_INK = "#2a3f5f"


def _axis(title: str, **extra: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "rangemode": "tozero", "gridcolor": _GRID, "zerolinecolor": _GRID,
            "linecolor": _GRID, **extra}


def _layout(title_text: str, y_title: str, lang: str, horizon_hours: int, **extra: Any) -> dict[str, Any]:
    """Common layout: title, axis titles with units, legend under the plot, hour ticks.

    The styling is spelled out with ``template="none"`` rather than a named template: assigning a
    template deep-copies it, which made up most of the time to build a figure (and of a page re-run)."""
    layout: dict[str, Any] = {
        "title": {"text": title_text, "x": 0.0, "xref": "paper", "xanchor": "left", "font": {"size": 16}},
        "xaxis": _x_axis(lang, horizon_hours),
        "yaxis": _axis(y_title, automargin=True),  # room for long Korean/English y titles
        # legend under the x-axis title, anchored to the figure's bottom edge so it never overlaps it
        "legend": {"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0.0, "xanchor": "left",
                   "x": 0.0},
        "hovermode": "x unified",
        "margin": {"l": 60, "r": 60, "t": 60, "b": 130},
        "font": {"family": _FONT, "color": _INK},
        "separators": ".,",
        "template": "none",
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "height": 470,
    }
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def is_long(horizon_hours: int) -> bool:
    """More than two days: the x axis is labelled by day, hourly bars and markers would merge."""
    return horizon_hours > 48


def _marked(plan: Plan) -> str:
    """A marker per hour within two days; plain lines over longer plans (168 markers make a smear)."""
    return "lines" if is_long(plan.summary.horizon_hours) else "lines+markers"


def _x_axis(lang: str, horizon_hours: int) -> dict[str, Any]:
    """Hours of the plan: every 3 hours within a day; by day (``Tue 00:00`` in a week, ``Day 2 00:00``
    otherwise) over longer plans, whose ticks then name the day."""
    if not is_long(horizon_hours):
        return _axis(t("x_hour", lang), dtick=3 if horizon_hours > 12 else 1)
    step = 24 if horizon_hours <= 14 * 24 else 24 * 7
    ticks = list(range(0, horizon_hours, step))
    return _axis(t("x_day_hour", lang), tickmode="array", tickvals=ticks,
                 ticktext=_hour_labels(ticks, lang, horizon_hours), range=[-0.5, horizon_hours - 0.5])


def _hour_labels(hours: Sequence[int], lang: str, horizon_hours: int) -> list[str]:
    return [fmt_hour(h, lang, horizon_hours) for h in hours]


def _hover(name: str, value: str, unit: str = "") -> str:
    """Hover text of a trace: the hour, the series' own name and the value with its unit (plotly's
    ``<extra>`` box is off, so the name must be in the text). ``name`` is escaped for plotly's
    template syntax and its HTML subset."""
    shown = plotly_template_text(name)
    tail = f" {unit}" if unit else ""
    return f"%{{customdata}} · {shown}: {value}{tail}<extra></extra>"


def fig_nodes_vs_servers(plan: Plan, lang: str = "en") -> go.Figure:
    """As-Is servers (flat) vs To-Be nodes provisioned per hour (mean and max within the hour) [count].
    Trace names carry the machine types: a server and a node need not be the same size."""
    ch = plan.cluster_hourly
    hours = [int(h) for h in ch["hour"]]
    labels = _hour_labels(hours, lang, plan.summary.horizon_hours)
    server, node = plan.scenario.as_is.server.instance_type, plan.scenario.cluster.node.instance_type
    names = (t("tr_asis_servers", lang, type=server), t("tr_nodes_max", lang, type=node),
             t("tr_nodes_mean", lang, type=node))
    traces = [
        go.Scatter(x=hours, y=[float(v) for v in ch["asis_servers"]], name=names[0], mode="lines",
                   line={"color": ASIS_COLOR, "width": 3, "shape": "hv"}, customdata=labels,
                   hovertemplate=_hover(names[0], "%{y:,.0f}", t("u_servers", lang))),
        go.Scatter(x=hours, y=[float(v) for v in ch["nodes_requested_max"]], name=names[1],
                   mode="lines", line={"color": TOBE_COLOR, "width": 1.5, "dash": "dot", "shape": "hv"},
                   customdata=labels, hovertemplate=_hover(names[1], "%{y:,.0f}", t("u_nodes", lang))),
        go.Scatter(x=hours, y=[float(v) for v in ch["nodes_requested"]], name=names[2],
                   mode=_marked(plan), line={"color": TOBE_COLOR, "width": 3, "shape": "hv"}, marker={"size": 5},
                   customdata=labels, hovertemplate=_hover(names[2], "%{y:,.1f}", t("u_nodes", lang))),
    ]
    return go.Figure(data=traces, layout=_layout(t("fig_nodes_title", lang), t("fig_nodes_y", lang), lang,
                                                 plan.summary.horizon_hours))


def _service_order(plan: Plan) -> list[str]:
    return [s.name for s in plan.scenario.services]


def fig_pods_stacked(plan: Plan, lang: str = "en") -> go.Figure:
    """To-Be desired pods per service per hour (hourly mean), stacked [pods]."""
    hourly = plan.hourly
    traces = []
    for i, name in enumerate(_service_order(plan)):
        rows = hourly[hourly["service"] == name].sort_values("hour")
        hours = [int(h) for h in rows["hour"]]
        traces.append(go.Scatter(
            x=hours, y=[float(v) for v in rows["desired_replicas"]], name=plotly_text(name), mode="lines",
            stackgroup="pods", line={"width": 0.5, "color": SERVICE_COLORS[i % len(SERVICE_COLORS)]},
            customdata=_hour_labels(hours, lang, plan.summary.horizon_hours),
            hovertemplate=_hover(name, "%{y:,.1f}", t("u_pods", lang))))
    return go.Figure(data=traces, layout=_layout(t("fig_pods_title", lang), t("fig_pods_y", lang), lang,
                                                 plan.summary.horizon_hours, legend={"traceorder": "normal"}))


def fig_hourly_cost(plan: Plan, lang: str = "en") -> go.Figure:
    """Cost per hour of each plan [USD] as bars, and the cumulative saving As-Is − To-Be [USD] as a line
    on a second axis."""
    ch = plan.cluster_hourly
    hours = [int(h) for h in ch["hour"]]
    labels = _hour_labels(hours, lang, plan.summary.horizon_hours)
    long = is_long(plan.summary.horizon_hours)
    costs = []
    for col, key, color in (("asis_usd", "tr_asis_cost", ASIS_COLOR), ("tobe_usd", "tr_tobe_cost", TOBE_COLOR)):
        y, name, hover = [float(v) for v in ch[col]], t(key, lang), _hover(t(key, lang), "$%{y:,.2f}")
        # a bar per hour reads over a day; over a week 168 bars per plan merge, so each plan is a step line
        costs.append(go.Scatter(x=hours, y=y, name=name, mode="lines", line={"color": color, "width": 2, "shape": "hv"},
                                customdata=labels, hovertemplate=hover) if long else
                     go.Bar(x=hours, y=y, name=name, marker_color=color, opacity=0.75, customdata=labels,
                            hovertemplate=hover))
    traces = [
        *costs,
        go.Scatter(x=hours, y=[float(v) for v in ch["savings_usd_cumulative"]], name=t("tr_savings_cum", lang),
                   mode=_marked(plan), yaxis="y2", line={"color": SAVING_COLOR, "width": 3},
                   marker={"size": 5}, customdata=labels, hovertemplate=_hover(t("tr_savings_cum", lang), "$%{y:,.2f}")),
    ]
    layout = _layout(
        t("fig_cost_title", lang), t("fig_cost_y", lang), lang, plan.summary.horizon_hours, barmode="group",
        yaxis={"tickprefix": "$"},
        yaxis2={"title": {"text": t("fig_cost_y2", lang)}, "overlaying": "y", "side": "right", "showgrid": False,
                "zeroline": True, "zerolinecolor": SAVING_COLOR, "tickmode": "auto", "rangemode": "tozero",
                "tickprefix": "$", "automargin": True})
    return go.Figure(data=traces, layout=layout)


def fig_node_utilization(plan: Plan, lang: str = "en") -> go.Figure:
    """Pod (and DaemonSet) requests as a share of the ready nodes' allocatable CPU and memory, per hour
    [fraction, shown as %], with the cluster autoscaler's scale-down threshold."""
    ch = plan.cluster_hourly
    hours = [int(h) for h in ch["hour"]]
    labels = _hour_labels(hours, lang, plan.summary.horizon_hours)
    threshold = float(plan.scenario.cluster.scale_down_utilization_threshold_frac)
    traces = [
        go.Scatter(x=hours, y=[float(v) for v in ch["requested_cpu_frac"]], name=t("tr_req_cpu", lang),
                   mode=_marked(plan), line={"color": TOBE_COLOR, "width": 3}, marker={"size": 5},
                   customdata=labels, hovertemplate=_hover(t("tr_req_cpu", lang), "%{y:.1%}")),
        go.Scatter(x=hours, y=[float(v) for v in ch["requested_memory_frac"]], name=t("tr_req_mem", lang),
                   mode=_marked(plan), line={"color": "#9467bd", "width": 3}, marker={"size": 5},
                   customdata=labels, hovertemplate=_hover(t("tr_req_mem", lang), "%{y:.1%}")),
        go.Scatter(x=[hours[0], hours[-1]] if hours else [], y=[threshold, threshold] if hours else [],
                   name=t("tr_threshold", lang), mode="lines", line={"color": "#7f7f7f", "dash": "dash", "width": 1.5},
                   customdata=[labels[0], labels[-1]] if hours else [],
                   hovertemplate=_hover(t("tr_threshold", lang), "%{y:.0%}")),
    ]
    layout = _layout(t("fig_util_title", lang), t("fig_util_y", lang), lang, plan.summary.horizon_hours,
                     yaxis={"tickformat": ".0%", "range": [0, 1.05], "rangemode": "normal"})
    return go.Figure(data=traces, layout=layout)


def fig_load_profiles(source: Plan | Mapping[str, Sequence[float]], lang: str = "en", *, height: int = 470,
                      title: str | None = None) -> go.Figure:
    """Load per service per hour [requests/s].

    ``source`` is a plan (the load after growth, from ``plan.hourly``) or a mapping ``service -> hourly
    values`` (what the user typed, before growth; None or NaN values are drawn as gaps). ``height`` lets
    the page draw a small version."""
    series: list[tuple[str, list[int], list[float | None]]] = []
    if isinstance(source, Plan):
        hourly = source.hourly
        for name in _service_order(source):
            rows = hourly[hourly["service"] == name].sort_values("hour")
            series.append((name, [int(h) for h in rows["hour"]], [float(v) for v in rows["load_requests_per_s"]]))
    else:
        for name, values in source.items():  # None/NaN (a cell being fixed) leaves a gap
            series.append((str(name), list(range(len(values))),
                           [None if v is None or v != v else float(v) for v in values]))
    horizon = max((len(h) for _, h, _ in series), default=24)
    traces = [go.Scatter(
        x=hours, y=values, name=plotly_text(name), mode="lines",
        line={"color": SERVICE_COLORS[i % len(SERVICE_COLORS)], "width": 2.5, "shape": "hv"},
        customdata=_hour_labels(hours, lang, horizon),
        hovertemplate=_hover(name, "%{y:,.0f}", t("u_rps", lang)))
        for i, (name, hours, values) in enumerate(series)]
    extra: dict[str, Any] = {"height": height}
    if height < 360:  # the small chart beside the load table
        extra.update(margin={"l": 50, "r": 10, "t": 40 if title != "" else 10, "b": 90}, title={"font": {"size": 14}})
    layout = _layout(title if title is not None else t("fig_load_title", lang), t("fig_load_y", lang), lang,
                     horizon, **extra)
    return go.Figure(data=traces, layout=layout)


def all_figures(plan: Plan, lang: str = "en") -> dict[str, go.Figure]:
    """Every chart of the plan, keyed by :data:`FIGURE_KEYS` (stable; reports rely on them)."""
    builders: dict[str, Any] = {
        "nodes_vs_servers": fig_nodes_vs_servers,
        "pods_stacked": fig_pods_stacked,
        "hourly_cost": fig_hourly_cost,
        "node_utilization": fig_node_utilization,
        "load_profiles": fig_load_profiles,
    }
    return {key: builders[key](plan, lang) for key in FIGURE_KEYS}
