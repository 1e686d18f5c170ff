"""The Assumptions tab: As-Is servers, per-service pods and HPA, the To-Be cluster, grouped, with units."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.catalog import load_catalog
from planner.i18n import t
from planner.i18n.assumptions import source_text
from planner.ui import pricing_tab
from planner.ui import state as S
from planner.ui.context import PageState
from planner.ui.inputs import bounds, widget
from planner.ui.session import KEEP, drop_service_keys, ensure_widget, fold_widgets_into_base, ss

_CONTROLS = {c.key: c for c in S.GLOBAL_CONTROLS}
#: How the catalog's provider codes are written on the page.
PROVIDER_NAMES = {"aws": "AWS", "azure": "Azure", "gcp": "GCP"}
_widget = widget
_SVC_CONTROLS = {c.key: c for c in S.SERVICE_CONTROLS}


def _fix_machine(prefix: str, providers: list[str]) -> None:
    """Keep provider -> region -> type consistent: after a provider or region change, a region of that
    provider and a type of that region (the closest to the one before). Runs as the selectboxes'
    callback, so the plan of the same run already uses the fixed values."""
    pk, rk, tk = f"{prefix}.provider", f"{prefix}.region", f"{prefix}.instance_type"
    if ss.get(pk) not in providers:
        ss[pk] = providers[0]
    if ss[pk] == S.CUSTOM:
        return
    regions = S.regions(ss[pk])
    if ss.get(rk) not in regions:
        ss[rk] = regions[0]
    types = S.instance_types(ss[pk], ss[rk])
    if ss.get(tk) not in types:
        ss[tk] = _closest_type(ss.get(tk), types)


def _instance_picker(prefix: str, label_key: str, lang: str, defaults: dict[str, Any],
                     providers: list[str] | None = None) -> None:
    """Provider -> region -> instance type from the catalog, or a custom machine."""
    for f in S.INSTANCE_FIELDS:
        ensure_widget(f"{prefix}.{f}", defaults.get(f"{prefix}.{f}"))
    providers = providers or S.providers()
    pk, rk, tk = f"{prefix}.provider", f"{prefix}.region", f"{prefix}.instance_type"
    _fix_machine(prefix, providers)
    fix = {"on_change": _fix_machine, "args": (prefix, providers)}
    c1, c2, c3 = st.columns([1, 1, 2])
    c1.selectbox(t("provider", lang), providers, key=pk, **fix,
                 format_func=lambda p: t("provider_custom", lang) if p == S.CUSTOM else PROVIDER_NAMES.get(p, p))
    if ss[pk] == S.CUSTOM:
        c2.text_input(t(label_key, lang), key=f"{prefix}.custom_name")
        a, b, c = c3.columns(3)
        a.number_input(t("custom_vcpu", lang), min_value=bounds(f"{prefix}.custom_vcpu", 0.25, None)[0], step=1.0,
                       key=f"{prefix}.custom_vcpu")
        b.number_input(t("custom_mem", lang), min_value=bounds(f"{prefix}.custom_mem", 0.25, None)[0], step=1.0,
                       key=f"{prefix}.custom_mem")
        c.number_input(t("custom_price", lang), min_value=0.0, step=0.01, format="%.4f", key=f"{prefix}.custom_price")
        return
    c2.selectbox(t("region", lang), S.regions(ss[pk]), key=rk, **fix)
    c3.selectbox(t(label_key, lang), S.instance_types(ss[pk], ss[rk]), key=tk,
                 format_func=lambda it, p=ss[pk], r=ss[rk]: S.describe_instance(p, r, it, lang))


def _cb_pick_service() -> None:
    """Keep the edits of the service shown so far: its inputs disappear from the page."""
    ss["base"] = fold_widgets_into_base()
    drop_service_keys()


def _closest_type(previous: str | None, types: list[str]) -> str:
    """After a provider/region change: a type with the same vCPU and memory as before, else the first."""
    cat = load_catalog()
    prev = cat[cat.instance_type == previous]
    if not prev.empty:
        want = (float(prev.iloc[0].vcpu), float(prev.iloc[0].memory_gib))
        shapes = {r.instance_type: (float(r.vcpu), float(r.memory_gib)) for r in cat.itertuples(index=False)}
        for it in types:
            if shapes.get(it) == want:
                return it
    return types[0]


def render(ps: PageState) -> None:
    lang = ps.lang
    base = ss["base"]
    defaults = S.widget_values(base)

    st.subheader(t("grp_asis", lang))
    _instance_picker("asis", "server_type", lang, defaults)
    pricing_tab.purchase_controls("as_is", lang, defaults)
    c = st.columns(4)
    with c[0]:
        _widget(_CONTROLS["asis.target_pct"], "asis.target_pct", lang, defaults)
    with c[1]:
        _widget(_CONTROLS["asis.backups"], "asis.backups", lang, defaults)
    with c[2]:
        _widget(_CONTROLS["asis.os_cpu"], "asis.os_cpu", lang, defaults)
    with c[3]:
        _widget(_CONTROLS["asis.os_mem"], "asis.os_mem", lang, defaults)
    c = st.columns(4)
    with c[0]:
        _widget(_CONTROLS["asis.is_vm"], "asis.is_vm", lang, defaults)
    with c[1]:
        _widget(_CONTROLS["asis.vm_cpu"], "asis.vm_cpu", lang, defaults, disabled=not ss.get("asis.is_vm"))
    with c[2]:
        _widget(_CONTROLS["asis.vm_mem"], "asis.vm_mem", lang, defaults, disabled=not ss.get("asis.is_vm"))

    st.subheader(t("grp_services", lang))
    names = [svc["name"] for svc in base["services"]]
    if ss.get("svc_pick") not in names:
        ss["svc_pick"] = names[0]
    # one service at a time: the page draws 15 inputs instead of 15 per service (each Streamlit widget call
    # scans the session, so the cost of a re-run grows with the square of the widget count)
    st.radio(t("service_pick", lang), names, key="svc_pick", persist_state=KEEP, horizontal=True, on_change=_cb_pick_service)
    with st.container(border=True):
        _service_controls(names.index(ss["svc_pick"]), lang, defaults)

    st.subheader(t("grp_cluster", lang))
    _instance_picker("node", "node_type", lang, defaults)
    pricing_tab.purchase_controls("to_be", lang, defaults)
    rows = (("cluster.spare_nodes", "cluster.min_nodes", "cluster.max_nodes", "cluster.max_pods"),
            ("cluster.node_boot", "cluster.node_registration", "cluster.ds_ready", "cluster.max_prov_time"),
            ("cluster.alloc_formula", "cluster.ds_cpu", "cluster.ds_mem"))
    for row in rows:
        c = st.columns(4)
        for col, key in zip(c, row):
            with col:
                extra = {"format_func": lambda f: t("alloc_none", lang) if f == "none" else f.upper()} \
                    if key == "cluster.alloc_formula" else {}
                _widget(_CONTROLS[key], key, lang, defaults, **extra)
    c = st.columns(4)
    with c[0]:
        _widget(_CONTROLS["cp.mode"], "cp.mode", lang, defaults,
                format_func=lambda m: t("cp_managed" if m == "managed" else "cp_nodes", lang))
    if ss.get("cp.mode") == "managed":
        with c[1]:
            _widget(_CONTROLS["cp.fee"], "cp.fee", lang, defaults)
    else:
        with c[1]:
            _widget(_CONTROLS["cp.master_count"], "cp.master_count", lang, defaults)
        _instance_picker("master", "cp_master_type", lang, defaults)
    node = S.catalog_row(ss.get("node.provider"), ss.get("node.region"), ss.get("node.instance_type") or "")
    if node is not None:
        st.caption(t("catalog_source", lang, source=source_text(node.source, lang), as_of=node.as_of))
    pricing_tab.line_and_month_inputs(lang, defaults)


#: The HPA inputs with a help line (their meaning depends on the path or on the metrics pipeline).
_HELP = {"behavior": "hpa_behavior_help", "stab_legacy": "hpa_stab_legacy_help", "metrics_lag": "hpa_metrics_lag_help",
         "cpu_init": "hpa_cpu_init_help"}


def _service_extra(i: int, suffix: str, lang: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """Widget options of one service input: help lines, the behavior labels, and the inputs the HPA's
    path does not read disabled (behavior none reads no scale_up/scale_down, v2 no controller window)."""
    extra: dict[str, Any] = {"help": t(_HELP[suffix], lang)} if suffix in _HELP else {}
    behavior_key = S.service_key(i, "behavior")
    ensure_widget(behavior_key, defaults.get(behavior_key))
    legacy = ss.get(behavior_key) == "none"
    if suffix == "behavior":
        extra["format_func"] = lambda b: t(f"hpa_behavior_{b}", lang)
    elif suffix in ("stab_up", "stab_down"):
        extra["disabled"] = legacy
    elif suffix == "stab_legacy":
        extra["disabled"] = not legacy
    elif suffix == "backups":
        extra["placeholder"] = t("svc_backups_default", lang)
    return extra


def _service_controls(i: int, lang: str, defaults: dict[str, Any]) -> None:
    layout = (("req_cpu", "req_mem", "cpu_base", "cpu_rps", "mem_base", "mem_rps"),
              ("hpa_min", "hpa_max", "hpa_cpu_pct", "hpa_mem_pct", "tol_pct", "startup"),
              ("behavior", "stab_up", "stab_down", "stab_legacy", "metrics_lag", "cpu_init"),
              ("backups", "image_pull"))
    for row in layout:
        cols = st.columns(6)
        for col, suffix in zip(cols, row):
            key = S.service_key(i, suffix)
            with col:
                if suffix in S.METRIC_CONTROLS:
                    ensure_widget(key, defaults.get(key))
                    st.number_input(t("hpa_target_cpu" if suffix == "hpa_cpu_pct" else "hpa_target_mem", lang),
                                    min_value=0.0, max_value=100.0, step=5.0, key=key, format="%.1f")
                    # (0-100 % is exactly the model's (0, 1] target range, plus 0 = metric not used)
                else:
                    _widget(_SVC_CONTROLS[suffix], key, lang, defaults, **_service_extra(i, suffix, lang, defaults))
