"""Explain tables: why To-Be scaled or held, per hour and per step. Pure (no streamlit).

All numbers and reason codes are the engine's (``plan.hourly``, ``plan.cluster_hourly``,
``plan.steps``, ``plan.cluster_steps``); this module only arranges and labels them.
"""

from __future__ import annotations

from collections import Counter

import pandas as pd

from planner.i18n import col_label, fmt_hour, reason_text, t
from planner.result import Plan

_NO_CHANGE_NODE = "Steady"


def node_reason_summary(codes: pd.Series) -> str:
    """``"ScaleUp ×2, Provisioning ×12"``: the node reasons of one hour other than Steady, most frequent
    first; ``"Steady"`` when nothing else happened."""
    counts = Counter(str(c) for c in codes if str(c) != _NO_CHANGE_NODE)
    if not counts:
        return _NO_CHANGE_NODE
    return ", ".join(f"{code} ×{n}" for code, n in counts.most_common())


def explain_hourly(plan: Plan, lang: str = "en") -> pd.DataFrame:
    """One row per hour: nodes (mean, max), node reasons, per service desired pods and the HPA reason,
    and the requests not served in time."""
    ch = plan.cluster_hourly.set_index("hour")
    h = plan.summary.horizon_hours
    out = pd.DataFrame(index=ch.index)
    out[col_label("hour", lang, with_unit=False)] = [fmt_hour(x, lang, h) for x in ch.index]
    out[col_label("nodes_requested", lang)] = ch["nodes_requested"].round(2)
    out[col_label("nodes_requested_max", lang)] = ch["nodes_requested_max"]
    if plan.cluster_steps is not None:
        by_hour = plan.cluster_steps.groupby("hour")["node_reason"].apply(node_reason_summary)
        out[col_label("node_reason", lang, with_unit=False)] = by_hour.reindex(ch.index).fillna(_NO_CHANGE_NODE)
    hourly = plan.hourly
    for s in plan.scenario.services:
        rows = hourly[hourly["service"] == s.name].set_index("hour").reindex(ch.index)
        out[f"{s.name}: {col_label('desired_replicas', lang)}"] = rows["desired_replicas"].round(2)
        out[f"{s.name}: {col_label('hpa_reason', lang, with_unit=False)}"] = rows["hpa_reason"]
    out[col_label("shortfall_requests", lang)] = ch["shortfall_requests"].round(0)
    return out.reset_index(drop=True)


def _clock(time_s: int) -> str:
    hours, rest = divmod(int(time_s), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def explain_steps(plan: Plan, hour: int, lang: str = "en", changes_only: bool = False) -> pd.DataFrame | None:
    """Every step of ``hour``: per service load, HPA recommendation, desired and ready pods and the HPA
    reason; then the node counts and the node reason. None when the plan kept no per-step frames.

    ``changes_only`` keeps the first step and every step where a count or a reason differs from the
    step before (what a sceptic wants to see)."""
    if plan.steps is None or plan.cluster_steps is None:
        return None
    steps = plan.steps[plan.steps["hour"] == hour]
    cl = plan.cluster_steps[plan.cluster_steps["hour"] == hour].set_index("time_s")
    out = pd.DataFrame(index=cl.index)
    out[col_label("time_s", lang, with_unit=False)] = [_clock(x) for x in cl.index]
    fields = ("load_requests_per_s", "raw_recommendation", "desired_replicas", "ready_pods", "pending_pods",
              "hpa_reason")
    for s in plan.scenario.services:
        rows = steps[steps["service"] == s.name].set_index("time_s").reindex(cl.index)
        for f in fields:
            out[f"{s.name}: {col_label(f, lang, with_unit=f != 'hpa_reason')}"] = rows[f]
    for f in ("nodes_needed", "nodes_requested", "nodes_ready"):
        out[col_label(f, lang)] = cl[f]
    out[col_label("node_reason", lang, with_unit=False)] = cl["node_reason"]
    out = out.reset_index(drop=True)
    if changes_only and len(out) > 1:
        data = out.drop(columns=[out.columns[0]])
        load_cols = [c for c in data.columns if c.endswith(col_label("load_requests_per_s", lang))]
        watched = data.drop(columns=load_cols)
        changed = (watched != watched.shift(1)).any(axis=1)
        changed.iloc[0] = True
        out = out[changed].reset_index(drop=True)
    return out


def reason_legend(plan: Plan, lang: str = "en") -> pd.DataFrame:
    """The reason codes that occur in the plan with their meaning (HPA first, then nodes)."""
    rows = []
    hpa_codes = plan.steps["hpa_reason"] if plan.steps is not None else plan.hourly["hpa_reason"]
    for code in map(str, pd.unique(hpa_codes)):
        rows.append(("HPA", code, reason_text(code, lang, "hpa")))
    if plan.cluster_steps is not None:
        for code in map(str, pd.unique(plan.cluster_steps["node_reason"])):
            rows.append((t("node_col", lang), code, reason_text(code, lang, "node")))
    return pd.DataFrame(rows, columns=[t("reason_kind_col", lang), t("reason_col", lang), t("meaning_col", lang)])
