"""The Environments & manifests tab: the environments table, cost per environment and per option,
and the manifests as a zip download.

The table is drawn before the scenario is built (its rows become ``environments``); the costs and
the download after the plan. The row <-> scenario logic is pure (:func:`rows_frame`,
:func:`environments_from_frame`) and tested without streamlit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from planner.env_costs import OPTIONS, environment_costs
from planner.i18n import col_label, fmt_pct, t
from planner.i18n.environments import note_text, option_label
from planner.manifests import (DEFAULT_K8S_VERSION, LAYOUTS, MAX_K8S_VERSION, MIN_K8S_VERSION, NODE_AUTOSCALERS,
                               ManifestError, render_manifests, zip_manifests)
from planner.result import Plan
from planner.scenario import APP_WORK_BUDGET, Scenario, ScenarioError
from planner.ui.session import ss

#: Columns of the environments table (planner.scenario.Environment fields people edit here).
ROW_FIELDS = ("name", "load_scale", "schedule", "scale_to_zero", "min_replicas", "max_replicas", "backup_servers")
EXAMPLE = [{"name": "prod"}, {"name": "stage", "load_scale": 0.2, "min_replicas": 1},
           {"name": "dev", "load_scale": 0.05, "schedule": "weekdays 08-20", "scale_to_zero": True, "min_replicas": 1}]
VERSIONS = [f"1.{m}" for m in range(MIN_K8S_VERSION[1], MAX_K8S_VERSION[1] + 1)]


# --- pure: rows <-> environments ---------------------------------------------------------------------------
def rows_frame(environments: list[dict[str, Any]]) -> pd.DataFrame:
    """The table of ``environments`` (scenario dicts), one row each."""
    rows = [{"name": e.get("name", ""), "load_scale": float(e.get("load_scale", 1.0)),
             "schedule": e.get("schedule", "always"), "scale_to_zero": bool(e.get("scale_to_zero", False)),
             "min_replicas": e.get("min_replicas"), "max_replicas": e.get("max_replicas"),
             "backup_servers": e.get("backup_servers")} for e in environments]
    df = pd.DataFrame(rows, columns=list(ROW_FIELDS))
    for c in ("min_replicas", "max_replicas", "backup_servers"):
        df[c] = pd.array(df[c], dtype="Int64")
    df["load_scale"] = df["load_scale"].astype("float64")
    df["scale_to_zero"] = df["scale_to_zero"].astype("bool")
    return df.astype({"name": "object", "schedule": "object"})


def _missing(v: Any) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or (isinstance(v, str) and not v.strip())


def environments_from_frame(df: pd.DataFrame, base: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """``(environments, problems)`` from the edited table: rows without a name are dropped; fields not
    in the table (time_zone, config) are kept from ``base`` by name; blank numbers mean "the
    service's own". The scenario model checks the rest and names the field."""
    by_name = {e.get("name"): e for e in base}
    out, problems = [], []
    for i, rec in enumerate(df.to_dict(orient="records"), start=1):
        if _missing(rec.get("name")):
            continue
        name = str(rec["name"]).strip()
        e = {k: v for k, v in by_name.get(name, {}).items() if k not in ROW_FIELDS}
        e["name"] = name
        e["load_scale"] = 1.0 if _missing(rec.get("load_scale")) else rec["load_scale"]
        e["schedule"] = "always" if _missing(rec.get("schedule")) else str(rec["schedule"]).strip()
        e["scale_to_zero"] = bool(rec.get("scale_to_zero")) if not _missing(rec.get("scale_to_zero")) else False
        for k in ("min_replicas", "max_replicas", "backup_servers"):
            v = rec.get(k)
            if _missing(v):
                e[k] = None
            elif float(v) != int(float(v)):
                problems.append(t("environments.row_problem", "en", row=i, problem=f"{k}: a whole number; got {v}"))
            else:
                e[k] = int(float(v))
        out.append(e)
    return out, problems


# --- the page -------------------------------------------------------------------------------------------------
def _editor_key() -> str:
    return f"env_editor_{ss.get('env_editor_ver', 0)}_{ss.get('editor_ver', 0)}"


def _set_environments(envs: list[dict[str, Any]]) -> None:
    ss["base"] = dict(ss["base"], environments=envs)
    ss["env_editor_ver"] = ss.get("env_editor_ver", 0) + 1


def store_environments(envs: list[dict[str, Any]]) -> None:
    """Take the table's edits into the scenario (a fresh editor then shows them as its rows)."""
    _set_environments(envs)


def render_inputs(lang: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Draw the environments table; ``(environments, problems)`` for the scenario being built."""
    st.subheader(t("environments.title", lang))
    st.caption(t("environments.intro", lang))
    base = list(ss["base"].get("environments") or [])
    c1, c2 = st.columns(2)
    c1.button(t("environments.example", lang), key="env_example", on_click=_set_environments, args=(EXAMPLE,))
    c2.button(t("environments.clear", lang), key="env_clear", on_click=_set_environments, args=([],))
    labels = {f: t(f"environments.col.{f}", lang) for f in ROW_FIELDS}  # headers in the page's language
    edited = st.data_editor(rows_frame(base).rename(columns=labels), key=_editor_key(), num_rows="dynamic",
                            hide_index=True, width="stretch")
    st.caption(t("environments.editor_help", lang))
    return environments_from_frame(edited.rename(columns={v: k for k, v in labels.items()}), base)


@st.cache_data(max_entries=8, show_spinner=False)
def _costs(scenario_json: str, _scenario: Scenario, _plan: Plan):
    return environment_costs(_scenario, _plan, budget=APP_WORK_BUDGET)


def _options_table(costs, lang: str, money: Callable[[float], str]) -> pd.DataFrame:
    cp = {"shared": costs.shared_control_plane_usd_per_month,
          "per_environment": costs.per_environment_control_plane_usd_per_month}
    return pd.DataFrame({t("environments.option", lang): [option_label(o, lang) for o in OPTIONS],
                         t("environments.per_month", lang): [money(costs.option_usd_per_month(o)) for o in OPTIONS],
                         t("environments.control_plane", lang): [money(cp[o]) if o in cp else "" for o in OPTIONS]})


def _env_table(costs, lang: str, money: Callable[[float], str]) -> pd.DataFrame:
    df = costs.table.copy()
    for c in df.columns:
        if c.endswith("usd_per_month"):
            df[c] = df[c].map(money)
    df["active_hours_frac"] = df["active_hours_frac"].map(lambda x: fmt_pct(x, lang))
    return df.rename(columns={c: col_label(c, lang) for c in df.columns})


def render_results(plan: Plan | None, scenario: Scenario | None, scenario_json: str | None, lang: str,
                   money: Callable[[float], str]) -> None:
    """Cost per option and environment (with environments), then the manifests download."""
    if scenario is None or plan is None:
        return
    if not scenario.environments:
        st.info(t("environments.none", lang))
    else:
        try:
            costs = _costs(scenario_json, scenario, plan)
        except ScenarioError as exc:
            st.warning(t("environments.computing_failed", lang, error=str(exc)[:400]))
        else:
            st.dataframe(_options_table(costs, lang, money), hide_index=True, key="env_options")
            st.caption(t("environments.cheapest", lang, option=option_label(costs.cheapest_option, lang)))
            st.markdown(f"**{t('environments.per_env_title', lang)}**")
            st.dataframe(_env_table(costs, lang, money), hide_index=True, key="env_table")
            for code, params in costs.notes:
                st.caption(note_text(code, params, lang))
    _manifests(scenario, lang)


def _manifests(scenario: Scenario, lang: str) -> None:
    st.subheader(t("environments.manifests_title", lang))
    st.caption(t("environments.manifests_intro", lang))
    c1, c2, c3 = st.columns(3)
    version = c1.selectbox(t("environments.k8s_version", lang), VERSIONS, index=VERSIONS.index(DEFAULT_K8S_VERSION),
                           key="mf_version")
    layout = c2.radio(t("environments.layout", lang), LAYOUTS, key="mf_layout",
                      format_func=lambda k: t(f"environments.layout_{k}", lang))
    autoscaler = c3.radio(t("environments.node_autoscaler", lang), NODE_AUTOSCALERS, key="mf_autoscaler")
    try:
        files = render_manifests(scenario, k8s_version=version, layout=layout, node_autoscaler=autoscaler)
    except (ManifestError, ValueError) as exc:
        st.error(t("environments.manifests_failed", lang, error=str(exc)[:400]))
        return
    from planner.ui.library import slug

    st.download_button(t("environments.download_zip", lang), zip_manifests(files),
                       file_name=f"{slug(scenario.name)}-manifests-{version}.zip", mime="application/zip", key="dl_manifests")
    st.caption(t("environments.files", lang, count=len(files)))
    pick = st.selectbox(t("environments.preview", lang), list(files), key="mf_preview")
    st.code(files[pick], language="markdown" if pick.endswith(".md") else "yaml")
