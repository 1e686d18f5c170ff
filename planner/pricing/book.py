"""The price book: what one machine costs under each purchase option, with source and date per row.

Rows come from three places, later ones winning for the same key (provider, region, instance
type, option, term, payment):

1. the catalog's on-demand price (``data/instance_catalog.csv``, or a custom machine's own price);
2. the shipped book ``data/price_book.csv``: reserved instances and Compute Savings Plans (AWS),
   committed-use and sustained-use discounts (GCP), reserved VMs (Azure, a range), spot prices
   with an interruption rate (AWS Spot Advisor, GCP list); ``basis`` says whether a row is
   published, derived (how: in its source) or only a range taken at its conservative end;
3. the scenario's ``pricing.price_book`` rows (negotiated rates, missing types), which users
   write in CSV or YAML (:func:`parse_price_book`).

A commitment's upfront payment is amortised over its term for hourly and monthly figures:
``effective = usd_per_hour + upfront_usd / (term_years x 8760)`` (ec2instances.info
``scraper/aws/ec2/reserved_pricing.go``: years x 365 x 24), and shown unamortised beside it.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd
import yaml
from pydantic import ValidationError

from planner.catalog import Instance
from planner.datafiles import data_path
from planner.scenario import MAX_PRICE_BOOK_ROWS, PriceBookRow, Scenario, ScenarioError, short_repr

BOOK_FILE = "price_book.csv"  #: in planner.data (the repository's data/)
BOOK_COLUMNS = ("provider", "region", "instance_type", "option", "term_years", "payment", "usd_per_hour",
                "upfront_usd", "interruption_frac_per_month", "basis", "source", "as_of")
KEY = ("provider", "region", "instance_type", "option", "term_years", "payment")
HOURS_PER_YEAR = 8760  #: a commitment year: 365 days x 24 h (AWS bills RIs per hour of the term)
COMMITTED = ("reserved", "savings_plan", "committed_use")
#: Spot interruptions per node per month when the book has no rate (GCP, Azure and user rows
#: without one): the upper bound of AWS Spot Advisor's "15-20 %" bucket as its feed gives it (22).
DEFAULT_SPOT_INTERRUPTION_FRAC_PER_MONTH = 0.22
MAX_BOOK_FILE_BYTES = 5 * 1024 * 1024  #: a user price book file
OPTION_ORDER = {"on_demand": 0, "sustained_use": 1, "reserved": 2, "savings_plan": 3, "committed_use": 4, "spot": 5}
PAYMENT_ORDER = {"none": 0, "no_upfront": 1, "partial_upfront": 2, "all_upfront": 3}


@dataclass(frozen=True)
class Rate:
    """One machine's price under one purchase option [USD]."""

    option: str  #: on_demand | reserved | savings_plan | committed_use | sustained_use | spot
    term_years: int  #: 0 for on_demand, sustained_use, spot
    payment: str  #: none | no_upfront | partial_upfront | all_upfront
    usd_per_hour: float  #: recurring price, billed every hour of the term for commitments
    upfront_usd: float  #: paid once per machine at the start of the term
    interruption_frac_per_month: float | None  #: spot only: interruptions per node per month
    basis: str  #: published | derived | range | catalog | user
    source: str  #: where the figure comes from
    as_of: str  #: date of the price data

    @property
    def effective_usd_per_hour(self) -> float:
        """Recurring plus the upfront amortised over the term [USD/hour]."""
        if self.term_years and self.upfront_usd:
            return self.usd_per_hour + self.upfront_usd / (self.term_years * HOURS_PER_YEAR)
        return self.usd_per_hour

    @property
    def committed(self) -> bool:
        return self.option in COMMITTED

    @property
    def label(self) -> str:
        """``reserved 1y no_upfront``, ``on_demand``: a stable key for tables and the CLI."""
        return f"{self.option} {self.term_years}y {self.payment}" if self.term_years else self.option

    def cited(self) -> str:
        """Source with its date and basis, as the assumptions table shows it."""
        date = f" (as of {self.as_of})" if self.as_of and self.as_of != "n/a" else ""
        return f"{self.basis}: {self.source}{date}"


@lru_cache(maxsize=1)
def load_price_book() -> pd.DataFrame:
    """The shipped book as a frame with columns :data:`BOOK_COLUMNS`."""
    path = data_path(BOOK_FILE)
    df = pd.read_csv(path, dtype={"as_of": str, "term_years": int}, keep_default_na=False,
                     na_values={"interruption_frac_per_month": [""]})
    missing = [c for c in BOOK_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}; found {list(df.columns)}")
    return df[list(BOOK_COLUMNS)]


def _row_rate(r: Any) -> Rate:
    interrupt = r.interruption_frac_per_month
    return Rate(option=str(r.option), term_years=int(r.term_years), payment=str(r.payment),
                usd_per_hour=float(r.usd_per_hour), upfront_usd=float(r.upfront_usd),
                interruption_frac_per_month=None if interrupt is None or (isinstance(interrupt, float) and
                                                                          math.isnan(interrupt)) else float(interrupt),
                basis=str(r.basis), source=str(r.source), as_of=str(r.as_of))


def _user_rate(row: PriceBookRow) -> Rate:
    return Rate(option=row.option, term_years=row.term_years, payment=row.payment, usd_per_hour=row.usd_per_hour,
                upfront_usd=row.upfront_usd, interruption_frac_per_month=row.interruption_frac_per_month,
                basis="user", source=row.source, as_of="")


def _matches(row_provider: Any, row_region: Any, inst: Instance) -> bool:
    return (row_provider or None) == inst.provider and (row_region or None) == inst.region


@lru_cache(maxsize=1)
def _book_index() -> dict[tuple[str, str, str], tuple[Rate, ...]]:
    """The shipped rows by (provider, region, instance type), built once."""
    out: dict[tuple[str, str, str], list[Rate]] = {}
    for r in load_price_book().itertuples(index=False):
        out.setdefault((str(r.provider), str(r.region), str(r.instance_type)), []).append(_row_rate(r))
    return {k: tuple(v) for k, v in out.items()}


def machine_rates(inst: Instance, user_rows: tuple[PriceBookRow, ...] = ()) -> dict[str, Rate]:
    """Every price of one machine, keyed by :attr:`Rate.label`: on-demand from the catalog (or the
    custom machine), the shipped book's rows for its provider/region/type, then the user's rows."""
    out = {"on_demand": Rate("on_demand", 0, "none", inst.usd_per_hour, 0.0, None, "catalog", inst.source, inst.as_of)}
    if inst.provider is not None:
        for rate in _book_index().get((inst.provider, inst.region or "", inst.instance_type), ()):
            out[rate.label] = rate
    for row in user_rows:
        if row.instance_type == inst.instance_type and _matches(row.provider, row.region, inst):
            rate = _user_rate(row)
            out[rate.label] = rate
    return dict(sorted(out.items(), key=lambda kv: (OPTION_ORDER[kv[1].option], kv[1].term_years,
                                                    PAYMENT_ORDER[kv[1].payment])))


def rate_label(option: str, term_years: int = 0, payment: str = "none") -> str:
    """The :attr:`Rate.label` of an option (term and payment only for commitments)."""
    return f"{option} {term_years}y {payment}" if option in COMMITTED else option


def find_rate(rates: dict[str, Rate], option: str, term_years: int, payment: str, field: str,
              machine: str) -> Rate:
    """The rate asked for, or :class:`ScenarioError` at ``field`` listing what the book has."""
    label = rate_label(option, term_years, payment)
    if label in rates:
        return rates[label]
    have = ", ".join(rates) or "none"
    raise ScenarioError([(field, f"the price book has no {label} price for {machine}; it has: {have}. Add a row "
                                 f"to pricing.price_book (planner prices --price-book FILE) or pick another option")])


def spot_interruption_frac(rate: Rate, override: float | None) -> tuple[float, str]:
    """``(interruptions per node per month, source)``: the scenario's value, the book's, or the default."""
    if override is not None:
        return override, "scenario (pricing.to_be.spot_interruption_frac_per_month)"
    if rate.interruption_frac_per_month is not None:
        return rate.interruption_frac_per_month, rate.cited()
    return DEFAULT_SPOT_INTERRUPTION_FRAC_PER_MONTH, ("no rate published: upper bound of AWS Spot Advisor's "
                                                      "15-20 % bucket (22 %), conservative")


def user_rows(scenario: Scenario) -> tuple[PriceBookRow, ...]:
    return scenario.pricing.price_book


# --- user price books: CSV or YAML -------------------------------------------------------------
def _records(text: str, name: str) -> list[tuple[str, dict[str, Any]]]:
    """``[(where, record)]`` from CSV (header row) or YAML (a list, or ``price_book: [...]``)."""
    if name.lower().endswith((".yaml", ".yml", ".json")):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else "the file"
            raise ScenarioError([(name, f"{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})")]) from None
        if isinstance(data, dict) and "price_book" in data:
            data = data["price_book"]
        if not isinstance(data, list) or not all(isinstance(x, dict) for x in data):
            raise ScenarioError([(name, "expected a list of price rows (or price_book: [...]); see planner prices --help")])
        return [(f"row {i + 1}", dict(x)) for i, x in enumerate(data)]
    reader = csv.DictReader(io.StringIO(text))
    required = ("instance_type", "option", "usd_per_hour")
    header = reader.fieldnames or []
    if any(c not in header for c in required):
        raise ScenarioError([(name, f"line 1: the header needs columns {', '.join(required)}; found "
                                    f"{', '.join(h for h in header if h) or 'none'}")])
    out = []
    for i, rec in enumerate(reader):
        clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in rec.items() if k}
        clean = {k: v for k, v in clean.items() if v not in ("", None)}
        if isinstance(clean.get("term_years"), str) and clean["term_years"].isdigit():
            clean["term_years"] = int(clean["term_years"])  # CSV cells are text; the term is a choice of 0, 1, 3
        out.append((f"line {i + 2}", clean))
    return out


def parse_price_book(data: bytes | str, name: str = "price book") -> tuple[PriceBookRow, ...]:
    """Rows of a user price book (CSV with a header, or YAML); :class:`ScenarioError` names the
    line (CSV) or row (YAML) and the field of each problem. Columns: :data:`BOOK_COLUMNS` less
    ``basis`` and ``as_of`` (``source`` is optional)."""
    if isinstance(data, bytes):
        if len(data) > MAX_BOOK_FILE_BYTES:
            raise ScenarioError([(name, f"{len(data) / 2**20:.1f} MB; the limit is {MAX_BOOK_FILE_BYTES // 2**20} MB")])
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScenarioError([(name, "not UTF-8 text; save the price book as UTF-8 CSV or YAML")]) from None
    records = _records(data, name)
    if len(records) > MAX_PRICE_BOOK_ROWS:
        raise ScenarioError([(name, f"{len(records):,} rows; at most {MAX_PRICE_BOOK_ROWS:,}")])
    rows, problems = [], []
    for where, rec in records:
        rec = {k: v for k, v in rec.items() if k not in ("basis", "as_of")}
        try:
            rows.append(PriceBookRow.model_validate(rec))
        except ValidationError as exc:
            for e in exc.errors()[:5]:
                field = ".".join(str(x) for x in e.get("loc", ())) or "row"
                msg = e.get("msg", "invalid").removeprefix("Value error, ")
                got = e.get("input")
                if e.get("type") not in ("missing", "extra_forbidden") and not isinstance(got, (dict, list)):
                    msg += f"; got {short_repr(got)}"
                problems.append((f"{name} {where}", f"{field}: {msg}"))
        if len(problems) >= 50:
            break
    if problems:
        raise ScenarioError(problems)
    return tuple(rows)


def with_price_book(scenario: Scenario, rows: tuple[PriceBookRow, ...]) -> Scenario:
    """``scenario`` with ``rows`` appended to its ``pricing.price_book`` (later rows win)."""
    pricing = scenario.pricing.model_copy(update={"price_book": scenario.pricing.price_book + tuple(rows)})
    return scenario.model_copy(update={"pricing": pricing})


def book_frame(user: tuple[PriceBookRow, ...] = (), provider: str | None = None, region: str | None = None,
               instance_type: str | None = None) -> pd.DataFrame:
    """The whole book as ``planner prices`` lists it: catalog on-demand rows, shipped rows, user
    rows (user rows replace the rows they name), with ``effective_usd_per_hour``."""
    from planner.catalog import load_catalog

    cat = load_catalog()
    od = cat.assign(option="on_demand", term_years=0, payment="none", upfront_usd=0.0,
                    interruption_frac_per_month=float("nan"), basis="catalog")[list(BOOK_COLUMNS)]
    frames = [od, load_price_book()]
    if user:
        frames.append(pd.DataFrame([{**r.model_dump(), "provider": r.provider or "", "region": r.region or "",
                                     "basis": "user", "as_of": ""} for r in user])[list(BOOK_COLUMNS)])
    df = pd.concat(frames, ignore_index=True)
    df["provider"] = df["provider"].fillna("").astype(str)
    df["region"] = df["region"].fillna("").astype(str)
    df = df.drop_duplicates(subset=list(KEY), keep="last")
    for col, want in (("provider", provider), ("region", region), ("instance_type", instance_type)):
        if want:
            df = df[df[col] == want]
    years = df["term_years"].astype(float)
    df = df.assign(effective_usd_per_hour=df["usd_per_hour"] + df["upfront_usd"].where(years > 0, 0.0)
                   / (years.where(years > 0, 1.0) * HOURS_PER_YEAR))
    df = df.assign(_o=df["option"].map(OPTION_ORDER), _p=df["payment"].map(PAYMENT_ORDER))
    return df.sort_values(["provider", "region", "instance_type", "_o", "term_years", "_p"]) \
        .drop(columns=["_o", "_p"]).reset_index(drop=True)
