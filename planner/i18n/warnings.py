"""Plan warnings: the engine records ``(code, params)``; these sentences render them in English or
Korean. ``Summary.warnings`` keeps the English sentences for the CLI and the API.

Keys ``warnings.<code>``. The engine's params are raw numbers; :func:`warning_text` formats them with
the one formatter set first (requests as whole numbers, shares with :func:`~planner.i18n.fmt.fmt_pct`,
the sizing target as typed, hours as clock times), so a warning prints numbers exactly as the
headline and the reports do.
"""

from __future__ import annotations

from typing import Any

from planner.i18n.core import t
from planner.i18n.fmt import fmt_hour, fmt_input, fmt_num, fmt_pct

#: code -> sentence in each language
MESSAGES: dict[str, dict[str, str]] = {
    "warnings.deploy_one_out": {
        "en": "As-Is {service}: with one server out for a deploy, the other {servers_left} servers hold {capacity} "
              "requests/s at {target}, below the load at {hours} (peak {peak} requests/s); add a backup server or "
              "deploy outside those hours.",
        "ko": "As-Is {service}: 배포로 서버 1대를 빼면 남은 {servers_left}대가 목표 사용률 {target}에서 초당 {capacity}건까지만 "
              "처리해, {hours}의 부하(최대 초당 {peak}건)를 감당하지 못합니다. 백업 서버를 추가하거나 이 시간대를 피해 "
              "배포하세요.",
    },
    "warnings.deploy_one_out_1": {
        "en": "As-Is {service}: with one server out for a deploy, the other server holds {capacity} requests/s at "
              "{target}, below the load at {hours} (peak {peak} requests/s); add a backup server or deploy outside "
              "those hours.",
        "ko": "As-Is {service}: 배포로 서버 1대를 빼면 남은 1대가 목표 사용률 {target}에서 초당 {capacity}건까지만 처리해, "
              "{hours}의 부하(최대 초당 {peak}건)를 감당하지 못합니다. 백업 서버를 추가하거나 이 시간대를 피해 "
              "배포하세요.",
    },
    "warnings.deploy_one_out_single": {
        "en": "As-Is {service} has a single server: every deploy is an outage (no server is left to take its load, "
              "peak {peak} requests/s). Add a backup server.",
        "ko": "As-Is {service}: 서버가 1대뿐이라 배포할 때마다 서비스가 중단됩니다 (부하를 받을 서버가 남지 않음, "
              "최대 초당 {peak}건). 백업 서버를 추가하세요.",
    },
    "warnings.peak_above_max_replicas": {
        "en": "To-Be {service}: peak load {peak} requests/s exceeds what max_replicas {max_replicas} can serve "
              "({capacity} requests/s at 100% of requests); {shortfall} requests go unserved. Raise hpa.max_replicas.",
        "ko": "To-Be {service}: 최대 부하(초당 {peak}건)가 max_replicas {max_replicas}개로 처리할 수 있는 양(요청량의 "
              "100% 기준 초당 {capacity}건)을 넘어 요청 {shortfall}건이 미처리됩니다. hpa.max_replicas를 늘리세요.",
    },
    "warnings.reached_max_replicas": {
        "en": "To-Be {service}: the HPA reached max_replicas ({max_replicas}); there is no room left to absorb more "
              "load.",
        "ko": "To-Be {service}: HPA가 max_replicas({max_replicas}개)에 도달했습니다. 부하가 더 늘면 받아낼 여유가 "
              "없습니다.",
    },
    "warnings.tobe_shortfall": {
        "en": "To-Be leaves {shortfall} requests ({share} of all) unserved while pods start and nodes are "
              "provisioned; see To-Be's worst hour and the Explain tab.",
        "ko": "To-Be: 파드 기동과 노드 프로비저닝을 기다리는 동안 요청 {shortfall}건(전체의 {share})을 제때 처리하지 "
              "못합니다. To-Be 최악 시간대와 설명 탭을 확인하세요.",
    },
    "warnings.asis_shortfall": {
        "en": "As-Is leaves {shortfall} requests ({share} of all) unserved.",
        "ko": "As-Is: 요청 {shortfall}건(전체의 {share})을 제때 처리하지 못합니다.",
    },
    "warnings.no_spare_node": {
        "en": "To-Be has no spare node: a failed node's pods wait for a new node (provisioning delay).",
        "ko": "To-Be에 예비 노드가 없습니다. 노드 장애가 나면 그 파드는 새 노드가 프로비저닝될 때까지 대기합니다.",
    },
    "warnings.shortfall_band_step": {
        "en": "The plan's shortfall is one reading of hourly data: held as hourly steps, the same hourly load leaves "
              "{shortfall} requests ({share}) unserved; the To-Be shortfall band is {low} to {high}. "
              "Import per-minute metrics (planner import) or give the service a burst fitted from them.",
        "ko": "계획의 미처리 값은 시간 단위 데이터를 한 가지 방식으로 읽은 결과입니다. 같은 시간별 부하를 시간별 계단으로 두면 "
              "요청 {shortfall}건({share})이 처리되지 못하며, To-Be 미처리 비율 범위는 {low}~{high}입니다. "
              "분 단위 메트릭을 가져오거나(`planner import`) 그 데이터로 맞춘 버스트를 서비스에 설정하세요.",
    },
    "warnings.shortfall_band_linear": {
        "en": "The plan's shortfall is one reading of hourly data: ramped linearly between hours, the same hourly load leaves "
              "{shortfall} requests ({share}) unserved; the To-Be shortfall band is {low} to {high}. "
              "Import per-minute metrics (planner import) or give the service a burst fitted from them.",
        "ko": "계획의 미처리 값은 시간 단위 데이터를 한 가지 방식으로 읽은 결과입니다. 같은 시간별 부하를 시간 사이를 선형으로 이으면 "
              "요청 {shortfall}건({share})이 처리되지 못하며, To-Be 미처리 비율 범위는 {low}~{high}입니다. "
              "분 단위 메트릭을 가져오거나(`planner import`) 그 데이터로 맞춘 버스트를 서비스에 설정하세요.",
    },
    "warnings.shortfall_band_burst": {
        "en": "The plan's shortfall is one reading of hourly data: with per-minute bursts inside each hour, the same hourly load leaves "
              "{shortfall} requests ({share}) unserved; the To-Be shortfall band is {low} to {high}. "
              "Import per-minute metrics (planner import) or give the service a burst fitted from them.",
        "ko": "계획의 미처리 값은 시간 단위 데이터를 한 가지 방식으로 읽은 결과입니다. 같은 시간별 부하를 시간 안에 분 단위 버스트를 넣으면 "
              "요청 {shortfall}건({share})이 처리되지 못하며, To-Be 미처리 비율 범위는 {low}~{high}입니다. "
              "분 단위 메트릭을 가져오거나(`planner import`) 그 데이터로 맞춘 버스트를 서비스에 설정하세요.",
    },
    "warnings.max_nodes_reached": {
        "en": "To-Be reached the node pool's maximum size ({max_nodes} nodes); pods may stay pending.",
        "ko": "To-Be가 노드 풀 최대 크기({max_nodes}대)에 도달했습니다. 파드가 대기 상태로 남을 수 있습니다.",
    },
    # purchase options and prices (planner.risk.pricing_warnings)
    "warnings.onprem_no_cost": {
        "en": "{side} is hosted on premises but every host cost is 0; set pricing.*.on_prem (purchase price, power and "
              "space, licence) or its machines cost nothing.",
        "ko": "{side}가 온프레미스 호스트로 설정됐지만 호스트 비용이 모두 0입니다. pricing.*.on_prem(구매가, 전력·상면, "
              "라이선스)을 입력하지 않으면 머신 비용이 0으로 계산됩니다.",
    },
    "warnings.commitment_idle": {
        "en": "To-Be commits {nodes} nodes but {idle} of the committed node-hours go unused; committed_nodes: auto "
              "picks the cheapest count.",
        "ko": "To-Be가 노드 {nodes}대를 약정했지만 약정 노드-시간의 {idle}가 쓰이지 않습니다. committed_nodes: auto로 "
              "두면 가장 싼 대수를 고릅니다.",
    },
    "warnings.price_range_only": {
        "en": "The {side} {option} price is only a published range taken at its conservative end; put your real rate in "
              "a price book (planner prices --price-book).",
        "ko": "{side} {option} 가격은 공개된 범위의 보수적인 끝값일 뿐입니다. 실제 요율을 가격표(planner prices "
              "--price-book)에 넣으세요.",
    },
    "warnings.spot_haircut": {
        "en": "Spot interruptions ({rate} of spot nodes a month) lose about {requests} requests while pods "
              "restart; included in the To-Be shortfall (a stated haircut until failure drills model them).",
        "ko": "스팟 회수(월 스팟 노드의 {rate})로 파드가 다시 뜨는 동안 요청 약 {requests}건이 유실됩니다. "
              "To-Be 미처리 요청에 포함했습니다(장애 훈련 모델이 들어오기 전까지의 추정치).",
    },
}

#: Params that are counts of requests or requests/s: whole numbers with grouping.
_WHOLE = ("capacity", "peak", "shortfall", "requests")


def _hours(text: str, lang: str, horizon_hours: int | None) -> str:
    """``"18, 19, 20 ..."`` (hour indices from the engine) as clock times in ``lang``; without the plan's
    horizon, hours past the first day are numbered by day."""
    parts = [p.strip() for p in str(text).split(",")]
    more = parts and parts[-1].endswith("...")
    if more:
        parts[-1] = parts[-1].removesuffix("...").strip()
    hours = [int(p) for p in parts if p.isdigit()]
    horizon = horizon_hours or (48 if any(h >= 24 for h in hours) else 24)
    shown = ", ".join(fmt_hour(h, lang, horizon) for h in hours)
    return shown + (" …" if more else "")


def _formatted(params: dict[str, Any], lang: str, horizon_hours: int | None) -> dict[str, Any]:
    out = dict(params)
    for key in _WHOLE:
        if key in out:
            out[key] = fmt_num(out[key], lang)
    for key in ("share", "low", "high", "idle", "rate"):
        if key in out:
            out[key] = fmt_pct(out[key], lang)
    if "target" in out:
        out["target"] = fmt_input(out["target"], "fraction", lang)
    if "hours" in out:
        out["hours"] = _hours(out["hours"], lang, horizon_hours)
    return out


def warning_key(code: str, params: dict[str, Any]) -> str:
    """The message key of warning ``code``: a deploy that leaves no server (or one) has its own sentence."""
    if code == "deploy_one_out":
        left = params.get("servers_left")
        if left == 0:
            return "warnings.deploy_one_out_single"
        if left == 1:
            return "warnings.deploy_one_out_1"
    return f"warnings.{code}"


def warning_text(code: str, params: dict[str, Any], lang: str = "en", horizon_hours: int | None = None) -> str:
    """The warning sentence of ``code`` with ``params`` (raw engine values) in ``lang``; ``horizon_hours``
    lets hours of a week read as ``Tue 14:00`` (see :func:`~planner.i18n.fmt.fmt_hour`)."""
    return t(warning_key(code, params), lang, **_formatted(params, lang, horizon_hours))


def plan_warnings(plan, lang: str = "en") -> list[str]:
    """All warnings of ``plan`` (a :class:`planner.result.Plan`) in ``lang``."""
    horizon = plan.summary.horizon_hours
    return [warning_text(code, params, lang, horizon) for code, params in plan.summary.warning_items]
