"""The sweep primitive (planner.sweep): overrides validated through the scenario model, variants by
grid / list / seeded samples, one row per variant equal to planner.plan on the overridden scenario,
and the same rows whatever the executor (in-process, process pool, Dask LocalCluster)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import planner
from planner import sweep
from planner.scenario import ScenarioError
from planner.scenario_io import scenario_to_dict


@pytest.fixture(scope="module")
def default():
    return planner.default_scenario()


def _same(a, b) -> bool:
    """Exact equality, NaN equal to NaN and pandas' NA equal to None."""
    if a is None or a is pd.NA:
        return b is None or b is pd.NA
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return a == b


def assert_row_is_plan(row: pd.Series, scenario) -> None:
    s = planner.plan(scenario).summary
    diffs = {k: (row[k], getattr(s, k)) for k in sweep.SUMMARY_COLUMNS if not _same(row[k], getattr(s, k))}
    assert not diffs, diffs
    assert row["warnings"] == " | ".join(s.warnings)


# --- overrides -------------------------------------------------------------------------------
@pytest.mark.parametrize("path, value, read, expected", [
    pytest.param("cluster.node.instance_type", "c5.xlarge", lambda s: s.cluster.node.instance_type, "c5.xlarge",
                 id="nested_field"),
    pytest.param("services[1].hpa.max_replicas", 25, lambda s: [x.hpa.max_replicas for x in s.services], [40, 25, 30],
                 id="one_service_by_index"),
    pytest.param("services[C].pod_startup_s", 90, lambda s: [x.pod_startup_s for x in s.services], [30, 30, 90],
                 id="one_service_by_name"),
    pytest.param("services[*].pod_startup_s", sweep.Shift(15), lambda s: [x.pod_startup_s for x in s.services],
                 [45, 45, 45], id="every_service_shifted"),
    pytest.param("services[*].usage.cpu_millicores_per_rps", sweep.Scale(1.1),
                 lambda s: [x.usage.cpu_millicores_per_rps for x in s.services], [10 * 1.1, 8 * 1.1, 15 * 1.1],
                 id="every_service_scaled"),
    pytest.param("services[*].hpa.metrics[name=memory].target_utilization_frac", 0.6,
                 lambda s: [m.target_utilization_frac for x in s.services for m in x.hpa.metrics],
                 [0.7, 0.7, 0.75, 0.6], id="select_by_key_only_where_it_matches"),
    pytest.param("services[*].hpa.min_replicas", sweep.Scale(1.25), lambda s: [x.hpa.min_replicas for x in s.services],
                 [3, 3, 2], id="scaled_count_rounds_up"),  # 2 x 1.25 = 2.5 -> 3; 1 x 1.25 -> 2
])
def test_override_sets_the_field(default, path, value, read, expected):
    v = sweep.variant_scenario(default, {path: value})
    assert read(v) == pytest.approx(expected)
    assert default == planner.default_scenario()  # the base is never changed


@pytest.mark.parametrize("overrides, where, says", [
    pytest.param({"cluster.nod.instance_type": "x"}, "cluster.nod", "unknown field 'nod' in cluster", id="typo"),
    pytest.param({"services[9].pod_startup_s": 3}, "services[9]", "out of range: there are 3 items", id="index"),
    pytest.param({"services[Z].pod_startup_s": 3}, "override services[Z].pod_startup_s", "selects no field",
                 id="no_such_service"),
    pytest.param({"services[0].hpa.max_replicas": 1}, "services[0].hpa", "max_replicas must be >= min_replicas (2)",
                 id="model_rule"),
    pytest.param({"growth_frac": "abc"}, "growth_frac", "valid number", id="wrong_type"),
    pytest.param({"cluster.node.usd_per_hour": sweep.Scale(1.1)}, "cluster.node.usd_per_hour", "only a number",
                 id="scale_of_none"),
    pytest.param({"services..name": "x"}, "override services..name", "cannot read", id="malformed"),
])
def test_bad_override_is_refused_naming_it(default, overrides, where, says):
    with pytest.raises(ScenarioError) as exc:
        sweep.run_sweep(default, [overrides])
    paths = [p for p, _ in exc.value.problems]
    assert where in paths, exc.value.problems
    assert any(says in m for _, m in exc.value.problems), exc.value.problems


def test_a_bad_variant_stops_the_sweep_before_any_plan(default, monkeypatch):
    calls = []
    monkeypatch.setattr(sweep.planning, "plan_summary", lambda *a, **k: calls.append(1))
    with pytest.raises(ScenarioError):
        sweep.run_sweep(default, [{"growth_frac": 0.1}, {"growth_frac": 1000}])
    assert calls == []


# --- variants --------------------------------------------------------------------------------
def test_grid_is_every_combination_first_axis_slowest():
    v = sweep.grid({"a": [1, 2], "b": ["x", "y", "z"]})
    assert v == [{"a": 1, "b": "x"}, {"a": 1, "b": "y"}, {"a": 1, "b": "z"},
                 {"a": 2, "b": "x"}, {"a": 2, "b": "y"}, {"a": 2, "b": "z"}]


def test_grid_too_big_is_refused_before_it_is_built():
    axes = {f"p{i}": list(range(10)) for i in range(6)}  # 10**6 > MAX_VARIANTS
    with pytest.raises(ScenarioError, match="1,000,000 variants"):
        sweep.grid(axes)


def test_zipped_pairs_values_and_needs_equal_lengths():
    assert sweep.zipped({"a": [1, 2], "b": [3, 4]}) == [{"a": 1, "b": 3}, {"a": 2, "b": 4}]
    with pytest.raises(ScenarioError, match="same number of values"):
        sweep.zipped({"a": [1, 2], "b": [3]})


def test_samples_are_reproducible_and_typed(default):
    dists = {"services[*].pod_startup_s": sweep.Uniform(10, 90), "growth_frac": sweep.Uniform(0.0, 0.3),
             "cluster.node.instance_type": ["m5.xlarge", "c5.xlarge"]}
    a = sweep.samples(dists, 50, np.random.default_rng(7), default)
    b = sweep.samples(dists, 50, np.random.default_rng(7), default)
    c = sweep.samples(dists, 50, np.random.default_rng(8), default)
    assert a == b and a != c
    assert all(isinstance(v["services[*].pod_startup_s"], int) and 10 <= v["services[*].pod_startup_s"] <= 90 for v in a)
    assert all(0.0 <= v["growth_frac"] <= 0.3 for v in a)
    assert {v["cluster.node.instance_type"] for v in a} == {"m5.xlarge", "c5.xlarge"}


# --- rows ------------------------------------------------------------------------------------
def test_each_row_equals_plan_of_the_overridden_scenario(default):
    variants = [{}, {"cluster.node.instance_type": "c5.xlarge"}, {"growth_frac": 0.3, "cluster.spare_nodes": 0},
                {"services[*].pod_startup_s": sweep.Shift(60), "services[B].hpa.min_replicas": 4}]
    res = sweep.run_sweep(default, variants)
    assert list(res.frame.variant) == [0, 1, 2, 3] and not res.cancelled
    for (_, row), ov in zip(res.frame.iterrows(), variants):
        assert_row_is_plan(row, sweep.variant_scenario(default, ov))


def test_row_of_a_multi_day_scenario_equals_plan(default):
    d = scenario_to_dict(default)
    for s in d["services"]:
        s["load_requests_per_s"] = s["load_requests_per_s"] * 3
    three_days = planner.validate_scenario(d)
    res = sweep.run_sweep(three_days, [{"services[0].hpa.max_replicas": 30}])
    assert_row_is_plan(res.frame.iloc[0], sweep.variant_scenario(three_days, {"services[0].hpa.max_replicas": 30}))


def test_an_unplannable_variant_is_a_row_saying_why(default):
    tiny = {"instance_type": "tiny", "provider": None, "region": None, "vcpu": 1, "memory_gib": 2,
            "usd_per_hour": 0.01}
    res = sweep.run_sweep(default, [{"cluster.node": tiny}, {}])
    bad, ok = res.frame.iloc[0], res.frame.iloc[1]
    assert not bad.feasible and "exceed a node's room" in bad.problem and math.isnan(bad.tobe_usd_per_month)
    assert ok.feasible and ok.problem == ""
    assert res.frame["cluster.node"].iloc[0].startswith("a dict")  # a whole machine reads as text in its column


def test_progress_and_cancel(default):
    seen = []
    res = sweep.run_sweep(default, sweep.grid({"cluster.spare_nodes": [0, 1, 2, 3]}),
                          progress=lambda d, n: seen.append((d, n)), cancel=lambda: len(seen) >= 2)
    assert seen == [(1, 4), (2, 4)]
    assert res.cancelled and res.n_done == 2 and res.n_variants == 4
    assert list(res.frame["cluster.spare_nodes"]) == [0, 1]


def test_results_write_to_parquet_and_back(default, tmp_path):
    res = sweep.run_sweep(default, sweep.grid({"cluster.node.instance_type": ["m5.xlarge", "c5.xlarge"],
                                               "services[*].pod_startup_s": [30, sweep.Shift(30)]}))
    path = tmp_path / "r.parquet"
    res.frame.to_parquet(path)
    back = pd.read_parquet(path)
    assert list(back["services[*].pod_startup_s"]) == ["30", "+30", "30", "+30"]
    assert back.tobe_usd_per_month.tolist() == res.frame.tobe_usd_per_month.tolist()


# --- executors -------------------------------------------------------------------------------
VARIANTS = [{"cluster.node.instance_type": t, "services[*].pod_startup_s": p}
            for t in ("m5.xlarge", "c5.xlarge", "m5.2xlarge") for p in (30, 90)]


def _frames_equal(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_exact=True)


def test_process_pool_gives_the_same_rows(default):
    inproc = sweep.run_sweep(default, VARIANTS)
    pool = sweep.run_sweep(default, VARIANTS, executor="processes", workers=2)
    assert pool.executor == "processes" and not pool.cancelled
    _frames_equal(inproc.frame, pool.frame)


def test_dask_in_one_process_gives_the_same_rows(default):
    """The dask executor (workers checked, scenario scattered, batches mapped, progress) on a LocalCluster
    of two worker threads in this process: a second to start, where worker processes (the slow test
    below, the CLI's ``--scheduler local``) take tens of seconds."""
    distributed = pytest.importorskip("dask.distributed")
    inproc = sweep.run_sweep(default, VARIANTS)
    seen = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0",
                                  silence_logs=40) as cluster, distributed.Client(cluster) as client:
        assert len(client.scheduler_info(n_workers=-1)["workers"]) == 2
        res = sweep.run_sweep(default, VARIANTS, executor="dask", client=client, progress=lambda d, n: seen.append(d))
    assert seen[-1] == len(VARIANTS) and res.executor == "dask"
    _frames_equal(inproc.frame, res.frame)


@pytest.mark.slow  # two worker processes each import the planner (tens of seconds on 2 cores)
def test_dask_local_cluster_gives_the_same_rows(default):
    pytest.importorskip("dask.distributed")
    inproc = sweep.run_sweep(default, VARIANTS)
    try:
        ctx = sweep.dask_client("local", workers=2)
        client = ctx.__enter__()
    except ScenarioError as exc:  # only when dask cannot start workers on this machine
        pytest.skip(f"dask cannot start a LocalCluster here: {exc}")
    try:
        assert len(client.scheduler_info(n_workers=-1)["workers"]) == 2
        seen = []
        res = sweep.run_sweep(default, VARIANTS, executor="dask", client=client, progress=lambda d, n: seen.append(d))
    finally:
        ctx.__exit__(None, None, None)
    assert seen[-1] == len(VARIANTS) and res.executor == "dask"
    _frames_equal(inproc.frame, res.frame)


def test_dask_needs_a_scheduler_and_a_valid_address(default):
    with pytest.raises(ScenarioError, match="needs --scheduler"):
        sweep.run_sweep(default, [{}], executor="dask")
    with pytest.raises(ScenarioError, match="scheduler address"):
        sweep.run_sweep(default, [{}], executor="dask", scheduler="http://x")
