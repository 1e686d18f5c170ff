"""Wording of failure drills (planner.drills): drill kinds, table headings, the tolerance and fix
sentences, durations, the app's Failure drills section, the CLI and the reports. Keys ``drills.<id>``.

Korean follows docs/glossary.md (장애 훈련, 가용 영역, 미처리 요청, 복구 시간, 예비 노드)."""

from __future__ import annotations

from typing import Any

from planner.i18n.core import t
from planner.i18n.fmt import MISSING, fmt_hour, fmt_num, fmt_pct, fmt_usd, is_missing

MESSAGES: dict[str, dict[str, str]] = {
    # kinds
    "drills.kind.node": {"en": "Node loss", "ko": "노드 장애"},
    "drills.kind.zone": {"en": "Zone loss", "ko": "가용 영역 장애"},
    "drills.kind.as_is_server": {"en": "As-Is server loss", "ko": "As-Is 서버 장애"},
    "drills.kind.capacity": {"en": "No new nodes (capacity shortage)", "ko": "신규 노드 확보 실패 (용량 부족)"},
    "drills.kind_what.capacity": {"en": "To-Be gets no new node for {outage} (the cloud has no capacity of the node "
                                        "type, or a quota is hit): nodes it requests time out after "
                                        "--max-node-provision-time ({max_prov}) and the node group backs off "
                                        "before trying again; As-Is runs a fixed fleet and needs no new machine",
                                  "ko": "To-Be는 {outage} 동안 새 노드를 받지 못함(해당 노드 유형의 클라우드 용량 "
                                        "부족 또는 쿼터 초과). 요청한 노드는 --max-node-provision-time({max_prov}) "
                                        "뒤 취소되고 노드 그룹은 백오프 후 다시 시도. As-Is는 고정 서버라 새 머신이 "
                                        "필요 없음"},
    "drills.kind_what.node": {"en": "To-Be loses {n} node(s) (the one holding most pods of the busiest service); "
                                    "As-Is loses {n} server(s) of the busiest service",
                              "ko": "To-Be는 노드 {n}대(가장 바쁜 서비스의 파드가 가장 많은 노드), "
                                    "As-Is는 가장 바쁜 서비스의 서버 {n}대를 잃음"},
    "drills.kind_what.zone": {"en": "To-Be loses every node of one zone (the one holding most pods of the busiest "
                                    "service); the As-Is servers have no zones in the scenario",
                              "ko": "To-Be는 가용 영역 하나의 노드를 모두 잃음(가장 바쁜 서비스의 파드가 가장 많은 영역). "
                                    "As-Is 서버는 시나리오에 가용 영역이 없어 해당 없음"},
    "drills.kind_what.as_is_server": {"en": "As-Is loses one server of each service until repaired ({repair}); "
                                            "To-Be's machines are nodes (see the node drill)",
                                      "ko": "As-Is는 서비스마다 서버 1대를 수리 완료({repair})까지 잃음. "
                                            "To-Be의 머신은 노드이므로 노드 장애 훈련 참고"},
    # table headings
    "drills.col.kind": {"en": "Drill", "ko": "훈련"},
    "drills.col.hour": {"en": "Hour", "ko": "시각"},
    "drills.col.dropped": {"en": "Unserved requests", "ko": "미처리 요청"},
    "drills.col.share": {"en": "Share of a day", "ko": "하루 요청 대비"},
    "drills.col.worst": {"en": "Worst service", "ko": "영향이 가장 큰 서비스"},
    "drills.col.recover": {"en": "Time to recover", "ko": "복구 시간"},
    "drills.col.extra": {"en": "Extra cost", "ko": "추가 비용"},
    "drills.col.service": {"en": "Service", "ko": "서비스"},
    "drills.col.tobe_nodes": {"en": "To-Be survives losing", "ko": "To-Be가 견디는 장애"},
    "drills.col.tobe_zone": {"en": "To-Be survives a zone loss", "ko": "To-Be 가용 영역 장애"},
    "drills.col.asis_servers": {"en": "As-Is survives losing", "ko": "As-Is가 견디는 장애"},
    "drills.col.verdict": {"en": "In plain words", "ko": "요약"},
    "drills.plan.tobe": {"en": "To-Be", "ko": "To-Be"},
    "drills.plan.asis": {"en": "As-Is", "ko": "As-Is"},
    "drills.na": {"en": "n/a", "ko": "해당 없음"},
    "drills.none": {"en": "none", "ko": "없음"},
    "drills.not_recovered": {"en": "not within the run", "ko": "실행 범위 내 복구 안 됨"},
    "drills.nodes_n": {"en": "{n} node(s)", "ko": "노드 {n}대"},
    "drills.nodes_at_least": {"en": "{n}+ node(s) (tried up to {n})", "ko": "노드 {n}대 이상 (최대 {n}대까지 확인)"},
    "drills.servers_n": {"en": "{n} server(s)", "ko": "서버 {n}대"},
    "drills.servers_at_least": {"en": "{n}+ server(s) (tried up to {n})", "ko": "서버 {n}대 이상 (최대 {n}대까지 확인)"},
    "drills.yes": {"en": "yes", "ko": "견딤"},
    "drills.no": {"en": "no", "ko": "못 견딤"},
    # durations
    "drills.dur.s": {"en": "{s} s", "ko": "{s}초"},
    "drills.dur.min": {"en": "{m} min", "ko": "{m}분"},
    "drills.dur.min_s": {"en": "{m} min {s} s", "ko": "{m}분 {s}초"},
    "drills.dur.h": {"en": "{h} h", "ko": "{h}시간"},
    "drills.dur.h_min": {"en": "{h} h {m} min", "ko": "{h}시간 {m}분"},
    # headings and sentences
    "drills.section": {"en": "Failure drills", "ko": "장애 훈련"},
    "drills.intro": {"en": "Each drill fails machines at the start of an hour and runs both plans from that hour's "
                           "state: unserved requests above the plan without the failure, how long until every "
                           "service is back to full capacity, and what the failure costs on top.",
                     "ko": "훈련마다 해당 시각 시작에 머신 장애를 일으키고 그 시각의 상태에서 두 계획을 실행합니다. "
                           "장애가 없을 때보다 늘어난 미처리 요청, 모든 서비스가 처리 용량을 되찾기까지의 시간, "
                           "장애로 더 드는 비용을 보여줍니다."},
    "drills.timings": {"en": "To-Be timings: a failed node is `NotReady` after {grace} s "
                             "(`--node-monitor-grace-period`), its pods are evicted {toleration} s later "
                             "(`DefaultTolerationSeconds`), rescheduled onto free room or a new node "
                             "({provisioning} s to provision), ready after pod start-up; the failed node is "
                             "billed until removed after {unready} s. As-Is: a failed server is back after {repair}.",
                       "ko": "To-Be 타이밍: 장애 노드는 {grace}초 뒤 `NotReady` 상태가 되고(`--node-monitor-grace-period`), "
                             "그 파드는 {toleration}초 뒤 축출되며(`DefaultTolerationSeconds`), 빈 자리나 새 노드"
                             "(프로비저닝 {provisioning}초)에 다시 스케줄된 뒤 파드 기동 시간이 지나야 준비됩니다. "
                             "장애 노드는 {unready}초 뒤 제거될 때까지 과금됩니다. As-Is: 장애 서버는 {repair} 뒤 복구됩니다."},
    "drills.worst": {"en": "Worst drill for {plan}: {kind} at {hour}: {dropped} requests unserved ({share} of a "
                           "day), mostly {service}; recovered in {recover}.",
                     "ko": "{plan} 최악 훈련: {hour} {kind}, 미처리 요청 {dropped}건(하루 요청의 {share}), "
                           "주로 {service}, 복구 시간 {recover}."},
    "drills.worst_none": {"en": "{plan}: no drill leaves a request unserved.",
                          "ko": "{plan}: 미처리 요청이 생기는 훈련이 없습니다."},
    "drills.heatmap": {"en": "Unserved requests per drill, by hour", "ko": "훈련·시각별 미처리 요청"},
    "drills.heatmap_share": {"en": "Unserved share of a day's requests", "ko": "하루 요청 대비 미처리 비율"},
    "drills.axis.hour": {"en": "Hour of the failure", "ko": "장애 시각"},
    "drills.axis.minutes": {"en": "Minutes after the failure", "ko": "장애 후 경과 시간 [분]"},
    "drills.axis.pods": {"en": "Pods", "ko": "파드 수"},
    "drills.axis.nodes": {"en": "Nodes", "ko": "노드 수"},
    "drills.axis.servers": {"en": "Servers in service", "ko": "가동 중 서버"},
    "drills.axis.dropped": {"en": "Unserved [requests/s]", "ko": "미처리 [요청/초]"},
    "drills.detail_title": {"en": "{kind} at {hour}: minute by minute", "ko": "{hour} {kind}: 분 단위 복구 과정"},
    "drills.legend.ready": {"en": "{service} ready", "ko": "{service} 준비된 파드"},
    "drills.legend.pending": {"en": "{service} pending", "ko": "{service} 대기 중 파드"},
    "drills.legend.lost": {"en": "{service} stuck on the failed node", "ko": "{service} 장애 노드에 묶인 파드"},
    "drills.legend.baseline": {"en": "{service} ready without the failure", "ko": "{service} 장애 없을 때 준비된 파드"},
    "drills.legend.nodes_requested": {"en": "Nodes billed", "ko": "과금 노드"},
    "drills.legend.nodes_ready": {"en": "Nodes ready", "ko": "준비된 노드"},
    "drills.legend.nodes_failed": {"en": "Failed nodes still billed", "ko": "과금 중인 장애 노드"},
    "drills.legend.nodes_baseline": {"en": "Nodes billed without the failure", "ko": "장애 없을 때 과금 노드"},
    "drills.legend.servers": {"en": "{service} servers in service", "ko": "{service} 가동 중 서버"},
    "drills.legend.tobe_dropped": {"en": "To-Be {service}", "ko": "To-Be {service}"},
    "drills.legend.asis_dropped": {"en": "As-Is {service}", "ko": "As-Is {service}"},
    "drills.tolerance": {"en": "Failure tolerance per service (no request unserved at any drilled hour)",
                         "ko": "서비스별 장애 내성 (훈련한 모든 시각에 미처리 요청 없음)"},
    "drills.tolerance_line": {"en": "{service}: To-Be survives losing {tobe} at every hour{zone}; As-Is survives "
                                    "losing {asis}.",
                              "ko": "{service}: To-Be는 모든 시각에 {tobe} 장애를 견딤{zone}. As-Is는 {asis} 장애를 견딤."},
    "drills.tolerance_line_none": {"en": "{service}: To-Be leaves requests unserved when it loses a node at some hour"
                                         "{zone}; As-Is survives losing {asis}.",
                                   "ko": "{service}: To-Be는 어떤 시각에는 노드 1대 장애에도 미처리 요청이 생김{zone}. "
                                         "As-Is는 {asis} 장애를 견딤."},
    "drills.zone_yes": {"en": " and a zone loss", "ko": ", 가용 영역 장애도 견딤"},
    "drills.zone_no": {"en": ", not a zone loss", "ko": ", 가용 영역 장애는 못 견딤"},
    "drills.tobe_none": {"en": "no node", "ko": "노드 0대"},
    "drills.asis_none": {"en": "no server", "ko": "서버 0대"},
    "drills.fix_ok": {"en": "Smallest change that makes To-Be survive what As-Is survives ({n} node(s) lost at "
                            "every hour): {change}, {usd} per month more.",
                      "ko": "As-Is만큼(모든 시각에 노드 {n}대 장애) 견디게 하는 가장 작은 변경: {change}, 월 {usd} 추가."},
    "drills.fix_none": {"en": "None of the {tried} changes tried makes To-Be survive losing {n} node(s) at every hour. "
                              "Pods on a failed node serve nothing for the detection and eviction time, so only "
                              "headroom in ready pods helps, not spare nodes.",
                        "ko": "시도한 변경 {tried}가지 모두 To-Be가 모든 시각에 노드 {n}대 장애를 견디게 하지 못합니다. "
                              "장애 노드의 파드는 감지·축출 시간 동안 요청을 처리하지 못하므로 예비 노드가 아니라 "
                              "준비된 파드의 여유만 도움이 됩니다."},
    "drills.col.change": {"en": "Change tried", "ko": "시도한 변경"},
    "drills.col.extra_month": {"en": "Extra cost per month", "ko": "월 추가 비용"},
    "drills.col.survives": {"en": "To-Be survives", "ko": "To-Be 장애 견딤"},
    "drills.fix_not_needed": {"en": "To-Be already survives what As-Is survives ({n} node(s) lost at every hour).",
                              "ko": "To-Be는 이미 As-Is만큼(모든 시각에 노드 {n}대 장애) 견딥니다."},
    "drills.picker": {"en": "Drill to show minute by minute", "ko": "분 단위로 볼 훈련"},
    "drills.picker_hour": {"en": "Hour of the failure", "ko": "장애 시각"},
    "drills.run_tolerance": {"en": "Find the failure tolerance and the smallest fix", "ko": "장애 내성과 최소 변경 찾기"},
    "drills.tolerance_help": {"en": "Runs every drill per service and re-plans each candidate change (a few seconds).",
                              "ko": "서비스마다 모든 훈련을 실행하고 후보 변경마다 계획을 다시 계산합니다(몇 초 소요)."},
    "drills.running": {"en": "Running the drills...", "ko": "장애 훈련 실행 중..."},
    "drills.not_exact": {"en": "Node and zone drills need whole pods on explicit nodes (simulation.packing exact or "
                               "auto at this size); this plan packs incrementally, so its To-Be drills are n/a.",
                         "ko": "노드·가용 영역 장애 훈련에는 노드별 파드 배치(simulation.packing exact, 또는 이 규모의 "
                               "auto)가 필요합니다. 이 계획은 증분 패킹이라 To-Be 훈련은 해당 없음입니다."},
    "drills.skipped": {"en": "Not run for a plan this large (more than {limit} service-hours); run "
                             "`planner drill` on the scenario.",
                       "ko": "이 규모의 계획(서비스·시간 {limit} 초과)에서는 실행하지 않았습니다. 시나리오에 "
                             "`planner drill`을 실행하세요."},
    "drills.cli_header": {"en": "Failure drills: {name} ({n} drills)", "ko": "장애 훈련: {name} (훈련 {n}건)"},
    "drills.check_failed": {"en": "check failed: the {kind} drill at {hour} leaves {share} of a day's requests "
                                  "unserved on To-Be > {limit}",
                            "ko": "검사 실패: {hour} {kind} 훈련에서 To-Be 미처리 요청이 하루 요청의 {share} > {limit}"},
    "drills.notes": {"en": "Unserved requests and extra cost are the drill's run minus the run without the failure "
                           "over the same steps; a drill runs whole hours until it has recovered and its node group "
                           "is back to the size it would have had.",
                     "ko": "미처리 요청과 추가 비용은 같은 구간에서 장애가 있는 실행과 없는 실행의 차이입니다. "
                           "훈련은 복구되고 노드 풀 크기가 장애가 없을 때와 같아질 때까지 시간 단위로 실행됩니다."},
}


def kind_label(kind: str, lang: str = "en") -> str:
    return t(f"drills.kind.{kind}", lang)


def fmt_duration(seconds: float | None, lang: str = "en") -> str:
    """``390`` -> ``6 min 30 s`` / ``6분 30초``; ``14400`` -> ``4 h``; None/NaN -> not within the run."""
    if is_missing(seconds):
        return t("drills.not_recovered", lang)
    s = int(round(float(seconds)))
    if s < 60:
        return t("drills.dur.s", lang, s=s)
    if s < 3600:
        m, r = divmod(s, 60)
        return t("drills.dur.min_s", lang, m=m, s=r) if r else t("drills.dur.min", lang, m=m)
    h, r = divmod(s, 3600)
    m = r // 60
    return t("drills.dur.h_min", lang, h=h, m=m) if m else t("drills.dur.h", lang, h=h)


def cell(value: Any, what: str, lang: str = "en") -> str:
    """A figure of the drill table as text: ``what`` one of dropped, share, worst, recover, extra."""
    if what == "worst":
        if is_missing(value):
            return t("drills.na", lang)
        return value or t("drills.none", lang)
    if is_missing(value):
        return t("drills.na", lang)
    if what == "dropped":
        return fmt_num(value, lang, 0)
    if what == "share":
        return fmt_pct(value, lang)
    if what == "extra":
        return fmt_usd(value, lang, 2)
    return fmt_num(value, lang, None)


def recover_cell(value: Any, applies: bool, lang: str = "en") -> str:
    return t("drills.na", lang) if not applies else fmt_duration(value, lang)


def nodes_text(k: int, tried: int, lang: str = "en") -> str:
    if k <= 0:
        return t("drills.tobe_none", lang)
    return t("drills.nodes_at_least" if k >= tried else "drills.nodes_n", lang, n=k)


def servers_text(k: int, tried: int, lang: str = "en") -> str:
    if k <= 0:
        return t("drills.asis_none", lang)
    return t("drills.servers_at_least" if k >= tried else "drills.servers_n", lang, n=k)


def tolerance_line(service: str, tobe_nodes: int, tobe_tried: int, tobe_zone: bool | None, asis_servers: int,
                   asis_tried: int, lang: str = "en") -> str:
    zone = "" if tobe_zone is None else t("drills.zone_yes" if tobe_zone else "drills.zone_no", lang)
    key = "drills.tolerance_line" if tobe_nodes > 0 else "drills.tolerance_line_none"
    return t(key, lang, service=service, tobe=nodes_text(tobe_nodes, tobe_tried, lang), zone=zone,
             asis=servers_text(asis_servers, asis_tried, lang))


def fix_sentence(fix: Any, nodes: int, lang: str = "en") -> str:
    """The fix search's answer (a :class:`planner.drills.Fix`, or None when not needed)."""
    if fix is None:
        return t("drills.fix_not_needed", lang, n=nodes)
    if fix.survives:
        return t("drills.fix_ok", lang, n=nodes, change=fix.label, usd=fmt_usd(fix.extra_usd_per_month, lang, 2))
    return t("drills.fix_none", lang, n=nodes, tried=len(fix.tried))


def worst_sentence(row: Any, plan: str, lang: str = "en", horizon_hours: int = 24) -> str:
    """The worst drill of a plan (a row of the drill table, or None) in one sentence."""
    name = t(f"drills.plan.{plan}", lang)
    if row is None or is_missing(row[f"{plan}_dropped_requests"]) or row[f"{plan}_dropped_requests"] <= 0:
        return t("drills.worst_none", lang, plan=name)
    return t("drills.worst", lang, plan=name, kind=kind_label(row["kind"], lang),
             hour=fmt_hour(int(row["hour"]), lang, horizon_hours), dropped=fmt_num(row[f"{plan}_dropped_requests"], lang),
             share=fmt_pct(row[f"{plan}_dropped_frac"], lang), service=row[f"{plan}_worst_service"],
             recover=fmt_duration(row[f"{plan}_recover_s"], lang))


def timings_sentence(cluster: Any, repair_time_s: float, lang: str = "en") -> str:
    return t("drills.timings", lang, grace=cluster.node_monitor_grace_period_s,
             toleration=cluster.pod_eviction_toleration_s, provisioning=cluster.provisioning_delay_s,
             unready=cluster.scale_down_unready_s, repair=fmt_duration(repair_time_s, lang))


__all__ = ["MESSAGES", "MISSING", "cell", "fix_sentence", "fmt_duration", "kind_label", "nodes_text", "recover_cell",
           "servers_text", "timings_sentence", "tolerance_line", "worst_sentence"]

