"""The Failure drills tab: the heat map of every drill (hour x kind, both plans side by side), the
worst drills, the drill table, a picker showing one drill minute by minute (ready, pending and stuck
pods, nodes, As-Is servers, unserved requests/s), and on request the failure tolerance per service
with the smallest fix. Thin: figures from planner.drills, blocks from planner.report.drills, charts
from planner.charts_drills; results cached per scenario (its canonical JSON).
"""

from __future__ import annotations

import streamlit as st

from planner import drills
from planner.charts_drills import fig_drill_detail
from planner.i18n import fmt_hour, fmt_num, t
from planner.i18n.drills import fmt_duration, kind_label
from planner.report import drills as rd
from planner.result import Plan
from planner.scenario import ScenarioError
from planner.ui.explore_tab import _show_blocks
from planner.ui.session import ss


@st.cache_data(max_entries=8, show_spinner=False)
def _table(scenario_json: str, _plan: Plan) -> rd.DrillResults:
    sc = _plan.scenario
    try:
        runner = drills.Runner(sc)
        return rd.DrillResults(drills.run_drills(sc, runner=runner), None, runner.H)
    except ScenarioError:
        return rd.DrillResults(None, None, sc.horizon_hours, "size")


@st.cache_data(max_entries=8, show_spinner=False)
def _tolerance(scenario_json: str, _plan: Plan) -> drills.Tolerance:
    return drills.tolerance(_plan.scenario, fix=not _plan.scenario.environments)


@st.cache_data(max_entries=32, show_spinner=False)
def _detail(scenario_json: str, kind: str, hour: int, _plan: Plan) -> drills.DrillDetail:
    return drills.drill_detail(_plan.scenario, kind, hour)


def _picker(plan: Plan, scenario_json: str, res: rd.DrillResults, lang: str) -> None:
    f = res.table.frame
    kinds = list(dict.fromkeys(f.kind))
    hours = sorted(set(int(h) for h in f.hour))
    worst = res.table.worst("tobe")
    c1, c2 = st.columns([1, 2])
    kind = c1.selectbox(t("drills.picker", lang), kinds, key="drill_kind", format_func=lambda k: kind_label(k, lang),
                        index=kinds.index(worst["kind"]) if worst is not None and worst["kind"] in kinds else 0)
    default_hour = int(worst["hour"]) if worst is not None else hours[0]
    hour = c2.select_slider(t("drills.picker_hour", lang), hours, key="drill_hour",
                            value=default_hour if default_hour in hours else hours[0],
                            format_func=lambda h: fmt_hour(h, lang, res.horizon_hours))
    d = _detail(scenario_json, kind, hour, plan)
    cols = st.columns(4)
    for col, plan_key, o in zip((cols[0:2], cols[2:4]), ("tobe", "asis"), (d.tobe, d.asis)):
        name = t(f"drills.plan.{plan_key}", lang)
        dropped = fmt_num(o.dropped_requests, lang) if o.applies else t("drills.na", lang)
        recover = fmt_duration(o.recover_s, lang) if o.applies else t("drills.na", lang)
        col[0].metric(f"{name} {t('drills.col.dropped', lang)}", dropped)
        col[1].metric(f"{name} {t('drills.col.recover', lang)}", recover)
    st.plotly_chart(fig_drill_detail(d, lang, res.horizon_hours), width="stretch", key="drill_detail_chart")


def render(plan: Plan, scenario_json: str, lang: str) -> None:
    res = _table(scenario_json, plan)
    if res.table is None:
        st.info(t("drills.skipped", lang, limit=rd.REPORT_MAX_HOUR_SERVICES))
        return
    _show_blocks(rd.summary_blocks(plan.scenario, res, lang), "drills")
    _picker(plan, scenario_json, res, lang)
    st.markdown(f"#### {t('drills.tolerance', lang)}")
    if ss.get("drills_tolerance_for") == scenario_json or st.button(t("drills.run_tolerance", lang),
                                                                    key="drills_tolerance"):
        ss["drills_tolerance_for"] = scenario_json
        with st.spinner(t("drills.running", lang)):
            tol = _tolerance(scenario_json, plan)
        _show_blocks(rd.tolerance_blocks(tol, lang), "drills_tol")
    else:
        st.caption(t("drills.tolerance_help", lang))
    _show_blocks(rd.table_blocks(plan.scenario, res, lang), "drills_table")
