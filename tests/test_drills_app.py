"""The Failure drills tab under AppTest: the worst drill, the picker's minute-by-minute figures and the
tolerance, each checked against planner.drills run without the UI on the same scenario."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from planner import drills
from planner.i18n import fmt_hour, fmt_num, t
from planner.i18n.drills import fmt_duration, kind_label, worst_sentence
from planner.scenario_io import default_scenario
from test_app import APP, run


@pytest.fixture(scope="module")
def table():
    return drills.run_drills(default_scenario())


@pytest.fixture
def at(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path / "library"))
    app = AppTest.from_file(APP, default_timeout=180)
    run(app)
    app.session_state["section"] = t("drills.section", "en")  # open the Failure drills section, as a click does
    return run(app)


def _texts(app) -> list[str]:
    return [m.value for m in app.markdown] + [c.value for c in app.caption]


def test_drills_tab_shows_the_worst_drill_and_the_heat_map(at, table):
    worst = table.worst("tobe")
    assert worst_sentence(worst, "tobe", "en") in _texts(at)
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    heat = [c for c in charts if c["layout"].get("title", {}).get("text") == t("drills.heatmap", "en")]
    assert len(heat) == 1
    tobe_z = heat[0]["data"][0]["z"]
    kinds = list(dict.fromkeys(table.frame.kind))
    node = table.frame[table.frame.kind == "node"].tobe_dropped_requests.tolist()
    assert tobe_z[kinds.index("node")] == pytest.approx(node)


def test_the_picker_shows_one_drill_minute_by_minute(at):
    at.selectbox(key="drill_kind").set_value("node")
    at.select_slider(key="drill_hour").set_value(11)
    run(at)
    d = drills.drill_detail(default_scenario(), "node", 11)
    shown = {m.label: m.value for m in at.metric}
    assert shown[f"To-Be {t('drills.col.dropped', 'en')}"] == fmt_num(d.tobe.dropped_requests, "en")
    assert shown[f"To-Be {t('drills.col.recover', 'en')}"] == fmt_duration(d.tobe.recover_s, "en")
    assert shown[f"As-Is {t('drills.col.recover', 'en')}"] == fmt_duration(4 * 3600, "en")
    title = t("drills.detail_title", "en", kind=kind_label("node", "en"), hour=fmt_hour(11, "en"))
    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (detail,) = [c for c in charts if c["layout"].get("title", {}).get("text") == title]
    names = {tr["name"] for tr in detail["data"]}
    assert t("drills.legend.pending", "en", service="A") in names
    assert t("drills.legend.nodes_failed", "en") in names


@pytest.mark.slow  # ~3 s: the tolerance and fix search in the app (tests/test_drills.py checks them)
def test_the_tolerance_runs_on_request(at):
    assert t("drills.tolerance_help", "en") in _texts(at)
    at.button(key="drills_tolerance").click()
    run(at)
    tol = drills.tolerance(default_scenario())
    texts = _texts(at)
    from planner.i18n.drills import fix_sentence
    assert fix_sentence(tol.fix, tol.nodes, "en") in texts
