"""Command line: ``planner plan|report|bench|validate|catalog|manifests|import|prices`` and the many-plan commands of
:mod:`planner.cli_explore` (``sweep|search|tune|sensitivity|uncertainty|compare``); ``planner drill``
is :mod:`planner.cli_drill`.

Exit codes: 0 ok; 1 a check failed (``--max-shortfall-frac`` / ``--min-savings-frac``);
2 bad input (the message names the field path and what is allowed).
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

from planner.cli_prices import add_plan_arguments, add_prices_parser, apply_cli_pricing, months_block, purchase_block
from planner.scenario import ScenarioError
from planner.scenario_io import default_scenario, load_scenario

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _scenario_arg(value: str):
    if value == "default" and not Path(value).exists():
        return default_scenario()
    return load_scenario(value)


#: Summary fields of the ``planner plan`` table, in order (None: the nodes peak / mean / min line).
SUMMARY_ROWS = ("asis_servers_total", "asis_usd_per_month", None, "tobe_usd_per_month", "savings_usd_per_month",
                "savings_frac", "asis_server_hours", "tobe_node_hours", "tobe_shortfall_requests", "tobe_shortfall_frac",
                "tobe_worst_hour", "tobe_min_headroom_frac", "asis_shortfall_requests", "asis_min_headroom_frac")
#: Service columns of the table.
SERVICE_ROWS = ("service", "asis_servers", "pods_peak", "pods_mean", "shortfall_requests")


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide characters (Hangul) take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def render_summary_table(plan, lang: str = "en") -> str:
    """The summary as aligned text (what ``planner plan`` prints), formatted as the app and the
    reports format it (planner.i18n): ``$1,681.92``, ``46.9%``, the worst hour as ``21:00``."""
    from planner.i18n import (col_label, fmt_num, fmt_value, label_with_unit, plan_warnings, summary_label,
                              summary_unit, t)
    from planner.i18n.scenarios import scenario_text

    s = plan.summary
    lines = [t("cli.header", lang, name=scenario_text(plan.scenario.name, lang), hours=s.horizon_hours, step=s.step_s,
               hpm=f"{s.hours_per_month:g}")]
    rows: list[tuple[str, str]] = []
    for key in SUMMARY_ROWS:
        if key is None:
            rows.append((label_with_unit(t("cli.nodes", lang), "nodes", lang),
                         f"{s.tobe_nodes_peak} / {fmt_num(s.tobe_nodes_mean, lang, 2)} / {s.tobe_nodes_min}"))
            continue
        unit = summary_unit(key)
        label = summary_label(key, lang) if unit.startswith("USD") or unit == "fraction" else \
            label_with_unit(summary_label(key, lang), unit, lang)
        rows.append((label, fmt_value(getattr(s, key), unit, lang, s.horizon_hours)))
    width = max(_width(label) for label, _ in rows)
    lines += [f"  {_pad(label, width)}  {_pad(value, 14, right=True)}" for label, value in rows]
    from planner.report.realload import text_lines

    lines += text_lines(plan, lang)
    lines.append("")
    table = [[col_label(c, lang) for c in SERVICE_ROWS]]
    for r in plan.services.itertuples(index=False):
        table.append([str(r.service)] + [fmt_value(getattr(r, c), "requests" if c == "shortfall_requests" else "",
                                                   lang) for c in SERVICE_ROWS[1:]])
    widths = [max(_width(row[j]) for row in table) for j in range(len(SERVICE_ROWS))]
    for row in table:
        lines.append("  " + "  ".join(_pad(cell, w, right=j > 0) for j, (cell, w) in enumerate(zip(row, widths))))
    if plan.purchase_options is not None:
        lines += purchase_block(plan, lang)
    lines += months_block(plan, lang)
    warnings = plan_warnings(plan, lang)
    if warnings:
        lines.append("")
        lines += [f"  {t('cli.warning', lang)}: {w}" for w in warnings]
    return "\n".join(lines) + "\n"


#: Significant digits of the floats ``planner plan --format json`` writes: enough for every planning
#: figure (a cent of a fleet-year's cost, a request of a billion), few enough that binary noise such
#: as 1681.9200000000003 disappears (1681.92); the summary printed with --format csv is rounded the same
#: way. The frames written with --out keep the exact shortest round-trip form.
JSON_SIGNIFICANT_DIGITS = 12


def json_number(x):
    """``x`` rounded to :data:`JSON_SIGNIFICANT_DIGITS` significant digits (floats only); NaN/inf -> None."""
    if isinstance(x, float):
        if not math.isfinite(x):
            return None
        return float(f"{x:.{JSON_SIGNIFICANT_DIGITS}g}")
    return x


def _write_frames(plan, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    frames = {"hourly": plan.hourly, "cluster_hourly": plan.cluster_hourly, "services": plan.services,
              "assumptions": plan.assumptions, "steps": plan.steps, "cluster_steps": plan.cluster_steps,
              "purchase_options": plan.purchase_options, "cost_lines": plan.cost_lines, "months": plan.months}
    for name, df in frames.items():
        if df is None:
            continue
        path = out / f"{name}.csv"
        df.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    path = out / "summary.json"
    path.write_text(json.dumps(_json_safe(plan.summary.to_dict()), indent=2, allow_nan=False, default=str) + "\n")
    written.append(path)
    return written


def _json_safe(d: dict) -> dict:
    return {k: json_number(v) for k, v in d.items()}


def cmd_plan(args) -> int:
    import planner

    scenario = apply_cli_pricing(_scenario_arg(args.scenario), args)
    p = planner.plan(scenario, keep_steps=args.steps or None, band=not args.no_band)
    from planner.cli_verdict import render_verdict, verdict_for, verdict_json  # issue 15

    vd = verdict_for(args, scenario, p)
    env = None
    if scenario.environments:  # cost per environment and per cluster option (planner.env_costs)
        from planner.env_costs import environment_costs

        env = environment_costs(scenario, p)
    if args.format == "json":
        d = _json_safe(p.summary.to_dict())
        if env is not None:
            d["environments"] = {"options_usd_per_month": {o: env.option_usd_per_month(o) for o in
                                                           ("asis", "shared", "per_environment")},
                                 "per_environment": env.table.to_dict(orient="records")}
        if vd is not None:
            d["verdict"] = verdict_json(vd, json_number)
        sys.stdout.write(json.dumps(d, indent=2, default=str) + "\n")
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["field", "value"])
        for k, v in p.summary.to_dict().items():
            w.writerow([k, " | ".join(v) if isinstance(v, list) else json_number(v)])
        sys.stdout.write(buf.getvalue())
    else:
        if vd is not None:
            sys.stdout.write(render_verdict(vd, [s.name for s in p.scenario.services], args.lang))
        sys.stdout.write(render_summary_table(p, args.lang))
        if env is not None:
            from planner.cli_manifests import render_environments_table

            sys.stdout.write(render_environments_table(env))
    if args.out:
        for path in _write_frames(p, Path(args.out)):
            print(f"wrote {path}", file=sys.stderr)
        if env is not None:
            env.table.to_csv(Path(args.out) / "environments.csv", index=False, lineterminator="\n")
            print(f"wrote {Path(args.out) / 'environments.csv'}", file=sys.stderr)
    from planner.i18n import fmt_pct, t

    rc = EXIT_OK
    if args.max_shortfall_frac is not None and p.summary.tobe_shortfall_frac > args.max_shortfall_frac:
        print(t("cli.check_shortfall", args.lang, value=fmt_pct(p.summary.tobe_shortfall_frac),
                limit=fmt_pct(args.max_shortfall_frac)), file=sys.stderr)
        rc = EXIT_CHECK_FAILED
    if args.min_savings_frac is not None and p.summary.savings_frac < args.min_savings_frac:
        print(t("cli.check_savings", args.lang, value=fmt_pct(p.summary.savings_frac),
                limit=fmt_pct(args.min_savings_frac)), file=sys.stderr)
        rc = EXIT_CHECK_FAILED
    return rc


def cmd_report(args) -> int:
    import planner
    from planner.report import write_reports

    scenario = apply_cli_pricing(_scenario_arg(args.scenario), args)
    p = planner.plan(scenario, band=True)
    formats = [f.strip() for part in args.format for f in part.split(",") if f.strip()]
    generated_at = None
    if args.generated_at:
        from datetime import datetime

        generated_at = datetime.fromisoformat(args.generated_at)
    for path in write_reports(p, formats, Path(args.out), lang=args.lang, generated_at=generated_at, paper=args.paper):
        print(f"wrote {path}")
    return EXIT_OK


def cmd_validate(args) -> int:
    from planner.planning import check_scenario
    from planner.scenario import check_scenario_work

    s = apply_cli_pricing(_scenario_arg(args.scenario), args)
    check_scenario_work(s)  # the work budget and the feasibility rules plan() applies
    check_scenario(s)
    print(f"ok: {s.name}: {len(s.services)} services, {s.horizon_hours} hours")
    return EXIT_OK


def cmd_catalog(args) -> int:
    from planner.catalog import load_catalog

    df = load_catalog()
    if args.provider:
        df = df[df.provider == args.provider]
    sys.stdout.write(df.drop(columns=["source"]).to_string(index=False) + "\n")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="planner", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("plan", help="compute both plans and print the summary")
    p.add_argument("scenario", help="scenario .yaml/.json (or an HTML report), or 'default'")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.add_argument("--out", help="folder to write the frames (CSV) and summary.json into")
    p.add_argument("--steps", action="store_true", help="keep per-step frames even for large runs")
    p.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the table (en or ko)")
    p.add_argument("--no-band", action="store_true", help="skip the shortfall band of hourly loads (two to three "
                   "more engine runs: steps, linear, with bursts)")
    p.add_argument("--max-shortfall-frac", type=float, help="exit 1 if the To-Be shortfall share exceeds this")
    p.add_argument("--min-savings-frac", type=float, help="exit 1 if savings fall below this fraction")
    add_plan_arguments(p)
    from planner.cli_verdict import add_verdict_arguments

    add_verdict_arguments(p)
    p.set_defaults(func=cmd_plan)
    from planner.report import FORMATS

    r = sub.add_parser("report", help=f"write reports ({', '.join(FORMATS)})")
    r.add_argument("scenario")
    r.add_argument("--format", action="append", default=None, required=True,
                   help=f"one or more of {','.join(FORMATS)} (comma-separated or repeated)")
    r.add_argument("--out", required=True, help="output folder (or file when one format)")
    r.add_argument("--lang", choices=["en", "ko"], default="en")
    r.add_argument("--paper", choices=["A4", "Letter"], default="A4", help="PDF page size")
    r.add_argument("--generated-at", help="timestamp printed on the reports (ISO 8601); none by default, "
                   "so the same scenario gives the same bytes")
    add_plan_arguments(r)
    r.set_defaults(func=cmd_report)
    v = sub.add_parser("validate", help="check a scenario file")
    v.add_argument("scenario")
    add_plan_arguments(v)
    v.set_defaults(func=cmd_validate)
    from planner.cli_manifests import add_parser as add_manifests

    add_manifests(sub)
    c = sub.add_parser("catalog", help="list instance types and prices")
    c.add_argument("--provider")
    c.set_defaults(func=cmd_catalog)
    from planner.cli_explore import add_commands  # sweep, search, tune, sensitivity, uncertainty, compare

    add_commands(sub)
    add_prices_parser(sub)
    from planner.cli_drill import add_parser as add_drill  # failure drills

    add_drill(sub)
    b = sub.add_parser("bench", help="benchmarks (see planner bench --help)", add_help=False)
    b.add_argument("rest", nargs=argparse.REMAINDER)
    b.set_defaults(func=None)
    i = sub.add_parser("import", help="Prometheus or CloudWatch metrics into a scenario (see planner import --help)",
                       add_help=False)
    i.add_argument("rest", nargs=argparse.REMAINDER)
    i.set_defaults(func=None)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bench":
        from planner.bench import main as bench_main

        return bench_main(argv[1:])
    if argv and argv[0] == "import":
        from planner.cli_import import main as import_main

        return import_main(argv[1:])
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return EXIT_BAD_INPUT if exc.code else EXIT_OK
    try:
        return args.func(args)
    except ScenarioError as exc:
        print(f"error: invalid scenario {getattr(args, 'scenario', '')}:", file=sys.stderr)
        for path, msg in exc.problems:
            print(f"  {path}: {msg}" if path else f"  {msg}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RuntimeError as exc:  # an external tool (Chromium for PDF/PNG) is missing or failed
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
