"""The page's own wording: titles, tabs, headline labels, charts, inputs, messages.

Keys are bare (``"m_asis_month"``); ``{name}`` placeholders are filled by :func:`planner.i18n.t`.
Column labels are in :mod:`planner.i18n.columns`, warnings in :mod:`planner.i18n.warnings`, reason
sentences in :mod:`planner.i18n.reasons`, upload errors in :mod:`planner.i18n.uploads`. Korean terms
follow docs/glossary.md. No Korean sentence puts a particle after a name the user typed (a file or
service name): the name goes after a colon or in brackets, so no "을(를)" is ever needed.
"""

from __future__ import annotations

#: message id -> {"en": ..., "ko": ...}
MESSAGES: dict[str, dict[str, str]] = {
    # page
    "app_title": {"en": "Autoscaling cost and capacity planner", "ko": "오토스케일링 비용·용량 플래너"},
    "app_caption": {
        "en": "As-Is: fixed servers per service sized for its peak plus backups. To-Be: one Kubernetes cluster "
              "with HPA pod autoscaling and node autoscaling. Change any assumption; the figures follow.",
        "ko": "As-Is: 서비스마다 최대 부하에 맞춰 고정한 서버와 백업 서버. To-Be: HPA로 파드를, 노드 오토스케일러로 "
              "노드를 늘리고 줄이는 쿠버네티스 클러스터 하나. 가정을 바꾸면 수치가 바로 따라 바뀝니다."},
    "show_krw": {"en": "Also show costs in KRW", "ko": "비용을 원화로도 표시"},
    "krw_rate": {"en": "Exchange rate [KRW per USD]", "ko": "환율 [원/USD]"},
    "scenario_name": {"en": "Scenario name", "ko": "시나리오 이름"},
    "reset_default": {"en": "Reset to the default scenario", "ko": "기본 시나리오로 되돌리기"},
    # tabs / sections
    "tab_load": {"en": "Load", "ko": "부하"},
    "tab_assumptions": {"en": "Assumptions", "ko": "가정"},
    "tab_results": {"en": "Results", "ko": "결과"},
    "tab_explain": {"en": "Explain", "ko": "설명"},
    "tab_scenarios": {"en": "Scenarios & reports", "ko": "시나리오·보고서"},
    # headline (labels stay short: a metric column is about 220 px wide at 1440 px)
    "headline": {"en": "At a glance", "ko": "한눈에 보기"},
    "m_asis_month": {"en": "As-Is cost [per month]", "ko": "As-Is 월 비용"},
    "m_tobe_month": {"en": "To-Be cost [per month]", "ko": "To-Be 월 비용"},
    "m_saving_month": {"en": "Saving [per month]", "ko": "월 절감액"},
    "m_saving_pct": {"en": "Saving [% of As-Is]", "ko": "절감률 [As-Is 대비]"},
    "m_asis_servers": {"en": "As-Is servers", "ko": "As-Is 서버"},
    "m_nodes_peak": {"en": "To-Be nodes, peak", "ko": "To-Be 노드, 최대"},
    "m_nodes_mean": {"en": "To-Be nodes, mean", "ko": "To-Be 노드, 평균"},
    "m_tobe_shortfall": {"en": "To-Be unserved [%]", "ko": "To-Be 미처리 비율"},
    "m_asis_shortfall": {"en": "As-Is unserved [%]", "ko": "As-Is 미처리 비율"},
    "m_min_headroom": {"en": "To-Be minimum headroom", "ko": "To-Be 최소 여유율"},
    "help_money": {"en": "Hourly mean x {hpm} hours a month.", "ko": "시간당 평균 × 한 달 {hpm}시간."},
    "help_asis_servers": {
        "en": "{servers} x {type} ({vcpu} vCPU, {mem} GiB each), backups included: {total_vcpu} vCPU in all.",
        "ko": "{type}(대당 {vcpu} vCPU, {mem} GiB) {servers}대, 백업 서버 포함: 모두 {total_vcpu} vCPU."},
    # the sign comes first: Streamlit points the delta's arrow by the text's leading sign
    "nodes_vcpu_delta": {"en": "{delta} vCPU vs As-Is", "ko": "{delta} vCPU (As-Is 대비)"},
    "help_nodes_peak": {
        "en": "At peak {nodes} x {node_type} ({node_vcpu} vCPU each) = {nodes_vcpu} vCPU, against As-Is "
              "{servers} x {server_type} ({server_vcpu} vCPU each) = {servers_vcpu} vCPU. Machines of different "
              "sizes are compared by their vCPUs.",
        "ko": "최대일 때 {node_type}(대당 {node_vcpu} vCPU) {nodes}대 = {nodes_vcpu} vCPU, As-Is는 "
              "{server_type}(대당 {server_vcpu} vCPU) {servers}대 = {servers_vcpu} vCPU. 크기가 다른 머신은 "
              "vCPU 합계로 비교합니다."},
    "help_nodes_mean": {"en": "{type} nodes provisioned, averaged over the plan (billed).",
                        "ko": "계획 기간 동안 프로비저닝된 {type} 노드의 평균 (과금 기준)."},
    "help_unserved": {"en": "Share of all requests not served in time. {worst}",
                      "ko": "전체 요청 중 제때 처리하지 못한 비율. {worst}"},
    "worst_hour_tobe": {"en": "To-Be worst hour {hour}: {requests} requests not served in time",
                        "ko": "To-Be 최악 시간대 {hour}: 요청 {requests}건 미처리"},
    "worst_hour_asis": {"en": "As-Is worst hour {hour}: {requests} requests not served in time",
                        "ko": "As-Is 최악 시간대 {hour}: 요청 {requests}건 미처리"},
    "no_shortfall_tobe": {"en": "To-Be serves every request in time.", "ko": "To-Be는 모든 요청을 제때 처리합니다."},
    "no_shortfall_asis": {"en": "As-Is serves every request in time.", "ko": "As-Is는 모든 요청을 제때 처리합니다."},
    "krw_note": {"en": "KRW at {rate} KRW/USD (set in the sidebar).", "ko": "원화는 1 USD = {rate}원 기준 (사이드바에서 설정)."},
    "horizon_note": {"en": "Plan horizon {hours} h, step {step} s; a month = {hpm} h.",
                     "ko": "계획 기간 {hours}시간, 단계 간격 {step}초, 한 달 = {hpm}시간."},
    # charts
    "fig_nodes_title": {"en": "As-Is servers vs To-Be nodes per hour", "ko": "시간별 As-Is 서버와 To-Be 노드"},
    "fig_nodes_y": {"en": "Machines [count]", "ko": "머신 [대]"},
    "tr_asis_servers": {"en": "As-Is servers, {type} (fixed, backups included)",
                        "ko": "As-Is 서버, {type} (고정, 백업 포함)"},
    "tr_nodes_mean": {"en": "To-Be nodes, {type}: hourly mean", "ko": "To-Be 노드, {type}: 시간 평균"},
    "tr_nodes_max": {"en": "To-Be nodes, {type}: hourly max", "ko": "To-Be 노드, {type}: 시간 내 최대"},
    "fig_pods_title": {"en": "To-Be pods per service (stacked, hourly mean)", "ko": "서비스별 To-Be 파드 (누적, 시간 평균)"},
    "fig_pods_y": {"en": "Pods [count]", "ko": "파드 [개]"},
    "fig_cost_title": {"en": "Hourly cost of both plans and cumulative saving", "ko": "시간별 비용과 누적 절감액"},
    "fig_cost_y": {"en": "Cost per hour [USD]", "ko": "시간당 비용 [USD]"},
    "fig_cost_y2": {"en": "Cumulative saving [USD]", "ko": "누적 절감액 [USD]"},
    "tr_asis_cost": {"en": "As-Is cost per hour", "ko": "As-Is 시간당 비용"},
    "tr_tobe_cost": {"en": "To-Be cost per hour", "ko": "To-Be 시간당 비용"},
    "tr_savings_cum": {"en": "Cumulative saving (As-Is − To-Be)", "ko": "누적 절감액 (As-Is − To-Be)"},
    "fig_util_title": {"en": "To-Be node utilization: pod requests / allocatable",
                       "ko": "To-Be 노드 사용률: 파드 요청량 / 할당 가능량"},
    "fig_util_y": {"en": "Requested share of allocatable [%]", "ko": "할당 가능량 대비 요청량 [%]"},
    "tr_req_cpu": {"en": "CPU requested", "ko": "CPU 요청량"},
    "tr_req_mem": {"en": "Memory requested", "ko": "메모리 요청량"},
    "tr_threshold": {"en": "Scale-down threshold (below: nodes can be removed)",
                     "ko": "스케일 다운 임계값 (이하면 노드 제거 가능)"},
    "fig_load_title": {"en": "Load per service", "ko": "서비스별 부하"},
    "fig_load_y": {"en": "Load [requests/s]", "ko": "부하 [요청/초]"},
    "x_hour": {"en": "Hour of the plan [h]", "ko": "계획 시각 [시]"},
    "x_day_hour": {"en": "Day and hour of the plan", "ko": "계획 요일·시각"},
    "u_servers": {"en": "servers", "ko": "대"},
    "u_nodes": {"en": "nodes", "ko": "대"},
    "u_pods": {"en": "pods", "ko": "개"},
    "u_rps": {"en": "requests/s", "ko": "요청/초"},
    # load tab
    "load_header": {"en": "Hourly load per service [requests/s]", "ko": "서비스별 시간당 부하 [요청/초]"},
    "load_help": {
        "en": "Rows are hours (0 = 00:00), columns are services. Edit any cell; empty, negative or non-numeric "
              "cells are reported below and the last valid plan stays on screen.",
        "ko": "행은 시각(0 = 00:00), 열은 서비스입니다. 셀을 바로 고치면 됩니다. 빈 칸, 음수, 숫자가 아닌 값은 아래에 "
              "표시되고, 화면에는 마지막으로 유효했던 계획이 남습니다."},
    "day_kind": {"en": "Profile", "ko": "프로파일"},
    "day_weekday": {"en": "Weekday (Mon-Fri)", "ko": "평일 (월-금)"},
    "day_weekend": {"en": "Weekend (Sat-Sun)", "ko": "주말 (토-일)"},
    "weekly_toggle": {"en": "Separate weekday and weekend profiles (plans a 168-hour week)",
                      "ko": "평일·주말 프로파일 나누기 (168시간 주간 계획)"},
    "series_note": {"en": "This scenario has an hourly series of {hours} hours (not one weekday and one weekend "
                          "day); edit it in the table below.",
                    "ko": "이 시나리오의 부하는 {hours}시간짜리 시간별 시계열입니다(평일 하루·주말 하루 형식이 아님). "
                          "아래 표에서 고치세요."},
    "to_day_btn": {"en": "Use the first 24 hours as a daily profile", "ko": "처음 24시간을 일간 프로파일로 사용"},
    "growth": {"en": "Growth applied on top [%]", "ko": "추가 성장률 [%]"},
    "growth_help": {"en": "Multiplies every load value by (1 + growth). 30 = +30% load.",
                    "ko": "모든 부하 값에 (1 + 성장률)을 곱합니다. 30이면 부하 +30%."},
    "services_header": {"en": "Services", "ko": "서비스"},
    "add_service": {"en": "Add a service", "ko": "서비스 추가"},
    "new_service_name": {"en": "New service name", "ko": "새 서비스 이름"},
    "rename_service": {"en": "Rename", "ko": "이름 바꾸기"},
    "remove_service": {"en": "Remove", "ko": "삭제"},
    "service_pick": {"en": "Service", "ko": "서비스"},
    "new_name": {"en": "New name", "ko": "새 이름"},
    "preset_header": {"en": "Apply a preset shape", "ko": "프리셋 부하 모양 적용"},
    "preset": {"en": "Preset", "ko": "프리셋"},
    "preset_peak": {"en": "Peak [requests/s]", "ko": "최대 부하 [요청/초]"},
    "apply_preset": {"en": "Apply preset", "ko": "프리셋 적용"},
    "preset_applied": {"en": "Preset {preset} applied to {service} ({day}), peak {peak} requests/s.",
                       "ko": "프리셋 적용: {preset} → 서비스 {service} ({day}), 최대 {peak} 요청/초."},
    "upload_header": {"en": "Upload a load file (CSV or Excel)", "ko": "부하 파일 업로드 (CSV 또는 Excel)"},
    "upload_help": {
        "en": "Wide: a column 'hour' (0-23, or 0-167 for a week from Monday 00:00) and one column per service with "
              "its load [requests/s]. Long: columns timestamp (or hour), service, and requests (a count per row's "
              "interval) or load_requests_per_s; rows are averaged per hour. Max {mb} MB.",
        "ko": "가로형: 'hour' 열(0-23, 주간이면 월요일 00:00부터 0-167)과 서비스마다 부하 열 하나 [요청/초]. "
              "세로형: 'timestamp'(또는 'hour'), 'service' 열과 'requests'(행 구간의 요청 건수) 또는 "
              "'load_requests_per_s' 열. 행은 시간별로 평균합니다. 열 이름은 '시각', '서비스', '요청 수', '부하'처럼 "
              "한국어로 써도 됩니다. 최대 {mb} MB."},
    "uploader_button": {"en": "Upload", "ko": "파일 선택"},
    "uploader_limit": {"en": "{mb} MB per file • {types}", "ko": "파일당 최대 {mb} MB • {types}"},
    "upload_preview": {"en": "Preview of the parsed file", "ko": "읽어 들인 파일 미리보기"},
    "upload_apply": {"en": "Use this load", "ko": "이 부하 사용"},
    "upload_ok": {"en": "Read {n} services x {hours} hours from {name} ({layout}).",
                  "ko": "서비스 {n}개 × {hours}시간을 읽었습니다 ({layout}): {name}"},
    "layout_wide": {"en": "wide layout", "ko": "가로형"},
    "layout_long": {"en": "long layout", "ko": "세로형"},
    "upload_applied": {"en": "Load from {name} applied.", "ko": "부하를 적용했습니다: {name}"},
    "upload_failed": {"en": "Could not read {name}:", "ko": "다음 파일을 읽을 수 없습니다: {name}"},
    # cell errors
    "cell_errors": {"en": "Fix these cells (the plan below is the last valid one):",
                    "ko": "다음 셀을 고치세요 (아래 계획은 마지막으로 유효했던 계획입니다):"},
    "cell_empty": {"en": "{table}, hour {hour}, service {service}: empty; enter a number >= 0 [requests/s]",
                   "ko": "{table}, {hour}시, 서비스 {service}: 빈 칸입니다. 0 이상의 숫자를 입력하세요 [요청/초]"},
    "cell_nan": {"en": "{table}, hour {hour}, service {service}: {value!r} is not a number; enter a number >= 0 "
                       "[requests/s]",
                 "ko": "{table}, {hour}시, 서비스 {service}: 숫자가 아닙니다 ({value!r}). 0 이상의 숫자를 입력하세요 "
                       "[요청/초]"},
    "cell_negative": {"en": "{table}, hour {hour}, service {service}: {value} is negative; enter a number >= 0 "
                            "[requests/s]",
                      "ko": "{table}, {hour}시, 서비스 {service}: 음수입니다 ({value}). 0 이상의 숫자를 입력하세요 "
                            "[요청/초]"},
    "table_day": {"en": "Load table", "ko": "부하 표"},
    "table_weekday": {"en": "Weekday table", "ko": "평일 표"},
    "table_weekend": {"en": "Weekend table", "ko": "주말 표"},
    "name_empty": {"en": "A service name must not be empty.", "ko": "서비스 이름을 입력하세요."},
    "name_taken": {"en": "A service named {name!r} already exists.", "ko": "이미 있는 서비스 이름입니다: {name!r}"},
    "name_spaces": {"en": "A service name must not start or end with spaces.",
                    "ko": "서비스 이름의 앞뒤에 공백을 넣을 수 없습니다."},
    "name_too_long": {"en": "A service name has at most 64 characters.", "ko": "서비스 이름은 최대 64자입니다."},
    "last_service": {"en": "The last service cannot be removed.", "ko": "마지막 서비스는 삭제할 수 없습니다."},
    "scenario_invalid": {"en": "These settings cannot be planned (the plan below is the last valid one):",
                         "ko": "이 설정으로는 계획할 수 없습니다 (아래 계획은 마지막으로 유효했던 계획입니다):"},
    "problem_service": {"en": "service {name!r}", "ko": "서비스 {name!r}"},
    "engine_failed": {"en": "The planner could not compute this scenario: {error}",
                      "ko": "이 시나리오를 계산하지 못했습니다: {error}"},
    "no_plan_yet": {"en": "No valid plan yet: fix the inputs above.", "ko": "아직 유효한 계획이 없습니다. 위 입력을 고치세요."},
    "warnings": {"en": "Warnings from the planner", "ko": "플래너 경고"},
    "svc_tobe_unserved": {"en": "To-Be unserved requests [requests]", "ko": "To-Be 미처리 요청 [건]"},
    "reports_of_last_valid": {
        "en": "The inputs have errors (listed at the top): these reports are of the last valid plan, the one on "
              "screen.",
        "ko": "입력에 오류가 있습니다 (맨 위 목록 참고). 아래 보고서는 화면에 보이는 마지막 유효 계획의 보고서입니다."},
    # assumptions tab
    "grp_asis": {"en": "As-Is: static servers", "ko": "As-Is: 고정 서버"},
    "grp_services": {"en": "Per service: pods and HPA", "ko": "서비스별: 파드와 HPA"},
    "grp_cluster": {"en": "To-Be: Kubernetes cluster", "ko": "To-Be: 쿠버네티스 클러스터"},
    "provider": {"en": "Provider", "ko": "클라우드"},
    "provider_custom": {"en": "custom", "ko": "직접 입력"},
    "region": {"en": "Region", "ko": "리전"},
    "server_type": {"en": "Server type", "ko": "서버 유형"},
    "node_type": {"en": "Node type", "ko": "노드 유형"},
    "custom_vcpu": {"en": "vCPU", "ko": "vCPU"},
    "custom_mem": {"en": "Memory [GiB]", "ko": "메모리 [GiB]"},
    "custom_price": {"en": "Price [USD/hour]", "ko": "가격 [USD/시간]"},
    "instance_fmt": {"en": "{type} ({vcpu} vCPU, {mem} GiB, {price}/h)",
                     "ko": "{type} ({vcpu} vCPU, {mem} GiB, 시간당 {price})"},
    "asis_target": {"en": "Sizing target utilization at peak [%]", "ko": "최대 부하 때 목표 사용률 [%]"},
    "asis_backups": {"en": "Backup servers per service [servers]", "ko": "서비스별 백업 서버 [대]"},
    "asis_is_vm": {"en": "Servers are VMs (hypervisor overhead)", "ko": "서버가 VM임 (하이퍼바이저 오버헤드)"},
    "asis_vm_cpu": {"en": "VM overhead CPU [millicores]", "ko": "VM 오버헤드 CPU [밀리코어]"},
    "asis_vm_mem": {"en": "VM overhead memory [MiB]", "ko": "VM 오버헤드 메모리 [MiB]"},
    "asis_os_cpu": {"en": "OS reserved CPU per server [millicores]", "ko": "서버당 OS 예약 CPU [밀리코어]"},
    "asis_os_mem": {"en": "OS reserved memory per server [MiB]", "ko": "서버당 OS 예약 메모리 [MiB]"},
    "svc_backups": {"en": "Backup servers (this service) [servers]", "ko": "이 서비스의 백업 서버 [대]"},
    "svc_backups_default": {"en": "use the default above", "ko": "위 기본값 사용"},
    "req_cpu": {"en": "Pod CPU request [millicores]", "ko": "파드 CPU 요청량 [밀리코어]"},
    "req_mem": {"en": "Pod memory request [MiB]", "ko": "파드 메모리 요청량 [MiB]"},
    "use_cpu_base": {"en": "CPU of an idle pod [millicores]", "ko": "유휴 파드의 CPU [밀리코어]"},
    "use_cpu_rps": {"en": "CPU per request/s [millicores]", "ko": "요청/초당 CPU [밀리코어]"},
    "use_mem_base": {"en": "Memory of an idle pod [MiB]", "ko": "유휴 파드의 메모리 [MiB]"},
    "use_mem_rps": {"en": "Memory per request/s [MiB]", "ko": "요청/초당 메모리 [MiB]"},
    "hpa_min": {"en": "HPA min replicas [pods]", "ko": "HPA 최소 레플리카 [개]"},
    "hpa_max": {"en": "HPA max replicas [pods]", "ko": "HPA 최대 레플리카 [개]"},
    "hpa_target_cpu": {"en": "HPA CPU target [% of request]", "ko": "HPA CPU 목표 [요청량 대비 %]"},
    "hpa_target_mem": {"en": "HPA memory target [% of request] (0 = not used)",
                       "ko": "HPA 메모리 목표 [요청량 대비 %] (0 = 사용 안 함)"},
    "hpa_tolerance": {"en": "HPA tolerance [%]", "ko": "HPA 허용 오차 [%]"},
    "hpa_stab_down": {"en": "Scale-down stabilization window [s]", "ko": "스케일 다운 안정화 윈도우 [초]"},
    "hpa_stab_up": {"en": "Scale-up stabilization window [s]", "ko": "스케일 업 안정화 윈도우 [초]"},
    "hpa_behavior": {"en": "HPA behavior", "ko": "HPA 스케일링 동작 (spec.behavior)"},
    "hpa_behavior_v2": {"en": "v2 (spec.behavior)", "ko": "v2 (spec.behavior 있음)"},
    "hpa_behavior_none": {"en": "none (legacy rules)", "ko": "없음 (레거시 규칙)"},
    "hpa_behavior_help": {
        "en": "v2: the HPA has spec.behavior (the stabilization windows and rate policies, upstream defaults "
              "where unset). None: no spec.behavior, the controller's legacy rules: one sync scales up to at most "
              "max(2 x current, 4) pods, the highest recommendation of the controller's window holds (scale-up "
              "too), no scale-down rate limit; the two windows beside it are not used.",
        "ko": "v2: HPA에 spec.behavior가 있습니다(안정화 윈도우와 스케일 속도 정책, 지정하지 않은 값은 업스트림 "
              "기본값). 없음: spec.behavior 없이 컨트롤러의 레거시 규칙을 따릅니다. 한 번의 동기화에서 현재 파드 수의 "
              "2배와 4개 중 큰 쪽까지만 스케일 업하고, 컨트롤러 윈도우 안의 가장 높은 권장값을 유지하며(스케일 업에도 "
              "적용), 스케일 다운 속도 제한은 없습니다. 옆의 두 안정화 윈도우는 쓰지 않습니다."},
    "hpa_stab_legacy": {"en": "Controller stabilization window [s]", "ko": "컨트롤러 안정화 윈도우 [초]"},
    "hpa_stab_legacy_help": {
        "en": "kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization (default 300 s): "
              "the window of an HPA without behavior (used with behavior none only).",
        "ko": "kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization (기본값 300초): "
              "spec.behavior가 없는 HPA의 안정화 윈도우입니다(스케일링 동작이 '없음'일 때만 사용)."},
    "hpa_metrics_lag": {"en": "Metrics lag [s]", "ko": "지표 지연 [초]"},
    "hpa_metrics_lag_help": {
        "en": "How old the usage the HPA sees is: metrics-server serves the rate of its last 15 s scrape window, "
              "15-45 s old (default 30 s); rounded up to whole simulation steps. 0 = the HPA sees the load "
              "of its own step.",
        "ko": "HPA가 보는 사용량이 얼마나 지난 값인지입니다. metrics-server는 마지막 15초 수집 구간의 평균을 "
              "제공하며, 그 값은 15-45초 전 값입니다(기본값 30초). 시뮬레이션 단계 단위로 올림합니다. 0이면 HPA가 "
              "같은 단계의 부하를 봅니다."},
    "hpa_cpu_init": {"en": "CPU initialization period [s]", "ko": "CPU 초기화 기간 [초]"},
    "hpa_cpu_init_help": {
        "en": "kube-controller-manager --horizontal-pod-autoscaler-cpu-initialization-period (default 300 s): "
              "a new pod's CPU sample taken before it was Ready is ignored for this long, and the pod counts "
              "as idle on a scale-up.",
        "ko": "kube-controller-manager --horizontal-pod-autoscaler-cpu-initialization-period (기본값 300초): "
              "새 파드가 준비 상태가 되기 전에 수집된 CPU 샘플은 이 기간 동안 무시되고, 스케일 업 계산에서 그 파드는 "
              "유휴로 계산됩니다."},
    "pod_startup": {"en": "Pod start-up time [s]", "ko": "파드 기동 시간 [초]"},
    "spare_nodes": {"en": "Spare nodes [nodes]", "ko": "예비 노드 [대]"},
    "min_nodes": {"en": "Minimum nodes [nodes]", "ko": "최소 노드 [대]"},
    "max_nodes": {"en": "Maximum nodes [nodes]", "ko": "최대 노드 [대]"},
    "node_boot": {"en": "Node launch and boot [s]", "ko": "노드 생성·부팅 [초]"},
    "node_registration": {"en": "Kubelet registration until Ready [s]", "ko": "kubelet 등록·노드 준비 [초]"},
    "daemonset_ready": {"en": "DaemonSets ready on a new node [s]", "ko": "새 노드 데몬셋 준비 [초]"},
    "max_node_provision_time": {"en": "Max node provision time [s]", "ko": "노드 프로비저닝 최대 대기 [초]"},
    "image_pull": {"en": "Image pull on a new node [s]", "ko": "새 노드 이미지 풀 [초]"},
    "max_pods": {"en": "Max pods per node [pods]", "ko": "노드당 최대 파드 [개]"},
    "alloc_formula": {"en": "Allocatable formula", "ko": "할당 가능량 공식"},
    "alloc_none": {"en": "none (whole machine)", "ko": "없음 (머신 전체)"},
    "ds_cpu": {"en": "DaemonSet CPU per node [millicores]", "ko": "노드당 데몬셋 CPU [밀리코어]"},
    "ds_mem": {"en": "DaemonSet memory per node [MiB]", "ko": "노드당 데몬셋 메모리 [MiB]"},
    "cp_mode": {"en": "Control plane", "ko": "컨트롤 플레인"},
    "cp_managed": {"en": "Managed (fee per cluster-hour)", "ko": "관리형 (클러스터·시간당 요금)"},
    "cp_nodes": {"en": "Own master nodes", "ko": "자체 마스터 노드"},
    "cp_fee": {"en": "Managed fee [USD per cluster-hour]", "ko": "관리형 요금 [클러스터·시간당 USD]"},
    "cp_master_type": {"en": "Master node type", "ko": "마스터 노드 유형"},
    "cp_master_count": {"en": "Master nodes [nodes]", "ko": "마스터 노드 [대]"},
    "catalog_source": {"en": "Prices: {source} (as of {as_of}).", "ko": "가격 출처: {source} ({as_of} 기준)."},
    "assumptions_table": {"en": "All assumptions used by the plan", "ko": "계획에 쓰인 모든 가정"},
    # results tab
    "per_service": {"en": "Per service", "ko": "서비스별"},
    # explain tab
    "explain_intro": {
        "en": "Why did To-Be scale or hold? One row per hour: the most frequent HPA reason per service and the node "
              "autoscaler's reason. Pick an hour to see every {step}-second step.",
        "ko": "To-Be가 왜 늘리거나 줄이거나 그대로 두었는지 보여 줍니다. 한 시간에 한 행: 서비스별로 가장 많았던 HPA "
              "사유와 노드 오토스케일러 사유. 시각을 고르면 {step}초 단계마다 볼 수 있습니다."},
    "explain_hour": {"en": "Drill down into hour", "ko": "자세히 볼 시각"},
    "explain_steps": {"en": "Steps of hour {hour}", "ko": "{hour} 단계별 내역"},
    "changes_only": {"en": "Only steps where a count or a reason changed", "ko": "수나 사유가 바뀐 단계만"},
    "explain_no_steps": {"en": "This plan kept only hourly figures (no per-step detail).",
                         "ko": "이 계획에는 시간별 수치만 있습니다 (단계별 내역 없음)."},
    "reason_legend": {"en": "What the reason codes mean", "ko": "사유 코드의 뜻"},
    "reason_kind_col": {"en": "Controller", "ko": "컨트롤러"},
    "reason_col": {"en": "Reason", "ko": "사유"},
    "meaning_col": {"en": "Meaning", "ko": "의미"},
    "node_col": {"en": "Nodes", "ko": "노드"},
    # scenarios tab
    "download_yaml": {"en": "Download scenario (YAML)", "ko": "시나리오 다운로드 (YAML)"},
    "download_json": {"en": "Download scenario (JSON)", "ko": "시나리오 다운로드 (JSON)"},
    "upload_scenario": {"en": "Upload a scenario (YAML or JSON)", "ko": "시나리오 업로드 (YAML 또는 JSON)"},
    "scenario_preview": {"en": "{name}: {n} services x {hours} h", "ko": "{name}: 서비스 {n}개 × {hours}시간"},
    "scenario_loaded": {"en": "Scenario {name!r} loaded from {file}.", "ko": "시나리오를 불러왔습니다: {name!r} ({file})"},
    "scenario_load_failed": {"en": "Could not load {file}:", "ko": "다음 파일을 불러올 수 없습니다: {file}"},
    "scenario_load_apply": {"en": "Load this scenario", "ko": "이 시나리오 불러오기"},
    "description_header": {"en": "Description and meeting notes", "ko": "설명과 회의 메모"},
    "description_help": {
        "en": "Free text printed on the reports as the scenario's own description, beside a summary the planner "
              "writes from the inputs. Keep meeting notes here too; they travel with the scenario (file, link, "
              "HTML report).",
        "ko": "보고서에 '시나리오 설명'으로 그대로 인쇄되는 글입니다. 플래너가 입력값으로 만든 요약이 함께 "
              "인쇄됩니다. 회의 메모도 여기에 적으면 시나리오(파일, 링크, HTML 보고서)와 함께 전달됩니다."},
    "library_header": {"en": "Scenario library (saved on this machine)", "ko": "시나리오 보관함 (이 컴퓨터에 저장)"},
    "library_save": {"en": "Save current scenario", "ko": "현재 시나리오 저장"},
    "library_load": {"en": "Open", "ko": "열기"},
    "library_saved": {"en": "Saved as {file}.", "ko": "저장했습니다: {file}"},
    "library_empty": {"en": "No saved scenarios yet.", "ko": "저장된 시나리오가 없습니다."},
    "url_note": {"en": "The current scenario is kept in the page address, so a browser refresh or a shared link "
                       "restores it.",
                 "ko": "현재 시나리오는 페이지 주소에 들어 있어, 새로 고침하거나 링크를 공유해도 그대로 복원됩니다."},
    "url_restore_failed": {"en": "The scenario in the page address could not be read; the default is shown. {error}",
                           "ko": "페이지 주소의 시나리오를 읽을 수 없어 기본 시나리오를 표시합니다. {error}"},
    "reports_header": {"en": "Reports", "ko": "보고서"},
    "reports_caption": {"en": "Download the current plan as a report for the meeting (charts, tables, assumptions; "
                              "the HTML report embeds the scenario, so uploading it here restores the plan).",
                        "ko": "현재 계획을 회의용 보고서로 다운로드합니다 (차트, 표, 가정 포함. HTML 보고서에는 시나리오가 "
                              "들어 있어 여기에 다시 업로드하면 계획이 복원됩니다)."},
    "report_pdf_needs_chromium": {
        "en": "PDF and PNG need Chromium (`apt-get install chromium`), which is not installed here.",
        "ko": "PDF와 PNG를 만들려면 Chromium이 필요한데 설치되어 있지 않습니다 (`apt-get install chromium`)."},
    "weekday": {"en": "weekday", "ko": "평일"},
    "weekend": {"en": "weekend", "ko": "주말"},
    "every_day": {"en": "every day", "ko": "매일"},
    # preset names
    "preset_daytime_web": {"en": "Daytime web (office hours)", "ko": "주간 웹 (업무 시간)"},
    "preset_evening_peak": {"en": "Evening peak (consumer app)", "ko": "저녁 피크 (소비자 앱)"},
    "preset_night_batch": {"en": "Night batch", "ko": "야간 배치"},
    "preset_flat": {"en": "Flat", "ko": "일정"},
    "preset_spiky": {"en": "Spiky (short bursts)", "ko": "스파이크형 (짧은 급증)"},
    "preset_trace_nasa_http_1995": {"en": "Real trace: NASA web server, 1995 (hour-of-day shape)",
                                    "ko": "실제 트레이스: NASA 웹 서버, 1995 (시간대별 모양)"},
    "preset_trace_aws_elb_requests_2014": {"en": "Real trace: AWS ELB requests, 2014 (hour-of-day shape)",
                                           "ko": "실제 트레이스: AWS ELB 요청, 2014 (시간대별 모양)"},
}
