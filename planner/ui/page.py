"""The page: sidebar, headline, sections. Builds the scenario from the inputs, plans it (cached), shows it.

Order of a run: read the inputs (the load tables with their pending edits, the widgets' values) and
plan them *before* drawing; draw the headline (always on top, its verdict line sticky); then draw
only the open section (:data:`SECTIONS`). Switching sections folds the inputs of the section left
into the scenario, so nothing typed is lost while its widgets are not drawn. Actions (a preset, a new
service, an upload, a scenario loaded) keep the section open: no run ever switches it.

Bad input never stops the page: cell problems and scenario problems are listed at the top and the
last valid plan stays on screen (its reports too); the user's inputs stay in their widgets and tables.

**Adding a section**: write ``planner/ui/<x>_tab.py`` with ``render(ps: PageState) -> None`` and a
label in ``planner/i18n``; add one line ``Section("<x>", "<label key>", <x>_tab.render)`` to
:data:`SECTIONS`. Widgets bound to scenario fields (``planner.ui.state`` controls) are folded for you;
a section with inputs of its own keeps them in session state under its own keys.
"""

from __future__ import annotations

import json

import streamlit as st

import planner
from planner.i18n import DEFAULT_KRW_PER_USD, LANG_NAMES, LANGS, fmt_money, t
from planner.result import Plan
from planner.scenario import APP_WORK_BUDGET, Scenario, ScenarioError, check_scenario_work, validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from planner.ui import (assumptions_tab, drills_tab, environments_tab, explain_tab, explore_tab, import_tab, load_tab,
                        pricing_tab, results_tab, scenarios_tab, verdict_tab)
from planner.ui import state as S
from planner.ui.context import PageState, Section
from planner.ui.session import (drop_widget_keys, flash, fold_widgets_into_base, folded_tables, load_base,
                                seed_widgets, ss, store_tables, widget_snapshot)

URL_SCENARIO = "s"  # query parameter holding the encoded scenario
URL_LANG = "lang"
URL_VIEW = "view"  # the open section's id (absent: the first section)
SECTION_KEY = "section"  # the tabs' widget key (its value is the open tab's label)
SIDEBAR_KEYS = ("scenario_name",)  # scenario inputs drawn on every run (in the sidebar)

def _results(ps: PageState) -> None:
    """The verdict at equal risk first (issue 15: computed once per scenario, a few seconds, so only
    here and not on every edit in the other sections), then the Results charts."""
    if ps.shown is not None:
        verdict_tab.render_card(ps.shown, ps.shown_json, ps.lang)
    results_tab.render(ps)


def _import(ps: PageState) -> None:
    import_tab.render(ps.lang)


def _prices(ps: PageState) -> None:
    if ps.shown is not None:
        pricing_tab.render(ps.shown, ps.lang)


def _environments(ps: PageState) -> None:
    """The environments table (its edits go into the scenario at once, then the page re-plans), the
    cost per option and environment, the manifests."""
    envs, problems = environments_tab.render_inputs(ps.lang)
    if problems:
        st.error(t("cell_errors", ps.lang) + "\n\n" + "\n".join(f"- {p}" for p in problems[:10]))
    elif envs != list(ss["base"].get("environments") or []):
        environments_tab.store_environments(envs)
        st.rerun()
    environments_tab.render_results(ps.plan, ps.scenario, ps.scenario_json, ps.lang, ps.money)


def _explore(ps: PageState) -> None:
    if ps.shown is not None:
        explore_tab.render(ps.shown, ps.lang)


def _drills(ps: PageState) -> None:
    if ps.shown is not None and ps.shown_json is not None:
        drills_tab.render(ps.shown, ps.shown_json, ps.lang)


#: The page's sections, in tab order; the first is open on a new page. A new section joins with one line.
SECTIONS: tuple[Section, ...] = (
    Section("results", "tab_results", _results),
    Section("load", "tab_load", load_tab.render),
    Section("import", "realload.tab", _import),
    Section("assumptions", "tab_assumptions", assumptions_tab.render),
    Section("prices", "pricing.tab", _prices),
    Section("explain", "tab_explain", explain_tab.render, needs_steps=True),
    Section("environments", "environments.tab", _environments),
    Section("explore", "sweep.section", _explore),
    Section("drills", "drills.section", _drills),
    Section("scenarios", "tab_scenarios", scenarios_tab.render, needs_steps=True),  # the reports hold steps
)

#: The verdict line stays in view while the page scrolls, below Streamlit's own header bar (the
#: sticky box is the container's layout wrapper, the child of the page's column that scrolls).
_STICKY_CSS = ('<style>[data-testid="stLayoutWrapper"]:has(> .st-key-verdict) { position: sticky; top: 3.75rem; '
               "z-index: 990; background: white; box-shadow: 0 -3.75rem 0 white; }</style>")


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_plan(scenario_json: str, steps: bool = True) -> Plan:
    """The engine's plan of a scenario, keyed by its canonical JSON; ``steps=False`` leaves out the
    per-step frames (same summary and hourly frames). One shared object, read only: a data cache
    would pickle the plan on every hit, most of a re-run's time."""
    return planner.plan(validate_scenario(json.loads(scenario_json)), keep_steps=None if steps else False)


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
    ss["view"] = qp.get(URL_VIEW) if qp.get(URL_VIEW) in {s.id for s in SECTIONS} else SECTIONS[0].id
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


def open_section(lang: str) -> str:
    """The id of the section to draw: the tab the user picked (its label, in any language), else the
    one drawn last. Leaving a section folds its inputs into the scenario first: the widgets of a
    section that is not drawn are forgotten by Streamlit at the end of the run."""
    by_label = {t(s.label_key, code): s.id for s in SECTIONS for code in LANGS}
    view = by_label.get(ss.get(SECTION_KEY), ss.get("view") or SECTIONS[0].id)
    if ss.get("view") not in (None, view):
        _fold_inputs()
    ss["view"] = view
    ss[SECTION_KEY] = t(next(s.label_key for s in SECTIONS if s.id == view), lang)
    return view


def _fold_inputs() -> None:
    """Keep every input typed so far in the base scenario and the load tables, then forget the inputs'
    own values (each section draws its inputs from the base again): a widget that is not drawn would
    otherwise bring back, later, the value it was first seeded with."""
    ss["base"] = fold_widgets_into_base()
    store_tables(folded_tables())
    drop_widget_keys(keep=SIDEBAR_KEYS)


def _plan_inputs(lang: str, loads: dict[str, list[float]], steps: bool) -> tuple[Scenario | None, str | None,
                                                                                 Plan | None, list[str]]:
    """The scenario of the current inputs, its JSON and plan, and why it cannot be planned."""
    d = S.build_scenario_dict(ss["base"], widget_snapshot(), loads)
    try:
        scenario = validate_scenario(d)
    except ScenarioError as exc:
        names = [s["name"] for s in d["services"]]
        return None, None, None, [S.problem_text(p, m, names, lang) for p, m in exc.problems]
    scenario_json = scenario_json_of(scenario)
    try:
        # stricter than the CLI's: one server process serves every user (planner.scenario.APP_WORK_BUDGET)
        check_scenario_work(scenario, None, APP_WORK_BUDGET)
        return scenario, scenario_json, cached_plan(scenario_json, steps), []
    except ScenarioError as exc:
        return None, None, None, [S.problem_text(p, m, [s.name for s in scenario.services], lang)
                                  for p, m in exc.problems]
    except Exception as exc:  # an engine failure must not take the page down: say what failed
        return None, None, None, [t("engine_failed", lang, error=f"{type(exc).__name__}: {exc}")]


def _sync_url(scenario: Scenario | None, lang: str, view: str) -> None:
    qp = st.query_params
    if scenario is not None:
        enc = S.encode_scenario(scenario_to_dict(scenario))
        if qp.get(URL_SCENARIO) != enc:
            qp[URL_SCENARIO] = enc
    if qp.get(URL_LANG) != lang:
        qp[URL_LANG] = lang
    if view == SECTIONS[0].id:
        if URL_VIEW in qp:
            del qp[URL_VIEW]
    elif qp.get(URL_VIEW) != view:
        qp[URL_VIEW] = view


def _messages() -> None:
    """Messages of the last action: a toast (seen wherever the page is scrolled), errors also inline."""
    for kind, text in ss.pop("flash", []):
        if kind in ("error", "warning"):
            getattr(st, kind)(text)
        st.toast(text, icon={"success": ":material/check_circle:", "info": ":material/info:"}.get(kind, ":material/warning:"))


def main() -> None:
    st.set_page_config(page_title="planner", page_icon="📈", layout="wide")
    if not ss.get("initialized"):
        _init_session()
    if "scenario_name" not in ss:
        seed_widgets(ss["base"])
    view = open_section(ss["lang"])  # before any widget is drawn: it may set their values
    lang = _sidebar()
    rate = ss.get("krw_per_usd") if ss.get("show_krw") else None

    steps = next(s.needs_steps for s in SECTIONS if s.id == view)
    loads, cell_problems = load_tab.read_input(lang)
    scenario, scenario_json, plan, problems = _plan_inputs(lang, loads, steps) if loads is not None else \
        (None, None, None, [])
    if plan is not None:
        ss["last_valid"] = scenario_json
    _sync_url(scenario, lang, view)
    shown_json = scenario_json if plan is not None else ss.get("last_valid")
    shown = plan if plan is not None else (cached_plan(shown_json, steps) if shown_json else None)
    shown = import_tab.banded(shown, shown_json)  # the shortfall band of hourly loads, cached beside the plan
    plan = shown if plan is not None else None
    ps = PageState(lang=lang, plan=plan, shown=shown, shown_json=shown_json, scenario=scenario,
                   scenario_json=scenario_json, money=lambda usd: fmt_money(usd, lang, rate),
                   cell_problems=cell_problems, problems=problems)

    st.html(_STICKY_CSS)
    st.title(t("app_title", lang))
    st.caption(t("app_caption", lang))
    results_tab.render_top(ps, rate)
    if shown is not None:
        import_tab.render_band(shown, shown_json, lang)
    tabs = st.tabs([t(s.label_key, lang) for s in SECTIONS], key=SECTION_KEY, on_change="rerun")
    for section, tab in zip(SECTIONS, tabs):
        if section.id == view:
            with tab:
                _messages()
                section.render(ps)
