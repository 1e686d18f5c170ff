"""Plan warnings: the engine records ``(code, params)``; these sentences render them in English or
Korean. ``Summary.warnings`` keeps the English sentences for the CLI and the API.

Keys ``warnings.<code>``; params are formatted with ``str.format``.
"""

from __future__ import annotations

from typing import Any

from planner.i18n.core import t

#: code -> sentence in each language
MESSAGES: dict[str, dict[str, str]] = {
    "warnings.deploy_one_out": {
        "en": "As-Is {service}: with one server out for a deploy, {servers_left} server(s) hold {capacity:,.0f} requests/s "
              "at {target:.0%}, below the load in hour(s) {hours} (peak {peak:,.0f}); add a backup server or deploy "
              "outside those hours.",
        "ko": "As-Is {service}: 배포로 서버 1대를 빼면 서버 {servers_left}대가 목표 사용률 {target:.0%}에서 "
              "초당 {capacity:,.0f}건을 처리해 {hours}시의 부하(최대 {peak:,.0f})보다 적습니다. 백업 서버를 추가하거나 "
              "그 시간을 피해 배포하세요.",
    },
    "warnings.peak_above_max_replicas": {
        "en": "To-Be {service}: peak load {peak:,.0f} requests/s exceeds what max_replicas {max_replicas} can serve "
              "({capacity:,.0f} requests/s at 100 % of requests); {shortfall:,.0f} requests go unserved. "
              "Raise hpa.max_replicas.",
        "ko": "To-Be {service}: 최대 부하 초당 {peak:,.0f}건이 max_replicas {max_replicas}개로 처리할 수 있는 양"
              "(요청량 100 % 기준 초당 {capacity:,.0f}건)을 넘어 {shortfall:,.0f}건이 처리되지 못합니다. "
              "hpa.max_replicas를 늘리세요.",
    },
    "warnings.reached_max_replicas": {
        "en": "To-Be {service}: the HPA reached max_replicas ({max_replicas}); there is no room left to absorb more load.",
        "ko": "To-Be {service}: HPA가 max_replicas({max_replicas})에 도달했습니다. 부하가 더 늘면 흡수할 여유가 없습니다.",
    },
    "warnings.tobe_shortfall": {
        "en": "To-Be leaves {shortfall:,.0f} requests ({share:.2%} of the load) above ready capacity while pods start and "
              "nodes provision; see the worst hour and the explain table.",
        "ko": "To-Be는 파드가 시작되고 노드가 준비되는 동안 요청 {shortfall:,.0f}건(부하의 {share:.2%})을 준비된 용량 "
              "밖에 남깁니다. 가장 나쁜 시간과 설명 표를 확인하세요.",
    },
    "warnings.asis_shortfall": {
        "en": "As-Is leaves {shortfall:,.0f} requests ({share:.2%}) above capacity.",
        "ko": "As-Is는 요청 {shortfall:,.0f}건({share:.2%})을 용량 밖에 남깁니다.",
    },
    "warnings.no_spare_node": {
        "en": "To-Be has no spare node: a failed node's pods wait for a new node (provisioning delay).",
        "ko": "To-Be에 예비 노드가 없습니다. 장애 노드의 파드는 새 노드가 준비될 때까지 기다립니다.",
    },
    "warnings.max_nodes_reached": {
        "en": "To-Be reached the node group maximum ({max_nodes}); pods may stay pending.",
        "ko": "To-Be가 노드 그룹 최대치({max_nodes})에 도달했습니다. 파드가 대기 상태로 남을 수 있습니다.",
    },
    # purchase options and prices (planner.risk.pricing_warnings)
    "warnings.onprem_no_cost": {
        "en": "{side} is hosted on premises but every host cost is 0; set pricing.*.on_prem (purchase price, power and "
              "space, licence) or its machines cost nothing.",
        "ko": "{side}가 온프레미스 호스트로 설정됐지만 호스트 비용이 모두 0입니다. pricing.*.on_prem(구매가, 전력·상면, "
              "라이선스)을 입력하지 않으면 머신 비용이 0으로 계산됩니다.",
    },
    "warnings.commitment_idle": {
        "en": "To-Be commits {nodes} nodes but {idle:.0%} of the committed node-hours go unused; committed_nodes: auto "
              "picks the cheapest count.",
        "ko": "To-Be가 노드 {nodes}대를 약정했지만 약정 노드-시간의 {idle:.0%}가 쓰이지 않습니다. committed_nodes: auto로 "
              "두면 가장 싼 대수를 고릅니다.",
    },
    "warnings.price_range_only": {
        "en": "The {side} {option} price is only a published range taken at its conservative end; put your real rate in "
              "a price book (planner prices --price-book).",
        "ko": "{side} {option} 가격은 공개된 범위의 보수적인 끝값일 뿐입니다. 실제 요율을 가격표(planner prices "
              "--price-book)에 넣으세요.",
    },
    "warnings.spot_haircut": {
        "en": "Spot interruptions ({rate:.0%} of spot nodes a month) lose about {requests:,.0f} requests while pods "
              "restart; included in the To-Be shortfall (a stated haircut until failure drills model them).",
        "ko": "스팟 회수(월 스팟 노드의 {rate:.0%})로 파드가 다시 뜨는 동안 요청 약 {requests:,.0f}건이 유실됩니다. "
              "To-Be 미처리 요청에 포함했습니다(장애 훈련 모델이 들어오기 전까지의 추정치).",
    },
}


def warning_text(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The warning sentence of ``code`` with ``params`` in ``lang``."""
    return t(f"warnings.{code}", lang, **params)


def plan_warnings(plan, lang: str = "en") -> list[str]:
    """All warnings of ``plan`` (a :class:`planner.result.Plan`) in ``lang``."""
    return [warning_text(code, params, lang) for code, params in plan.summary.warning_items]
