"""The Scenarios & reports tab: download/upload the scenario, the local library, report downloads."""

from __future__ import annotations

import streamlit as st

from planner.i18n import t
from planner.report import REPORT_FORMATS, ChromiumNotFoundError, find_chromium
from planner.report import render as render_report
from planner.result import Plan
from planner.scenario import Scenario, ScenarioError, validate_scenario
from planner.scenario_io import dump_scenario, parse_scenario_file, scenario_to_dict
from planner.ui import library
from planner.ui.context import PageState
from planner.ui.session import KEEP, ensure_widget, flash, load_base, ss
from planner.ui.state import problem_text
from planner.ui.widgets import uploader_texts

SCENARIO_TYPES = ("yaml", "yml", "json", "html", "htm")
DESCRIPTION_MAX_CHARS = 5000  # planner.scenario.Scenario.description max_length

def _cb_apply_scenario(lang: str) -> None:
    f = ss.get("scenario_file")
    if f is None:
        return
    try:
        sc = parse_scenario_file(f.getvalue(), f.name)
    except ScenarioError:
        return
    load_base(scenario_to_dict(sc))
    flash("success", t("scenario_loaded", lang, name=sc.name, file=f.name))


def _cb_library_save(lang: str, scenario_json: str) -> None:
    import json

    try:
        path = library.save(validate_scenario(json.loads(scenario_json)))
    except (OSError, ScenarioError) as exc:
        flash("error", str(exc))
        return
    flash("success", t("library_saved", lang, file=str(path)))


def _cb_library_open(lang: str) -> None:
    name = ss.get("library_pick")
    if not name:
        return
    try:
        sc = library.load(name)
    except (OSError, ValueError) as exc:
        flash("error", str(exc))
        return
    load_base(scenario_to_dict(sc))
    flash("success", t("scenario_loaded", lang, name=sc.name, file=name))


def chromium_available() -> bool:
    """True when the report module finds a Chromium for PDF/PNG."""
    try:
        find_chromium()
    except ChromiumNotFoundError:  # the message is shown next to the disabled button
        return False
    return True


@st.cache_data(max_entries=16, show_spinner=False)
def _render_report(scenario_json: str, fmt: str, lang: str, _plan: Plan) -> bytes:
    return render_report(_plan, fmt, lang=lang)


def render(ps: PageState) -> None:
    """Scenario files, the description, the library, and the reports of the plan on screen (while an
    input is bad, the last valid plan's, said so above the buttons)."""
    lang, scenario, scenario_json = ps.lang, ps.scenario, ps.scenario_json
    c1, c2 = st.columns(2)
    with c1:
        if scenario is not None:
            stem = library.slug(scenario.name)
            # deferred: the text is made when the button is clicked, not on every re-run
            st.download_button(t("download_yaml", lang), _lazy_dump(scenario, "yaml"), file_name=f"{stem}.yaml",
                               mime="application/x-yaml", key="dl_yaml")
            st.download_button(t("download_json", lang), _lazy_dump(scenario, "json"), file_name=f"{stem}.json",
                               mime="application/json", key="dl_json")
        st.caption(t("url_note", lang))
    with c2:
        uploader_texts(lang, "scenario_file", SCENARIO_TYPES)
        f = st.file_uploader(t("upload_scenario", lang), type=list(SCENARIO_TYPES), key="scenario_file")
        if f is not None:
            try:
                sc = parse_scenario_file(f.getvalue(), f.name)
            except ScenarioError as exc:
                names = [s.get("name", "") for s in ss["base"]["services"]]
                st.error(t("scenario_load_failed", lang, file=f.name) + "\n\n"
                         + "\n".join(f"- {problem_text(p, m, names, lang)}" for p, m in exc.problems))
            else:
                st.success(t("scenario_preview", lang, name=sc.name, n=len(sc.services), hours=sc.horizon_hours))
                st.button(t("scenario_load_apply", lang), key="scenario_file_apply", on_click=_cb_apply_scenario,
                          args=(lang,), type="primary")

    st.subheader(t("description_header", lang))
    ensure_widget("scenario_description", ss["base"].get("description", ""))
    st.text_area(t("description_header", lang), key="scenario_description", max_chars=DESCRIPTION_MAX_CHARS,
                 help=t("description_help", lang), height=140, label_visibility="collapsed")
    st.caption(t("description_help", lang))

    st.subheader(t("library_header", lang))
    c1, c2 = st.columns(2)
    with c1:
        st.button(t("library_save", lang), key="library_save", disabled=scenario_json is None,
                  on_click=_cb_library_save, args=(lang, scenario_json or ""))
        st.caption(str(library.library_dir()))
    with c2:
        files = library.list_scenarios()
        if files:
            st.selectbox(t("library_header", lang), files, key="library_pick", persist_state=KEEP, label_visibility="collapsed")
            st.button(t("library_load", lang), key="library_open", on_click=_cb_library_open, args=(lang,))
        else:
            st.caption(t("library_empty", lang))

    _reports(ps)


def _reports(ps: PageState) -> None:
    lang, plan, plan_json = ps.lang, ps.shown, ps.shown_json
    st.subheader(t("reports_header", lang))
    st.caption(t("reports_caption", lang))
    if plan is None or plan_json is None:
        st.info(t("no_plan_yet", lang))
        return
    if ps.stale:
        st.warning(t("reports_of_last_valid", lang))
    stem = library.slug(plan.scenario.name)
    has_chromium = chromium_available()
    formats = [f for f in REPORT_FORMATS.values() if f.in_app]
    cols = st.columns(len(formats))
    for col, fmt in zip(cols, formats):
        label = t(fmt.label_key, lang)
        with col:
            if fmt.needs_browser and not has_chromium:
                st.button(label, key=f"report_{fmt.name}", disabled=True)
                st.caption(t("report_pdf_needs_chromium", lang))
                continue
            st.download_button(label, data=_lazy_report(plan_json, fmt.name, lang, plan),
                               file_name=stem + fmt.suffix, mime=fmt.mime, key=f"report_{fmt.name}")


def _lazy_dump(scenario: Scenario, fmt: str):
    def make() -> bytes:
        return dump_scenario(scenario, fmt).encode("utf-8")  # type: ignore[arg-type]

    return make


def _lazy_report(scenario_json: str, fmt: str, lang: str, plan: Plan):
    """Deferred report bytes: made only when the button is clicked (a PDF takes seconds; the HTML
    report inlines plotly.js, about 5 MB, which should not be sent on every re-run)."""
    def make() -> bytes:
        return _render_report(scenario_json, fmt, lang, plan)

    return make
