"""Pure logic behind the page: load tables, widget overlay (lossless), URL encoding, i18n formats,
explain tables, the scenario library, and the import rule (only planner.ui imports streamlit)."""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import planner
from planner.i18n import COLUMNS, LANGS, MESSAGES, col_label, fmt_hour, fmt_krw, fmt_money, fmt_pct, fmt_usd, \
    reason_text
from planner.result import GLOSSARY
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from planner.ui import library
from planner.ui import state as S
from planner.ui.explain import explain_hourly, explain_steps, node_reason_summary, reason_legend

ROOT = Path(__file__).resolve().parent.parent


# --- load tables -----------------------------------------------------------------------------
def test_day_week_and_series_modes():
    day = S.tables_from_loads({"A": [1.0] * 24, "B": [2.0] * 24})
    assert day.mode == S.MODE_DAY and list(day.tables) == ["day"]
    week = S.tables_from_loads({"A": [1.0] * 24 * 5 + [3.0] * 48, "B": [2.0] * 24})
    assert week.mode == S.MODE_WEEK
    assert list(week.tables["weekend"]["A"]) == [3.0] * 24 and list(week.tables["weekend"]["B"]) == [2.0] * 24
    series = S.tables_from_loads({"A": list(map(float, range(168)))})
    assert series.mode == S.MODE_SERIES and len(series.tables["series"]) == 168


def test_loads_keep_each_service_length():
    lt = S.tables_from_loads({"A": [1.0] * 120 + [3.0] * 48, "B": [2.0] * 24})
    values, problems = S.read_tables(lt)
    assert not problems
    loads = S.loads_from_values(lt, values)
    assert loads == {"A": [1.0] * 120 + [3.0] * 48, "B": [2.0] * 24}


def test_day_to_week_and_back():
    lt = S.tables_from_loads({"A": [float(h) for h in range(24)]})
    week = S.to_week(lt)
    assert week.mode == S.MODE_WEEK and list(week.tables["weekend"]["A"]) == [float(h) for h in range(24)]
    back = S.to_day(week)
    assert back.mode == S.MODE_DAY and list(back.tables["day"]["A"]) == [float(h) for h in range(24)]


def test_editor_state_and_cell_problems():
    lt = S.tables_from_loads({"A": [1.0] * 24, "B": [2.0] * 24})
    df = S.apply_editor_state(lt.tables["day"], {"edited_rows": {0: {"A": None}, 1: {"A": "x"}, 2: {"B": -1.5},
                                                                 3: {"B": float("inf")}, 4: {"A": 7}}})
    values, problems = S.read_tables(S.LoadTables(lt.mode, {"day": df}, lt.orig_len))
    assert problems == [
        "Load table, hour 0, service A: empty; enter a number >= 0 [requests/s]",
        "Load table, hour 1, service A: 'x' is not a number; enter a number >= 0 [requests/s]",
        "Load table, hour 2, service B: -1.5 is negative; enter a number >= 0 [requests/s]",
        "Load table, hour 3, service B: inf is not a number; enter a number >= 0 [requests/s]",
    ]
    assert values["day"]["A"][4] == 7.0 and math.isnan(values["day"]["A"][0])
    _, ko = S.read_tables(S.LoadTables(lt.mode, {"day": df}, lt.orig_len), "ko")
    assert ko[0] == "부하 표, 0시, 서비스 A: 빈 칸입니다. 0 이상의 숫자를 입력하세요 [요청/초]"


def test_rename_drop_and_set_column():
    lt = S.tables_from_loads({"A": [1.0] * 24, "B": [2.0] * 24})
    lt = S.rename_column(lt, "A", "web")
    assert lt.services == ["web", "B"] and "web" in lt.orig_len
    lt = S.drop_column(lt, "B")
    assert lt.services == ["web"]
    week = S.to_week(lt)
    week = S.set_column(week, "new", "weekend", [5.0] * 24)
    assert list(week.tables["weekday"]["new"]) == [5.0] * 24  # a new service starts equal on both
    week = S.set_column(week, "new", "weekend", [6.0] * 24)
    assert list(week.tables["weekday"]["new"]) == [5.0] * 24 and list(week.tables["weekend"]["new"]) == [6.0] * 24


# --- widgets overlay ---------------------------------------------------------------------------
def test_widgets_that_equal_the_base_leave_it_unchanged():
    d = scenario_to_dict(default_scenario())
    d["as_is"]["target_utilization_frac"] = 0.07 * 10  # 0.7000000000000001: shown as 70 %
    d["services"][0]["hpa"]["tolerance_frac"] = 0.07
    d["as_is"]["server"] = {"instance_type": "box", "provider": None, "region": None, "vcpu": 8.0,
                            "memory_gib": 32.0, "usd_per_hour": 0.5}
    widgets = S.widget_values(d)
    assert widgets["asis.target_pct"] == 70.0 and widgets["svc0.tol_pct"] == 7.0
    assert widgets["asis.provider"] == S.CUSTOM
    assert S.apply_widgets(d, widgets) == d


def test_widgets_change_only_their_field():
    d = scenario_to_dict(default_scenario())
    w = S.widget_values(d)
    w.update({"svc2.hpa_mem_pct": 0.0, "svc0.hpa_cpu_pct": 50.0, "svc1.backups": 3, "growth_pct": 25.0,
              "node.instance_type": "m5.large"})
    out = S.apply_widgets(d, w)
    assert [m["name"] for m in out["services"][2]["hpa"]["metrics"]] == ["cpu"]
    assert out["services"][0]["hpa"]["metrics"][0]["target_utilization_frac"] == 0.5
    assert out["services"][1]["backup_servers"] == 3
    assert out["growth_frac"] == 0.25
    assert out["cluster"]["node"]["instance_type"] == "m5.large"
    assert out["as_is"] == d["as_is"]
    validate_scenario(out)


def test_memory_metric_can_be_added():
    d = scenario_to_dict(default_scenario())
    w = S.widget_values(d)
    w["svc0.hpa_mem_pct"] = 80.0
    out = S.apply_widgets(d, w)
    assert [m["name"] for m in out["services"][0]["hpa"]["metrics"]] == ["cpu", "memory"]
    assert validate_scenario(out).services[0].hpa.metrics[1].target_utilization_frac == 0.8


def test_service_name_checks():
    assert S.check_service_name("D", ["A", "B"]) is None
    assert S.check_service_name("A", ["A", "B"]) == "A service named 'A' already exists."
    assert S.check_service_name("A", ["A", "B"], allow="A") is None
    assert S.check_service_name("", ["A"]) == "A service name must not be empty."
    assert S.check_service_name(" x", ["A"]) == "A service name must not start or end with spaces."
    assert S.check_service_name("x" * 65, ["A"]) == "A service name has at most 64 characters."


def test_problem_text_names_the_service():
    assert S.problem_text("services[1].hpa", "max_replicas must be >= min_replicas (3); got 2", ["A", "B"]) == \
        "service 'B': hpa: max_replicas must be >= min_replicas (3); got 2"
    assert S.problem_text("cluster.max_nodes", "bad", ["A"]) == "cluster.max_nodes: bad"


def test_url_encoding_round_trip_and_garbage():
    d = scenario_to_dict(default_scenario())
    text = S.encode_scenario(d)
    assert S.decode_scenario(text) == d
    assert len(text) <= 2083  # fits the most restrictive browser URL limit (2,083 characters, Internet Explorer)
    for bad in ("", "abc", "!!!", S.encode_scenario({"x": 1})[:-5]):
        with pytest.raises(ValueError):
            S.decode_scenario(bad)


# --- i18n ------------------------------------------------------------------------------------
def test_every_message_has_both_languages():
    for key, entry in MESSAGES.items():
        assert set(entry) == set(LANGS), key
    assert set(GLOSSARY) <= set(COLUMNS)


@pytest.mark.parametrize("usd, lang, rate, expected", [
    pytest.param(1681.92, "en", None, "$1,682", id="usd"),
    pytest.param(-12.4, "en", None, "-$12", id="negative"),
    pytest.param(1681.92, "en", 1300, "$1,682 (₩2,186,496)", id="krw_en"),
    pytest.param(1681.92, "ko", 1300, "$1,682 (218만 원)", id="krw_ko_man"),
    pytest.param(123456.0, "ko", 1000, "$123,456 (1억 2,345만 원)", id="krw_ko_eok"),
    pytest.param(5.0, "ko", 1000, "$5 (5,000원)", id="krw_ko_small"),
])
def test_money(usd, lang, rate, expected):
    assert fmt_money(usd, lang, rate) == expected


def test_numbers_and_hours_per_language():
    assert fmt_pct(0.4688, "en") == "46.9%" and fmt_pct(0.4688, "ko") == "46.9%"  # one format (fmt_pct)
    assert fmt_usd(0.0) == "$0" and fmt_krw(0.4, "ko") == "0원"
    assert fmt_hour(14, "en") == "14:00" and fmt_hour(14, "ko") == "14시"
    # a 168-hour plan is a week from Monday 00:00: hour 38 = Tuesday 14:00; other long plans count days
    assert fmt_hour(38, "en", 168) == "Tue 14:00" and fmt_hour(38, "ko", 168) == "화 14시"
    assert fmt_hour(38, "en", 72) == "Day 2 14:00" and fmt_hour(38, "ko", 72) == "2일차 14시"
    assert fmt_hour(167, "en", 168) == "Sun 23:00"
    assert col_label("load_requests_per_s", "en") == "Load [requests/s]"
    assert col_label("load_requests_per_s", "ko") == "부하 [요청/초]"


def test_every_engine_reason_code_is_explained():
    from planner.engine import HPA_REASONS, NODE_REASONS

    for code in HPA_REASONS:
        assert reason_text(code, "en", "hpa") != code
        assert reason_text(code, "ko", "hpa") != reason_text(code, "en", "hpa")
    for code in NODE_REASONS:
        assert reason_text(code, "en", "node") != code
        assert reason_text(code, "ko", "node") != reason_text(code, "en", "node")


# --- explain ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def plan():
    return planner.plan(default_scenario())


def test_node_reason_summary():
    assert node_reason_summary(pd.Series(["Steady"] * 5)) == "Steady"
    assert node_reason_summary(pd.Series(["Steady", "ScaleUp", "Provisioning", "Provisioning"])) == \
        "Provisioning ×2, ScaleUp ×1"


def test_explain_hourly_carries_engine_numbers(plan):
    table = explain_hourly(plan, "en")
    assert len(table) == 24
    assert list(table["Nodes provisioned [nodes]"]) == list(plan.cluster_hourly["nodes_requested"].round(2))
    b = plan.hourly[plan.hourly.service == "B"]
    assert list(table["B: HPA reason"]) == list(b["hpa_reason"])
    # node reasons per hour, counted by hand from the per-step frame
    cs = plan.cluster_steps
    hour = int(cs[cs.node_reason == "ScaleUp"].hour.iloc[0])
    n_up = int(((cs.hour == hour) & (cs.node_reason == "ScaleUp")).sum())
    assert f"ScaleUp ×{n_up}" in table["Node autoscaler reason"][hour]


def test_explain_steps_all_and_changes_only(plan):
    full = explain_steps(plan, 21, "en")
    assert len(full) == 3600 // plan.summary.step_s
    assert full["Time"].iloc[0] == "21:00:00" and full["Time"].iloc[-1] == "21:59:45"
    changes = explain_steps(plan, 21, "en", changes_only=True)
    assert 1 <= len(changes) < len(full)
    # every kept row differs from the step before in a count or a reason
    assert changes["Time"].iloc[0] == "21:00:00"
    legend = reason_legend(plan, "ko")
    assert list(legend.columns) == ["컨트롤러", "사유", "의미"]


# --- library ---------------------------------------------------------------------------------
def test_library_round_trip(tmp_path, monkeypatch):
    monkeypatch.setenv(library.ENV_VAR, str(tmp_path / "lib"))
    assert library.list_scenarios() == []
    sc = default_scenario().model_copy(update={"name": "서울 / peak #1"})
    path = library.save(sc)
    assert path.name == "서울_peak_1.yaml"
    assert library.list_scenarios() == [path.name]
    assert library.load(path.name) == sc
    with pytest.raises(ValueError):
        library.load("../x.yaml")


# --- the import rule -------------------------------------------------------------------------
def test_only_planner_ui_imports_streamlit():
    offenders = []
    for path in (ROOT / "planner").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "planner").parts[:1]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                offenders.append(str(path))
    assert offenders == []


def test_pure_modules_import_without_streamlit():
    code = ("import sys; import planner.charts, planner.i18n, planner.loaders, planner.presets, "
            "planner.ui.state, planner.ui.explain, planner.ui.library; "
            "sys.exit(1 if 'streamlit' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_every_message_the_page_uses_exists():
    import re

    files = [*(ROOT / "planner" / "ui").glob("*.py"), ROOT / "planner" / "charts.py"]
    used = {k for f in files for k in re.findall(r'(?<![\w.])t\(\s*"([a-z0-9_]+)"', f.read_text(encoding="utf-8"))}
    used |= {c.label for c in S.GLOBAL_CONTROLS + S.SERVICE_CONTROLS}
    assert used and sorted(k for k in used if k not in MESSAGES) == []
