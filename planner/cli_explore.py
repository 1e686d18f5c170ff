"""``planner sweep|search|tune|sensitivity|uncertainty|compare``: many plans from the command line.

Exit codes as ``planner``: 0 ok; 1 a check failed (no node type, setting or mix within the risk
budget); 2 bad input (the message names the field or the override); 130 stopped with Ctrl-C (the
variants done so far are still written).

Override values (``--set PATH=V1,V2``): numbers, ``true``/``false``, text; ``*1.1`` scales the
current value, ``+=30`` / ``-=30`` shift it; with ``--samples`` a ``LOW..HIGH`` range is drawn
uniformly (integers for integer fields) and a list is a random choice.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

EXIT_OK, EXIT_CHECK_FAILED, EXIT_BAD_INPUT, EXIT_INTERRUPTED = 0, 1, 2, 130


def _scenario(value: str):
    """A scenario file, or the built-in one for ``default`` (as ``planner plan`` reads it)."""
    from planner.scenario_io import default_scenario, load_scenario

    if value == "default" and not Path(value).exists():
        return default_scenario()
    return load_scenario(value)


# --- values and progress ---------------------------------------------------------------------
def parse_value(text: str) -> Any:
    """One override value from the command line (see the module docstring)."""
    from planner.sweep import Scale, Shift

    s = text.strip()
    if s.startswith("*") or s.startswith("x"):
        try:
            return Scale(float(s[1:]))
        except ValueError:
            pass
    if s[:2] in ("+=", "-="):
        return Shift(float(s[2:]) * (1 if s[0] == "+" else -1))
    for conv in (int, float):
        try:
            return conv(s)
        except ValueError:
            pass
    return {"true": True, "false": False, "null": None, "none": None}.get(s.lower(), s)


def parse_set(item: str, samples: bool = False) -> tuple[str, Any]:
    """``PATH=V1,V2`` -> ``(path, [values])``; with ``samples`` a ``LOW..HIGH`` is a Uniform range."""
    from planner.scenario import ScenarioError
    from planner.sweep import Uniform

    if "=" not in item or item.startswith("="):
        raise ScenarioError([("--set", f"expected PATH=VALUE[,VALUE...]; got {item!r}")])
    path, _, values = item.partition("=")
    if values.startswith("=") and path[-1:] in "+-":  # "path+=30" written as path+=30
        path, values = path[:-1], path[-1] + "=" + values[1:]
    if samples and ".." in values and "," not in values:
        lo, _, hi = values.partition("..")
        return path.strip(), Uniform(float(lo), float(hi))
    return path.strip(), [parse_value(v) for v in values.split(",")]


class TextProgress:
    """A progress bar on stderr (on a terminal; elsewhere a line at each quarter)."""

    def __init__(self, what: str, stream=None):
        self.what, self.stream = what, stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        if total <= 0:
            return
        if self.tty:
            n = int(30 * done / total)
            self.stream.write(f"\r{self.what} [{'#' * n}{'.' * (30 - n)}] {done:,}/{total:,}")
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
        else:
            step = int(4 * done / total)
            if step != self.last:
                self.last = step
                print(f"{self.what}: {done:,}/{total:,}", file=self.stream)


@contextmanager
def interruptible() -> Iterator[threading.Event]:
    """An event set by Ctrl-C (the sweep's ``cancel``), so a stopped sweep keeps its rows."""
    stop = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    old = signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, old)


def _sweep_kw(args, stop: threading.Event, what: str) -> dict[str, Any]:
    executor = args.executor or ("dask" if args.scheduler else "inprocess")
    return {"executor": executor, "scheduler": args.scheduler, "workers": args.workers,
            "progress": TextProgress(what), "cancel": stop.is_set}


def _write_frame(df, out: str) -> None:
    from planner.scenario import ScenarioError

    p = Path(out)
    p.parent.mkdir(parents=True, exist_ok=True)
    if p.suffix.lower() == ".parquet":
        df.to_parquet(p, index=False)
    elif p.suffix.lower() == ".csv":
        df.to_csv(p, index=False, lineterminator="\n")
    elif p.suffix.lower() == ".json":
        p.write_text(df.to_json(orient="records", indent=1) + "\n")
    else:
        raise ScenarioError([("--out", f"write .parquet, .csv or .json; got {p.name!r}")])
    print(f"wrote {p} ({len(df):,} rows)", file=sys.stderr)


def _print_frame(df, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(df.to_json(orient="records", indent=1) + "\n")
    elif fmt == "csv":
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
    else:
        with __import__("pandas").option_context("display.max_rows", 200, "display.width", 200,
                                                 "display.max_colwidth", 60):
            sys.stdout.write(df.to_string(index=False) + "\n")


def _stopped(res) -> int:
    if res.cancelled:
        print(f"stopped after {res.n_done:,} of {res.n_variants:,} variants", file=sys.stderr)
        return EXIT_INTERRUPTED
    return EXIT_OK


# --- commands --------------------------------------------------------------------------------
def cmd_sweep(args) -> int:
    import numpy as np

    from planner import sweep

    scenario = _scenario(args.scenario)
    sets = [parse_set(x, samples=args.samples is not None) for x in args.set or []]
    if not sets:
        raise ValueError("--set: give at least one PATH=VALUES")
    if args.samples is not None:
        variants = sweep.samples(dict(sets), args.samples, np.random.default_rng(args.seed), scenario)
    elif args.mode == "list":
        variants = sweep.zipped(dict(sets))
    else:
        variants = sweep.grid(dict(sets))
    with interruptible() as stop:
        res = sweep.run_sweep(scenario, variants, **_sweep_kw(args, stop, "sweep"))
    cols = ["variant", *res.override_columns, "feasible", "asis_usd_per_month", "tobe_usd_per_month",
            "savings_usd_per_month", "savings_frac", "tobe_shortfall_frac", "tobe_nodes_peak"]
    _print_frame(res.frame[cols], args.format)
    if args.out:
        _write_frame(res.frame, args.out)
    return _stopped(res)


def _budget(args, base_summary=None):
    from planner.search import RiskBudget

    if getattr(args, "no_worse_than_asis", False):
        return RiskBudget.no_worse_than_asis(base_summary)
    return RiskBudget(args.max_shortfall_frac)


def search_lines(ns, lang: str, servers=None, mixes=None) -> list[str]:
    """The node search (and the server search, the mixes) as sentences and "why not" lines."""
    from planner.i18n import t
    from planner.i18n.sweep import why_line
    from planner.report.explore import mix_sentence, search_sentence, servers_sentence

    out = [t("sweep.search", lang), search_sentence(ns, lang), t("sweep.why_not", lang) + ":"]
    out += [f"  {why_line(r.candidate.name, r.reasons, lang)}" for r in ns.ranked if r.status != "best"]
    if mixes is not None:
        out += ["", t("sweep.mixes", lang), mix_sentence(mixes, lang), t("sweep.mix_note", lang)]
    if servers is not None:
        out += ["", t("sweep.servers", lang), servers_sentence(servers, lang)]
    return out


def cmd_search(args) -> int:
    from planner import search

    scenario = _scenario(args.scenario)
    allow = tuple(a.strip() for a in (args.allow or "").split(",") if a.strip())
    budget = search.RiskBudget(args.max_shortfall_frac)
    with interruptible() as stop:
        ns = search.search_nodes(scenario, provider=args.provider, region=args.region, budget=budget, allow=allow,
                                 **_sweep_kw(args, stop, "search"))
    mixes = search.search_mixes(scenario, search.mix_candidates(ns), ns, budget) if args.pools == 2 else None
    servers = search.search_servers(scenario, provider=args.provider, region=args.region, budget=budget,
                                    allow=allow) if args.servers else None
    if args.format == "table":
        sys.stdout.write("\n".join(search_lines(ns, args.lang, servers, mixes)) + "\n")
    else:
        _print_frame(ns.frame(), args.format)
    if args.out or args.report:
        from planner.report.explore import Explore, write_explore

        ex = Explore(plan=None, scenario=scenario, search=ns, mixes=mixes, servers=servers)
        write_explore(ex, args.report or "html", args.out or ".", args.lang)
    if ns.sweep is not None and ns.sweep.cancelled:
        return EXIT_INTERRUPTED
    return EXIT_OK if ns.best is not None else EXIT_CHECK_FAILED


def cmd_tune(args) -> int:
    import planner
    from planner import search
    from planner.report.explore import tuning_sentence

    scenario = _scenario(args.scenario)
    base = planner.plan(scenario, keep_steps=False).summary
    with interruptible() as stop:
        res = search.tune(scenario, _budget(args, base), **_sweep_kw(args, stop, "tune"))
    print(tuning_sentence(res, args.lang))
    if args.out:
        _write_frame(res.frame, args.out)
    return EXIT_OK if res.best is not None else EXIT_CHECK_FAILED


def cmd_sensitivity(args) -> int:
    from planner import sensitivity as se
    from planner.i18n import t
    from planner.report.explore import tornado_sentence

    scenario = _scenario(args.scenario)
    with interruptible() as stop:
        tr = se.tornado(scenario, args.metric, **_sweep_kw(args, stop, "sensitivity"))
    hm = None
    if args.heatmap:
        x, _, y = args.heatmap.partition(",")
        hm = se.heatmap(scenario, x.strip(), se.heatmap_values(scenario, x.strip()), y.strip(),
                        se.heatmap_values(scenario, y.strip()), args.metric)
    df = tr.frame.copy()
    df.insert(0, "name", [t(f"sweep.assumption.{k}", args.lang) for k in df.assumption])
    if args.format == "table":
        print(tornado_sentence(tr, args.lang))
    _print_frame(df.drop(columns=["path", "problem"]), args.format)
    if hm is not None and args.format == "table":
        import pandas as pd

        print(f"\n{args.metric} by {hm.x_path} (columns) and {hm.y_path} (rows):")
        print(pd.DataFrame(hm.z, index=list(hm.y_values), columns=list(hm.x_values)).round(4).to_string())
    if args.out or args.report:
        from planner.report.explore import Explore, write_explore

        write_explore(Explore(plan=None, scenario=scenario, tornado=tr, heatmap=hm), args.report or "html",
                      args.out or ".", args.lang)
    return EXIT_OK


def _range(text: str | None, what: str) -> tuple[float, float] | None:
    if text is None:
        return None
    lo, sep, hi = text.partition("..")
    try:
        return (float(lo), float(hi)) if sep else (float(lo), float(lo))
    except ValueError:
        raise ValueError(f"{what}: expected LOW..HIGH; got {text!r}") from None


def cmd_uncertainty(args) -> int:
    from planner import montecarlo as mc

    scenario = _scenario(args.scenario)
    g, s, p = _range(args.growth, "--growth"), _range(args.startup, "--startup"), _range(args.provisioning,
                                                                                          "--provisioning")
    spec = mc.Uncertainty(args.load_noise, *(g or (None, None)), *(s or (0.5, 2.0)), *(p or (0.75, 1.5)))
    with interruptible() as stop:
        res = mc.monte_carlo(scenario, args.samples, args.seed, spec, **_sweep_kw(args, stop, "uncertainty"))
    from planner.report.explore import mc_sentences

    print("\n".join(mc_sentences(res, scenario, args.lang)))
    _print_frame(res.quantiles.reset_index(), args.format)
    if args.out:
        _write_frame(res.sweep.frame, args.out)
    if args.report:
        from planner.report.explore import Explore, write_explore

        write_explore(Explore(plan=None, scenario=scenario, mc=res), args.report, args.report_out or ".", args.lang)
    return _stopped(res.sweep)


def cmd_compare(args) -> int:
    from planner import compare

    scenarios = [_scenario(x) for x in args.scenarios]
    if args.variant:
        overrides = []
        for v in args.variant:
            ov = {}
            for item in v.split(";"):
                path, values = parse_set(item)
                if len(values) != 1:
                    raise ValueError(f"--variant: one value per field; got {item!r}")
                ov[path] = values[0]
            overrides.append(ov)
        scenarios = compare.variants_of(scenarios[0], overrides) + scenarios[1:]
    cmp = compare.compare(scenarios)
    _print_frame(cmp.table, args.format)
    if args.format == "table" and len(cmp.differences):
        print()
        _print_frame(cmp.differences, "table")
    if args.out or args.report:
        from planner.report.explore import write_compare

        write_compare(cmp, args.report or "html", args.out or ".", args.lang)
    return EXIT_OK


# --- parsers ---------------------------------------------------------------------------------
def _executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--executor", choices=["inprocess", "processes", "dask"],
                   help="where the plans run (default in-process; --scheduler implies dask)")
    p.add_argument("--scheduler", help="dask: 'local' starts a LocalCluster, tcp://host:8786 uses a running one")
    p.add_argument("--workers", type=int, help="processes of the pool or the LocalCluster (default: every core)")


def _common(p: argparse.ArgumentParser, fmt: bool = True) -> None:
    p.add_argument("scenario", help="scenario .yaml/.json (or an HTML report), or 'default'")
    p.add_argument("--lang", choices=["en", "ko"], default="en")
    if fmt:
        p.add_argument("--format", choices=["table", "json", "csv"], default="table")


def add_commands(sub) -> None:
    """Register the commands on ``planner``'s subparsers."""
    from planner.search import DEFAULT_MAX_SHORTFALL_FRAC
    from planner.sensitivity import METRICS

    s = sub.add_parser("sweep", help="plan variants of a scenario (--set PATH=V1,V2 ...), one row each")
    _common(s)
    s.add_argument("--set", action="append", metavar="PATH=V1,V2", help="field path and values (repeat per field)")
    s.add_argument("--mode", choices=["grid", "list"], default="grid", help="every combination, or the i-th values together")
    s.add_argument("--samples", type=int, help="N random variants instead (LOW..HIGH ranges, or lists to choose from)")
    s.add_argument("--seed", type=int, default=0, help="seed of the random samples")
    s.add_argument("--out", help="results file: .parquet, .csv or .json (every Summary field per variant)")
    _executor_args(s)
    s.set_defaults(func=cmd_sweep)

    r = sub.add_parser("search", help="the cheapest node type within a risk budget, and why not the others")
    _common(r)
    r.add_argument("--provider", help="catalog provider (default: the current node's)")
    r.add_argument("--region", help="catalog region (default: the current node's)")
    r.add_argument("--max-shortfall-frac", type=float, default=DEFAULT_MAX_SHORTFALL_FRAC,
                   help=f"risk budget: most share of requests unserved (default {DEFAULT_MAX_SHORTFALL_FRAC})")
    r.add_argument("--pools", type=int, choices=[1, 2], default=1, help="2: also a second node type for one service")
    r.add_argument("--allow", help="rank these too: arm64, burstable, x86_64 (comma-separated)")
    r.add_argument("--servers", action="store_true", help="also right-size the As-Is server type")
    r.add_argument("--report", help="write a report: html, md, xlsx (comma-separated) into --out")
    r.add_argument("--out", help="report folder (default: the current folder)")
    _executor_args(r)
    r.set_defaults(func=cmd_search)

    t = sub.add_parser("tune", help="the cheapest spare nodes, min replicas, CPU target and node type within a budget")
    _common(t, fmt=False)
    g = t.add_mutually_exclusive_group()
    g.add_argument("--max-shortfall-frac", type=float, default=DEFAULT_MAX_SHORTFALL_FRAC)
    g.add_argument("--no-worse-than-asis", action="store_true", help="budget: the As-Is plan's own shortfall share")
    t.add_argument("--out", help="every setting tried: .parquet, .csv or .json")
    _executor_args(t)
    t.set_defaults(func=cmd_tune)

    e = sub.add_parser("sensitivity", help="tornado: each assumption down and up by its step; --heatmap X,Y")
    _common(e)
    e.add_argument("--metric", choices=METRICS, default="savings_usd_per_month")
    e.add_argument("--heatmap", metavar="X,Y", help="two assumptions (node_price, hpa_target, growth, ...) for a grid")
    e.add_argument("--report", help="write a report: html, md, xlsx into --out")
    e.add_argument("--out", help="report folder")
    _executor_args(e)
    e.set_defaults(func=cmd_sensitivity)

    u = sub.add_parser("uncertainty", help="Monte Carlo over load noise, growth and start-up times: P10/P50/P90")
    _common(u)
    u.add_argument("--samples", type=int, default=200)
    u.add_argument("--seed", type=int, default=0)
    u.add_argument("--load-noise", type=float, default=0.1, help="coefficient of variation of hourly load noise")
    u.add_argument("--growth", help="growth range LOW..HIGH (default: the scenario's +/- 0.1)")
    u.add_argument("--startup", help="pod start-up factor range LOW..HIGH (default 0.5..2)")
    u.add_argument("--provisioning", help="node provisioning factor range LOW..HIGH (default 0.75..1.5)")
    u.add_argument("--out", help="every sample: .parquet, .csv or .json")
    u.add_argument("--report", help="write a report: html, md, xlsx into --report-out")
    u.add_argument("--report-out", help="report folder")
    _executor_args(u)
    u.set_defaults(func=cmd_uncertainty)

    c = sub.add_parser("compare", help="2-4 scenarios side by side (files, or --variant of the first)")
    c.add_argument("scenarios", nargs="+", help="scenario files (or 'default')")
    c.add_argument("--variant", action="append", metavar="PATH=V;PATH=V", help="a variant of the first scenario")
    c.add_argument("--lang", choices=["en", "ko"], default="en")
    c.add_argument("--format", choices=["table", "json", "csv"], default="table")
    c.add_argument("--report", help="write the comparison report: html, md, xlsx into --out")
    c.add_argument("--out", help="report folder")
    c.set_defaults(func=cmd_compare)


__all__ = ["add_commands", "parse_set", "parse_value"]
