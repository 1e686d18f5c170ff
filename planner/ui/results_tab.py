"""The headline figures and the Results tab (charts, per-service table, assumptions)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner.charts import all_figures
from planner.i18n import col_label, fmt_hour, fmt_krw, fmt_num, fmt_pct, fmt_usd, plan_warnings, t
from planner.report.summary import assumption_table
from planner.result import Plan


def _worst(plan: Plan, lang: str, who: str) -> str:
    """``To-Be worst hour 21:00: 3,750 requests not served in time`` (or that every request was served)."""
    s = plan.summary
    hour = getattr(s, f"{who}_worst_hour")
    if hour is None:
        return t(f"no_shortfall_{who}", lang)
    return t(f"worst_hour_{who}", lang, hour=fmt_hour(hour, lang, s.horizon_hours),
             requests=fmt_num(getattr(s, f"{who}_worst_hour_shortfall_requests"), lang))


def headline_values(plan: Plan, lang: str, krw_per_usd: float | None = None) -> dict[str, str]:
    """The headline figures as shown, keyed by message id (every number from ``plan.summary``). Money
    is in USD; with ``krw_per_usd`` the KRW amount is under ``<id>_krw`` (shown below the figure)."""
    s = plan.summary
    out = {
        "m_asis_month": fmt_usd(s.asis_usd_per_month, lang),
        "m_tobe_month": fmt_usd(s.tobe_usd_per_month, lang),
        "m_saving_month": fmt_usd(s.savings_usd_per_month, lang),
        "m_saving_pct": fmt_pct(s.savings_frac, lang),
        "m_asis_servers": fmt_num(s.asis_servers_total, lang),
        "m_nodes_peak": fmt_num(s.tobe_nodes_peak, lang),
        "m_nodes_mean": fmt_num(s.tobe_nodes_mean, lang, 1),
        "m_tobe_shortfall": fmt_pct(s.tobe_shortfall_frac, lang),
        "m_asis_shortfall": fmt_pct(s.asis_shortfall_frac, lang),
    }
    if krw_per_usd:
        for key, usd in (("m_asis_month", s.asis_usd_per_month), ("m_tobe_month", s.tobe_usd_per_month),
                         ("m_saving_month", s.savings_usd_per_month)):
            out[f"{key}_krw"] = fmt_krw(usd * krw_per_usd, lang)
    return out


def _vcpu(x: float, lang: str) -> str:
    return fmt_num(x, lang, None)


def render_headline(plan: Plan, lang: str, krw_per_usd: float | None, krw_note: str | None) -> None:
    """Cost, saving, machines and risk at the top of the page. Values stay short (KRW goes below the
    figure, grey), so nothing is cut at 1440 px; the explanations are in each figure's help."""
    s = plan.summary
    v = headline_values(plan, lang, krw_per_usd)
    server, node = plan.server, plan.node
    money_help = t("help_money", lang, hpm=fmt_num(s.hours_per_month, lang, None))

    def krw(key: str) -> dict:
        return {"delta": v[f"{key}_krw"], "delta_color": "off", "delta_arrow": "off"} if krw_per_usd else {}

    c = st.columns(4)
    c[0].metric(t("m_asis_month", lang), v["m_asis_month"], help=money_help, **krw("m_asis_month"))
    c[1].metric(t("m_tobe_month", lang), v["m_tobe_month"], help=money_help, **krw("m_tobe_month"))
    c[2].metric(t("m_saving_month", lang), v["m_saving_month"], help=money_help, **krw("m_saving_month"))
    c[3].metric(t("m_saving_pct", lang), v["m_saving_pct"])
    c = st.columns(5)
    servers_vcpu = s.asis_servers_total * server.vcpu
    nodes_vcpu = s.tobe_nodes_peak * node.vcpu
    c[0].metric(t("m_asis_servers", lang), v["m_asis_servers"],
                help=t("help_asis_servers", lang, servers=s.asis_servers_total, type=server.instance_type,
                       vcpu=_vcpu(server.vcpu, lang), mem=_vcpu(server.memory_gib, lang),
                       total_vcpu=_vcpu(servers_vcpu, lang)))
    delta = nodes_vcpu - servers_vcpu
    c[1].metric(t("m_nodes_peak", lang), v["m_nodes_peak"],
                delta=t("nodes_vcpu_delta", lang, delta=("+" if delta > 0 else "") + _vcpu(delta, lang)),
                delta_color="inverse",
                help=t("help_nodes_peak", lang, nodes=s.tobe_nodes_peak, node_type=node.instance_type,
                       node_vcpu=_vcpu(node.vcpu, lang), nodes_vcpu=_vcpu(nodes_vcpu, lang),
                       servers=s.asis_servers_total, server_type=server.instance_type,
                       server_vcpu=_vcpu(server.vcpu, lang), servers_vcpu=_vcpu(servers_vcpu, lang)))
    c[2].metric(t("m_nodes_mean", lang), v["m_nodes_mean"], help=t("help_nodes_mean", lang, type=node.instance_type))
    worst = _worst(plan, lang, "tobe")
    c[3].metric(t("m_tobe_shortfall", lang), v["m_tobe_shortfall"], help=t("help_unserved", lang, worst=worst))
    c[4].metric(t("m_asis_shortfall", lang), v["m_asis_shortfall"],
                help=t("help_unserved", lang, worst=_worst(plan, lang, "asis")))
    notes = [worst if s.tobe_worst_hour is not None else "",
             t("m_min_headroom", lang) + ": " + fmt_pct(s.tobe_min_headroom_frac, lang),
             t("horizon_note", lang, hours=s.horizon_hours, step=s.step_s, hpm=fmt_num(s.hours_per_month, lang)),
             t("pricing.saving_both", lang, od=fmt_pct(s.savings_frac_on_demand, lang),
               low=fmt_pct(s.savings_frac_cheapest, lang))]
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
        col_label("asis_usd_per_month", lang, with_unit=False): [money(x) for x in sv["asis_usd_per_month"]],
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
        table = assumption_table(plan, lang).drop(columns="unit_code")
        st.dataframe(table.rename(columns={c: col_label(c, lang) for c in table.columns}), width="stretch",
                     hide_index=True)
