"""The verdict in the CLI (issue 15): ``planner plan`` leads its table with the saving at equal
risk and carries every plan, the waterfall and the equal-risk result in ``--format json``."""

from __future__ import annotations

import argparse

from planner.i18n import fmt_pct, fmt_usd, t
from planner.i18n.verdict import advice_lines, caveat_text, headline_lines, plan_label, step_label


def add_verdict_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-verdict", action="store_true", help="skip the verdict (fair baselines, waterfall, equal "
                   "risk: about ten more engine runs without frames)")
    p.add_argument("--risk-threshold-frac", type=float, default=None,
                   help="To-Be shortfall share above which the saving is shown as a warning (default 0.001)")


def verdict_for(args: argparse.Namespace, scenario, plan):
    """The verdict of ``plan`` (None with ``--no-verdict``)."""
    if getattr(args, "no_verdict", False):
        return None
    from planner.verdict import DEFAULT_RISK_THRESHOLD_FRAC, verdict

    th = args.risk_threshold_frac if args.risk_threshold_frac is not None else DEFAULT_RISK_THRESHOLD_FRAC
    return verdict(scenario, plan, threshold_frac=th)


def _rounded(x, number):
    """``number`` (the CLI's float rounding, planner.cli.json_number) applied to nested data."""
    if isinstance(x, dict):
        return {k: _rounded(v, number) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_rounded(v, number) for v in x]
    return number(x) if isinstance(x, float) else x


def verdict_json(v, number=lambda x: x) -> dict:
    """The verdict as JSON-ready data, floats passed through ``number`` (the summary's rounding)."""
    from planner.verdict import verdict_dict

    return _rounded(verdict_dict(v), number)


def render_verdict(v, service_names: list[str], lang: str = "en") -> str:
    """The verdict block the table starts with: headline, the five plans, the waterfall, advice, caveats."""
    lines = [t("verdict.title", lang), *("  " + x for x in headline_lines(v, service_names, lang)), ""]
    lines.append(t("verdict.plans_title", lang))
    for p in v.plans:
        cost = t("verdict.not_reached", lang) if p.usd_per_month is None else fmt_usd(p.usd_per_month, lang)
        frac = "–" if p.shortfall_frac is None else fmt_pct(p.shortfall_frac, lang)
        lines.append(f"  {plan_label(p.key, lang)}: {cost}  ({t('verdict.col.unserved', lang)} {frac})")
    lines += ["", t("verdict.waterfall_title", lang)]
    lines.append(f"  {step_label('start', lang)}: {fmt_usd(v.steps[0].before_usd_per_month, lang)}")
    for st in v.steps:
        sign = "-" if st.saving_usd_per_month >= 0 else "+"
        lines.append(f"  {sign}{fmt_usd(abs(st.saving_usd_per_month), lang)}  {step_label(st.key, lang)}")
    lines.append(f"  = {fmt_usd(v.steps[-1].after_usd_per_month, lang)}  {step_label('end', lang)}")
    advice = advice_lines(v, service_names, lang)
    if advice:
        lines += ["", t("verdict.fixes_title", lang), *("  " + x for x in advice)]
    if v.caveats:
        lines += ["", t("verdict.caveats_title", lang), *("  " + caveat_text(c, p, lang) for c, p in v.caveats)]
    return "\n".join(lines) + "\n\n"
