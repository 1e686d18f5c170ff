"""Drawing one scenario input (a :class:`planner.ui.state.Control`) as its Streamlit widget, with
the widget's bounds widened to hold the current value. Shared by the Assumptions inputs and the
pricing inputs."""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.i18n import t
from planner.ui import state as S
from planner.ui.session import ensure_widget, ss


def widget(ctrl: S.Control, key: str, lang: str, defaults: dict[str, Any], **extra: Any) -> None:
    """Draw ``ctrl`` under ``key`` (seeded from ``defaults`` when the session has no value)."""
    ensure_widget(key, defaults.get(key))
    label = t(ctrl.label, lang)
    if ctrl.kind == "bool":
        st.checkbox(label, key=key, **extra)
    elif ctrl.kind == "select":
        options = list(ctrl.options)
        if ss.get(key) not in options:
            options.append(ss.get(key))
        st.selectbox(label, options, key=key, format_func=extra.pop("format_func", str), **extra)
    elif ctrl.kind in ("text", "auto_int"):
        st.text_input(label, key=key, **extra)
    elif ctrl.kind in ("int", "opt_int"):
        lo, hi = bounds(key, ctrl.min_value, ctrl.max_value)
        st.number_input(label, min_value=None if lo is None else int(lo), max_value=None if hi is None else int(hi),
                        step=int(ctrl.step or 1), key=key, **extra)
    else:
        lo, hi = bounds(key, ctrl.min_value, ctrl.max_value)
        st.number_input(label, min_value=lo, max_value=hi, step=ctrl.step, key=key,
                        format="%.2f" if (ctrl.step or 1) < 1 else "%.1f", **extra)


def bounds(key: str, lo: float | None, hi: float | None) -> tuple[float | None, float | None]:
    """Widget bounds widened to hold the current value: a scenario file may hold values the model accepts
    beyond the usual range (e.g. 5000 backups); Streamlit would refuse to draw the widget otherwise."""
    v = ss.get(key)
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if lo is not None and v < lo:
            lo = type(lo)(v) if isinstance(lo, float) else v
        if hi is not None and v > hi:
            hi = type(hi)(v) if isinstance(hi, float) else v
    return lo, hi
