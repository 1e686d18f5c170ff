"""``planner drill SCENARIO``: failure drills of both plans (planner.drills), as a table, JSON or CSV.

Exit codes as for ``planner plan``: 0 ok; 1 a check failed (``--max-drill-shortfall-frac``: some
To-Be drill leaves more than that share of a day's requests unserved); 2 bad input.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import sys
import unicodedata
from pathlib import Path

from planner.scenario import DRILL_KINDS

EXIT_OK, EXIT_CHECK_FAILED = 0, 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``drill`` on the CLI's sub-command parser."""
    d = sub.add_parser("drill", help="failure drills: lose a node, a zone or an As-Is server at any hour")
    d.add_argument("scenario", help="scenario .yaml/.json (or an HTML report), or 'default'")
    d.add_argument("--kind", action="append", choices=DRILL_KINDS,
                   help="drill kind (repeat for several; default: the scenario's drills.kinds)")
    d.add_argument("--hours", help="'all' or hour indices such as 11,19 (default: the scenario's drills.hours)")
    d.add_argument("--format", choices=["table", "json", "csv"], default="table")
    d.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the table (en or ko)")
    d.add_argument("--no-tolerance", action="store_true",
                   help="skip the per-service tolerance and the search for the smallest fix (faster)")
    d.add_argument("--max-drill-shortfall-frac", type=float,
                   help="exit 1 if a To-Be drill leaves more than this share of a day's requests unserved")
    d.set_defaults(func=cmd_drill)


def _scenario(value: str):
    from planner.scenario_io import default_scenario, load_scenario

    if value == "default" and not Path(value).exists():
        return default_scenario()
    return load_scenario(value)


def _num(x):
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return None
    return x.item() if hasattr(x, "item") else x


def cmd_drill(args) -> int:
    from planner import drills
    from planner.i18n import fmt_hour, fmt_pct, t
    from planner.i18n.drills import kind_label

    if args.max_drill_shortfall_frac is not None and not (0 <= args.max_drill_shortfall_frac <= 1):
        raise ValueError(f"--max-drill-shortfall-frac: expected a share between 0 and 1; got "
                         f"{args.max_drill_shortfall_frac}")
    scenario = _scenario(args.scenario)
    runner = drills.Runner(scenario)
    table = drills.run_drills(scenario, args.kind, args.hours, runner=runner)
    tol = None if args.no_tolerance else drills.tolerance(scenario, args.hours, runner=runner)
    if args.format == "json":
        sys.stdout.write(json.dumps(_as_json(scenario, table, tol), indent=2, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(drills.TABLE_COLUMNS)
        for row in table.frame.itertuples(index=False):
            w.writerow(["" if _num(v) is None else _num(v) for v in row])
        sys.stdout.write(buf.getvalue())
    else:
        sys.stdout.write(render_table(scenario, table, tol, runner.H, args.lang))
    rc = EXIT_OK
    limit = args.max_drill_shortfall_frac
    if limit is not None:
        f = table.frame
        over = f[f["tobe_dropped_frac"] > limit]
        for _, row in over.iterrows():
            print(t("drills.check_failed", args.lang, kind=kind_label(row["kind"], args.lang),
                    hour=fmt_hour(int(row["hour"]), args.lang, runner.H), share=fmt_pct(row["tobe_dropped_frac"]),
                    limit=fmt_pct(limit)), file=sys.stderr)
        if len(over):
            rc = EXIT_CHECK_FAILED
    return rc


def _as_json(scenario, table, tol) -> dict:
    rows = [{k: _num(v) for k, v in r.items()} for r in table.frame.to_dict(orient="records")]
    out = {"scenario": scenario.name, "node_drill_nodes": table.nodes, "day_requests": table.day_requests,
           "drills": rows}
    if tol is not None:
        out["tolerance"] = [{"service": s.service, "tobe_survives_nodes": s.tobe_nodes,
                             "tobe_nodes_tried": s.tobe_nodes_tried, "tobe_survives_zone": s.tobe_zone,
                             "asis_survives_servers": s.asis_servers, "asis_servers_tried": s.asis_servers_tried,
                             "target_nodes": s.target_nodes} for s in tol.services]
        fx = tol.fix
        out["fix"] = None if fx is None else {
            "survives": fx.survives, "overrides": {k: _num(v) for k, v in fx.overrides.items()}, "change": fx.label,
            "extra_usd_per_month": fx.extra_usd_per_month,
            "tried": [{"change": c, "extra_usd_per_month": u, "survives": ok} for c, u, ok in fx.tried]}
    return out


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _aligned(rows: list[list[str]], right_from: int = 2) -> list[str]:
    widths = [max(_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    out = []
    for r in rows:
        cells = [(" " * (w - _width(c)) + c) if i >= right_from else (c + " " * (w - _width(c)))
                 for i, (c, w) in enumerate(zip(r, widths))]
        out.append("  ".join(cells).rstrip())
    return out


def render_table(scenario, table, tol, horizon_hours: int, lang: str = "en") -> str:
    """The drills as aligned text: one line per drill, both plans; then the worst drills, the
    tolerance per service and the fix search's answer."""
    from planner.i18n import fmt_hour, is_missing, t
    from planner.i18n.drills import (cell, fix_sentence, kind_label, recover_cell, timings_sentence, tolerance_line,
                                     worst_sentence)
    from planner.i18n.scenarios import scenario_text

    f = table.frame
    lines = [t("drills.cli_header", lang, name=scenario_text(scenario.name, lang), n=len(f)), ""]
    plans = ("tobe", "asis")
    head = [t("drills.col.kind", lang), t("drills.col.hour", lang)]
    for p in plans:
        pl = t(f"drills.plan.{p}", lang)
        head += [f"{pl} {t('drills.col.dropped', lang)}", t("drills.col.share", lang), t("drills.col.worst", lang),
                 t("drills.col.recover", lang), t("drills.col.extra", lang)]
    rows = [head]
    for _, r in f.iterrows():
        line = [kind_label(r["kind"], lang), fmt_hour(int(r["hour"]), lang, horizon_hours)]
        for p in plans:
            applies = not is_missing(r[f"{p}_dropped_requests"])
            line += [cell(r[f"{p}_dropped_requests"], "dropped", lang), cell(r[f"{p}_dropped_frac"], "share", lang),
                     cell(r[f"{p}_worst_service"], "worst", lang),
                     recover_cell(r[f"{p}_recover_s"], applies, lang), cell(r[f"{p}_extra_usd"], "extra", lang)]
        rows.append(line)
    lines += _aligned(rows)
    lines += ["", worst_sentence(table.worst("tobe"), "tobe", lang, horizon_hours),
              worst_sentence(table.worst("asis"), "asis", lang, horizon_hours),
              timings_sentence(scenario.cluster, scenario.as_is.repair_time_s, lang), t("drills.notes", lang)]
    if tol is not None:
        lines += ["", t("drills.tolerance", lang)]
        lines += ["  " + tolerance_line(s.service, s.tobe_nodes, s.tobe_nodes_tried, s.tobe_zone, s.asis_servers,
                                        s.asis_servers_tried, lang) for s in tol.services]
        lines.append(fix_sentence(tol.fix, tol.nodes, lang))
        if tol.fix is not None and tol.fix.tried:
            from planner.report.drills import fix_table

            head, body, _ = fix_table(tol.fix, lang)
            lines += ["  " + x for x in _aligned([head] + body, right_from=1)]
    return "\n".join(lines) + "\n"
