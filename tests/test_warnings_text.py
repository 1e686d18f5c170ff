"""Warnings render in English and Korean from the same codes and parameters."""

import planner
from builders import make
from planner.i18n.warnings import MESSAGES, plan_warnings


def test_every_warning_has_both_languages_and_the_same_placeholders():
    import string
    for code, entry in MESSAGES.items():
        en, ko = entry["en"], entry["ko"]
        names = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert names(en) == names(ko), code


def test_zero_backups_and_no_spare_warn_in_korean_too():
    p = planner.plan(make({"load_requests_per_s": [700.0] * 2}, as_is={"backup_servers_per_service": 0}))
    en, ko = plan_warnings(p, "en"), plan_warnings(p, "ko")
    assert en == list(p.warnings) and len(ko) == len(en) >= 2
    assert any("배포로 서버 1대를 빼면" in w for w in ko)
    assert any("예비 노드가 없습니다" in w for w in ko)


def test_a_single_server_service_says_every_deploy_is_an_outage():
    """10 requests/s fits one m5.xlarge server; with no backup the deploy takes the only server out.
    The old sentence read '0 server(s) hold 0 requests/s at 70%'."""
    p = planner.plan(make({"load_requests_per_s": [10.0] * 2}, as_is={"backup_servers_per_service": 0}))
    (code, params), = [w for w in p.summary.warning_items if w[0] == "deploy_one_out"]
    assert params["servers_left"] == 0
    en, ko = plan_warnings(p, "en")[0], plan_warnings(p, "ko")[0]
    assert en.startswith("As-Is svc has a single server: every deploy is an outage")
    assert "0 server" not in en and "peak 10 requests/s" in en
    assert ko.startswith("As-Is svc: 서버가 1대뿐이라 배포할 때마다 서비스가 중단됩니다")


def test_warning_numbers_use_the_one_format():
    """Base service on m5.xlarge: (4000 - 100 m OS reserve) x 0.7 / 10 m per request/s = 273 requests/s
    per server at the 70 % target -> 3 servers for 700 requests/s (no backup); one out leaves
    2 x 273 = 546 requests/s, below the peak in hour 1. To-Be at 01:00 (700 requests/s on 2 ready pods of
    100): step 240 serves 200 (500 short; HPA 2 -> 6, one pod fits node 0's free slot, 3 pending get a
    node), step 241 serves 300 (400 short; HPA 6 -> 10), step 242 serves 600 (100 short), then 10 pods:
    (500 + 400 + 100) x 15 s = 15,000 requests. Share 15,000 / 3,240,000 requests = 0.463 % -> '0.46%'
    (two significant digits below 1 %); hour 1 as a clock."""
    p = planner.plan(make({"load_requests_per_s": [100.0, 700.0, 100.0]}, as_is={"backup_servers_per_service": 0}))
    en, ko = plan_warnings(p, "en"), plan_warnings(p, "ko")
    assert en[0] == ("As-Is svc: with one server out for a deploy, the other 2 servers hold 546 requests/s at 70%, "
                     "below the load at 01:00 (peak 700 requests/s); add a backup server or deploy outside those hours.")
    assert "1시의 부하(최대 초당 700건)" in ko[0] and "남은 2대가 목표 사용률 70%에서 초당 546건" in ko[0]
    assert "15,000 requests (0.46% of all)" in en[1] and "요청 15,000건(전체의 0.46%)" in ko[1]
