"""English and Korean strings, number formatting per language, USD with optional KRW.

Pure module (no streamlit). Every label on the page, in the charts and in the messages comes from
:func:`t` (message ids) or :func:`col_label` (glossary columns of :mod:`planner.result`), so a
language switch changes all of them together.

Number formatting: both languages group thousands with ``,`` and use ``.`` as the decimal mark
(Korean follows the same convention); they differ in units and in how large won amounts are read:
Korean uses the myriad units 만 (10^4) and 억 (10^8), e.g. ``1억 2,345만 원``.
"""

from __future__ import annotations

import math
from typing import Literal

from planner.result import GLOSSARY

Lang = Literal["en", "ko"]
LANGS: tuple[str, ...] = ("en", "ko")
LANG_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}

#: Default exchange rate shown in the KRW box [KRW per USD]; the user sets the real one.
DEFAULT_KRW_PER_USD = 1400.0

# --- glossary labels and units in Korean (English comes from planner.result.GLOSSARY) ---------
GLOSSARY_KO: dict[str, tuple[str, str]] = {
    "time_s": ("시간", "초"),
    "hour": ("시각", "시"),
    "service": ("서비스", ""),
    "load_requests_per_s": ("부하", "요청/초"),
    "peak_load_requests_per_s": ("최대 부하", "요청/초"),
    "mean_load_requests_per_s": ("평균 부하", "요청/초"),
    "desired_replicas": ("목표 파드 수", "파드"),
    "desired_replicas_max": ("목표 파드 수 (시간 내 최대)", "파드"),
    "raw_recommendation": ("HPA 권장값", "파드"),
    "ready_pods": ("준비된 파드", "파드"),
    "pending_pods": ("대기 중 파드", "파드"),
    "surge_pods": ("서지 파드", "파드"),
    "capacity_requests_per_s": ("처리 용량", "요청/초"),
    "shortfall_requests_per_s": ("부족분", "요청/초"),
    "cpu_utilization_frac": ("CPU 사용률", "비율"),
    "memory_utilization_frac": ("메모리 사용률", "비율"),
    "hpa_reason": ("HPA 사유", "코드"),
    "asis_servers": ("As-Is 서버", "대"),
    "asis_servers_in_service": ("서비스 중인 As-Is 서버", "대"),
    "asis_capacity_requests_per_s": ("As-Is 용량", "요청/초"),
    "asis_shortfall_requests_per_s": ("As-Is 부족분", "요청/초"),
    "shortfall_requests": ("부족분", "요청"),
    "asis_shortfall_requests": ("As-Is 부족분", "요청"),
    "load_requests": ("부하", "요청"),
    "nodes_needed": ("필요 노드", "노드"),
    "nodes_requested": ("요청된 노드", "노드"),
    "nodes_requested_max": ("요청된 노드 (시간 내 최대)", "노드"),
    "nodes_ready": ("준비된 노드", "노드"),
    "node_reason": ("노드 오토스케일러 사유", "코드"),
    "requested_cpu_frac": ("요청 CPU", "비율"),
    "requested_memory_frac": ("요청 메모리", "비율"),
    "node_hours": ("노드-시간", "노드-시간"),
    "asis_server_hours": ("As-Is 서버-시간", "서버-시간"),
    "tobe_usd": ("To-Be 비용", "USD"),
    "asis_usd": ("As-Is 비용", "USD"),
    "tobe_usd_cumulative": ("To-Be 누적 비용", "USD"),
    "asis_usd_cumulative": ("As-Is 누적 비용", "USD"),
    "savings_usd_cumulative": ("누적 절감액", "USD"),
    "pods": ("파드", "파드"),
    # the same Korean names as the reports (planner.report.strings), so screen and reports agree
    "asis_backup_servers": ("As-Is 백업 서버", "대"),
    "asis_server_capacity_requests_per_s": ("As-Is 서버당 용량 (목표 사용률)", "요청/초"),
    "asis_usd_per_month": ("As-Is 비용", "USD/month"),
    "pod_capacity_requests_per_s": ("파드당 용량", "요청/초"),
    "pods_peak": ("최대 파드 수", "파드"),
    "pods_mean": ("평균 파드 수", "파드"),
    "pods_min": ("최소 파드 수", "파드"),
    "shortfall_frac": ("부족 비율", "비율"),
    "deploy_fits_one_server_out": ("서버 1대 제외 시 배포 가능", ""),
    "group": ("구분", ""),
    "field": ("필드", ""),
    "value": ("값", ""),
    "unit": ("단위", ""),
    "source": ("출처", ""),
}

#: Labels of columns that are in frames but not in GLOSSARY (English).
_EXTRA_EN: dict[str, tuple[str, str]] = {
    "mean_load_requests_per_s": ("Mean load", "requests/s"),
    "desired_replicas_max": ("Desired pods (hourly max)", "pods"),
    "nodes_requested_max": ("Nodes requested (hourly max)", "nodes"),
    "pods": ("Pods", "pods"),
}


def col_label(column: str, lang: str = "en", with_unit: bool = True) -> str:
    """Label of a frame column in ``lang``, e.g. ``"Load [requests/s]"`` / ``"부하 [요청/초]"``."""
    if lang == "ko" and column in GLOSSARY_KO:
        name, unit = GLOSSARY_KO[column]
    elif column in GLOSSARY:
        name, unit, _ = GLOSSARY[column]
    elif column in _EXTRA_EN:
        name, unit = _EXTRA_EN[column]
    else:
        name, unit = column, ""
    return f"{name} [{unit}]" if with_unit and unit else name


def col_unit(column: str, lang: str = "en") -> str:
    """Unit of a frame column in ``lang`` (``""`` when dimensionless)."""
    if lang == "ko" and column in GLOSSARY_KO:
        return GLOSSARY_KO[column][1]
    if column in GLOSSARY:
        return GLOSSARY[column][1]
    return _EXTRA_EN.get(column, ("", ""))[1]


# --- message catalogue -----------------------------------------------------------------------
#: message id -> {"en": ..., "ko": ...}; ``{name}`` placeholders are filled by :func:`t`.
MESSAGES: dict[str, dict[str, str]] = {
    # page
    "app_title": {"en": "Autoscaling cost and capacity planner", "ko": "오토스케일링 비용·용량 플래너"},
    "app_caption": {
        "en": "As-Is: fixed servers per service sized for its peak plus backups. To-Be: one Kubernetes cluster "
              "with HPA pod autoscaling and node autoscaling. Change any assumption; the figures follow.",
        "ko": "As-Is: 서비스마다 최대 부하에 맞춘 고정 서버와 백업 서버. To-Be: HPA 파드 오토스케일링과 노드 "
              "오토스케일링을 쓰는 하나의 쿠버네티스 클러스터. 가정을 바꾸면 수치가 바로 바뀝니다."},
    "show_krw": {"en": "Also show costs in KRW", "ko": "비용을 원화(KRW)로도 표시"},
    "krw_rate": {"en": "Exchange rate [KRW per USD]", "ko": "환율 [원/달러]"},
    "scenario_name": {"en": "Scenario name", "ko": "시나리오 이름"},
    "reset_default": {"en": "Reset to the default scenario", "ko": "기본 시나리오로 되돌리기"},
    # tabs / sections
    "tab_load": {"en": "Load", "ko": "부하"},
    "tab_assumptions": {"en": "Assumptions", "ko": "가정"},
    "tab_results": {"en": "Results", "ko": "결과"},
    "tab_explain": {"en": "Explain", "ko": "설명"},
    "tab_scenarios": {"en": "Scenarios & reports", "ko": "시나리오·보고서"},
    # headline
    "headline": {"en": "At a glance", "ko": "한눈에 보기"},
    "m_asis_month": {"en": "As-Is cost [per month]", "ko": "As-Is 비용 [월]"},
    "m_tobe_month": {"en": "To-Be cost [per month]", "ko": "To-Be 비용 [월]"},
    "m_saving_month": {"en": "Saving [per month]", "ko": "절감액 [월]"},
    "m_saving_pct": {"en": "Saving [% of As-Is]", "ko": "절감률 [As-Is 대비 %]"},
    "m_asis_servers": {"en": "As-Is servers", "ko": "As-Is 서버"},
    "m_nodes_peak": {"en": "To-Be nodes, peak", "ko": "To-Be 노드, 최대"},
    "m_nodes_mean": {"en": "To-Be nodes, mean", "ko": "To-Be 노드, 평균"},
    "m_tobe_shortfall": {"en": "To-Be shortfall [% of requests]", "ko": "To-Be 부족분 [요청 대비 %]"},
    "m_asis_shortfall": {"en": "As-Is shortfall [% of requests]", "ko": "As-Is 부족분 [요청 대비 %]"},
    "m_min_headroom": {"en": "To-Be min headroom", "ko": "To-Be 최소 여유율"},
    "help_servers_delta": {"en": "{delta} vs As-Is servers", "ko": "{delta} (As-Is 서버 대비)"},
    "worst_hour": {"en": "worst hour {hour}: {requests} requests not served in time",
                   "ko": "가장 나쁜 시각 {hour}: {requests}건 제때 처리 못 함"},
    "no_shortfall": {"en": "no shortfall", "ko": "부족분 없음"},
    "krw_note": {"en": "KRW at {rate} KRW/USD (set in the sidebar).", "ko": "환율 {rate}원/달러 기준 (사이드바에서 설정)."},
    "horizon_note": {"en": "Plan horizon {hours} h, step {step} s; a month = {hpm} h.",
                     "ko": "계획 기간 {hours}시간, 간격 {step}초; 한 달 = {hpm}시간."},
    # charts
    "fig_nodes_title": {"en": "As-Is servers vs To-Be nodes over the day", "ko": "시간대별 As-Is 서버와 To-Be 노드"},
    "fig_nodes_y": {"en": "Machines [count]", "ko": "머신 [대]"},
    "tr_asis_servers": {"en": "As-Is servers (fixed, backups included)", "ko": "As-Is 서버 (고정, 백업 포함)"},
    "tr_nodes_mean": {"en": "To-Be nodes (hourly mean)", "ko": "To-Be 노드 (시간 평균)"},
    "tr_nodes_max": {"en": "To-Be nodes (hourly max)", "ko": "To-Be 노드 (시간 내 최대)"},
    "fig_pods_title": {"en": "To-Be pods per service (stacked, hourly mean)", "ko": "서비스별 To-Be 파드 (누적, 시간 평균)"},
    "fig_pods_y": {"en": "Pods [count]", "ko": "파드 [개]"},
    "fig_cost_title": {"en": "Hourly cost of both plans and cumulative saving", "ko": "시간당 비용과 누적 절감액"},
    "fig_cost_y": {"en": "Cost per hour [USD]", "ko": "시간당 비용 [USD]"},
    "fig_cost_y2": {"en": "Cumulative saving [USD]", "ko": "누적 절감액 [USD]"},
    "tr_asis_cost": {"en": "As-Is cost per hour", "ko": "As-Is 시간당 비용"},
    "tr_tobe_cost": {"en": "To-Be cost per hour", "ko": "To-Be 시간당 비용"},
    "tr_savings_cum": {"en": "Cumulative saving (As-Is − To-Be)", "ko": "누적 절감액 (As-Is − To-Be)"},
    "fig_util_title": {"en": "To-Be node utilization: pod requests / allocatable", "ko": "To-Be 노드 사용률: 파드 요청 / 할당 가능량"},
    "fig_util_y": {"en": "Requested share of allocatable [%]", "ko": "할당 가능량 대비 요청 [%]"},
    "tr_req_cpu": {"en": "CPU requested", "ko": "요청 CPU"},
    "tr_req_mem": {"en": "Memory requested", "ko": "요청 메모리"},
    "tr_threshold": {"en": "Scale-down threshold (below: nodes can be removed)", "ko": "축소 임계값 (이하: 노드 제거 가능)"},
    "fig_load_title": {"en": "Load per service", "ko": "서비스별 부하"},
    "fig_load_y": {"en": "Load [requests/s]", "ko": "부하 [요청/초]"},
    "x_hour": {"en": "Hour of the plan [h]", "ko": "계획 시각 [시]"},
    "u_servers": {"en": "servers", "ko": "대"},
    "u_nodes": {"en": "nodes", "ko": "노드"},
    "u_pods": {"en": "pods", "ko": "파드"},
    "u_rps": {"en": "requests/s", "ko": "요청/초"},
    # load tab
    "load_header": {"en": "Hourly load per service [requests/s]", "ko": "서비스별 시간당 부하 [요청/초]"},
    "load_help": {
        "en": "Rows are hours (0 = 00:00), columns are services. Edit any cell; empty, negative or non-numeric "
              "cells are reported below and the last valid plan stays on screen.",
        "ko": "행은 시각(0 = 00:00), 열은 서비스입니다. 셀을 고치세요. 빈 칸, 음수, 숫자가 아닌 값은 아래에 표시되고 "
              "마지막으로 유효했던 계획이 화면에 남습니다."},
    "day_kind": {"en": "Profile", "ko": "프로파일"},
    "day_weekday": {"en": "Weekday (Mon-Fri)", "ko": "평일 (월-금)"},
    "day_weekend": {"en": "Weekend (Sat-Sun)", "ko": "주말 (토-일)"},
    "weekly_toggle": {"en": "Separate weekday and weekend profiles (plans a 168-hour week)",
                      "ko": "평일·주말 프로파일 분리 (168시간 주간 계획)"},
    "series_note": {"en": "This scenario has an hourly series of {hours} hours (not one weekday and one weekend "
                          "day); edit it in the table below.",
                    "ko": "이 시나리오는 {hours}시간짜리 시간별 시계열입니다(평일·주말 하루씩이 아님). 아래 표에서 고치세요."},
    "to_day_btn": {"en": "Use the first 24 hours as a daily profile", "ko": "처음 24시간을 일간 프로파일로 사용"},
    "growth": {"en": "Growth applied on top [%]", "ko": "추가 성장률 [%]"},
    "growth_help": {"en": "Multiplies every load value by (1 + growth). 30 = +30 % load.",
                    "ko": "모든 부하 값에 (1 + 성장률)을 곱합니다. 30 = 부하 +30 %."},
    "services_header": {"en": "Services", "ko": "서비스"},
    "add_service": {"en": "Add a service", "ko": "서비스 추가"},
    "new_service_name": {"en": "New service name", "ko": "새 서비스 이름"},
    "rename_service": {"en": "Rename", "ko": "이름 바꾸기"},
    "remove_service": {"en": "Remove", "ko": "삭제"},
    "service_pick": {"en": "Service", "ko": "서비스"},
    "new_name": {"en": "New name", "ko": "새 이름"},
    "preset_header": {"en": "Apply a preset shape", "ko": "프리셋 모양 적용"},
    "preset": {"en": "Preset", "ko": "프리셋"},
    "preset_peak": {"en": "Peak [requests/s]", "ko": "최대값 [요청/초]"},
    "apply_preset": {"en": "Apply preset", "ko": "프리셋 적용"},
    "preset_applied": {"en": "Preset {preset} applied to {service} ({day}), peak {peak} requests/s.",
                       "ko": "{service}({day})에 프리셋 {preset} 적용, 최대 {peak} 요청/초."},
    "upload_header": {"en": "Upload a load file (CSV or Excel)", "ko": "부하 파일 올리기 (CSV 또는 Excel)"},
    "upload_help": {
        "en": "Wide: a column 'hour' (0-23, or 0-167 for a week from Monday 00:00) and one column per service with "
              "its load [requests/s]. Long: columns timestamp (or hour), service, and requests (a count per row's "
              "interval) or load_requests_per_s; rows are averaged per hour. Max {mb} MB.",
        "ko": "가로형: 'hour' 열(0-23, 주간은 월요일 00:00부터 0-167)과 서비스별 부하 열 [요청/초]. 세로형: timestamp(또는 "
              "hour), service 열과 requests(행 구간의 요청 수) 또는 load_requests_per_s 열; 시간별로 평균합니다. "
              "최대 {mb} MB."},
    "upload_preview": {"en": "Preview of the parsed file", "ko": "읽어 들인 파일 미리보기"},
    "upload_apply": {"en": "Use this load", "ko": "이 부하 사용"},
    "upload_ok": {"en": "Read {n} services x {hours} hours from {name} ({layout} layout).",
                  "ko": "{name}에서 서비스 {n}개 x {hours}시간을 읽었습니다 ({layout} 형식)."},
    "upload_applied": {"en": "Load from {name} applied.", "ko": "{name}의 부하를 적용했습니다."},
    "upload_failed": {"en": "Could not read {name}:", "ko": "{name}을(를) 읽을 수 없습니다:"},
    # cell errors
    "cell_errors": {"en": "Fix these cells (the plan below is the last valid one):",
                    "ko": "다음 셀을 고치세요 (아래 계획은 마지막으로 유효했던 계획입니다):"},
    "cell_empty": {"en": "{table}, hour {hour}, service {service}: empty; enter a number >= 0 [requests/s]",
                   "ko": "{table}, {hour}시, 서비스 {service}: 비어 있음. 0 이상의 숫자를 입력하세요 [요청/초]"},
    "cell_nan": {"en": "{table}, hour {hour}, service {service}: {value!r} is not a number; enter a number >= 0 [requests/s]",
                 "ko": "{table}, {hour}시, 서비스 {service}: {value!r}은(는) 숫자가 아님. 0 이상의 숫자를 입력하세요 [요청/초]"},
    "cell_negative": {"en": "{table}, hour {hour}, service {service}: {value} is negative; enter a number >= 0 [requests/s]",
                      "ko": "{table}, {hour}시, 서비스 {service}: {value}은(는) 음수. 0 이상의 숫자를 입력하세요 [요청/초]"},
    "table_day": {"en": "Load table", "ko": "부하 표"},
    "table_weekday": {"en": "Weekday table", "ko": "평일 표"},
    "table_weekend": {"en": "Weekend table", "ko": "주말 표"},
    "name_empty": {"en": "A service name must not be empty.", "ko": "서비스 이름은 비어 있으면 안 됩니다."},
    "name_taken": {"en": "A service named {name!r} already exists.", "ko": "{name!r} 서비스가 이미 있습니다."},
    "name_spaces": {"en": "A service name must not start or end with spaces.", "ko": "서비스 이름은 공백으로 시작하거나 끝나면 안 됩니다."},
    "name_too_long": {"en": "A service name has at most 64 characters.", "ko": "서비스 이름은 최대 64자입니다."},
    "last_service": {"en": "The last service cannot be removed.", "ko": "마지막 서비스는 삭제할 수 없습니다."},
    "scenario_invalid": {"en": "These settings cannot be planned (the plan below is the last valid one):",
                         "ko": "이 설정으로는 계획할 수 없습니다 (아래 계획은 마지막으로 유효했던 계획입니다):"},
    "engine_failed": {"en": "The planner could not compute this scenario: {error}",
                      "ko": "플래너가 이 시나리오를 계산하지 못했습니다: {error}"},
    "no_plan_yet": {"en": "No valid plan yet: fix the inputs above.", "ko": "아직 유효한 계획이 없습니다. 위 입력을 고치세요."},
    "warnings": {"en": "Warnings from the planner", "ko": "플래너 경고"},
    # assumptions tab
    "grp_asis": {"en": "As-Is: static servers", "ko": "As-Is: 고정 서버"},
    "grp_services": {"en": "Per service: pods and HPA", "ko": "서비스별: 파드와 HPA"},
    "grp_cluster": {"en": "To-Be: Kubernetes cluster", "ko": "To-Be: 쿠버네티스 클러스터"},
    "provider": {"en": "Provider", "ko": "공급자"},
    "region": {"en": "Region", "ko": "리전"},
    "server_type": {"en": "Server type", "ko": "서버 유형"},
    "node_type": {"en": "Node type", "ko": "노드 유형"},
    "instance_fmt": {"en": "{type} ({vcpu} vCPU, {mem} GiB, {price}/h)", "ko": "{type} ({vcpu} vCPU, {mem} GiB, 시간당 {price})"},
    "asis_target": {"en": "Sizing target utilization at peak [%]", "ko": "최대 부하 시 목표 사용률 [%]"},
    "asis_backups": {"en": "Backup servers per service [servers]", "ko": "서비스별 백업 서버 [대]"},
    "asis_is_vm": {"en": "Servers are VMs (hypervisor overhead)", "ko": "서버가 VM임 (하이퍼바이저 오버헤드)"},
    "asis_vm_cpu": {"en": "VM overhead CPU [millicores]", "ko": "VM 오버헤드 CPU [밀리코어]"},
    "asis_vm_mem": {"en": "VM overhead memory [MiB]", "ko": "VM 오버헤드 메모리 [MiB]"},
    "asis_os_cpu": {"en": "OS reserved CPU per server [millicores]", "ko": "서버당 OS 예약 CPU [밀리코어]"},
    "asis_os_mem": {"en": "OS reserved memory per server [MiB]", "ko": "서버당 OS 예약 메모리 [MiB]"},
    "svc_backups": {"en": "Backup servers (this service) [servers]", "ko": "백업 서버 (이 서비스) [대]"},
    "svc_backups_default": {"en": "use the default above", "ko": "위 기본값 사용"},
    "req_cpu": {"en": "Pod CPU request [millicores]", "ko": "파드 CPU 요청 [밀리코어]"},
    "req_mem": {"en": "Pod memory request [MiB]", "ko": "파드 메모리 요청 [MiB]"},
    "use_cpu_base": {"en": "CPU of an idle pod [millicores]", "ko": "유휴 파드 CPU [밀리코어]"},
    "use_cpu_rps": {"en": "CPU per request/s [millicores]", "ko": "요청/초당 CPU [밀리코어]"},
    "use_mem_base": {"en": "Memory of an idle pod [MiB]", "ko": "유휴 파드 메모리 [MiB]"},
    "use_mem_rps": {"en": "Memory per request/s [MiB]", "ko": "요청/초당 메모리 [MiB]"},
    "hpa_min": {"en": "HPA min replicas [pods]", "ko": "HPA 최소 레플리카 [파드]"},
    "hpa_max": {"en": "HPA max replicas [pods]", "ko": "HPA 최대 레플리카 [파드]"},
    "hpa_target_cpu": {"en": "HPA CPU target [% of request]", "ko": "HPA CPU 목표 [요청 대비 %]"},
    "hpa_target_mem": {"en": "HPA memory target [% of request] (0 = not used)", "ko": "HPA 메모리 목표 [요청 대비 %] (0 = 사용 안 함)"},
    "hpa_tolerance": {"en": "HPA tolerance [%]", "ko": "HPA 허용 오차 [%]"},
    "hpa_stab_down": {"en": "Scale-down stabilization window [s]", "ko": "축소 안정화 기간 [초]"},
    "hpa_stab_up": {"en": "Scale-up stabilization window [s]", "ko": "확대 안정화 기간 [초]"},
    "pod_startup": {"en": "Pod start-up time [s]", "ko": "파드 시작 시간 [초]"},
    "spare_nodes": {"en": "Spare nodes [nodes]", "ko": "예비 노드 [노드]"},
    "min_nodes": {"en": "Minimum nodes [nodes]", "ko": "최소 노드 [노드]"},
    "max_nodes": {"en": "Maximum nodes [nodes]", "ko": "최대 노드 [노드]"},
    "prov_delay": {"en": "Node provisioning delay [s]", "ko": "노드 준비 지연 [초]"},
    "max_pods": {"en": "Max pods per node [pods]", "ko": "노드당 최대 파드 [파드]"},
    "alloc_formula": {"en": "Allocatable formula", "ko": "할당 가능량 공식"},
    "ds_cpu": {"en": "DaemonSet CPU per node [millicores]", "ko": "노드당 데몬셋 CPU [밀리코어]"},
    "ds_mem": {"en": "DaemonSet memory per node [MiB]", "ko": "노드당 데몬셋 메모리 [MiB]"},
    "cp_mode": {"en": "Control plane", "ko": "컨트롤 플레인"},
    "cp_managed": {"en": "Managed (fee per cluster-hour)", "ko": "관리형 (클러스터-시간당 요금)"},
    "cp_nodes": {"en": "Own master nodes", "ko": "자체 마스터 노드"},
    "cp_fee": {"en": "Managed fee [USD per cluster-hour]", "ko": "관리형 요금 [클러스터-시간당 USD]"},
    "cp_master_type": {"en": "Master node type", "ko": "마스터 노드 유형"},
    "cp_master_count": {"en": "Master nodes [nodes]", "ko": "마스터 노드 [노드]"},
    "catalog_source": {"en": "Prices: {source} (as of {as_of}).", "ko": "가격 출처: {source} ({as_of} 기준)."},
    "assumptions_table": {"en": "All assumptions used by the plan", "ko": "계획에 쓰인 모든 가정"},
    # results tab
    "per_service": {"en": "Per service", "ko": "서비스별"},
    # explain tab
    "explain_intro": {
        "en": "Why did To-Be scale or hold? One row per hour: the most frequent HPA reason per service and the node "
              "autoscaler's reason. Pick an hour to see every {step}-second step.",
        "ko": "To-Be는 왜 늘리거나 유지했을까요? 시간마다 한 행: 서비스별로 가장 많았던 HPA 사유와 노드 오토스케일러 사유. "
              "시각을 고르면 {step}초 단위의 모든 단계를 볼 수 있습니다."},
    "explain_hour": {"en": "Drill down into hour", "ko": "자세히 볼 시각"},
    "explain_steps": {"en": "Steps of hour {hour}", "ko": "{hour}시의 단계"},
    "changes_only": {"en": "Only steps where a count or a reason changed", "ko": "수나 사유가 바뀐 단계만"},
    "explain_no_steps": {"en": "This plan kept only hourly figures (no per-step detail).",
                         "ko": "이 계획에는 시간 단위 수치만 있습니다 (단계별 정보 없음)."},
    "reason_legend": {"en": "What the reason codes mean", "ko": "사유 코드의 뜻"},
    "reason_col": {"en": "Reason", "ko": "사유"},
    "meaning_col": {"en": "Meaning", "ko": "의미"},
    "node_col": {"en": "Nodes", "ko": "노드"},
    # scenarios tab
    "download_yaml": {"en": "Download scenario (YAML)", "ko": "시나리오 내려받기 (YAML)"},
    "download_json": {"en": "Download scenario (JSON)", "ko": "시나리오 내려받기 (JSON)"},
    "upload_scenario": {"en": "Upload a scenario (YAML or JSON)", "ko": "시나리오 올리기 (YAML 또는 JSON)"},
    "scenario_loaded": {"en": "Scenario {name!r} loaded from {file}.", "ko": "{file}에서 시나리오 {name!r}을(를) 불러왔습니다."},
    "scenario_load_failed": {"en": "Could not load {file}:", "ko": "{file}을(를) 불러올 수 없습니다:"},
    "scenario_load_apply": {"en": "Load this scenario", "ko": "이 시나리오 불러오기"},
    "library_header": {"en": "Scenario library (saved on this machine)", "ko": "시나리오 보관함 (이 컴퓨터에 저장)"},
    "library_save": {"en": "Save current scenario", "ko": "현재 시나리오 저장"},
    "library_load": {"en": "Open", "ko": "열기"},
    "library_saved": {"en": "Saved as {file}.", "ko": "{file}(으)로 저장했습니다."},
    "library_empty": {"en": "No saved scenarios yet.", "ko": "저장된 시나리오가 없습니다."},
    "url_note": {"en": "The current scenario is kept in the page address, so a browser refresh or a shared link "
                       "restores it.",
                 "ko": "현재 시나리오는 페이지 주소에 저장되어 새로 고침하거나 링크를 공유해도 복원됩니다."},
    "url_restore_failed": {"en": "The scenario in the page address could not be read; the default is shown. {error}",
                           "ko": "페이지 주소의 시나리오를 읽을 수 없어 기본값을 표시합니다. {error}"},
    "reports_header": {"en": "Reports", "ko": "보고서"},
    "reports_caption": {"en": "Download the current plan as a report for the meeting (charts, tables, assumptions; "
                              "the HTML report embeds the scenario, so uploading it here restores the plan).",
                        "ko": "현재 계획을 회의용 보고서로 내려받습니다 (차트, 표, 가정; HTML 보고서에는 시나리오가 들어 있어 "
                              "여기에 다시 올리면 계획이 복원됩니다)."},
    "report_pdf_needs_chromium": {
        "en": "PDF and PNG need Chromium (apt-get install chromium), which is not installed here.",
        "ko": "PDF와 PNG에는 Chromium(apt-get install chromium)이 필요한데 설치되어 있지 않습니다."},
    "reports_missing": {"en": "Report export is not available in this installation.",
                        "ko": "이 설치에서는 보고서 내보내기를 쓸 수 없습니다."},
    "weekday": {"en": "weekday", "ko": "평일"},
    "weekend": {"en": "weekend", "ko": "주말"},
    "every_day": {"en": "every day", "ko": "매일"},
    # preset names
    "preset_daytime_web": {"en": "Daytime web (office hours)", "ko": "주간 웹 (업무 시간)"},
    "preset_evening_peak": {"en": "Evening peak (consumer app)", "ko": "저녁 피크 (소비자 앱)"},
    "preset_night_batch": {"en": "Night batch", "ko": "야간 배치"},
    "preset_flat": {"en": "Flat", "ko": "일정"},
    "preset_spiky": {"en": "Spiky (short bursts)", "ko": "급증형 (짧은 폭증)"},
    "preset_trace_nasa_http_1995": {"en": "Real trace: NASA web server, 1995 (hour-of-day shape)",
                                    "ko": "실제 트레이스: NASA 웹 서버, 1995 (시간대 모양)"},
    "preset_trace_aws_elb_requests_2014": {"en": "Real trace: AWS ELB requests, 2014 (hour-of-day shape)",
                                           "ko": "실제 트레이스: AWS ELB 요청, 2014 (시간대 모양)"},
}


def t(key: str, lang: str = "en", **kwargs: object) -> str:
    """The message ``key`` in ``lang`` (English if the language lacks it), formatted with ``kwargs``."""
    entry = MESSAGES[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**kwargs) if kwargs else text


# --- numbers ---------------------------------------------------------------------------------
def fmt_num(x: float, lang: str = "en", decimals: int = 0) -> str:
    """A number with thousands grouping, e.g. ``12,345.6``; ``–`` for NaN/None."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    s = f"{x:,.{decimals}f}"
    return "0" if s in ("-0", "-0.0") and decimals == 0 else s


def fmt_pct(frac: float, lang: str = "en", decimals: int = 1) -> str:
    """A fraction as percent: ``0.253 -> "25.3 %"`` (en) / ``"25.3%"`` (ko)."""
    if frac is None or (isinstance(frac, float) and math.isnan(frac)):
        return "–"
    v = f"{100.0 * frac:,.{decimals}f}"
    return f"{v}%" if lang == "ko" else f"{v} %"


def fmt_usd(usd: float, lang: str = "en", decimals: int = 0) -> str:
    """US dollars: ``$12,345`` (both languages; negative as ``-$1,234``)."""
    if usd is None or (isinstance(usd, float) and math.isnan(usd)):
        return "–"
    sign = "-" if usd < 0 and round(abs(usd), decimals) > 0 else ""
    return f"{sign}${abs(usd):,.{decimals}f}"


def fmt_krw(krw: float, lang: str = "en") -> str:
    """Korean won, whole won. English: ``₩16,800,000``. Korean with 억/만 units: ``1,680만 원``,
    ``1억 2,345만 원``; amounts under 10,000 won as ``9,999원``."""
    if krw is None or (isinstance(krw, float) and math.isnan(krw)):
        return "–"
    sign = "-" if krw < 0 else ""
    won = int(round(abs(krw)))
    if won == 0:
        sign = ""
    if lang != "ko":
        return f"{sign}₩{won:,}"
    if won < 10_000:
        return f"{sign}{won:,}원"
    eok, rest = divmod(won, 100_000_000)
    man = rest // 10_000  # below 10,000 won is dropped at this scale: the figure is a planning estimate
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    return f"{sign}{' '.join(parts)} 원"


def fmt_money(usd: float, lang: str = "en", krw_per_usd: float | None = None, decimals: int = 0) -> str:
    """USD, and in brackets KRW at ``krw_per_usd`` when given: ``$1,234 (₩1,727,600)``."""
    s = fmt_usd(usd, lang, decimals)
    if krw_per_usd:
        s += f" ({fmt_krw(usd * krw_per_usd, lang)})"
    return s


def fmt_hour(hour: int, lang: str = "en", horizon_hours: int = 24) -> str:
    """An hour index as a clock time, with the day for multi-day horizons: ``14:00`` /
    ``Day 2 14:00`` (en); ``14시`` / ``2일차 14시`` (ko)."""
    day, h = divmod(int(hour), 24)
    if lang == "ko":
        clock = f"{h}시"
        return f"{day + 1}일차 {clock}" if horizon_hours > 24 else clock
    clock = f"{h:02d}:00"
    return f"Day {day + 1} {clock}" if horizon_hours > 24 else clock


# --- reason codes ----------------------------------------------------------------------------
#: Node autoscaler reason codes of the engine (planner.engine.NODE_REASONS), explained.
NODE_REASON_TEXT: dict[str, dict[str, str]] = {
    "Steady": {"en": "Node count unchanged: the pods fit on the ready nodes and no node is unneeded.",
               "ko": "노드 수 유지: 파드가 준비된 노드에 들어가고 불필요한 노드가 없습니다."},
    "ScaleUp": {"en": "Pods (plus spare nodes) did not fit: new nodes were requested.",
                "ko": "파드(와 예비 노드)가 들어가지 않아 새 노드를 요청했습니다."},
    "ScaleDown": {"en": "Nodes were unneeded for the whole scale-down-unneeded time: removed.",
                  "ko": "노드가 축소 대기 시간 내내 불필요해서 제거했습니다."},
    "Provisioning": {"en": "Requested nodes are still starting (provisioning delay); pending pods wait for them.",
                     "ko": "요청한 노드가 아직 준비 중입니다(준비 지연). 대기 중 파드는 기다립니다."},
    "ScaleDownDelayAfterAdd": {
        "en": "Nodes are unneeded, but a scale-up happened recently (scale-down-delay-after-add): kept.",
        "ko": "노드가 불필요하지만 최근에 확대가 있어(scale-down-delay-after-add) 유지합니다."},
    "ScaleDownUnneededWait": {
        "en": "Nodes are unneeded, but not yet for the full scale-down-unneeded time: kept for now.",
        "ko": "노드가 불필요하지만 아직 축소 대기 시간을 채우지 않아 당분간 유지합니다."},
    "MaxNodesReached": {"en": "More nodes are needed, but the node group is at its maximum size.",
                        "ko": "노드가 더 필요하지만 노드 그룹이 최대 크기입니다."},
}


def reason_text(code: str, lang: str = "en", kind: str = "hpa") -> str:
    """What a reason code means, in ``lang``. ``kind`` "hpa": from ``planner.hpa.REASON_TEXT`` /
    ``REASON_TEXT_KO``; "node": from :data:`NODE_REASON_TEXT`. Unknown codes are returned as is."""
    if kind == "node":
        entry = NODE_REASON_TEXT.get(code)
        return (entry.get(lang) or entry["en"]) if entry else code
    try:
        from planner import hpa
    except ImportError:  # the HPA module is optional for the page: the code itself is still shown
        return code
    table = (getattr(hpa, "REASON_TEXT_KO", None) or {}) if lang == "ko" else {}
    if code not in table:
        table = getattr(hpa, "REASON_TEXT", {})
    return str(table.get(code, code))
