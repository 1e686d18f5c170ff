"""Wording of the verdict (planner.verdict, issue 15): the equal-risk headline, the fair baselines,
the savings waterfall, the risk card, fix-it advice and the model's caveats, in English and Korean
(docs/glossary.md). Shared by the app, the CLI and the reports."""

from __future__ import annotations

from typing import Any

from planner.i18n.core import t
from planner.i18n.fmt import fmt_num, fmt_pct, fmt_usd

MESSAGES: dict[str, dict[str, str]] = {
    "verdict.title": {"en": "Verdict: the saving at equal risk", "ko": "판정: 같은 위험 수준에서의 절감액"},
    "verdict.headline_equal_risk": {
        "en": "At equal risk, To-Be {saves} against As-Is as configured ({tobe}/month vs {asis}/month): "
              "{change}, no more unserved requests than As-Is (tolerance {tol}){drills}.",
        "ko": "같은 위험 수준에서 To-Be는 현재 구성의 As-Is 대비 {saves} (월 {tobe} 대 월 {asis}): "
              "{change}, 미처리 요청은 As-Is 이하(허용 오차 {tol}){drills}."},
    "verdict.headline_equal_risk_same": {
        "en": "At equal risk, To-Be {saves} against As-Is as configured ({tobe}/month vs {asis}/month): the "
              "configured To-Be already leaves no more requests unserved than As-Is (tolerance {tol}){drills}.",
        "ko": "같은 위험 수준에서 To-Be는 현재 구성의 As-Is 대비 {saves} (월 {tobe} 대 월 {asis}): 현재 "
              "To-Be 구성으로도 미처리 요청이 As-Is 이하입니다(허용 오차 {tol}){drills}."},
    "verdict.headline_none": {
        "en": "No To-Be setting tried within the scenario's bounds reaches the As-Is risk ({asis_frac} of requests "
              "unserved): the configured To-Be leaves {frac} unserved. Do not quote its saving as it stands.",
        "ko": "시나리오 한도 안에서 시도한 어떤 To-Be 설정도 As-Is 위험 수준(미처리 비율 {asis_frac})에 "
              "이르지 못합니다. 현재 To-Be는 요청의 {frac}를 처리하지 못하므로 지금의 절감액을 인용하지 마세요."},
    "verdict.drills_none": {"en": "; failure drills not checked", "ko": "; 장애 훈련은 확인하지 않음"},
    "verdict.drills_ok": {"en": "; survives the failure drills As-Is survives",
                          "ko": "; As-Is가 견디는 장애 훈련을 모두 견딤"},
    "verdict.configured": {
        "en": "As configured, To-Be {saves} ({tobe}/month vs {asis}/month) with {frac} of requests unserved "
              "(As-Is {asis_frac}).",
        "ko": "현재 구성 그대로면 To-Be는 {saves} (월 {tobe} 대 월 {asis}), 미처리 비율 {frac} (As-Is {asis_frac})."},
    "verdict.fair_right_sized": {
        "en": "Against As-Is right-sized (the cheapest server type per service, same target and backups, "
              "{asis}/month on-demand), To-Be {saves}.",
        "ko": "서비스별로 가장 싼 서버 유형으로 맞춘 As-Is(같은 목표 사용률과 백업 서버, 온디맨드 월 {asis}) "
              "대비 To-Be는 {saves}."},
    "verdict.fair_elastic": {
        "en": "Against As-Is on one VM autoscaling group per service ({asis}/month on-demand, {frac} unserved), "
              "To-Be {saves}: what Kubernetes adds over plain VM autoscaling.",
        "ko": "서비스마다 VM 오토스케일링 그룹을 둔 As-Is(온디맨드 월 {asis}, 미처리 비율 {frac}) 대비 "
              "To-Be는 {saves}. 이것이 일반 VM 오토스케일링 대비 쿠버네티스가 더하는 몫입니다."},
    "verdict.saves": {"en": "saves {usd}/month ({pct})", "ko": "월 {usd}({pct}) 절감"},
    "verdict.costs_more": {"en": "costs {usd}/month ({pct}) more", "ko": "월 {usd}({pct}) 더 듦"},
    "verdict.change_cost": {"en": "reaching it costs {usd}/month ({what})",
                            "ko": "여기에 이르려면 월 {usd} 추가 ({what})"},
    # the five plans
    "verdict.plan.asis": {"en": "As-Is as configured", "ko": "현재 구성 As-Is"},
    "verdict.plan.asis_right_sized": {"en": "As-Is right-sized", "ko": "서버 유형을 맞춘 As-Is"},
    "verdict.plan.asis_elastic": {"en": "As-Is on VM autoscaling groups", "ko": "VM 오토스케일링 그룹 As-Is"},
    "verdict.plan.tobe": {"en": "To-Be as configured", "ko": "현재 구성 To-Be"},
    "verdict.plan.tobe_equal_risk": {"en": "To-Be at equal risk", "ko": "같은 위험 수준의 To-Be"},
    "verdict.sheet_waterfall": {"en": "Savings waterfall", "ko": "절감액 단계"},
    "verdict.sheet_plans": {"en": "Five plans", "ko": "다섯 계획"},
    "verdict.plans_title": {"en": "Five plans from the same load and prices", "ko": "같은 부하와 가격으로 계산한 다섯 계획"},
    "verdict.col.plan": {"en": "Plan", "ko": "계획"},
    "verdict.col.cost": {"en": "Cost per month", "ko": "월 비용"},
    "verdict.col.cost_od": {"en": "On-demand per month", "ko": "온디맨드 월 비용"},
    "verdict.col.unserved": {"en": "Unserved share", "ko": "미처리 비율"},
    "verdict.not_reached": {"en": "not reached", "ko": "도달 못 함"},
    # the waterfall
    "verdict.waterfall_title": {"en": "Where the saving comes from", "ko": "절감액은 어디서 나오는가"},
    "verdict.waterfall_note": {
        "en": "Each step is the difference between two computed plans; the steps add up to the saving exactly.",
        "ko": "각 단계는 계산된 두 계획의 차이이며, 단계를 모두 더하면 절감액과 정확히 같습니다."},
    "verdict.col.step": {"en": "Step", "ko": "단계"},
    "verdict.col.saving": {"en": "Saving per month", "ko": "월 절감액"},
    "verdict.col.after": {"en": "Cost after the step", "ko": "단계 후 월 비용"},
    "verdict.step.start": {"en": "As-Is as configured", "ko": "현재 구성 As-Is"},
    "verdict.step.right_sizing": {"en": "Right-sizing the servers", "ko": "서버 유형 맞춤"},
    "verdict.step.elasticity": {"en": "Elasticity (fewer machines at quiet hours)", "ko": "탄력성 (한산한 시간에 머신 축소)"},
    "verdict.step.to_nodes": {"en": "Servers become nodes (node type, pod-sized steps, a spare node per backup)",
                              "ko": "서버를 노드로 (노드 유형, 파드 단위 증감, 백업 서버마다 예비 노드)"},
    "verdict.step.consolidation": {"en": "Consolidation (services share nodes)", "ko": "통합 (서비스가 노드를 공유)"},
    "verdict.step.pooled_spare": {"en": "Pooled spare nodes instead of per-service backups",
                                  "ko": "서비스별 백업 서버 대신 공용 예비 노드"},
    "verdict.step.k8s_overheads": {"en": "Kubernetes overheads (control plane, DaemonSets, kube-reserved)",
                                   "ko": "쿠버네티스 오버헤드 (컨트롤 플레인, 데몬셋, 시스템 예약 자원)"},
    "verdict.step.purchase_options": {"en": "Purchase options", "ko": "구매 옵션"},
    "verdict.step.equal_risk": {"en": "Reaching equal risk", "ko": "같은 위험 수준 맞추기"},
    "verdict.step.end": {"en": "To-Be as configured", "ko": "현재 구성 To-Be"},
    "verdict.step.end_equal_risk": {"en": "To-Be at equal risk", "ko": "같은 위험 수준의 To-Be"},
    "verdict.total": {"en": "Total saving", "ko": "총 절감액"},
    # risk card and fixes
    "verdict.risk.shortfall_above": {
        "en": "Risk: To-Be leaves {frac} of requests unserved ({n} requests), above the {threshold} threshold.",
        "ko": "위험: To-Be가 요청의 {frac}(요청 {n}건)를 처리하지 못해 기준 {threshold}를 넘습니다."},
    "verdict.risk.negative_headroom": {
        "en": "Risk: To-Be's lowest headroom is {frac}: at that step the load is above the ready capacity.",
        "ko": "위험: To-Be 최소 여유율이 {frac}로, 그 단계에서 부하가 준비된 처리 용량을 넘습니다."},
    "verdict.fixes_title": {"en": "Fix-it advice with a price", "ko": "비용을 밝힌 개선 방안"},
    "verdict.fix": {"en": "{change}: {extra}/month, unserved {before} → {after}{ok}",
                    "ko": "{change}: 월 {extra}, 미처리 비율 {before} → {after}{ok}"},
    "verdict.fix_ok": {"en": " (reaches equal risk)", "ko": " (같은 위험 수준 도달)"},
    "verdict.fix_none_needed": {"en": "No change needed: the configured To-Be is at equal risk already.",
                                "ko": "바꿀 것 없음: 현재 To-Be 구성이 이미 같은 위험 수준입니다."},
    "verdict.change.max_nodes": {"en": "raise max_nodes {old} → {new}", "ko": "max_nodes {old} → {new}로 상향"},
    "verdict.change.max_replicas": {"en": "raise {service}'s max_replicas {old} → {new}",
                                    "ko": "{service}의 max_replicas {old} → {new}로 상향"},
    "verdict.change.min_replicas": {"en": "{service}'s min_replicas {old} → {new}",
                                    "ko": "{service}의 min_replicas {old} → {new}"},
    "verdict.change.spare_nodes": {"en": "spare nodes {old} → {new}", "ko": "예비 노드 {old} → {new}대"},
    "verdict.change.cpu_target": {"en": "{service}'s CPU target {old} → {new}",
                                  "ko": "{service}의 CPU 목표 사용률 {old} → {new}"},
    "verdict.change.other": {"en": "{path} {old} → {new}", "ko": "{path} {old} → {new}"},
    # caveats
    "verdict.caveats_title": {"en": "Model caveats", "ko": "모델의 한계"},
    "verdict.caveat.binding_not_metric": {
        "en": "{service}: {resource} runs out first, but the HPA does not scale on {resource}; pods may run out of "
              "{resource} before CPU triggers a scale-up.",
        "ko": "{service}: {resource}가 먼저 바닥나지만 HPA가 {resource}로 스케일하지 않습니다. CPU가 스케일 업을 "
              "일으키기 전에 파드의 {resource}가 부족해질 수 있습니다."},
    "verdict.caveat.burstable": {
        "en": "The {side} type {type} is burstable: CPU credits are not modelled, so sustained load may run slower.",
        "ko": "{side} 유형 {type}는 버스터블 인스턴스입니다. CPU 크레딧을 모델링하지 않으므로 부하가 계속되면 "
              "느려질 수 있습니다."},
    "verdict.caveat.arm64": {
        "en": "The {side} type {type} is arm64: every image must be built for arm64 (multi-arch).",
        "ko": "{side} 유형 {type}는 arm64입니다. 모든 이미지를 arm64용(멀티 아키텍처)으로 빌드해야 합니다."},
    "verdict.caveat.surge_node": {
        "en": "Rolling updates: the surge pods hold extra node time worth {usd}/month.",
        "ko": "롤링 업데이트: 서지 파드가 잡는 추가 노드 시간이 월 {usd}입니다."},
    "verdict.caveat.no_drills": {
        "en": "Failure drills are not part of this verdict: equal risk is judged on unserved requests under the "
              "load alone. See the Failure drills section (planner drill) for what each plan drops when a node, a "
              "zone or a server fails.",
        "ko": "이 판정에는 장애 훈련이 빠져 있습니다. 같은 위험 수준은 부하만으로 본 미처리 요청으로 판단했습니다. "
              "노드·가용 영역·서버 장애 때 각 계획이 놓치는 요청은 장애 훈련 탭(`planner drill`)에서 확인하세요."},
    "verdict.caveat.burst_band": {
        "en": "With per-minute bursts the To-Be leaves {frac} unserved (the plan: {plan_frac}); the verdict uses "
              "the plan's load.",
        "ko": "분 단위 버스트를 넣으면 To-Be 미처리 비율은 {frac}입니다(계획: {plan_frac}). 판정은 계획의 부하를 씁니다."},
    "verdict.side.node": {"en": "node", "ko": "노드"},
    "verdict.side.server": {"en": "server", "ko": "서버"},
    "verdict.resource.cpu": {"en": "CPU", "ko": "CPU"},
    "verdict.resource.memory": {"en": "memory", "ko": "메모리"},
    "verdict.why_quote": {
        "en": "Quote the equal-risk saving: it compares plans that leave no more requests unserved, so a cheaper "
              "To-Be that drops load cannot inflate it. The configured saving rises whenever the To-Be is "
              "allowed to run short.",
        "ko": "같은 위험 수준의 절감액을 인용하세요. 미처리 요청이 더 많지 않은 계획끼리 비교하므로 부하를 흘리는 "
              "싼 To-Be가 절감액을 부풀릴 수 없습니다. 현재 구성의 절감액은 To-Be가 부족하게 운영될수록 커집니다."},
}


def saves(usd: float, frac: float, lang: str = "en") -> str:
    """``saves $764/month (43.7%)`` or ``costs $40/month (2.0%) more``."""
    key = "verdict.saves" if usd >= 0 else "verdict.costs_more"
    return t(key, lang, usd=fmt_usd(abs(usd), lang), pct=fmt_pct(abs(frac), lang))


def _value(path: str, v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def change_text(path: str, old: Any, new: Any, service_names: list[str], lang: str = "en") -> str:
    """One change of a fix in words (``raise A's max_replicas 40 → 44``)."""
    svc = ""
    if path.startswith("services["):
        i = int(path.split("[")[1].split("]")[0])
        svc = service_names[i] if i < len(service_names) else str(i)
    key = ("max_nodes" if path == "cluster.max_nodes" else "spare_nodes" if path == "cluster.spare_nodes"
           else "max_replicas" if path.endswith("hpa.max_replicas") else "min_replicas"
           if path.endswith("hpa.min_replicas") else "cpu_target" if "name=cpu" in path else "other")
    if key == "cpu_target":
        old, new = fmt_pct(float(old), lang), fmt_pct(float(new), lang)
    return t(f"verdict.change.{key}", lang, service=svc, old=_value(path, old), new=_value(path, new), path=path)


def fix_text(fix, service_names: list[str], lang: str = "en") -> str:
    """A fix as one line: its changes, the monthly extra cost, the unserved share before and after."""
    changes = ", ".join(change_text(p, old, new, service_names, lang) for p, old, new in fix.params["changes"])
    return t("verdict.fix", lang, change=changes, extra=("+" if fix.extra_usd_per_month >= 0 else "")
             + fmt_usd(fix.extra_usd_per_month, lang), before=fmt_pct(fix.shortfall_frac_before, lang),
             after=fmt_pct(fix.shortfall_frac_after, lang), ok=t("verdict.fix_ok", lang) if fix.qualifies else "")


def caveat_text(code: str, params: dict[str, Any], lang: str = "en") -> str:
    p = dict(params)
    if "side" in p:
        p["side"] = t(f"verdict.side.{p['side']}", lang)
    if "resource" in p:
        p["resource"] = t(f"verdict.resource.{p['resource']}", lang)
    for k in ("frac", "plan_frac"):
        if k in p:
            p[k] = fmt_pct(p[k], lang)
    if "usd_per_month" in p:
        p["usd"] = fmt_usd(p["usd_per_month"], lang)
    return t(f"verdict.caveat.{code}", lang, **p)


def risk_text(code: str, params: dict[str, Any], lang: str = "en") -> str:
    p = {k: fmt_pct(v, lang) if k in ("frac", "threshold") else v for k, v in params.items()}
    if "requests" in p:
        p["n"] = fmt_num(p["requests"], lang)
    return t(f"verdict.risk.{code}", lang, **p)


def _what(fix, service_names: list[str], lang: str) -> str:
    return ", ".join(change_text(p, old, new, service_names, lang) for p, old, new in fix.params["changes"])


def headline_lines(v, service_names: list[str], lang: str = "en") -> list[str]:
    """The verdict's first lines (``v``: a :class:`planner.verdict.Verdict`): the saving at equal
    risk (or that none is reached), the configured saving beside it, the two fair baselines."""
    asis, tobe, rs, el = (v.plan(k) for k in ("asis", "tobe", "asis_right_sized", "asis_elastic"))
    drills = t("verdict.drills_ok" if v.drills_checked else "verdict.drills_none", lang)
    if v.equal_risk is None:
        first = t("verdict.headline_none", lang, asis_frac=fmt_pct(asis.shortfall_frac, lang),
                  frac=fmt_pct(tobe.shortfall_frac, lang))
    elif not v.equal_risk.overrides:
        first = t("verdict.headline_equal_risk_same", lang,
                  saves=saves(v.equal_risk_saving_usd_per_month, v.equal_risk_saving_frac, lang),
                  tobe=fmt_usd(v.equal_risk.usd_per_month, lang), asis=fmt_usd(asis.usd_per_month, lang),
                  tol=fmt_pct(v.tolerance_frac, lang), drills=drills)
    else:
        change = t("verdict.change_cost", lang, usd=fmt_usd(v.equal_risk.extra_usd_per_month, lang),
                   what=_what(v.equal_risk, service_names, lang))
        first = t("verdict.headline_equal_risk", lang,
                  saves=saves(v.equal_risk_saving_usd_per_month, v.equal_risk_saving_frac, lang),
                  tobe=fmt_usd(v.equal_risk.usd_per_month, lang), asis=fmt_usd(asis.usd_per_month, lang),
                  change=change, tol=fmt_pct(v.tolerance_frac, lang), drills=drills)
    configured = t("verdict.configured", lang, saves=saves(v.saving_usd_per_month, v.saving_frac, lang),
                   tobe=fmt_usd(tobe.usd_per_month, lang), asis=fmt_usd(asis.usd_per_month, lang),
                   frac=fmt_pct(tobe.shortfall_frac, lang), asis_frac=fmt_pct(asis.shortfall_frac, lang))
    od = tobe.usd_per_month_on_demand

    def vs(base: float) -> str:
        return saves(base - od, (base - od) / base if base > 0 else 0.0, lang)

    return [first, configured,
            t("verdict.fair_right_sized", lang, asis=fmt_usd(rs.usd_per_month_on_demand, lang),
              saves=vs(rs.usd_per_month_on_demand)),
            t("verdict.fair_elastic", lang, asis=fmt_usd(el.usd_per_month_on_demand, lang),
              frac=fmt_pct(el.shortfall_frac, lang), saves=vs(el.usd_per_month_on_demand))]


def step_label(key: str, lang: str = "en") -> str:
    return t(f"verdict.step.{key}", lang)


def plan_label(key: str, lang: str = "en") -> str:
    return t(f"verdict.plan.{key}", lang)


def advice_lines(v, service_names: list[str], lang: str = "en") -> list[str]:
    """The risk reasons, then each fix tried with its price (none needed: one line saying so)."""
    out = [risk_text(c, p, lang) for c, p in v.risk_items]
    if v.equal_risk is not None and not v.equal_risk.overrides:
        return out + [t("verdict.fix_none_needed", lang)]
    return out + [fix_text(f, service_names, lang) for f in v.fixes]
