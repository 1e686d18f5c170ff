"""The headline figures and the Results tab (charts, per-service table, assumptions)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from planner.charts import all_figures
from planner.i18n import col_label, fmt_hour, fmt_krw, fmt_num, fmt_pct, fmt_usd, t
from planner.report.summary import assumption_table
from planner.i18n.scenarios import scenario_text
from planner.result import Plan
from planner.ui.context import PageState
from planner.ui.verdict import RISK_LIMIT_FRAC, Card, saving_card, warning_groups


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


#: The card's state -> how the verdict line is drawn and the colour of the tag beside the saving.
CARD_BOX = {"saving": "success", "costlier": "info", "caution": "warning", "risk": "error"}
CARD_COLOR = {"saving": "green", "costlier": "gray", "caution": "orange", "risk": "red"}


def render_top(ps: PageState, krw_per_usd: float | None) -> None:
    """The top of every section: title, what is wrong with the inputs, the verdict line (sticky), the
    headline figures and the grouped warnings of the plan on screen."""
    lang, shown = ps.lang, ps.shown
    title = f" — {scenario_text(shown.scenario.name, lang)}" if shown is not None else ""
    st.subheader(t("headline", lang) + title)
    if ps.cell_problems:
        st.error(t("cell_errors", lang) + "\n\n" + "\n".join(f"- {p}" for p in ps.cell_problems[:10])
                 + ("\n- …" if len(ps.cell_problems) > 10 else ""))
    if ps.problems:
        st.error(t("scenario_invalid", lang) + "\n\n" + "\n".join(f"- {p}" for p in ps.problems))
    if shown is None:
        st.info(t("no_plan_yet", lang))
        return
    card = saving_card(shown.summary, lang)
    with st.container(key="verdict"):
        getattr(st, CARD_BOX[card.state])(card.text)
    note = t("krw_note", lang, rate=fmt_num(krw_per_usd, lang)) if krw_per_usd else None
    render_headline(shown, lang, krw_per_usd, note, card)


def render_headline(plan: Plan, lang: str, krw_per_usd: float | None, krw_note: str | None, card: Card) -> None:
    """Cost, saving (with its risk tag), machines and risk. Values stay short (KRW goes below the
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
    c[3].metric(t("m_saving_pct", lang), v["m_saving_pct"], delta=card.tag, delta_color=CARD_COLOR[card.state],
                delta_arrow="off", help=t("card.help", lang, limit=fmt_pct(RISK_LIMIT_FRAC, lang)))
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
    render_warnings(plan, lang, card)


def render_warnings(plan: Plan, lang: str, card: Card) -> None:
    """The plan's warnings in groups, To-Be risk first: one line each, the full sentences (why, and what
    to do) in an expander under each group."""
    for group in warning_groups(plan.summary, lang):
        risky = group.id == "tobe_risk"
        box = (st.error if card.state == "risk" else st.warning) if risky else st.info
        box(f"**{group.title}**\n\n" + "\n".join(f"- {w.line}" for w in group.lines))
        with st.expander(t("card.details", lang, title=group.title)):
            st.markdown("\n".join(f"- {w.detail}" for w in group.lines))


@st.cache_resource(max_entries=16, show_spinner=False)
def _figures(scenario_json: str, lang: str, _plan: Plan) -> dict[str, go.Figure]:
    """The plan's figures, built once per scenario and language and shared read-only: building them is
    most of a re-run that does not change the scenario (e.g. switching tabs or the KRW display)."""
    return all_figures(_plan, lang)


def figures(plan: Plan, scenario_json: str, lang: str) -> dict[str, go.Figure]:
    return _figures(scenario_json, lang, plan)


def services_table(plan: Plan, lang: str, money: Callable[[float], str]) -> pd.DataFrame:
    """One row per figure, one column per service (so every figure, the unserved requests first after
    the load, is on screen however many services there are; services scroll sideways)."""
    sv = plan.services

    def nums(col: str, decimals: int | None = 0) -> list[str]:
        return [fmt_num(float(x), lang, decimals) for x in sv[col]]

    rows = [
        (col_label("peak_load_requests_per_s", lang), nums("peak_load_requests_per_s", 1)),
        (t("svc_tobe_unserved", lang), nums("shortfall_requests")),
        (col_label("asis_shortfall_requests", lang), nums("asis_shortfall_requests")),
        (col_label("asis_servers", lang), nums("asis_servers")),
        (col_label("asis_backup_servers", lang), nums("asis_backup_servers")),
        (col_label("asis_usd_per_month", lang, with_unit=False), [money(float(x)) for x in sv["asis_usd_per_month"]]),
        (col_label("pods_peak", lang), nums("pods_peak")),
        (col_label("pods_mean", lang), nums("pods_mean", 1)),
    ]
    names = [str(n) for n in sv["service"]]
    table = pd.DataFrame([values for _, values in rows], columns=names)
    table.insert(0, FIGURE_COLUMN, [label for label, _ in rows])
    return table


FIGURE_COLUMN = " "  # the row labels' column (no header: the rows say what they are)


def render(ps: PageState) -> None:
    """The Results section: the four charts, the per-service table and the assumptions."""
    if ps.shown is None or ps.shown_json is None:
        return
    plan, lang, money = ps.shown, ps.lang, ps.money
    figs = figures(plan, ps.shown_json, lang)
    order = (("nodes_vs_servers", "hourly_cost"), ("pods_stacked", "node_utilization"))
    for row in order:
        cols = st.columns(2)
        for col, key in zip(cols, row):
            col.plotly_chart(figs[key], width="stretch", key=f"chart_{key}", theme=None)
    st.subheader(t("per_service", lang))
    table = services_table(plan, lang, money)
    config = {c: st.column_config.TextColumn(c, alignment="right") for c in table.columns[1:]}
    config[FIGURE_COLUMN] = st.column_config.TextColumn(col_label("service", lang), pinned=True)
    st.dataframe(table, width="stretch", hide_index=True, column_config=config)
    box = st.expander(t("assumptions_table", lang), key="assumptions_box", on_change="rerun")
    with box:
        if not box.open:
            return
        table = assumption_table(plan, lang).drop(columns="unit_code")
        st.dataframe(table.rename(columns={c: col_label(c, lang) for c in table.columns}), width="stretch",
                     hide_index=True)
