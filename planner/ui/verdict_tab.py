"""The verdict on the first screen (issue 15): the saving at equal risk as the first line, a
success card only when the To-Be is within the risk threshold (otherwise a warning with the
reason: risk is never shown as neutral beside a saving), and an expander with the five plans,
the savings waterfall, fix-it advice with prices and the model's caveats."""

from __future__ import annotations

import json

import streamlit as st

from planner.charts_verdict import fig_waterfall
from planner.i18n import t
from planner.i18n.verdict import advice_lines, caveat_text, headline_lines
from planner.report.verdict import plans_table, steps_table
from planner.result import Plan
from planner.scenario import validate_scenario


@st.cache_data(max_entries=16, show_spinner=False)
def cached_verdict(scenario_json: str):
    """The verdict of a scenario, keyed by its canonical JSON (about ten engine runs without frames)."""
    from planner.verdict import verdict

    sc = validate_scenario(json.loads(scenario_json))
    return verdict(sc)


def _text_table(df, lang: str):
    from planner.report.verdict import _rows

    return [dict(zip(df.columns, r)) for r in _rows(df, lang)]


def render_card(plan: Plan, scenario_json: str | None, lang: str) -> None:
    """The headline card and the verdict expander, under the headline figures."""
    if scenario_json is None:
        return
    try:
        v = cached_verdict(scenario_json)
    except Exception as exc:  # the verdict must not take the page down: say what failed
        st.warning(t("engine_failed", lang, error=f"{type(exc).__name__}: {exc}"))
        return
    names = [s.name for s in plan.scenario.services]
    head = headline_lines(v, names, lang)
    body = f"**{head[0]}**\n\n" + "\n".join(f"- {x}" for x in head[1:])
    if v.status == "ok":
        st.success(body, icon="✅")
    else:
        reasons = advice_lines(v, names, lang)[:len(v.risk_items)]
        st.warning(body + ("\n\n" + "\n".join(f"- {r}" for r in reasons) if reasons else ""), icon="⚠️")
    with st.expander(t("verdict.waterfall_title", lang)):
        st.caption(t("verdict.waterfall_note", lang))
        st.plotly_chart(fig_waterfall(v, lang), width="stretch", key="verdict_waterfall")
        st.dataframe(_text_table(steps_table(v, lang), lang), hide_index=True, width="stretch")
        st.markdown(f"**{t('verdict.plans_title', lang)}**")
        st.dataframe(_text_table(plans_table(v, lang), lang), hide_index=True, width="stretch")
        advice = advice_lines(v, names, lang)
        if advice:
            st.markdown(f"**{t('verdict.fixes_title', lang)}**\n\n" + "\n".join(f"- {x}" for x in advice))
        if v.caveats:
            st.markdown(f"**{t('verdict.caveats_title', lang)}**\n\n"
                        + "\n".join(f"- {caveat_text(c, p, lang)}" for c, p in v.caveats))
        st.caption(t("verdict.why_quote", lang))
