"""``planner import prometheus|cloudwatch FILE... --out scenario.yaml``: real metrics into a scenario.

Reads the load (:mod:`planner.metrics_import`), resamples it to whole hours at ``--step-s`` (default:
the data's own step), prints what it read, and writes a scenario whose services carry the load as
a fine series (or, with ``--hourly``, as hourly means, with ``--fit-burst`` a burst fitted from the
per-minute data). ``--base`` starts from an existing scenario (services of the same name take the
imported load; others are added with the defaults). With ``--cpu`` / ``--memory`` (usage series per
service) and ``--pods`` (pods per service) or ``--replicas``, it fits the idle usage and the usage
per request/s and prints each fit (R^2, points, standard errors, residuals); ``--accept-fit`` writes
the fitted costs into the scenario, ``--fit-csv`` writes the points, fitted values and residuals.

Exit codes: 0 written; 1 written, but a requested fit failed (its service keeps its usage);
2 bad input (the message names the file, the line or JSON path, and what was expected).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from planner import metrics_import as mi
from planner.scenario import ScenarioError, validate_scenario
from planner.scenario_io import default_scenario, dump_scenario, load_scenario, scenario_to_dict

EXIT_OK, EXIT_FIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
UNIT_SCALE = {"cores": mi.CORES_TO_MILLICORES, "millicores": 1.0, "bytes": mi.BYTES_TO_MIB, "mib": 1.0}


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="planner import", description=__doc__.splitlines()[0])
    ap.add_argument("kind", choices=mi.KINDS, help="prometheus: range-query JSON or CSV; cloudwatch: CSV or "
                    "GetMetricData JSON")
    ap.add_argument("files", nargs="+", help="load files (several are joined in time)")
    ap.add_argument("--out", required=True, help="scenario file to write (.yaml or .json)")
    ap.add_argument("--label", default="service", help="label (or CSV column) holding the service name")
    ap.add_argument("--name", help="service name of a single series without that label (default: the file name)")
    ap.add_argument("--values", choices=mi.VALUE_KINDS, help="rate (per second) or count (per sample interval); "
                    "default: rate for prometheus, count for cloudwatch")
    ap.add_argument("--step-s", type=int, help="resolution of the imported series [s], dividing 3600 "
                    "(default: the data's own step)")
    ap.add_argument("--hourly", action="store_true", help="write hourly means (load_requests_per_s) instead of the series")
    ap.add_argument("--fit-burst", action="store_true", help="with --hourly: add each service's burst fitted from "
                    "its per-minute data")
    ap.add_argument("--base", help="scenario to import into, or 'default' (default: the model's defaults)")
    ap.add_argument("--cpu", nargs="+", help="CPU usage per service, e.g. sum by (service) "
                    "(rate(container_cpu_usage_seconds_total[1m]))")
    ap.add_argument("--memory", nargs="+", help="memory per service, e.g. sum by (service) "
                    "(container_memory_working_set_bytes)")
    ap.add_argument("--pods", nargs="+", help="pods serving per service, e.g. sum by (service) "
                    "(kube_deployment_status_replicas_available)")
    ap.add_argument("--replicas", type=int, help="a fixed pod (or server) count during the whole range")
    ap.add_argument("--cpu-unit", choices=["cores", "millicores"], default="cores")
    ap.add_argument("--memory-unit", choices=["bytes", "mib"], default="bytes")
    ap.add_argument("--accept-fit", action="store_true", help="write the fitted usage into the scenario")
    ap.add_argument("--fit-csv", help="write each fit's points, fitted values and residuals to this CSV")
    return ap


def _read(paths: list[str], args, values: str | None = None) -> tuple[pd.DataFrame, dict]:
    parts = []
    for p in paths:
        path = Path(p)
        try:
            size = path.stat().st_size
        except OSError as exc:
            raise mi.MetricsFileError([f"{p}: cannot read: {exc.strerror}"]) from None
        if size > mi.MAX_IMPORT_BYTES:
            raise mi.MetricsFileError([f"{p}: {size / 2**20:,.1f} MiB is above the "
                                       f"{mi.MAX_IMPORT_BYTES / 2**20:,.0f} MiB limit for one metrics file"])
        parts.append((path.name, path.read_bytes()))
    return mi.read_files(parts, args.kind, label=args.label, name=args.name, values=values)


def _print_load(load: mi.Resampled, meta: dict) -> None:
    print(f"read {meta['file']}: {meta['series']} series, {meta['samples']:,} samples every {meta['native_step_s']:g} s "
          f"from {meta['start'].isoformat()}")
    print(f"imported {load.hours} h at {load.step_s} s from {load.start.isoformat()} (hour 0)")
    print(f"  {'service':<20} {'mean [requests/s]':>18} {'peak':>12} {'peak/mean':>10} {'filled':>7}")
    for r in mi.describe(load).itertuples():
        print(f"  {str(r.service)[:20]:<20} {r.mean_load_requests_per_s:>18,.3f} {r.peak_load_requests_per_s:>12,.3f} "
              f"{r.peak_to_mean:>10.2f} {r.filled_intervals:>7}")
    for note in list(meta["notes"]) + list(load.notes):
        print(f"  note: {note}")


def _fits(load: mi.Resampled, args) -> tuple[dict[str, dict[str, float]], list[mi.UsageFit], int]:
    """Fit every requested resource; print each. Returns (accepted usage fields, fits, failures)."""
    pods = _read(args.pods, args, "rate")[0] if args.pods else None
    usage: dict[str, dict[str, float]] = {}
    fits: list[mi.UsageFit] = []
    failed = 0
    for resource, files, unit in (("cpu", args.cpu, args.cpu_unit), ("memory", args.memory, args.memory_unit)):
        if not files:
            continue
        frame = _read(files, args, "rate")[0]
        for name, fit in mi.fit_services(load, frame, resource, pods=pods, replicas=args.replicas,
                                         scale=UNIT_SCALE[unit]).items():
            if isinstance(fit, mi.UsageFitError):
                failed += 1
                print(f"  fit {resource} {name}: refused: {fit}")
                continue
            fits.append(fit)
            u = "millicores" if resource == "cpu" else "MiB"
            flag = "  (uncertain: a standard error above 10 % of its value)" if fit.uncertain else ""
            print(f"  fit {resource} {name}: idle {fit.base:,.2f} {u} per pod (± {fit.base_stderr:,.2f}), "
                  f"{fit.per_rps:,.4f} {u} per request/s (± {fit.per_rps_stderr:,.4f}); R^2 {fit.r2:.4f} over "
                  f"{fit.n} points; residuals {pd.Series(fit.residuals).abs().quantile(0.95):,.2f} {u} (95th "
                  f"percentile of |residual|){flag}")
            if args.accept_fit:
                usage.setdefault(name, {}).update(fit.usage_fields())
    return usage, fits, failed


def _write_fit_csv(path: str, fits: list[mi.UsageFit]) -> None:
    rows = [pd.DataFrame({"service": f.service, "resource": f.resource, "time": f.time, "load_requests_per_s":
                          f.load_requests_per_s, "pods": f.pods, "observed": f.observed, "fitted": f.fitted,
                          "residual": f.residuals}) for f in fits]
    if rows:
        pd.concat(rows).to_csv(path, index=False, lineterminator="\n")
        print(f"wrote {path}", file=sys.stderr)


def _base(value: str):
    """``--base``: a scenario file, or ``default`` for the built-in default scenario."""
    return default_scenario() if value == "default" and not Path(value).exists() else load_scenario(value)


def run(args) -> int:
    if args.fit_burst and not args.hourly:
        raise mi.MetricsFileError(["--fit-burst needs --hourly: a fine series carries its own bursts"])
    if (args.cpu or args.memory) and not (args.pods or args.replicas):
        raise mi.MetricsFileError(["--cpu/--memory need the pods serving the load: --pods FILE (pods per service) or "
                                   "--replicas N (a fixed count)"])
    frame, meta = _read(args.files, args, args.values)
    load = mi.to_resolution(frame, args.step_s, native_step_s=meta["native_step_s"])
    _print_load(load, meta)
    bursts = None
    if args.fit_burst:
        bursts = mi.burst_fits(load)
        for name, b in bursts.items():
            print(f"  burst {name}: " + (str(b) if isinstance(b, Exception) else
                                         f"{b.as_scenario()} (R^2 of the duration curve {b.r2_curve:.3f}, "
                                         f"lag-1 autocorrelation {b.autocorr_lag1:.2f})"))
    usage, fits, failed = _fits(load, args) if (args.cpu or args.memory) else ({}, [], 0)
    if fits and not args.accept_fit:
        print("  the fitted usage is not written; check the fits and rerun with --accept-fit to write them")
    if args.fit_csv:
        _write_fit_csv(args.fit_csv, fits)
    base = scenario_to_dict(_base(args.base)) if args.base else {"name": f"Imported from {meta['file']}"[:200],
                                                                        "services": []}
    d = mi.merge_into(base, mi.service_loads(load, hourly=args.hourly, bursts=bursts), usage)
    scenario = validate_scenario(d)
    out = Path(args.out)
    out.write_text(dump_scenario(scenario, "json" if out.suffix.lower() == ".json" else "yaml"), encoding="utf-8")
    print(f"wrote {out}: {len(scenario.services)} services, {scenario.horizon_hours} h")
    return EXIT_FIT_FAILED if failed and args.accept_fit else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    ap = build_parser()
    try:
        args = ap.parse_args(argv)
    except SystemExit as exc:
        return EXIT_BAD_INPUT if exc.code else EXIT_OK
    try:
        return run(args)
    except mi.MetricsFileError as exc:
        print("error: cannot import:", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except ScenarioError as exc:
        print("error: the imported scenario is not valid:", file=sys.stderr)
        for path, msg in exc.problems:
            print(f"  {path}: {msg}" if path else f"  {msg}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
