"""The glossary: every frame column and summary figure with its unit, its label in each language
and (for columns) what it means.

One name per concept: the same column name is used in the frames, CSV/XLSX headers, chart labels
and the API (:data:`planner.result.GLOSSARY` is this table seen as ``(label, unit, meaning)``);
people read the label of their language, e.g. ``"Load [requests/s]"`` / ``"부하 [요청/초]"``.
A new column needs an entry here (tests check every column of every frame has one).
Keys in :data:`MESSAGES`: ``column.<name>``, ``unit.<unit>``, ``summary.<field>``.
"""

from __future__ import annotations

from typing import NamedTuple

from planner.i18n import pricing_columns
from planner.i18n.core import check_lang


class Column(NamedTuple):
    """A column or summary figure: its unit (a code, e.g. ``"requests/s"``; ``""`` when
    dimensionless, ``"code"`` for reason codes), its English and Korean labels, and its meaning."""

    unit: str
    en: str
    ko: str
    meaning: str = ""


#: column -> unit, labels, meaning. Aggregates over an hour are means unless the name says otherwise.
COLUMNS: dict[str, Column] = {
    "time_s": Column("s", "Time", "경과 시간", "Seconds since the start of the plan (start of the step)."),
    "hour": Column("h", "Hour", "시각", "Hour index into the horizon (0 = first hour of the profile)."),
    "service": Column("", "Service", "서비스", "Service name."),
    "load_requests_per_s": Column("requests/s", "Load", "부하", "Offered load (after growth)."),
    "peak_load_requests_per_s": Column("requests/s", "Peak load", "최대 부하", "Highest per-step load in the hour."),
    "mean_load_requests_per_s": Column("requests/s", "Mean load", "평균 부하", "Load averaged over the horizon."),
    "desired_replicas": Column("pods", "Desired pods", "목표 파드 수",
                               "HPA decision: the Deployment's spec.replicas."),
    "desired_replicas_max": Column("pods", "Desired pods, hourly max", "목표 파드 수 (시간 내 최대)",
                                   "Most desired pods in the hour."),
    "raw_recommendation": Column("pods", "HPA recommendation", "HPA 권장 파드 수",
                                 "Metric proposal before stabilization and rate limits."),
    "ready_pods": Column("pods", "Ready pods", "준비된 파드", "Pods scheduled and past start-up: the ones serving load."),
    "pending_pods": Column("pods", "Pending pods", "대기 중 파드", "Pods waiting for a node (unschedulable)."),
    "surge_pods": Column("pods", "Surge pods", "서지 파드", "Extra pods of a rolling update (maxSurge)."),
    "pods": Column("pods", "Pods", "파드 수", "Desired pods of all services."),
    "capacity_requests_per_s": Column("requests/s", "Ready capacity", "처리 용량",
                                      "Load the ready pods can serve at 100 % of their requests."),
    "shortfall_requests_per_s": Column("requests/s", "Unserved load", "미처리 부하",
                                       "Load above the ready capacity (not served in time)."),
    "cpu_utilization_frac": Column("fraction", "CPU utilization", "CPU 사용률",
                                   "CPU usage / CPU requests of ready pods, as the HPA computes it."),
    "memory_utilization_frac": Column("fraction", "Memory utilization", "메모리 사용률",
                                      "Memory usage / memory requests of ready pods."),
    "hpa_reason": Column("code", "HPA reason", "HPA 사유",
                         "Why the HPA chose desired_replicas (upstream condition reasons)."),
    "asis_servers": Column("servers", "As-Is servers", "As-Is 서버",
                           "Servers of the service (all hours), backups included."),
    "asis_backup_servers": Column("servers", "As-Is backup servers", "As-Is 백업 서버",
                                  "Backup (N+k) servers of the service."),
    "asis_servers_in_service": Column("servers", "As-Is servers taking load", "부하를 받는 As-Is 서버",
                                      "Servers taking load (one out during a deploy)."),
    "asis_capacity_requests_per_s": Column("requests/s", "As-Is capacity", "As-Is 처리 용량",
                                           "Load the in-service servers can serve at 100 %."),
    "asis_server_capacity_requests_per_s": Column("requests/s", "As-Is capacity per server at target",
                                                  "As-Is 서버당 처리 용량 (목표 사용률)",
                                                  "Load one server serves at the sizing target utilization."),
    "asis_shortfall_requests_per_s": Column("requests/s", "As-Is unserved load", "As-Is 미처리 부하",
                                            "Load above the As-Is capacity."),
    "load_requests": Column("requests", "Requests", "요청 수", "Requests offered in the period."),
    "shortfall_requests": Column("requests", "Unserved requests", "미처리 요청",
                                 "Requests not covered by ready capacity (request-seconds)."),
    "asis_shortfall_requests": Column("requests", "As-Is unserved requests", "As-Is 미처리 요청",
                                      "Requests not covered by As-Is capacity."),
    "shortfall_frac": Column("fraction", "Unserved share", "미처리 비율", "Unserved requests / requests."),
    "nodes_needed": Column("nodes", "Nodes needed", "필요 노드",
                           "Nodes the packed pods need (first-fit decreasing) plus spare nodes."),
    "nodes_requested": Column("nodes", "Nodes provisioned", "프로비저닝된 노드",
                              "Nodes ready or being provisioned (billed)."),
    "nodes_requested_max": Column("nodes", "Nodes provisioned, hourly max", "프로비저닝된 노드 (시간 내 최대)",
                                  "Most nodes ready or being provisioned in the hour."),
    "nodes_ready": Column("nodes", "Nodes ready", "준비된 노드", "Nodes that can run pods."),
    "node_reason": Column("code", "Node autoscaler reason", "노드 오토스케일러 사유",
                          "Why the node count changed or held."),
    "requested_cpu_frac": Column("fraction", "CPU requested of allocatable", "할당 가능량 대비 CPU 요청량",
                                 "Pod + DaemonSet CPU requests / allocatable CPU of ready nodes."),
    "requested_memory_frac": Column("fraction", "Memory requested of allocatable", "할당 가능량 대비 메모리 요청량",
                                    "Pod + DaemonSet memory requests / allocatable memory of ready nodes."),
    "node_hours": Column("node-hours", "Node-hours", "노드·시간", "Billed node time in the period."),
    "asis_server_hours": Column("server-hours", "As-Is server-hours", "As-Is 서버·시간",
                                "Billed server time in the period."),
    "tobe_usd": Column("USD", "To-Be cost", "To-Be 비용", "Nodes + control plane + the lines beside the nodes in the period."),
    "asis_usd": Column("USD", "As-Is cost", "As-Is 비용", "Servers + the lines beside them in the period."),
    "tobe_usd_cumulative": Column("USD", "To-Be cost so far", "To-Be 누적 비용", "Cumulative To-Be cost."),
    "asis_usd_cumulative": Column("USD", "As-Is cost so far", "As-Is 누적 비용", "Cumulative As-Is cost."),
    "savings_usd_cumulative": Column("USD", "Saving so far", "누적 절감액", "Cumulative As-Is minus To-Be cost."),
    "asis_usd_per_month": Column("USD/month", "As-Is cost per month", "As-Is 월 비용",
                                 "The service's servers per month."),
    "pod_capacity_requests_per_s": Column("requests/s", "Capacity per pod", "파드당 처리 용량",
                                          "Load one ready pod serves at 100 % of its requests."),
    "pods_peak": Column("pods", "Pods, peak", "최대 파드 수", "Most desired pods of the service at once."),
    "pods_mean": Column("pods", "Pods, mean", "평균 파드 수", "Desired pods averaged over the horizon."),
    "pods_min": Column("pods", "Pods, min", "최소 파드 수", "Fewest desired pods of the service."),
    "deploy_fits_one_server_out": Column("", "Deploy fits with one server out", "서버 1대를 빼고도 배포 가능",
                                         "Peak fits on the As-Is servers minus one, at target."),
    "group": Column("", "Group", "구분", "Which part of the scenario an assumption belongs to."),
    "field": Column("", "Input", "항목", "Name of the assumption."),
    "value": Column("", "Value", "값", "Value used in the plan."),
    "unit": Column("", "Unit", "단위", "Unit of the value."),
    "source": Column("", "Source", "출처",
                   "Where the value comes from (scenario, upstream default, price file and date)."),
    # cost per environment and per option (planner.env_costs)
    "environment": Column("", "Environment", "환경",
                   "Environment name: the Namespace (prod, stage, dev, ...)."),
    "services_count": Column("", "Services", "서비스 수",
                   "Services that run in the environment."),
    "active_hours_frac": Column("fraction", "Share of hours it runs", "가동 시간 비율",
                   "Hours with pods (inside the schedule when it scales to zero) / hours of the plan."),
    "scale_to_zero": Column("", "Scales to zero", "0으로 축소",
                   "No pods and no nodes outside its schedule."),
    "shared_usd_per_month": Column("USD/month", "Share of one shared cluster", "공유 클러스터 분담액",
                   "Its share of the shared cluster's cost: pod requests hour by hour; spare and control plane alike."),
    "own_cluster_usd_per_month": Column("USD/month", "Cluster of its own", "전용 클러스터 비용",
                   "Its own cluster: nodes in its hours, its own control plane and spare nodes."),
    "own_cluster_nodes_peak": Column("nodes", "Own cluster nodes, peak", "전용 클러스터 최대 노드",
                   "Most nodes its own cluster requests."),
    "own_cluster_control_plane_usd_per_month": Column("USD/month", "Own cluster control plane", "전용 클러스터 컨트롤 플레인",
                   "Control-plane fee of its own cluster (every hour)."),
    "environment_present": Column("", "Runs in this hour", "이 시간 가동",
                   "The environment has pods in this hour."),
    "shared_usd": Column("USD", "Share of the shared cluster", "공유 클러스터 분담액",
                   "Its share of the shared cluster's cost in the hour."),
    "own_cluster_usd": Column("USD", "Cluster of its own", "전용 클러스터 비용",
                   "Its own cluster's cost in the hour (nodes while present, control plane always)."),
}

#: unit code -> how it is written in each language (docs/glossary.md). Fractions are shown as percent.
UNITS: dict[str, dict[str, str]] = {
    "s": {"en": "s", "ko": "초"},
    "h": {"en": "h", "ko": "시"},
    "hours": {"en": "hours", "ko": "시간"},
    "hour": {"en": "clock", "ko": "시각"},
    "requests/s": {"en": "requests/s", "ko": "요청/초"},
    "requests": {"en": "requests", "ko": "건"},
    "pods": {"en": "pods", "ko": "개"},
    "servers": {"en": "servers", "ko": "대"},
    "nodes": {"en": "nodes", "ko": "대"},
    "windows": {"en": "windows", "ko": "구간"},
    "node-hours": {"en": "node-hours", "ko": "노드·시간"},
    "server-hours": {"en": "server-hours", "ko": "서버·시간"},
    "fraction": {"en": "%", "ko": "%"},
    "code": {"en": "code", "ko": "코드"},
    "USD": {"en": "USD", "ko": "USD"},
    "USD/month": {"en": "USD/month", "ko": "USD/월"},
    "USD/day": {"en": "USD/day", "ko": "USD/일"},
    "USD/hour": {"en": "USD/hour", "ko": "USD/시간"},
    "vCPU": {"en": "vCPU", "ko": "vCPU"},
    "GiB": {"en": "GiB", "ko": "GiB"},
    "MiB": {"en": "MiB", "ko": "MiB"},
    "millicores": {"en": "millicores", "ko": "밀리코어"},
    "millicores per request/s": {"en": "millicores per request/s", "ko": "요청/초당 밀리코어"},
    "MiB per request/s": {"en": "MiB per request/s", "ko": "요청/초당 MiB"},
}

#: :class:`planner.result.Summary` field -> unit and labels (the meaning is the field's docstring).
SUMMARY_FIELDS: dict[str, Column] = {
    "horizon_hours": Column("hours", "Plan horizon", "계획 기간"),
    "step_s": Column("s", "Simulation step", "시뮬레이션 단계 간격"),
    "hours_per_month": Column("hours", "Hours per month", "월 환산 시간"),
    "asis_servers_total": Column("servers", "As-Is servers (backups included)", "As-Is 서버 (백업 포함)"),
    "asis_backup_servers_total": Column("servers", "As-Is backup servers", "As-Is 백업 서버"),
    "asis_server_hours": Column("server-hours", "As-Is server-hours", "As-Is 서버·시간"),
    "asis_usd_total": Column("USD", "As-Is cost over the horizon", "As-Is 기간 비용"),
    "asis_usd_per_day": Column("USD/day", "As-Is cost per day", "As-Is 일 비용"),
    "asis_usd_per_month": Column("USD/month", "As-Is cost per month", "As-Is 월 비용"),
    "tobe_nodes_peak": Column("nodes", "To-Be nodes, peak", "To-Be 노드, 최대"),
    "tobe_nodes_mean": Column("nodes", "To-Be nodes, mean", "To-Be 노드, 평균"),
    "tobe_nodes_min": Column("nodes", "To-Be nodes, minimum", "To-Be 노드, 최소"),
    "tobe_node_hours": Column("node-hours", "To-Be node-hours", "To-Be 노드·시간"),
    "tobe_compute_usd_total": Column("USD", "To-Be worker nodes over the horizon", "To-Be 워커 노드 기간 비용"),
    "tobe_control_plane_usd_total": Column("USD", "To-Be control plane over the horizon",
                                           "To-Be 컨트롤 플레인 기간 비용"),
    "tobe_usd_total": Column("USD", "To-Be cost over the horizon", "To-Be 기간 비용"),
    "tobe_usd_per_day": Column("USD/day", "To-Be cost per day", "To-Be 일 비용"),
    "tobe_usd_per_month": Column("USD/month", "To-Be cost per month", "To-Be 월 비용"),
    "tobe_pods_peak": Column("pods", "To-Be pods, peak (all services)", "To-Be 최대 파드 수 (전체 서비스)"),
    "savings_usd_per_month": Column("USD/month", "Saving per month (As-Is minus To-Be)", "월 절감액 (As-Is − To-Be)"),
    "savings_frac": Column("fraction", "Saving, share of As-Is cost", "절감률 (As-Is 비용 대비)"),
    "load_requests_total": Column("requests", "Requests over the horizon", "기간 전체 요청 수"),
    "tobe_shortfall_requests": Column("requests", "To-Be unserved requests", "To-Be 미처리 요청"),
    "tobe_shortfall_frac": Column("fraction", "To-Be unserved share", "To-Be 미처리 비율"),
    "tobe_worst_hour": Column("hour", "To-Be worst hour", "To-Be 최악 시간대"),
    "tobe_worst_hour_shortfall_requests": Column("requests", "To-Be unserved requests in its worst hour",
                                                 "To-Be 최악 시간대의 미처리 요청"),
    "tobe_min_headroom_frac": Column("fraction", "To-Be minimum headroom", "To-Be 최소 여유율"),
    "asis_shortfall_requests": Column("requests", "As-Is unserved requests", "As-Is 미처리 요청"),
    "asis_shortfall_frac": Column("fraction", "As-Is unserved share", "As-Is 미처리 비율"),
    "asis_worst_hour": Column("hour", "As-Is worst hour", "As-Is 최악 시간대"),
    "asis_worst_hour_shortfall_requests": Column("requests", "As-Is unserved requests in its worst hour",
                                                 "As-Is 최악 시간대의 미처리 요청"),
    "asis_min_headroom_frac": Column("fraction", "As-Is minimum headroom", "As-Is 최소 여유율"),
    "load_step_s": Column("s", "Load resolution (finest given)", "부하 데이터 간격 (가장 촘촘한 것)"),
    "tobe_shortfall_frac_step": Column("fraction", "To-Be unserved share, hourly load as steps",
                                       "To-Be 미처리 비율 (시간별 부하를 계단으로)"),
    "tobe_shortfall_requests_step": Column("requests", "To-Be unserved requests, hourly load as steps",
                                           "To-Be 미처리 요청 (시간별 부하를 계단으로)"),
    "tobe_shortfall_frac_linear": Column("fraction", "To-Be unserved share, hourly load ramped linearly",
                                         "To-Be 미처리 비율 (시간별 부하를 선형 보간)"),
    "tobe_shortfall_requests_linear": Column("requests", "To-Be unserved requests, hourly load ramped linearly",
                                             "To-Be 미처리 요청 (시간별 부하를 선형 보간)"),
    "tobe_shortfall_frac_burst": Column("fraction", "To-Be unserved share, hourly load with per-minute bursts",
                                        "To-Be 미처리 비율 (분 단위 버스트 반영)"),
    "tobe_shortfall_requests_burst": Column("requests", "To-Be unserved requests, hourly load with per-minute bursts",
                                            "To-Be 미처리 요청 (분 단위 버스트 반영)"),
}

# the pricing figures (issue 11) have their own block of the glossary
COLUMNS.update({name: Column(*entry) for name, entry in pricing_columns.COLUMNS.items()})
SUMMARY_FIELDS.update({name: Column(*entry) for name, entry in pricing_columns.SUMMARY_FIELDS.items()})
UNITS.update(pricing_columns.UNITS)

MESSAGES: dict[str, dict[str, str]] = {
    **{f"column.{name}": {"en": c.en, "ko": c.ko} for name, c in COLUMNS.items()},
    **{f"unit.{unit}": dict(labels) for unit, labels in UNITS.items()},
    **{f"summary.{name}": {"en": c.en, "ko": c.ko} for name, c in SUMMARY_FIELDS.items()},
}

#: The glossary as ``column -> (English label, unit, meaning)`` (:data:`planner.GLOSSARY`).
GLOSSARY: dict[str, tuple[str, str, str]] = {name: (c.en, c.unit, c.meaning) for name, c in COLUMNS.items()}


def column_unit(column: str) -> str:
    """Unit code of a frame column (``""`` when dimensionless or not in the glossary)."""
    c = COLUMNS.get(column)
    return c.unit if c else ""


def unit_label(unit: str, lang: str = "en") -> str:
    """How ``unit`` is written in ``lang``: ``"requests/s"`` / ``"요청/초"`` (unknown units as they are)."""
    labels = UNITS.get(unit)
    return labels[check_lang(lang)] if labels else unit


def col_unit(column: str, lang: str = "en") -> str:
    """Unit of a frame column as written in ``lang`` (``""`` when dimensionless)."""
    return unit_label(column_unit(column), lang)


def col_label(column: str, lang: str = "en", with_unit: bool = True) -> str:
    """Label of a frame column in ``lang``, e.g. ``"Load [requests/s]"`` / ``"부하 [요청/초]"``.

    Fractions are labelled ``[%]`` (every table shows them as percent); reason codes carry no unit.
    A column not in the glossary is labelled with its own name."""
    c = COLUMNS.get(column)
    if c is None:
        return column
    name = c.ko if check_lang(lang) == "ko" else c.en
    if not with_unit or c.unit in ("", "code"):
        return name
    return f"{name} [{unit_label(c.unit, lang)}]"


def summary_label(field: str, lang: str = "en") -> str:
    """Label of a :class:`~planner.result.Summary` field, without its unit."""
    c = SUMMARY_FIELDS[field]
    return c.ko if check_lang(lang) == "ko" else c.en


def summary_unit(field: str) -> str:
    """Unit code of a :class:`~planner.result.Summary` field."""
    return SUMMARY_FIELDS[field].unit


def label_with_unit(label: str, unit: str, lang: str = "en") -> str:
    """``label [unit]`` in ``lang``; just the label when the unit is empty, a code or a clock time."""
    if unit in ("", "code", "hour"):
        return label
    return f"{label} [{unit_label(unit, lang)}]"
