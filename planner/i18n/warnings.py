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
    "warnings.shortfall_band_step": {
        "en": "The plan's shortfall is one reading of hourly data: held as hourly steps, the same hourly load leaves "
              "{shortfall:,.0f} requests ({share:.2%}) unserved; the To-Be shortfall band is {low:.2%} to {high:.2%}. "
              "Import per-minute metrics (planner import) or give the service a burst fitted from them.",
        "ko": "계획의 미처리 값은 시간 단위 데이터를 한 가지 방식으로 읽은 결과입니다. 같은 시간별 부하를 시간별 계단으로 두면 "
              "요청 {shortfall:,.0f}건({share:.2%})이 처리되지 못하며, To-Be 미처리 비율 범위는 {low:.2%}~{high:.2%}입니다. "
              "분 단위 메트릭을 가져오거나(planner import) 그 데이터로 맞춘 버스트를 서비스에 설정하세요.",
    },
    "warnings.shortfall_band_linear": {
        "en": "The plan's shortfall is one reading of hourly data: ramped linearly between hours, the same hourly load leaves "
              "{shortfall:,.0f} requests ({share:.2%}) unserved; the To-Be shortfall band is {low:.2%} to {high:.2%}. "
              "Import per-minute metrics (planner import) or give the service a burst fitted from them.",
        "ko": "계획의 미처리 값은 시간 단위 데이터를 한 가지 방식으로 읽은 결과입니다. 같은 시간별 부하를 시간 사이를 선형으로 이으면 "
              "요청 {shortfall:,.0f}건({share:.2%})이 처리되지 못하며, To-Be 미처리 비율 범위는 {low:.2%}~{high:.2%}입니다. "
              "분 단위 메트릭을 가져오거나(planner import) 그 데이터로 맞춘 버스트를 서비스에 설정하세요.",
    },
    "warnings.shortfall_band_burst": {
        "en": "The plan's shortfall is one reading of hourly data: with per-minute bursts inside each hour, the same hourly load leaves "
              "{shortfall:,.0f} requests ({share:.2%}) unserved; the To-Be shortfall band is {low:.2%} to {high:.2%}. "
              "Import per-minute metrics (planner import) or give the service a burst fitted from them.",
        "ko": "계획의 미처리 값은 시간 단위 데이터를 한 가지 방식으로 읽은 결과입니다. 같은 시간별 부하를 시간 안에 분 단위 버스트를 넣으면 "
              "요청 {shortfall:,.0f}건({share:.2%})이 처리되지 못하며, To-Be 미처리 비율 범위는 {low:.2%}~{high:.2%}입니다. "
              "분 단위 메트릭을 가져오거나(planner import) 그 데이터로 맞춘 버스트를 서비스에 설정하세요.",
    },
    "warnings.max_nodes_reached": {
        "en": "To-Be reached the node group maximum ({max_nodes}); pods may stay pending.",
        "ko": "To-Be가 노드 그룹 최대치({max_nodes})에 도달했습니다. 파드가 대기 상태로 남을 수 있습니다.",
    },
}


def warning_text(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """The warning sentence of ``code`` with ``params`` in ``lang``."""
    return t(f"warnings.{code}", lang, **params)


def plan_warnings(plan, lang: str = "en") -> list[str]:
    """All warnings of ``plan`` (a :class:`planner.result.Plan`) in ``lang``."""
    return [warning_text(code, params, lang) for code, params in plan.summary.warning_items]
