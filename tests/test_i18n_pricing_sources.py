"""Korean for the pricing sources (planner/i18n/pricing_sources.py): every shipped price-book source,
the cost lines' arithmetic, the purchase rows of plans on commitments, spot and on-prem hosts.

The scan is tests/korean_scan.py (docs/glossary.md's allow-list); expected strings are written out by
hand from the English the pricing stage writes (planner/frames.py, planner/pricing/lines.py)."""

from __future__ import annotations

import copy

import pytest

import planner
from korean_scan import english_words, name_words
from planner.i18n.assumptions import has_translation, source_text
from planner.pricing.book import load_price_book
from planner.report.summary import assumption_table
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict


def _cited(basis: str, source: str, as_of: str) -> str:
    """As planner.pricing.book.Rate.cited writes it."""
    return f"{basis}: {source}" + (f" (as of {as_of})" if as_of and as_of != "n/a" else "")


def test_every_shipped_price_book_source_reads_in_korean():
    """A new row in data/price_book.csv with new wording fails here until its Korean is added."""
    rows = load_price_book().drop_duplicates(["basis", "source", "as_of"])
    bad = {}
    for r in rows.itertuples(index=False):
        ko = source_text(_cited(str(r.basis), str(r.source), str(r.as_of)), "ko")
        if english_words(ko):
            bad[r.source] = ko
    assert len(rows) > 30 and bad == {}


def test_a_cost_line_source_in_korean_keeps_the_arithmetic_and_the_field_names():
    en = ("3 load balancers x 0.0225 USD/hour; costs.as_is.load_balancers = per_service; ALB-hour us-east-1 0.0225 "
          "(third-party pages quoting aws.amazon.com/elasticloadbalancing/pricing)")
    assert source_text(en, "ko") == (
        "로드 밸런서 3개 × 0.0225 USD/시간; costs.as_is.load_balancers = 'per_service'; ALB 시간당 요금 us-east-1 "
        "0.0225 (aws.amazon.com/elasticloadbalancing/pricing 인용, 제3자 페이지)")
    assert source_text(en, "en") == en
    mean = "5.594 machines x 0 USD/machine-month; costs.to_be.agent_usd_per_machine_month (0 = unknown)"
    assert source_text(mean, "ko") == "평균 머신 5.594대 × 0 USD/대·월; costs.to_be.agent_usd_per_machine_month (0 = 정보 없음)"


def test_a_rate_citation_names_its_basis_and_date_in_korean_and_a_users_source_as_typed():
    assert source_text("user: negotiated EDP 2026", "ko") == "사용자 입력: negotiated EDP 2026"
    assert source_text("derived: no public per-type rate found (as of 2020-07-09/2017-11-12)", "ko") == \
        "산출값: 유형별 공개 요금 없음 (2020-07-09/2017-11-12 기준)"


def _plan_on(changes: dict):
    d = copy.deepcopy(scenario_to_dict(default_scenario()))
    for section, values in changes.items():
        cur = d
        for p in section.split("."):
            cur = cur[p]
        cur.update(values)
    return planner.plan(validate_scenario(d))


PURCHASES = {
    "reserved_and_spot": {"pricing.as_is": {"option": "reserved", "term_years": 3, "payment": "all_upfront"},
                          "pricing.to_be": {"committed_nodes": "auto", "spot_burst_frac": 0.5}},
    "on_prem_both": {"pricing.as_is": {"hosting": "on_prem"}, "pricing.to_be": {"hosting": "on_prem"}},
    "own_prices": {"costs": {"load_balancer_usd_per_hour": 0.03}, "costs.to_be": {"control_plane_support": "extended"}},
}


@pytest.mark.parametrize("name", sorted(PURCHASES))
def test_purchase_rows_of_commitments_spot_and_hosts_read_in_korean(name):
    """The rows a plain on-demand plan lacks (commitment rate, spot share and interruptions, on-prem
    hosts, a changed unit price) have Korean field names, and their sources read in Korean."""
    p = _plan_on(PURCHASES[name])
    a = p.assumptions
    assert [(g, f) for g, f in zip(a["group"], a["field"]) if not has_translation(str(g), str(f))] == []
    allowed = name_words(*[v for v in a["value"] if isinstance(v, str)])
    bad = {s: source_text(str(s), "ko") for s in set(a["source"]) if english_words(source_text(str(s), "ko"), allowed)}
    assert bad == {}
    fields = set(a["field"])
    expected = {"reserved_and_spot": {"spot rate", "commitment rate (upfront amortised)"},
                "on_prem_both": {"on-prem hosts"}, "own_prices": {"cost line: extended support"}}[name]
    assert expected <= fields
    ko = assumption_table(p, "ko")
    options = ko[ko["field"].isin(["구매 옵션", "구매 전략"])]["value"]
    assert len(options) == 2 and english_words(" ".join(options)) == []  # labels in words, not option codes


def test_the_purchase_labels_of_the_assumptions_are_words_in_korean():
    p = _plan_on(PURCHASES["reserved_and_spot"])
    ko = assumption_table(p, "ko").set_index("field")["value"]
    assert ko["구매 옵션"] == "예약 인스턴스 3년 전체 선결제"
    assert ko["구매 전략"].startswith("예약 인스턴스 1년 선결제 없음 + 온디맨드 + 스팟 50%")
    assert assumption_table(p, "en").set_index("field")["value"]["purchase option"] == "reserved 3y all_upfront"
