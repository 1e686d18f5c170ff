"""The CLI: same numbers as the engine, documented exit codes (0 ok, 1 check failed, 2 bad input)."""

import json

import pytest
import yaml

import planner
from planner.cli import main
from planner.datafiles import read_bytes


def test_plan_json_prints_the_engines_summary(capsys):
    assert main(["plan", "default", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    s = planner.plan(planner.default_scenario()).summary
    assert out["asis_usd_per_month"] == pytest.approx(s.asis_usd_per_month)
    assert out["tobe_usd_per_month"] == pytest.approx(s.tobe_usd_per_month)
    assert out["asis_servers_total"] == 12


def test_plan_table_shows_costs_and_services(capsys):
    assert main(["plan", "default"]) == 0
    out = capsys.readouterr().out
    assert "As-Is cost per month" in out and "$1,681.92" in out  # 12 x 0.192 x 730
    assert "A" in out and "B" in out and "C" in out


def test_plan_table_formats_as_the_reports_do(capsys):
    """One format everywhere: percent as 49.6% (saving 867.98 / 1,750.40 = 49.59%), the worst hour as
    a clock time, in English and Korean."""
    assert main(["plan", "default"]) == 0
    out = capsys.readouterr().out
    assert "49.6%" in out and "21:00" in out and " hour\n" not in out
    assert main(["plan", "default", "--lang", "ko"]) == 0
    ko = capsys.readouterr().out
    assert "As-Is 월 비용" in ko and "21시" in ko and "49.6%" in ko and "기본 시나리오 (A, B, C)" in ko


def test_plan_json_has_no_binary_noise(capsys):
    """12 servers x 0.192 USD/h x 730 h = 1681.92, + 3 load balancers x 0.0225 x 730 = 49.275, + 12
    disks x 20 GiB x 0.08 = 19.2: 1750.395 exactly, not 1750.3950000000002."""
    assert main(["plan", "default", "--format", "json"]) == 0
    text = capsys.readouterr().out
    assert '"asis_usd_per_month": 1750.395,' in text and "0000000" not in text


def test_plan_writes_frames(tmp_path, capsys):
    assert main(["plan", "default", "--format", "csv", "--out", str(tmp_path)]) == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["assumptions.csv", "cluster_hourly.csv", "cluster_steps.csv", "cost_lines.csv", "hourly.csv",
                     "purchase_options.csv", "services.csv", "steps.csv", "summary.json"]
    hourly = (tmp_path / "hourly.csv").read_text().splitlines()
    assert len(hourly) == 1 + 24 * 3
    assert "field,value" in capsys.readouterr().out


def test_bad_scenario_exits_2_naming_the_field(tmp_path, capsys):
    d = yaml.safe_load(read_bytes("scenarios", "default.yaml"))
    d["services"][1]["hpa"]["max_replicas"] = 1
    d["services"][1]["hpa"]["min_replicas"] = 2
    f = tmp_path / "bad.yaml"
    f.write_text(yaml.safe_dump(d))
    assert main(["plan", str(f)]) == 2
    err = capsys.readouterr().err
    assert "services[1].hpa: max_replicas must be >= min_replicas (2); got 1" in err


def test_missing_file_exits_2(capsys):
    assert main(["plan", "no-such-file.yaml"]) == 2
    assert "cannot read no-such-file.yaml" in capsys.readouterr().err


def test_risk_threshold_fails_with_exit_1(capsys):
    """The default plan drops some requests while pods start; a zero budget fails the check."""
    assert main(["plan", "default", "--max-shortfall-frac", "0"]) == 1
    assert "check failed" in capsys.readouterr().err
    assert main(["plan", "default", "--max-shortfall-frac", "0.5"]) == 0


def test_validate(capsys):
    assert main(["validate", "default"]) == 0
    assert "3 services, 24 hours" in capsys.readouterr().out


def test_report_writes_markdown_and_csv_with_the_engines_numbers(tmp_path, capsys):
    assert main(["report", "default", "--format", "md,csv", "--out", str(tmp_path)]) == 0
    md = next(tmp_path.glob("*.md")).read_text()
    s = planner.plan(planner.default_scenario()).summary
    assert f"{s.asis_usd_per_month:,.0f}" in md and f"{s.tobe_usd_per_month:,.0f}" in md
    assert any(p.suffix == ".csv" for p in tmp_path.iterdir())


def test_report_unknown_format_exits_2(tmp_path, capsys):
    assert main(["report", "default", "--format", "docx", "--out", str(tmp_path)]) == 2
    assert "docx" in capsys.readouterr().err
