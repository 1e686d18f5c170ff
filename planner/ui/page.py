"""The page: sidebar, headline, tabs. Builds the scenario from the inputs, plans it (cached), shows it.

Bad input never stops the page: cell problems and scenario problems are listed at the top and the
last valid plan stays on screen; the user's inputs stay in their widgets and tables.
"""

from __future__ import annotations

import json

import streamlit as st

import planner
from planner.i18n import DEFAULT_KRW_PER_USD, LANG_NAMES, LANGS, fmt_money, fmt_num, t
from planner.i18n.scenarios import scenario_text
from planner.result import Plan
from planner.scenario import APP_WORK_BUDGET, Scenario, ScenarioError, check_scenario_work, validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from planner.ui import (assumptions_tab, environments_tab, explain_tab, explore_tab, import_tab, load_tab, pricing_tab,
                        results_tab, scenarios_tab, verdict_tab)
from planner.ui import state as S
from planner.ui.session import flash, load_base, seed_widgets, ss, widget_snapshot

URL_SCENARIO = "s"  # query parameter holding the encoded scenario
URL_LANG = "lang"


@st.cache_data(max_entries=32, show_spinner=False)
def cached_plan(scenario_json: str) -> Plan:
    """The engine's plan of a scenario, keyed by its canonical JSON."""
    return planner.plan(validate_scenario(json.loads(scenario_json)))


def scenario_json_of(scenario: Scenario) -> str:
    """Canonical JSON of a scenario (the cache key)."""
    return json.dumps(scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _init_session() -> None:
    qp = st.query_params
    lang = qp.get(URL_LANG)
    ss["lang"] = lang if lang in LANGS else "en"
    d = None
    if URL_SCENARIO in qp:
        try:
            d = scenario_to_dict(validate_scenario(S.decode_scenario(qp[URL_SCENARIO])))
        except (ValueError, ScenarioError) as exc:
            flash("warning", t("url_restore_failed", ss["lang"], error=str(exc)[:300]))
    if d is None:
        d = scenario_to_dict(default_scenario())
    load_base(d)
    ss["show_krw"] = False
    ss["krw_per_usd"] = DEFAULT_KRW_PER_USD
    ss["initialized"] = True


def _cb_reset() -> None:
    load_base(scenario_to_dict(default_scenario()))


def _sidebar() -> str:
    with st.sidebar:
        st.radio("Language / 언어", LANGS, key="lang", format_func=lambda k: LANG_NAMES[k], horizontal=True)
        lang = ss["lang"]
        st.text_input(t("scenario_name", lang), key="scenario_name", max_chars=200)
        st.checkbox(t("show_krw", lang), key="show_krw")
        if ss.get("show_krw"):
            st.number_input(t("krw_rate", lang), min_value=1.0, max_value=100000.0, step=10.0, key="krw_per_usd")
        st.button(t("reset_default", lang), key="reset", on_click=_cb_reset)
    return lang


def main() -> None:
    st.set_page_config(page_title="planner", page_icon="📈", layout="wide")
    if not ss.get("initialized"):
        _init_session()
    if "scenario_name" not in ss:
        seed_widgets(ss["base"])
    lang = _sidebar()
    rate = ss.get("krw_per_usd") if ss.get("show_krw") else None

    def money(usd: float) -> str:
        return fmt_money(usd, lang, rate)

    st.title(t("app_title", lang))
    st.caption(t("app_caption", lang))
    for kind, text in ss.pop("flash", []):
        getattr(st, kind)(text)
    top = st.container()
    (tab_results, tab_load, tab_import, tab_assumptions, tab_prices, tab_explain, tab_env, tab_explore,
     tab_scenarios) = st.tabs(
        [t("tab_results", lang), t("tab_load", lang), t("realload.tab", lang), t("tab_assumptions", lang),
         t("pricing.tab", lang), t("tab_explain", lang), t("environments.tab", lang), t("sweep.section", lang),
         t("tab_scenarios", lang)])
    with tab_load:
        loads, cell_problems = load_tab.render(lang)
    with tab_import:
        import_tab.render(lang)
    with tab_assumptions:
        assumptions_tab.render(lang)
    with tab_env:
        environments, env_problems = environments_tab.render_inputs(lang)
    cell_problems = list(cell_problems or []) + env_problems

    scenario, scenario_json, problems = None, None, []
    if loads is not None:
        d = S.build_scenario_dict(ss["base"], widget_snapshot(), loads)
        d["environments"] = environments
        names = [s["name"] for s in d["services"]]
        try:
            scenario = validate_scenario(d)
        except ScenarioError as exc:
            problems = [S.problem_text(p, m, names, lang) for p, m in exc.problems]
    plan = None
    if scenario is not None:
        scenario_json = scenario_json_of(scenario)
        try:
            # stricter than the CLI's: one server process serves every user (planner.scenario.APP_WORK_BUDGET)
            check_scenario_work(scenario, None, APP_WORK_BUDGET)
            plan = cached_plan(scenario_json)
        except ScenarioError as exc:
            problems = [S.problem_text(p, m, [s.name for s in scenario.services], lang) for p, m in exc.problems]
            scenario, scenario_json = None, None
        except Exception as exc:  # an engine failure must not take the page down: say what failed
            problems = [t("engine_failed", lang, error=f"{type(exc).__name__}: {exc}")]
            scenario, scenario_json = None, None
    if plan is not None:
        ss["last_valid"] = scenario_json
        enc = S.encode_scenario(scenario_to_dict(scenario))
        if st.query_params.get(URL_SCENARIO) != enc:
            st.query_params[URL_SCENARIO] = enc
    if st.query_params.get(URL_LANG) != lang:
        st.query_params[URL_LANG] = lang
    shown = plan
    if shown is None and ss.get("last_valid"):
        shown = cached_plan(ss["last_valid"])
    shown_json = scenario_json if plan is not None else ss.get("last_valid")
    shown = import_tab.banded(shown, shown_json)  # the shortfall band of hourly loads, cached beside the plan
    plan = shown if plan is not None else None

    with top:
        title = f" — {scenario_text(shown.scenario.name, lang)}" if shown is not None else ""
        st.subheader(t("headline", lang) + title)
        if cell_problems:
            st.error(t("cell_errors", lang) + "\n\n" + "\n".join(f"- {p}" for p in cell_problems[:10])
                     + ("\n- …" if len(cell_problems) > 10 else ""))
        if problems:
            st.error(t("scenario_invalid", lang) + "\n\n" + "\n".join(f"- {p}" for p in problems))
        if shown is None:
            st.info(t("no_plan_yet", lang))
        else:
            note = t("krw_note", lang, rate=fmt_num(rate, lang)) if rate else None
            verdict_tab.render_card(shown, shown_json, lang)  # issue 15: the saving at equal risk comes first
            results_tab.render_headline(shown, lang, rate, note)
            import_tab.render_band(shown, shown_json, lang)
    with tab_results:
        if shown is not None:
            results_tab.render(shown, shown_json, lang, money)
    with tab_prices:
        if shown is not None:
            pricing_tab.render(shown, lang)
    with tab_explain:
        if shown is not None:
            explain_tab.render(shown, lang)
    with tab_env:
        environments_tab.render_results(plan, scenario, scenario_json, lang, money)
    with tab_explore:
        if shown is not None:
            explore_tab.render(shown, lang)
    with tab_scenarios:
        scenarios_tab.render(plan, scenario, scenario_json, lang)
