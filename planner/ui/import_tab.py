"""The Import metrics tab (Prometheus or CloudWatch load with a preview, the CPU/memory fit shown
before it is accepted, bursts for hourly services), and the shortfall band under the headline.

The band (``planner.planning.shortfall_band``: the hourly loads run held, ramped and with bursts)
is cached per scenario beside the plan, so a re-run with the same inputs costs nothing; above
:data:`BAND_AUTO_MAX_SERVICE_STEPS` it waits for a click (two more engine runs of a large plan).
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import streamlit as st

from planner import metrics_import as mi
from planner.burst import BurstFitError
from planner.charts_realload import fig_imported_load, fig_usage_fit
from planner.i18n import fmt_num, t
from planner.loaders import MAX_UPLOAD_BYTES, MAX_UPLOAD_MB
from planner.planning import shortfall_band, with_band
from planner.report.realload import has_section, load_facts, step_text
from planner.result import Plan, Summary
from planner.scenario import Burst, ScenarioError, burst_trough_default, validate_scenario
from planner.scenario_io import scenario_to_dict
from planner.ui import state as S
from planner.ui.session import flash, fold_widgets_into_base, folded_tables, load_base, seed_widgets, ss

#: Plans up to this many service-steps get their band at once (the default scenario has 17,280; the
#: band adds two engine runs without frames, about +50 % of the plan's time); bigger ones on a click.
BAND_AUTO_MAX_SERVICE_STEPS = 300_000
STEP_CHOICES = tuple(s for s in range(1, 3601) if 3600 % s == 0)
RESOURCES = (("cpu", "imp_cpu", mi.CORES_TO_MILLICORES), ("memory", "imp_mem", mi.BYTES_TO_MIB))


# --- the band under the headline ---------------------------------------------------------------
@st.cache_data(max_entries=32, show_spinner=False)
def _cached_band(scenario_json: str, _main: Summary) -> dict | None:
    return shortfall_band(validate_scenario(json.loads(scenario_json)), None, _main)


def _auto(plan: Plan) -> bool:
    s = plan.summary
    return len(plan.scenario.services) * s.horizon_hours * 3600 // s.step_s <= BAND_AUTO_MAX_SERVICE_STEPS


def banded(plan: Plan, scenario_json: str | None) -> Plan:
    """``plan`` with its shortfall band filled (cached), when it is small or the user asked for it."""
    if plan is None or scenario_json is None or plan.summary.tobe_shortfall_frac_band is not None:
        return plan
    if all(s.load is not None for s in plan.scenario.services):
        return plan
    if not _auto(plan) and ss.get("band_for") != scenario_json:
        return plan
    return replace(plan, summary=with_band(plan.summary, _cached_band(scenario_json, plan.summary)))


def _cb_band(scenario_json: str) -> None:
    ss["band_for"] = scenario_json


def render_band(plan: Plan, scenario_json: str | None, lang: str) -> None:
    """The band metric and the load resolution, under the headline figures."""
    s = plan.summary
    if s.tobe_shortfall_frac_band is None and s.load_step_s >= 3600:
        st.button(t("realload.band_short", lang) + " ▸", key="band_compute", on_click=_cb_band, args=(scenario_json,),
                  help=t("realload.band_not_run", lang))
        return
    f = load_facts(plan, lang)
    c = st.columns([1, 1, 3])
    c[0].metric(t("realload.resolution_label", lang), f.resolution)
    if f.rows:
        burst = next(r.label for r in f.rows if r.variant == "burst")
        c[1].metric(t("realload.band_short", lang), f.band_text, help=t("realload.band_help", lang, burst=burst))
    c[2].caption(" ".join(f.sentences))


def explain_line(plan: Plan, lang: str) -> str | None:
    """One sentence for the Explain tab: the load resolution and the band (None without either)."""
    if not has_section(plan):
        return None
    f = load_facts(plan, lang)
    return t("realload.explain_resolution", lang, res=f.resolution, band=f.band_text)


# --- measured series in the load tab ----------------------------------------------------------
def fine_series_note(base: dict, lang: str) -> None:
    """List the services whose load is a measured series (they are not in the hourly table)."""
    fine = [s for s in base["services"] if s.get("load")]
    if not fine:
        return
    names = ", ".join(t("realload.fine_service", lang, name=s["name"], step=step_text(s["load"]["step_s"], lang),
                        hours=fmt_num(len(s["load"]["requests_per_s"]) * s["load"]["step_s"] / 3600, lang))
                      for s in fine)
    st.info(t("realload.fine_services", lang, names=names))


# --- reading the upload ----------------------------------------------------------------------------
@st.cache_data(max_entries=8, show_spinner=False)
def _parse(data: bytes, name: str, kind: str, label: str, values: str | None) -> tuple[Any, Any, list[str]]:
    """``(frame, meta, problems)`` of one upload; errors are returned (and cached) as a list."""
    try:
        frame, meta = mi.read_metrics_file(data, name, kind, label=label or "service", values=values,
                                           max_bytes=MAX_UPLOAD_BYTES)
    except mi.MetricsFileError as exc:
        return None, None, exc.problems
    return frame, meta, []


def _args(key: str) -> tuple | None:
    """``(data, name, kind, label, values)`` of an upload, the cache key of everything made from it."""
    f = ss.get(key)
    if f is None:
        return None
    return (f.getvalue(), f.name, ss.get("imp_kind", "prometheus"), ss.get("imp_label") or "service",
            ss.get("imp_values") if key == "imp_file" else "rate")


@st.cache_data(max_entries=8, show_spinner=False)
def _resample(args: tuple, step: int | None) -> tuple[Any, Any, list[str]]:
    """``(Resampled, meta, problems)`` of the load upload at ``step`` (parsed once per content)."""
    frame, meta, problems = _parse(*args)
    if frame is None:
        return None, None, problems
    try:
        return mi.to_resolution(frame, step, native_step_s=meta["native_step_s"]), meta, []
    except mi.MetricsFileError as exc:
        return None, meta, exc.problems


def _load() -> tuple[mi.Resampled | None, dict | None, list[str]]:
    """The resampled load of the current upload and settings."""
    args = _args("imp_file")
    return (None, None, []) if args is None else _resample(args, ss.get("imp_step"))


@st.cache_data(max_entries=16, show_spinner=False)
def _fit(load_args: tuple, step: int | None, usage_args: tuple, pods_args: tuple | None, replicas: int | None,
         resource: str, scale: float) -> dict[str, Any]:
    """``service -> UsageFit | UsageFitError`` of one resource (cached per uploads and settings)."""
    load = _resample(load_args, step)[0]
    frame, _, problems = _parse(*usage_args)
    if frame is None:
        return {"": mi.UsageFitError("; ".join(problems[:3]))}
    pods = _parse(*pods_args)[0] if pods_args is not None else None
    if pods is None and replicas is None:
        return {"": mi.UsageFitError(t("realload.fit_help", "en"))}
    return mi.fit_services(load, frame, resource, pods=pods, replicas=replicas, scale=scale)


def _fits() -> dict[str, dict[str, Any]]:
    """``resource -> service -> UsageFit | UsageFitError`` for the usage files uploaded."""
    out: dict[str, dict[str, Any]] = {}
    for resource, key, scale in RESOURCES:
        usage = _args(key)
        if usage is not None:
            out[resource] = _fit(_args("imp_file"), ss.get("imp_step"), usage, _args("imp_pods"),
                                 ss.get("imp_replicas") or None, resource, scale)
    return out


# --- callbacks -----------------------------------------------------------------------------------
def _base_with_tables() -> dict:
    """The base scenario with the widgets and the hourly tables as they are now."""
    base = fold_widgets_into_base()
    return S.build_scenario_dict(base, {}, S.current_loads(folded_tables()))


def _cb_apply(lang: str) -> None:
    load, meta, problems = _load()
    if load is None:
        return
    usage: dict[str, dict[str, float]] = {}
    for resource, fits in _fits().items():
        for name, fit in fits.items():
            if isinstance(fit, mi.UsageFit) and ss.get(f"imp_accept_{resource}_{name}"):
                usage.setdefault(name, {}).update(fit.usage_fields())
    hourly = bool(ss.get("imp_hourly"))
    bursts = mi.burst_fits(load) if hourly else None
    d = mi.merge_into(_base_with_tables(), mi.service_loads(load, hourly=hourly, bursts=bursts), usage)
    try:
        sc = validate_scenario(d)
    except ScenarioError as exc:
        names = [s["name"] for s in d["services"]]
        flash("error", t("realload.apply_failed", lang) + "\n\n" + "\n".join(
            f"- {S.problem_text(p, m, names)}" for p, m in exc.problems[:10]))
        return
    load_base(scenario_to_dict(sc))
    flash("success", t("realload.applied", lang, n=len(load.series), file=meta["file"]))


def _service_burst(name: str) -> dict | None:
    return next((s.get("burst") for s in ss["base"]["services"] if s["name"] == name), None)


def _cb_burst_service() -> None:
    b = _service_burst(ss.get("burst_service"))
    ss["burst_peak"] = float(b["peak_to_mean"]) if b else 2.0
    ss["burst_trough"] = float(b["trough_to_mean"]) if b and b.get("trough_to_mean") is not None else \
        burst_trough_default(ss["burst_peak"])
    ss["burst_shape"] = b.get("shape", "scattered") if b else "scattered"


def _cb_burst_fit(lang: str) -> None:
    load, _, _ = _load()
    name = ss.get("burst_fit_series")
    if load is None or name not in load.series:
        return
    fit = mi.burst_fits(load)[name]
    if isinstance(fit, BurstFitError):
        flash("error", str(fit))
        return
    b = fit.as_scenario()
    ss["burst_peak"], ss["burst_trough"], ss["burst_shape"] = b["peak_to_mean"], b["trough_to_mean"], b["shape"]
    flash("info", t("realload.burst_fitted", lang, series=name, p=f"{b['peak_to_mean']:g}", a=f"{b['trough_to_mean']:g}",
                    shape=t(f"realload.shape_{b['shape']}", lang), r2=f"{fit.r2_curve:.3f}"))


def _cb_burst_set(lang: str, remove: bool = False) -> None:
    name = ss.get("burst_service")
    burst = None
    if not remove:
        try:
            burst = Burst(peak_to_mean=ss.get("burst_peak"), trough_to_mean=ss.get("burst_trough"),
                          shape=ss.get("burst_shape", "scattered")).model_dump(mode="json")
        except Exception as exc:  # pydantic's ValidationError: shown, the inputs stay
            flash("error", t("realload.burst_invalid", lang, error=str(exc).splitlines()[-1][:300]))
            return
    base = fold_widgets_into_base()
    for s in base["services"]:
        if s["name"] == name:
            if remove:
                s.pop("burst", None)
            else:
                s["burst"] = burst
    ss["base"] = base
    seed_widgets(base)
    flash("success", t("realload.burst_removed" if remove else "realload.burst_set", lang, service=name))


def _cb_remove_fine(lang: str) -> None:
    name = ss.get("fine_remove_name")
    base = fold_widgets_into_base()
    if len(base["services"]) <= 1:
        flash("error", t("last_service", lang))
        return
    base["services"] = [s for s in base["services"] if s["name"] != name]
    ss["base"] = base
    seed_widgets(base)
    flash("success", f"− {name}")


# --- drawing -------------------------------------------------------------------------------------
def render(lang: str) -> None:
    """Draw the tab."""
    st.subheader(t("realload.import_header", lang))
    st.caption(t("realload.import_help", lang, mb=MAX_UPLOAD_MB))
    c = st.columns(3)
    c[0].selectbox(t("realload.kind", lang), mi.KINDS, key="imp_kind", format_func=lambda k: {"prometheus": "Prometheus",
                                                                                           "cloudwatch": "CloudWatch"}[k])
    if "imp_label" not in ss:
        ss["imp_label"] = "service"
    c[1].text_input(t("realload.label", lang), key="imp_label", max_chars=100)
    c[2].selectbox(t("realload.values", lang), [None, "rate", "count"], key="imp_values",
                   format_func=lambda v: t(f"realload.values_{v or 'auto'}", lang))
    st.file_uploader(t("realload.import_header", lang), type=["json", "csv", "txt"], key="imp_file",
                     label_visibility="collapsed")
    load, meta, problems = _load()
    if problems:
        name = ss["imp_file"].name if ss.get("imp_file") is not None else ""
        st.error(t("realload.read_failed", lang, file=name) + "\n\n" + "\n".join(f"- {p}" for p in problems[:20]))
    if load is not None:
        _preview(load, meta, lang)
        _fit_section(load, lang)
        st.button(t("realload.apply", lang), key="imp_apply", on_click=_cb_apply, args=(lang,), type="primary")
    _fine_section(lang)
    _burst_section(load, lang)


def _preview(load: mi.Resampled, meta: dict, lang: str) -> None:
    native = meta["native_step_s"]
    choices = [s for s in STEP_CHOICES if s >= native - 1e-6] or [3600]
    if ss.get("imp_step") not in choices:
        ss["imp_step"] = load.step_s if load.step_s in choices else choices[0]
    c = st.columns([1, 2])
    c[0].selectbox(t("realload.step", lang), choices, key="imp_step", format_func=lambda s: step_text(s, lang))
    c[1].checkbox(t("realload.as_hourly", lang), key="imp_hourly")
    st.success(t("realload.read_ok", lang, file=meta["file"], series=meta["series"], samples=fmt_num(meta["samples"], lang),
                 step=step_text(int(round(native)), lang) if native >= 1 else f"{native:g} s",
                 start=meta["start"].isoformat(), hours=load.hours, res=step_text(load.step_s, lang)))
    for note in list(meta["notes"]) + list(load.notes):
        st.info(note)
    st.dataframe(mi.describe(load), width="stretch", hide_index=True)
    st.plotly_chart(fig_imported_load(load, lang), width="stretch", key="imp_preview_chart", theme=None)


def _fit_section(load: mi.Resampled, lang: str) -> None:
    with st.expander(t("realload.fit_header", lang), expanded=bool(ss.get("imp_cpu") or ss.get("imp_mem"))):
        st.caption(t("realload.fit_help", lang))
        c = st.columns(4)
        c[0].file_uploader(t("realload.cpu_file", lang), type=["json", "csv", "txt"], key="imp_cpu")
        c[1].file_uploader(t("realload.memory_file", lang), type=["json", "csv", "txt"], key="imp_mem")
        c[2].file_uploader(t("realload.pods_file", lang), type=["json", "csv", "txt"], key="imp_pods")
        c[3].number_input(t("realload.replicas", lang), min_value=0, max_value=100_000, step=1, key="imp_replicas")
        for resource, fits in _fits().items():
            for name, fit in fits.items():
                if isinstance(fit, mi.UsageFitError):
                    st.warning(t("realload.fit_refused", lang, reason=str(fit)))
                    continue
                unit = "millicores" if resource == "cpu" else "MiB"
                st.markdown(t("realload.fit_result", lang, service=name, resource=resource, base=fmt_num(fit.base, lang, 2),
                              per=fmt_num(fit.per_rps, lang, 4), unit=unit, r2=f"{fit.r2:.4f}", n=fmt_num(fit.n, lang)))
                if fit.uncertain:
                    st.warning(t("realload.fit_uncertain", lang))
                st.plotly_chart(fig_usage_fit(fit, lang), width="stretch", key=f"imp_fit_chart_{resource}_{name}", theme=None)
                st.checkbox(t("realload.fit_accept", lang, service=name), key=f"imp_accept_{resource}_{name}")


def _fine_section(lang: str) -> None:
    fine = [s["name"] for s in ss["base"]["services"] if s.get("load")]
    if not fine:
        return
    fine_series_note(ss["base"], lang)
    c = st.columns([2, 1])
    if ss.get("fine_remove_name") not in fine:
        ss["fine_remove_name"] = fine[0]
    c[0].selectbox(t("remove_service", lang), fine, key="fine_remove_name")
    c[1].button(t("remove_service", lang), key="fine_remove", on_click=_cb_remove_fine, args=(lang,))


def _burst_section(load: mi.Resampled | None, lang: str) -> None:
    st.subheader(t("realload.burst_header", lang))
    st.caption(t("realload.burst_help", lang))
    hourly = [s["name"] for s in ss["base"]["services"] if s.get("load_requests_per_s") is not None]
    if not hourly:
        st.info(t("realload.no_hourly_services", lang))
        return
    if ss.get("burst_service") not in hourly:
        ss["burst_service"] = hourly[0]
        _cb_burst_service()
    c = st.columns(4)
    c[0].selectbox(t("realload.burst_service", lang), hourly, key="burst_service", on_change=_cb_burst_service)
    c[1].number_input(t("realload.burst_peak", lang), min_value=1.001, max_value=60.0, step=0.1, key="burst_peak",
                      format="%.3f")
    c[2].number_input(t("realload.burst_trough", lang), min_value=0.0, max_value=0.999, step=0.05, key="burst_trough",
                      format="%.3f")
    c[3].radio(t("realload.burst_shape", lang), ["scattered", "smooth"], key="burst_shape",
               format_func=lambda s: t(f"realload.shape_{s}", lang))
    if load is not None and 60 % load.step_s == 0:
        c = st.columns([2, 1])
        c[0].selectbox(t("realload.burst_from", lang), list(load.series), key="burst_fit_series")
        c[1].button(t("realload.burst_from", lang), key="burst_fit", on_click=_cb_burst_fit, args=(lang,))
    c = st.columns(2)
    c[0].button(t("realload.burst_apply", lang), key="burst_apply", on_click=_cb_burst_set, args=(lang,), type="primary")
    if _service_burst(ss["burst_service"]) is not None:
        c[1].button(t("realload.burst_remove", lang), key="burst_remove", on_click=_cb_burst_set, args=(lang, True))
