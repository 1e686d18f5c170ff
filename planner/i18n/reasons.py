"""What each reason code of the HPA and of the node autoscaler means, in English and Korean (the
Explain tab's legend).

The codes themselves are the engine's (:data:`planner.hpa.REASONS`, ``planner.engine.NODE_REASONS``);
only the sentences live here. Keys ``reasons.hpa.<Code>`` and ``reasons.node.<Code>``.
"""

from __future__ import annotations

from planner.i18n.core import check_lang

MESSAGES: dict[str, dict[str, str]] = {
    # HorizontalPodAutoscaler (planner.hpa.REASONS)
    "reasons.hpa.Steady": {
        "en": "The metrics asked for the current number of pods, so nothing changed.",
        "ko": "지표가 현재 파드 수를 그대로 가리켜 바뀐 것이 없습니다.",
    },
    "reasons.hpa.ScaledUp": {
        "en": "The metrics were above target, so the HPA added pods.",
        "ko": "지표가 목표보다 높아 HPA가 파드를 늘렸습니다.",
    },
    "reasons.hpa.ScaledDown": {
        "en": "The metrics were below target, so the HPA removed pods.",
        "ko": "지표가 목표보다 낮아 HPA가 파드를 줄였습니다.",
    },
    "reasons.hpa.WithinTolerance": {
        "en": "The metrics were close enough to target (inside the tolerance band), so the HPA held.",
        "ko": "지표가 목표와 충분히 가까워(허용 오차 안) HPA가 파드 수를 유지했습니다.",
    },
    "reasons.hpa.NoReadyPods": {
        "en": "No pod was ready to report metrics, so the HPA could not compute a recommendation and held.",
        "ko": "지표를 보고할 준비된 파드가 없어, HPA가 권장값을 계산하지 못하고 파드 수를 유지했습니다.",
    },
    "reasons.hpa.AwaitingReadyPods": {
        "en": "Pods that are still starting were counted as idle, which brought the metrics back to target, "
              "so the HPA waited for them instead of adding more.",
        "ko": "아직 기동 중인 파드를 유휴 상태로 계산하자 지표가 목표 안으로 들어와, HPA가 파드를 더 늘리지 않고 "
              "기다렸습니다.",
    },
    "reasons.hpa.ScaleUpStabilized": {
        "en": "A lower recommendation inside the scale-up stabilization window held the scale-up back.",
        "ko": "스케일 업 안정화 윈도우 안에 더 낮은 권장값이 있어 스케일 업을 미뤘습니다.",
    },
    "reasons.hpa.ScaleDownStabilized": {
        "en": "A higher recommendation inside the stabilization window (5 minutes by default) held the pod count "
              "at that higher value. With spec.behavior this only holds a scale-down back; without it (behavior "
              "none) the HPA always takes the highest recommendation of the window, which can also scale up.",
        "ko": "안정화 윈도우(기본 5분) 안에 더 높은 권장값이 있어 파드 수를 그 값으로 유지했습니다. spec.behavior가 "
              "있으면 스케일 다운만 미루고, 없으면(레거시 규칙) HPA가 늘 윈도우 안의 가장 높은 권장값을 따르므로 "
              "스케일 업이 될 수도 있습니다.",
    },
    "reasons.hpa.ScaleUpLimit": {
        "en": "The scale-up rate limit capped how many pods could be added: with spec.behavior its policies "
              "(by default at most 4 pods or 100% per 15 s); without it (behavior none) at most max(2 x current, 4) "
              "pods per sync.",
        "ko": "스케일 업 속도 제한이 늘릴 수 있는 파드 수를 제한했습니다. spec.behavior가 있으면 그 정책(기본: 15초마다 "
              "최대 4개 또는 100%), 없으면(레거시 규칙) 동기화마다 현재 파드 수의 2배와 4개 중 큰 쪽까지입니다.",
    },
    "reasons.hpa.ScaleDownLimit": {
        "en": "The scale-down rate policy capped how many pods could be removed.",
        "ko": "스케일 다운 속도 정책이 줄일 수 있는 파드 수를 제한했습니다.",
    },
    "reasons.hpa.TooManyReplicas": {
        "en": "The HPA wanted more pods than max_replicas allows, so it stopped at the maximum.",
        "ko": "HPA가 max_replicas보다 많은 파드를 원했지만 최댓값에서 멈췄습니다.",
    },
    "reasons.hpa.TooFewReplicas": {
        "en": "The HPA wanted fewer pods than min_replicas allows, so it stopped at the minimum.",
        "ko": "HPA가 min_replicas보다 적은 파드를 원했지만 최솟값에서 멈췄습니다.",
    },
    "reasons.hpa.ScalingDisabled": {
        "en": "Autoscaling is off: the Deployment was scaled to zero replicas (with min_replicas above 0 "
              "the HPA does nothing until it is scaled back).",
        "ko": "오토스케일링 중지: 디플로이먼트 레플리카가 0으로 줄어 있어(min_replicas는 0보다 큼), 다시 늘리기 "
              "전까지 HPA가 동작하지 않습니다.",
    },
    "reasons.hpa.CPUInitialization": {
        "en": "Held: CPU samples of new pods are ignored during their initialization period (their metrics "
              "window started before they were Ready), so they count at zero and the scale-up waits.",
        "ko": "보류: 새 파드의 CPU 샘플은 초기화 기간 동안 무시됩니다(지표 수집 구간이 파드가 준비 상태가 되기 전에 시작됨). "
              "이 파드들을 0으로 계산하므로 스케일 업을 기다립니다.",
    },
    # node autoscaler (planner.engine.NODE_REASONS)
    "reasons.node.Steady": {
        "en": "Node count unchanged: the pods fit on the ready nodes and no node is unneeded.",
        "ko": "노드 수 유지: 파드가 준비된 노드에 모두 들어가고, 불필요한 노드가 없습니다.",
    },
    "reasons.node.ScaleUp": {
        "en": "Pods (plus spare nodes) did not fit: new nodes were requested.",
        "ko": "파드(와 예비 노드)가 들어가지 않아 새 노드를 요청했습니다.",
    },
    "reasons.node.ScaleDown": {
        "en": "Nodes were unneeded for the whole --scale-down-unneeded-time: removed.",
        "ko": "노드가 --scale-down-unneeded-time 내내 불필요해서 제거했습니다.",
    },
    "reasons.node.Provisioning": {
        "en": "Requested nodes are still starting (boot, kubelet registration, DaemonSets); pending pods wait "
              "for them.",
        "ko": "요청한 노드가 아직 뜨는 중입니다(부팅, kubelet 등록, 데몬셋). 대기 중 파드는 그 노드를 기다립니다.",
    },
    "reasons.node.ScaleDownDelayAfterAdd": {
        "en": "Nodes are unneeded, but a scale-up happened recently (--scale-down-delay-after-add): kept.",
        "ko": "불필요한 노드가 있지만 최근에 스케일 업이 있어(--scale-down-delay-after-add) 유지합니다.",
    },
    "reasons.node.ScaleDownUnneededWait": {
        "en": "Nodes are unneeded, but not yet for the full --scale-down-unneeded-time: kept for now.",
        "ko": "불필요한 노드가 있지만 아직 --scale-down-unneeded-time을 채우지 못해 당분간 유지합니다.",
    },
    "reasons.node.MaxNodesReached": {
        "en": "More nodes are needed, but the node pool is at its maximum size.",
        "ko": "노드가 더 필요하지만 노드 풀이 최대 크기입니다.",
    },
    "reasons.node.ScaleUpBackoff": {
        "en": "More nodes are needed, but requested nodes did not come up within --max-node-provision-time "
              "(no capacity): the node group is backed off before the next try.",
        "ko": "노드가 더 필요하지만 요청한 노드가 --max-node-provision-time 안에 뜨지 않아(용량 부족) "
              "노드 그룹이 백오프 중입니다. 백오프가 끝나면 다시 요청합니다.",
    },
}

KINDS = ("hpa", "node")


def reason_codes(kind: str) -> list[str]:
    """The codes of ``kind`` ("hpa" or "node") that have sentences, in table order."""
    prefix = f"reasons.{kind}."
    return [key[len(prefix):] for key in MESSAGES if key.startswith(prefix)]


def reason_text(code: str, lang: str = "en", kind: str = "hpa") -> str:
    """What reason ``code`` of ``kind`` ("hpa" or "node") means, in ``lang``; an unknown code is
    returned as it is (the code itself is still shown)."""
    entry = MESSAGES.get(f"reasons.{kind}.{code}")
    return entry[check_lang(lang)] if entry else code
