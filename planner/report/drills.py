"""The Failure drills section of a plan's reports (HTML and so PDF, Markdown, Excel) and of the app:
the drill table of both plans, the heat map, the worst drills, the tolerance per service in plain
words and the fix search's answer. The drills of a scenario are computed once and kept
(:func:`drill_results`, a small cache keyed by the scenario's JSON), so the formats agree.

The section is a list of blocks (:func:`drill_blocks`) that :mod:`planner.report.blocks` writes in
each format; the HTML and Excel writers pass in their own helpers (figure embedding, cell writer and
page setup), so this module imports none of them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from planner import drills
from planner.i18n import fmt_hour, is_missing, t
from planner.i18n.drills import (cell, fix_sentence, kind_label, recover_cell, timings_sentence, tolerance_line,
                                 worst_sentence)
from planner.report.blocks import Block, Table, html_blocks, markdown_lines, xlsx_blocks
from planner.result import Plan
from planner.scenario import Scenario, ScenarioError, validate_scenario
from planner.scenario_io import scenario_to_dict

#: reports run the drills of plans up to this size (hours x services); larger plans say they were not run
REPORT_MAX_HOUR_SERVICES = 24 * 7 * 20


@dataclass(frozen=True)
class DrillResults:
    """What the section shows: the drill table and the tolerance (with the fix search), or why not."""

    table: drills.DrillTable | None
    tolerance: drills.Tolerance | None
    horizon_hours: int
    skipped: str = ""  #: why the drills were not run ("" when they were)


def _key(scenario: Scenario) -> str:
    return json.dumps(scenario_to_dict(scenario), sort_keys=True, separators=(",", ":"))


@lru_cache(maxsize=8)
def _cached(scenario_json: str) -> DrillResults:
    sc = validate_scenario(json.loads(scenario_json))
    if sc.horizon_hours * len(sc.services) > REPORT_MAX_HOUR_SERVICES:
        return DrillResults(None, None, sc.horizon_hours, "size")
    try:
        runner = drills.Runner(sc)
        table = drills.run_drills(sc, runner=runner)
        tol = drills.tolerance(sc, runner=runner, fix=not sc.environments)
    except ScenarioError:
        return DrillResults(None, None, sc.horizon_hours, "size")
    return DrillResults(table, tol, runner.H)


def drill_results(scenario: Scenario) -> DrillResults:
    """The drills of ``scenario`` (its ``drills`` settings), computed once per scenario."""
    return _cached(_key(scenario))


def drill_table(table: drills.DrillTable, lang: str, horizon_hours: int) -> Table:
    head = [t("drills.col.kind", lang), t("drills.col.hour", lang)]
    for p in drills.PLANS:
        pl = t(f"drills.plan.{p}", lang)
        head += [f"{pl} {t('drills.col.dropped', lang)}", f"{pl} {t('drills.col.share', lang)}",
                 f"{pl} {t('drills.col.worst', lang)}", f"{pl} {t('drills.col.recover', lang)}",
                 f"{pl} {t('drills.col.extra', lang)}"]
    rows = []
    for _, r in table.frame.iterrows():
        line = [kind_label(r["kind"], lang), fmt_hour(int(r["hour"]), lang, horizon_hours)]
        for p in drills.PLANS:
            applies = not is_missing(r[f"{p}_dropped_requests"])
            line += [cell(r[f"{p}_dropped_requests"], "dropped", lang), cell(r[f"{p}_dropped_frac"], "share", lang),
                     cell(r[f"{p}_worst_service"], "worst", lang), recover_cell(r[f"{p}_recover_s"], applies, lang),
                     cell(r[f"{p}_extra_usd"], "extra", lang)]
        rows.append(line)
    return head, rows, ["l", "l"] + ["r", "r", "l", "r", "r"] * 2


def tolerance_table(tol: drills.Tolerance, lang: str) -> Table:
    from planner.i18n.drills import nodes_text, servers_text

    head = [t("drills.col.service", lang), t("drills.col.tobe_nodes", lang), t("drills.col.tobe_zone", lang),
            t("drills.col.asis_servers", lang)]
    rows = [[s.service, nodes_text(s.tobe_nodes, s.tobe_nodes_tried, lang),
             t("drills.na", lang) if s.tobe_zone is None else t("drills.yes" if s.tobe_zone else "drills.no", lang),
             servers_text(s.asis_servers, s.asis_servers_tried, lang)] for s in tol.services]
    return head, rows, ["l", "r", "r", "r"]


def fix_table(fix: drills.Fix, lang: str) -> Table:
    from planner.i18n import fmt_usd

    head = [t("drills.col.change", lang), t("drills.col.extra_month", lang), t("drills.col.survives", lang)]
    rows = [[label, fmt_usd(usd, lang, 2), t("drills.yes" if ok else "drills.no", lang)] for label, usd, ok in fix.tried]
    return head, rows, ["l", "r", "r"]


def summary_blocks(scenario: Scenario, res: DrillResults, lang: str, figures: bool = True) -> list[Block]:
    """What each drill does, the worst drill of each plan, the heat map."""
    out: list[Block] = [("p", t("drills.intro", lang))]
    for kind in dict.fromkeys(res.table.frame.kind):
        out.append(("p", f"{kind_label(kind, lang)}: " + t(f"drills.kind_what.{kind}", lang, n=res.table.nodes,
                                                            repair=_repair(scenario, lang),
                                                            outage=_dur(scenario.drills.capacity_outage_s, lang),
                                                            max_prov=_dur(scenario.cluster.max_node_provision_time_s,
                                                                          lang))))
    out += [("p", worst_sentence(res.table.worst(p), p, lang, res.horizon_hours)) for p in drills.PLANS]
    if figures:
        from planner.charts_drills import fig_drill_heatmap

        out.append(("figure", ("drills_heatmap", fig_drill_heatmap(res.table, lang, res.horizon_hours))))
    return out


def tolerance_blocks(tol: drills.Tolerance, lang: str) -> list[Block]:
    """The tolerance per service in plain words and as a table, the fix search's answer and what it tried."""
    out: list[Block] = [("p", tolerance_line(s.service, s.tobe_nodes, s.tobe_nodes_tried, s.tobe_zone, s.asis_servers,
                                             s.asis_servers_tried, lang)) for s in tol.services]
    out += [("table", tolerance_table(tol, lang)), ("p", fix_sentence(tol.fix, tol.nodes, lang))]
    if tol.fix is not None and tol.fix.tried:
        out.append(("table", fix_table(tol.fix, lang)))
    return out


def table_blocks(scenario: Scenario, res: DrillResults, lang: str) -> list[Block]:
    """The timings, how the figures are counted, and every drill's row."""
    return [("p", timings_sentence(scenario.cluster, scenario.as_is.repair_time_s, lang)),
            ("p", t("drills.notes", lang)), ("table", drill_table(res.table, lang, res.horizon_hours))]


def drill_blocks(scenario: Scenario, lang: str, results: DrillResults | None = None,
                 figures: bool = True) -> list[Block]:
    """The section as blocks (heading, sentences, heat map, tables), for every format."""
    res = results or drill_results(scenario)
    out: list[Block] = [("h2", t("drills.section", lang))]
    if res.table is None:
        return out + [("p", t("drills.skipped", lang, limit=REPORT_MAX_HOUR_SERVICES))]
    out += summary_blocks(scenario, res, lang, figures)
    if res.tolerance is not None:
        out += [("h2", t("drills.tolerance", lang))] + tolerance_blocks(res.tolerance, lang)
    return out + table_blocks(scenario, res, lang)


def _dur(seconds: float, lang: str) -> str:
    from planner.i18n.drills import fmt_duration

    return fmt_duration(seconds, lang)


def _repair(scenario: Scenario, lang: str) -> str:
    return _dur(scenario.as_is.repair_time_s, lang)


def html_section(plan: Plan, lang: str, figure_block: Callable[..., str], mode: str = "screen") -> str:
    """``<section id="drills">``; ``figure_block(name, fig, mode=)`` is the HTML report's figure embedder."""
    return html_blocks(drill_blocks(plan.scenario, lang), figure_block, mode, section_id="drills")


def markdown_section(plan: Plan, lang: str) -> list[str]:
    """Markdown lines of the section."""
    return markdown_lines(drill_blocks(plan.scenario, lang, figures=False))


def xlsx_sheet(wb, book, plan: Plan, lang: str, write: Callable[..., None], print_setup: Callable[..., None]) -> None:
    """The sheet "Failure drills": sentences and tables one under another (numbers as shown);
    ``write``/``print_setup`` are planner.report.xlsx's cell writer and page setup."""
    xlsx_blocks(wb.add_worksheet(t("drills.section", lang)[:31]), book, drill_blocks(plan.scenario, lang, figures=False),
                write, print_setup)
