"""Wording of the price book, purchase options, the lines beside the machines and the 12-month
plan (issue 11): the report sentence, table and sheet titles, the page's inputs and charts.
Keys ``pricing.<name>``."""

from __future__ import annotations

#: The lines beside the machines (planner/pricing/lines.py ``LINE_KEYS``) in Korean.
LINE_NAMES_KO = {
    "load_balancers": "로드 밸런서", "nat_gateway_hours": "NAT 게이트웨이 시간", "nat_data": "NAT 데이터 처리",
    "cross_zone": "가용 영역 간 트래픽", "disks": "디스크", "agents": "에이전트", "licences": "라이선스",
    "extended_support": "컨트롤 플레인 확장 지원", "fixed": "고정 비용",
}

#: message id -> {"en": ..., "ko": ...}
MESSAGES: dict[str, dict[str, str]] = {
    # the decision: never one saving without the other
    "pricing.both_ways": {
        "en": "With both sides on-demand the saving is {od_saving} per month ({od_pct}); with each side on its "
              "cheapest purchase option ({asis_option} / {tobe_option}) it is {low_saving} ({low_pct}).",
        "ko": "양쪽 모두 온디맨드면 월 {od_saving}({od_pct})를 절감하고, 양쪽을 각자 가장 싼 구매 옵션"
              "({asis_option} / {tobe_option})으로 사면 월 {low_saving}({low_pct})를 절감합니다.",
    },
    "pricing.both_ways_extra": {
        "en": "With both sides on-demand the saving is {od_saving} per month ({od_pct}); with each side on its "
              "cheapest purchase option ({asis_option} / {tobe_option}) To-Be costs {low_extra} more ({low_pct}).",
        "ko": "양쪽 모두 온디맨드면 월 {od_saving}({od_pct})를 절감하지만, 양쪽을 각자 가장 싼 구매 옵션"
              "({asis_option} / {tobe_option})으로 사면 To-Be가 월 {low_extra}({low_pct}) 더 듭니다.",
    },
    "pricing.both_ways_od_extra": {
        "en": "With both sides on-demand To-Be costs {od_extra} more per month ({od_pct}); with each side on its "
              "cheapest purchase option ({asis_option} / {tobe_option}) the saving is {low_saving} ({low_pct}).",
        "ko": "양쪽 모두 온디맨드면 To-Be가 월 {od_extra}({od_pct}) 더 들고, 양쪽을 각자 가장 싼 구매 옵션"
              "({asis_option} / {tobe_option})으로 사면 월 {low_saving}({low_pct})를 절감합니다.",
    },
    "pricing.both_ways_all_extra": {
        "en": "With both sides on-demand To-Be costs {od_extra} more per month ({od_pct}); with each side on its "
              "cheapest purchase option ({asis_option} / {tobe_option}) it costs {low_extra} more ({low_pct}).",
        "ko": "양쪽 모두 온디맨드면 To-Be가 월 {od_extra}({od_pct}) 더 들고, 양쪽을 각자 가장 싼 구매 옵션"
              "({asis_option} / {tobe_option})으로 사도 월 {low_extra}({low_pct}) 더 듭니다.",
    },
    "pricing.nodes_committed": {"en": "{n} nodes {option}", "ko": "노드 {n}대 {option}"},
    # purchase option names
    "pricing.opt.on_demand": {"en": "on-demand", "ko": "온디맨드"},
    "pricing.opt.reserved": {"en": "reserved", "ko": "예약 인스턴스"},
    "pricing.opt.savings_plan": {"en": "savings plan", "ko": "Savings Plan"},
    "pricing.opt.committed_use": {"en": "committed use", "ko": "약정 사용 할인"},
    "pricing.opt.sustained_use": {"en": "sustained use", "ko": "지속 사용 할인"},
    "pricing.opt.spot": {"en": "spot", "ko": "스팟"},
    "pricing.opt.on_prem": {"en": "on-prem hosts", "ko": "온프레미스 호스트"},
    "pricing.pay.no_upfront": {"en": "no upfront", "ko": "선결제 없음"},
    "pricing.pay.partial_upfront": {"en": "partial upfront", "ko": "부분 선결제"},
    "pricing.pay.all_upfront": {"en": "all upfront", "ko": "전체 선결제"},
    "pricing.term": {"en": "{years}-year", "ko": "{years}년"},
    "pricing.auto": {"en": "auto", "ko": "자동"},
    "pricing.side.as_is": {"en": "As-Is", "ko": "As-Is"},
    "pricing.side.to_be": {"en": "To-Be", "ko": "To-Be"},
    # report sections
    "pricing.options_title": {"en": "Purchase options", "ko": "구매 옵션"},
    "pricing.options_intro": {
        "en": "Each side under every price the price book has for its machines, with the same costs beside the "
              "machines; To-Be commitments at the node count that minimises the cost. Upfront payments are "
              "amortised over the term in the monthly figures and shown whole beside them. Spot changes availability "
              "and is never taken as the cheapest.",
        "ko": "가격표에 있는 모든 구매 옵션으로 각 안을 계산했습니다(머신 외 비용은 동일). To-Be 약정은 비용이 가장 낮은 "
              "노드 수 기준입니다. 선결제는 월 비용에서는 약정 기간에 나눠 반영하고 옆에 총액을 함께 보입니다. 스팟은 "
              "가용성이 달라지므로 최저가로 고르지 않습니다."},
    "pricing.lines_title": {"en": "Costs beside the machines", "ko": "머신 외 비용"},
    # the lines beside the machines (planner/pricing/lines.py LINE_KEYS)
    **{f"pricing.line.{key}": {"en": key.replace("_", " "), "ko": ko} for key, ko in LINE_NAMES_KO.items()},
    "pricing.months_title": {"en": "12-month plan", "ko": "12개월 계획"},
    "pricing.months_intro": {
        "en": "Each month simulates the scenario's own day or week at that month's load (growth compounded, one-off "
              "events as their own days) through the same engine; As-Is servers never shrink and must be ordered "
              "the lead time ahead; To-Be commitments only grow.",
        "ko": "매월 시나리오의 하루(또는 한 주) 부하에 그 달의 증가율(복리)을 적용해 같은 엔진으로 시뮬레이션하고, 일회성 "
              "이벤트는 해당 일수만큼 따로 계산합니다. As-Is 서버는 줄지 않으며 리드 타임만큼 미리 주문해야 하고, To-Be "
              "약정은 늘기만 합니다."},
    "pricing.chosen": {"en": "in the plan", "ko": "계획에 적용"},
    "pricing.cheapest": {"en": "cheapest", "ko": "최저가"},
    # the page
    "pricing.tab": {"en": "Prices & 12 months", "ko": "가격·12개월"},
    "pricing.purchase": {"en": "Purchase option", "ko": "구매 옵션"},
    "pricing.hosting": {"en": "Hosting", "ko": "호스팅"},
    "pricing.hosting.cloud": {"en": "cloud", "ko": "클라우드"},
    "pricing.hosting.on_prem": {"en": "on-prem hosts", "ko": "온프레미스 호스트"},
    "pricing.term_years": {"en": "Term [years]", "ko": "약정 기간 [년]"},
    "pricing.payment": {"en": "Payment", "ko": "결제 방식"},
    "pricing.commitment": {"en": "Commitment", "ko": "약정"},
    "pricing.committed_nodes": {"en": "Committed nodes (a count, or auto)", "ko": "약정 노드 수 (숫자 또는 자동)"},
    "pricing.spot_pct": {"en": "Spot share of the burst [%]", "ko": "버스트 중 스팟 비율 [%]"},
    "pricing.host_price": {"en": "Host purchase [USD]", "ko": "호스트 구매가 [USD]"},
    "pricing.host_months": {"en": "Amortised over [months]", "ko": "상각 기간 [개월]"},
    "pricing.host_power": {"en": "Power and space [USD/host-month]", "ko": "전력·상면 [USD/호스트·월]"},
    "pricing.host_licence": {"en": "Hypervisor licence [USD/host-month]", "ko": "하이퍼바이저 라이선스 [USD/호스트·월]"},
    "pricing.per_host": {"en": "VMs per host", "ko": "호스트당 VM 수"},
    "pricing.price_row": {"en": "{option}: {price}/h ({basis}; {source})", "ko": "{option}: 시간당 {price} ({basis}; {source})"},
    "pricing.lines_inputs": {"en": "Costs beside the machines", "ko": "머신 외 비용"},
    "pricing.lb": {"en": "Load balancers", "ko": "로드 밸런서"},
    "pricing.lb.per_service": {"en": "one per service", "ko": "서비스마다 1개"},
    "pricing.lb.per_cluster": {"en": "one shared", "ko": "공유 1개"},
    "pricing.lb.none": {"en": "none", "ko": "없음"},
    "pricing.nat": {"en": "NAT gateways", "ko": "NAT 게이트웨이"},
    "pricing.nat_gb": {"en": "NAT traffic [GB/month]", "ko": "NAT 트래픽 [GB/월]"},
    "pricing.xz_gb": {"en": "Service traffic [GB per million requests]", "ko": "서비스 간 트래픽 [GB/백만 요청]"},
    "pricing.zones": {"en": "Zones", "ko": "가용 영역 수"},
    "pricing.disk": {"en": "Disk per machine [GiB]", "ko": "머신당 디스크 [GiB]"},
    "pricing.agent": {"en": "Agent per machine [USD/month]", "ko": "머신당 에이전트 [USD/월]"},
    "pricing.licence": {"en": "Licence per machine [USD/month]", "ko": "머신당 라이선스 [USD/월]"},
    "pricing.fixed": {"en": "Fixed monthly costs [USD/month]", "ko": "고정 월 비용 [USD/월]"},
    "pricing.support": {"en": "Control-plane support", "ko": "컨트롤 플레인 지원 등급"},
    "pricing.support.standard": {"en": "standard", "ko": "표준 지원"},
    "pricing.support.extended": {"en": "extended", "ko": "확장 지원"},
    "pricing.book_upload": {"en": "Your price book (CSV or YAML; overrides the shipped rows it names)",
                            "ko": "가격표 업로드 (CSV 또는 YAML, 같은 항목의 기본 가격을 대체)"},
    "pricing.book_loaded": {"en": "Price book: {n} rows in the scenario.", "ko": "가격표: 시나리오에 {n}행."},
    "pricing.book_clear": {"en": "Remove your price rows", "ko": "내 가격표 지우기"},
    "pricing.book_error": {"en": "Price book not read: {error}", "ko": "가격표를 읽지 못했습니다: {error}"},
    "pricing.fig_stack_title": {"en": "To-Be cost per hour: committed, on-demand, spot, other",
                                "ko": "To-Be 시간당 비용: 약정·온디맨드·스팟·기타"},
    "pricing.fig_stack_y": {"en": "Cost per hour [USD]", "ko": "시간당 비용 [USD]"},
    "pricing.tr_committed": {"en": "Committed", "ko": "약정"},
    "pricing.tr_on_demand": {"en": "On-demand", "ko": "온디맨드"},
    "pricing.tr_spot": {"en": "Spot", "ko": "스팟"},
    "pricing.tr_fixed": {"en": "Control plane and other costs", "ko": "컨트롤 플레인·기타"},
    "pricing.tr_asis": {"en": "As-Is per hour", "ko": "As-Is 시간당"},
    "pricing.fig_months_title": {"en": "12 months: monthly cost and cumulative saving",
                                 "ko": "12개월: 월 비용과 누적 절감액"},
    "pricing.fig_months_y": {"en": "Cost per month [USD]", "ko": "월 비용 [USD]"},
    "pricing.fig_months_y2": {"en": "Cumulative saving [USD]", "ko": "누적 절감액 [USD]"},
    "pricing.tr_asis_month": {"en": "As-Is per month", "ko": "As-Is 월 비용"},
    "pricing.tr_tobe_month": {"en": "To-Be per month", "ko": "To-Be 월 비용"},
    "pricing.tr_saving_cum": {"en": "Cumulative saving", "ko": "누적 절감액"},
    "pricing.tr_buy": {"en": "Order As-Is servers", "ko": "As-Is 서버 주문"},
    "pricing.buy_hover": {"en": "order {n} server(s) for {month}", "ko": "{month}용 서버 {n}대 주문"},
    "pricing.months_off": {"en": "Months to plan (0 = off)", "ko": "계획할 개월 수 (0 = 끔)"},
    "pricing.start_month": {"en": "First month (YYYY-MM)", "ko": "시작 월 (예: 2027-01)"},
    "pricing.growth_pct": {"en": "Growth per month [%]", "ko": "월 증가율 [%]"},
    "pricing.lead_time": {"en": "As-Is lead time [months]", "ko": "As-Is 조달 리드 타임 [개월]"},
    "pricing.events": {"en": "One-off events (name, start date, days, load factor)",
                       "ko": "일회성 이벤트 (이름, 시작일, 일수, 부하 배수)"},
    "pricing.events_example": {"en": "2027-11-26, 3, 4, Black Friday", "ko": "2027-11-26, 3, 4, 블랙 프라이데이"},
    "pricing.months_none": {"en": "Set the months to plan (e.g. 12) to see the month-by-month plan.",
                            "ko": "월별 계획을 보려면 계획할 개월 수(예: 12)를 입력하세요."},
    "pricing.saving_both": {"en": "Saving: on-demand {od} · cheapest options {low}",
                            "ko": "절감률: 온디맨드 {od} · 최저가 옵션 {low}"},
    # the CLI
    "pricing.cli_asis_servers": {"en": "As-Is servers", "ko": "As-Is 서버"},
    "pricing.cli_asis_beside": {"en": "As-Is beside the servers", "ko": "As-Is 서버 외 비용"},
    "pricing.cli_tobe_nodes": {"en": "To-Be nodes", "ko": "To-Be 노드"},
    "pricing.cli_tobe_beside": {"en": "To-Be control plane + beside", "ko": "To-Be 컨트롤 플레인 + 노드 외 비용"},
    "pricing.cli_saving_od": {"en": "Saving, both on-demand", "ko": "절감액 (양쪽 온디맨드)"},
    "pricing.cli_saving_low": {"en": "Saving, each side cheapest", "ko": "절감액 (양쪽 각자 최저가)"},
    "pricing.cli_cheapest_asis": {"en": "cheapest As-Is: {option} ({usd}/month)", "ko": "As-Is 최저가: {option} (월 {usd})"},
    "pricing.cli_cheapest_tobe": {"en": "cheapest To-Be: {option} ({usd}/month)", "ko": "To-Be 최저가: {option} (월 {usd})"},
    "pricing.cli_months_columns": {
        "en": "month    servers  +  order-by  nodes pk/mean/min  committed  As-Is USD   To-Be USD   saving so far",
        "ko": "월          서버  +  주문 기한 노드 최대/평균/최소  약정   As-Is USD   To-Be USD    누적 절감액",  # by display width
    },
    "pricing.cli_late": {"en": "LATE", "ko": "지연"},
    "pricing.cli_no_prices": {"en": "no prices match; see planner catalog for the types",
                              "ko": "조건에 맞는 가격이 없습니다. 인스턴스 유형은 planner catalog로 확인하세요"},
    "pricing.cli_sources": {"en": "sources:", "ko": "출처:"},
    **{f"pricing.cli_col.{col}": {"en": col, "ko": ko} for col, ko in (
        ("provider", "클라우드"), ("region", "리전"), ("instance_type", "인스턴스 유형"), ("option", "구매 옵션"),
        ("term_years", "약정 기간[년]"), ("payment", "결제 방식"), ("usd_per_hour", "시간당 요금[USD]"),
        ("upfront_usd", "대당 선결제[USD]"), ("effective_usd_per_hour", "실효 시간당 요금[USD]"),
        ("interruption_frac_per_month", "스팟 중단[노드·월당]"), ("basis", "가격 근거"), ("as_of", "기준일"))},
    "pricing.cli_months_header": {"en": "Month-by-month plan", "ko": "월별 계획"},
}


def fmt_option(label: str, lang: str = "en", committed: int | None = None) -> str:
    """A purchase-option label for people: ``reserved 3y all_upfront x auto + on_demand`` with 7
    committed -> ``7 nodes reserved 3-year all upfront + on-demand`` (``노드 7대 예약 인스턴스 3년 ...``)."""
    import re

    from planner.i18n.core import t

    text = label.replace(" x auto", "").replace(" (scenario)", "")
    text = re.sub(r"\b(\d)y\b", lambda m: t("pricing.term", lang, years=m.group(1)), text)
    for key in ("partial_upfront", "all_upfront", "no_upfront"):
        text = text.replace(key, t(f"pricing.pay.{key}", lang))
    for key in ("savings_plan", "committed_use", "sustained_use", "on_demand", "on_prem", "reserved", "spot"):
        text = re.sub(rf"\b{key}\b", t(f"pricing.opt.{key}", lang), text)
    if lang == "ko":
        text = text.replace("% of nodes", "% 노드").replace("% of burst", "% (버스트)")
    else:
        text = text.replace("% of nodes", "% of nodes").replace("% of burst", "% of the burst")
    if committed:
        head, _, rest = text.partition(" + ")
        text = t("pricing.nodes_committed", lang, n=committed, option=head) + (f" + {rest}" if rest else "")
    return text
