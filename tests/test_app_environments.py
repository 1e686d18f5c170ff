"""The Environments & manifests tab under AppTest: the example environments change the plan, the
tab shows cost per option equal to planner.env_costs on the same scenario, and the manifests zip
holds the folders; the table <-> environments logic is checked without streamlit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import planner
from planner.env_costs import environment_costs
from planner.i18n import fmt_money, t
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict
from planner.ui.environments_tab import EXAMPLE, environments_from_frame, rows_frame

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def test_rows_round_trip_and_keep_fields_not_in_the_table():
    base = [dict(EXAMPLE[2], time_zone="Asia/Seoul", config={"LOG_LEVEL": "debug"})]
    envs, problems = environments_from_frame(rows_frame(base), base)
    assert problems == []
    assert envs == [{"time_zone": "Asia/Seoul", "config": {"LOG_LEVEL": "debug"}, "name": "dev", "load_scale": 0.05,
                     "schedule": "weekdays 08-20", "scale_to_zero": True, "min_replicas": 1, "max_replicas": None,
                     "backup_servers": None}]


def test_blank_rows_are_dropped_and_fractions_of_replicas_named():
    df = pd.concat([rows_frame(EXAMPLE[:1]), pd.DataFrame([{"name": ""}, {"name": "qa", "min_replicas": 1.5}])],
                   ignore_index=True)
    envs, problems = environments_from_frame(df, [])
    assert [e["name"] for e in envs] == ["prod", "qa"]
    assert problems == ["Environment row 3: min_replicas: a whole number; got 1.5"]


@pytest.mark.slow
def test_the_example_environments_plan_and_price_each_option(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path / "library"))
    from test_app import open_section

    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    open_section(at, "environments")  # sections are drawn only while open (issue 16)
    at.button(key="env_example").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    d = scenario_to_dict(default_scenario())
    d["environments"] = EXAMPLE
    scenario = validate_scenario(d)
    p = planner.plan(scenario)
    headline = [m.value for m in at.metric if m.label == t("m_tobe_month", "en")]
    assert headline == [fmt_money(p.summary.tobe_usd_per_month, "en", None)]
    costs = environment_costs(scenario, p)
    tables = [d.value for d in at.dataframe if t("environments.option", "en") in d.value.columns]
    assert len(tables) == 1
    assert list(tables[0].iloc[:, 1]) == [fmt_money(costs.option_usd_per_month(o), "en", None)
                                          for o in ("asis", "shared", "per_environment")]
    per_env = [d.value for d in at.dataframe if "Environment" in d.value.columns]
    assert list(per_env[0]["Environment"]) == ["prod", "stage", "dev"]
    assert at.selectbox(key="mf_version").value == "1.35"
    assert any(f == "dev/scheduled-scaler.yaml" for f in at.selectbox(key="mf_preview").options)
