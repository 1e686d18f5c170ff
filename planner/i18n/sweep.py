"""Wording of sweeps, searches, sensitivity, uncertainty and comparisons (planner.sweep,
planner.search, planner.sensitivity, planner.montecarlo, planner.compare): the "why not cheaper"
sentences, assumption names, chart and table labels, the Explore section and the reports."""

from __future__ import annotations

from typing import Any

from planner.i18n.core import t
from planner.i18n.fmt import fmt_num, fmt_pct, fmt_usd

MESSAGES: dict[str, dict[str, str]] = {
    # why a type is not the first choice
    "sweep.why.infeasible": {"en": "cannot run the pods: {problem}", "ko": "파드를 실행할 수 없음: {problem}"},
    "sweep.why.burstable": {"en": "burstable ({family}): CPU credits are not modelled",
                            "ko": "버스터블 인스턴스({family}): CPU 크레딧은 모델링하지 않음"},
    "sweep.why.arm64": {"en": "arm64 ({family}): needs arm64 images", "ko": "arm64 인스턴스({family}): arm64 이미지 필요"},
    "sweep.why.x86_64": {"en": "x86_64 ({family}): needs amd64 images (the current nodes are {current})",
                         "ko": "x86_64 인스턴스({family}): amd64 이미지 필요 (현재 노드는 {current})"},
    "sweep.why.over_budget": {"en": "over the risk budget: {shortfall} of requests unserved, budget {budget}",
                              "ko": "위험 한도 초과: 요청의 {shortfall} 미처리, 한도 {budget}"},
    "sweep.why.new_warning": {"en": "adds a risk the current plan does not have ({codes})",
                              "ko": "현재 계획에 없는 위험 추가 ({codes})"},
    "sweep.why.costs_more": {"en": "costs {delta}/month more than {best}", "ko": "{best}보다 월 {delta} 더 비쌈"},
    "sweep.why.same_cost": {"en": "costs the same as {best} (ranked by name)", "ko": "{best}와 비용이 같음 (이름순)"},
    "sweep.why.memory_idle": {"en": "{kind}: the pods fill its CPU first, about {idle} of its memory stays unrequested",
                              "ko": "{kind}: CPU가 먼저 차서 메모리의 약 {idle}가 요청되지 않고 남음"},
    "sweep.why.cpu_idle": {"en": "{kind}: the pods fill its memory first, about {idle} of its CPU stays unrequested",
                           "ko": "{kind}: 메모리가 먼저 차서 CPU의 약 {idle}가 요청되지 않고 남음"},
    "sweep.why.bigger_spare": {"en": "{n} spare node(s) cost {usd}/month on it vs {best_usd} on the best type",
                               "ko": "예비 노드 {n}대 비용이 월 {usd} (최저 유형은 {best_usd})"},
    "sweep.why.cheaper_but": {"en": "it would cost {delta}/month less than {best}",
                              "ko": "{best}보다 월 {delta} 저렴하지만 제외됨"},
    "sweep.kind.general": {"en": "general purpose", "ko": "범용"},
    "sweep.kind.compute": {"en": "compute optimised", "ko": "컴퓨팅 최적화"},
    "sweep.kind.memory": {"en": "memory optimised", "ko": "메모리 최적화"},
    "sweep.kind.storage": {"en": "storage optimised", "ko": "스토리지 최적화"},
    "sweep.kind.accelerated": {"en": "accelerated (GPU)", "ko": "가속 컴퓨팅(GPU)"},
    "sweep.kind.unknown": {"en": "custom machine", "ko": "사용자 정의 머신"},
    "sweep.status.best": {"en": "first choice", "ko": "최선"},
    "sweep.status.ok": {"en": "within budget", "ko": "한도 내"},
    "sweep.status.excluded": {"en": "left out", "ko": "제외"},
    "sweep.status.over_budget": {"en": "over the risk budget", "ko": "위험 한도 초과"},
    "sweep.status.infeasible": {"en": "cannot run the pods", "ko": "실행 불가"},
    # assumptions of the tornado
    "sweep.assumption.node_price": {"en": "Node price", "ko": "노드 가격"},
    "sweep.assumption.hpa_target": {"en": "HPA CPU target", "ko": "HPA CPU 목표 사용률"},
    "sweep.assumption.pod_startup": {"en": "Pod start-up", "ko": "파드 기동 시간"},
    "sweep.assumption.provisioning": {"en": "Node provisioning delay", "ko": "노드 프로비저닝 지연"},
    "sweep.assumption.growth": {"en": "Load growth", "ko": "부하 증가율"},
    "sweep.assumption.cpu_per_request": {"en": "CPU per request", "ko": "요청당 CPU"},
    # charts
    "sweep.chart.pareto": {"en": "Node types: monthly cost against unserved share",
                           "ko": "노드 유형별 월 비용과 미처리 비율"},
    "sweep.chart.servers": {"en": "The baseline's server type: saving of To-Be against each",
                            "ko": "As-Is 서버 유형별 To-Be 절감률"},
    "sweep.chart.tornado": {"en": "Which assumption matters most: {metric}", "ko": "가정별 영향: {metric}"},
    "sweep.chart.heatmap": {"en": "{metric} by {x} and {y}", "ko": "{x}·{y}에 따른 {metric}"},
    "sweep.chart.bands": {"en": "How sure: P10-P90 over {n} samples (line: P50, diamond: the plan)",
                          "ko": "불확실성: 표본 {n}개의 P10-P90 (선: P50, 마름모: 기준 계획)"},
    "sweep.chart.histogram": {"en": "Saving per month over {n} samples", "ko": "표본 {n}개의 월 절감액 분포"},
    "sweep.chart.compare_costs": {"en": "Monthly cost by scenario", "ko": "시나리오별 월 비용"},
    "sweep.chart.compare_nodes": {"en": "To-Be nodes by hour, per scenario (dotted: As-Is servers)",
                                  "ko": "시나리오별 시간대 To-Be 노드 수 (점선: As-Is 서버)"},
    "sweep.axis.cost": {"en": "To-Be cost [USD/month]", "ko": "To-Be 비용 [USD/월]"},
    "sweep.axis.asis_cost": {"en": "As-Is cost [USD/month]", "ko": "As-Is 비용 [USD/월]"},
    "sweep.axis.shortfall": {"en": "Unserved share [%]", "ko": "미처리 비율 [%]"},
    "sweep.axis.saving_frac": {"en": "Saving [%]", "ko": "절감률 [%]"},
    "sweep.axis.samples": {"en": "Samples", "ko": "표본 수"},
    "sweep.axis.usd_month": {"en": "USD/month", "ko": "USD/월"},
    "sweep.axis.nodes": {"en": "Nodes", "ko": "노드 수"},
    "sweep.axis.low": {"en": "moved down", "ko": "낮춤"},
    "sweep.axis.high": {"en": "moved up", "ko": "높임"},
    "sweep.legend.budget": {"en": "risk budget", "ko": "위험 한도"},
    "sweep.legend.current": {"en": "current", "ko": "현재"},
    "sweep.legend.p50": {"en": "P50", "ko": "P50"},
    "sweep.legend.plan": {"en": "the plan", "ko": "기준 계획"},
    # headings and sentences (app, CLI, reports)
    "sweep.section": {"en": "Explore", "ko": "탐색"},
    "sweep.search": {"en": "Cheapest node type within the risk budget", "ko": "위험 한도 내 최저 비용 노드 유형"},
    "sweep.search_best": {
        "en": "Cheapest within the budget: {best} at {cost}/month ({delta} vs the current {current}); {n} of {total} "
              "types qualify.",
        "ko": "한도 내 최저 비용: {best}, 월 {cost} (현재 {current} 대비 {delta}); 전체 {total}개 중 {n}개 유형이 한도 내."},
    "sweep.search_none": {"en": "No node type is within the risk budget ({budget} unserved).",
                          "ko": "위험 한도(미처리 {budget}) 안에 드는 노드 유형이 없음."},
    "sweep.why_not": {"en": "Why not cheaper", "ko": "더 저렴한 유형을 고르지 않은 이유"},
    "sweep.mixes": {"en": "Two node pools (a second type for one service, by node selector)",
                    "ko": "노드 풀 2개 (서비스 하나를 노드 셀렉터로 다른 유형에 배치)"},
    "sweep.mix_best": {"en": "Cheaper with two pools: {general} for the others and {own} for {service}, "
                              "{cost}/month ({delta} vs one pool of {single}).",
                       "ko": "노드 풀 2개가 더 저렴: 나머지는 {general}, {service}는 {own}, 월 {cost} "
                             "(단일 풀 {single} 대비 {delta})."},
    "sweep.mix_none": {"en": "No two-pool mix costs less than one pool of {single} ({cost}/month); {planned} of "
                             "{total} pool plans were needed (the lower bound ruled out the rest).",
                       "ko": "단일 풀 {single}(월 {cost})보다 저렴한 2개 풀 조합 없음; 풀 계획 {total}개 중 "
                             "{planned}개만 계산 (나머지는 하한으로 제외)."},
    "sweep.mix_note": {"en": "Pools share no capacity: each keeps its own spare nodes and minimum size.",
                       "ko": "풀끼리 용량을 공유하지 않음: 풀마다 예비 노드와 최소 크기를 따로 유지."},
    "sweep.servers": {"en": "Right-sizing the baseline (As-Is server type)", "ko": "기준선 적정화 (As-Is 서버 유형)"},
    "sweep.servers_line": {
        "en": "The cheapest As-Is server within the budget is {best} ({cost}/month); against it To-Be saves "
              "{saving}. Over the server types the saving ranges from {low} to {high}: the verdict rests on "
              "a fair baseline.",
        "ko": "한도 내 최저 As-Is 서버는 {best} (월 {cost}); 이 기준으로 To-Be 절감률은 {saving}. 서버 유형에 따라 "
              "절감률이 {low}에서 {high}까지 달라지므로 공정한 기준선이 중요함."},
    "sweep.tuning": {"en": "Cheapest settings within the risk budget", "ko": "위험 한도 내 최저 비용 설정"},
    "sweep.tuning_best": {"en": "Cheapest within {budget} unserved: {settings}: {cost}/month ({delta} vs now), "
                                "{shortfall} unserved.",
                          "ko": "미처리 {budget} 이내 최저 비용: {settings}: 월 {cost} (현재 대비 {delta}), 미처리 {shortfall}."},
    "sweep.tuning_none": {"en": "No setting tried is within {budget} unserved; the least is {shortfall} with {settings}.",
                          "ko": "시도한 설정 중 미처리 {budget} 이내가 없음; 가장 적은 것은 {settings}에서 {shortfall}."},
    "sweep.setting.spare_nodes": {"en": "spare nodes {v}", "ko": "예비 노드 {v}"},
    "sweep.setting.min_replicas": {"en": "min replicas {v}", "ko": "최소 레플리카 {v}"},
    "sweep.setting.cpu_target": {"en": "CPU target {v}", "ko": "CPU 목표 {v}"},
    "sweep.setting.node_type": {"en": "node type {v}", "ko": "노드 유형 {v}"},
    "sweep.sensitivity": {"en": "Sensitivity: which assumption matters most", "ko": "민감도: 어떤 가정이 가장 중요한가"},
    "sweep.tornado_line": {"en": "{assumption} moves {metric} the most: from {low} to {high}.",
                           "ko": "{metric}에 가장 큰 영향: {assumption} ({low} ~ {high})."},
    "sweep.uncertainty": {"en": "Uncertainty: how sure are we", "ko": "불확실성: 얼마나 확실한가"},
    "sweep.mc_line": {"en": "Over {n} samples (seed {seed}) the saving is {p10} to {p90} a month (P10-P90, median "
                            "{p50}); To-Be saves money in {share} of them.",
                      "ko": "표본 {n}개(시드 {seed})에서 월 절감액은 {p10} ~ {p90} (P10-P90, 중앙값 {p50}); "
                            "표본의 {share}에서 To-Be가 더 저렴."},
    "sweep.mc_spec": {"en": "Drawn: hourly load noise {noise} (log-normal, mean 1), growth {g_lo} to {g_hi}, pod "
                            "start-up x{s_lo}-{s_hi}, node provisioning x{p_lo}-{p_hi}; each sample planned in full.",
                      "ko": "추출: 시간별 부하 잡음 {noise} (로그정규, 평균 1), 증가율 {g_lo} ~ {g_hi}, 파드 기동 "
                            "x{s_lo}-{s_hi}, 노드 프로비저닝 x{p_lo}-{p_hi}; 표본마다 전체 계획."},
    "sweep.compare": {"en": "Scenarios side by side", "ko": "시나리오 비교"},
    "sweep.compare_diff": {"en": "Assumptions that differ", "ko": "다른 가정"},
    "sweep.compare_same": {"en": "The scenarios have the same assumptions.", "ko": "시나리오의 가정이 모두 같음."},
    "sweep.delta_vs": {"en": "{name} - {base}", "ko": "{name} - {base}"},
    "sweep.col.instance_type": {"en": "Type", "ko": "유형"},
    "sweep.col.status": {"en": "Status", "ko": "상태"},
    "sweep.col.rank": {"en": "Rank", "ko": "순위"},
    "sweep.col.price": {"en": "Price [USD/hour]", "ko": "가격 [USD/시간]"},
    "sweep.col.why": {"en": "Why not", "ko": "사유"},
    "sweep.col.figure": {"en": "Figure", "ko": "지표"},
    "sweep.col.path": {"en": "Field", "ko": "필드"},
    "sweep.col.assumption": {"en": "Assumption", "ko": "가정"},
    "sweep.col.values": {"en": "Low / base / high", "ko": "낮음 / 기준 / 높음"},
    "sweep.col.swing": {"en": "Swing", "ko": "변동폭"},
    "sweep.col.service": {"en": "Service in its own pool", "ko": "별도 풀 서비스"},
    "sweep.col.general": {"en": "General pool", "ko": "일반 풀"},
    "sweep.col.own": {"en": "Own pool", "ko": "별도 풀"},
    "sweep.col.quantile": {"en": "P10 / P50 / P90", "ko": "P10 / P50 / P90"},
    "sweep.col.base": {"en": "The plan", "ko": "기준 계획"},
    "sweep.clipped": {"en": "(kept within the field's bounds)", "ko": "(필드 범위 안으로 제한)"},
    "sweep.progress": {"en": "{done} of {total} plans", "ko": "계획 {total}개 중 {done}개"},
    "sweep.cancelled": {"en": "Stopped after {done} of {total} plans; the figures cover those.",
                        "ko": "계획 {total}개 중 {done}개 후 중단; 수치는 계산된 것만 반영."},
    # the Explore tab
    "sweep.ui.caption": {"en": "Many plans of the scenario on this page: every one through the same engine as the "
                               "headline. Long runs show their progress; Stop ends them.",
                         "ko": "이 화면 시나리오의 여러 계획을 계산 (모두 상단 결과와 같은 엔진). 오래 걸리면 진행률이 "
                               "표시되며 중지 버튼으로 멈출 수 있음."},
    "sweep.ui.what": {"en": "Question", "ko": "질문"},
    "sweep.ui.search": {"en": "Cheaper node type?", "ko": "더 저렴한 노드 유형?"},
    "sweep.ui.sensitivity": {"en": "Which assumption matters?", "ko": "어떤 가정이 중요한가?"},
    "sweep.ui.uncertainty": {"en": "How sure?", "ko": "얼마나 확실한가?"},
    "sweep.ui.compare": {"en": "Side by side", "ko": "나란히 비교"},
    "sweep.ui.budget": {"en": "Risk budget: unserved requests at most [%]", "ko": "위험 한도: 미처리 요청 최대 [%]"},
    "sweep.ui.pools2": {"en": "Also two node pools", "ko": "노드 풀 2개도 검토"},
    "sweep.ui.servers": {"en": "Also right-size the As-Is servers", "ko": "As-Is 서버 유형도 적정화"},
    "sweep.ui.tune": {"en": "Also tune spare nodes, min replicas, CPU target", "ko": "예비 노드·최소 레플리카·CPU 목표도 조정"},
    "sweep.ui.allow_arm": {"en": "Images also run on arm64", "ko": "arm64 이미지도 사용 가능"},
    "sweep.ui.metric": {"en": "Figure", "ko": "지표"},
    "sweep.ui.heat_x": {"en": "Heatmap: across", "ko": "히트맵: 가로"},
    "sweep.ui.heat_y": {"en": "Heatmap: down", "ko": "히트맵: 세로"},
    "sweep.ui.samples": {"en": "Samples", "ko": "표본 수"},
    "sweep.ui.seed": {"en": "Seed", "ko": "시드"},
    "sweep.ui.noise": {"en": "Hourly load noise [%]", "ko": "시간별 부하 잡음 [%]"},
    "sweep.ui.growth": {"en": "Growth range [%]", "ko": "증가율 범위 [%]"},
    "sweep.ui.library": {"en": "From the library", "ko": "라이브러리에서"},
    "sweep.ui.upload": {"en": "Upload scenarios", "ko": "시나리오 업로드"},
    "sweep.ui.variants": {"en": "Variants of this scenario, one per line: path=value; path=value",
                          "ko": "이 시나리오의 변형, 한 줄에 하나: path=value; path=value"},
    "sweep.ui.run": {"en": "Run", "ko": "실행"},
    "sweep.ui.stop": {"en": "Stop", "ko": "중지"},
    "sweep.ui.stopped": {"en": "The last run was stopped before it finished; nothing of it is shown.",
                         "ko": "마지막 실행은 끝나기 전에 중지되어 결과가 표시되지 않음."},
    "sweep.ui.need_two": {"en": "Pick 2-4 scenarios (this one counts).", "ko": "시나리오 2-4개를 고르세요 (현재 시나리오 포함)."},
    "sweep.ui.download": {"en": "Download ({fmt})", "ko": "다운로드 ({fmt})"},
}

_WHY_PARAMS = {"over_budget": ("shortfall_frac", "budget_frac"), "costs_more": ("delta_usd_per_month",),
               "cheaper_but": ("delta_usd_per_month",)}


def why_text(code: str, params: dict[str, Any], lang: str = "en") -> str:
    """One reason ``(code, params)`` of :mod:`planner.search` as a sentence in ``lang``."""
    p = dict(params)
    if code == "over_budget":
        return t("sweep.why.over_budget", lang, shortfall=fmt_pct(p["shortfall_frac"], lang),
                 budget=fmt_pct(p["budget_frac"], lang))
    if code == "same_cost":
        return t("sweep.why.same_cost", lang, best=p["best"])
    if code in ("costs_more", "cheaper_but"):
        return t(f"sweep.why.{code}", lang, delta=fmt_usd(p["delta_usd_per_month"], lang, 2), best=p["best"])
    if code in ("memory_idle", "cpu_idle"):
        return t(f"sweep.why.{code}", lang, kind=t(f"sweep.kind.{p['kind']}", lang), idle=fmt_pct(p["idle_frac"], lang))
    if code == "bigger_spare":
        return t("sweep.why.bigger_spare", lang, n=p["spare_nodes"], usd=fmt_usd(p["usd_per_month"], lang),
                 best_usd=fmt_usd(p["best_usd_per_month"], lang))
    if code == "infeasible":
        return t("sweep.why.infeasible", lang, problem=str(p["problem"]).split("\n")[0])
    return t(f"sweep.why.{code}", lang, **p)


def why_line(name: str, reasons: Any, lang: str = "en") -> str:
    """``"t3.large: burstable (t3): CPU credits are not modelled; it would cost $1.23/month less ..."``."""
    return f"{name}: " + "; ".join(why_text(c, p, lang) for c, p in reasons)


def setting_text(key: str, value: Any, lang: str = "en") -> str:
    """A tuned setting as words: ``"CPU target 60 %"``, ``"spare nodes 1"``."""
    if key == "cpu_target" and isinstance(value, (int, float)):
        v = fmt_pct(float(value), lang)
    elif isinstance(value, float) and value.is_integer():
        v = fmt_num(value, lang)
    else:
        v = str(value)
    return t(f"sweep.setting.{key}", lang, v=v)
