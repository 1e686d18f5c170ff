"""Golden files for the Markdown summary and the CSV frames, from a frozen scenario.

Regenerate only on purpose: ``PLANNER_REGEN_GOLDEN=1 pytest tests/test_report_golden.py``, then review
the diff of ``tests/golden/`` like code.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pandas as pd
import pytest

import planner
from planner.report import render
from planner.report.csv_export import FRAMES, frame_csv, render_csv_zip
from planner.report.markdown import render_markdown
from planner.result import CLUSTER_STEP_COLUMNS, STEP_COLUMNS
from planner.scenario_io import parse_scenario_text
from report_support import check_golden, golden_scenario

STAMP = datetime(2026, 1, 2, 3, 4, 5)


@pytest.fixture(scope="module")
def plan():
    return planner.plan(golden_scenario(), keep_steps=True)


@pytest.mark.parametrize(("lang", "generated_at", "golden"), [
    pytest.param("en", None, "report_en.md", id="english_no_timestamp"),
    pytest.param("ko", STAMP, "report_ko.md", id="korean_with_timestamp"),
])
def test_markdown_matches_golden(plan, lang, generated_at, golden):
    check_golden(golden, render_markdown(plan, lang=lang, generated_at=generated_at).encode("utf-8"))


@pytest.mark.parametrize("frame", ["hourly", "cluster_hourly", "services", "assumptions"])
def test_csv_matches_golden(plan, frame):
    check_golden(f"{frame}.csv", frame_csv(plan, frame))


def test_md_render_is_the_markdown_text(plan):
    assert render(plan, "md") == render_markdown(plan).encode("utf-8")


def test_timestamp_changes_only_its_own_line(plan):
    plain = render_markdown(plan).splitlines()
    stamped = render_markdown(plan, generated_at=STAMP).splitlines()
    i = stamped.index("_Generated: 2026-01-02T03:04:05_")
    assert stamped[i + 1] == ""
    assert stamped[:i] + stamped[i + 2:] == plain


def test_markdown_headline_uses_engine_figures(plan):
    md = render_markdown(plan)
    s = plan.summary
    assert f"${s.asis_usd_per_month:,.2f}" in md
    assert f"${s.tobe_usd_per_month:,.2f}" in md
    assert f"${s.savings_usd_per_month:,.0f} per month" in md


def test_step_csv_has_the_glossary_columns_and_round_trips(plan):
    df = pd.read_csv(io.BytesIO(frame_csv(plan, "steps")))
    assert tuple(df.columns) == STEP_COLUMNS
    assert len(df) == len(plan.steps)
    pd.testing.assert_series_equal(df["load_requests_per_s"], plan.steps["load_requests_per_s"].reset_index(drop=True),
                                   check_names=False)
    cdf = pd.read_csv(io.BytesIO(frame_csv(plan, "cluster_steps")))
    assert tuple(cdf.columns) == CLUSTER_STEP_COLUMNS


def test_csv_numbers_are_exact(plan):
    df = pd.read_csv(io.BytesIO(frame_csv(plan, "cluster_hourly")))
    for col in ("tobe_usd", "asis_usd", "savings_usd_cumulative", "requested_cpu_frac"):
        assert df[col].tolist() == plan.cluster_hourly[col].tolist()


def test_csv_zip_holds_every_frame_and_the_scenario(plan):
    data = render_csv_zip(plan)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert names == [f"{f}.csv" for f in FRAMES] + ["scenario.yaml"]
        for f in FRAMES:
            assert zf.read(f"{f}.csv") == frame_csv(plan, f)
        assert parse_scenario_text(zf.read("scenario.yaml").decode("utf-8")) == plan.scenario
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert render(plan, "csv") == data
    stamped = render_csv_zip(plan, generated_at=STAMP)
    with zipfile.ZipFile(io.BytesIO(stamped)) as zf:
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 2, 3, 4, 4)}  # zip times have 2 s resolution


def test_without_steps_the_zip_skips_them():
    p = planner.plan(golden_scenario(), keep_steps=False)
    if p.steps is not None:
        pytest.skip("the engine kept steps anyway")
    with zipfile.ZipFile(io.BytesIO(render_csv_zip(p))) as zf:
        assert "steps.csv" not in zf.namelist()
    with pytest.raises(ValueError, match="not in this plan"):
        frame_csv(p, "steps")
