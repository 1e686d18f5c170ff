"""The verdict at the top of the page, as plain data (pure: no streamlit, testable on a Summary).

* :func:`saving_card` ``(summary, lang) -> Card(state, text, tag)``: the saving beside its risk. A
  saving is shown as a saving (green) only while To-Be leaves at most :data:`RISK_LIMIT_FRAC` of the
  requests unserved and its headroom stays at or above zero; otherwise the card is a warning with
  the reason (red: unserved share above the limit; amber: no headroom left). Issue 15 turns this
  into the "saving at equal risk" headline.
* :func:`warning_groups` ``(summary, lang)``: the plan's warnings (``Summary.warning_items``) grouped,
  To-Be risk first and the As-Is (baseline) notes apart, each as one line plus its full sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from planner.i18n import fmt_hour, fmt_num, fmt_pct, fmt_usd, t
from planner.i18n.card import short_warning_text
from planner.i18n.warnings import warning_text
from planner.result import Summary

#: Unserved share of all requests above which To-Be's saving is not shown as a saving [fraction]
#: (0.1 %: the threshold issue 16 names; the CLI's ``--max-shortfall-frac`` check is the user's own).
RISK_LIMIT_FRAC = 0.001

#: Card states, from good to bad. ``saving`` is green, ``costlier`` grey (no saving, risk within the
#: limit), ``caution`` amber (headroom below zero), ``risk`` red (unserved share above the limit).
STATES: tuple[str, ...] = ("saving", "costlier", "caution", "risk")


@dataclass(frozen=True)
class Card:
    """The saving card: ``state`` (one of :data:`STATES`), the sentence, and the short tag shown beside
    the saving figure."""

    state: str
    text: str
    tag: str


def card_state(summary: Summary) -> str:
    """``risk`` if To-Be's unserved share exceeds :data:`RISK_LIMIT_FRAC`, ``caution`` if its minimum
    headroom is below zero, else ``saving`` (or ``costlier`` when To-Be costs more)."""
    if summary.tobe_shortfall_frac > RISK_LIMIT_FRAC:
        return "risk"
    if summary.tobe_min_headroom_frac < 0:
        return "caution"
    return "saving" if summary.savings_usd_per_month >= 0 else "costlier"


def _worst(summary: Summary, lang: str) -> str:
    if summary.tobe_worst_hour is None:
        return t("no_shortfall_tobe", lang).rstrip(".")
    return t("card.worst", lang, hour=fmt_hour(summary.tobe_worst_hour, lang, summary.horizon_hours))


def saving_card(summary: Summary, lang: str = "en") -> Card:
    """The saving card of ``summary`` in ``lang`` (every number from the summary, in the one format)."""
    s = summary
    state = card_state(s)
    p: dict[str, Any] = {
        "pct": fmt_pct(s.savings_frac, lang), "saving": fmt_usd(s.savings_usd_per_month, lang),
        "extra": fmt_usd(-s.savings_usd_per_month, lang), "share": fmt_pct(s.tobe_shortfall_frac, lang),
        "n": fmt_num(s.tobe_shortfall_requests, lang), "headroom": fmt_pct(s.tobe_min_headroom_frac, lang),
        "limit": fmt_pct(RISK_LIMIT_FRAC, lang), "worst": _worst(s, lang),
    }
    more = s.savings_usd_per_month < 0
    if state in ("risk", "caution"):
        cost = t(f"card.{state}_cost_{'extra' if more else 'saving'}", lang, **p)
        text = t(f"card.{state}", lang, cost=cost, **{k: v for k, v in p.items()})
    elif state == "costlier":
        text = t("card.costlier", lang, **{**p, "pct": fmt_pct(-s.savings_frac, lang)})
    else:
        text = t("card.saving_within" if s.tobe_shortfall_requests > 0 else "card.saving_served", lang, **p)
    return Card(state, text, t(f"card.tag_{state}", lang, share=p["share"]))


#: Warning code -> group. Codes not listed (a new feature's) go to ``other``, shown last.
GROUP_OF: dict[str, str] = {
    "tobe_shortfall": "tobe_risk", "peak_above_max_replicas": "tobe_risk", "reached_max_replicas": "tobe_risk",
    "max_nodes_reached": "tobe_risk", "no_spare_node": "tobe_risk", "spot_haircut": "tobe_risk",
    "shortfall_band_step": "tobe_risk", "shortfall_band_linear": "tobe_risk", "shortfall_band_burst": "tobe_risk",
    "deploy_one_out": "asis", "asis_shortfall": "asis",
}
GROUP_ORDER: tuple[str, ...] = ("tobe_risk", "asis", "other")


@dataclass(frozen=True)
class WarningLine:
    code: str
    line: str  #: one line (what and where)
    detail: str  #: the full sentence (why and what to do)


@dataclass(frozen=True)
class WarningGroup:
    id: str  #: one of :data:`GROUP_ORDER`
    title: str
    lines: tuple[WarningLine, ...]


def warning_groups(summary: Summary, lang: str = "en") -> list[WarningGroup]:
    """The non-empty warning groups of ``summary`` in :data:`GROUP_ORDER`; within a group, the
    engine's order (service warnings first)."""
    horizon = summary.horizon_hours
    by_group: dict[str, list[WarningLine]] = {g: [] for g in GROUP_ORDER}
    for code, params in summary.warning_items:
        by_group[GROUP_OF.get(code, "other")].append(WarningLine(
            code, short_warning_text(code, params, lang, horizon), warning_text(code, params, lang, horizon)))
    return [WarningGroup(g, t(f"card.group_{g}", lang), tuple(lines)) for g, lines in by_group.items() if lines]
