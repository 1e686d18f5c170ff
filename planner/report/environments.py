"""The reports' section on environments and cluster options: cost per option and per environment.

Present only for a scenario with environments (``plan.input_scenario``). The figures come from
:func:`planner.env_costs.environment_costs` (the same call the app and ``planner plan`` make), kept
per plan so a multi-format export computes them once.
"""

from __future__ import annotations

from planner.env_costs import OPTIONS, EnvironmentCosts, environment_costs
from planner.i18n import col_label, column_unit, fmt_usd, fmt_value, t
from planner.i18n.environments import note_text, option_label
from planner.report.blocks import html_table, md_frame, md_table, per_plan, xlsx_header
from planner.report.escape import esc, md_escape
from planner.result import Plan

#: Columns of the per-environment table in the reports (all of planner.env_costs.ENV_COST_COLUMNS but the count).
REPORT_COLUMNS = ("environment", "active_hours_frac", "asis_servers", "asis_usd_per_month", "shared_usd_per_month",
                  "own_cluster_usd_per_month", "own_cluster_nodes_peak")
_OPTION_HEAD = ("option", "per_month", "control_plane")  #: the options table's columns (environments.* wording)

def costs_of(plan: Plan) -> EnvironmentCosts | None:
    """The plan's cost per environment and option, or None without environments."""
    return None if plan.input_scenario is None else _costs(plan)


@per_plan
def _costs(plan: Plan) -> EnvironmentCosts:
    return environment_costs(plan.input_scenario, plan)


def option_rows(costs: EnvironmentCosts, lang: str) -> list[tuple[str, str, str]]:
    """``(option, its cost per month, control plane part)`` in :data:`OPTIONS` order, as text."""
    cp = {"asis": "", "shared": fmt_usd(costs.shared_control_plane_usd_per_month, lang, 2),
          "per_environment": fmt_usd(costs.per_environment_control_plane_usd_per_month, lang, 2)}
    return [(option_label(o, lang), fmt_usd(costs.option_usd_per_month(o), lang, 2), cp[o]) for o in OPTIONS]


def notes(costs: EnvironmentCosts, lang: str) -> list[str]:
    return [note_text(code, params, lang) for code, params in costs.notes]


def _cells(costs: EnvironmentCosts, lang: str) -> list[list[str]]:
    return [[fmt_value(v, column_unit(c), lang) for c, v in zip(REPORT_COLUMNS, rec)]
            for rec in costs.table[list(REPORT_COLUMNS)].itertuples(index=False)]


def html_section(plan: Plan, lang: str) -> str:
    """``<section id="environments">`` or ``""`` without environments."""
    costs = costs_of(plan)
    if costs is None:
        return ""
    num = ' class="num"'
    head = "<tr>" + "".join(f'<th scope="col"{num if i else ""}>{esc(t(f"environments.{k}", lang))}</th>'
                            for i, k in enumerate(_OPTION_HEAD)) + "</tr>"
    rows = "".join(f'<tr data-option="{o}"><th scope="row">{esc(label)}</th><td class="num">{esc(v)}</td>'
                   f'<td class="num">{esc(cp)}</td></tr>' for o, (label, v, cp) in zip(OPTIONS, option_rows(costs, lang)))
    envs = html_table(([col_label(c, lang) for c in REPORT_COLUMNS], _cells(costs, lang), ["l"] * len(REPORT_COLUMNS)),
                      "environments-table", "services compact")
    items = "".join(f"<li>{esc(n)}</li>" for n in notes(costs, lang))
    return (f'<section id="environments">\n<h2>{esc(t("environments.report_title", lang))}</h2>\n'
            f'<table class="figures" id="options-table"><thead>{head}</thead><tbody>{rows}</tbody></table>\n'
            f'<h3>{esc(t("environments.per_env_title", lang))}</h3>\n'
            f"{envs}\n" + (f"<ul>{items}</ul>\n" if items else "") + "</section>")


def markdown_section(plan: Plan, lang: str) -> list[str]:
    """Markdown lines of the section (none without environments)."""
    costs = costs_of(plan)
    if costs is None:
        return []
    out = [f"## {t('environments.report_title', lang)}", ""]
    out += md_table([t(f"environments.{k}", lang) for k in _OPTION_HEAD],
                    [[md_escape(a), b, c] for a, b, c in option_rows(costs, lang)], ["l", "r", "r"])
    out += [""] + md_frame(costs.table[list(REPORT_COLUMNS)], lang,
                           ["l" if c == "environment" else "r" for c in REPORT_COLUMNS])
    out += [""] + [f"- {md_escape(n)}" for n in notes(costs, lang)] + [""]
    return out


def xlsx_sheet(wb, book, plan: Plan, lang: str, write_frame, write) -> None:
    """Add the sheet "Environments" (per-environment table, then the options) to the workbook, or
    nothing without environments. ``write_frame``/``write`` are planner.report.xlsx's cell writers."""
    costs = costs_of(plan)
    if costs is None:
        return
    ws = wb.add_worksheet(t("environments.sheet", lang))
    write_frame(ws, costs.table, book, lang)
    row = len(costs.table) + 2
    xlsx_header(ws, row, [t(f"environments.{k}", lang) for k in _OPTION_HEAD], book)
    cp = {"shared": costs.shared_control_plane_usd_per_month,
          "per_environment": costs.per_environment_control_plane_usd_per_month}
    for o in OPTIONS:
        row += 1
        write(ws, row, 0, option_label(o, lang), book)
        write(ws, row, 1, costs.option_usd_per_month(o), book, "$#,##0.00")
        if o in cp:
            write(ws, row, 2, cp[o], book, "$#,##0.00")
    for n in notes(costs, lang):
        row += 1
        write(ws, row + 1, 0, n, book)
