"""The verdict at the top of the page (planner.ui.verdict, pure): the saving card and the grouped
warnings, checked on summaries changed one field at a time from the default plan's."""

from __future__ import annotations

from dataclasses import replace

import pytest

import planner
from planner.i18n import t
from planner.i18n.warnings import warning_text
from planner.scenario_io import default_scenario
from planner.ui.verdict import GROUP_ORDER, RISK_LIMIT_FRAC, card_state, saving_card, warning_groups


@pytest.fixture(scope="module")
def base():
    """The default plan's summary: 49.6 % saving, 0.019 % unserved, headroom 3.8 %."""
    return planner.plan(default_scenario()).summary


@pytest.mark.parametrize("shortfall_frac,headroom,savings,state", [
    pytest.param(0.0, 0.2, 100.0, "saving", id="served_with_room_and_saving"),
    pytest.param(RISK_LIMIT_FRAC, 0.0, 100.0, "saving", id="at_the_limit_is_still_within"),
    pytest.param(RISK_LIMIT_FRAC * 1.0001, 0.1, 100.0, "risk", id="just_above_the_limit"),
    pytest.param(0.05, -0.8, 100.0, "risk", id="above_limit_and_no_headroom_is_red"),
    pytest.param(0.0005, -0.01, 100.0, "caution", id="within_limit_but_headroom_below_zero"),
    pytest.param(0.0, 0.1, -50.0, "costlier", id="to_be_costs_more"),
    pytest.param(0.01, 0.1, -50.0, "risk", id="costs_more_and_at_risk"),
])
def test_card_state(base, shortfall_frac, headroom, savings, state):
    s = replace(base, tobe_shortfall_frac=shortfall_frac, tobe_min_headroom_frac=headroom,
                savings_usd_per_month=savings)
    assert card_state(s) == state


def test_default_plan_is_a_saving_within_the_limit(base):
    card = saving_card(base, "en")
    assert card.state == "saving"
    assert card.text == ("To-Be saves 49.6% ($868 a month); 0.019% of requests unserved (To-Be worst hour 21:00), "
                         "within the 0.1% risk limit.")
    assert card.tag == "within the risk limit"


def test_served_plan_says_every_request_is_served(base):
    s = replace(base, tobe_shortfall_requests=0.0, tobe_shortfall_frac=0.0, tobe_worst_hour=None)
    assert saving_card(s, "en").text == ("To-Be saves 49.6% ($868 a month) and serves every request in time; "
                                         "minimum headroom 3.8%.")


def test_risk_card_names_the_reason_and_does_not_call_it_a_saving(base):
    """A spiky service short by 657,450 requests (4.1 %), headroom -83.4 %: red, with the figures."""
    s = replace(base, tobe_shortfall_requests=657_450.0, tobe_shortfall_frac=0.041, tobe_min_headroom_frac=-0.834,
                savings_frac=0.362, tobe_worst_hour=9)
    card = saving_card(s, "en")
    assert card.state == "risk"
    assert card.text == ("At risk: To-Be leaves 657,450 requests unserved (4.1% of all; the limit is 0.1%), minimum "
                         "headroom -83.4%; To-Be worst hour 09:00. The 36.2% saving is not a saving at equal risk.")
    assert card.tag == "⚠ at risk: 4.1% unserved"
    ko = saving_card(s, "ko")
    assert ko.text.startswith("위험: To-Be가 요청 657,450건(전체의 4.1%, 한도 0.1%)") and "절감률 36.2%" in ko.text
    assert ko.tag == "⚠ 위험: 미처리 4.1%"


def test_caution_and_costlier_cards(base):
    caution = saving_card(replace(base, tobe_min_headroom_frac=-0.05), "en")
    assert caution.state == "caution" and "minimum headroom -5.0%" in caution.text
    assert caution.text.endswith("Saving 49.6% ($868 a month).")
    costlier = saving_card(replace(base, savings_usd_per_month=-120.0, savings_frac=-0.071), "en")
    assert costlier.state == "costlier"
    assert costlier.text.startswith("To-Be costs $120 a month more than As-Is (7.1% more)")


def test_week_plan_worst_hour_names_the_day(base):
    s = replace(base, horizon_hours=168, tobe_worst_hour=24 + 21)
    assert "(To-Be worst hour Tue 21:00)" in saving_card(s, "en").text
    assert "To-Be 최악 시간대 화 21시" in saving_card(s, "ko").text


def test_warnings_grouped_to_be_risk_first_one_line_each(base, monkeypatch):
    from planner.i18n.core import all_messages

    # a new feature's warning: a sentence but no one-line form, no group (it goes last, whole)
    monkeypatch.setitem(all_messages(), "warnings.drill_node_lost", {"en": "Node {node} lost.", "ko": "노드 {node} 장애."})
    items = (
        ("deploy_one_out", {"service": "B", "servers_left": 2, "capacity": 662.5, "target": 0.7,
                            "hours": "18, 19, 20, 21", "peak": 910.0}),
        ("peak_above_max_replicas", {"service": "A", "peak": 1950.0, "max_replicas": 40, "capacity": 1800.0,
                                     "shortfall": 777150.0}),
        ("tobe_shortfall", {"shortfall": 782220.0, "share": 0.008}),
        ("asis_shortfall", {"shortfall": 10.0, "share": 1e-6}),
        ("drill_node_lost", {"node": 3}),  # a code the verdict does not know (a new feature's)
    )
    s = replace(base, warning_items=items)
    groups = warning_groups(s, "en")
    assert [g.id for g in groups] == list(GROUP_ORDER)
    assert [w.code for w in groups[0].lines] == ["peak_above_max_replicas", "tobe_shortfall"]
    assert [w.code for w in groups[1].lines] == ["deploy_one_out", "asis_shortfall"]
    assert groups[0].lines[0].line == "To-Be A: peak 1,950 requests/s is more than max_replicas 40 can serve"
    assert groups[1].lines[0].line == "As-Is B: a deploy leaves too few servers at 18:00, 19:00, 20:00, 21:00"
    # the details are the full sentences of planner.i18n.warnings, in the same order
    assert groups[2].lines[0].line == groups[2].lines[0].detail == "Node 3 lost."
    for group in groups:
        for w in group.lines:
            params = dict(next(p for c, p in items if c == w.code))
            assert w.detail == warning_text(w.code, params, "en", s.horizon_hours)
            assert "\n" not in w.line and len(w.line) <= len(w.detail)


def test_unknown_warning_code_without_a_sentence_fails_loudly(base):
    """Every code has a sentence (a missing one is a bug the tests catch, as planner.i18n.t says)."""
    s = replace(base, warning_items=(("drill_node_lost", {"node": 3}),))
    with pytest.raises(KeyError):
        warning_groups(s, "en")


def test_group_titles_in_both_languages(base):
    s = replace(base, warning_items=(("no_spare_node", {}),))
    (g,) = warning_groups(s, "ko")
    assert g.title == t("card.group_tobe_risk", "ko") == "To-Be 위험"
    assert g.lines[0].line == "To-Be: 노드 장애에 대비한 예비 노드 없음"
