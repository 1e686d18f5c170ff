"""The Load tab: the hourly table, presets, services, weekday/weekend, growth, file upload."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from planner.charts import fig_load_profiles
from planner.i18n import MESSAGES, col_label, fmt_num, t
from planner.i18n.uploads import upload_message
from planner.loaders import MAX_UPLOAD_MB, LoadFileError, loads_from_frame, read_load_file
from planner.presets import PresetError, preset_ids, preset_profile
from planner.scenario import Service
from planner.ui import state as S
from planner.ui.context import PageState
from planner.ui.session import (KEEP, editor_key, ensure_widget, flash, fold_widgets_into_base, folded_tables,
                                seed_widgets, ss, store_tables)
from planner.ui.widgets import uploader_texts
from planner.ui.import_tab import fine_series_note

DEFAULT_PRESET_PEAK_REQUESTS_PER_S = 500.0
UPLOAD_TYPES = ("csv", "txt", "xlsx", "xlsm")
TABLE_HEIGHT_PX = 35 * 25 + 3  # 24 rows + header, no inner scrolling


def preset_label(pid: str, lang: str) -> str:
    key = f"preset_{pid}"
    return t(key, lang) if key in MESSAGES else pid


# --- callbacks (run before the next script run) ----------------------------------------------
def _cb_weekly() -> None:
    lt = folded_tables()
    lt = S.to_week(lt) if ss["weekly"] else S.to_day(lt)
    store_tables(lt)


def _cb_to_day() -> None:
    store_tables(S.to_day(folded_tables()))


def _cb_apply_preset(lang: str) -> None:
    lt = folded_tables()
    name = ss.get("preset_service")
    if name not in lt.services:
        return
    tid = {S.MODE_DAY: "day", S.MODE_SERIES: "series"}.get(lt.mode) or ss.get("preset_day", "weekday")
    try:
        values = preset_profile(ss["preset_id"], ss["preset_peak"] if ss.get("preset_peak") is not None else 0.0)
    except PresetError as exc:
        flash("error", str(exc))
        return
    store_tables(S.set_column(lt, name, tid, values))
    day = {"day": t("every_day", lang), "series": t("every_day", lang), "weekday": t("weekday", lang),
           "weekend": t("weekend", lang)}[tid]
    flash("success", t("preset_applied", lang, preset=preset_label(ss["preset_id"], lang), service=name, day=day,
                       peak=fmt_num(ss["preset_peak"], lang, 1)))


def _new_service(name: str, loads: list[float]) -> dict[str, Any]:
    return Service(name=name, load_requests_per_s=tuple(loads)).model_dump(mode="json")


def _cb_add_service(lang: str) -> None:
    lt = folded_tables()
    name = ss.get("add_name") or ""
    err = S.check_service_name(name, [s["name"] for s in ss["base"]["services"]], lang)
    if err:
        flash("error", err)
        return
    try:
        values = preset_profile(ss.get("add_preset", "flat"), ss.get("add_peak") or 0.0)
    except PresetError as exc:
        flash("error", str(exc))
        return
    base = fold_widgets_into_base()
    base["services"].append(_new_service(name, values))
    ss["base"] = base
    store_tables(S.set_column(lt, name, next(iter(lt.tables)), values))
    seed_widgets(base)
    ss["add_name"] = ""
    flash("success", f"+ {name}")


def _cb_rename_service(lang: str) -> None:
    lt = folded_tables()
    old, new = ss.get("rename_from"), ss.get("rename_to") or ""
    if old not in lt.services:
        return
    err = S.check_service_name(new, [s["name"] for s in ss["base"]["services"]], lang, allow=old)
    if err:
        flash("error", err)
        return
    base = fold_widgets_into_base()
    for s in base["services"]:
        if s["name"] == old:
            s["name"] = new
    ss["base"] = base
    store_tables(S.rename_column(lt, old, new))
    seed_widgets(base)
    ss["rename_to"] = ""
    ss["rename_from"] = new
    flash("success", f"{old} → {new}")


def _cb_remove_service(lang: str) -> None:
    lt = folded_tables()
    name = ss.get("remove_name")
    if name not in lt.services:
        return
    if len(ss["base"]["services"]) <= 1:
        flash("error", t("last_service", lang))
        return
    base = fold_widgets_into_base()
    base["services"] = [s for s in base["services"] if s["name"] != name]
    ss["base"] = base
    store_tables(S.drop_column(lt, name))
    seed_widgets(base)
    flash("success", f"− {name}")


@st.cache_data(max_entries=8, show_spinner=False)
def _parse_upload(data: bytes, name: str) -> tuple[pd.DataFrame | None, dict | None, list[str]]:
    """Parse once per file content; errors come back as a list so they are cached too."""
    try:
        frame, meta = read_load_file(data, name)
    except LoadFileError as exc:
        return None, None, exc.problems
    return frame, meta, []


def _cb_apply_upload(lang: str) -> None:
    f = ss.get("load_file")
    if f is None:
        return
    frame, meta, problems = _parse_upload(f.getvalue(), f.name)
    if frame is None:
        return
    lt = folded_tables()
    loads = S.current_loads(lt)
    new = loads_from_frame(frame)
    base = fold_widgets_into_base()
    existing = {s["name"] for s in base["services"]}
    for name, values in new.items():
        loads[name] = values
        if name not in existing:
            base["services"].append(_new_service(name, values))
    for s in base["services"]:
        if s["name"] in new:
            s.pop("load", None)  # an uploaded hourly profile replaces a measured series
    orig = dict(lt.orig_len)
    orig.update({n: len(v) for n, v in new.items()})
    ss["base"] = base
    store_tables(S.tables_from_loads({s["name"]: loads[s["name"]] for s in base["services"] if s["name"] in loads},
                                     orig))
    seed_widgets(base)
    flash("success", t("upload_applied", lang, name=f.name))


# --- drawing ---------------------------------------------------------------------------------
@st.cache_resource(max_entries=32, show_spinner=False)
def _profile_figure(loads: tuple[tuple[str, tuple[float | None, ...]], ...], lang: str, height: int, title: str):
    """The small profile chart beside the table (shared read-only, rebuilt only when a value changes)."""
    return fig_load_profiles(dict(loads), lang, height=height, title=title)


def _editor(table_id: str, df: pd.DataFrame, lang: str) -> pd.DataFrame:
    config: dict[str, Any] = {c: st.column_config.NumberColumn(str(c), help=t("load_header", lang), format="%.1f")
                              for c in df.columns}
    config["_index"] = st.column_config.NumberColumn(col_label("hour", lang, with_unit=False), disabled=True)
    try:
        return st.data_editor(df, key=editor_key(table_id), num_rows="fixed", column_config=config,
                              width="stretch", height=TABLE_HEIGHT_PX if len(df) <= 24 else 600)
    except (KeyError, ValueError, TypeError, IndexError):
        # widget state that names an unknown column or row (sent by a crafted client; Streamlit's own
        # edit folding raises on it): drop those edits, start the editors afresh
        ss["editor_ver"] = ss.get("editor_ver", 0) + 1
        return st.data_editor(df, key=editor_key(table_id), num_rows="fixed", column_config=config,
                              width="stretch", height=TABLE_HEIGHT_PX if len(df) <= 24 else 600)


def read_input(lang: str) -> tuple[dict[str, list[float]] | None, list[str]]:
    """The per-service loads of the tables with their pending edits (None while a cell is bad) and the
    cell problems, without drawing anything: the page plans before it draws, and the tables count
    whichever section is open."""
    lt = folded_tables()
    values, problems = S.read_tables(lt, lang)
    return (None if problems else S.loads_from_values(lt, values)), problems


def render(ps: PageState) -> None:
    """Draw the tab: growth and weekday/weekend, the table beside its chart and the presets, services,
    file upload."""
    lang = ps.lang
    lt: S.LoadTables = ss["load_tables"]
    c1, c2 = st.columns([1, 2])
    with c1:
        ensure_widget("growth_pct", S.widget_values(ss["base"])["growth_pct"])
        st.number_input(t("growth", lang), min_value=-99.0, max_value=10000.0, step=5.0, key="growth_pct",
                        help=t("growth_help", lang), format="%.1f")
    with c2:
        if lt.mode == S.MODE_SERIES:
            st.info(t("series_note", lang, hours=len(lt.tables["series"])))
            st.button(t("to_day_btn", lang), key="to_day", on_click=_cb_to_day)
        else:
            ensure_widget("weekly", lt.mode == S.MODE_WEEK)
            st.toggle(t("weekly_toggle", lang), key="weekly", on_change=_cb_weekly)

    st.subheader(t("load_header", lang))
    st.caption(t("load_help", lang))
    # the table needs ~60 px + ~110 px per service; the chart and the preset names need the rest
    left, right = st.columns([1, 1], gap="medium")
    edited: dict[str, pd.DataFrame] = {}
    with left:
        ids = S.TABLES_OF_MODE[lt.mode]
        if len(ids) == 1:
            edited[ids[0]] = _editor(ids[0], lt.tables[ids[0]], lang)
        else:
            for tab, tid in zip(st.tabs([t("day_weekday", lang), t("day_weekend", lang)]), ids):
                with tab:
                    edited[tid] = _editor(tid, lt.tables[tid], lang)
    current = S.LoadTables(lt.mode, edited, dict(lt.orig_len))
    values, problems = S.read_tables(current, lang)
    with right:
        if problems:
            st.error(t("cell_errors", lang) + "\n\n" + "\n".join(f"- {p}" for p in problems[:30]))
        for tid in ids:
            title = "" if len(ids) == 1 else t(f"day_{tid}", lang)
            shown = tuple((n, tuple(None if v != v else v for v in vals)) for n, vals in values[tid].items())
            st.plotly_chart(_profile_figure(shown, lang, 280 if len(ids) > 1 else 340, title),
                            width="stretch", key=f"profile_chart_{tid}", theme=None)
        if lt.services:
            _preset_form(lt, lang)
    _services_form(lt, lang)
    fine_series_note(ss["base"], lang)
    _upload_form(lang)


def _preset_form(lt: S.LoadTables, lang: str) -> None:
    st.markdown(f"**{t('preset_header', lang)}**")
    services = lt.services
    if ss.get("preset_service") not in services:
        ss["preset_service"] = services[0]
    ensure_widget("preset_id", "daytime_web")
    ensure_widget("preset_peak", DEFAULT_PRESET_PEAK_REQUESTS_PER_S)
    # the preset's name on its own line: the trace presets' names are long
    st.selectbox(t("preset", lang), preset_ids(), key="preset_id", persist_state=KEEP, format_func=lambda p: preset_label(p, lang))
    a, b, c = st.columns(3)
    a.selectbox(t("service_pick", lang), services, key="preset_service", persist_state=KEEP)
    b.number_input(t("preset_peak", lang), min_value=0.0, step=50.0, key="preset_peak", persist_state=KEEP)
    if lt.mode == S.MODE_WEEK:
        ensure_widget("preset_day", "weekday")
        c.radio(t("day_kind", lang), ["weekday", "weekend"], key="preset_day", persist_state=KEEP,
                format_func=lambda d: t(f"day_{d}", lang))
    st.button(t("apply_preset", lang), key="preset_apply", on_click=_cb_apply_preset, args=(lang,), type="primary")


def _services_form(lt: S.LoadTables, lang: str) -> None:
    box = st.expander(t("services_header", lang), key="services_box", on_change="rerun")
    with box:
        if not box.open:  # drawn only while open: its nine inputs would cost every re-run of the tab
            return
        services = lt.services
        c1, c2, c3 = st.columns(3)
        with c1:
            st.markdown(f"**{t('add_service', lang)}**")
            ensure_widget("add_preset", "flat")
            ensure_widget("add_peak", 100.0)
            st.text_input(t("new_service_name", lang), key="add_name", persist_state=KEEP, max_chars=S.MAX_NAME_CHARS)
            st.selectbox(t("preset", lang), preset_ids(), key="add_preset", persist_state=KEEP, format_func=lambda p: preset_label(p, lang))
            st.number_input(t("preset_peak", lang), min_value=0.0, step=50.0, key="add_peak", persist_state=KEEP)
            st.button(t("add_service", lang), key="add_btn", on_click=_cb_add_service, args=(lang,))
        if not services:  # every service is a measured series (the import tab removes those)
            return
        with c2:
            st.markdown(f"**{t('rename_service', lang)}**")
            if ss.get("rename_from") not in services:
                ss["rename_from"] = services[0]
            st.selectbox(t("service_pick", lang), services, key="rename_from", persist_state=KEEP)
            st.text_input(t("new_name", lang), key="rename_to", persist_state=KEEP, max_chars=S.MAX_NAME_CHARS)
            st.button(t("rename_service", lang), key="rename_btn", on_click=_cb_rename_service, args=(lang,))
        with c3:
            st.markdown(f"**{t('remove_service', lang)}**")
            if ss.get("remove_name") not in services:
                ss["remove_name"] = services[-1]
            st.selectbox(t("service_pick", lang), services, key="remove_name", persist_state=KEEP)
            st.button(t("remove_service", lang), key="remove_btn", on_click=_cb_remove_service, args=(lang,))


def _upload_form(lang: str) -> None:
    box = st.expander(t("upload_header", lang), key="upload_box", on_change="rerun")
    with box:
        if not box.open:
            return
        st.caption(t("upload_help", lang, mb=MAX_UPLOAD_MB))
        uploader_texts(lang, "load_file", UPLOAD_TYPES)
        f = st.file_uploader(t("upload_header", lang), type=list(UPLOAD_TYPES), key="load_file",
                             label_visibility="collapsed")
        if f is None:
            return
        data = f.getvalue()
        frame, meta, problems = _parse_upload(data, f.name)
        if frame is None:
            st.error(t("upload_failed", lang, name=f.name) + "\n\n"
                     + "\n".join(f"- {upload_message(p, lang)}" for p in problems))
            return
        st.success(t("upload_ok", lang, n=len(frame.columns), hours=len(frame), name=f.name,
                     layout=t(f"layout_{meta['layout']}", lang)))
        for note in meta.get("notes", []):
            st.info(upload_message(note, lang))
        c1, c2 = st.columns([2, 3])
        c1.markdown(f"**{t('upload_preview', lang)}**")
        c1.dataframe(frame.head(24), width="stretch", height=300)
        c2.plotly_chart(fig_load_profiles(loads_from_frame(frame), lang, height=300, title=""),
                        width="stretch", key="upload_preview_chart", theme=None)
        st.button(t("upload_apply", lang), key="load_file_apply", on_click=_cb_apply_upload, args=(lang,),
                  type="primary")
