"""Prices on the page (issue 11): purchase options beside the server and node pickers, the lines
beside the machines and the month-by-month inputs (Assumptions tab), and the "Prices & 12 months"
tab: the saving both ways, the purchase-options table, the stacked hourly cost, the 12-month
chart with the As-Is buy dates, and the user's own price book (CSV/YAML upload)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from planner.catalog import resolve_instance
from planner.charts_pricing import fig_cost_stack, fig_months
from planner.i18n import col_label, fmt_pct, fmt_usd_price, t
from planner.i18n.assumptions import source_text
from planner.i18n.pricing import fmt_option
from planner.i18n.pricing_sources import basis_text
from planner.pricing import machine_rates, parse_price_book
from planner.report.pricing_section import lines_table, options_table
from planner.result import Plan
from planner.scenario import InstanceRef, PriceBookRow, ScenarioError
from planner.ui import state as S
from planner.ui.session import ensure_widget, flash, fold_widgets_into_base, load_base, ss
from planner.ui.inputs import widget

_CONTROLS = {c.key: c for c in S.PRICING_CONTROLS}
MAX_EVENT_LINES = 24


def _w(key: str, lang: str, defaults: dict[str, Any], fmt=None, **extra: Any) -> None:
    if fmt is not None:
        extra["format_func"] = fmt
    widget(_CONTROLS[key], key, lang, defaults, **extra)


def _opt(lang: str):
    return lambda o: t(f"pricing.opt.{o}", lang)


def _pay(lang: str):
    return lambda p: t(f"pricing.pay.{p}", lang)


def _rate_caption(prefix: str, option: str, years: int, payment: str, lang: str) -> None:
    """The price the picked option uses, with its basis and source (or that the book lacks it)."""
    ref = S.get_path(ss["base"], S.INSTANCE_PICKERS[prefix])
    try:
        inst = resolve_instance(InstanceRef(**{**ref, "instance_type": ss.get(f"{prefix}.instance_type") or
                                               ref["instance_type"], "provider": ss.get(f"{prefix}.provider"),
                                               "region": ss.get(f"{prefix}.region")}), prefix)
    except (ScenarioError, ValueError, TypeError):
        return
    try:
        rows = tuple(PriceBookRow(**r) for r in ss["base"]["pricing"]["price_book"])
    except (TypeError, ValueError):
        rows = ()
    rates = machine_rates(inst, rows)
    label = option if option in ("on_demand", "sustained_use", "spot") else f"{option} {years}y {payment}"
    r = rates.get(label)
    if r is not None:
        source = r.source if r.basis == "user" else source_text(r.source, lang)  # the user's own words as typed
        st.caption(t("pricing.price_row", lang, option=label if lang == "en" else fmt_option(label, lang),
                     price=fmt_usd_price(r.effective_usd_per_hour, lang), basis=basis_text(r.basis, lang),
                     source=source[:160] + ("…" if len(source) > 160 else "")))


def purchase_controls(side: str, lang: str, defaults: dict[str, Any]) -> None:
    """Purchase option inputs beside a machine picker (``side``: "as_is" or "to_be")."""
    for k in _CONTROLS:
        if k.startswith(side + "."):
            ensure_widget(k, defaults.get(k))
    c = st.columns(5)
    with c[0]:
        _w(f"{side}.hosting", lang, defaults, fmt=lambda h: t(f"pricing.hosting.{h}", lang))
    on_prem = ss.get(f"{side}.hosting") == "on_prem"
    if side == "as_is":
        with c[1]:
            _w("as_is.option", lang, defaults, fmt=_opt(lang), disabled=on_prem)
        committed = ss.get("as_is.option") in ("reserved", "savings_plan", "committed_use")
        with c[2]:
            _w("as_is.term", lang, defaults, disabled=on_prem or not committed)
        with c[3]:
            _w("as_is.payment", lang, defaults, fmt=_pay(lang), disabled=on_prem or not committed)
        if not on_prem:
            _rate_caption("asis", ss.get("as_is.option"), ss.get("as_is.term"), ss.get("as_is.payment"), lang)
    else:
        with c[1]:
            _w("to_be.commit_option", lang, defaults, fmt=_opt(lang), disabled=on_prem)
        with c[2]:
            _w("to_be.term", lang, defaults, disabled=on_prem)
        with c[3]:
            _w("to_be.payment", lang, defaults, fmt=_pay(lang), disabled=on_prem)
        with c[4]:
            _w("to_be.committed", lang, defaults, disabled=on_prem, placeholder=t("pricing.auto", lang))
        c2 = st.columns(5)
        with c2[0]:
            _w("to_be.spot_pct", lang, defaults, disabled=on_prem)
        if not on_prem:
            _rate_caption("node", ss.get("to_be.commit_option"), ss.get("to_be.term"), ss.get("to_be.payment"), lang)
    if on_prem:
        c = st.columns(5)
        for col, suffix in zip(c, ("host_price", "host_months", "host_power", "host_licence", "per_host")):
            with col:
                _w(f"{side}.{suffix}", lang, defaults)


def line_and_month_inputs(lang: str, defaults: dict[str, Any]) -> None:
    """The lines beside the machines (both plans) and the month-by-month inputs."""
    for k in _CONTROLS:
        ensure_widget(k, defaults.get(k))
    with st.expander(t("pricing.lines_inputs", lang), expanded=False):
        cols = st.columns(2)
        for col, side in zip(cols, ("as_is", "to_be")):
            with col:
                st.markdown(f"**{t(f'pricing.side.{side}', lang)}**")
                _w(f"{side}.lb", lang, defaults, fmt=lambda m: t(f"pricing.lb.{m}", lang))
                for suffix in ("nat", "nat_gb", "zones", "xz_gb", "disk", "agent", "licence", "fixed"):
                    _w(f"{side}.{suffix}", lang, defaults)
                if side == "to_be":
                    _w("to_be.support", lang, defaults, fmt=lambda m: t(f"pricing.support.{m}", lang))
    with st.expander(t("pricing.months_title", lang), expanded=False):
        c = st.columns(4)
        for col, key in zip(c, ("fc.months", "fc.start", "fc.growth_pct", "fc.lead")):
            with col:
                _w(key, lang, defaults)
        ensure_widget("fc.events_text", _events_text())
        st.text_area(t("pricing.events", lang), key="fc.events_text", height=80,
                     on_change=_cb_events, args=(lang,), placeholder=t("pricing.events_example", lang))


def _events_text() -> str:
    events = ss["base"].get("forecast", {}).get("events", [])
    return "\n".join(f"{e['start_date']}, {e['days']}, {e['load_factor']:g}, {e.get('name', '')}".rstrip(", ")
                     for e in events)


def parse_events(text: str) -> list[dict[str, Any]]:
    """``start date, days, load factor[, name]`` per line -> forecast events; ``ValueError`` names the line."""
    out = []
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) > MAX_EVENT_LINES:
        raise ValueError(f"at most {MAX_EVENT_LINES} events; got {len(lines)}")
    for i, line in enumerate(lines, 1):
        parts = [p.strip() for p in line.split(",")]
        try:
            start = date.fromisoformat(parts[0])
            days, factor = int(parts[1]), float(parts[2])
        except (IndexError, ValueError):
            raise ValueError(f"line {i}: expected 'YYYY-MM-DD, days, load factor[, name]'; got {line[:60]!r}") from None
        out.append({"name": ",".join(parts[3:])[:64], "start_date": start.isoformat(), "days": days,
                    "load_factor": factor})
    return out


def _cb_events(lang: str) -> None:
    try:
        events = parse_events(ss.get("fc.events_text") or "")
    except ValueError as exc:
        flash("error", t("pricing.book_error", lang, error=str(exc)))
        return
    base = fold_widgets_into_base()
    base["forecast"]["events"] = events
    ss["base"] = base


def with_book_rows(base: dict[str, Any], data: bytes, name: str) -> dict[str, Any]:
    """``base`` (a scenario dict) with the rows of a price book file as its ``pricing.price_book``;
    :class:`ScenarioError` names the file's line and field."""
    rows = parse_price_book(data, name)
    out = {**base, "pricing": {**base["pricing"], "price_book": [r.model_dump(mode="json") for r in rows]}}
    return out


def _cb_book(lang: str) -> None:
    f = ss.get("price_book_file")
    if f is None:
        return
    try:
        base = with_book_rows(fold_widgets_into_base(), f.getvalue(), f.name)
    except ScenarioError as exc:
        flash("error", t("pricing.book_error", lang, error="; ".join(f"{p}: {m}" for p, m in exc.problems[:5])))
        return
    load_base(base)


def _cb_book_clear() -> None:
    base = fold_widgets_into_base()
    base["pricing"]["price_book"] = []
    load_base(base)


def _table(df: pd.DataFrame, lang: str) -> pd.DataFrame:
    return df.rename(columns={c: col_label(c, lang) for c in df.columns})


def render(plan: Plan, lang: str) -> None:
    """The "Prices & 12 months" tab."""
    s = plan.summary
    if plan.purchase_options is not None:
        st.info(t("pricing.saving_both", lang, od=fmt_pct(s.savings_frac_on_demand, lang),
                  low=fmt_pct(s.savings_frac_cheapest, lang)))
        st.subheader(t("pricing.options_title", lang))
        st.caption(t("pricing.options_intro", lang))
        st.dataframe(_table(options_table(plan, lang), lang), width="stretch", hide_index=True, key="pricing_options")
    st.plotly_chart(fig_cost_stack(plan, lang), width="stretch", key="chart_cost_stack", theme=None)
    if plan.cost_lines is not None:
        st.subheader(t("pricing.lines_title", lang))
        st.dataframe(_table(lines_table(plan, lang), lang), width="stretch", hide_index=True, key="pricing_lines")
    st.subheader(t("pricing.months_title", lang))
    if plan.months is None:
        st.caption(t("pricing.months_none", lang))
    else:
        st.caption(t("pricing.months_intro", lang))
        st.plotly_chart(fig_months(plan, lang), width="stretch", key="chart_months", theme=None)
        st.dataframe(_table(plan.months, lang), width="stretch", hide_index=True, key="pricing_months")
    st.subheader(t("pricing.book_upload", lang))
    n = len(ss["base"]["pricing"]["price_book"])
    st.caption(t("pricing.book_loaded", lang, n=n))
    st.file_uploader(t("pricing.book_upload", lang), type=["csv", "yaml", "yml"], key="price_book_file",
                     on_change=_cb_book, args=(lang,), label_visibility="collapsed")
    if n:
        st.button(t("pricing.book_clear", lang), key="price_book_clear", on_click=_cb_book_clear)
