"""The Explain tab: HPA and node reasons per hour, drill-down per step, and what the codes mean."""

from __future__ import annotations

import streamlit as st

from planner.i18n import fmt_hour, t
from planner.result import Plan
from planner.ui.context import PageState
from planner.ui.explain import explain_hourly, explain_steps, reason_legend
from planner.ui.import_tab import explain_line
from planner.ui.session import KEEP, ss


@st.cache_resource(max_entries=16, show_spinner=False)
def _hourly(scenario_json: str, lang: str, _plan: Plan):
    """The hourly reasons table, built once per plan and language (shared, read only)."""
    return explain_hourly(_plan, lang)


def render(ps: PageState) -> None:
    """The hourly reasons of the plan on screen, then the drill-down into one hour's steps (a fragment:
    picking an hour re-runs only the drill-down, not the page)."""
    if ps.shown is None or ps.shown_json is None:
        return
    plan, lang = ps.shown, ps.lang
    st.caption(t("explain_intro", lang, step=plan.summary.step_s))
    line = explain_line(plan, lang)
    if line:
        st.caption(line)
    st.dataframe(_hourly(ps.shown_json, lang, plan), width="stretch", hide_index=True, height=35 * 25 + 3)
    _drill_down(plan, lang)
    with st.expander(t("reason_legend", lang), expanded=True):
        st.dataframe(reason_legend(plan, lang), width="stretch", hide_index=True)


@st.fragment
def _drill_down(plan: Plan, lang: str) -> None:
    hours = list(range(plan.summary.horizon_hours))
    if ss.get("explain_hour") not in hours:
        ss["explain_hour"] = plan.summary.tobe_worst_hour if plan.summary.tobe_worst_hour is not None else hours[0]
    c1, c2 = st.columns([1, 2])
    c1.selectbox(t("explain_hour", lang), hours, key="explain_hour", persist_state=KEEP,
                 format_func=lambda h: fmt_hour(h, lang, plan.summary.horizon_hours))
    c2.toggle(t("changes_only", lang), key="explain_changes_only", persist_state=KEEP, value=True)
    steps = explain_steps(plan, ss["explain_hour"], lang, changes_only=ss.get("explain_changes_only", True))
    st.markdown(f"**{t('explain_steps', lang, hour=fmt_hour(ss['explain_hour'], lang, plan.summary.horizon_hours))}**")
    if steps is None:
        st.info(t("explain_no_steps", lang))
    else:
        st.dataframe(steps, width="stretch", hide_index=True)
