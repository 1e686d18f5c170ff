"""The headline figures and the Results tab (charts, per-service table, assumptions)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner.charts import all_figures
from planner.i18n import col_label, fmt_hour, fmt_num, fmt_pct, plan_warnings, t
from planner.result import Plan

def headline_values(plan: Plan, lang: str, money: Callable[[float], str]) -> dict[str, str]:
    """The headline figures as shown, keyed by message id (every number from ``plan.summary``)."""
    s = plan.summary
    return {
        "m_asis_month": money(s.asis_usd_per_month),
        "m_tobe_month": money(s.tobe_usd_per_month),
        "m_saving_month": money(s.savings_usd_per_month),
        "m_saving_pct": fmt_pct(s.savings_frac, lang, 1),
        "m_asis_servers": fmt_num(s.asis_servers_total, lang),
        "m_nodes_peak": fmt_num(s.tobe_nodes_peak, lang),
        "m_nodes_mean": fmt_num(s.tobe_nodes_mean, lang, 1),
        "m_tobe_shortfall": fmt_pct(s.tobe_shortfall_frac, lang, 3),
        "m_asis_shortfall": fmt_pct(s.asis_shortfall_frac, lang, 3),
    }


def render_headline(plan: Plan, lang: str, money: Callable[[float], str], krw_note: str | None) -> None:
    s = plan.summary
    v = headline_values(plan, lang, money)
    c = st.columns(4)
    c[0].metric(t("m_asis_month", lang), v["m_asis_month"])
    c[1].metric(t("m_tobe_month", lang), v["m_tobe_month"])
    c[2].metric(t("m_saving_month", lang), v["m_saving_month"], delta=v["m_saving_pct"],
                delta_color="normal" if s.savings_usd_per_month >= 0 else "inverse")
    c[3].metric(t("m_saving_pct", lang), v["m_saving_pct"])
    c = st.columns(5)
    c[0].metric(t("m_asis_servers", lang), v["m_asis_servers"])
    delta_peak = s.tobe_nodes_peak - s.asis_servers_total
    c[1].metric(t("m_nodes_peak", lang), v["m_nodes_peak"],
                delta=t("help_servers_delta", lang, delta=f"{delta_peak:+,d}"), delta_color="inverse")
    c[2].metric(t("m_nodes_mean", lang), v["m_nodes_mean"])
    worst = (t("worst_hour", lang, hour=fmt_hour(s.tobe_worst_hour, lang, s.horizon_hours),
               requests=fmt_num(s.tobe_worst_hour_shortfall_requests, lang))
             if s.tobe_worst_hour is not None else t("no_shortfall", lang))
    c[3].metric(t("m_tobe_shortfall", lang), v["m_tobe_shortfall"], help=worst)
    asis_worst = (t("worst_hour", lang, hour=fmt_hour(s.asis_worst_hour, lang, s.horizon_hours),
                    requests=fmt_num(s.asis_worst_hour_shortfall_requests, lang))
                  if s.asis_worst_hour is not None else t("no_shortfall", lang))
    c[4].metric(t("m_asis_shortfall", lang), v["m_asis_shortfall"], help=asis_worst)
    notes = [worst if s.tobe_worst_hour is not None else "",
             t("m_min_headroom", lang) + ": " + fmt_pct(s.tobe_min_headroom_frac, lang, 1),
             t("horizon_note", lang, hours=s.horizon_hours, step=s.step_s, hpm=fmt_num(s.hours_per_month, lang)),
             t("pricing.saving_both", lang, od=fmt_pct(s.savings_frac_on_demand, lang, 1),
               low=fmt_pct(s.savings_frac_cheapest, lang, 1))]
    if krw_note:
        notes.append(krw_note)
    st.caption(" · ".join(n for n in notes if n))
    for w in plan_warnings(plan, lang):
        st.warning(w)


@st.cache_resource(max_entries=16, show_spinner=False)
def _figures(scenario_json: str, lang: str, _plan: Plan) -> dict[str, go.Figure]:
    """The plan's figures, built once per scenario and language and shared read-only: building them is
    most of a re-run that does not change the scenario (e.g. switching tabs or the KRW display)."""
    return all_figures(_plan, lang)


def figures(plan: Plan, scenario_json: str, lang: str) -> dict[str, go.Figure]:
    return _figures(scenario_json, lang, plan)


def services_table(plan: Plan, lang: str, money: Callable[[float], str]) -> pd.DataFrame:
    sv = plan.services
    return pd.DataFrame({
        col_label("service", lang): sv["service"],
        col_label("peak_load_requests_per_s", lang): sv["peak_load_requests_per_s"].round(1),
        col_label("asis_servers", lang): sv["asis_servers"],
        col_label("asis_backup_servers", lang): sv["asis_backup_servers"],
        t("m_asis_month", lang): [money(x) for x in sv["asis_usd_per_month"]],
        col_label("pods_peak", lang): sv["pods_peak"],
        col_label("pods_mean", lang): sv["pods_mean"].round(1),
        col_label("shortfall_requests", lang): sv["shortfall_requests"].round(0),
        col_label("asis_shortfall_requests", lang): sv["asis_shortfall_requests"].round(0),
    })


def render(plan: Plan, scenario_json: str, lang: str, money: Callable[[float], str]) -> None:
    figs = figures(plan, scenario_json, lang)
    order = (("nodes_vs_servers", "hourly_cost"), ("pods_stacked", "node_utilization"))
    for row in order:
        cols = st.columns(2)
        for col, key in zip(cols, row):
            col.plotly_chart(figs[key], width="stretch", key=f"chart_{key}", theme=None)
    st.subheader(t("per_service", lang))
    st.dataframe(services_table(plan, lang, money), width="stretch", hide_index=True)
    with st.expander(t("assumptions_table", lang)):
        table = plan.assumptions.astype({"value": str})
        st.dataframe(table.rename(columns={c: col_label(c, lang) for c in table.columns}), width="stretch",
                     hide_index=True)
