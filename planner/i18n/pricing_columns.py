"""Glossary entries of the pricing figures (issue 11): the purchase-options table, the lines beside
the machines, the month-by-month plan, the cost parts of the hourly frame, and the Summary's
purchase figures, as ``(unit, English, Korean, meaning)``. Merged into :mod:`planner.i18n.columns`
(one glossary); kept here so the pricing work has one place for its labels."""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    # hourly cost parts (cluster_hourly)
    "tobe_committed_usd": ("USD", "To-Be committed", "To-Be 약정",
                                 "The commitment (reserved, savings plan, committed use) or owned hosts, used or not."),
    "tobe_on_demand_usd": ("USD", "To-Be on-demand", "To-Be 온디맨드", "Node time above the commitment, on-demand."),
    "tobe_spot_usd": ("USD", "To-Be spot", "To-Be 스팟", "Node time above the commitment, on spot."),
    "tobe_fixed_usd": ("USD", "To-Be control plane and other costs", "To-Be 컨트롤 플레인·기타 비용",
                             "Control plane plus the lines beside the nodes (load balancers, NAT, disks, ...)."),
    "asis_machines_usd": ("USD", "As-Is servers", "As-Is 서버 비용", "Servers under their purchase option."),
    "asis_fixed_usd": ("USD", "As-Is other costs", "As-Is 기타 비용",
                             "Lines beside the servers (load balancers, NAT, disks, licences, ...)."),
    "spot_shortfall_requests": ("requests", "Lost to spot interruptions", "스팟 회수로 인한 미처리",
                                      "Requests lost while an interrupted spot node's pods restart (stated haircut)."),
    # purchase options
    "side": ("", "Plan", "구분", "as_is or to_be."),
    "option": ("", "Purchase option", "구매 옵션", "Option, term and payment (To-Be: commitment + burst)."),
    "term_years": ("years", "Term", "약정 기간", "Commitment term (0: none)."),
    "payment": ("", "Payment", "결제 방식", "no_upfront, partial_upfront or all_upfront (none: no commitment)."),
    "committed": ("machines", "Committed machines", "약정 대수", "Servers or nodes under the commitment."),
    "usd_per_hour": ("USD/hour", "Recurring rate", "시간당 요금", "Billed every hour of the term, per machine."),
    "upfront_usd": ("USD", "Upfront per machine", "대당 선결제", "Paid once per machine at the start of the term."),
    "effective_usd_per_hour": ("USD/hour", "Effective rate", "실효 시간당 요금",
                                     "Recurring plus upfront amortised over the term, per machine."),
    "machines_usd_per_month": ("USD/month", "Machines", "머신 비용", "The side's machines, upfront amortised."),
    "upfront_total_usd": ("USD", "Upfront, all machines", "선결제 합계", "Upfront payments of the option."),
    "other_usd_per_month": ("USD/month", "Other costs", "기타 비용",
                                  "Control plane and lines beside the machines (the same for every option)."),
    "usd_per_month": ("USD/month", "Total", "합계", "Machines plus other costs."),
    "saving_vs_on_demand_frac": ("fraction", "Saving vs on-demand", "온디맨드 대비 절감률",
                                       "1 - this option's total / the side's all-on-demand total."),
    "changes_risk": ("", "Changes risk", "위험 변화", "Spot: capacity can be reclaimed; never picked as cheapest."),
    "chosen": ("", "In the plan", "계획에 적용", "The scenario's own purchase strategy."),
    "cheapest": ("", "Cheapest", "최저가", "Lowest total of the side among options that leave risk unchanged."),
    "basis": ("", "Price basis", "가격 근거", "published, derived (how: in the source), range, catalog or user."),
    # cost lines
    "plan": ("", "Plan", "구분", "as_is or to_be."),
    "line": ("", "Cost line", "비용 항목", "Load balancers, NAT gateway hours and data, cross-zone traffic, ..."),
    "quantity": ("", "Quantity", "수량", "Mean over the horizon, in quantity_unit."),
    "quantity_unit": ("", "Quantity unit", "수량 단위", "Unit of the quantity."),
    "unit_price": ("", "Unit price", "단가", "Price per unit, in price_unit."),
    "price_unit": ("", "Price unit", "단가 단위", "Unit of the unit price."),
    # the month-by-month plan
    "month": ("", "Month", "월", "Calendar month (YYYY-MM)."),
    "days": ("days", "Days", "일수", "Days in the month."),
    "load_factor": ("", "Load growth factor", "부하 증가 배수", "(1 + monthly growth) ** months since the start."),
    "event_days": ("days", "Event days", "이벤트 일수", "Days of one-off load events in the month."),
    "asis_servers_needed": ("servers", "As-Is servers needed", "필요 As-Is 서버",
                                  "Servers the month's peak needs, events included."),
    "asis_servers_added": ("servers", "As-Is servers added", "추가 As-Is 서버", "Servers added this month."),
    "asis_order_month": ("", "Order by", "주문 시한", "Month the added servers must be ordered (lead time)."),
    "asis_order_late": ("", "Order too late", "주문 늦음", "The order month is before the plan starts."),
    "tobe_nodes_peak": ("nodes", "To-Be nodes, peak", "To-Be 최대 노드", "Most nodes in the month."),
    "tobe_nodes_mean": ("nodes", "To-Be nodes, mean", "To-Be 평균 노드", "Node-hours / hours of the month."),
    "tobe_nodes_min": ("nodes", "To-Be nodes, floor", "To-Be 최소 노드", "Fewest nodes in the month."),
    "tobe_committed_nodes": ("nodes", "To-Be committed nodes", "To-Be 약정 노드",
                                   "Nodes under the commitment in the month (never decreasing)."),
    "tobe_commitment_coverage_frac": ("fraction", "Commitment coverage", "약정 커버리지",
                                            "Share of node-hours the commitment covers."),
    "asis_cash_usd": ("USD", "As-Is cash", "As-Is 현금 지출", "As paid: upfront in the month it starts."),
    "tobe_cash_usd": ("USD", "To-Be cash", "To-Be 현금 지출", "As paid: upfront in the month it starts."),
}

#: Summary fields of the purchase options.
SUMMARY_FIELDS: dict[str, tuple[str, ...]] = {
    "tobe_committed_nodes": ("nodes", "To-Be committed nodes", "To-Be 약정 노드 수"),
    "tobe_commitment_coverage_frac": ("fraction", "To-Be commitment coverage", "To-Be 약정 커버리지"),
    "tobe_commitment_utilization_frac": ("fraction", "To-Be commitment utilisation", "To-Be 약정 사용률"),
    "asis_upfront_usd": ("USD", "As-Is upfront payments", "As-Is 선결제"),
    "tobe_upfront_usd": ("USD", "To-Be upfront payments", "To-Be 선결제"),
    "asis_other_usd_per_month": ("USD/month", "As-Is costs beside the servers", "As-Is 서버 외 비용"),
    "tobe_other_usd_per_month": ("USD/month", "To-Be control plane and costs beside the nodes",
                                       "To-Be 컨트롤 플레인·노드 외 비용"),
    "tobe_spot_node_hours": ("node-hours", "To-Be spot node-hours", "To-Be 스팟 노드-시간"),
    "tobe_spot_shortfall_requests": ("requests", "To-Be requests lost to spot interruptions",
                                           "To-Be 스팟 회수로 인한 미처리 요청"),
    "asis_usd_per_month_on_demand": ("USD/month", "As-Is cost, all on-demand", "As-Is 월 비용 (전부 온디맨드)"),
    "tobe_usd_per_month_on_demand": ("USD/month", "To-Be cost, all on-demand", "To-Be 월 비용 (전부 온디맨드)"),
    "savings_usd_per_month_on_demand": ("USD/month", "Saving per month, both on-demand", "월 절감액 (양쪽 온디맨드)"),
    "savings_frac_on_demand": ("fraction", "Saving, both on-demand", "절감률 (양쪽 온디맨드)"),
    "tobe_cheapest_committed_nodes": ("nodes", "To-Be committed nodes, cheapest", "To-Be 약정 노드 수 (최저가)"),
    "asis_usd_per_month_cheapest": ("USD/month", "As-Is cost, cheapest option", "As-Is 월 비용 (최저가 옵션)"),
    "tobe_usd_per_month_cheapest": ("USD/month", "To-Be cost, cheapest option", "To-Be 월 비용 (최저가 옵션)"),
    "savings_usd_per_month_cheapest": ("USD/month", "Saving per month, each side cheapest",
                                             "월 절감액 (양쪽 최저가 옵션)"),
    "savings_frac_cheapest": ("fraction", "Saving, each side cheapest", "절감률 (양쪽 최저가 옵션)"),
}

#: New units.
UNITS: dict[str, dict[str, str]] = {
    "years": {"en": "years", "ko": "년"},
    "days": {"en": "days", "ko": "일"},
    "machines": {"en": "machines", "ko": "대"},
    "USD/hour": {"en": "USD/hour", "ko": "USD/시간"},
    # quantity and price units of the lines beside the machines (planner/pricing/lines.py UNITS)
    "load balancers": {"en": "load balancers", "ko": "개"},
    "gateways": {"en": "gateways", "ko": "개"},
    "clusters": {"en": "clusters", "ko": "개"},
    "GB/month": {"en": "GB/month", "ko": "GB/월"},
    "USD/GB": {"en": "USD/GB", "ko": "USD/GB"},
    "USD/GiB-month": {"en": "USD/GiB-month", "ko": "USD/GiB·월"},
    "USD/machine-month": {"en": "USD/machine-month", "ko": "USD/대·월"},
}
