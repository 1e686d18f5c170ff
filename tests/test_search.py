"""Searches, sensitivity, uncertainty and comparisons: checked against brute force and by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import planner
from planner import compare, montecarlo, search, sensitivity, sweep
from planner.catalog import load_catalog
from planner.instance_families import family_of
from planner.scenario_io import scenario_to_dict


@pytest.fixture(scope="module")
def default():
    return planner.default_scenario()


@pytest.fixture(scope="module")
def node_search(default):
    return search.search_nodes(default)


@pytest.mark.parametrize("provider, name, kind, arch, burstable", [
    pytest.param("aws", "m5.xlarge", "general", "x86_64", False, id="aws_general"),
    pytest.param("aws", "c6gn.large", "compute", "arm64", False, id="aws_graviton_network"),
    pytest.param("aws", "m7g.2xlarge", "general", "arm64", False, id="aws_graviton"),
    pytest.param("aws", "t3.large", "general", "x86_64", True, id="aws_burstable"),
    pytest.param("aws", "r6i.xlarge", "memory", "x86_64", False, id="aws_memory"),
    pytest.param("azure", "Standard_D4ps_v5", "general", "arm64", False, id="azure_arm"),
    pytest.param("azure", "Standard_B2s", "general", "x86_64", True, id="azure_burstable"),
    pytest.param("azure", "Standard_E8s_v5", "memory", "x86_64", False, id="azure_memory"),
    pytest.param("gcp", "t2a-standard-4", "general", "arm64", False, id="gcp_ampere"),
    pytest.param("gcp", "e2-medium", "general", "x86_64", True, id="gcp_shared_core"),
    pytest.param("gcp", "n2-highmem-8", "memory", "x86_64", False, id="gcp_highmem"),
    pytest.param(None, "my-box", "unknown", "unknown", False, id="custom"),
])
def test_family_from_the_name(provider, name, kind, arch, burstable):
    f = family_of(name, provider)
    assert (f.kind, f.arch, f.burstable) == (kind, arch, burstable)


def test_first_choice_is_never_beaten_by_any_single_pool_type(default, node_search):
    """Brute force: planner.plan on every x86, non-burstable AWS type (the kinds the search ranks
    for an x86 scenario); none within the budget is cheaper than the search's first choice."""
    best = node_search.best
    assert best is not None
    cat = load_catalog()
    cost = {}
    for t in cat[(cat.provider == "aws") & (cat.region == "us-east-1")].instance_type:
        f = family_of(t, "aws")
        if f.arch != "x86_64" or f.burstable:
            continue
        s = planner.plan(sweep.variant_scenario(default, {"cluster.node.instance_type": t})).summary
        if s.tobe_shortfall_frac <= search.DEFAULT_MAX_SHORTFALL_FRAC:
            cost[t] = s.tobe_usd_per_month
    assert min(cost.values()) == best.row["tobe_usd_per_month"]
    assert cost[best.candidate.name] == best.row["tobe_usd_per_month"]
    # the observation still holds with whole-pod placement and the lines beside the nodes
    # (load balancer, NAT, disks): c5/c6i.xlarge ($822) beat the default m5.xlarge ($882; the issue saw
    # $857 against $894 with the earlier summed-room model and nodes only)
    assert best.candidate.name in ("c5.xlarge", "c6i.xlarge")
    assert round(best.row["tobe_usd_per_month"]) == 822 and round(node_search.current.row["tobe_usd_per_month"]) == 882


def test_every_other_type_says_why_not(node_search):
    by = {r.candidate.name: r for r in node_search.ranked}
    assert by["t3.large"].status == "excluded" and by["t3.large"].reasons[0][0] == "burstable"
    assert by["m7g.large"].status == "excluded" and by["m7g.large"].reasons[0][0] == "arm64"
    assert "cheaper_but" in [c for c, _ in by["m7g.large"].reasons]  # cheaper, and said so
    r5 = [c for c, _ in by["r5.xlarge"].reasons]
    assert r5[:2] == ["costs_more", "memory_idle"]
    assert by["c6i.xlarge"].reasons[0][0] == "same_cost"  # a tie with the first choice says so
    assert all(r.reasons for r in node_search.ranked if r.status != "best")
    ranks = [r.rank for r in node_search.ranked if r.rank is not None]
    assert ranks == list(range(1, len(ranks) + 1))


def test_allowing_arm64_ranks_graviton_first(default):
    res = search.search_nodes(default, allow=("arm64",))
    assert res.best.candidate.family.arch == "arm64"


def test_a_tight_budget_rejects_with_the_figures(default):
    res = search.search_nodes(default, budget=search.RiskBudget(1e-6))
    assert res.best is None
    code, params = res.ranked[0].reasons[0]
    assert code in ("over_budget", "burstable", "arm64")
    over = [r for r in res.ranked if r.status == "over_budget"][0]
    assert over.reasons[0][1]["budget_frac"] == 1e-6


def test_a_pluggable_constraint_rejects(default):
    """A constraint is a function of the row: here, at most 8 nodes at peak."""
    cap = lambda row: None if row["tobe_nodes_peak"] <= 8 else ("too_many_nodes", {"n": row["tobe_nodes_peak"]})  # noqa: E731
    res = search.search_nodes(default, budget=search.RiskBudget(constraints=(cap,)))
    assert all(r.row["tobe_nodes_peak"] <= 8 for r in res.ranked if r.rank is not None)
    assert any(c == "too_many_nodes" for r in res.ranked for c, _ in r.reasons)


def test_lower_bound_is_below_every_planned_pool(default):
    """pool_cost_lower_bound <= the engine's cost, for every part and a spread of node shapes."""
    cands = [search.candidate({"instance_type": t}) for t in ("c5.large", "m5.xlarge", "r5.2xlarge", "c5.2xlarge")]
    for i in range(len(default.services)):
        for part in search.split_scenario(default, i):
            sc = planner.validate_scenario(part)
            for c in cands:
                v = sweep.variant_scenario(sc, {"cluster.node": c.ref})
                s = planner.plan(v).summary
                allowance = s.tobe_shortfall_requests
                assert search.pool_cost_lower_bound(v, c.instance, allowance) <= s.tobe_usd_per_month + 1e-9


def _pool_cost(part, name):
    try:
        return planner.plan(sweep.variant_scenario(part, {"cluster.node.instance_type": name})).summary.tobe_usd_per_month
    except planner.ScenarioError:  # the pods do not fit this type
        return math.inf


def _brute_force_mixes(scenario, names):
    out = {}
    cp_month = 0.1 * scenario.hours_per_month
    for i in range(len(scenario.services)):
        general, own = search.split_scenario(scenario, i)
        g_cost = {n: _pool_cost(general, n) for n in names}
        o_cost = {n: _pool_cost(own, n) for n in names}
        for g in names:
            for t in names:
                if g != t:
                    out[(scenario.services[i].name, g, t)] = g_cost[g] + o_cost[t] - cp_month
    return out


def test_mix_search_finds_every_mix_cheaper_than_one_pool():
    """A memory-heavy service C next to CPU-heavy A and B: a second pool of memory-optimised nodes
    for C beats every single pool. Brute force over every pair confirms the pruned search."""
    d = scenario_to_dict(planner.default_scenario())
    for s in d["services"]:
        s["load_requests_per_s"] = [3 * x for x in s["load_requests_per_s"]]
        s["hpa"]["max_replicas"] = 200
    d["services"][2]["requests"] = {"cpu_millicores": 500, "memory_mib": 12288}
    d["services"][2]["usage"] = {"cpu_millicores_base": 50, "cpu_millicores_per_rps": 4, "memory_mib_base": 800,
                                 "memory_mib_per_rps": 8}
    d["services"][2]["hpa"]["metrics"] = [{"name": "cpu", "target_utilization_frac": 0.7}]
    sc = planner.validate_scenario(d)
    names = ["c5.xlarge", "c5.2xlarge", "m5.xlarge", "r5.large", "r5.xlarge"]
    cands = [search.candidate({"instance_type": n}) for n in names]
    single = search._search(sc, "cluster.node", sc.cluster.node, "tobe", cands, search.RiskBudget(1.0), (), None)
    mixes = search.search_mixes(sc, search.mix_candidates(single), single, search.RiskBudget(1.0))
    brute = _brute_force_mixes(sc, names)
    cheaper = sorted(v for v in brute.values() if v < mixes.single_best_usd_per_month)
    assert mixes.beats_single and cheaper
    assert [m.tobe_usd_per_month for m in mixes.mixes] == pytest.approx(cheaper[:len(mixes.mixes)], rel=1e-12)
    assert mixes.best.service == "C" and mixes.best.own.startswith("r5")
    assert mixes.parts_planned <= mixes.parts_total


def test_server_search_is_the_fair_baseline(default):
    res = search.search_servers(default)
    assert res.side == "asis" and res.best is not None
    costs = [r.row["asis_usd_per_month"] for r in res.ranked if r.rank is not None]
    assert costs == sorted(costs)
    savings = [r.row["savings_frac"] for r in res.ranked if r.row["feasible"]]
    assert min(savings) < 0.3 < 0.6 < max(savings)  # the server choice alone moves the verdict


def test_tune_finds_the_cheapest_settings_within_the_budget(default):
    res = search.tune(default, search.RiskBudget(1e-4), node_types=("m5.xlarge", "c5.xlarge"))
    ok = res.frame[res.frame.qualifies]
    assert res.best is not None and res.best["tobe_usd_per_month"] == ok.tobe_usd_per_month.min()
    assert (ok.tobe_shortfall_frac <= 1e-4).all()
    assert (res.frame.spare_nodes >= default.cluster.spare_nodes).all()  # never fewer spare nodes by default


# --- sensitivity ---------------------------------------------------------------------------
def test_tornado_moves_one_assumption_at_a_time(default):
    tr = sensitivity.tornado(default, "tobe_usd_per_month", assumptions=("node_price", "growth"))
    by = tr.frame.set_index("assumption")
    base = planner.plan(default).summary.tobe_usd_per_month
    assert tr.base_value == base
    # the node price moves only the compute part: (cost - control plane and the lines beside the nodes)
    # scales by 1 +/- 10 %
    cp = planner.plan(default).summary.tobe_other_usd_per_month
    assert by.loc["node_price", "metric_high"] == pytest.approx(cp + (base - cp) * 1.1, rel=1e-9)
    assert by.loc["node_price", "metric_low"] == pytest.approx(cp + (base - cp) * 0.9, rel=1e-9)
    grown = planner.plan(sweep.variant_scenario(default, {"growth_frac": 0.1})).summary.tobe_usd_per_month
    assert by.loc["growth", "metric_high"] == grown
    assert tr.frame.swing.is_monotonic_decreasing


def test_tornado_clips_at_the_bounds_and_says_so(default):
    d = scenario_to_dict(default)
    for s in d["services"]:
        s["pod_startup_s"] = 10
    tr = sensitivity.tornado(planner.validate_scenario(d), assumptions=("pod_startup",))
    row = tr.frame.iloc[0]
    assert row.low_value == 0 and row.high_value == 40 and bool(row.clipped)


def test_heatmap_cells_are_the_plans(default):
    hm = sensitivity.heatmap(default, "growth", [0.0, 0.2], "cluster.spare_nodes", [0, 2], "tobe_usd_per_month")
    v = sweep.variant_scenario(default, {"cluster.spare_nodes": 2, "growth_frac": 0.2})
    assert hm.z[1, 1] == planner.plan(v).summary.tobe_usd_per_month
    assert hm.z.shape == (2, 2)


# --- uncertainty ---------------------------------------------------------------------------
def test_monte_carlo_is_reproducible_with_a_seed(default):
    a = montecarlo.monte_carlo(default, 12, seed=42)
    b = montecarlo.monte_carlo(default, 12, seed=42)
    c = montecarlo.monte_carlo(default, 12, seed=43)
    pd.testing.assert_frame_equal(a.sweep.frame, b.sweep.frame)
    pd.testing.assert_frame_equal(a.quantiles, b.quantiles)
    assert not a.sweep.frame.tobe_usd_per_month.equals(c.sweep.frame.tobe_usd_per_month)


def test_monte_carlo_quantiles_and_draws(default):
    mc = montecarlo.monte_carlo(default, 40, seed=1, spec=montecarlo.Uncertainty(0.1, 0.0, 0.3))
    f = mc.sweep.frame
    v = f.savings_usd_per_month.to_numpy()
    assert mc.quantiles.loc["savings_usd_per_month", "p50"] == np.percentile(v, 50)
    q = mc.quantiles.loc["tobe_usd_per_month"]
    assert q.p10 <= q.p50 <= q.p90
    assert f.growth_frac.between(0.0, 0.3).all()
    assert mc.base["tobe_usd_per_month"] == planner.plan(default).summary.tobe_usd_per_month
    # noise has mean 1: the mean load of the samples is within 3 % of the scenario's
    assert f.load_requests_total.mean() / (1 + f.growth_frac.mean()) == pytest.approx(
        mc.base["load_requests_total"], rel=0.03)


def test_a_zero_noise_sample_is_the_plan(default):
    spec = montecarlo.Uncertainty(0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 1.0)
    mc = montecarlo.monte_carlo(default, 2, seed=0, spec=spec)
    assert (mc.sweep.frame.tobe_usd_per_month == mc.base["tobe_usd_per_month"]).all()


# --- compare -------------------------------------------------------------------------------
def test_compare_table_and_differences(default):
    scs = compare.variants_of(default, [{"cluster.node.instance_type": "m5.2xlarge"}, {"growth_frac": 0.3}])
    cmp = compare.compare(scs)
    t = cmp.table.set_index("field")
    n0, n1, n2 = cmp.names
    s1 = planner.plan(scs[1]).summary
    assert t.loc["tobe_usd_per_month", n1] == s1.tobe_usd_per_month
    assert t.loc["tobe_usd_per_month", "delta_1"] == s1.tobe_usd_per_month - t.loc["tobe_usd_per_month", n0]
    paths = set(cmp.differences.path)
    assert paths == {"cluster.node.instance_type", "growth_frac"}
    with pytest.raises(planner.ScenarioError, match="compare 2-4"):
        compare.compare([default])
    assert compare.unique_names(["a", "a", "a"]) == ["a", "a (2)", "a (3)"]


def test_compare_matches_services_by_name(default):
    d = scenario_to_dict(default)
    d["services"] = d["services"][::-1]
    d["services"][0]["hpa"]["max_replicas"] = 31
    cmp = compare.compare([default, planner.validate_scenario(d)], ["a", "b"])
    assert list(cmp.differences.path) == ["services[C].hpa.max_replicas"]
    assert math.isclose(cmp.table.set_index("field").loc["asis_usd_per_month", "delta_1"], 0.0)
