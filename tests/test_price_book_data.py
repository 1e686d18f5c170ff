"""The shipped price book (data/price_book.csv) recomputed from its inputs: every derived row by the
rule its source states, the GCP rows from gcp_spot_and_commitment_prices.csv, and the bookkeeping
every row needs (basis, source, date) so the assumptions can say where each price came from."""

from __future__ import annotations

import pandas as pd
import pytest

from planner.catalog import load_catalog
from planner.datafiles import data_path
from planner.pricing import load_price_book

H = 8760
BOOK = load_price_book()
CAT = load_catalog()
VARIANTS = [(1, "no_upfront"), (1, "partial_upfront"), (1, "all_upfront"), (3, "no_upfront"), (3, "partial_upfront"),
            (3, "all_upfront")]


def row(instance_type: str, option: str, years: int, payment: str, region: str = "us-east-1") -> pd.Series:
    r = BOOK[(BOOK.instance_type == instance_type) & (BOOK.option == option) & (BOOK.term_years == years)
             & (BOOK.payment == payment) & (BOOK.region == region)]
    assert len(r) == 1, (instance_type, option, years, payment)
    return r.iloc[0]


def effective(r: pd.Series) -> float:
    return r.usd_per_hour + (r.upfront_usd / (r.term_years * H) if r.term_years else 0.0)


def od(instance_type: str, region: str = "us-east-1") -> float:
    return float(CAT[(CAT.instance_type == instance_type) & (CAT.region == region)].usd_per_hour.iloc[0])


def test_every_row_names_its_basis_source_and_date():
    assert set(BOOK.basis) <= {"published", "derived", "range"}
    assert BOOK.source.str.len().min() > 20
    assert (BOOK.as_of != "").all()
    assert not BOOK.duplicated(["provider", "region", "instance_type", "option", "term_years", "payment"]).any()


def test_every_catalog_type_has_commitments_and_aws_and_gcp_have_spot():
    for r in CAT.itertuples():
        mine = BOOK[(BOOK.instance_type == r.instance_type) & (BOOK.region == r.region)]
        assert (mine.option.isin(["reserved", "committed_use"])).any(), r.instance_type
        if r.provider in ("aws", "gcp"):
            assert (mine.option == "spot").any(), r.instance_type


def test_m5_large_rows_are_the_price_list_figures():
    """AWS Price List API, m5.large us-east-1 Linux shared (offer version 20200709223013)."""
    expected = {(1, "no_upfront"): (0.060, 0), (1, "partial_upfront"): (0.029, 252), (1, "all_upfront"): (0.0, 494),
                (3, "no_upfront"): (0.041, 0), (3, "partial_upfront"): (0.019, 505), (3, "all_upfront"): (0.0, 949)}
    for (years, pay), (hourly, upfront) in expected.items():
        r = row("m5.large", "reserved", years, pay)
        assert (r.usd_per_hour, r.upfront_usd, r.basis) == (pytest.approx(hourly), upfront, "published")


@pytest.mark.parametrize("size, factor", [("xlarge", 2), ("2xlarge", 4)])
def test_m5_sizes_scale_with_the_normalization_factor(size, factor):
    for years, pay in VARIANTS:
        big, small = row(f"m5.{size}", "reserved", years, pay), row("m5.large", "reserved", years, pay)
        assert big.usd_per_hour == pytest.approx(factor * small.usd_per_hour)
        assert big.upfront_usd == pytest.approx(factor * small.upfront_usd)


def test_other_families_take_the_smaller_published_discount():
    """d = min(1 - m5.large effective / 0.096, 1 - c5.xlarge effective / 0.17) per term and payment."""
    for years, pay in VARIANTS:
        d = min(1 - effective(row("m5.large", "reserved", years, pay)) / 0.096,
                1 - effective(row("c5.xlarge", "reserved", years, pay)) / 0.17)
        for t in ("r5.xlarge", "m6i.large", "c7i.2xlarge", "m7g.xlarge", "t3.large"):
            assert effective(row(t, "reserved", years, pay)) == pytest.approx(od(t) * (1 - d), rel=1e-4), (t, years, pay)


def test_savings_plans_are_the_convertible_rates_and_cost_more_than_reserved():
    for years, pay in VARIANTS:
        sp, ri = row("m5.large", "savings_plan", years, pay), row("m5.large", "reserved", years, pay)
        assert effective(sp) > effective(ri)
    assert row("m5.large", "savings_plan", 1, "no_upfront").usd_per_hour == pytest.approx(0.071)


def test_more_upfront_and_longer_terms_cost_less():
    for t in ("m5.xlarge", "c5.large", "r6i.2xlarge"):
        for option in ("reserved", "savings_plan"):
            e = {v: effective(row(t, option, *v)) for v in VARIANTS}
            assert e[(1, "no_upfront")] > e[(1, "partial_upfront")] > e[(1, "all_upfront")] > e[(3, "no_upfront")]
            assert e[(3, "no_upfront")] > e[(3, "partial_upfront")] > e[(3, "all_upfront")]
            assert e[(1, "no_upfront")] < od(t)


def test_gcp_rows_are_the_billing_catalog_figures():
    gcp = pd.read_csv(data_path("gcp_spot_and_commitment_prices.csv"))
    for g in gcp.itertuples():
        assert row(g.instance_type, "committed_use", 1, "no_upfront", g.region).usd_per_hour == \
            pytest.approx(g.month_1y / 730, abs=1e-6)
        assert row(g.instance_type, "committed_use", 3, "no_upfront", g.region).usd_per_hour == \
            pytest.approx(g.month_3y / 730, abs=1e-6)
        assert row(g.instance_type, "spot", 0, "none", g.region).usd_per_hour == pytest.approx(g.hour_spot, abs=1e-6)
        if g.sud_pct > 0:
            assert row(g.instance_type, "sustained_use", 0, "none", g.region).usd_per_hour == \
                pytest.approx(g.month_billed / 730, abs=1e-6)
        assert od(g.instance_type, g.region) == pytest.approx(g.hour, rel=1e-4)


def test_aws_spot_rows_carry_a_bucket_rate_and_a_discount():
    spot = BOOK[(BOOK.provider == "aws") & (BOOK.option == "spot")]
    assert set(spot.interruption_frac_per_month.round(2)) <= {0.05, 0.11, 0.16, 0.22, 1.0}
    for r in spot.itertuples():
        assert 0 < r.usd_per_hour < od(r.instance_type)


def test_azure_is_a_range_at_its_conservative_end():
    az = BOOK[BOOK.provider == "azure"]
    assert set(az.basis) == {"range"}
    for r in az.itertuples():
        assert r.usd_per_hour == pytest.approx(0.70 * od(r.instance_type, r.region), rel=1e-4)
