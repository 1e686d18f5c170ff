"""``planner prices``, ``--price-book`` and ``--horizon`` (issue 11)."""

from __future__ import annotations

import json

import pytest

from planner.cli import main


def test_prices_lists_every_option_with_its_source(capsys):
    assert main(["prices", "--type", "m5.xlarge"]) == 0
    out = capsys.readouterr().out
    for word in ("on_demand", "reserved", "savings_plan", "spot", "no_upfront", "all_upfront", "derived", "catalog",
                 "sources:", "Price List API", "Spot Instance Advisor"):
        assert word in out, word
    assert "0.192000" in out and "0.072222" in out  # on-demand; 3-year all upfront 1,898 / 26,280 h


def test_prices_csv_and_a_user_book_that_replaces_a_row(tmp_path, capsys):
    book = tmp_path / "mine.yaml"
    book.write_text("price_book:\n  - {instance_type: m5.xlarge, provider: aws, region: us-east-1, option: reserved,\n"
                    "     term_years: 1, payment: no_upfront, usd_per_hour: 0.1, source: negotiated}\n")
    assert main(["prices", "--type", "m5.xlarge", "--format", "csv", "--price-book", str(book)]) == 0
    lines = capsys.readouterr().out.splitlines()
    rows = [ln for ln in lines if ",reserved,1,no_upfront," in ln]
    assert len(rows) == 1 and ",0.1," in rows[0] and "user" in rows[0] and "negotiated" in rows[0]


def test_plan_with_a_price_book_and_the_horizon(tmp_path, capsys):
    book = tmp_path / "mine.csv"
    book.write_text("instance_type,provider,region,option,usd_per_hour,source\n"
                    "m5.xlarge,aws,us-east-1,on_demand,0.15,EDP\n")
    assert main(["plan", "default", "--price-book", str(book), "--horizon", "12mo", "--format", "json"]) == 0
    s = json.loads(capsys.readouterr().out)
    assert s["asis_usd_per_month"] - s["asis_other_usd_per_month"] == pytest.approx(12 * 0.15 * 730)
    assert main(["plan", "default", "--horizon", "12mo"]) == 0
    out = capsys.readouterr().out
    assert "2027-01" in out and "2027-12" in out and "Saving, each side cheapest" in out


@pytest.mark.parametrize("argv, says", [
    pytest.param(["plan", "default", "--horizon", "forever"], "--horizon", id="bad_horizon"),
    pytest.param(["plan", "default", "--horizon", "48mo"], "1-36 months", id="horizon_too_long"),
    pytest.param(["plan", "default", "--price-book", "/nope.csv"], "no such file", id="missing_book"),
])
def test_bad_pricing_arguments_exit_2_naming_them(argv, says, capsys):
    assert main(argv) == 2
    assert says in capsys.readouterr().err


def test_a_bad_price_book_names_its_line(tmp_path, capsys):
    book = tmp_path / "bad.csv"
    book.write_text("instance_type,option,usd_per_hour\nm5.xlarge,reserved,0.1\n")
    assert main(["validate", "default", "--price-book", str(book)]) == 2
    err = capsys.readouterr().err
    assert "bad.csv line 2" in err and "term_years 1 or 3" in err


def test_report_xlsx_has_the_month_sheet(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "r.xlsx"
    assert main(["report", "default", "--format", "xlsx", "--out", str(out), "--horizon", "12mo"]) == 0
    wb = load_workbook(out)
    assert {"Purchase options", "Costs beside the machines", "12-month plan"} <= set(wb.sheetnames)
    ws = wb["12-month plan"]
    assert ws.max_row == 13  # header + 12 months


def test_prices_in_korean_name_options_bases_and_sources_in_korean(capsys):
    """``--lang ko``: the same rows with Korean headers, option, payment and basis names, and every
    shipped source in Korean (tests/korean_scan.py finds no English word outside names and codes)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from korean_scan import english_words

    assert main(["prices", "--type", "m5.xlarge"]) == 0
    en = capsys.readouterr().out
    assert main(["prices", "--type", "m5.xlarge", "--lang", "ko"]) == 0
    ko = capsys.readouterr().out
    assert len(ko.splitlines()) == len(en.splitlines())  # one line per price and source, as in English
    for word in ("구매 옵션", "예약 인스턴스", "Savings Plan", "스팟", "전체 선결제", "산출값", "카탈로그", "출처:",
                 "2020-07-09", "0.072222"):
        assert word in ko, word
    assert english_words(ko, {"aws"}) == []
