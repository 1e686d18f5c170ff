"""No English reaches a Korean page or report, except names and codes (docs/glossary.md).

The Korean Markdown and HTML reports of several scenarios and the Korean page (Streamlit AppTest,
every tab) are scanned for English words (tests/korean_scan.py); the allow-list is the glossary's plus
the names the user typed (services, the scenario's own title and description) and the plan's input
values that are codes (instance types, metric names). Also: every assumption row the engine builds
has its Korean field name, the shipped scenario's title and description have Korean text, every kind
of bad load file gets a Korean message, and no Korean sentence falls back on "을(를)".
"""

from __future__ import annotations

import copy
import io
import json
import re
from pathlib import Path

import pytest

import planner
from korean_scan import english_words, name_words
from planner import hpa
from planner.engine import NODE_REASONS
from planner.i18n import MESSAGES
from planner.i18n.assumptions import has_translation, source_text
from planner.i18n.scenarios import scenario_text
from planner.i18n.uploads import upload_message
from planner.loaders import LoadFileError, read_load_file
from planner.report import render
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from report_support import ParsedHTML

ROOT = Path(__file__).resolve().parent.parent
CODES = set(hpa.REASONS) | set(NODE_REASONS)


def _variant(**changes) -> dict:
    d = copy.deepcopy(scenario_to_dict(default_scenario()))
    for path, value in changes.items():
        cur = d
        *head, last = path.split("__")
        for p in head:
            cur = cur[int(p)] if p.isdigit() else cur[p]
        cur[last] = value
    return d


def _scenarios():
    yield "default", default_scenario()
    d = _variant(name="결제 시나리오", description="", as_is__backup_servers_per_service=0, cluster__spare_nodes=0)
    d["services"][0]["hpa"]["max_replicas"] = 5
    yield "risky", validate_scenario(d)
    d = _variant(as_is__server={"instance_type": "dell-r650", "provider": None, "region": None, "vcpu": 32,
                                "memory_gib": 256, "usd_per_hour": 1.37},
                 cluster__control_plane={"mode": "nodes", "master_count": 3,
                                         "master": {"instance_type": "m5.large", "provider": "aws",
                                                    "region": "us-east-1"}})
    yield "custom_and_masters", validate_scenario(d)
    d = _variant(cluster__node={"instance_type": "Standard_D4s_v5", "provider": "azure", "region": "eastus"},
                 as_is__server={"instance_type": "Standard_D4s_v5", "provider": "azure", "region": "eastus"})
    yield "azure", validate_scenario(d)
    d = _variant(cluster__node={"instance_type": "n2-standard-4", "provider": "gcp", "region": "us-central1"},
                 as_is__server={"instance_type": "n2-standard-4", "provider": "gcp", "region": "us-central1"})
    d["services"][1]["load_requests_per_s"] = [float(100 + (h * 37) % 90) for h in range(168)]
    yield "gcp_week", validate_scenario(d)


SCENARIOS = dict(_scenarios())


#: the week's failure drills make its reports take ~10 s: that case runs in the slow set (CI)
@pytest.fixture(scope="module", params=[pytest.param(k, marks=pytest.mark.slow) if k == "gcp_week" else k
                                        for k in sorted(SCENARIOS)])
def plan(request):
    return planner.plan(SCENARIOS[request.param])


def allowed_for(plan) -> set[str]:
    """Names the user gave (shown as written) and the plan's input values that are codes."""
    sc = plan.scenario
    own = [sc.name, sc.description] if scenario_text(sc.name, "ko") == sc.name else []
    values = [v for v in plan.assumptions["value"] if isinstance(v, str)]
    return CODES | name_words(*[s.name for s in sc.services], *own, *values)


# --- reports ----------------------------------------------------------------------------------
def test_korean_markdown_report_has_no_english(plan):
    text = render(plan, "md", lang="ko").decode("utf-8")
    assert english_words(text, allowed_for(plan)) == []


def _visible_html_text(html_text: str) -> str:
    """Text a reader sees: outside scripts, styles, <pre> (the scenario YAML) and <code> (commands)."""
    stripped = re.sub(r"<(pre|code)\b[^>]*>.*?</\1>", " ", html_text, flags=re.S)
    return ParsedHTML(stripped).text


def _chart_texts(page: ParsedHTML) -> list[str]:
    """The words a chart draws: titles, axis titles, trace names and tooltips."""
    out = []
    for attrs, body in page.scripts:
        if "plotly-figure" not in (attrs.get("class") or ""):
            continue
        fig = json.loads(body)
        layout = fig["layout"]
        out.append(layout.get("title", {}).get("text", ""))
        for axis in ("xaxis", "yaxis", "yaxis2"):
            out.append(layout.get(axis, {}).get("title", {}).get("text", ""))
        for tr in fig["data"]:
            out += [tr.get("name", ""), re.sub(r"%\{[^}]*\}|<extra></extra>", " ", tr.get("hovertemplate", ""))]
    return out


def test_korean_html_report_has_no_english(plan):
    html_text = render(plan, "html", lang="ko").decode("utf-8")
    allowed = allowed_for(plan)
    assert english_words(_visible_html_text(html_text), allowed) == []
    charts = _chart_texts(ParsedHTML(html_text))
    assert len(charts) > 20 and english_words(" ".join(charts), allowed) == []


def test_the_scan_finds_english_where_there_is_some():
    """The scanner itself: a leftover English label is caught, codes and names are not."""
    assert english_words("월 비용 [USD/month] 미처리 requests") == ["requests"]
    assert english_words("노드 m5.xlarge, hpa.max_replicas, 'hour' 열, --scale-down-unneeded-time") == []
    assert english_words("서비스 web 배포", {"web"}) == []
    assert english_words("Saving per month.") == ["Saving", "per", "month"]


# --- the assumptions ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_assumption_row_has_a_korean_field_name(name):
    """Keyed by the English (group, field) the engine writes: a new row fails here until translated."""
    a = planner.plan(SCENARIOS[name]).assumptions
    missing = [(g, f) for g, f in zip(a["group"], a["field"]) if not has_translation(str(g), str(f))]
    assert missing == []


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_every_assumption_source_reads_in_korean(name):
    p = planner.plan(SCENARIOS[name])
    allowed = allowed_for(p)
    for source in set(p.assumptions["source"]):
        assert english_words(source_text(str(source), "ko"), allowed) == [], source


def test_the_shipped_scenario_has_korean_title_and_description():
    """data/scenarios/default.yaml's text is ours: a change there needs its Korean text here."""
    sc = default_scenario()
    assert scenario_text(sc.name, "ko") == "기본 시나리오 (A, B, C)"
    ko = scenario_text(sc.description, "ko")
    assert ko != sc.description and english_words(ko, {"A", "B", "C"}) == []
    edited = sc.description + " Edited."
    assert scenario_text(edited, "ko") == edited  # the user's own words are shown as written


# --- upload errors ------------------------------------------------------------------------------
def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _wide(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


DAY = [f"{h},{100 + h},50" for h in range(24)]
BAD_FILES = {
    "empty_cell": ("a.csv", _wide(["hour,A,B"] + DAY[:3] + ["3,,50"] + DAY[4:])),
    "not_a_number": ("a.csv", _wide(["hour,A,B"] + DAY[:3] + ["3,abc,50"] + DAY[4:])),
    "negative": ("a.csv", _wide(["hour,A,B"] + DAY[:3] + ["3,-1,50"] + DAY[4:])),
    "hour_twice": ("a.csv", _wide(["hour,A,B"] + DAY + ["3,1,1"])),
    "hour_too_large": ("a.csv", _wide(["hour,A"] + [f"{h},1" for h in range(24)] + ["200,1"])),
    "missing_hours": ("a.csv", _wide(["hour,A,B"] + DAY[:20])),
    "no_header": ("a.csv", _wide(["hour,A,"] + [f"{h},1,2" for h in range(24)])),
    "name_twice": ("a.csv", _wide(["hour,A,A"] + DAY)),
    "name_too_long": ("a.csv", _wide(["hour,A," + "x" * 70] + DAY)),
    "only_hour": ("a.csv", _wide(["hour"] + [str(h) for h in range(24)])),
    "bad_hour": ("a.csv", _wide(["hour,A,B", "x,1,1"] + DAY[1:])),
    "bad_time": ("a.csv", _wide(["timestamp,service,requests", "yesterday,A,5"])),
    "empty_time": ("a.csv", _wide(["timestamp,service,requests", ",A,5", "2024-05-01T01:00:00,A,5"])),
    "empty_service": ("a.csv", _wide(["hour,service,requests"] + [f"{h},,5" for h in range(24)])),
    "service_hour_twice": ("a.csv", _wide(["hour,service,requests"] + [f"{h},A,5" for h in range(24)] + ["3,A,1"])),
    "time_twice": ("a.csv", _wide(["timestamp,service,requests"]
                                  + [f"2024-05-01T{h:02d}:00:00,A,5" for h in range(24)] + ["2024-05-01T03:00:00,A,1"])),
    "too_short": ("a.csv", _wide(["timestamp,service,requests"] + [f"2024-05-01T{h:02d}:00:00,A,5" for h in range(5)])),
    "service_missing_hours": ("a.csv", _wide(["hour,service,requests"] + [f"{h},A,5" for h in range(24)]
                                             + [f"{h},B,5" for h in range(20)])),
    "no_rows": ("a.csv", b"hour,A\n"),
    "long_needs": ("a.csv", _wide(["service,value", "A,1"])),
    "unknown_columns": ("a.csv", _wide(["when,what", "1,2"])),
    "encoding": ("a.csv", b"\xff\xfe\x00\x81hour"),
    "bad_excel": ("a.xlsx", b"not a workbook"),
    "empty_file": ("a.csv", b"  \n"),
    "xls": ("a.xls", b"x"),
    "unknown_type": ("a.pdf", b"x"),
    "too_big": ("big.csv", b"hour,A\n" + b"0,1\n" * (11 * 1024 * 1024 // 4)),
    "many_problems": ("a.csv", _wide(["hour,A,B"] + [f"{h},x,y" for h in range(24)])),
    "excel_row": ("a.xlsx", _xlsx([["hour", "A"]] + [[h, -1 if h == 3 else 1] for h in range(24)])),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_every_kind_of_bad_load_file_gets_a_korean_message(case):
    name, data = BAD_FILES[case]
    with pytest.raises(LoadFileError) as err:
        read_load_file(data, name)
    for problem in err.value.problems:
        ko = upload_message(problem, "ko")
        assert ko != problem, problem
        # the loader's quoted names stay as they are; a library's own error text (Excel, CSV parser) is
        # quoted in brackets after the Korean sentence
        tail = re.sub(r"\((?:[^()]|\([^()]*\))*\)$", "", ko) if case in ("bad_excel",) else ko
        assert english_words(tail, {"A", "B", "C", "x"}) == [], (problem, ko)  # names and column letters


def test_load_file_notes_are_korean_too():
    """A 10-day file of hourly counts is averaged into one day; a 7-day file starting on a Wednesday
    (2024-05-01) is rotated to start on Monday. Both say so."""
    ten_days = ["timestamp,service,requests"] + [f"2024-05-{1 + h // 24:02d}T{h % 24:02d}:00:00,A,3600"
                                                 for h in range(240)]
    week = ["timestamp,service,requests"] + [f"2024-05-{1 + h // 24:02d}T{h % 24:02d}:00:00,A,3600"
                                             for h in range(168)]
    notes = read_load_file(_wide(ten_days), "a.csv")[1]["notes"] + read_load_file(_wide(week), "a.csv")[1]["notes"]
    ko = [upload_message(n, "ko") for n in notes]
    assert ko == ["파일에 240시간(10.0일) 분량이 있어, 시각별 평균으로 24시간 프로파일 하나를 만들었습니다",
                  "한 주가 수요일에 시작해서, 0시가 월요일 00:00이 되도록 옮겼습니다"]


def test_english_upload_messages_are_the_loaders_own():
    problem = "line 5, column 'A' (B): 'abc' is not a finite number; expected a number >= 0"
    assert upload_message(problem, "en") == problem
    assert upload_message(problem, "ko") == "5번째 줄, 열 'A' (B): 숫자가 아닙니다 ('abc'). 0 이상의 숫자가 필요합니다"


# --- particles ---------------------------------------------------------------------------------
def test_no_korean_sentence_needs_a_machine_particle():
    """'을(를)', '이(가)', '(으)로' ... read as machine text; the Korean strings put names after a colon
    or in brackets instead."""
    machine = re.compile(r"\((?:을|를|이|가|은|는|으|와|과)\)|[을를이가은는]\((?:을|를|이|가|은|는)\)")
    bad = {k: e["ko"] for k, e in MESSAGES.items() if machine.search(e["ko"])}
    assert bad == {}


# --- the page ------------------------------------------------------------------------------------
#: Elements whose ``value`` is text the page shows (not a widget's raw value).
SHOWN_VALUES = {"title", "header", "subheader", "caption", "markdown", "metric", "warning", "error", "info", "success",
                "text"}


def _page_texts(app) -> list[str]:
    """Every text the page shows: headings, captions, messages, labels, options, help, metric values,
    table headers and cells, and what the charts draw."""
    out: list[str] = []

    def walk(node) -> None:
        kind = getattr(node, "type", "")
        if kind == "html":
            return  # the page's own <style> (the uploader's Korean texts), not text
        for attr in ("label", "value", "body", "help", "placeholder", "delta"):
            if attr == "value" and kind not in SHOWN_VALUES:
                continue  # a widget's value is the raw option or the user's own text; its shown text is an option
            v = getattr(node, attr, None)
            if isinstance(v, str):
                out.append(v)
        options = getattr(node, "options", None)
        if isinstance(options, (list, tuple)):
            out.extend(str(o) for o in options)
        if getattr(node, "type", "") in ("dataframe", "arrow_data_frame"):
            df = node.value
            out.extend(str(c) for c in df.columns)
            out.extend(str(v) for v in df.to_numpy().ravel() if isinstance(v, str))
        if getattr(node, "type", "") == "plotly_chart":
            spec = json.loads(node.proto.spec)
            layout = spec["layout"]
            out.append(layout.get("title", {}).get("text", ""))
            for axis in ("xaxis", "yaxis", "yaxis2"):
                out.append(layout.get(axis, {}).get("title", {}).get("text", ""))
            for tr in spec["data"]:
                out.extend([tr.get("name", ""), re.sub(r"%\{[^}]*\}|<extra></extra>", " ",
                                                       tr.get("hovertemplate", ""))])
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(app._tree)
    return out


def _risky_scenario():
    """A spiky at 1,500 requests/s and +30 % growth: To-Be leaves requests unserved (the page's risk
    card and both warning groups show)."""
    from planner.presets import preset_profile

    d = scenario_to_dict(default_scenario())
    d["services"][0]["load_requests_per_s"] = preset_profile("spiky", 1500.0)
    d["services"][1]["deploy_windows"] = [{"start_hour": 19, "duration_s": 900}]
    d["as_is"]["backup_servers_per_service"] = 0
    d["growth_frac"] = 0.3
    return validate_scenario(d)


@pytest.mark.parametrize("krw,risky", [(False, False), pytest.param(True, False, marks=pytest.mark.slow),
                                       pytest.param(False, True, marks=pytest.mark.slow)], ids=["usd", "krw", "risky"])
def test_korean_page_has_no_english(tmp_path, monkeypatch, krw, risky):
    """Every section of the Korean page (each drawn only while open, so each is opened in turn)."""
    from streamlit.testing.v1 import AppTest

    from planner.i18n import t
    from planner.ui.page import SECTIONS
    from planner.ui.state import encode_scenario

    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path))
    sc = _risky_scenario() if risky else default_scenario()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.query_params["lang"] = "ko"
    app.query_params["s"] = encode_scenario(scenario_to_dict(sc))
    app.run()
    if krw:
        app.checkbox(key="show_krw").check()
        app.run()
    for box in ("services_box", "upload_box", "assumptions_box"):  # expanders drawn only while open
        app.session_state[box] = True
    texts = []
    for section in SECTIONS:
        app.session_state["section"] = t(section.label_key, "ko")
        app.run()
        assert not app.exception
        texts += _page_texts(app)
    allowed = CODES | name_words(*[s.name for s in sc.services], *[v for v in planner.plan(sc).assumptions["value"]
                                                                   if isinstance(v, str)])
    words = english_words("\n".join(texts), allowed)
    assert words == [], sorted(set(words))
    assert any("미처리" in x for x in texts) and any("최악 시간대" in x for x in texts)
    if risky:
        assert any(x.startswith("위험: To-Be가 요청") for x in texts) and any("As-Is 참고" in x for x in texts)
