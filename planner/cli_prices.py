"""The CLI's pricing parts: ``planner prices`` (the price book with sources), the purchase-options
block of ``planner plan``, ``--price-book FILE`` and ``--horizon 12mo``.

``planner prices [--provider P] [--region R] [--type T] [--price-book FILE] [--format table|csv] [--lang en|ko]``
lists every price: the catalog's on-demand rows, the shipped book (``data/price_book.csv``) and
the user's rows, which replace the rows they name; ``effective_usd_per_hour`` amortises upfront
payments over the term.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from planner.i18n.pricing import fmt_option
from planner.scenario import MAX_FORECAST_MONTHS, Scenario, ScenarioError

PRICE_COLUMNS = ("provider", "region", "instance_type", "option", "term_years", "payment", "usd_per_hour",
                 "upfront_usd", "effective_usd_per_hour", "interruption_frac_per_month", "basis", "as_of", "source")


def read_price_book_file(path: str):
    """Rows of a user price book file (CSV or YAML); errors name the file and line."""
    from planner.pricing import parse_price_book

    p = Path(path)
    if not p.is_file():
        raise ScenarioError([("--price-book", f"{path}: no such file")])
    return parse_price_book(p.read_bytes(), p.name)


def apply_cli_pricing(scenario: Scenario, args: argparse.Namespace) -> Scenario:
    """``--price-book`` rows and ``--horizon`` applied to the scenario."""
    from planner.pricing import with_price_book

    if getattr(args, "price_book", None):
        scenario = with_price_book(scenario, read_price_book_file(args.price_book))
    horizon = getattr(args, "horizon", None)
    if horizon:
        scenario = scenario.model_copy(update={"forecast": scenario.forecast.model_copy(
            update={"months": parse_horizon(horizon)})})
    return scenario


def parse_horizon(text: str) -> int:
    """``12mo``, ``12``, ``1y`` -> months; :class:`ScenarioError` naming ``--horizon`` otherwise."""
    m = re.fullmatch(r"\s*(\d+)\s*(mo|m|months?|y|yr|years?)?\s*", text)
    if not m:
        raise ScenarioError([("--horizon", f"expected months like 12mo (or 1y); got {text!r}")])
    n = int(m.group(1)) * (12 if (m.group(2) or "").startswith("y") else 1)
    if not 1 <= n <= MAX_FORECAST_MONTHS:
        raise ScenarioError([("--horizon", f"must be 1-{MAX_FORECAST_MONTHS} months; got {n}")])
    return n


def add_plan_arguments(p: argparse.ArgumentParser, horizon: bool = True) -> None:
    """``--price-book`` (and ``--horizon``) for plan, report and validate."""
    p.add_argument("--price-book", help="your price book (CSV or YAML): rows replace the shipped prices they name")
    if horizon:
        p.add_argument("--horizon", help="plan month by month too, e.g. 12mo (sets forecast.months)")


def purchase_block(plan, lang: str = "en") -> list[str]:
    """The purchase lines of ``planner plan``: what the headline is made of, and the saving under
    on-demand and under each side's cheapest option (``lang``: en or ko)."""
    from planner.i18n import fmt_money, fmt_pct, t
    from planner.pricing import cheapest

    s = plan.summary
    opts = plan.purchase_options
    a, b = cheapest(opts, "as_is"), cheapest(opts, "to_be")
    rows = [
        ("pricing.cli_asis_servers", fmt_money(s.asis_usd_per_month - s.asis_other_usd_per_month, lang, decimals=2)),
        ("pricing.cli_asis_beside", fmt_money(s.asis_other_usd_per_month, lang, decimals=2)),
        ("pricing.cli_tobe_nodes", fmt_money(s.tobe_usd_per_month - s.tobe_other_usd_per_month, lang, decimals=2)),
        ("pricing.cli_tobe_beside", fmt_money(s.tobe_other_usd_per_month, lang, decimals=2)),
        ("pricing.cli_saving_od", f"{fmt_money(s.savings_usd_per_month_on_demand, lang, decimals=2)} "
                                  f"({fmt_pct(s.savings_frac_on_demand, lang)})"),
        ("pricing.cli_saving_low", f"{fmt_money(s.savings_usd_per_month_cheapest, lang, decimals=2)} "
                                   f"({fmt_pct(s.savings_frac_cheapest, lang)})"),
    ]
    out = [""] + [f"  {t(key, lang)}: {value}" for key, value in rows]
    out.append("  " + t("pricing.cli_cheapest_asis", lang, option=fmt_option(str(a.option), lang),
                        usd=fmt_money(a.usd_per_month, lang, decimals=2)))
    out.append("  " + t("pricing.cli_cheapest_tobe", lang,
                        option=fmt_option(str(b.option), lang, committed=int(b.committed) or None),
                        usd=fmt_money(b.usd_per_month, lang, decimals=2)))
    return out


def months_block(plan, lang: str = "en") -> list[str]:
    """The month-by-month table of ``planner plan --horizon``."""
    from planner.i18n import t

    m = plan.months
    if m is None:
        return []
    out = ["", "  " + t("pricing.cli_months_columns", lang)]
    late = t("pricing.cli_late", lang)
    for r in m.itertuples(index=False):
        order = (r.asis_order_month + (f" {late}" if r.asis_order_late else "")) if r.asis_servers_added else "-"
        out.append(f"  {r.month}  {r.asis_servers:>7} {r.asis_servers_added:>2}  {order:<9} "
                   f"{r.tobe_nodes_peak:>4}/{r.tobe_nodes_mean:>5.1f}/{r.tobe_nodes_min:<4} {r.tobe_committed_nodes:>9}"
                   f"  {r.asis_usd:>10,.0f}  {r.tobe_usd:>10,.0f}  {r.savings_usd_cumulative:>13,.0f}")
    return out


def _prices_table(df, lang: str) -> str:
    """The price rows for people in ``lang`` (no source column: the sources are listed below it)."""
    import pandas as pd

    from planner.i18n import t
    from planner.i18n.pricing_sources import basis_text

    shown = df.drop(columns=["source"]).copy()
    shown["interruption_frac_per_month"] = shown["interruption_frac_per_month"].map(
        lambda v: "" if v != v else f"{v:.0%}")
    if lang != "en":
        shown["option"] = [t(f"pricing.opt.{o}", lang) for o in shown["option"]]
        shown["payment"] = [t(f"pricing.pay.{p}", lang) if p != "none" else "-" for p in shown["payment"]]
        shown["basis"] = [basis_text(str(b), lang) for b in shown["basis"]]
    shown.columns = [t(f"pricing.cli_col.{c}", lang) for c in shown.columns]
    with pd.option_context("display.unicode.east_asian_width", lang == "ko"):
        return shown.to_string(index=False)


def _source_lines(df, lang: str) -> list[str]:
    """Each distinct source once, in ``lang`` (a user's own source as typed)."""
    from planner.i18n.assumptions import source_text

    seen = df.drop_duplicates("source")
    return [s if b == "user" else source_text(str(s), lang) for s, b in zip(seen["source"], seen["basis"])]


def cmd_prices(args: argparse.Namespace) -> int:
    """``planner prices``: the price book with sources (``--lang ko``: the table in Korean; CSV stays
    as the data is, for scripts)."""
    from planner.i18n import t
    from planner.pricing import book_frame

    lang = getattr(args, "lang", "en")
    rows = read_price_book_file(args.price_book) if args.price_book else ()
    df = book_frame(rows, args.provider, args.region, args.type)
    if df.empty:
        print(t("pricing.cli_no_prices", lang), file=sys.stderr)
        return 1
    df = df[list(PRICE_COLUMNS)]
    if args.format == "csv":
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
        return 0
    sys.stdout.write(_prices_table(df, lang) + "\n")
    sources = _source_lines(df, lang)
    sys.stdout.write(f"\n{t('pricing.cli_sources', lang)}\n" + "".join(f"  [{i + 1}] {s}\n"
                                                                       for i, s in enumerate(sources)))
    return 0


def add_prices_parser(sub) -> None:
    """Register ``planner prices``."""
    c = sub.add_parser("prices", help="list the price book (every purchase option with its source and date)")
    c.add_argument("--provider")
    c.add_argument("--region")
    c.add_argument("--type", help="instance type, e.g. m5.xlarge")
    c.add_argument("--price-book", help="your price book (CSV or YAML) applied on top")
    c.add_argument("--format", choices=["table", "csv"], default="table")
    c.add_argument("--lang", choices=["en", "ko"], default="en", help="language of the table (CSV stays as data)")
    c.set_defaults(func=cmd_prices)
