"""Wording of environments, the cluster options and the manifests (issue 14), English and Korean.

Keys ``environments.<name>``; notes of :mod:`planner.env_costs` are ``environments.<code>`` with the
note's params. Column labels of the cost tables are in :mod:`planner.i18n.columns`.
"""

from __future__ import annotations

from planner.i18n.core import t

MESSAGES: dict[str, dict[str, str]] = {
    # section / tab
    "environments.tab": {"en": "Environments & manifests", "ko": "환경·매니페스트"},
    "environments.title": {"en": "Cost per environment and per option", "ko": "환경별·구성안별 비용"},
    "environments.intro": {
        "en": "Each environment is a Namespace with its own ConfigMaps and Secrets. Every service runs in every "
              "environment at its load scale; outside the schedule its load is zero. Compare one shared cluster with a "
              "cluster per environment and with As-Is servers per environment.",
        "ko": "환경마다 네임스페이스 하나와 자체 ConfigMap·Secret을 둡니다. 모든 서비스가 각 환경에서 부하 비율만큼 "
              "돌고, 스케줄 밖에서는 부하가 0입니다. 공유 클러스터 하나, 환경별 클러스터, 환경별 As-Is 서버를 비교합니다."},
    "environments.editor": {"en": "Environments (one row each)", "ko": "환경 (한 행에 하나)"},
    "environments.editor_help": {
        "en": "Name: the Namespace (a-z, 0-9, -). Load scale: share of each service's load (0.2 = a fifth). Schedule: "
              "`always`, or days and hours such as 'weekdays 08-20'. Scale to zero: no pods and no nodes outside the "
              "schedule. Empty min/max replicas and backups keep each service's own.",
        "ko": "이름: 네임스페이스 이름 (영소문자, 숫자, -). 부하 비율: 서비스 부하 대비 비율 (0.2 = 5분의 1). "
              "스케줄: `always` 또는 'weekdays 08-20'처럼 요일과 시간. 0으로 축소: 스케줄 밖에서는 파드도 노드도 "
              "없음. 최소/최대 레플리카와 백업을 비워 두면 서비스 자체 값을 씁니다."},
    "environments.example": {"en": "Add prod, stage and dev", "ko": "`prod`·`stage`·`dev` 환경 추가"},
    "environments.col.name": {"en": "Name", "ko": "이름"},
    "environments.col.load_scale": {"en": "Load scale", "ko": "부하 비율"},
    "environments.col.schedule": {"en": "Schedule", "ko": "스케줄"},
    "environments.col.scale_to_zero": {"en": "Scale to zero", "ko": "스케줄 밖 0으로 축소"},
    "environments.col.min_replicas": {"en": "Min replicas", "ko": "최소 레플리카"},
    "environments.col.max_replicas": {"en": "Max replicas", "ko": "최대 레플리카"},
    "environments.col.backup_servers": {"en": "Backup servers", "ko": "백업 서버"},
    "environments.clear": {"en": "Remove all environments", "ko": "환경 모두 제거"},
    "environments.none": {
        "en": "No environments: the plan is the services as given (one environment, 'default').",
        "ko": "환경 없음: 서비스를 입력 그대로 계획합니다 (환경 하나, 'default')."},
    "environments.row_problem": {"en": "Environment row {row}: {problem}", "ko": "환경 {row}행: {problem}"},
    "environments.computing_failed": {"en": "The options could not be computed: {error}",
                                      "ko": "구성안 비용을 계산하지 못했습니다: {error}"},
    # options
    "environments.option": {"en": "Option", "ko": "구성안"},
    "environments.per_month": {"en": "Cost [USD/month]", "ko": "비용 [USD/월]"},
    "environments.option_asis": {"en": "As-Is: servers per environment, each with its own backups",
                                 "ko": "As-Is: 환경별 서버, 각자 백업 포함"},
    "environments.option_shared": {"en": "To-Be: one shared cluster, a Namespace per environment",
                                   "ko": "To-Be: 공유 클러스터 하나, 환경마다 네임스페이스"},
    "environments.option_per_environment": {"en": "To-Be: a cluster per environment",
                                            "ko": "To-Be: 환경마다 클러스터"},
    "environments.control_plane": {"en": "of which control plane", "ko": "그중 컨트롤 플레인"},
    "environments.cheapest": {"en": "Cheapest: {option}", "ko": "가장 저렴한 안: {option}"},
    "environments.per_env_title": {"en": "Per environment", "ko": "환경별"},
    "environments.fig_title": {"en": "Cost per environment and option [USD/month]", "ko": "환경·구성안별 비용 [USD/월]"},
    # notes (planner.env_costs)
    "environments.absent": {
        "en": "{environment} runs no pods and no nodes outside '{schedule}' (it has pods in {hours_frac:.0%} of the hours): "
              "CronJobs scale its Deployments to 0 and back; priced as absent in both To-Be options.",
        "ko": "{environment}는 '{schedule}' 밖에서 파드도 노드도 없습니다 (가동 시간 {hours_frac:.0%}). CronJob이 "
              "디플로이먼트를 0으로 줄였다가 되돌리며, 두 To-Be 안 모두 그 시간을 없는 것으로 계산합니다."},
    "environments.headline_keeps_min_replicas": {
        "en": "The headline's To-Be runs every environment in the shared cluster and keeps scale-to-zero environments at "
              "min replicas with no load outside their schedule (the engine cannot yet hold a Deployment at 0 for some "
              "hours); the shared-cluster option here prices their absence: {saving_usd_per_month:,.2f} USD/month less.",
        "ko": "상단 요약의 To-Be는 모든 환경을 공유 클러스터에서 돌리고, 0으로 축소하는 환경도 스케줄 밖에서 부하 없이 "
              "최소 레플리카를 유지합니다 (엔진이 아직 특정 시간에만 디플로이먼트를 0으로 두지 못함). 여기의 공유 "
              "클러스터 안은 그 시간을 없는 것으로 계산해 월 {saving_usd_per_month:,.2f} USD 적습니다."},
    "environments.allocation": {
        "en": "A shared cluster's cost is split by each environment's share of pod requests hour by hour (CPU and memory as "
              "fractions of a node); idle room, spare nodes and the control plane are spread in the same proportion.",
        "ko": "공유 클러스터 비용은 시간마다 환경별 파드 요청량(노드 대비 CPU·메모리) 비율로 나눕니다. 남는 용량, "
              "예비 노드, 컨트롤 플레인도 같은 비율로 나눕니다."},
    # manifests
    "environments.manifests_title": {"en": "Manifests: from plan to cluster", "ko": "매니페스트: 계획에서 클러스터로"},
    "environments.manifests_intro": {
        "en": "Kubernetes objects that implement exactly this plan: a kustomize folder per environment (Namespace, "
              "ConfigMap, Secret with key names only, Deployment, ClusterIP Service, HPA, PodDisruptionBudget) and the "
              "cluster-wide spare capacity and node autoscaler settings.",
        "ko": "이 계획을 그대로 구현하는 쿠버네티스 오브젝트: 환경마다 kustomize 폴더(네임스페이스, ConfigMap, 키 이름만 "
              "있는 Secret, 디플로이먼트, ClusterIP 서비스, HPA, PodDisruptionBudget)와 클러스터 전체의 예비 용량, "
              "노드 오토스케일러 설정."},
    "environments.k8s_version": {"en": "Target Kubernetes version", "ko": "대상 쿠버네티스 버전"},
    "environments.layout": {"en": "Clusters", "ko": "클러스터 구성"},
    "environments.layout_shared": {"en": "one shared cluster", "ko": "공유 클러스터 하나"},
    "environments.layout_per-environment": {"en": "a cluster per environment", "ko": "환경마다 클러스터"},
    "environments.node_autoscaler": {"en": "Node autoscaler", "ko": "노드 오토스케일러"},
    "environments.download_zip": {"en": "Download manifests (.zip)", "ko": "매니페스트 내려받기 (.zip)"},
    "environments.files": {"en": "{count} files", "ko": "파일 {count}개"},
    "environments.preview": {"en": "Preview a file", "ko": "파일 미리 보기"},
    "environments.manifests_failed": {"en": "The manifests cannot be written: {error}",
                                      "ko": "매니페스트를 만들 수 없습니다: {error}"},
    # reports
    "environments.report_title": {"en": "Environments and cluster options", "ko": "환경과 클러스터 구성안"},
    "environments.sheet": {"en": "Environments", "ko": "환경"},
}


def option_label(option: str, lang: str) -> str:
    """``asis`` / ``shared`` / ``per_environment`` as people read it."""
    return t(f"environments.option_{option}", lang)


def note_text(code: str, params: dict, lang: str) -> str:
    """A note of :class:`planner.env_costs.EnvironmentCosts` as a sentence."""
    return t(f"environments.{code.split('.', 1)[-1]}", lang, **params)
