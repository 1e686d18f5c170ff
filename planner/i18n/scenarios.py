"""Titles and descriptions of the scenarios the planner ships, in every language.

A scenario's ``name`` and ``description`` are its author's text. For the shipped scenarios that text
is ours, so it has a Korean version here, keyed by the exact English text: while the title or the
description is the shipped one, a Korean page or report shows the Korean one; once the user edits
it, their own words are shown as written. (``tests/test_i18n_korean.py`` fails when
``data/scenarios/default.yaml`` changes its text without a translation here.)

Keys ``scenarios.<id>.name`` and ``scenarios.<id>.description``.
"""

from __future__ import annotations

from planner.i18n.core import check_lang

MESSAGES: dict[str, dict[str, str]] = {
    "scenarios.default.name": {"en": "Default scenario (A, B, C)", "ko": "기본 시나리오 (A, B, C)"},
    "scenarios.default.description": {
        "en": "Three services with clearly different daily shapes on AWS us-east-1 prices: A peaks at midday, "
              "B in the evening, C at night. As-Is sizes each for its own peak plus one backup server; To-Be "
              "shares one autoscaled m5.xlarge node pool across three availability zones.",
        "ko": "하루 부하 모양이 뚜렷이 다른 서비스 3개, AWS us-east-1 가격 기준. A는 한낮, B는 저녁, C는 밤에 "
              "최대 부하가 옵니다. As-Is는 서비스마다 자기 최대 부하에 맞춘 서버와 백업 서버 1대를 두고, To-Be는 "
              "가용 영역 3개에 걸친, 오토스케일링되는 m5.xlarge 노드 풀 하나를 함께 씁니다.",
    },
}

_BY_ENGLISH: dict[str, dict[str, str]] = {entry["en"]: entry for entry in MESSAGES.values()}


def scenario_text(text: str, lang: str = "en") -> str:
    """``text`` (a scenario's name or description) in ``lang`` when it is a shipped text, else as written."""
    entry = _BY_ENGLISH.get(text)
    return entry[check_lang(lang)] if entry else text


def is_shipped_text(text: str) -> bool:
    """True when ``text`` is the title or description of a shipped scenario (not the user's own words)."""
    return text in _BY_ENGLISH
