"""``planner manifests SCENARIO --out DIR``: the Kubernetes objects that implement the plan.

Exit codes as the rest of the CLI: 0 written (and valid, with ``--validate``); 1 ``--validate``
found an object the official schemas reject; 2 bad input (the message names the field or option).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner.manifests import (DEFAULT_K8S_VERSION, LAYOUTS, MAX_K8S_VERSION, MIN_K8S_VERSION, NODE_AUTOSCALERS,
                               manifest_objects, render_manifests, validate_manifests, write_manifests, zip_manifests)

EXIT_OK, EXIT_CHECK_FAILED = 0, 1


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``manifests`` on the CLI's sub-command parser."""
    lo, hi = (f"{a}.{b}" for a, b in (MIN_K8S_VERSION, MAX_K8S_VERSION))
    m = sub.add_parser("manifests", help="write Kubernetes manifests that implement the plan (a kustomize folder per "
                                         "environment)")
    m.add_argument("scenario", help="scenario .yaml/.json (or an HTML report), or 'default'")
    m.add_argument("--out", required=True, help="folder to write into (or a .zip file)")
    m.add_argument("--k8s-version", default=DEFAULT_K8S_VERSION,
                   help=f"target Kubernetes version, {lo} to {hi} (default {DEFAULT_K8S_VERSION}; gates HPA tolerance "
                        "and other version-dependent fields)")
    m.add_argument("--layout", choices=LAYOUTS, default="shared",
                   help="one shared cluster (cluster/ + a folder per environment) or a cluster per environment")
    m.add_argument("--node-autoscaler", choices=NODE_AUTOSCALERS, default="cluster-autoscaler",
                   help="write Cluster Autoscaler flags or a Karpenter NodePool")
    m.add_argument("--validate", action="store_true",
                   help="check every object against the official schemas of --k8s-version (needs kubernetes-validate)")
    m.set_defaults(func=cmd_manifests)


def _scenario(value: str):
    """The scenario file, or the built-in one for ``default`` (as ``planner plan`` reads it)."""
    from planner.scenario_io import default_scenario, load_scenario

    return default_scenario() if value == "default" and not Path(value).exists() else load_scenario(value)


def cmd_manifests(args) -> int:
    scenario = _scenario(args.scenario)
    files = render_manifests(scenario, k8s_version=args.k8s_version, layout=args.layout,
                             node_autoscaler=args.node_autoscaler)
    out = Path(args.out)
    if out.suffix == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_manifests(files))
        print(f"wrote {out} ({len(files)} files)")
    else:
        written = write_manifests(files, out)
        print(f"wrote {len(written)} files under {out}/ (kubectl apply -k {out}"
              + ("" if args.layout == "shared" else "/<environment>") + ")")
    if args.validate:
        problems = validate_manifests(files, args.k8s_version)
        for where, msg in problems:
            print(f"invalid: {where}: {msg}", file=sys.stderr)
        if problems:
            return EXIT_CHECK_FAILED
        print(f"valid: {len(manifest_objects(files))} objects against the Kubernetes {args.k8s_version} schemas "
              "(strict; custom resources not checked)")
    return EXIT_OK


def render_environments_table(costs) -> str:
    """Cost per option and per environment as aligned text (what ``planner plan`` prints for a
    scenario with environments)."""
    from planner.env_costs import OPTIONS
    from planner.i18n.environments import note_text, option_label

    lines = ["", f"  {'Environments and cluster options':<58} {'USD/month':>12}   control plane"]
    cp = {"shared": costs.shared_control_plane_usd_per_month,
          "per_environment": costs.per_environment_control_plane_usd_per_month}
    for o in OPTIONS:
        extra = f"{cp[o]:>15,.2f}" if o in cp else ""
        lines.append(f"  {option_label(o, 'en'):<58} {costs.option_usd_per_month(o):>12,.2f}{extra}")
    lines += ["", "  environment  runs [% of hours]  As-Is servers  As-Is USD/month  shared USD/month  own cluster USD/month"]
    for r in costs.table.itertuples(index=False):
        lines.append(f"  {str(r.environment)[:11]:<11} {r.active_hours_frac:>18.1%} {r.asis_servers:>14} "
                     f"{r.asis_usd_per_month:>16,.2f} {r.shared_usd_per_month:>17,.2f} {r.own_cluster_usd_per_month:>22,.2f}")
    lines += [""] + [f"  note: {note_text(c, p, 'en')}" for c, p in costs.notes]
    return "\n".join(lines) + "\n"
