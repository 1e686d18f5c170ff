"""Wording of the command line's own output (``planner plan`` table and checks). Figures are labelled
with the glossary's summary labels (:mod:`planner.i18n.columns`), so the CLI names each figure as the
reports do. Keys ``cli.<id>``."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cli.header": {"en": "{name}: {hours} h at {step} s steps; month = {hpm} h",
                   "ko": "{name}: {hours}시간, 단계 간격 {step}초, 한 달 = {hpm}시간"},
    "cli.nodes": {"en": "To-Be nodes, peak / mean / min", "ko": "To-Be 노드, 최대 / 평균 / 최소"},
    "cli.warning": {"en": "warning", "ko": "경고"},
    "cli.check_shortfall": {"en": "check failed: To-Be unserved share {value} > {limit}",
                            "ko": "검사 실패: To-Be 미처리 비율 {value} > {limit}"},
    "cli.check_savings": {"en": "check failed: saving {value} < {limit}",
                          "ko": "검사 실패: 절감률 {value} < {limit}"},
}
