"""Chart builders: the traces carry the plan's numbers, labels follow the language.

A small plan is built by hand (2 services, 3 hours) so every expected value is known without the
engine; one test also runs the real engine on the default scenario."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from planner.charts import FIGURE_KEYS, all_figures, fig_hourly_cost, fig_load_profiles, fig_node_utilization, \
    fig_nodes_vs_servers, fig_pods_stacked
from planner.i18n import t
from planner.catalog import Instance
from planner.result import Plan, Summary
from planner.scenario import validate_scenario


def _hand_plan() -> Plan:
    scenario = validate_scenario({
        "name": "hand",
        "services": [{"name": "web", "load_requests_per_s": [10, 20, 30]},
                     {"name": "batch", "load_requests_per_s": [5, 0, 5]}],
        "cluster": {"scale_down_utilization_threshold_frac": 0.4},
    })
    hourly = pd.DataFrame({
        "hour": [0, 0, 1, 1, 2, 2],
        "service": ["web", "batch", "web", "batch", "web", "batch"],
        "load_requests_per_s": [10.0, 5.0, 20.0, 0.0, 30.0, 5.0],
        "desired_replicas": [2.0, 1.0, 3.5, 1.0, 5.0, 2.0],
    })
    cluster_hourly = pd.DataFrame({
        "hour": [0, 1, 2],
        "asis_servers": [6, 6, 6],
        "nodes_requested": [2.0, 2.5, 3.0],
        "nodes_requested_max": [2, 3, 3],
        "requested_cpu_frac": [0.30, 0.55, 0.80],
        "requested_memory_frac": [0.20, 0.25, 0.35],
        "asis_usd": [1.2, 1.2, 1.2],
        "tobe_usd": [0.5, 0.6, 0.7],
        "savings_usd_cumulative": [0.7, 1.3, 1.8],
    })
    summary = Summary(
        horizon_hours=3, step_s=15, hours_per_month=730.0, asis_servers_total=6, asis_backup_servers_total=2,
        asis_server_hours=18.0, asis_usd_total=3.6, asis_usd_per_day=28.8, asis_usd_per_month=876.0,
        tobe_nodes_peak=3, tobe_nodes_mean=2.5, tobe_nodes_min=2, tobe_node_hours=7.5, tobe_compute_usd_total=1.5,
        tobe_control_plane_usd_total=0.3, tobe_usd_total=1.8, tobe_usd_per_day=14.4, tobe_usd_per_month=438.0,
        tobe_pods_peak=7, savings_usd_per_month=438.0, savings_frac=0.5, load_requests_total=252000.0,
        tobe_shortfall_requests=0.0, tobe_shortfall_frac=0.0, tobe_worst_hour=None,
        tobe_worst_hour_shortfall_requests=0.0, tobe_min_headroom_frac=0.2, asis_shortfall_requests=0.0,
        asis_shortfall_frac=0.0, asis_worst_hour=None, asis_worst_hour_shortfall_requests=0.0,
        asis_min_headroom_frac=0.5)
    m5 = Instance("m5.xlarge", "aws", "us-east-1", 4.0, 16.0, 0.192, "test", "2026-07-20")
    return Plan(scenario=scenario, summary=summary, hourly=hourly, cluster_hourly=cluster_hourly,
                services=pd.DataFrame(), assumptions=pd.DataFrame(), node=m5, server=m5)


@pytest.fixture
def plan() -> Plan:
    return _hand_plan()


def _trace(fig, name):
    matches = [tr for tr in fig.data if tr.name == name]
    assert len(matches) == 1, [tr.name for tr in fig.data]
    return matches[0]


def test_nodes_vs_servers_traces_carry_plan_numbers(plan):
    fig = fig_nodes_vs_servers(plan, "en")
    assert list(_trace(fig, t("tr_asis_servers", "en", type="m5.xlarge")).y) == [6, 6, 6]
    assert list(_trace(fig, t("tr_nodes_mean", "en", type="m5.xlarge")).y) == [2.0, 2.5, 3.0]
    assert list(_trace(fig, t("tr_nodes_max", "en", type="m5.xlarge")).y) == [2, 3, 3]
    assert list(_trace(fig, t("tr_nodes_mean", "en", type="m5.xlarge")).x) == [0, 1, 2]
    assert fig.layout.yaxis.title.text == "Machines [count]"
    assert fig.layout.xaxis.title.text == "Hour of the plan [h]"


def test_pods_stacked_one_trace_per_service_in_scenario_order(plan):
    fig = fig_pods_stacked(plan, "en")
    assert [tr.name for tr in fig.data] == ["web", "batch"]
    assert list(fig.data[0].y) == [2.0, 3.5, 5.0]
    assert list(fig.data[1].y) == [1.0, 1.0, 2.0]
    assert {tr.stackgroup for tr in fig.data} == {"pods"}
    # the stack top at hour 2 equals the total pods of that hour
    assert fig.data[0].y[2] + fig.data[1].y[2] == 7.0


def test_hourly_cost_bars_and_cumulative_saving_on_second_axis(plan):
    fig = fig_hourly_cost(plan, "en")
    assert list(_trace(fig, t("tr_asis_cost", "en")).y) == [1.2, 1.2, 1.2]
    assert list(_trace(fig, t("tr_tobe_cost", "en")).y) == [0.5, 0.6, 0.7]
    cum = _trace(fig, t("tr_savings_cum", "en"))
    assert cum.yaxis == "y2"
    # cumulative saving = running sum of (As-Is - To-Be), computed here by hand
    assert list(cum.y) == pytest.approx([0.7, 0.7 + 0.6, 0.7 + 0.6 + 0.5])
    assert fig.layout.yaxis2.title.text == "Cumulative saving [USD]"


def test_node_utilization_as_fractions_with_threshold(plan):
    fig = fig_node_utilization(plan, "en")
    assert list(_trace(fig, t("tr_req_cpu", "en")).y) == [0.30, 0.55, 0.80]
    assert list(_trace(fig, t("tr_req_mem", "en")).y) == [0.20, 0.25, 0.35]
    assert list(_trace(fig, t("tr_threshold", "en")).y) == [0.4, 0.4]
    assert fig.layout.yaxis.tickformat == ".0%"


def test_load_profiles_from_plan_and_from_mapping(plan):
    fig = fig_load_profiles(plan, "en")
    assert [tr.name for tr in fig.data] == ["web", "batch"]
    assert list(fig.data[0].y) == [10.0, 20.0, 30.0]
    small = fig_load_profiles({"x": [1, 2], "y": [3, 4]}, "en", height=250, title="")
    assert [list(tr.y) for tr in small.data] == [[1.0, 2.0], [3.0, 4.0]]
    assert small.layout.height == 250


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_all_figures_stable_keys_and_translated_titles(plan, lang):
    figs = all_figures(plan, lang)
    assert tuple(figs) == FIGURE_KEYS == ("nodes_vs_servers", "pods_stacked", "hourly_cost", "node_utilization",
                                          "load_profiles")
    assert figs["nodes_vs_servers"].layout.title.text == t("fig_nodes_title", lang)
    assert figs["hourly_cost"].layout.title.text == t("fig_cost_title", lang)
    for fig in figs.values():
        json.loads(fig.to_json())  # serializable for the page and the reports
        assert fig.layout.xaxis.title.text == t("x_hour", lang)


def test_korean_hover_uses_korean_hours_and_units(plan):
    fig = fig_nodes_vs_servers(plan, "ko")
    mean = _trace(fig, t("tr_nodes_mean", "ko", type="m5.xlarge"))
    assert list(mean.customdata) == ["0시", "1시", "2시"]
    assert "노드" in mean.hovertemplate
    assert fig.layout.title.text == "시간별 As-Is 서버와 To-Be 노드"


def test_all_figures_on_the_engine_plan():
    import planner
    from planner.scenario_io import default_scenario

    p = planner.plan(default_scenario())
    figs = all_figures(p, "en")
    nodes = figs["nodes_vs_servers"]
    assert list(_trace(nodes, t("tr_nodes_mean", "en", type="m5.xlarge")).y) == pytest.approx(list(p.cluster_hourly["nodes_requested"]))
    assert max(_trace(nodes, t("tr_nodes_max", "en", type="m5.xlarge")).y) == p.summary.tobe_nodes_peak
    assert set(_trace(nodes, t("tr_asis_servers", "en", type="m5.xlarge")).y) == {p.summary.asis_servers_total}
    cost = figs["hourly_cost"]
    cum = _trace(cost, t("tr_savings_cum", "en"))
    # the last cumulative saving is the As-Is total minus the To-Be total of the summary
    assert cum.y[-1] == pytest.approx(p.summary.asis_usd_total - p.summary.tobe_usd_total, rel=1e-9, abs=1e-6)
    pods = figs["pods_stacked"]
    assert [tr.name for tr in pods.data] == ["A", "B", "C"]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_tooltip_names_its_series_and_unit(plan, lang):
    """Hovering any point says which series it is (the name is in the text: plotly's own name box is
    off) and the value's unit: a count word, $ or %."""
    units = {t(k, lang) for k in ("u_servers", "u_nodes", "u_pods", "u_rps")} | {"$", "%"}
    for key, fig in all_figures(plan, lang).items():
        for tr in fig.data:
            assert tr.name and f"· {tr.name}: " in tr.hovertemplate, (key, tr.name, tr.hovertemplate)
            assert any(u in tr.hovertemplate for u in units), (key, tr.hovertemplate)


def test_servers_vs_nodes_legend_says_max_mean_and_the_machine_types(plan):
    """The scenario runs m5.xlarge servers and m5.xlarge nodes (the model's defaults)."""
    names = [tr.name for tr in fig_nodes_vs_servers(plan, "en").data]
    assert names == ["As-Is servers, m5.xlarge (fixed, backups included)", "To-Be nodes, m5.xlarge: hourly max",
                     "To-Be nodes, m5.xlarge: hourly mean"]
    ko = [tr.name for tr in fig_nodes_vs_servers(plan, "ko").data]
    assert ko == ["As-Is 서버, m5.xlarge (고정, 백업 포함)", "To-Be 노드, m5.xlarge: 시간 내 최대",
                  "To-Be 노드, m5.xlarge: 시간 평균"]


def test_a_service_name_cannot_inject_into_the_tooltip_template():
    fig = fig_load_profiles({"%{y}<b>x</b>": [1.0, 2.0]}, "en")
    assert "%{y}<b>" not in fig.data[0].hovertemplate.split("· ", 1)[1]


@pytest.fixture(scope="module")
def week_plan():
    """The default scenario over a 168-hour week (each profile repeated seven times)."""
    import planner
    from planner.scenario_io import default_scenario, scenario_to_dict

    d = scenario_to_dict(default_scenario())
    for svc in d["services"]:
        svc["load_requests_per_s"] = svc["load_requests_per_s"] * 7
    return planner.plan(validate_scenario(d))


@pytest.mark.parametrize("lang,first,title", [("en", ["Mon 00:00", "Tue 00:00"], "Day and hour of the plan"),
                                              ("ko", ["월 0시", "화 0시"], "계획 요일·시각")])
def test_week_axis_names_the_days(week_plan, lang, first, title):
    """Over a week the ticks are one per day at midnight, labelled with the day (not 0-168)."""
    for key, fig in all_figures(week_plan, lang).items():
        x = fig.layout.xaxis
        assert list(x.tickvals) == [0, 24, 48, 72, 96, 120, 144], key
        assert list(x.ticktext[:2]) == first and len(x.ticktext) == 7, key
        assert x.title.text == title, key


def test_week_cost_is_two_step_lines_not_336_bars(week_plan):
    fig = fig_hourly_cost(week_plan, "en")
    assert [tr.type for tr in fig.data] == ["scatter", "scatter", "scatter"]
    asis, tobe, saving = fig.data
    assert asis.line.shape == tobe.line.shape == "hv" and asis.mode == tobe.mode == saving.mode == "lines"
    assert list(tobe.y) == pytest.approx(list(week_plan.cluster_hourly["tobe_usd"]))
    assert len(asis.x) == 168


def test_a_day_keeps_bars_markers_and_hour_ticks(plan):
    """Within two days nothing changes: bars per hour, markers, a tick every hour on a 3-hour plan."""
    fig = fig_hourly_cost(plan, "en")
    assert [tr.type for tr in fig.data] == ["bar", "bar", "scatter"] and fig.data[2].mode == "lines+markers"
    assert fig.layout.xaxis.dtick == 1 and fig.layout.xaxis.title.text == t("x_hour", "en")
