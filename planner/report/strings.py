"""Report wording in English and Korean.

Column labels come from :data:`planner.result.GLOSSARY` (and from ``planner.i18n`` for Korean when
that module provides them); this module holds only the sentences and headings of the reports and the
labels of the :class:`planner.result.Summary` fields, which the glossary does not cover.
"""

from __future__ import annotations

from typing import Any

LANGS = ("en", "ko")

#: key -> {lang: text}. ``{name}`` placeholders are filled with already formatted values.
TEXT: dict[str, dict[str, str]] = {
    "report": {"en": "Capacity plan report", "ko": "용량 계획 보고서"},
    "generated": {"en": "Generated", "ko": "생성 시각"},
    "made_by": {"en": "Made with planner", "ko": "planner로 작성"},
    "executive_summary": {"en": "Executive summary", "ko": "요약"},
    "decision": {"en": "Decision", "ko": "결론"},
    "headline": {"en": "Headline figures", "ko": "주요 수치"},
    "warnings": {"en": "Warnings", "ko": "경고"},
    "no_warnings": {"en": "No warnings.", "ko": "경고가 없습니다."},
    "charts": {"en": "Charts", "ko": "차트"},
    "services": {"en": "Per-service breakdown", "ko": "서비스별 내역"},
    "assumptions": {"en": "Assumptions", "ko": "가정 및 입력값"},
    "assumptions_intro": {
        "en": "Every input of the plan with its unit and source, including instance prices and their date.",
        "ko": "계획의 모든 입력값과 단위, 출처(인스턴스 가격과 가격 기준일 포함).",
    },
    "prices": {"en": "Instance prices", "ko": "인스턴스 가격"},
    "all_figures": {"en": "All summary figures", "ko": "전체 요약 수치"},
    "reproduce": {"en": "Reproduce this plan", "ko": "계획 재현"},
    "reproduce_text": {
        "en": "This report embeds its scenario. Run {cmd} (or upload this file in the app) to restore it "
              "and recompute the same plan.",
        "ko": "이 보고서에는 시나리오가 포함되어 있습니다. {cmd} 를 실행하거나 앱에서 이 파일을 업로드하면 "
              "시나리오가 복원되어 같은 계획을 다시 계산합니다.",
    },
    "scenario_yaml": {"en": "Scenario (YAML)", "ko": "시나리오 (YAML)"},
    "figure": {"en": "Figure", "ko": "항목"},
    "value": {"en": "Value", "ko": "값"},
    "unit": {"en": "Unit", "ko": "단위"},
    "group": {"en": "Group", "ko": "구분"},
    "field": {"en": "Field", "ko": "필드"},
    "source": {"en": "Source", "ko": "출처"},
    "as_is": {"en": "As-Is", "ko": "As-Is"},
    "to_be": {"en": "To-Be", "ko": "To-Be"},
    "as_is_long": {"en": "As-Is (static servers)", "ko": "As-Is (고정 서버)"},
    "to_be_long": {"en": "To-Be (autoscaled Kubernetes)", "ko": "To-Be (오토스케일링 쿠버네티스)"},
    "cost_per_month": {"en": "Cost per month", "ko": "월 비용"},
    "cost_horizon": {"en": "Cost over the {hours} h horizon", "ko": "{hours}시간 기간 비용"},
    "saving_per_month": {"en": "Saving per month", "ko": "월 절감액"},
    "extra_per_month": {"en": "Extra cost per month", "ko": "월 추가 비용"},
    "machines_peak": {"en": "Servers / nodes (peak)", "ko": "서버 / 노드 (최대)"},
    "unserved": {"en": "Unserved requests", "ko": "미처리 요청"},
    "worst_hour": {"en": "Worst hour", "ko": "최악 시간"},
    "min_headroom": {"en": "Min headroom", "ko": "최소 여유율"},
    "none": {"en": "none", "ko": "없음"},
    "yes": {"en": "yes", "ko": "예"},
    "no": {"en": "no", "ko": "아니요"},
    # Decision, sentence 1: cost
    "decision_saving": {
        "en": "{tobe_long} would cost {tobe} per month against {asis} for {asis_long}, "
              "a saving of {saving} per month ({pct}).",
        "ko": "{tobe_long}의 월 비용은 {tobe}, {asis_long}는 {asis}이며, 월 {saving}({pct})를 절감합니다.",
    },
    "decision_extra": {
        "en": "{tobe_long} would cost {tobe} per month against {asis} for {asis_long}, "
              "{extra} more per month ({pct}).",
        "ko": "{tobe_long}의 월 비용은 {tobe}, {asis_long}는 {asis}이며, To-Be가 월 {extra}({pct}) 더 듭니다.",
    },
    # Decision, sentence 2: risk
    "risk_none": {
        "en": "Risk: both plans serve every request in time; the tightest To-Be headroom is {headroom}.",
        "ko": "위험: 두 방식 모두 모든 요청을 제때 처리하며, To-Be의 최소 여유율은 {headroom}입니다.",
    },
    "risk_tobe": {
        "en": "Risk: To-Be leaves {n} requests ({frac}) unserved in time, worst at {hour}, "
              "while As-Is {asis_part}.",
        "ko": "위험: To-Be는 {n}건의 요청({frac})을 제때 처리하지 못하며(최악: {hour}), "
              "As-Is는 {asis_part}.",
    },
    "risk_asis_none": {"en": "serves every request", "ko": "모든 요청을 처리합니다"},
    "risk_asis_some": {"en": "leaves {n} ({frac}) unserved", "ko": "{n}건({frac})을 처리하지 못합니다"},
    "risk_asis_only": {
        "en": "Risk: To-Be serves every request in time (tightest headroom {headroom}), while As-Is leaves "
              "{n} requests ({frac}) unserved, worst at {hour}.",
        "ko": "위험: To-Be는 모든 요청을 제때 처리하고(최소 여유율 {headroom}), As-Is는 {n}건의 요청({frac})을 "
              "처리하지 못합니다(최악: {hour}).",
    },
    "n_warnings": {"en": "{n} warnings below need attention.", "ko": "아래 경고 {n}건을 확인하세요."},
    "one_warning": {"en": "{n} warning below needs attention.", "ko": "아래 경고 {n}건을 확인하세요."},
    "requests_word": {"en": "requests", "ko": "건"},
    "md_reproduce": {
        "en": "Reproduce: save the scenario as `scenario.yaml` and run `planner report scenario.yaml --format md`; "
              "the HTML report embeds the scenario (`planner plan report.html`).",
        "ko": "재현: 시나리오를 `scenario.yaml`로 저장하고 `planner report scenario.yaml --format md`를 실행하세요. "
              "HTML 보고서에는 시나리오가 포함되어 있습니다(`planner plan report.html`).",
    },
    # Sheet names (Excel: at most 31 characters, none of []:*?/\)
    "sheet_summary": {"en": "Summary", "ko": "요약"},
    "sheet_services": {"en": "Services", "ko": "서비스"},
    "sheet_tobe_hourly": {"en": "To-Be hourly", "ko": "To-Be 시간별"},
    "sheet_asis_hourly": {"en": "As-Is hourly", "ko": "As-Is 시간별"},
    "sheet_cluster_hourly": {"en": "Cluster hourly", "ko": "클러스터 시간별"},
    "sheet_assumptions": {"en": "Assumptions", "ko": "가정"},
    "chart_monthly_cost": {"en": "Cost per month [USD/month]", "ko": "월 비용 [USD/month]"},
    "chart_hourly_cost": {"en": "Cost per hour [USD]", "ko": "시간별 비용 [USD]"},
    "chart_machines": {"en": "As-Is servers vs To-Be nodes", "ko": "As-Is 서버 vs To-Be 노드"},
    "chart_load": {"en": "Load per service [requests/s]", "ko": "서비스별 부하 [requests/s]"},
    "chart_savings": {"en": "Savings so far [USD]", "ko": "누적 절감액 [USD]"},
    "hour_axis": {"en": "Hour", "ko": "시간"},
    "machines_axis": {"en": "Servers / nodes", "ko": "서버 / 노드"},
}

#: Summary field -> (unit, English label, Korean label). Units as in :mod:`planner.result`.
SUMMARY_FIELDS: dict[str, tuple[str, str, str]] = {
    "horizon_hours": ("h", "Plan horizon", "계획 기간"),
    "step_s": ("s", "Simulation step", "시뮬레이션 간격"),
    "hours_per_month": ("h", "Hours per month", "월 환산 시간"),
    "asis_servers_total": ("servers", "As-Is servers (backups included)", "As-Is 서버 수 (백업 포함)"),
    "asis_backup_servers_total": ("servers", "As-Is backup servers", "As-Is 백업 서버 수"),
    "asis_server_hours": ("server-hours", "As-Is server-hours", "As-Is 서버-시간"),
    "asis_usd_total": ("USD", "As-Is cost over the horizon", "As-Is 기간 비용"),
    "asis_usd_per_day": ("USD/day", "As-Is cost per day", "As-Is 일 비용"),
    "asis_usd_per_month": ("USD/month", "As-Is cost per month", "As-Is 월 비용"),
    "tobe_nodes_peak": ("nodes", "To-Be nodes, peak", "To-Be 최대 노드 수"),
    "tobe_nodes_mean": ("nodes", "To-Be nodes, mean", "To-Be 평균 노드 수"),
    "tobe_nodes_min": ("nodes", "To-Be nodes, minimum", "To-Be 최소 노드 수"),
    "tobe_node_hours": ("node-hours", "To-Be node-hours", "To-Be 노드-시간"),
    "tobe_compute_usd_total": ("USD", "To-Be worker nodes over the horizon", "To-Be 워커 노드 기간 비용"),
    "tobe_control_plane_usd_total": ("USD", "To-Be control plane over the horizon", "To-Be 컨트롤 플레인 기간 비용"),
    "tobe_usd_total": ("USD", "To-Be cost over the horizon", "To-Be 기간 비용"),
    "tobe_usd_per_day": ("USD/day", "To-Be cost per day", "To-Be 일 비용"),
    "tobe_usd_per_month": ("USD/month", "To-Be cost per month", "To-Be 월 비용"),
    "tobe_pods_peak": ("pods", "To-Be pods, peak (all services)", "To-Be 최대 파드 수 (전체 서비스)"),
    "savings_usd_per_month": ("USD/month", "Saving per month (As-Is minus To-Be)", "월 절감액 (As-Is - To-Be)"),
    "savings_frac": ("fraction", "Saving, share of As-Is cost", "절감률 (As-Is 비용 대비)"),
    "load_requests_total": ("requests", "Requests offered over the horizon", "기간 전체 요청 수"),
    "tobe_shortfall_requests": ("requests", "To-Be unserved requests", "To-Be 미처리 요청"),
    "tobe_shortfall_frac": ("fraction", "To-Be unserved share", "To-Be 미처리 비율"),
    "tobe_worst_hour": ("hour", "To-Be worst hour", "To-Be 최악 시간"),
    "tobe_worst_hour_shortfall_requests": ("requests", "To-Be unserved requests in the worst hour",
                                           "To-Be 최악 시간 미처리 요청"),
    "tobe_min_headroom_frac": ("fraction", "To-Be minimum headroom", "To-Be 최소 여유율"),
    "asis_shortfall_requests": ("requests", "As-Is unserved requests", "As-Is 미처리 요청"),
    "asis_shortfall_frac": ("fraction", "As-Is unserved share", "As-Is 미처리 비율"),
    "asis_worst_hour": ("hour", "As-Is worst hour", "As-Is 최악 시간"),
    "asis_worst_hour_shortfall_requests": ("requests", "As-Is unserved requests in the worst hour",
                                           "As-Is 최악 시간 미처리 요청"),
    "asis_min_headroom_frac": ("fraction", "As-Is minimum headroom", "As-Is 최소 여유율"),
}



def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang: must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The report text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    text = TEXT[key][check_lang(lang)]
    return text.format(**values) if values else text


def summary_label(field: str, lang: str = "en") -> str:
    """Label of a :class:`~planner.result.Summary` field, without its unit."""
    unit, en, ko = SUMMARY_FIELDS[field]
    return ko if lang == "ko" else en


def summary_unit(field: str) -> str:
    """Unit of a :class:`~planner.result.Summary` field (as in :mod:`planner.result`)."""
    return SUMMARY_FIELDS[field][0]
