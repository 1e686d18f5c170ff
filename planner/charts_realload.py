"""Plotly figures of imported metrics: the imported load (hourly means and per-interval peaks) and a
usage fit (observed against fitted, residuals over time). Pure builders like :mod:`planner.charts`:
the traces carry the import's own numbers."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from planner.charts import SERVICE_COLORS, _layout
from planner.i18n import t
from planner.metrics_import import Resampled, UsageFit
from planner.textsafe import plotly_text


def fig_imported_load(load: Resampled, lang: str = "en", *, height: int = 360) -> go.Figure:
    """Per service: the hourly mean (line) and the busiest interval of each hour (dotted) [requests/s]."""
    traces = []
    hours = list(range(load.hours))
    for i, (name, v) in enumerate(load.series.items()):
        color = SERVICE_COLORS[i % len(SERVICE_COLORS)]
        per_hour = v.reshape(load.hours, -1)
        traces.append(go.Scatter(x=hours, y=per_hour.mean(axis=1).tolist(), name=plotly_text(name), mode="lines",
                                 line={"color": color, "width": 2.5, "shape": "hv"}))
        traces.append(go.Scatter(x=hours, y=per_hour.max(axis=1).tolist(), name=plotly_text(f"{name} max"), mode="lines",
                                 line={"color": color, "width": 1, "dash": "dot", "shape": "hv"}))
    layout = _layout(t("realload.preview_title", lang), t("fig_load_y", lang), lang, max(load.hours, 1), height=height)
    return go.Figure(data=traces, layout=layout)


def fig_usage_fit(fit: UsageFit, lang: str = "en", *, height: int = 320) -> go.Figure:
    """Observed and fitted usage of one service against its load (left), residuals over time (right)."""
    unit = "millicores" if fit.resource == "cpu" else "MiB"
    order = np.argsort(fit.load_requests_per_s)
    x_time = list(range(fit.n)) if len(fit.time) != fit.n else [str(ts) for ts in fit.time]
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=fit.load_requests_per_s.tolist(), y=fit.observed.tolist(), mode="markers",
                             name=t("realload.observed", lang), marker={"size": 4, "color": "#636efa", "opacity": 0.5},
                             xaxis="x", yaxis="y"))
    fig.add_trace(go.Scatter(x=fit.load_requests_per_s[order].tolist(), y=fit.fitted[order].tolist(), mode="lines",
                             name=t("realload.fitted", lang), line={"color": "#d62728", "width": 2}, xaxis="x", yaxis="y"))
    fig.add_trace(go.Scatter(x=x_time, y=fit.residuals.tolist(), mode="lines", name=t("realload.residual", lang),
                             line={"color": "#2a3f5f", "width": 1}, xaxis="x2", yaxis="y2"))
    fig.update_layout(
        title={"text": plotly_text(t("realload.fit_plot_title", lang, service=fit.service, resource=fit.resource))
               + f" (R² {fit.r2:.3f})"},
        height=height, template="none", showlegend=True, legend={"orientation": "h", "y": -0.25},
        xaxis={"domain": [0, 0.48], "title": {"text": t("fig_load_y", lang)}},
        yaxis={"title": {"text": unit}},
        xaxis2={"domain": [0.55, 1], "title": {"text": t("realload.fit_resid_title", lang)}},
        yaxis2={"anchor": "x2", "title": {"text": f"{t('realload.residual', lang)} [{unit}]"}},
        margin={"l": 60, "r": 20, "t": 50, "b": 80})
    return fig
