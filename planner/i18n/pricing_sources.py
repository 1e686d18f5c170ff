"""Korean for the sources of prices and of the costs beside the machines (issue 11).

The pricing stage writes its sources as English data: a rate's citation (``published: AWS Price
List API GetProducts response for ... (as of 2020-07-09)``, see ``planner.pricing.book.Rate.cited``),
a cost line's arithmetic and source (``3 load balancers x 0.0225 USD/hour; costs.as_is.load_balancers
= per_service; ALB-hour us-east-1 0.0225 (third-party pages ...)``, see ``planner.frames``), the
shipped price book's ``source`` column (data/price_book.csv). :func:`pricing_source_text` renders them
in Korean, called (:func:`pricing_source_text`) by :func:`planner.i18n.assumptions.source_text`: the arithmetic with ``×`` and
Korean units, scenario field names and values as written (values in quotes), repository paths,
URLs, SKUs and API names as they are, the rest phrase by phrase. ``None`` when a text is not one
of these (the caller then shows it as it is).

Keys: ``pricing_source.<English>`` (whole sources), ``pricing_source.basis.<basis>`` (the price basis).
"""

from __future__ import annotations

import re

#: Whole sources (exact English text) -> Korean.
_WHOLE = {
    # defaults of the lines beside the machines (planner/pricing/lines.py SOURCES)
    "ALB-hour us-east-1 0.0225 (third-party pages quoting aws.amazon.com/elasticloadbalancing/pricing)":
        "ALB 시간당 요금 us-east-1 0.0225 (aws.amazon.com/elasticloadbalancing/pricing 인용, 제3자 페이지)",
    "NAT gateway-hour us-east-1 0.045 (third-party: egresscost.com, 2026-03)":
        "NAT 게이트웨이 시간당 요금 us-east-1 0.045 (제3자 자료: egresscost.com, 2026-03)",
    "NAT data processed us-east-1 0.045/GB (third-party: egresscost.com, 2026-03)":
        "NAT 데이터 처리 요금 us-east-1 0.045/GB (제3자 자료: egresscost.com, 2026-03)",
    "inter-AZ transfer 0.01/GB each way (third-party: basavytix.com)":
        "가용 영역 간 전송 요금, 방향마다 0.01/GB (제3자 자료: basavytix.com)",
    "EBS gp3 us-east-1 0.08/GiB-month (third-party: saisci.com, 2021-01)":
        "EBS gp3 us-east-1 0.08/GiB·월 (제3자 자료: saisci.com, 2021-01)",
    "EKS extended support 0.60 vs 0.10 per cluster-hour (data/discounts_and_fees.csv, secondary)":
        "EKS 확장 지원 클러스터·시간당 0.60 (표준 지원 0.10) (data/discounts_and_fees.csv, 2차 자료)",
    # the purchase rows of the assumptions (planner/frames.py, planner/pricing/book.py)
    "cost minimum over the horizon (planner.pricing.commitment)":
        "계획 기간 전체 비용이 가장 낮은 노드 수 (planner.pricing.commitment)",
    "planner.risk.spot_replacement_gap_s (pod start-up, plus node provisioning without a spare node)":
        "planner.risk.spot_replacement_gap_s (파드 기동 시간, 예비 노드가 없으면 노드 프로비저닝 지연 추가)",
    "no rate published: upper bound of AWS Spot Advisor's 15-20 % bucket (22 %), conservative":
        "공개된 중단 빈도 없음: AWS 스팟 인스턴스 어드바이저 15-20 % 구간의 상한 (22 %), 보수적 가정",
    # data/price_book.csv
    "range only: Azure Reserved VM Instances 30-72 % off pay-as-you-go (secondary: api-evangelist Azure VM plans; "
    "Zenn moruku36), taken at the conservative end (30 %) for both terms; supply your own price book":
        "범위만 공개: Azure 예약 VM 인스턴스는 종량제 대비 30-72 % 할인 (2차 자료: 'api-evangelist' Azure VM 요금제 글, "
        "'Zenn' moruku36 글), 두 기간 모두 보수적인 끝값(30 %) 적용; 정확한 요금은 가격표를 직접 올리세요",
}

#: A cost line's quantity in Korean, by the line's quantity unit (planner/pricing/lines.py UNITS).
_QUANTITY = {
    "load balancers": "로드 밸런서 {n}개", "gateways": "NAT 게이트웨이 {n}개", "GB/month": "{n} GB/월",
    "GiB": "{n} GiB", "machines": "머신 {n}대", "clusters": "클러스터 {n}개", "": "{n}",
}
#: Price units of the cost lines.
_PRICE_UNIT = {
    "USD/hour": "USD/시간", "USD/GB": "USD/GB", "USD/GiB-month": "USD/GiB·월",
    "USD/machine-month": "USD/대·월", "USD/month": "USD/월",
}
_BASES = {"published": "공시 가격", "derived": "산출값", "range": "범위 추정", "catalog": "카탈로그",
          "user": "사용자 입력"}

MESSAGES: dict[str, dict[str, str]] = {
    **{f"pricing_source.{en}": {"en": en, "ko": ko} for en, ko in _WHOLE.items()},
    **{f"pricing_source.basis.{en}": {"en": en, "ko": ko} for en, ko in _BASES.items()},
}

_NUM = r"-?[\d,]*\.?\d+(?:e[+-]?\d+)?"
_LINE = re.compile(rf"^(?P<qty>{_NUM}) (?P<qunit>[^;]*?) ?x (?P<price>{_NUM}) (?P<punit>\S+); (?P<rest>.*)$", re.S)
_CITED = re.compile(r"^(?P<basis>published|derived|range|catalog|user): (?P<rest>.*)$", re.S)
_MASTERS = re.compile(r"^(?P<n>\d+) x (?P<type>\S+) on-demand \((?P<inner>.*)\)$", re.S)
_ON_PREM = re.compile(r"^(?P<field>[\w.]+): (?P<price>[\d,.]+) USD over (?P<months>\d+) months \+ (?P<power>[\d,.]+) "
                      r"power/space \+ (?P<licence>[\d,.]+) licence per host-month, (?P<per>\d+) per host$")
_FIELD = r"[a-z][\w.]*"

#: Parts of a cost line's source (split on "; "), as (pattern, Korean template).
_PARTS = (
    (re.compile(rf"^scenario \((?P<f>{_FIELD})\)$"), "시나리오 ({f})"),
    (re.compile(rf"^(?P<f>{_FIELD}) = (?P<v>\S+)$"), "{f} = '{v}'"),
    (re.compile(rf"^(?P<f>{_FIELD}) x share (?P<s>[\d.]+) \(\(zones - 1\) / zones\)$"),
     "{f} × 영역 간 비율 {s} ((가용 영역 수 - 1) / 가용 영역 수)"),
    (re.compile(rf"^(?P<f>{_FIELD}) x share (?P<s>[\d.]+) \(scenario\)$"), "{f} × 영역 간 비율 {s} (시나리오)"),
    (re.compile(rf"^(?P<f>{_FIELD}) x machines$"), "{f} × 머신 수"),
    (re.compile(rf"^(?P<f>{_FIELD}) x machines \(on-prem: in the host price\)$"),
     "{f} × 머신 수 (온프레미스: 호스트 가격에 포함)"),
    (re.compile(rf"^(?P<f>{_FIELD}) \(0 = unknown\)$"), "{f} (0 = 정보 없음)"),
)

#: Phrases of the shipped price book's sources (data/price_book.csv), replaced in order.
_BOOK_PHRASES = (
    (re.compile(r"AWS Price List API GetProducts response for (?P<what>.+?) \(SKU (?P<sku>\w+), offer version "
                r"(?P<ver>\d+)\) quoted verbatim in a public Go test fixture \(code index id (?P<id>\d+)\)"),
     lambda m: (f"AWS Price List API GetProducts 응답 ({m['what'].replace(' shared', ' 공유 테넌시')}, SKU {m['sku']}, "
                f"오퍼 버전 {m['ver']}; 공개된 Go 테스트 픽스처에 그대로 실린 값, 코드 색인 번호 {m['id']})")),
    (re.compile(r"(?P<n>[\d.]+) x (?P<type>\S+) \(AWS prices scale with the size normalization factor\)"),
     r"\g<type> × \g<n> (AWS 가격은 크기 정규화 계수에 비례)"),
    (re.compile(r"(?P<n>[\d.]+) x (?P<type>\S+) \(size normalization factor\)"), r"\g<type> × \g<n> (크기 정규화 계수)"),
    (re.compile(r"AWS Spot Instance Advisor feed \((?P<url>[^)]*)\) as committed in (?P<repo>\S+) (?P<path>\S+): "
                r"savings (?P<pct>[\d.]+ %) over on-demand, interruption bucket (?P<bucket>\S+) "
                r"\(the rate is the bucket's upper bound\)"),
     r"AWS 스팟 인스턴스 어드바이저 피드 (\g<url>, \g<repo> \g<path> 에 커밋된 사본): 온디맨드 대비 \g<pct> 절감, "
     r"중단 빈도 구간 \g<bucket> (비율은 구간의 상한)"),
    (re.compile(r"Compute Savings Plan taken at the convertible-RI rate of the same term and payment "
                r"\(no public per-type SP rates\)"),
     "컴퓨팅 Savings Plan: 같은 기간·결제 방식의 전환형 예약 인스턴스 요금으로 계산 (유형별 Savings Plan 공개 요금 없음)"),
    (re.compile(r"on-demand x \((?P<f>1 - [\d.]+)\): the smaller discount of the published (?P<a>\S+) and (?P<b>\S+) "
                r"rows for this term and payment \(conservative\)"),
     r"온디맨드 × (\g<f>): 같은 기간·결제 방식으로 공시된 \g<a>, \g<b> 요금 중 할인율이 작은 쪽 (보수적)"),
    (re.compile(r"no public per-type rate found"), "유형별 공개 요금 없음"),
    (re.compile(r"\(effective hourly, "), "(실효 시간당 요금, "),
    (re.compile(r"upfront/hourly split of the (?P<type>\S+) partial-upfront row"),
     r"선결제/시간당 요금 비율은 \g<type> 부분 선결제 요금 기준"),
    (re.compile(r"Spot VM list price \((?P<pct>[\d.]+ %) off; Google changes it monthly; "
                r"no interruption rate is published\)"),
     r"스팟 VM 정가 (\g<pct> 할인, Google이 매월 바꿈, 중단 빈도 비공개)"),
    (re.compile(r"resource-based CUD \((?P<pct>[\d.]+ %) off\), billed monthly: (?P<f>\S+) / 730 h"),
     r"리소스 기반 약정 사용 할인 (\g<pct> 할인), 월 단위 청구: \g<f> / 730시간"),
    (re.compile(r"sustained-use discount at a full month \((?P<pct>[\d.]+ %)\), automatic for always-on VMs: "
                r"(?P<f>\S+) / 730 h"),
     r"한 달 내내 켜 둔 VM의 지속 사용 할인 (\g<pct>, 자동 적용): \g<f> / 730시간"),
    (re.compile(r"computed from (?P<repo>\S+) (?P<file>\S+) (?P<at>@\w+) \(Cloud Billing Catalog\), as (?P<csv>\S+)"),
     r"\g<repo> \g<file> \g<at> (Cloud Billing Catalog)에서 계산, \g<csv> 와 같은 방식"),
)


def basis_text(basis: str, lang: str = "en") -> str:
    """A price basis (``published``, ``derived``, ``range``, ``catalog``, ``user``) in ``lang``."""
    entry = MESSAGES.get(f"pricing_source.basis.{basis}")
    return entry[lang] if entry and lang in entry else basis


def _part_ko(part: str, translate) -> str:
    entry = MESSAGES.get(f"pricing_source.{part}")
    if entry:
        return entry["ko"]
    if part.startswith("default: "):
        return "기본값: " + _part_ko(part[len("default: "):], translate)
    for pattern, template in _PARTS:
        m = pattern.match(part)
        if m:
            return template.format(**m.groupdict())
    return translate(part)


def _quantity_ko(qty: str, unit: str) -> str:
    template = _QUANTITY.get(unit.strip())
    if unit.strip() == "machines" and not qty.replace(",", "").isdigit():
        template = "평균 머신 {n}대"  # To-Be: the mean of the autoscaled nodes
    return template.format(n=qty) if template else f"{qty} {unit}"


def line_source_text(source: str, lang: str, source_text) -> str:
    """The ``source`` of one cost line (``costs.as_is.load_balancers = per_service; ALB-hour ...``,
    the cost-lines frame's column) in ``lang``, part by part."""
    if lang == "en" or not source:
        return source
    return "; ".join(_part_ko(p, lambda inner: source_text(inner, lang)) for p in source.split("; "))


def book_source_ko(source: str) -> str:
    """A price-book source phrase by phrase (the shipped book's wording; a user's own text stays)."""
    entry = MESSAGES.get(f"pricing_source.{source}")
    if entry:
        return entry["ko"]
    for pattern, repl in _BOOK_PHRASES:
        source = pattern.sub(repl, source)
    return source


def pricing_source_text(source: str, lang: str, source_text) -> str | None:
    """``source`` in ``lang`` (Korean) when it is a pricing source, else ``None``. ``source_text``
    renders an inner source (:func:`planner.i18n.assumptions.source_text`)."""
    if lang == "en":
        return None

    def translate(inner: str) -> str:
        return source_text(inner, lang)

    entry = MESSAGES.get(f"pricing_source.{source}")
    if entry:
        return entry["ko"]
    m = _LINE.match(source)
    if m:
        parts = "; ".join(_part_ko(p, translate) for p in m["rest"].split("; "))
        price_unit = _PRICE_UNIT.get(m["punit"], m["punit"])
        return f"{_quantity_ko(m['qty'], m['qunit'])} × {m['price']} {price_unit}; {parts}"
    m = _CITED.match(source)
    if m:
        rest = m["rest"] if m["basis"] == "user" else translate(m["rest"])
        return f"{basis_text(m['basis'], 'ko')}: {rest}"
    m = _MASTERS.match(source)
    if m:
        return f"{m['type']} {m['n']}대 온디맨드 ({translate(m['inner'])})"
    m = _ON_PREM.match(source)
    if m:
        return (f"{m['field']}: 호스트 {m['price']} USD를 {m['months']}개월 상각 + 호스트·월당 전력·상면 {m['power']} "
                f"+ 라이선스 {m['licence']}, 호스트당 {m['per']}대")
    m = _PARTS[0][0].match(source)
    if m:
        return _PARTS[0][1].format(**m.groupdict())
    return None
