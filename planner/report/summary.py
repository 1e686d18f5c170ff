"""What every report says first: the scenario in facts, the decision in two sentences and the
headline figures.

Built once from the plan so the HTML, PDF, Markdown and Excel reports agree.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import pandas as pd

from planner.i18n import (fmt_hour, fmt_input, fmt_num, fmt_pct, fmt_usd, fmt_usd_price, fmt_value, is_missing,
                          summary_label, summary_unit, t)
from planner.i18n.pricing import fmt_option
from planner.i18n.assumptions import assumption_row, value_text
from planner.i18n.scenarios import scenario_text
from planner.result import Plan, Summary


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
        return fmt_num(x, lang)

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


# --- the scenario in facts --------------------------------------------------------------------
def _machine(inst: Any, lang: str) -> str:
    return t("report.facts_machine", lang, type=inst.instance_type, vcpu=f"{inst.vcpu:g}", mem=f"{inst.memory_gib:g}",
             price=fmt_usd_price(inst.usd_per_hour, lang))


def _backups(plan: Plan, lang: str) -> str:
    per = [(str(name), int(b)) for name, b in zip(plan.services["service"], plan.services["asis_backup_servers"])]
    counts = {b for _, b in per}
    if len(counts) == 1:
        (b,) = counts
        key = "report.facts_backups_none" if b == 0 else "report.facts_backups_one" if b == 1 else \
            "report.facts_backups_same"
        return t(key, lang, n=b)
    return t("report.facts_backups_each", lang, list=", ".join(f"{name} {b}" for name, b in per))


def _spare(n: int, lang: str) -> str:
    key = "report.facts_spare_none" if n == 0 else "report.facts_spare_one" if n == 1 else "report.facts_spare"
    return t(key, lang, n=n)


def _control_plane(plan: Plan, lang: str) -> str:
    cp = plan.scenario.cluster.control_plane
    if cp.mode == "managed":
        return t("report.facts_cp_managed", lang, price=fmt_usd_price(cp.managed_usd_per_hour, lang))
    return t("report.facts_cp_nodes", lang, n=cp.master_count, type=cp.master.instance_type)


def scenario_facts(plan: Plan, lang: str = "en") -> str:
    """One paragraph stating what the scenario is, made from its inputs (so it is true after any edit):
    the services, the As-Is servers and backups, the node type, spare nodes, control plane, horizon."""
    sc, s = plan.scenario, plan.summary
    names = [svc.name for svc in sc.services]
    shown = ", ".join(names[:12]) + (", …" if len(names) > 12 else "")
    services = t("report.facts_service" if len(names) == 1 else "report.facts_services", lang, n=len(names),
                 names=shown)
    return t("report.facts", lang, services=services, servers=s.asis_servers_total,
             server=_machine(plan.server, lang), backups=_backups(plan, lang),
             node=_machine(plan.node, lang), spare=_spare(sc.cluster.spare_nodes, lang),
             control_plane=_control_plane(plan, lang), hours=t("report.facts_hours", lang, hours=s.horizon_hours))


def report_title(plan: Plan, lang: str = "en") -> str:
    """The scenario's name; the shipped scenarios' names in ``lang`` (user text: escape before use)."""
    return scenario_text(plan.scenario.name, lang)


def own_description(plan: Plan, lang: str = "en") -> str:
    """The scenario's own description as its author wrote it (the shipped ones in ``lang``); ``""`` if none."""
    return scenario_text(plan.scenario.description.strip(), lang)


# --- headline ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    """One row of the As-Is vs To-Be headline table; values are the engine's numbers (or None)."""

    label: str
    unit: str
    asis: Any
    tobe: Any
    asis_field: str | None  #: Summary field of the As-Is value (None: derived or not applicable)
    tobe_field: str | None


def headline_rows(plan: Plan, lang: str = "en") -> list[Headline]:
    """As-Is vs To-Be side by side: cost, machines (with their type and vCPU at peak, so machines of
    different sizes compare fairly), risk."""
    s = plan.summary
    server, node = plan.server, plan.node
    return [
        Headline(t("report.cost_per_month", lang), "USD/month", s.asis_usd_per_month, s.tobe_usd_per_month,
                 "asis_usd_per_month", "tobe_usd_per_month"),
        Headline(t("report.cost_horizon", lang, hours=s.horizon_hours), "USD", s.asis_usd_total, s.tobe_usd_total,
                 "asis_usd_total", "tobe_usd_total"),
        Headline(t("report.machine_types", lang), "", f"{server.instance_type} ({server.vcpu:g} vCPU)",
                 f"{node.instance_type} ({node.vcpu:g} vCPU)", None, None),
        Headline(t("report.machines_peak", lang), "", s.asis_servers_total, s.tobe_nodes_peak,
                 "asis_servers_total", "tobe_nodes_peak"),
        Headline(t("report.vcpu_peak", lang), "", s.asis_servers_total * server.vcpu, s.tobe_nodes_peak * node.vcpu,
                 None, None),
        Headline(t("report.unserved", lang), "requests", s.asis_shortfall_requests, s.tobe_shortfall_requests,
                 "asis_shortfall_requests", "tobe_shortfall_requests"),
        Headline(t("report.unserved_share", lang), "fraction", s.asis_shortfall_frac, s.tobe_shortfall_frac,
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
    return (t("report.extra_per_month", lang),
            f"{fmt_usd(-s.savings_usd_per_month, lang, 2)} ({fmt_pct(-s.savings_frac, lang)})")


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


def assumption_table(plan: Plan, lang: str = "en", *, prices_only: bool = False) -> pd.DataFrame:
    """The assumptions as people read them in ``lang``: group, field, value (as typed; fractions in
    percent, prices in $), unit and source, all text. ``prices_only``: the rows priced in USD."""
    rows = []
    for r in plan.assumptions.itertuples(index=False):
        unit = "" if is_missing(r.unit) else str(r.unit)
        if prices_only and not unit.startswith("USD"):
            continue
        source = "" if is_missing(r.source) else str(r.source)
        group, field, unit_text, source_text = assumption_row(str(r.group), str(r.field), unit, source, lang)
        value = value_text(str(r.field), fmt_input(r.value, unit, lang), lang)  # option labels in words
        if unit == "fraction":  # the unit column says %; the value is the number of percent
            value = value.removesuffix("%")
        rows.append((group, field, value, unit_text, source_text, unit))
    return pd.DataFrame(rows, columns=["group", "field", "value", "unit", "source", "unit_code"])
