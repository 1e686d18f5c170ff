"""Reports of many plans: the explore sections (node search, two pools, the As-Is right-sizing,
tuning, tornado, heatmap, uncertainty) added to a plan's HTML, Markdown and Excel reports, and the
comparison report of 2-4 scenarios. Pure builders return text or bytes; only ``write_*`` write.

The plan report's writers take the sections as ``extra_sections`` / ``extra_sheets``
(:func:`planner.report.html_report.render_html`, :func:`~planner.report.markdown.render_markdown`,
:func:`~planner.report.xlsx.render_xlsx`); the comparison report uses the same page
(:func:`~planner.report.html_report.html_document`) and sheet helpers. The sections are blocks
(:func:`explore_blocks`, :func:`compare_blocks`) written by :mod:`planner.report.blocks`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from planner.compare import Comparison
from planner.i18n import fmt_num, fmt_pct, fmt_usd, fmt_value, summary_label, summary_unit, t
from planner.i18n.sweep import setting_text, why_line
from planner.montecarlo import MonteCarlo
from planner.report.blocks import Block, Table, html_blocks, markdown_lines, xlsx_blocks
from planner.report.errors import ReportError
from planner.report.escape import esc, md_escape
from planner.result import Plan
from planner.scenario import Scenario
from planner.search import MixSearch, Tuning, TypeSearch
from planner.sensitivity import Heatmap, Tornado

EXPLORE_FORMATS: tuple[str, ...] = ("html", "md", "xlsx")
SUFFIX = {"html": ".html", "md": ".md", "xlsx": ".xlsx"}
TUNING_ROWS = 10  #: settings listed in a report


@dataclass(frozen=True)
class Explore:
    """Whatever was explored about one scenario (each part optional); ``plan`` defaults to its plan."""

    scenario: Scenario
    plan: Plan | None = None
    search: TypeSearch | None = None
    mixes: MixSearch | None = None
    servers: TypeSearch | None = None
    tuning: Tuning | None = None
    tornado: Tornado | None = None
    heatmap: Heatmap | None = None
    mc: MonteCarlo | None = None

    def the_plan(self) -> Plan:
        if self.plan is not None:
            return self.plan
        from planner.planning import plan

        return plan(self.scenario)


# --- sentences (also the CLI's) ----------------------------------------------------------------
def _signed_usd(x: float, lang: str) -> str:
    return ("+" if x > 0 else "") + fmt_usd(x, lang)


def search_sentence(ns: TypeSearch, lang: str) -> str:
    best, cur = ns.best, ns.current
    if best is None:
        return t("sweep.search_none", lang, budget=fmt_pct(ns.budget.max_shortfall_frac, lang))
    cost = best.row["tobe_usd_per_month"]
    delta = cost - cur.row["tobe_usd_per_month"] if cur is not None and cur.row.get("feasible") else math.nan
    return t("sweep.search_best", lang, best=best.candidate.name, cost=fmt_usd(cost, lang),
             delta=_signed_usd(delta, lang), current=cur.candidate.name if cur else "-",
             n=sum(1 for r in ns.ranked if r.rank is not None), total=len(ns.ranked))


def mix_sentence(mx: MixSearch, lang: str) -> str:
    if mx.beats_single:
        m = mx.best
        return t("sweep.mix_best", lang, general=m.general, own=m.own, service=m.service,
                 cost=fmt_usd(m.tobe_usd_per_month, lang), single=mx.single_best,
                 delta=_signed_usd(m.tobe_usd_per_month - mx.single_best_usd_per_month, lang))
    return t("sweep.mix_none", lang, single=mx.single_best or "-", cost=fmt_usd(mx.single_best_usd_per_month, lang),
             planned=mx.parts_planned, total=mx.parts_total)


def servers_sentence(sv: TypeSearch, lang: str) -> str:
    sav = [r.row["savings_frac"] for r in sv.ranked if r.row.get("feasible")]
    b = sv.best
    if b is None or not sav:
        return t("sweep.search_none", lang, budget=fmt_pct(sv.budget.max_shortfall_frac, lang))
    return t("sweep.servers_line", lang, best=b.candidate.name, cost=fmt_usd(b.row["asis_usd_per_month"], lang),
             saving=fmt_pct(b.row["savings_frac"], lang), low=fmt_pct(min(sav), lang), high=fmt_pct(max(sav), lang))


def tuning_sentence(tu: Tuning, lang: str) -> str:
    row = tu.best or tu.closest
    settings = ", ".join(setting_text(k, row[k], lang) for k in tu.axes) if row else "-"
    budget = fmt_pct(tu.budget.max_shortfall_frac, lang)
    if tu.best is not None:
        return t("sweep.tuning_best", lang, budget=budget, settings=settings, cost=fmt_usd(row["tobe_usd_per_month"], lang),
                 delta=_signed_usd(row["tobe_usd_per_month"] - tu.base["tobe_usd_per_month"], lang),
                 shortfall=fmt_pct(row["tobe_shortfall_frac"], lang))
    return t("sweep.tuning_none", lang, budget=budget, settings=settings,
             shortfall=fmt_pct(row["tobe_shortfall_frac"], lang) if row else "-")


def _metric_text(metric: str, v: float, lang: str) -> str:
    return fmt_value(v, summary_unit(metric), lang)


def tornado_sentence(tr: Tornado, lang: str) -> str:
    if not len(tr.frame):
        return ""
    top = tr.frame.iloc[0]
    lo, hi = sorted((top.metric_low, top.metric_high))
    return t("sweep.tornado_line", lang, assumption=t(f"sweep.assumption.{top.assumption}", lang),
             metric=summary_label(tr.metric, lang), low=_metric_text(tr.metric, lo, lang),
             high=_metric_text(tr.metric, hi, lang))


def mc_sentences(mc: MonteCarlo, scenario: Scenario, lang: str) -> list[str]:
    q = mc.quantiles.loc["savings_usd_per_month"]
    sp = mc.spec
    g_lo, g_hi = sp.growth_range(scenario)
    return [t("sweep.mc_line", lang, n=mc.n, seed=mc.seed, p10=fmt_usd(q.p10, lang), p50=fmt_usd(q.p50, lang),
              p90=fmt_usd(q.p90, lang), share=fmt_pct(mc.saving_positive_frac, lang)),
            t("sweep.mc_spec", lang, noise=fmt_pct(sp.load_noise_frac, lang), g_lo=fmt_pct(g_lo, lang),
              g_hi=fmt_pct(g_hi, lang), s_lo=f"{sp.startup_low:g}", s_hi=f"{sp.startup_high:g}",
              p_lo=f"{sp.provisioning_low:g}", p_hi=f"{sp.provisioning_high:g}")]


# --- tables as (header, rows) of text ----------------------------------------------------------

def search_table(ns: TypeSearch, lang: str) -> Table:
    side = ns.side
    head = [t("sweep.col.instance_type", lang), t("sweep.col.status", lang), t("sweep.col.rank", lang),
            t("sweep.col.price", lang), summary_label(f"{side}_usd_per_month", lang) + " [USD/month]",
            summary_label("tobe_shortfall_frac" if side == "tobe" else "asis_shortfall_frac", lang) + " [%]",
            summary_label("savings_frac", lang) + " [%]", t("sweep.col.why", lang)]
    rows = []
    for r in ns.ranked:
        row = r.row
        ok = bool(row.get("feasible"))
        rows.append([r.candidate.name, t(f"sweep.status.{r.status}", lang), "" if r.rank is None else str(r.rank),
                     f"{r.candidate.instance.usd_per_hour:.4f}",
                     fmt_usd(row[f"{side}_usd_per_month"], lang, 2) if ok else "–",
                     fmt_pct(row[f"{side}_shortfall_frac"], lang) if ok else "–",
                     fmt_pct(row["savings_frac"], lang) if ok else "–",
                     why_line(r.candidate.name, r.reasons, lang).split(": ", 1)[-1] if r.reasons else ""])
    return head, rows, ["l", "l", "r", "r", "r", "r", "r", "l"]


def mix_table(mx: MixSearch, lang: str) -> Table:
    head = [t("sweep.col.service", lang), t("sweep.col.general", lang), t("sweep.col.own", lang),
            summary_label("tobe_usd_per_month", lang) + " [USD/month]", summary_label("tobe_shortfall_frac", lang) + " [%]",
            summary_label("savings_frac", lang) + " [%]"]
    rows = [[m.service, m.general, m.own, fmt_usd(m.tobe_usd_per_month, lang, 2), fmt_pct(m.tobe_shortfall_frac, lang),
             fmt_pct(m.savings_frac, lang)] for m in mx.mixes]
    return head, rows, ["l", "l", "l", "r", "r", "r"]


def tuning_table(tu: Tuning, lang: str) -> Table:
    head = [t(f"sweep.setting.{k}", lang, v="").strip() for k in tu.axes] + [
        summary_label("tobe_usd_per_month", lang) + " [USD/month]", summary_label("tobe_shortfall_frac", lang) + " [%]",
        t("sweep.status.ok", lang)]
    rows = []
    for r in tu.frame.head(TUNING_ROWS).to_dict("records"):
        rows.append([setting_text(k, r[k], lang).split(" ")[-1] for k in tu.axes]
                    + [fmt_usd(r["tobe_usd_per_month"], lang, 2) if r["feasible"] else "–",
                       fmt_pct(r["tobe_shortfall_frac"], lang) if r["feasible"] else "–",
                       t("fmt.yes" if r["qualifies"] else "fmt.no", lang)])
    return head, rows, ["r"] * len(tu.axes) + ["r", "r", "l"]


def tornado_table(tr: Tornado, lang: str) -> Table:
    head = [t("sweep.col.assumption", lang), t("sweep.col.values", lang),
            summary_label(tr.metric, lang) + ": " + t("sweep.col.values", lang), t("sweep.col.swing", lang)]
    rows = []
    for r in tr.frame.to_dict("records"):
        vals = " / ".join(fmt_num(v, lang, None) if isinstance(v, (int, float)) else str(v)
                          for v in (r["low_value"], r["base_value"], r["high_value"]))
        if r["unit"]:
            vals += f" {r['unit']}"
        if r["clipped"]:
            vals += " " + t("sweep.clipped", lang)
        rows.append([t(f"sweep.assumption.{r['assumption']}", lang), vals,
                     " / ".join(_metric_text(tr.metric, r[k], lang) for k in ("metric_low", "metric_base", "metric_high")),
                     _metric_text(tr.metric, r["swing"], lang)])
    return head, rows, ["l", "r", "r", "r"]


def mc_table(mc: MonteCarlo, lang: str) -> Table:
    head = [t("sweep.col.figure", lang), "P10", "P50", "P90", t("sweep.col.base", lang)]
    rows = [[summary_label(m, lang)] + [_metric_text(m, mc.quantiles.loc[m, c], lang) for c in ("p10", "p50", "p90", "base")]
            for m in mc.quantiles.index]
    return head, rows, ["l", "r", "r", "r", "r"]


def compare_table(cmp: Comparison, lang: str) -> Table:
    base = cmp.names[0]
    head = [t("sweep.col.figure", lang), *cmp.names,
            *(t("sweep.delta_vs", lang, name=n, base=base) for n in cmp.names[1:])]
    rows = []
    for r in cmp.table.to_dict("records"):
        unit = summary_unit(r["field"])
        cells = [_metric_text(r["field"], r[n], lang) for n in cmp.names]
        cells += [("+" if r[f"delta_{i}"] > 0 else "") + fmt_value(r[f"delta_{i}"], unit, lang)
                  for i in range(1, len(cmp.names))]
        rows.append([summary_label(r["field"], lang)] + cells)
    return head, rows, ["l"] + ["r"] * (len(head) - 1)


def differences_table(cmp: Comparison, lang: str) -> Table:
    head = [t("sweep.col.path", lang), *cmp.names]
    rows = [[r["path"], *(str(r[n]) for n in cmp.names)] for r in cmp.differences.to_dict("records")]
    return head, rows, ["l"] * len(head)


# --- blocks: what each section says, in order ----------------------------------------------------

def explore_blocks(ex: Explore, lang: str) -> list[Block]:
    from planner import explore_charts as ec

    out: list[Block] = []
    if ex.search is not None:
        out += [("h2", t("sweep.search", lang)), ("p", search_sentence(ex.search, lang)),
                ("figure", ("node_search", ec.fig_pareto(ex.search, lang))), ("table", search_table(ex.search, lang))]
    if ex.mixes is not None:
        out += [("h2", t("sweep.mixes", lang)), ("p", mix_sentence(ex.mixes, lang)), ("p", t("sweep.mix_note", lang))]
        if ex.mixes.mixes:
            out.append(("table", mix_table(ex.mixes, lang)))
    if ex.servers is not None:
        out += [("h2", t("sweep.servers", lang)), ("p", servers_sentence(ex.servers, lang)),
                ("figure", ("server_search", ec.fig_server_savings(ex.servers, lang))),
                ("table", search_table(ex.servers, lang))]
    if ex.tuning is not None:
        out += [("h2", t("sweep.tuning", lang)), ("p", tuning_sentence(ex.tuning, lang)),
                ("table", tuning_table(ex.tuning, lang))]
    if ex.tornado is not None:
        out += [("h2", t("sweep.sensitivity", lang)), ("p", tornado_sentence(ex.tornado, lang)),
                ("figure", ("tornado", ec.fig_tornado(ex.tornado, lang))), ("table", tornado_table(ex.tornado, lang))]
    if ex.heatmap is not None:
        out.append(("figure", ("heatmap", ec.fig_heatmap(ex.heatmap, lang))))
    if ex.mc is not None:
        out += [("h2", t("sweep.uncertainty", lang))] + [("p", s) for s in mc_sentences(ex.mc, ex.scenario, lang)]
        out += [("figure", ("uncertainty_bands", ec.fig_mc_bands(ex.mc, lang))),
                ("figure", ("uncertainty_histogram", ec.fig_mc_histogram(ex.mc, lang))), ("table", mc_table(ex.mc, lang))]
    return out


def compare_blocks(cmp: Comparison, lang: str) -> list[Block]:
    from planner import explore_charts as ec

    out: list[Block] = [("table", compare_table(cmp, lang)),
                        ("figure", ("compare_costs", ec.fig_compare_costs(cmp, lang))),
                        ("figure", ("compare_nodes", ec.fig_compare_nodes(cmp, lang))),
                        ("h2", t("sweep.compare_diff", lang))]
    if len(cmp.differences):
        out.append(("table", differences_table(cmp, lang)))
    else:
        out.append(("p", t("sweep.compare_same", lang)))
    return out


# --- HTML, Markdown, Excel of blocks (planner.report.blocks) -------------------------------------
def xlsx_sheet(blocks: list[Block]) -> Callable[[Any, Any], None]:
    """A sheet writer: the sentences and tables one under another (numbers as shown, text cells)."""
    from planner.report.xlsx import _print_setup, _write

    def write(ws, book) -> None:
        xlsx_blocks(ws, book, blocks, _write, _print_setup)

    return write


# --- documents -----------------------------------------------------------------------------------
def render_explore(ex: Explore, fmt: str, lang: str = "en", generated_at: Any = None) -> bytes:
    """The plan report of ``ex.scenario`` with the explore sections, as ``html``, ``md`` or ``xlsx``."""
    from planner.report.html_report import figure_block, render_html
    from planner.report.markdown import render_markdown
    from planner.report.xlsx import render_xlsx

    plan = ex.the_plan()
    blocks = explore_blocks(ex, lang)
    if fmt == "html":
        return render_html(plan, lang=lang, generated_at=generated_at,
                           extra_sections=(html_blocks(blocks, figure_block),)).encode("utf-8")
    if fmt == "md":
        return render_markdown(plan, lang=lang, generated_at=generated_at,
                               extra_sections=("\n".join(markdown_lines(blocks)),)).encode("utf-8")
    if fmt == "xlsx":
        return render_xlsx(plan, lang=lang, generated_at=generated_at,
                           extra_sheets=((t("sweep.section", lang), xlsx_sheet(blocks)),))
    raise ReportError(f"format: explore reports are {', '.join(EXPLORE_FORMATS)}; got {fmt!r}")


def render_compare(cmp: Comparison, fmt: str, lang: str = "en", generated_at: Any = None) -> bytes:
    """The comparison report as ``html``, ``md`` or ``xlsx``."""
    title = t("sweep.compare", lang) + ": " + " · ".join(cmp.names)
    blocks = compare_blocks(cmp, lang)
    if fmt == "html":
        from planner.report.html_report import figure_block, html_document

        body = f'<header class="report-header"><h1 id="report-title">{esc(title)}</h1></header>\n' + html_blocks(
            blocks, figure_block, section_id="compare")
        return html_document(title, body, lang=lang, generated_at=generated_at).encode("utf-8")
    if fmt == "md":
        return (f"# {md_escape(title)}\n\n" + "\n".join(markdown_lines(blocks))).encode("utf-8")
    if fmt == "xlsx":
        import io

        import xlsxwriter

        from planner.report.xlsx import _Book

        buf = io.BytesIO()
        wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                       "strings_to_numbers": False})
        wb.set_properties({"title": title[:200], "author": "planner", "created": __import__("datetime").datetime(2000, 1, 1)})
        xlsx_sheet([("h2", title)] + blocks)(wb.add_worksheet(t("sweep.compare", lang)[:31]), _Book(wb))
        wb.close()
        return buf.getvalue()
    raise ReportError(f"format: comparison reports are {', '.join(EXPLORE_FORMATS)}; got {fmt!r}")


def _formats(formats: str) -> list[str]:
    fmts = [f.strip().lower().replace("markdown", "md") for f in formats.split(",") if f.strip()]
    bad = [f for f in fmts if f not in EXPLORE_FORMATS]
    if bad or not fmts:
        raise ReportError(f"--report: choose from {', '.join(EXPLORE_FORMATS)}; got {formats!r}")
    return fmts


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:60].strip("-") or "report"


def _write_each(formats: str, out: str | Path, stem: str, render: Callable[[str], bytes]) -> list[Path]:
    d = Path(out)
    d.mkdir(parents=True, exist_ok=True)
    paths = []
    for f in _formats(formats):
        p = d / f"{stem}{SUFFIX[f]}"
        p.write_bytes(render(f))
        paths.append(p)
        print(f"wrote {p}")
    return paths


def write_explore(ex: Explore, formats: str, out: str | Path, lang: str = "en") -> list[Path]:
    """Write the explore report in each format into the folder ``out``; return the paths."""
    return _write_each(formats, out, f"{_slug(ex.scenario.name)}-explore", lambda f: render_explore(ex, f, lang))


def write_compare(cmp: Comparison, formats: str, out: str | Path, lang: str = "en") -> list[Path]:
    """Write the comparison report in each format into the folder ``out``; return the paths."""
    return _write_each(formats, out, f"compare-{_slug(cmp.names[0])}", lambda f: render_compare(cmp, f, lang))


__all__ = ["EXPLORE_FORMATS", "Explore", "compare_blocks", "explore_blocks", "render_compare", "render_explore",
           "write_compare", "write_explore"]
