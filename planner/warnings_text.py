"""Plan warnings as codes with parameters, rendered in English or Korean.

The engine records ``(code, params)``; the app and the reports render them in the user's language
with :func:`warning_text`. ``Summary.warnings`` keeps the English sentences for the CLI and API.
"""

from __future__ import annotations

from typing import Any

#: code -> (English template, Korean template); params are formatted with str.format.
TEMPLATES: dict[str, tuple[str, str]] = {
    "deploy_one_out": (
        "As-Is {service}: with one server out for a deploy, {servers_left} server(s) hold {capacity:,.0f} requests/s "
        "at {target:.0%}, below the load in hour(s) {hours} (peak {peak:,.0f}); add a backup server or deploy "
        "outside those hours.",
        "As-Is {service}: 배포로 서버 1대를 빼면 서버 {servers_left}대가 목표 사용률 {target:.0%}에서 "
        "초당 {capacity:,.0f}건을 처리해 {hours}시의 부하(최대 {peak:,.0f})보다 적습니다. 백업 서버를 추가하거나 "
        "그 시간을 피해 배포하세요.",
    ),
    "peak_above_max_replicas": (
        "To-Be {service}: peak load {peak:,.0f} requests/s exceeds what max_replicas {max_replicas} can serve "
        "({capacity:,.0f} requests/s at 100 % of requests); {shortfall:,.0f} requests go unserved. "
        "Raise hpa.max_replicas.",
        "To-Be {service}: 최대 부하 초당 {peak:,.0f}건이 max_replicas {max_replicas}개로 처리할 수 있는 양"
        "(요청량 100 % 기준 초당 {capacity:,.0f}건)을 넘어 {shortfall:,.0f}건이 처리되지 못합니다. "
        "hpa.max_replicas를 늘리세요.",
    ),
    "reached_max_replicas": (
        "To-Be {service}: the HPA reached max_replicas ({max_replicas}); there is no room left to absorb more load.",
        "To-Be {service}: HPA가 max_replicas({max_replicas})에 도달했습니다. 부하가 더 늘면 흡수할 여유가 없습니다.",
    ),
    "tobe_shortfall": (
        "To-Be leaves {shortfall:,.0f} requests ({share:.2%} of the load) above ready capacity while pods start and "
        "nodes provision; see the worst hour and the explain table.",
        "To-Be는 파드가 시작되고 노드가 준비되는 동안 요청 {shortfall:,.0f}건(부하의 {share:.2%})을 준비된 용량 "
        "밖에 남깁니다. 가장 나쁜 시간과 설명 표를 확인하세요.",
    ),
    "asis_shortfall": (
        "As-Is leaves {shortfall:,.0f} requests ({share:.2%}) above capacity.",
        "As-Is는 요청 {shortfall:,.0f}건({share:.2%})을 용량 밖에 남깁니다.",
    ),
    "no_spare_node": (
        "To-Be has no spare node: a failed node's pods wait for a new node (provisioning delay).",
        "To-Be에 예비 노드가 없습니다. 장애 노드의 파드는 새 노드가 준비될 때까지 기다립니다.",
    ),
    "max_nodes_reached": (
        "To-Be reached the node group maximum ({max_nodes}); pods may stay pending.",
        "To-Be가 노드 그룹 최대치({max_nodes})에 도달했습니다. 파드가 대기 상태로 남을 수 있습니다.",
    ),
}


def warning_text(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The warning sentence in ``lang`` ("en" or "ko")."""
    en, ko = TEMPLATES[code]
    return (ko if lang == "ko" else en).format(**params)


def plan_warnings(plan, lang: str = "en") -> list[str]:
    """All warnings of ``plan`` in ``lang``."""
    return [warning_text(code, params, lang) for code, params in plan.summary.warning_items]
