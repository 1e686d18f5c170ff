"""``planner bench`` (planner.bench): it runs and reports the documented keys.

Timings are never asserted (they depend on the machine and its load); ``--quick`` sizes only."""

from __future__ import annotations

import json

import numpy as np
import pytest

from planner import bench
from planner.synth import fleet_load, make_fleet_spec
from planner.traces import shape_templates



@pytest.fixture(scope="module", params=[pytest.param(("fleet-year",), id="fleet-year"),
                                        pytest.param(bench.CASES, id="every_case", marks=pytest.mark.slow)])
def cases(request):
    """Each case is a fresh interpreter (seconds of imports): the default suite runs one engine case
    with the profile, the slow set (CI) every case, through the same checks."""
    return request.param


@pytest.fixture(scope="module")
def quick_report(cases):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "planner.bench", "--quick", "--json", "--profile", "--repeat", "1",
                           "--cases", ",".join(cases)], capture_output=True, text=True, check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_quick_json_has_the_documented_keys(quick_report, cases):
    assert set(quick_report) == {"machine", "cases", "notes", "profile"}
    assert {"cpu", "cores", "memory_bytes", "python", "numpy", "numba"} <= set(quick_report["machine"])
    assert [c["case"] for c in quick_report["cases"]] == list(cases)
    for c in quick_report["cases"]:
        assert set(c) == set(bench.CASE_KEYS), c["case"]
        assert c["error"] is None and c["quick"] is True and c["meets_target"] is None
        if c["case"] == "drills":  # 24 h x 3 kinds of the default scenario (issue 10)
            assert c["wall_s"] > 0 and c["reference"] is None and c["result"]["drills"] == 72
            assert c["result"]["asis_max_dropped_requests"] == 0
            continue
        if c["case"] in ("search", "montecarlo"):  # many plans of the default scenario (issue 12)
            assert c["wall_s"] > 0 and c["reference"] is None
            assert c["result"]["types"] == 33 if c["case"] == "search" else c["result"]["samples"] == 40
            continue
        assert c["service_steps"] == c["services"] * c["steps"] > 0
        assert c["runs"] == 1 and len(c["wall_s_runs"]) == 1
        assert c["wall_s"] > 0 and c["first_run_s"] > 0 and c["peak_memory_bytes"] > 0
        assert c["service_steps_per_s"] == pytest.approx(c["service_steps"] / c["wall_s"])
        assert set(c["reference"]) == set(bench.REFERENCE_KEYS)
        assert c["reference"]["note"]
        assert c["reference"]["wall_s"] > 0 and c["ratio_to_python"] > 0
        assert c["reference"]["service_steps"] * c["reference"]["scale"] == pytest.approx(c["service_steps"])
        assert c["result"]["tobe_usd_per_month"] > 0 and c["result"]["asis_usd_per_month"] > 0
    fleet = {c["case"]: c for c in quick_report["cases"]}["fleet-year"]
    assert set(fleet["breakdown"]) == {"input_prep_s", "load_generation_s"}
    assert fleet["step_s"] == 60 and fleet["load_step_s"] == 60
    prof = quick_report["profile"]
    assert prof["case"] == "fleet-year" and prof["top"]
    assert set(prof["stages"]) == {"step_kernel_s", "step_kernel_calls", "hourly_aggregation_s", "load_generation_s"}
    assert prof["stages"]["step_kernel_calls"] >= 1
    assert {"function", "calls", "tottime_s", "cumtime_s"} == set(prof["top"][0])


def test_table_renders_every_case(quick_report, cases):
    text = bench.render_table(quick_report)
    for name in cases:
        assert name in text
    assert "peak memory" in text and "vs pure Python" in text and "profile of fleet-year" in text


@pytest.mark.parametrize("argv", [
    pytest.param(["--cases", "nope"], id="unknown_case"),
    pytest.param(["--repeat", "0"], id="repeat_zero"),
    pytest.param(["--bogus"], id="unknown_flag"),
])
def test_bad_arguments_exit_2(argv, capsys):
    assert bench.main(argv) == bench.EXIT_BAD_INPUT


def test_inputs_are_seeded_and_repeatable():
    size = bench.case_size("fleet-year", quick=True)
    spec_a, sc_a = bench._fleet_inputs(size)
    spec_b, sc_b = bench._fleet_inputs(size)
    assert sc_a == sc_b
    assert np.array_equal(fleet_load(spec_a), fleet_load(spec_b))
    assert bench.run_fleet_plan(spec_a, sc_a, size.step_s) == bench.run_fleet_plan(spec_b, sc_b, size.step_s)


def test_timed_load_returns_the_synthetic_values_as_float64():
    spec = make_fleet_spec(4, 600, np.random.default_rng(1), shape_templates())
    load = bench.TimedLoad(spec)
    parts = [load(a, b) for a, b in [(0, 100), (100, 350), (350, 600)]]
    assert np.array_equal(np.concatenate(parts), fleet_load(spec).astype(np.float64))
    assert all(p.dtype == np.float64 and p.flags["C_CONTIGUOUS"] for p in parts)
    assert load.calls == 3 and load.generation_s > 0
