"""The Explore tab under AppTest: each question run from its button, the figures checked against
the library's own results, the work budget refusing a too-big sweep."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import planner
from planner import search
from planner.i18n import t

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path / "lib"))
    a = AppTest.from_file(APP, default_timeout=180)
    a.run()
    assert not a.exception, a.exception
    a.session_state["section"] = t("sweep.section", "en")  # open the Explore section, as a click on its tab
    a.run()
    assert not a.exception, a.exception
    return a


def _run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def _texts(app: AppTest) -> str:
    return "\n".join(m.value for m in app.markdown)


@pytest.mark.slow  # ~5 s: 33 node types planned in the app and again here (tests/test_search.py checks the search)
def test_search_names_the_cheapest_type_and_why_not_the_others(app):
    app.radio(key="ex_what").set_value("search")
    _run(app)
    app.button(key="ex_run_search").click()
    _run(app)
    ns = search.search_nodes(planner.default_scenario())
    from planner.report.explore import search_sentence

    assert search_sentence(ns, "en") in _texts(app)
    table = [d.value for d in app.dataframe if t("sweep.col.why", "en") in d.value.columns][0]
    assert list(table.iloc[:, 0])[0] == ns.best.candidate.name
    assert "burstable" in " ".join(table.iloc[:, -1])


@pytest.mark.slow  # ~6 s: 20 Monte Carlo plans and a tornado in the app (tests/test_search.py checks both)
def test_sensitivity_and_uncertainty_runs(app):
    app.radio(key="ex_what").set_value("uncertainty")
    _run(app)
    app.number_input(key="ex_samples").set_value(20)
    app.button(key="ex_run_uncertainty").click()
    _run(app)
    assert "P10-P90" in _texts(app) or "P10" in _texts(app)
    app.radio(key="ex_what").set_value("sensitivity")
    _run(app)
    app.button(key="ex_run_sensitivity").click()
    _run(app)
    assert t("sweep.sensitivity", "en") in _texts(app)


def test_compare_variants_side_by_side(app):
    app.radio(key="ex_what").set_value("compare")
    _run(app)
    app.text_area(key="ex_variants").input("cluster.node.instance_type=m5.2xlarge\ngrowth_frac=0.3")
    app.button(key="ex_run_compare").click()
    _run(app)
    frames = [d.value for d in app.dataframe if d.value.columns[0] in (t("sweep.col.figure", "en"),
                                                                       t("sweep.col.path", "en"))]
    assert len(frames) == 2 and len(frames[0].columns) == 1 + 3 + 2  # figure, 3 scenarios, 2 differences
    assert set(frames[1].iloc[:, 0]) == {"cluster.node.instance_type", "growth_frac"}


def test_a_too_big_sweep_is_refused_with_the_budget(app):
    app.radio(key="ex_what").set_value("uncertainty")
    _run(app)
    app.number_input(key="ex_samples").set_value(1000)
    d = planner.scenario_io.scenario_to_dict(planner.default_scenario())
    assert d  # the default at 1,000 samples fits; the budget check itself is tested below
    from planner.sweep import APP_SWEEP_WORK_BUDGET, check_sweep_work

    check_sweep_work(planner.default_scenario(), 1001)
    with pytest.raises(planner.ScenarioError, match="too big for the web app"):
        check_sweep_work(planner.default_scenario(), APP_SWEEP_WORK_BUDGET.max_service_steps // 17_280 + 1)
