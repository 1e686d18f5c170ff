"""The assumptions table in every language: group headings, field names and sources.

``planner.planning.assumptions_frame`` builds the rows with English text as data (group, field,
value, unit, source). This module translates them keyed by that English text, so the engine side
stays as it is: a row whose field has no translation here fails ``tests/test_i18n_korean.py`` until
it is added. Sources are translated phrase by phrase (price-list citations keep their repository
paths and API names, which are names).

Keys: ``assumptions.group.<English>``, ``assumptions.field.<English>``, ``assumptions.source.<English>``.
"""

from __future__ import annotations

import re

from planner.i18n.core import check_lang
from planner.i18n.pricing import LINE_NAMES_KO, fmt_option
from planner.i18n.pricing_sources import book_source_ko, pricing_source_text

_GROUPS = {
    "As-Is": "As-Is",
    "To-Be": "To-Be",
    "Simulation": "시뮬레이션",
}

#: "Service <name>" groups: one per service.
SERVICE_GROUP = re.compile(r"^Service (?P<name>.+)$", re.S)

_FIELDS = {
    "server type": "서버 유형",
    "server vCPU": "서버 vCPU",
    "server memory": "서버 메모리",
    "server price": "서버 가격",
    "sizing target utilization": "크기 산정 목표 사용률",
    "backup servers per service": "서비스별 백업 서버",
    "OS reserve CPU": "OS 예약 CPU",
    "OS reserve memory": "OS 예약 메모리",
    "VM overhead CPU": "VM 오버헤드 CPU",
    "VM overhead memory": "VM 오버헤드 메모리",
    "node type": "노드 유형",
    "node vCPU": "노드 vCPU",
    "node memory": "노드 메모리",
    "node price": "노드 가격",
    "allocatable CPU": "할당 가능 CPU",
    "allocatable memory": "할당 가능 메모리",
    "DaemonSet CPU per node": "노드당 데몬셋 CPU",
    "DaemonSet memory per node": "노드당 데몬셋 메모리",
    "pod slots per node": "노드당 파드 자리",
    "spare nodes": "예비 노드",
    "node provisioning delay": "노드 프로비저닝 지연",
    "node launch and boot": "노드 생성·부팅",
    "kubelet registration until Ready": "kubelet 등록·노드 준비",
    "DaemonSets ready on a new node": "새 노드 데몬셋 준비",
    "max node provision time": "노드 프로비저닝 최대 대기",
    "node group backoff initial / max": "노드 그룹 백오프 초기 / 최대",
    "scale-up failure windows": "스케일 업 실패 구간",
    "image pull on a new node": "새 노드 이미지 풀",
    "scale-down unneeded time": "불필요 노드 제거 대기 시간",
    "scale-down delay after add": "스케일 업 후 스케일 다운 유예 시간",
    "scale-down utilization threshold": "스케일 다운 사용률 임계값",
    "control plane": "컨트롤 플레인",
    "step (HPA sync period)": "단계 간격 (HPA 동기화 주기)",
    "interpolation of hourly load": "시간별 부하 보간",
    "start": "시작 상태",
    "hours per month": "월 환산 시간",
    "growth": "성장률",
    "CPU request": "CPU 요청량",
    "memory request": "메모리 요청량",
    "CPU per request/s": "요청/초당 CPU",
    "CPU idle": "유휴 CPU",
    "memory per request/s": "요청/초당 메모리",
    "memory idle": "유휴 메모리",
    "HPA min / max replicas": "HPA 최소 / 최대 레플리카",
    "HPA metrics": "HPA 지표",
    "HPA tolerance": "HPA 허용 오차",
    "scale-down stabilization": "스케일 다운 안정화 윈도우",
    "HPA behavior": "HPA 스케일링 동작",
    "HPA metrics lag": "HPA 지표 지연",
    "CPU initialization period": "CPU 초기화 기간",
    "pod start-up": "파드 기동 시간",
    "backup servers (As-Is)": "백업 서버 (As-Is)",
    # purchase options and the lines beside the machines (planner.frames._purchase_rows)
    "purchase option": "구매 옵션",
    "server rate (recurring)": "서버 요금 (시간당 정기 과금)",
    "server upfront": "서버 대당 선결제",
    "server rate (upfront amortised)": "서버 실효 요금 (선결제 상각 포함)",
    "on-prem hosts": "온프레미스 호스트 수",
    "purchase strategy": "구매 전략",
    "committed nodes": "약정 노드 수",
    "commitment rate (upfront amortised)": "약정 실효 요금 (선결제 상각 포함)",
    "commitment upfront per node": "노드당 약정 선결제",
    "spot rate": "스팟 요금",
    "spot share of the burst": "버스트 중 스팟 비율",
    "spot interruptions": "스팟 중단 빈도",
    "spot interruption gap": "스팟 중단 시 공백",
    **{f"cost line: {key.replace('_', ' ')}": f"머신 외 비용: {ko}" for key, ko in LINE_NAMES_KO.items()},
}

#: Whole sources (after the price-date and formula patterns below).
_SOURCES = {
    "scenario": "시나리오",
    "cluster-autoscaler default": "Cluster Autoscaler 기본값",
    "cluster-autoscaler FAQ (3-4 min on GCE)": "Cluster Autoscaler FAQ (GCE 기준 3-4분)",
    "scenario (part of the FAQ's 3 min)": "시나리오 (FAQ 3분을 나눈 값)",
    "cluster-autoscaler default 15 min": "Cluster Autoscaler 기본값 15분",
    "cluster-autoscaler default 5 / 30 min": "Cluster Autoscaler 기본값 5 / 30분",
    "kube-controller-manager default 15 s": "kube-controller-manager 기본값 15초",
    "kube-controller-manager default 0.1": "kube-controller-manager 기본값 0.1",
    "HPA default 300 s": "HPA 기본값 300초",
    "no spec.behavior: scale-up at most max(2 x current, 4) pods per sync":
        "spec.behavior 없음: 동기화마다 현재 파드 수의 2배와 4개 중 큰 쪽까지 스케일 업",
    "kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization (no behavior)":
        "kube-controller-manager --horizontal-pod-autoscaler-downscale-stabilization (spec.behavior 없음)",
    "metrics-server 15 s window, 15-45 s old (default 30 s)": "metrics-server 15초 수집 구간, 15-45초 전 값 (기본값 30초)",
    "kube-controller-manager default 300 s": "kube-controller-manager 기본값 300초",
    "maxPods - DaemonSet pods": "maxPods - 데몬셋 파드 수",
    "730 = 8760 / 12": "730 = 8760 / 12",
    "managed fee per cluster-hour": "관리형 요금 (클러스터·시간당)",
    "custom (scenario)": "직접 입력 (시나리오)",
}

#: Phrases inside price-list citations (data/instance_catalog.csv ``source``), replaced in order.
_SOURCE_PHRASES = (
    ("(Linux on-demand from AWS Price List API)", "(AWS Price List API의 Linux 온디맨드 가격)"),
    ("(Azure Retail Prices API priceType=Consumption; Linux; non-Spot)",
     "(Azure Retail Prices API priceType=Consumption, Linux, 스팟 제외)"),
    ("(from Cloud Billing Catalog API)", "(Cloud Billing Catalog API 기준)"),
    ("Microsoft Dsv5/Dsv6/Esv5/Fsv2 size tables", "Microsoft Dsv5/Dsv6/Esv5/Fsv2 크기 표"),
    (" cross-checked vs ", " 값을 다음과 대조: "),
    ("vCPU/mem:", "vCPU/메모리:"),
    (" & ", ", "),
)

_DAY = r"\d{4}-\d{2}(?:-\d{2})?"
_PRICE_DATE = re.compile(rf"^(?P<source>.*) \(as of (?P<date>{_DAY}(?:/{_DAY})*)\)$", re.S)  # 2020-07-09/2017-11-12 too
_FORMULA = re.compile(r"^(?P<formula>[a-z]+) formula \(planner/allocatable\.py\)$")
_MASTERS = re.compile(r"^(?P<n>\d+) x (?P<type>\S+)$")
_PLACE = re.compile(r"^custom/(?P<region>.*)$")

MESSAGES: dict[str, dict[str, str]] = {
    **{f"assumptions.group.{en}": {"en": en, "ko": ko} for en, ko in _GROUPS.items()},
    "assumptions.group.Service": {"en": "Service {name}", "ko": "서비스 {name}"},
    **{f"assumptions.field.{en}": {"en": en, "ko": ko} for en, ko in _FIELDS.items()},
    **{f"assumptions.source.{en}": {"en": en, "ko": ko} for en, ko in _SOURCES.items()},
    "assumptions.source.price_date": {"en": "{source} (as of {date})", "ko": "{source} ({date} 기준)"},
    "assumptions.source.formula": {"en": "{formula} formula (planner/allocatable.py)",  # EKS, GKE, AKS
                                   "ko": "{formula} 공식 (planner/allocatable.py)"},
    "assumptions.source.custom": {"en": "custom/{region}", "ko": "직접 입력/{region}"},
    "assumptions.source.masters": {"en": "{n} x {type}", "ko": "{type} {n}대"},
}


def group_text(group: str, lang: str = "en") -> str:
    """The heading of an assumption group in ``lang`` (``"Service A"`` -> ``"서비스 A"``)."""
    if check_lang(lang) == "en":
        return group
    m = SERVICE_GROUP.match(group)
    if m:
        return MESSAGES["assumptions.group.Service"][lang].format(name=m.group("name"))
    entry = MESSAGES.get(f"assumptions.group.{group}")
    return entry[lang] if entry else group


def field_text(field: str, lang: str = "en") -> str:
    """An assumption's field name in ``lang``; a field without a translation is shown as it is."""
    if check_lang(lang) == "en":
        return field
    entry = MESSAGES.get(f"assumptions.field.{field}")
    return entry[lang] if entry else field


def has_translation(group: str, field: str) -> bool:
    """True when both the group and the field of a row have their own Korean text."""
    group_known = bool(SERVICE_GROUP.match(group)) or f"assumptions.group.{group}" in MESSAGES
    return group_known and f"assumptions.field.{field}" in MESSAGES


def source_text(source: str, lang: str = "en") -> str:
    """Where an assumption comes from, in ``lang``: fixed sources from the table, price citations
    phrase by phrase with their date as ``(2026-07-20 기준)``."""
    if check_lang(lang) == "en" or not source:
        return source
    entry = MESSAGES.get(f"assumptions.source.{source}")
    if entry:
        return entry[lang]
    m = _PRICE_DATE.match(source)
    if m:
        return MESSAGES["assumptions.source.price_date"][lang].format(source=source_text(m.group("source"), lang),
                                                                     date=m.group("date"))
    priced = pricing_source_text(source, lang, source_text)
    if priced is not None:
        return priced
    m = _FORMULA.match(source)
    if m:
        return MESSAGES["assumptions.source.formula"][lang].format(formula=m.group("formula").upper())
    m = _PLACE.match(source)
    if m:
        return MESSAGES["assumptions.source.custom"][lang].format(region=m.group("region"))
    m = _MASTERS.match(source)
    if m:
        return MESSAGES["assumptions.source.masters"][lang].format(n=m.group("n"), type=m.group("type"))
    source = book_source_ko(source)
    for en, ko in _SOURCE_PHRASES:
        source = source.replace(en, ko)
    return source


#: Fields whose value is a purchase-option label (``reserved 1y no_upfront + on_demand``).
_OPTION_FIELDS = ("purchase option", "purchase strategy")


def value_text(field: str, value: str, lang: str = "en") -> str:
    """A text value of an assumption as shown in ``lang``: purchase-option labels in words
    (``예약 인스턴스 1년 선결제 없음 + 온디맨드``); every other value as typed (codes, names)."""
    if check_lang(lang) == "en" or field not in _OPTION_FIELDS:
        return value
    return fmt_option(value, lang)


def assumption_row(group: str, field: str, unit: str, source: str, lang: str = "en") -> tuple[str, str, str, str]:
    """(group, field, unit, source) of one assumptions row as shown in ``lang`` (units as in
    :func:`planner.i18n.columns.unit_label`: fractions as ``%``)."""
    from planner.i18n.columns import unit_label

    return group_text(group, lang), field_text(field, lang), unit_label(unit, lang) if unit else "", \
        source_text(source, lang)
