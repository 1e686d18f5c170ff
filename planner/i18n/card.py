"""The headline card at the top of the page (planner.ui.verdict): the saving card (saving beside
its risk) and the warnings in groups (To-Be risk first, As-Is notes apart), one line each with the full sentence as details.

Keys ``card.<id>``; ``card.short.<warning key>`` is the one-line form of a warning whose full
sentence is in :mod:`planner.i18n.warnings` (same key suffix, same params). Korean follows
docs/glossary.md.
"""

from __future__ import annotations

from typing import Any

from planner.i18n.core import all_messages, t
from planner.i18n.warnings import _formatted, warning_key

MESSAGES: dict[str, dict[str, str]] = {
    # the saving card: (state, sentence); the state's tag goes beside the saving figure
    "card.saving_served": {
        "en": "To-Be saves {pct} ({saving} a month) and serves every request in time; minimum headroom {headroom}.",
        "ko": "To-Be 절감률 {pct} (월 {saving}), 모든 요청을 제때 처리합니다. 최소 여유율 {headroom}.",
    },
    "card.saving_within": {
        "en": "To-Be saves {pct} ({saving} a month); {share} of requests unserved ({worst}), within the "
              "{limit} risk limit.",
        "ko": "To-Be 절감률 {pct} (월 {saving}). 미처리 비율 {share}({worst})로 위험 한도 {limit} 이내입니다.",
    },
    "card.costlier": {
        "en": "To-Be costs {extra} a month more than As-Is ({pct} more); {share} of requests unserved, within "
              "the {limit} risk limit.",
        "ko": "To-Be가 As-Is보다 월 {extra} 더 듭니다 ({pct} 증가). 미처리 비율 {share}로 위험 한도 {limit} 이내입니다.",
    },
    "card.risk": {
        "en": "At risk: To-Be leaves {n} requests unserved ({share} of all; the limit is {limit}), minimum "
              "headroom {headroom}; {worst}. {cost}",
        "ko": "위험: To-Be가 요청 {n}건(전체의 {share}, 한도 {limit})을 제때 처리하지 못합니다. 최소 여유율 "
              "{headroom}, {worst}. {cost}",
    },
    "card.risk_cost_saving": {
        "en": "The {pct} saving is not a saving at equal risk.",
        "ko": "절감률 {pct}는 같은 위험 수준에서의 절감이 아닙니다.",
    },
    "card.risk_cost_extra": {
        "en": "To-Be also costs {extra} a month more.",
        "ko": "게다가 To-Be가 월 {extra} 더 듭니다.",
    },
    "card.caution": {
        "en": "No headroom left: at times To-Be's load exceeds its ready capacity (minimum headroom {headroom}); "
              "{share} of requests unserved. {cost}",
        "ko": "여유율이 바닥났습니다: To-Be 부하가 준비된 처리 용량을 넘는 때가 있습니다 (최소 여유율 {headroom}). "
              "미처리 비율 {share}. {cost}",
    },
    "card.caution_cost_saving": {
        "en": "Saving {pct} ({saving} a month).",
        "ko": "절감률 {pct} (월 {saving}).",
    },
    "card.caution_cost_extra": {
        "en": "To-Be costs {extra} a month more.",
        "ko": "To-Be가 월 {extra} 더 듭니다.",
    },
    "card.worst": {"en": "To-Be worst hour {hour}", "ko": "To-Be 최악 시간대 {hour}"},
    # the tag beside the saving figure (short: a metric column is about 220 px wide at 1440 px)
    "card.tag_saving": {"en": "within the risk limit", "ko": "위험 한도 이내"},
    "card.tag_costlier": {"en": "To-Be costs more", "ko": "To-Be 비용이 더 큼"},
    "card.tag_risk": {"en": "⚠ at risk: {share} unserved", "ko": "⚠ 위험: 미처리 {share}"},
    "card.tag_caution": {"en": "⚠ no headroom left", "ko": "⚠ 여유율 바닥"},
    "card.help": {
        "en": "Red when To-Be leaves more than {limit} of requests unserved, amber when its minimum headroom is "
              "below zero: then the saving is not a saving at equal risk.",
        "ko": "To-Be 미처리 비율이 {limit}를 넘으면 빨강, 최소 여유율이 0보다 낮으면 주황입니다. 이때 절감액은 같은 위험 "
              "수준에서의 절감이 아닙니다.",
    },
    # warning groups
    "card.group_tobe_risk": {"en": "To-Be risk", "ko": "To-Be 위험"},
    "card.group_asis": {"en": "As-Is notes (the baseline)", "ko": "As-Is 참고 (현재 구성)"},
    "card.group_other": {"en": "Other notes", "ko": "기타 참고"},
    "card.details": {"en": "{title}: details and what to do", "ko": "{title}: 자세히 보기와 조치"},
    # one line per warning (the full sentence goes under the details)
    "card.short.warnings.tobe_shortfall": {
        "en": "To-Be: {shortfall} requests unserved ({share} of all)",
        "ko": "To-Be: 미처리 요청 {shortfall}건 (전체의 {share})",
    },
    "card.short.warnings.peak_above_max_replicas": {
        "en": "To-Be {service}: peak {peak} requests/s is more than max_replicas {max_replicas} can serve",
        "ko": "To-Be {service}: 최대 부하 초당 {peak}건이 max_replicas {max_replicas}개의 처리 용량을 넘습니다",
    },
    "card.short.warnings.reached_max_replicas": {
        "en": "To-Be {service}: the HPA is at max_replicas ({max_replicas})",
        "ko": "To-Be {service}: HPA가 max_replicas({max_replicas}개)에 도달",
    },
    "card.short.warnings.no_spare_node": {
        "en": "To-Be: no spare node for a node failure",
        "ko": "To-Be: 노드 장애에 대비한 예비 노드 없음",
    },
    "card.short.warnings.max_nodes_reached": {
        "en": "To-Be: the node pool is at its maximum ({max_nodes} nodes)",
        "ko": "To-Be: 노드 풀이 최대 크기({max_nodes}대)에 도달",
    },
    "card.short.warnings.deploy_one_out": {
        "en": "As-Is {service}: a deploy leaves too few servers at {hours}",
        "ko": "As-Is {service}: 배포 중에는 {hours}에 서버가 부족",
    },
    "card.short.warnings.deploy_one_out_1": {
        "en": "As-Is {service}: a deploy leaves too few servers at {hours}",
        "ko": "As-Is {service}: 배포 중에는 {hours}에 서버가 부족",
    },
    "card.short.warnings.deploy_one_out_single": {
        "en": "As-Is {service}: a single server, so every deploy is an outage",
        "ko": "As-Is {service}: 서버가 1대뿐이라 배포 때마다 중단",
    },
    "card.short.warnings.spot_haircut": {
        "en": "To-Be: spot interruptions lose about {requests} requests",
        "ko": "To-Be: 스팟 회수로 요청 약 {requests}건 유실",
    },
    "card.short.warnings.shortfall_band_burst": {
        "en": "To-Be: with per-minute bursts, {shortfall} requests unserved ({share} of all)",
        "ko": "To-Be: 분 단위 버스트를 넣으면 미처리 요청 {shortfall}건 (전체의 {share})",
    },
    "card.short.warnings.shortfall_band_linear": {
        "en": "To-Be: with load ramped between hours, {shortfall} requests unserved ({share} of all)",
        "ko": "To-Be: 시간 사이 부하를 선형으로 바꾸면 미처리 요청 {shortfall}건 (전체의 {share})",
    },
    "card.short.warnings.shortfall_band_step": {
        "en": "To-Be: with hourly steps, {shortfall} requests unserved ({share} of all)",
        "ko": "To-Be: 시간별 계단 부하로는 미처리 요청 {shortfall}건 (전체의 {share})",
    },
    "card.short.warnings.asis_shortfall": {
        "en": "As-Is: {shortfall} requests unserved ({share} of all)",
        "ko": "As-Is: 미처리 요청 {shortfall}건 (전체의 {share})",
    },
}


def short_warning_text(code: str, params: dict[str, Any], lang: str = "en", horizon_hours: int | None = None) -> str:
    """The one-line form of warning ``code`` (a code without one, e.g. a new feature's, gets its full
    sentence from :func:`planner.i18n.warnings.warning_text`)."""
    key = warning_key(code, params)
    short = f"card.short.{key}"
    if short not in all_messages():
        return t(key, lang, **_formatted(params, lang, horizon_hours))
    return t(short, lang, **_formatted(params, lang, horizon_hours))
