"""Purchase options, commitments and the lines beside the machines (issue 11): hand-checked sums,
brute-force checks of the cost-minimising commitment, and properties of the cost."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planner
from builders import NO_COST_LINES
from planner.pricing import (NodeProfile, Rate, best_commitment, best_monthly_commitments, cheapest, on_demand,
                             parse_price_book, tobe_cost)
from planner.risk import spot_interruption_shortfall
from planner.scenario import ScenarioError
from planner.scenario_io import default_scenario, scenario_to_dict

HPM = 730.0


def scenario(**changes):
    d = scenario_to_dict(default_scenario())
    for path, value in changes.items():
        cur = d
        keys = path.split(".")
        for k in keys[:-1]:
            cur = cur[k]
        cur[keys[-1]] = value
    return planner.validate_scenario(d)


@pytest.fixture(scope="module")
def default_plan():
    return planner.plan(default_scenario())


def rate(option: str, usd_per_hour: float, years: int = 1, payment: str = "no_upfront", upfront: float = 0.0) -> Rate:
    committed = option in ("reserved", "savings_plan", "committed_use")
    return Rate(option, years if committed else 0, payment if committed else "none", usd_per_hour, upfront, None,
                "user", "test", "")


# --- As-Is: servers x rate x 730 (+ amortised upfront) ------------------------------------------
@pytest.mark.parametrize("years, payment, hourly, upfront", [
    pytest.param(1, "no_upfront", 0.120, 0, id="1y_no_upfront"),
    pytest.param(1, "partial_upfront", 0.058, 504, id="1y_partial"),
    pytest.param(3, "all_upfront", 0.0, 1898, id="3y_all_upfront"),
])
def test_asis_reserved_cost_is_servers_x_rate_x_730_plus_amortised_upfront(years, payment, hourly, upfront):
    """m5.xlarge reserved (2 x the m5.large Price List rows): 12 servers x (hourly + upfront / (years
    x 8760)) x 730, the lines beside the servers unchanged."""
    p = planner.plan(scenario(**{"pricing.as_is.option": "reserved", "pricing.as_is.term_years": years,
                                 "pricing.as_is.payment": payment}))
    s = p.summary
    assert s.asis_usd_per_month - s.asis_other_usd_per_month == pytest.approx(
        12 * (hourly + upfront / (years * 8760)) * HPM)
    assert s.asis_upfront_usd == pytest.approx(12 * upfront)
    assert s.asis_other_usd_per_month == pytest.approx(3 * 0.0225 * HPM + 12 * 20 * 0.08)


def test_the_issues_hand_computation_with_its_own_rates():
    """Issue 11, by hand from the default plan's node-hours (134.25 h a day with whole pods on
    spread nodes, floor 3) with the issue's rates (a user price book): all As-Is servers and 3 To-Be
    nodes reserved, no lines beside the machines. 1-year no upfront 0.120: As-Is 12 x 0.120 x 730 =
    1051.2; To-Be 3 x 0.120 x 730 + (134.25 - 72) / 24 x 0.192 x 730 + 0.10 x 730 = 699.34: saving
    33 %. 3-year no upfront 0.081: 709.56 vs 613.93: 13 %. 3-year all upfront 0.070: 613.2 vs
    589.84: 4 %."""
    for rate_h, saving in ((0.120, 0.33), (0.081, 0.13), (0.070, 0.04)):
        book = [{"instance_type": "m5.xlarge", "provider": "aws", "region": "us-east-1", "option": "reserved",
                 "term_years": 1, "payment": "no_upfront", "usd_per_hour": rate_h, "source": "issue 11"}]
        d = scenario_to_dict(default_scenario())
        d["costs"] = {**d["costs"], **NO_COST_LINES}
        d["costs"]["as_is"] = {**scenario_to_dict(default_scenario())["costs"]["as_is"], **NO_COST_LINES["as_is"]}
        d["costs"]["to_be"] = {**scenario_to_dict(default_scenario())["costs"]["to_be"], **NO_COST_LINES["to_be"]}
        d["pricing"]["price_book"] = book
        d["pricing"]["as_is"]["option"] = "reserved"
        d["pricing"]["to_be"]["committed_nodes"] = 3
        s = planner.plan(planner.validate_scenario(d)).summary
        assert s.tobe_node_hours == pytest.approx(32215 * 15 / 3600)  # 32,215 node-steps of 15 s
        asis = 12 * rate_h * HPM
        tobe = 3 * rate_h * HPM + (32215 * 15 / 3600 - 72) / 24 * 0.192 * HPM + 0.10 * HPM
        assert s.asis_usd_per_month == pytest.approx(asis)
        assert s.tobe_usd_per_month == pytest.approx(tobe)
        assert round(s.savings_frac, 2) == saving


# --- the commitment: exact against brute force -------------------------------------------------
def brute_force_cost(counts, hours, n, rc, rb):
    return sum(w * (n * rc + max(0, c - n) * rb) for c, w in zip(counts, hours))


@settings(derandomize=True, max_examples=200, deadline=None)
@given(counts=st.lists(st.integers(0, 40), min_size=1, max_size=60),
       rc=st.floats(0.001, 1.0), rb=st.floats(0.001, 1.0))
def test_auto_commitment_is_the_brute_force_optimum(counts, rc, rb):
    """Hourly node counts; every N from 0 to the peak + 3 priced by the definition."""
    p = NodeProfile(np.array(counts), np.ones(len(counts)), np.arange(len(counts)), len(counts))
    n, cost = best_commitment(p, rc, rb)
    costs = [brute_force_cost(counts, [1.0] * len(counts), k, rc, rb) for k in range(max(counts) + 4)]
    assert cost == pytest.approx(min(costs), rel=1e-9, abs=1e-9)
    low = min(costs)
    assert costs[n] == pytest.approx(low, rel=1e-9, abs=1e-12)
    assert n == min(k for k, c in enumerate(costs) if c <= low + 1e-8 * max(1.0, low))  # fewest nodes on ties
    tc = tobe_cost(p, rate("on_demand", rb), rate("reserved", rc), "auto")
    assert float(tc.usd.sum()) == pytest.approx(min(costs), rel=1e-9, abs=1e-9)


def test_auto_commitment_on_random_profiles_with_step_weights():
    rng = np.random.default_rng(11)
    for _ in range(30):
        steps = rng.integers(0, 25, size=240 * int(rng.integers(1, 4)))
        p = NodeProfile.from_steps(steps, 15)
        rc, rb = float(rng.uniform(0.02, 0.3)), float(rng.uniform(0.05, 0.4))
        n, cost = best_commitment(p, rc, rb)
        w = [15 / 3600] * len(steps)
        costs = [brute_force_cost(steps, w, k, rc, rb) for k in range(int(steps.max()) + 2)]
        assert cost == pytest.approx(min(costs)) and costs[n] == pytest.approx(min(costs))


@settings(derandomize=True, max_examples=60, deadline=None)
@given(months=st.lists(st.lists(st.integers(0, 6), min_size=1, max_size=8), min_size=1, max_size=3),
       rc=st.floats(0.01, 1.0), rb=st.floats(0.01, 1.0))
def test_monthly_commitments_are_the_best_non_decreasing_sequence(months, rc, rb):
    """Every non-decreasing sequence N_0 <= N_1 <= ... priced by the definition, month hours 24 x k."""
    profiles = [NodeProfile(np.array(c), np.ones(len(c)), np.arange(len(c)), len(c)) for c in months]
    hours = [24.0 * (i + 1) for i in range(len(months))]
    ns, total = best_monthly_commitments(profiles, hours, rc, rb)
    peak = max(max(c) for c in months)

    def month_cost(c, h, n):
        scale = h / len(c)
        return scale * brute_force_cost(c, [1.0] * len(c), n, rc, rb)

    best = min(sum(month_cost(c, h, n) for c, h, n in zip(months, hours, seq))
               for seq in itertools.combinations_with_replacement(range(peak + 1), len(months)))
    assert total == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert list(ns) == sorted(ns)
    assert sum(month_cost(c, h, n) for c, h, n in zip(months, hours, ns)) == pytest.approx(best, rel=1e-9, abs=1e-9)


def test_hourly_profile_is_exact_for_two_counts_an_hour():
    """An hour at 3 nodes for 40 min and 5 for 20 min: mean 11/3; a commitment of 4 covers 3 x 2/3 +
    4 x 1/3 = 10/3 node-hours, by the steps and by the hourly extremes alike."""
    steps = np.array([3] * 160 + [5] * 80)
    a = NodeProfile.from_steps(steps, 15)
    b = NodeProfile.from_hourly(np.array([steps.mean()]), np.array([3]), np.array([5]))
    for n in range(7):
        assert a.covered(n) == pytest.approx(b.covered(n))
    assert a.covered(4) == pytest.approx(10 / 3)


# --- properties ------------------------------------------------------------------------------
@settings(derandomize=True, max_examples=150, deadline=None)
@given(counts=st.lists(st.integers(0, 20), min_size=2, max_size=48), od=st.floats(0.01, 1.0),
       rc_frac=st.floats(0.05, 1.5), extra=st.integers(1, 10))
def test_committing_above_the_floor_never_pays_when_the_rate_exceeds_od_times_utilisation(counts, od, rc_frac, extra):
    """The k-th node above the floor is used a share u_k of the hours; committing it costs rc and saves
    u_k x od. Whenever rc >= od x u_k for every added node, cost(floor + extra) >= cost(floor)."""
    p = NodeProfile(np.array(counts), np.ones(len(counts)), np.arange(len(counts)), len(counts))
    rc = rc_frac * od
    floor = min(counts)
    util = [np.mean(np.array(counts) > k) for k in range(floor, floor + extra)]
    if all(rc >= od * u for u in util):
        base = tobe_cost(p, rate("on_demand", od), rate("reserved", rc), floor).usd.sum()
        more = tobe_cost(p, rate("on_demand", od), rate("reserved", rc), floor + extra).usd.sum()
        assert more >= base - 1e-9


PRICE_FIELDS = ["costs.load_balancer_usd_per_hour", "costs.nat_gateway_usd_per_hour", "costs.nat_usd_per_gb",
                "costs.cross_zone_usd_per_gb", "costs.disk_usd_per_gib_month", "costs.extended_support_usd_per_hour",
                "cluster.control_plane.managed_usd_per_hour"]


def _priced(changes: dict, book: list | None = None):
    base = {"costs.as_is.nat_gateways": 1, "costs.to_be.nat_gateways": 3, "costs.as_is.nat_gb_per_month": 100.0,
            "costs.to_be.nat_gb_per_month": 100.0, "costs.to_be.cross_zone_gb_per_million_requests": 2.0,
            "costs.as_is.agent_usd_per_machine_month": 5.0, "costs.to_be.licence_usd_per_machine_month": 3.0,
            "costs.to_be.control_plane_support": "extended", "pricing.as_is.option": "reserved",
            "pricing.to_be.committed_nodes": "auto", "pricing.to_be.spot_burst_frac": 0.5}
    base.update(changes)
    s = scenario(**base)
    if book:
        s = planner.pricing.with_price_book(s, parse_price_book("\n".join(book), "book.csv"))
    return planner.plan(s).summary


@pytest.fixture(scope="module")
def priced_base():
    return _priced({})


@pytest.mark.parametrize("field", PRICE_FIELDS)
def test_cost_never_falls_when_a_line_price_rises(priced_base, field):
    d = scenario_to_dict(default_scenario())
    cur = d
    for k in field.split(".")[:-1]:
        cur = cur[k]
    raised = _priced({field: cur[field.split(".")[-1]] * 1.5 + 0.01})
    assert raised.asis_usd_per_month >= priced_base.asis_usd_per_month - 1e-9
    assert raised.tobe_usd_per_month >= priced_base.tobe_usd_per_month - 1e-9
    assert raised.asis_usd_per_month + raised.tobe_usd_per_month > \
        priced_base.asis_usd_per_month + priced_base.tobe_usd_per_month


@pytest.mark.parametrize("option, years, payment", [("on_demand", 0, "none"), ("reserved", 1, "no_upfront"),
                                                     ("spot", 0, "none")])
def test_cost_never_falls_when_a_machine_price_rises(priced_base, option, years, payment):
    """Every price of the m5.xlarge raised through a user price book: neither side gets cheaper (auto
    re-optimises the commitment, and a minimum of costs that each rise cannot fall)."""
    from planner.pricing import machine_rates
    from planner.catalog import resolve_instance
    from planner.scenario import InstanceRef

    r = machine_rates(resolve_instance(InstanceRef(), "x"))[
        option if years == 0 else f"{option} {years}y {payment}"]
    line = (f"m5.xlarge,aws,us-east-1,{option},{years},{payment},{r.usd_per_hour * 1.3 + 0.001},{r.upfront_usd},"
            f"{r.interruption_frac_per_month if r.interruption_frac_per_month is not None else ''}")
    raised = _priced({}, ["instance_type,provider,region,option,term_years,payment,usd_per_hour,upfront_usd,"
                          "interruption_frac_per_month", line])
    assert raised.asis_usd_per_month >= priced_base.asis_usd_per_month - 1e-9
    assert raised.tobe_usd_per_month >= priced_base.tobe_usd_per_month - 1e-9
    assert raised.tobe_usd_per_month_cheapest >= priced_base.tobe_usd_per_month_cheapest - 1e-9
    assert raised.asis_usd_per_month_cheapest >= priced_base.asis_usd_per_month_cheapest - 1e-9


# --- the price book override changes exactly the lines it names ---------------------------------
def test_price_book_override_changes_exactly_the_rows_it_names(default_plan):
    """A negotiated 1-year no-upfront rate for m5.xlarge changes that row of each side and nothing else."""
    s = planner.pricing.with_price_book(default_scenario(), parse_price_book(
        "instance_type,provider,region,option,term_years,payment,usd_per_hour,source\n"
        "m5.xlarge,aws,us-east-1,reserved,1,no_upfront,0.100,negotiated 2027\n", "negotiated.csv"))
    p = planner.plan(s)
    before, after = default_plan.purchase_options, p.purchase_options
    assert list(before.option) == list(after.option)
    changed = [o for o, a, b in zip(after.option, after.usd_per_month, before.usd_per_month) if abs(a - b) > 1e-9]
    assert changed == ["reserved 1y no_upfront", "reserved 1y no_upfront x auto + on_demand"]
    row = after[after.option == "reserved 1y no_upfront"].iloc[0]
    assert row.machines_usd_per_month == pytest.approx(12 * 0.100 * HPM)
    assert row.basis == "user" and "negotiated 2027" in row.source
    # the plan itself is on-demand: its headline does not move
    assert p.summary.asis_usd_per_month == pytest.approx(default_plan.summary.asis_usd_per_month)
    assert p.summary.tobe_usd_per_month == pytest.approx(default_plan.summary.tobe_usd_per_month)


def test_an_on_demand_override_is_the_plans_price_and_is_cited():
    s = planner.pricing.with_price_book(default_scenario(), parse_price_book(
        "- {instance_type: m5.xlarge, provider: aws, region: us-east-1, option: on_demand, usd_per_hour: 0.15, "
        "source: EDP 22 % off}\n", "edp.yaml"))
    p = planner.plan(s)
    assert p.summary.asis_usd_per_month - p.summary.asis_other_usd_per_month == pytest.approx(12 * 0.15 * HPM)
    a = p.assumptions
    price = a[(a.group == "As-Is") & (a.field == "server price")].iloc[0]
    assert price.value == pytest.approx(0.15) and "EDP 22 % off" in price.source


@pytest.mark.parametrize("text, name, where", [
    pytest.param("instance_type,option,usd_per_hour\nm5.xlarge,reserved,0.1\n", "b.csv", "b.csv line 2",
                 id="commitment_without_term"),
    pytest.param("instance_type,option,usd_per_hour\nm5.xlarge,on_demand,-1\n", "b.csv", "b.csv line 2",
                 id="negative_price"),
    pytest.param("instance_type,price\nm5.xlarge,1\n", "b.csv", "b.csv", id="missing_columns"),
    pytest.param("- {instance_type: m5.xlarge, option: gold, usd_per_hour: 1}\n", "b.yaml", "b.yaml row 1",
                 id="unknown_option"),
    pytest.param("a: [1,\n", "b.yaml", "b.yaml", id="bad_yaml"),
])
def test_a_bad_price_book_names_the_line_and_field(text, name, where):
    with pytest.raises(ScenarioError) as exc:
        parse_price_book(text, name)
    assert exc.value.problems[0][0] == where


def test_a_missing_price_is_refused_naming_the_field():
    with pytest.raises(ScenarioError) as exc:
        planner.plan(scenario(**{"pricing.as_is.option": "committed_use"}))
    path, msg = exc.value.problems[0]
    assert path == "pricing.as_is.option" and "committed_use 1y no_upfront" in msg and "reserved 1y" in msg


# --- the lines beside the machines ---------------------------------------------------------------
def test_every_cost_line_is_in_the_assumptions_with_its_source(default_plan):
    a = default_plan.assumptions
    lines = a[a.field.str.startswith("cost line: ")]
    keys = {(r.plan, r.line) for r in default_plan.cost_lines.itertuples()}
    assert len(lines) == len(keys) == 17  # 8 As-Is + 9 To-Be (extended support)
    assert (lines.source.str.len() > 20).all() and (lines.unit == "USD/month").all()
    assert set(lines.value.astype(float).round(6)) >= {round(3 * 0.0225 * HPM, 6), round(0.0225 * HPM, 6)}


def test_lines_by_hand():
    """1 NAT gateway each side + 100 GB: 0.045 x 730 + 100 x 0.045; To-Be cross-zone: requests/1e6 x
    2 GB x 2/3 (3 zones) x 0.02; agents 5 USD per As-Is server; licences 3 USD per mean node;
    extended support 0.50 x 730; fixed 100 USD As-Is."""
    p = planner.plan(scenario(**{"costs.as_is.nat_gateways": 1, "costs.as_is.nat_gb_per_month": 100.0,
                                 "costs.to_be.cross_zone_gb_per_million_requests": 2.0,
                                 "costs.as_is.agent_usd_per_machine_month": 5.0,
                                 "costs.to_be.licence_usd_per_machine_month": 3.0,
                                 "costs.to_be.control_plane_support": "extended",
                                 "costs.as_is.fixed_usd_per_month": 100.0}))
    s = p.summary
    requests_month = s.load_requests_total / 24 * HPM
    asis = 3 * 0.0225 * HPM + 12 * 20 * 0.08 + 0.045 * HPM + 100 * 0.045 + 12 * 5 + 100
    tobe = 0.10 * HPM + 0.0225 * HPM + s.tobe_nodes_mean * 20 * 0.08 + requests_month / 1e6 * 2 * (2 / 3) * 0.02 \
        + s.tobe_nodes_mean * 3 + 0.50 * HPM
    assert s.asis_other_usd_per_month == pytest.approx(asis)
    assert s.tobe_other_usd_per_month == pytest.approx(tobe)


# --- spot and on-prem --------------------------------------------------------------------------
def test_spot_haircut_by_hand():
    """10 spot node-hours in an hour of 20 node-hours and 72,000 requests, 0.73 interruptions per
    node-month, 30 s gap: 10 x 0.73/730 = 0.01 interruptions x 30/3600 h / 20 nodes x 72,000 = 0.3."""
    lost = spot_interruption_shortfall(np.array([10.0]), np.array([20.0]), np.array([[72_000.0]]), 0.73, 30, 730)
    assert lost[0, 0] == pytest.approx(0.3)


def test_spot_share_prices_the_burst_and_adds_its_loss_to_the_shortfall(default_plan):
    p = planner.plan(scenario(**{"pricing.to_be.spot_burst_frac": 1.0}))
    s = p.summary
    spot = 0.192 * (1 - 0.66)  # AWS Spot Advisor: m5.xlarge 66 % off
    assert s.tobe_usd_per_month - s.tobe_other_usd_per_month == pytest.approx(s.tobe_node_hours * spot / 24 * HPM)
    assert s.tobe_spot_node_hours == pytest.approx(s.tobe_node_hours)
    assert s.tobe_spot_shortfall_requests > 0
    assert s.tobe_shortfall_requests == pytest.approx(default_plan.summary.tobe_shortfall_requests
                                                      + s.tobe_spot_shortfall_requests)
    assert "spot_haircut" in {c for c, _ in s.warning_items}
    assert p.cluster_hourly.spot_shortfall_requests.sum() == pytest.approx(s.tobe_spot_shortfall_requests)
    # the spot row of the options table changes risk and is never the cheapest
    opts = p.purchase_options
    assert opts[opts.changes_risk].cheapest.sum() == 0


def test_on_prem_hosts_by_hand():
    """12 VMs, 4 per host: 3 hosts x (18,000 / 60 + 150 + 50) = 1,950 USD/month; To-Be on 4 VMs a
    host: ceil(7 peak nodes / 4) = 2 hosts, whatever the node-hours."""
    host = {"host_purchase_usd": 18000.0, "amortisation_months": 60, "power_space_usd_per_month": 150.0,
            "licence_usd_per_month": 50.0, "machines_per_host": 4}
    p = planner.plan(scenario(**{"pricing.as_is.hosting": "on_prem", "pricing.as_is.on_prem": host,
                                 "pricing.to_be.hosting": "on_prem", "pricing.to_be.on_prem": host}))
    s = p.summary
    assert s.asis_usd_per_month - s.asis_other_usd_per_month == pytest.approx(3 * (18000 / 60 + 150 + 50))
    assert s.tobe_usd_per_month - s.tobe_other_usd_per_month == pytest.approx(2 * (18000 / 60 + 150 + 50))
    assert s.asis_upfront_usd == pytest.approx(3 * 18000)
    # disks are in the host price on premises
    assert p.cost_lines.set_index(["plan", "line"]).loc[("as_is", "disks"), "usd_per_month"] == 0


# --- the headline states both savings --------------------------------------------------------------
def test_default_plan_states_on_demand_and_cheapest_savings(default_plan):
    s, opts = default_plan.summary, default_plan.purchase_options
    a, b = cheapest(opts, "as_is"), cheapest(opts, "to_be")
    assert s.asis_usd_per_month_cheapest == pytest.approx(a.usd_per_month) == opts[opts.side == "as_is"].usd_per_month.min()
    safe = opts[(opts.side == "to_be") & ~opts.changes_risk]
    assert s.tobe_usd_per_month_cheapest == pytest.approx(b.usd_per_month) == safe.usd_per_month.min()
    assert s.savings_usd_per_month_cheapest == pytest.approx(a.usd_per_month - b.usd_per_month)
    assert s.savings_frac_on_demand == pytest.approx(s.savings_frac)  # the default plan is on-demand
    assert on_demand(opts, "as_is").chosen and on_demand(opts, "to_be").chosen
    assert opts.chosen.sum() == 2 and opts.cheapest.sum() == 2
    assert b.committed == best_commitment_of(default_plan, b)


def best_commitment_of(plan, row) -> int:
    from planner.planning import node_profile, simulate, check_scenario

    sc = plan.scenario
    sim = simulate(sc, check_scenario(sc), True)
    n, _ = best_commitment(node_profile(sim.run), row.effective_usd_per_hour, 0.192)
    return n


def test_report_sentence_has_both_savings(default_plan):
    from planner.report.markdown import render_markdown

    s = default_plan.summary
    for lang, words in (("en", ("both sides on-demand", "cheapest purchase option")), ("ko", ("온디맨드", "가장 싼"))):
        md = render_markdown(default_plan, lang=lang)
        assert all(w in md for w in words)
        assert f"${s.savings_usd_per_month_cheapest:,.0f}" in md
        assert f"${s.savings_usd_per_month_on_demand:,.0f}" in md


def test_committed_nodes_fixed_and_auto():
    fixed = planner.plan(scenario(**{"pricing.to_be.committed_nodes": 3})).summary
    auto = planner.plan(scenario(**{"pricing.to_be.committed_nodes": "auto"})).summary
    od = planner.plan(default_scenario()).summary
    assert fixed.tobe_committed_nodes == 3 and fixed.tobe_commitment_utilization_frac == pytest.approx(1.0)
    assert auto.tobe_usd_per_month <= fixed.tobe_usd_per_month + 1e-9 <= od.tobe_usd_per_month + 1e-9
    assert 0 < auto.tobe_commitment_coverage_frac <= 1
    assert math.isclose(auto.tobe_upfront_usd, 0.0)
