"""The month-by-month plan (forecast): each month is the scenario's period at that month's load,
through the same engine, weighted by calendar days; As-Is servers never shrink and are ordered the
lead time ahead; commitments only grow."""

from __future__ import annotations

import pytest

import planner
from planner.scenario_io import default_scenario, scenario_to_dict


def forecast_scenario(**forecast):
    d = scenario_to_dict(default_scenario())
    d["forecast"] = {"months": 12, **forecast}
    return d


@pytest.fixture(scope="module")
def flat():
    return planner.plan(planner.validate_scenario(forecast_scenario()))


def test_flat_months_are_the_plan_per_day_times_days(flat):
    """No growth, no events: every month repeats the default day; January 31 days x 24 h at the plan's
    hourly mean, February 28 days."""
    m, s = flat.months, flat.summary
    assert list(m.month) == [f"2027-{i:02d}" for i in range(1, 13)]
    assert list(m.days) == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    for r in m.itertuples():
        assert r.asis_usd == pytest.approx(s.asis_usd_per_day * r.days)
        assert r.tobe_usd == pytest.approx(s.tobe_usd_per_day * r.days)
        assert (r.tobe_nodes_peak, r.tobe_nodes_min) == (s.tobe_nodes_peak, s.tobe_nodes_min)
        assert r.tobe_nodes_mean == pytest.approx(s.tobe_nodes_mean)
        assert r.asis_servers == s.asis_servers_total and r.asis_servers_added == 0
    assert m.savings_usd_cumulative.iloc[-1] == pytest.approx(m.asis_usd.sum() - m.tobe_usd.sum())
    assert m.asis_usd_cumulative.is_monotonic_increasing


def test_growth_an_event_and_the_lead_time():
    """+5 %/month and x4 for 3 days from 2027-11-26 with a 2-month lead time: the As-Is fleet grows
    to the event's peak and never shrinks; each step up is ordered two months before; the event
    month has 3 event days; commitments (auto) never decrease."""
    d = forecast_scenario(growth_frac_per_month=0.05, asis_lead_time_months=2,
                          events=[{"name": "Black Friday", "start_date": "2027-11-26", "days": 3, "load_factor": 4}])
    d["pricing"]["to_be"]["committed_nodes"] = "auto"
    m = planner.plan(planner.validate_scenario(d)).months
    assert list(m.event_days) == [0] * 10 + [3, 0]
    assert m.load_factor.iloc[11] == pytest.approx(1.05 ** 11)
    assert list(m.asis_servers) == sorted(m.asis_servers)  # never shrinks
    assert (m.asis_servers >= m.asis_servers_needed).all()
    nov = m.iloc[10]
    assert nov.asis_servers_needed > 3 * m.asis_servers_needed.iloc[9]  # sized for the x4 peak
    assert nov.asis_servers_added > 0 and nov.asis_order_month == "2027-09" and not nov.asis_order_late
    assert m.iloc[11].asis_servers == nov.asis_servers
    assert list(m.tobe_committed_nodes) == sorted(m.tobe_committed_nodes)
    assert (m.tobe_commitment_coverage_frac.between(0, 1)).all()
    assert nov.tobe_nodes_peak > m.iloc[9].tobe_nodes_peak


def test_an_order_before_the_start_is_late():
    d = forecast_scenario(growth_frac_per_month=0.3, asis_lead_time_months=3)
    m = planner.plan(planner.validate_scenario(d)).months
    added = m[m.asis_servers_added > 0]
    assert len(added) and added.iloc[0].asis_order_late == (added.index[0] < 3)
    assert added.iloc[0].asis_order_month < added.iloc[0].month


def test_upfront_is_cash_in_the_first_month_and_amortised_in_all():
    """As-Is 3-year all upfront: 12 servers x 1,898 USD paid in January (cash); every month carries
    12 x 1,898 / 26,280 h x hours (amortised)."""
    d = forecast_scenario()
    d["pricing"]["as_is"] = {**d["pricing"]["as_is"], "option": "reserved", "term_years": 3, "payment": "all_upfront"}
    p = planner.plan(planner.validate_scenario(d))
    m = p.months
    other_per_hour = p.summary.asis_other_usd_per_month / 730
    jan, feb = m.iloc[0], m.iloc[1]
    assert jan.asis_usd == pytest.approx(12 * 1898 / 26280 * 744 + other_per_hour * 744)
    assert jan.asis_cash_usd == pytest.approx(12 * 1898 + other_per_hour * 744)
    assert feb.asis_cash_usd == pytest.approx(other_per_hour * 672)


def test_months_are_refused_above_the_app_budget():
    from planner.scenario import APP_WORK_BUDGET, ScenarioError, check_scenario_work

    d = forecast_scenario(months=36, growth_frac_per_month=0.01,
                          events=[{"start_date": f"2027-{i:02d}-01", "days": 1, "load_factor": 2} for i in range(1, 13)])
    d["services"] = [{**svc, "load_requests_per_s": svc["load_requests_per_s"] * 7} for svc in d["services"]]
    with pytest.raises(ScenarioError) as exc:
        check_scenario_work(planner.validate_scenario(d), None, APP_WORK_BUDGET)
    assert "forecast months" in str(exc.value)
