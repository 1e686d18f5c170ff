"""Command line: ``planner plan|report|bench|validate|catalog|prices``.

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
from pathlib import Path

from planner.cli_prices import add_plan_arguments, add_prices_parser, apply_cli_pricing, months_block, purchase_block
from planner.scenario import ScenarioError
from planner.scenario_io import default_scenario, load_scenario

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _scenario_arg(value: str):
    if value == "default" and not Path(value).exists():
        return default_scenario()
    return load_scenario(value)


def _fmt(v) -> str:
    if isinstance(v, float):
        if math.isinf(v):
            return "-inf" if v < 0 else "inf"
        return f"{v:,.4f}".rstrip("0").rstrip(".") if abs(v) < 1000 else f"{v:,.2f}"
    return "-" if v is None else str(v)


SUMMARY_ROWS = (
    ("As-Is servers (incl. backups)", "asis_servers_total", ""),
    ("As-Is cost", "asis_usd_per_month", "USD/month"),
    ("To-Be nodes peak / mean / min", None, "nodes"),
    ("To-Be cost", "tobe_usd_per_month", "USD/month"),
    ("Savings", "savings_usd_per_month", "USD/month"),
    ("Savings", "savings_frac", "fraction"),
    ("As-Is server-hours", "asis_server_hours", "server-hours"),
    ("To-Be node-hours", "tobe_node_hours", "node-hours"),
    ("To-Be shortfall", "tobe_shortfall_requests", "requests"),
    ("To-Be shortfall share", "tobe_shortfall_frac", "fraction"),
    ("To-Be worst hour", "tobe_worst_hour", "hour"),
    ("To-Be min headroom", "tobe_min_headroom_frac", "fraction"),
    ("As-Is shortfall", "asis_shortfall_requests", "requests"),
    ("As-Is min headroom", "asis_min_headroom_frac", "fraction"),
)


def render_summary_table(plan) -> str:
    """The summary as aligned text (what ``planner plan`` prints)."""
    s = plan.summary
    lines = [f"{plan.scenario.name}: {s.horizon_hours} h at {s.step_s} s steps; month = {s.hours_per_month:g} h"]
    for label, key, unit in SUMMARY_ROWS:
        v = getattr(s, key) if key else None
        if key is None:
            val = f"{s.tobe_nodes_peak} / {s.tobe_nodes_mean:.2f} / {s.tobe_nodes_min}"
        elif unit == "fraction" and isinstance(v, float) and math.isfinite(v):
            val, unit = f"{v:.2%}", ""
        elif unit.startswith("USD"):
            val = f"{v:,.2f}"
        elif isinstance(v, float):
            val = f"{v:,.1f}" if v != int(v) else f"{v:,.0f}"
        else:
            val = _fmt(v)
        lines.append(f"  {label:<32} {val:>16} {unit}")
    lines.append("")
    lines.append("  service  As-Is servers  peak pods  mean pods  shortfall [requests]")
    for r in plan.services.itertuples():
        lines.append(f"  {str(r.service)[:8]:<8} {r.asis_servers:>13} {r.pods_peak:>10} {r.pods_mean:>10.2f} {r.shortfall_requests:>20,.0f}")
    if plan.purchase_options is not None:
        lines += purchase_block(plan)
    lines += months_block(plan)
    if s.warnings:
        lines.append("")
        lines += [f"  warning: {w}" for w in s.warnings]
    return "\n".join(lines) + "\n"


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
    path.write_text(json.dumps(plan.summary.to_dict(), indent=2, allow_nan=False, default=str) + "\n")
    written.append(path)
    return written


def _json_safe(d: dict) -> dict:
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v) for k, v in d.items()}


def cmd_plan(args) -> int:
    import planner

    scenario = apply_cli_pricing(_scenario_arg(args.scenario), args)
    p = planner.plan(scenario, keep_steps=args.steps or None)
    if args.format == "json":
        sys.stdout.write(json.dumps(_json_safe(p.summary.to_dict()), indent=2) + "\n")
    elif args.format == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["field", "value"])
        for k, v in p.summary.to_dict().items():
            w.writerow([k, " | ".join(v) if isinstance(v, list) else v])
        sys.stdout.write(buf.getvalue())
    else:
        sys.stdout.write(render_summary_table(p))
    if args.out:
        for path in _write_frames(p, Path(args.out)):
            print(f"wrote {path}", file=sys.stderr)
    rc = EXIT_OK
    if args.max_shortfall_frac is not None and p.summary.tobe_shortfall_frac > args.max_shortfall_frac:
        print(f"check failed: To-Be shortfall {p.summary.tobe_shortfall_frac:.4%} > {args.max_shortfall_frac:.4%}",
              file=sys.stderr)
        rc = EXIT_CHECK_FAILED
    if args.min_savings_frac is not None and p.summary.savings_frac < args.min_savings_frac:
        print(f"check failed: savings {p.summary.savings_frac:.2%} < {args.min_savings_frac:.2%}", file=sys.stderr)
        rc = EXIT_CHECK_FAILED
    return rc


def cmd_report(args) -> int:
    import planner
    from planner.report import write_reports

    scenario = apply_cli_pricing(_scenario_arg(args.scenario), args)
    p = planner.plan(scenario)
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
    p.add_argument("--max-shortfall-frac", type=float, help="exit 1 if the To-Be shortfall share exceeds this")
    p.add_argument("--min-savings-frac", type=float, help="exit 1 if savings fall below this fraction")
    add_plan_arguments(p)
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
    c = sub.add_parser("catalog", help="list instance types and prices")
    c.add_argument("--provider")
    c.set_defaults(func=cmd_catalog)
    add_prices_parser(sub)
    b = sub.add_parser("bench", help="benchmarks (see planner bench --help)", add_help=False)
    b.add_argument("rest", nargs=argparse.REMAINDER)
    b.set_defaults(func=None)
    return ap


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "bench":
        from planner.bench import main as bench_main

        return bench_main(argv[1:])
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
