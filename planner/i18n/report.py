"""Wording of the reports (HTML, PDF, Excel, Markdown): headings, the decision sentences, sheet and
chart names. Keys ``report.<id>``; column and summary labels are in :mod:`planner.i18n.columns`.
"""

from __future__ import annotations

#: key -> {lang: text}. ``{name}`` placeholders are filled with already formatted values.
MESSAGES: dict[str, dict[str, str]] = {
    "report.report": {"en": "Capacity plan report", "ko": "용량 계획 보고서"},
    "report.generated": {"en": "Generated", "ko": "생성 시각"},
    "report.made_by": {"en": "Made with planner", "ko": "planner로 작성"},
    "report.executive_summary": {"en": "Executive summary", "ko": "요약"},
    "report.decision": {"en": "Decision", "ko": "결론"},
    "report.headline": {"en": "Headline figures", "ko": "주요 수치"},
    "report.warnings": {"en": "Warnings", "ko": "경고"},
    "report.no_warnings": {"en": "No warnings.", "ko": "경고가 없습니다."},
    "report.charts": {"en": "Charts", "ko": "차트"},
    "report.services": {"en": "Per-service breakdown", "ko": "서비스별 내역"},
    "report.assumptions": {"en": "Assumptions", "ko": "가정"},
    "report.assumptions_intro": {
        "en": "Every input of the plan with its unit and source, including instance prices and their date.",
        "ko": "계획에 쓰인 모든 입력값과 단위, 출처입니다(인스턴스 가격과 가격 기준일 포함).",
    },
    "report.prices": {"en": "Instance prices", "ko": "인스턴스 가격"},
    "report.all_figures": {"en": "All summary figures", "ko": "전체 요약 수치"},
    "report.reproduce": {"en": "Reproduce this plan", "ko": "이 계획 재현하기"},
    "report.reproduce_text": {
        "en": "This report embeds its scenario. Run {cmd} (or upload this file in the app) to restore it "
              "and recompute the same plan.",
        "ko": "이 보고서에는 시나리오가 들어 있습니다. {cmd} 명령을 실행하거나 앱에 이 파일을 업로드하면 "
              "시나리오가 복원되고 같은 계획이 다시 계산됩니다.",
    },
    "report.scenario_yaml": {"en": "Scenario (YAML)", "ko": "시나리오 (YAML)"},
    # the scenario: facts from its inputs, then its own description (user text, may be out of date)
    "report.facts_heading": {"en": "The scenario", "ko": "시나리오"},
    "report.facts": {
        "en": "{services}. As-Is: {servers} servers of type {server} in all, {backups}. To-Be: one node pool of "
              "{node} with {spare}, HPA on every service, {control_plane}. Plan horizon: {hours}.",
        "ko": "{services}. As-Is: {server} 서버 모두 {servers}대, {backups}. To-Be: {node} 노드 풀 하나, {spare}, "
              "모든 서비스에 HPA, {control_plane}. 계획 기간: {hours}.",
    },
    "report.facts_services": {"en": "{n} services ({names})", "ko": "서비스 {n}개 ({names})"},
    "report.facts_service": {"en": "1 service ({names})", "ko": "서비스 1개 ({names})"},
    "report.facts_machine": {"en": "{type} ({vcpu} vCPU, {mem} GiB, {price}/hour)",
                             "ko": "{type} ({vcpu} vCPU, {mem} GiB, 시간당 {price})"},
    "report.facts_backups_same": {"en": "{n} backup servers per service", "ko": "서비스마다 백업 서버 {n}대"},
    "report.facts_backups_one": {"en": "1 backup server per service", "ko": "서비스마다 백업 서버 1대"},
    "report.facts_backups_none": {"en": "no backup servers", "ko": "백업 서버 없음"},
    "report.facts_backups_each": {"en": "backup servers {list}", "ko": "백업 서버 {list}"},
    "report.facts_spare": {"en": "{n} spare nodes", "ko": "예비 노드 {n}대"},
    "report.facts_spare_one": {"en": "1 spare node", "ko": "예비 노드 1대"},
    "report.facts_spare_none": {"en": "no spare node", "ko": "예비 노드 없음"},
    "report.facts_cp_managed": {"en": "a managed control plane ({price}/hour)",
                                "ko": "관리형 컨트롤 플레인 (시간당 {price})"},
    "report.facts_cp_nodes": {"en": "{n} master nodes of type {type}", "ko": "{type} 마스터 노드 {n}대"},
    "report.facts_hours": {"en": "{hours} hours", "ko": "{hours}시간"},
    "report.own_description": {"en": "The scenario's own description (as written; not checked against the inputs)",
                               "ko": "시나리오에 적힌 설명 (작성된 그대로이며, 입력값과 대조하지 않았습니다)"},
    "report.figure": {"en": "Figure", "ko": "항목"},
    "report.value": {"en": "Value", "ko": "값"},
    "report.unit": {"en": "Unit", "ko": "단위"},
    "report.group": {"en": "Group", "ko": "구분"},
    "report.field": {"en": "Input", "ko": "항목"},
    "report.field_name": {"en": "Field", "ko": "필드 이름"},
    "report.source": {"en": "Source", "ko": "출처"},
    "report.as_is": {"en": "As-Is", "ko": "As-Is"},
    "report.to_be": {"en": "To-Be", "ko": "To-Be"},
    "report.as_is_long": {"en": "As-Is (static servers)", "ko": "As-Is(고정 서버)"},
    "report.to_be_long": {"en": "To-Be (autoscaled Kubernetes)", "ko": "To-Be(오토스케일링 쿠버네티스)"},
    "report.cost_per_month": {"en": "Cost per month", "ko": "월 비용"},
    "report.cost_horizon": {"en": "Cost over the {hours} h horizon", "ko": "계획 기간 {hours}시간의 비용"},
    "report.saving_per_month": {"en": "Saving per month", "ko": "월 절감액"},
    "report.extra_per_month": {"en": "Extra cost per month", "ko": "월 추가 비용"},
    "report.machines_peak": {"en": "Servers / nodes (peak)", "ko": "서버 / 노드 (최대)"},
    "report.machine_types": {"en": "Machine type", "ko": "머신 유형"},
    "report.vcpu_peak": {"en": "vCPU in all, at peak", "ko": "최대일 때 vCPU 합계"},
    "report.unserved": {"en": "Unserved requests", "ko": "미처리 요청"},
    "report.unserved_share": {"en": "Unserved share", "ko": "미처리 비율"},
    "report.worst_hour": {"en": "Worst hour", "ko": "최악 시간대"},
    "report.min_headroom": {"en": "Minimum headroom", "ko": "최소 여유율"},
    # Decision, sentence 1: cost
    "report.decision_saving": {
        "en": "{tobe_long} would cost {tobe} per month against {asis} for {asis_long}, "
              "a saving of {saving} per month ({pct}).",
        "ko": "{tobe_long}의 월 비용은 {tobe}로, {asis_long}의 {asis}보다 월 {saving}({pct}) 적습니다.",
    },
    "report.decision_extra": {
        "en": "{tobe_long} would cost {tobe} per month against {asis} for {asis_long}, "
              "{extra} more per month ({pct}).",
        "ko": "{tobe_long}의 월 비용은 {tobe}로, {asis_long}의 {asis}보다 월 {extra}({pct}) 많습니다.",
    },
    # Decision, sentence 2: risk
    "report.risk_none": {
        "en": "Risk: both plans serve every request in time; the tightest To-Be headroom is {headroom}.",
        "ko": "위험: 두 방식 모두 모든 요청을 제때 처리하며, To-Be의 최소 여유율은 {headroom}입니다.",
    },
    "report.risk_tobe": {
        "en": "Risk: To-Be leaves {n} requests ({frac}) unserved in time, worst at {hour}, "
              "while As-Is {asis_part}.",
        "ko": "위험: To-Be는 요청 {n}건({frac})을 제때 처리하지 못하며(To-Be 최악 시간대 {hour}), "
              "As-Is는 {asis_part}.",
    },
    "report.risk_asis_none": {"en": "serves every request", "ko": "모든 요청을 처리합니다"},
    "report.risk_asis_some": {"en": "leaves {n} ({frac}) unserved", "ko": "요청 {n}건({frac})을 처리하지 못합니다"},
    "report.risk_asis_only": {
        "en": "Risk: To-Be serves every request in time (tightest headroom {headroom}), while As-Is leaves "
              "{n} requests ({frac}) unserved, worst at {hour}.",
        "ko": "위험: To-Be는 모든 요청을 제때 처리하고(최소 여유율 {headroom}), As-Is는 요청 {n}건({frac})을 "
              "처리하지 못합니다(As-Is 최악 시간대 {hour}).",
    },
    "report.n_warnings": {"en": "{n} warnings below need attention.", "ko": "아래 경고 {n}건을 확인하세요."},
    "report.one_warning": {"en": "{n} warning below needs attention.", "ko": "아래 경고 {n}건을 확인하세요."},
    "report.requests_word": {"en": "requests", "ko": "건"},
    "report.md_reproduce": {
        "en": "Reproduce: save the scenario as `scenario.yaml` and run `planner report scenario.yaml --format md`; "
              "the HTML report embeds the scenario (`planner plan report.html`).",
        "ko": "재현: 시나리오를 `scenario.yaml`로 저장하고 `planner report scenario.yaml --format md` 명령을 "
              "실행하세요. HTML 보고서에는 시나리오가 들어 있습니다(`planner plan report.html`).",
    },
    # Sheet names (Excel: at most 31 characters, none of []:*?/\)
    "report.sheet_summary": {"en": "Summary", "ko": "요약"},
    "report.sheet_services": {"en": "Services", "ko": "서비스"},
    "report.sheet_tobe_hourly": {"en": "To-Be hourly", "ko": "To-Be 시간별"},
    "report.sheet_asis_hourly": {"en": "As-Is hourly", "ko": "As-Is 시간별"},
    "report.sheet_cluster_hourly": {"en": "Cluster hourly", "ko": "클러스터 시간별"},
    "report.sheet_assumptions": {"en": "Assumptions", "ko": "가정"},
    "report.chart_monthly_cost": {"en": "Cost per month [USD/month]", "ko": "월 비용 [USD/월]"},
    "report.chart_hourly_cost": {"en": "Cost per hour [USD]", "ko": "시간당 비용 [USD]"},
    "report.chart_machines": {"en": "As-Is servers vs To-Be nodes", "ko": "As-Is 서버와 To-Be 노드"},
    "report.chart_load": {"en": "Load per service [requests/s]", "ko": "서비스별 부하 [요청/초]"},
    "report.chart_savings": {"en": "Saving so far [USD]", "ko": "누적 절감액 [USD]"},
    "report.hour_axis": {"en": "Hour", "ko": "시각"},
    "report.machines_axis": {"en": "Servers / nodes", "ko": "서버 / 노드"},
    # format names on the download buttons
    "report.format_html": {"en": "HTML", "ko": "HTML"},
    "report.format_pdf": {"en": "PDF", "ko": "PDF"},
    "report.format_xlsx": {"en": "Excel", "ko": "Excel"},
    "report.format_md": {"en": "Markdown", "ko": "Markdown"},
    "report.format_csv": {"en": "CSV (zip)", "ko": "CSV (zip)"},
    "report.format_png": {"en": "PNG (zip)", "ko": "PNG (zip)"},
    "report.format_svg": {"en": "SVG (zip)", "ko": "SVG (zip)"},
}
