"""What every report says first: the decision in two sentences and the headline figures.

Built once from :class:`planner.result.Summary` so the HTML, PDF, Markdown and Excel reports agree.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from planner.i18n import fmt_hour, fmt_pct, fmt_usd, fmt_value, summary_label, summary_unit, t
from planner.i18n.pricing import fmt_option
from planner.result import Summary


def _hour(hour: int | None, summary: Summary, lang: str) -> str:
    return "–" if hour is None else fmt_hour(hour, lang, summary.horizon_hours)


def both_ways_sentence(summary: Summary, options, lang: str = "en") -> str:
    """The saving under on-demand on both sides AND under each side's cheapest purchase option
    (``options``: :attr:`planner.result.Plan.purchase_options`), so neither is quoted alone."""
    from planner.pricing import cheapest

    s = summary
    a, b = cheapest(options, "as_is"), cheapest(options, "to_be")
    params = {"asis_option": fmt_option(str(a.option), lang),
              "tobe_option": fmt_option(str(b.option), lang, int(b.committed) if b.committed else None),
              "od_pct": fmt_pct(abs(s.savings_frac_on_demand), lang), "low_pct": fmt_pct(abs(s.savings_frac_cheapest), lang),
              "od_saving": fmt_usd(s.savings_usd_per_month_on_demand), "od_extra": fmt_usd(-s.savings_usd_per_month_on_demand),
              "low_saving": fmt_usd(s.savings_usd_per_month_cheapest), "low_extra": fmt_usd(-s.savings_usd_per_month_cheapest)}
    key = {(True, True): "both_ways", (True, False): "both_ways_extra", (False, True): "both_ways_od_extra",
           (False, False): "both_ways_all_extra"}[(s.savings_usd_per_month_on_demand >= 0,
                                                  s.savings_usd_per_month_cheapest >= 0)]
    return t(f"pricing.{key}", lang, **params)


def decision_sentences(summary: Summary, lang: str = "en", options=None) -> tuple[str, str]:
    """The decision: (cost sentence, risk sentence), plain text (escape before use in markup). With
    ``options`` (the plan's purchase options) the cost sentence also states the saving under
    on-demand and under each side's cheapest purchase option."""
    s = summary
    names = {"tobe_long": t("report.to_be_long", lang), "asis_long": t("report.as_is_long", lang),
             "tobe": fmt_usd(s.tobe_usd_per_month), "asis": fmt_usd(s.asis_usd_per_month)}
    if s.savings_usd_per_month >= 0:
        cost = t("report.decision_saving", lang, saving=fmt_usd(s.savings_usd_per_month),
                 pct=fmt_pct(s.savings_frac, lang), **names)
    else:
        cost = t("report.decision_extra", lang, extra=fmt_usd(-s.savings_usd_per_month),
                 pct=fmt_pct(-s.savings_frac, lang), **names)

    if options is not None and len(options):
        cost = f"{cost} {both_ways_sentence(s, options, lang)}"

    def n(x: float) -> str:
        return f"{x:,.0f}"

    if s.tobe_shortfall_requests > 0:
        if s.asis_shortfall_requests > 0:
            asis_part = t("report.risk_asis_some", lang, n=n(s.asis_shortfall_requests),
                          frac=fmt_pct(s.asis_shortfall_frac, lang))
        else:
            asis_part = t("report.risk_asis_none", lang)
        risk = t("report.risk_tobe", lang, n=n(s.tobe_shortfall_requests), frac=fmt_pct(s.tobe_shortfall_frac, lang),
                 hour=_hour(s.tobe_worst_hour, s, lang), asis_part=asis_part)
    elif s.asis_shortfall_requests > 0:
        risk = t("report.risk_asis_only", lang, headroom=fmt_pct(s.tobe_min_headroom_frac, lang),
                 n=n(s.asis_shortfall_requests), frac=fmt_pct(s.asis_shortfall_frac, lang),
                 hour=_hour(s.asis_worst_hour, s, lang))
    else:
        risk = t("report.risk_none", lang, headroom=fmt_pct(s.tobe_min_headroom_frac, lang))
    return cost, risk


@dataclass(frozen=True)
class Headline:
    """One row of the As-Is vs To-Be headline table; values are the engine's numbers (or None)."""

    label: str
    unit: str
    asis: Any
    tobe: Any
    asis_field: str | None  #: Summary field of the As-Is value (None: derived or not applicable)
    tobe_field: str | None


def headline_rows(summary: Summary, lang: str = "en") -> list[Headline]:
    """As-Is vs To-Be side by side: cost, machines, risk."""
    s = summary
    return [
        Headline(t("report.cost_per_month", lang), "USD/month", s.asis_usd_per_month, s.tobe_usd_per_month,
                 "asis_usd_per_month", "tobe_usd_per_month"),
        Headline(t("report.cost_horizon", lang, hours=s.horizon_hours), "USD", s.asis_usd_total, s.tobe_usd_total,
                 "asis_usd_total", "tobe_usd_total"),
        Headline(t("report.machines_peak", lang), "", s.asis_servers_total, s.tobe_nodes_peak,
                 "asis_servers_total", "tobe_nodes_peak"),
        Headline(t("report.unserved", lang), "requests", s.asis_shortfall_requests, s.tobe_shortfall_requests,
                 "asis_shortfall_requests", "tobe_shortfall_requests"),
        Headline(t("report.unserved", lang), "fraction", s.asis_shortfall_frac, s.tobe_shortfall_frac,
                 "asis_shortfall_frac", "tobe_shortfall_frac"),
        Headline(t("report.worst_hour", lang), "hour", s.asis_worst_hour, s.tobe_worst_hour,
                 "asis_worst_hour", "tobe_worst_hour"),
        Headline(t("report.min_headroom", lang), "fraction", s.asis_min_headroom_frac, s.tobe_min_headroom_frac,
                 "asis_min_headroom_frac", "tobe_min_headroom_frac"),
    ]


def saving_line(summary: Summary, lang: str = "en") -> tuple[str, str]:
    """(label, formatted value) of the monthly saving, or of the extra cost when To-Be costs more."""
    s = summary
    if s.savings_usd_per_month >= 0:
        return (t("report.saving_per_month", lang),
                f"{fmt_usd(s.savings_usd_per_month, lang, 2)} ({fmt_pct(s.savings_frac, lang)})")
    return t("report.extra_per_month", lang), f"{fmt_usd(-s.savings_usd_per_month, lang, 2)} ({fmt_pct(-s.savings_frac, lang)})"


@dataclass(frozen=True)
class SummaryFigure:
    """One :class:`~planner.result.Summary` field for the "all figures" tables."""

    field: str
    label: str
    unit: str
    value: Any  #: the engine's value, unchanged
    text: str  #: formatted for people


def summary_figures(summary: Summary, lang: str = "en") -> list[SummaryFigure]:
    """Every numeric Summary field in declaration order (warnings are listed separately)."""
    out = []
    for f in fields(summary):
        if f.name in ("warnings", "warning_items"):
            continue
        value = getattr(summary, f.name)
        unit = summary_unit(f.name)
        out.append(SummaryFigure(f.name, summary_label(f.name, lang), unit, value,
                                 fmt_value(value, unit, lang, summary.horizon_hours)))
    return out
