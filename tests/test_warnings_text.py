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
