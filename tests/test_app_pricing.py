"""The page's pricing parts under AppTest (issue 11): purchase options beside the pickers move the
headline to the engine's figures, committed nodes take "auto" or a count, on-prem hosts, the lines
beside the machines, the 12-month plan and its chart, a price book upload that replaces the rows
it names. Expected values come from ``planner.plan`` on the scenario each test builds itself."""

from __future__ import annotations

import pytest

import planner
from planner.i18n import t
from planner.scenario import validate_scenario
from test_app import at as page  # noqa: F401
from test_app import assert_headline, chart_specs, default_dict, errors, metric, number, open_section, run, trace_y


@pytest.fixture
def at(page):
    """The page with the Assumptions section open (the purchase options sit beside the machine pickers)."""
    return open_section(page, "assumptions")


def test_reserving_the_servers_moves_the_headline(at):
    at.selectbox(key="as_is.option").set_value("reserved")
    run(at)  # term and payment are enabled for commitments only
    at.selectbox(key="as_is.term").set_value(3)
    at.selectbox(key="as_is.payment").set_value("all_upfront")
    run(at)
    d = default_dict()
    d["pricing"]["as_is"].update(option="reserved", term_years=3, payment="all_upfront")
    assert_headline(at, validate_scenario(d))
    # 12 x 1,898 / 26,280 h x 730 h + the lines beside the servers (3 x 0.0225 x 730 + 12 x 20 x 0.08)
    assert number(metric(at, "m_asis_month")) == round(12 * 1898 / 26280 * 730 + 49.275 + 19.2)
    assert any("reserved 3y all_upfront" in c.value and "derived" in c.value for c in at.caption)


def test_committed_nodes_auto_and_a_count(at):
    at.text_input(key="to_be.committed").set_value("auto")
    run(at)
    d = default_dict()
    d["pricing"]["to_be"]["committed_nodes"] = "auto"
    assert_headline(at, validate_scenario(d))
    at.text_input(key="to_be.committed").set_value("3")
    run(at)
    d["pricing"]["to_be"]["committed_nodes"] = 3
    assert_headline(at, validate_scenario(d))
    at.text_input(key="to_be.committed").set_value("three")
    run(at)
    assert "pricing.to_be.committed_nodes" in errors(at) and "auto or a whole number" in errors(at)


def test_on_prem_hosts_and_spot(at):
    at.selectbox(key="to_be.hosting").set_value("on_prem")
    run(at)
    assert any("on premises but every host cost is 0" in w.value for w in [*at.warning, *at.info, *at.error])
    at.number_input(key="to_be.host_price").set_value(12000.0)
    at.number_input(key="to_be.per_host").set_value(2)
    run(at)
    d = default_dict()
    d["pricing"]["to_be"].update(hosting="on_prem")
    d["pricing"]["to_be"]["on_prem"].update(host_purchase_usd=12000.0, machines_per_host=2)
    assert_headline(at, validate_scenario(d))
    at.selectbox(key="to_be.hosting").set_value("cloud")
    run(at)
    at.number_input(key="to_be.spot_pct").set_value(50.0)
    run(at)
    d["pricing"]["to_be"].update(hosting="cloud", spot_burst_frac=0.5)
    assert_headline(at, validate_scenario(d))
    assert any("spot interruptions lose about" in w.value for w in [*at.error, *at.warning])  # the To-Be risk group


def test_lines_beside_the_machines(at):
    at.selectbox(key="as_is.lb").set_value("none")
    at.number_input(key="to_be.nat").set_value(3)
    at.selectbox(key="to_be.support").set_value("extended")
    run(at)
    d = default_dict()
    d["costs"]["as_is"]["load_balancers"] = "none"
    d["costs"]["to_be"].update(nat_gateways=3, control_plane_support="extended")
    expected = validate_scenario(d)
    assert_headline(at, expected)
    s = planner.plan(expected).summary
    assert s.tobe_other_usd_per_month == pytest.approx(
        planner.plan(planner.default_scenario()).summary.tobe_other_usd_per_month + (3 * 0.045 + 0.50) * 730)


def test_the_prices_tab_shows_both_savings_the_stack_and_the_months(at):
    s = planner.plan(planner.default_scenario()).summary
    open_section(at, "prices")
    info = [i.value for i in at.info]
    assert any(f"{100 * s.savings_frac_on_demand:.1f}%" in v and f"{100 * s.savings_frac_cheapest:.1f}%" in v
               for v in info), info
    stack = chart_specs(at)[t("pricing.fig_stack_title", "en")]
    plan = planner.plan(planner.default_scenario())
    assert trace_y(stack, t("pricing.tr_on_demand", "en")) == pytest.approx(list(plan.cluster_hourly.tobe_on_demand_usd))
    open_section(at, "assumptions")
    at.number_input(key="fc.months").set_value(12)
    at.number_input(key="fc.growth_pct").set_value(5.0)
    at.number_input(key="fc.lead").set_value(2)
    run(at)
    open_section(at, "prices")
    d = default_dict()
    d["forecast"].update(months=12, growth_frac_per_month=0.05, asis_lead_time_months=2)
    months = planner.plan(validate_scenario(d)).months
    spec = chart_specs(at)[t("pricing.fig_months_title", "en")]
    assert trace_y(spec, t("pricing.tr_saving_cum", "en")) == pytest.approx(list(months.savings_usd_cumulative))
    buys = next(tr for tr in spec["data"] if tr["name"] == t("pricing.tr_buy", "en"))
    assert list(buys["x"]) == [m for m in months[months.asis_servers_added > 0].asis_order_month
                               if m in set(months.month)]


def test_events_text_becomes_forecast_events(at):
    at.number_input(key="fc.months").set_value(12)
    run(at)
    at.text_area(key="fc.events_text").set_value("2027-11-26, 3, 4, Black Friday")
    run(at)
    assert at.session_state["base"]["forecast"]["events"] == [
        {"name": "Black Friday", "start_date": "2027-11-26", "days": 3, "load_factor": 4.0}]
    at.text_area(key="fc.events_text").set_value("next friday, 3")
    run(at)
    assert any("line 1" in e.value for e in at.error)


def test_price_book_upload_replaces_the_rows_it_names(at):
    """The uploader's callback puts the file's rows into the scenario (AppTest cannot drive a file
    uploader, so the test applies the same function to the page's base scenario)."""
    from planner.ui.pricing_tab import with_book_rows

    at.text_input(key="to_be.committed").set_value("auto")
    run(at)
    before = number(metric(at, "m_tobe_month"))
    csv = (b"instance_type,provider,region,option,term_years,payment,usd_per_hour,source\n"
           b"m5.xlarge,aws,us-east-1,reserved,1,no_upfront,0.05,negotiated\n")
    at.session_state["base"] = with_book_rows(at.session_state["base"], csv, "book.csv")
    run(at)
    open_section(at, "prices")
    d = default_dict()
    d["pricing"]["to_be"]["committed_nodes"] = "auto"
    d["pricing"]["price_book"] = [{"instance_type": "m5.xlarge", "provider": "aws", "region": "us-east-1",
                                   "option": "reserved", "term_years": 1, "payment": "no_upfront",
                                   "usd_per_hour": 0.05, "source": "negotiated"}]
    assert_headline(at, validate_scenario(d))
    assert number(metric(at, "m_tobe_month")) < before
    assert any("1 rows" in c.value for c in at.caption)
    with pytest.raises(Exception) as exc:
        with_book_rows(at.session_state["base"], b"instance_type,option,usd_per_hour\nm5.xlarge,gold,1\n", "b.csv")
    assert "b.csv line 2" in str(exc.value)
