"""The Streamlit page under AppTest: one interaction per feature, figures checked against values
computed without the UI (by hand, or by ``planner.plan`` on the scenario the test builds itself).

Editing a data_editor cell follows the verified recipe: assign the editor's state
(``edited_rows``) on ``at.session_state`` under the editor's key, then ``run()``.
"""

from __future__ import annotations

import base64
import io
import json
import math
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import planner
from planner.catalog import load_catalog
from planner.i18n import fmt_pct, t
from planner.loaders import MAX_UPLOAD_MB
from planner.scenario import Scenario, validate_scenario
from planner.scenario_io import default_scenario, dump_scenario, scenario_to_dict
from planner.ui.state import decode_scenario, encode_scenario

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
HOURS_PER_MONTH = 730.0
M5_XLARGE_USD_PER_HOUR = 0.192  # data/instance_catalog.csv, aws us-east-1


# --- helpers ---------------------------------------------------------------------------------
@pytest.fixture
def at(tmp_path, monkeypatch) -> AppTest:
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path / "library"))
    app = AppTest.from_file(APP, default_timeout=120)
    app.run()
    assert not app.exception, app.exception
    return app


def run(app: AppTest) -> AppTest:
    app.run()
    assert not app.exception, [e.value for e in app.exception]
    return app


def default_dict() -> dict:
    return scenario_to_dict(default_scenario())


def metric(app: AppTest, msg_id: str, lang: str = "en") -> str:
    label = t(msg_id, lang)
    found = [m.value for m in app.metric if m.label == label]
    assert len(found) == 1, (label, [m.label for m in app.metric])
    return found[0]


def metric_delta(app: AppTest, msg_id: str, lang: str = "en") -> str:
    label = t(msg_id, lang)
    (found,) = [m for m in app.metric if m.label == label]
    return found.delta


def number(text: str) -> float:
    """'$1,682' -> 1682.0; '46.9%' -> 46.9; '-$12' -> -12.0."""
    head = text.split(" (")[0]
    return float(head.replace("$", "").replace(",", "").replace("%", "").strip())


def assert_headline(app: AppTest, scenario: Scenario, lang: str = "en") -> None:
    """Every headline figure equals the engine's plan of ``scenario`` at the precision shown."""
    s = planner.plan(scenario).summary
    assert number(metric(app, "m_asis_month", lang)) == round(s.asis_usd_per_month)
    assert number(metric(app, "m_tobe_month", lang)) == round(s.tobe_usd_per_month)
    assert number(metric(app, "m_saving_month", lang)) == round(s.savings_usd_per_month)
    assert number(metric(app, "m_saving_pct", lang)) == round(100 * s.savings_frac, 1)
    assert number(metric(app, "m_asis_servers", lang)) == s.asis_servers_total
    assert number(metric(app, "m_nodes_peak", lang)) == s.tobe_nodes_peak
    assert number(metric(app, "m_nodes_mean", lang)) == round(s.tobe_nodes_mean, 1)
    assert number(metric(app, "m_tobe_shortfall", lang)) == pct_shown(s.tobe_shortfall_frac)


def pct_shown(frac: float) -> float:
    """The documented percent rule (planner.i18n.fmt_pct): p = 100 x frac; one decimal from 1 % up, two
    significant digits below, i.e. round(p, 1 - floor(log10 |p|)); 0 stays 0."""
    p = 100.0 * frac
    if p == 0:
        return 0.0
    if abs(p) >= 0.995:
        return round(p, 1)
    return round(p, 1 - math.floor(math.log10(abs(p))))


def editor_key(app: AppTest, table: str) -> str:
    return f"editor_{table}_{app.session_state['editor_ver']}"


def open_section(app: AppTest, section: str, lang: str = "en") -> AppTest:
    """Open a section of the page as a click on its tab does (the tabs' value is the tab's label)."""
    from planner.ui.page import SECTIONS

    (sec,) = [s for s in SECTIONS if s.id == section]
    app.session_state["section"] = t(sec.label_key, lang)
    return run(app)


def open_box(app: AppTest, key: str) -> AppTest:
    """Open an expander whose content is drawn only while open, as a click on it does."""
    app.session_state[key] = True
    return run(app)


def open_tab(app: AppTest) -> str:
    """The label of the open tab (the only one with content)."""
    (tab,) = [tb for tb in app.tabs if tb.label in {t(k, lng) for k in ("tab_results", "tab_load", "tab_assumptions",
              "tab_explain", "tab_scenarios") for lng in ("en", "ko")} and len(tb.children)]
    return tab.label


def edit_cells(app: AppTest, table: str, edits: dict[int, dict[str, object]]) -> AppTest:
    """Edit cells of a load table (on the Load section, where a user edits them)."""
    if app.session_state["view"] != "load":
        open_section(app, "load")
    app.session_state[editor_key(app, table)] = {"edited_rows": edits, "added_rows": [], "deleted_rows": []}
    return run(app)


def url_scenario(app: AppTest) -> Scenario:
    """The scenario the page keeps in its address (what a browser refresh restores)."""
    return validate_scenario(decode_scenario(app.query_params["s"]))


def errors(app: AppTest) -> str:
    return "\n".join(e.value for e in app.error)


def chart_specs(app: AppTest) -> dict[str, dict]:
    """Plotly figure JSON of every chart on the page, keyed by title."""
    out = {}
    for el in app.get("plotly_chart"):
        spec = json.loads(el.proto.spec)
        title = spec["layout"].get("title", {}).get("text", "")
        out[title] = spec
    return out


def trace_y(spec: dict, name: str) -> list[float]:
    tr = next(tr for tr in spec["data"] if tr["name"] == name)
    y = tr["y"]
    if isinstance(y, dict):  # plotly typed array
        return list(np.frombuffer(base64.b64decode(y["bdata"]), dtype=np.dtype(y["dtype"])))
    return list(y)


def asis_servers_by_hand(peak_requests_per_s: float, cpu_base: float, cpu_per_rps: float, mem_base: float,
                         mem_per_rps: float, backups: int = 1) -> int:
    """As-Is servers of one service on m5.xlarge (4000 m, 16384 MiB) minus the OS reserve (100 m,
    512 MiB), sized at 70 % (docs/model.md, As-Is)."""
    cpu_cap = ((4000 - 100) * 0.7 - cpu_base) / cpu_per_rps
    mem_cap = ((16384 - 512) * 0.7 - mem_base) / mem_per_rps
    return max(1, math.ceil(peak_requests_per_s / min(cpu_cap, mem_cap))) + backups


# --- the default page ------------------------------------------------------------------------
def test_default_page_shows_the_engine_plan(at):
    assert_headline(at, default_scenario())
    (saving,) = [m for m in at.metric if m.label == t("m_saving_pct")]
    assert saving.delta == "within the risk limit"  # 0.0093 % unserved is below the 0.1 % limit
    from streamlit.proto.Metric_pb2 import Metric

    assert saving.proto.color == Metric.MetricColor.GREEN
    # As-Is by hand: A 620 req/s -> 3+1, B 700 -> 3+1, C 450 -> 3+1 servers of m5.xlarge
    servers = (asis_servers_by_hand(620, 50, 10, 200, 0.5) + asis_servers_by_hand(700, 80, 8, 400, 1.0)
               + asis_servers_by_hand(450, 100, 15, 800, 1.5))
    assert servers == 12
    assert number(metric(at, "m_asis_servers")) == servers
    # the servers plus the lines beside them: a load balancer per service (0.0225 USD/h) and a 20 GiB
    # disk per server (0.08 USD/GiB-month), the scenario defaults
    assert number(metric(at, "m_asis_month")) == round(servers * M5_XLARGE_USD_PER_HOUR * HOURS_PER_MONTH
                                                       + 3 * 0.0225 * HOURS_PER_MONTH + servers * 20 * 0.08)
    assert not at.error
    # charts: the nodes chart carries the engine's hourly nodes; the cost chart its cumulative saving
    plan = planner.plan(default_scenario())
    specs = chart_specs(at)
    nodes = specs[t("fig_nodes_title", "en")]
    assert trace_y(nodes, t("tr_nodes_mean", "en", type="m5.xlarge")) == pytest.approx(list(plan.cluster_hourly["nodes_requested"]))
    assert set(trace_y(nodes, t("tr_asis_servers", "en", type="m5.xlarge"))) == {12.0}
    cost = specs[t("fig_cost_title", "en")]
    assert trace_y(cost, t("tr_savings_cum", "en"))[-1] == pytest.approx(
        plan.summary.asis_usd_total - plan.summary.tobe_usd_total)
    assert {t("fig_pods_title", "en"), t("fig_util_title", "en")} <= set(specs)
    # the page keeps the scenario in its address, unchanged
    assert url_scenario(at) == default_scenario()


def test_upload_cap_in_config_matches_loader():
    cfg = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert cfg["server"]["maxUploadSize"] == MAX_UPLOAD_MB == 10


# --- load table ------------------------------------------------------------------------------
def test_edit_a_cell_moves_the_headline(at):
    edit_cells(at, "day", {11: {"A": 1500.0}})
    d = default_dict()
    d["services"][0]["load_requests_per_s"][11] = 1500.0
    expected = validate_scenario(d)
    assert_headline(at, expected)
    # by hand: A needs ceil(1500 / 268) + 1 = 7 servers, B and C keep 4 each
    assert number(metric(at, "m_asis_servers")) == 7 + 4 + 4
    # plus the lines beside the servers: 3 load balancers x 0.0225 USD/h and 15 disks x 20 GiB x 0.08 USD
    assert number(metric(at, "m_asis_month")) == round(15 * M5_XLARGE_USD_PER_HOUR * HOURS_PER_MONTH
                                                       + 3 * 0.0225 * HOURS_PER_MONTH + 15 * 20 * 0.08)
    assert url_scenario(at) == expected


def test_bad_cells_are_named_and_the_last_plan_stays(at):
    open_section(at, "load")
    at.number_input(key="growth_pct").set_value(10.0)
    run(at)
    grown = default_dict()
    grown["growth_frac"] = 0.1
    assert_headline(at, validate_scenario(grown))
    edit_cells(at, "day", {2: {"A": None}, 5: {"B": -5.0}, 7: {"C": float("nan")}})
    msg = errors(at)
    assert "Load table, hour 2, service A: empty" in msg
    assert "Load table, hour 5, service B: -5 is negative" in msg
    assert "Load table, hour 7, service C: empty" in msg
    # the last valid plan (with growth) is still shown, the growth input is kept
    assert_headline(at, validate_scenario(grown))
    assert at.number_input(key="growth_pct").value == 10.0
    assert url_scenario(at) == validate_scenario(grown)
    # fixing the cells brings the page back to a new plan
    edit_cells(at, "day", {2: {"A": 40.0}, 5: {"B": 60.0}, 7: {"C": 60.0}})
    assert not at.error
    d = default_dict()
    d["growth_frac"] = 0.1
    d["services"][2]["load_requests_per_s"][7] = 60.0
    assert_headline(at, validate_scenario(d))


def test_non_numeric_cell_is_reported(at):
    edit_cells(at, "day", {0: {"A": "lots"}})
    assert "hour 0, service A" in errors(at)
    assert_headline(at, default_scenario())


def test_growth_factor(at):
    open_section(at, "load")
    at.number_input(key="growth_pct").set_value(30.0)
    run(at)
    d = default_dict()
    d["growth_frac"] = 0.3
    assert_headline(at, validate_scenario(d))
    # by hand: peaks x 1.3 = A 806, B 910, C 585 req/s -> A ceil(806/268)+1 = 5, B and C as sized by hand
    servers = (asis_servers_by_hand(806, 50, 10, 200, 0.5) + asis_servers_by_hand(910, 80, 8, 400, 1.0)
               + asis_servers_by_hand(585, 100, 15, 800, 1.5))
    assert asis_servers_by_hand(806, 50, 10, 200, 0.5) == 5
    assert number(metric(at, "m_asis_servers")) == servers  # the page's figure, not the helper's


# --- presets and weekday/weekend -------------------------------------------------------------
def test_switch_preset_flat(at):
    open_section(at, "load")
    at.selectbox(key="preset_service").set_value("B")
    at.selectbox(key="preset_id").set_value("flat")
    at.number_input(key="preset_peak").set_value(300.0)
    at.button(key="preset_apply").click()
    run(at)
    d = default_dict()
    d["services"][1]["load_requests_per_s"] = [300.0] * 24
    assert_headline(at, validate_scenario(d))
    # by hand: B at 300 req/s fits one server (331 req/s each) + 1 backup -> 4 + 2 + 4 servers
    assert number(metric(at, "m_asis_servers")) == 10
    assert url_scenario(at) == validate_scenario(d)


def test_switch_preset_real_trace(at):
    open_section(at, "load")
    at.selectbox(key="preset_service").set_value("A")
    at.selectbox(key="preset_id").set_value("trace_nasa_http_1995")
    at.number_input(key="preset_peak").set_value(1000.0)
    at.button(key="preset_apply").click()
    run(at)
    shape = pd.read_csv(ROOT / "data" / "hour_of_day_profiles_normalized.csv")["nasa_http_1995"]
    expected_loads = [round(v / shape.max() * 1000.0, 1) for v in shape]
    assert max(expected_loads) == 1000.0
    d = default_dict()
    d["services"][0]["load_requests_per_s"] = expected_loads
    assert_headline(at, validate_scenario(d))


def test_weekday_weekend_profiles(at):
    open_section(at, "load")
    at.toggle(key="weekly").set_value(True)
    run(at)
    assert len([e for e in at.data_editor if e.key.startswith("editor_")]) == 2  # load tables (not environments)
    # same load on both day kinds: the plan is the 24-hour one repeated, so the figures do not move
    at.selectbox(key="preset_service").set_value("A")
    at.selectbox(key="preset_id").set_value("flat")
    at.number_input(key="preset_peak").set_value(50.0)
    at.radio(key="preset_day").set_value("weekend")
    at.button(key="preset_apply").click()
    run(at)
    d = default_dict()
    a = d["services"][0]["load_requests_per_s"]
    d["services"][0]["load_requests_per_s"] = a * 5 + [50.0] * 24 * 2  # Monday-Friday, Saturday-Sunday
    expected = validate_scenario(d)
    assert expected.horizon_hours == 168
    assert_headline(at, expected)
    got = url_scenario(at)
    assert got == expected  # B and C stay 24-hour profiles (they tile the week)
    assert [len(s.load_requests_per_s) for s in got.services] == [168, 24, 24]
    # editing a weekend cell changes only the weekend hours
    edit_cells(at, "weekend", {12: {"B": 999.0}})
    b = list(d["services"][1]["load_requests_per_s"])
    d["services"][1]["load_requests_per_s"] = b * 5 + ([*b[:12], 999.0, *b[13:]]) * 2
    assert_headline(at, validate_scenario(d))


# --- assumptions -----------------------------------------------------------------------------
def test_change_node_type(at):
    open_section(at, "assumptions")
    at.selectbox(key="node.instance_type").set_value("m5.2xlarge")
    run(at)
    d = default_dict()
    d["cluster"]["node"] = {"instance_type": "m5.2xlarge", "provider": "aws", "region": "us-east-1",
                            "vcpu": None, "memory_gib": None, "usd_per_hour": None}
    expected = validate_scenario(d)
    assert_headline(at, expected)
    # As-Is does not depend on the node type
    assert number(metric(at, "m_asis_servers")) == 12
    # To-Be cost by hand from the engine's node-hours and the catalog price
    plan = planner.plan(expected)
    price = float(load_catalog().query("instance_type == 'm5.2xlarge' and region == 'us-east-1'").usd_per_hour.iloc[0])
    # nodes + control plane + one shared load balancer + a 20 GiB disk per node-hour (scenario defaults)
    by_hand = (plan.summary.tobe_node_hours * price + (0.10 + 0.0225) * 24
               + plan.summary.tobe_node_hours * 20 * 0.08 / HOURS_PER_MONTH) / 24 * HOURS_PER_MONTH
    assert number(metric(at, "m_tobe_month")) == round(by_hand)


def test_change_provider_picks_a_valid_region_and_type(at):
    open_section(at, "assumptions")
    at.selectbox(key="node.provider").set_value("gcp")
    run(at)
    region = at.selectbox(key="node.region").value
    node_type = at.selectbox(key="node.instance_type").value
    cat = load_catalog()
    assert ((cat.provider == "gcp") & (cat.region == region) & (cat.instance_type == node_type)).any()
    d = default_dict()
    d["cluster"]["node"] = {"instance_type": node_type, "provider": "gcp", "region": region,
                            "vcpu": None, "memory_gib": None, "usd_per_hour": None}
    assert_headline(at, validate_scenario(d))


def pick_service(app: AppTest, name: str) -> None:
    """Show the per-service inputs of ``name`` (one service at a time)."""
    app.radio(key="svc_pick").set_value(name)
    run(app)


def test_hpa_settings_and_invalid_combination(at):
    open_section(at, "assumptions")
    pick_service(at, "B")
    at.number_input(key="svc1.hpa_min").set_value(4)
    run(at)
    d = default_dict()
    d["services"][1]["hpa"]["min_replicas"] = 4
    assert_headline(at, validate_scenario(d))
    pick_service(at, "A")  # B's edit is kept while its inputs are off the page
    assert_headline(at, validate_scenario(d))
    at.number_input(key="svc0.hpa_max").set_value(1)  # below A's min_replicas 2
    run(at)
    msg = errors(at)
    assert "service 'A'" in msg and "max_replicas" in msg
    assert_headline(at, validate_scenario(d))  # last valid plan stays
    assert url_scenario(at) == validate_scenario(d)
    pick_service(at, "B")
    assert at.number_input(key="svc1.hpa_min").value == 4  # the other input is kept
    assert "max_replicas" in errors(at)  # and so is the bad one


def test_asis_backups_and_spare_nodes(at):
    open_section(at, "assumptions")
    at.number_input(key="asis.backups").set_value(2)
    at.number_input(key="cluster.spare_nodes").set_value(0)
    run(at)
    d = default_dict()
    d["as_is"]["backup_servers_per_service"] = 2
    d["cluster"]["spare_nodes"] = 0
    assert_headline(at, validate_scenario(d))
    assert number(metric(at, "m_asis_servers")) == 12 + 3


def test_control_plane_master_nodes(at):
    open_section(at, "assumptions")
    at.selectbox(key="cp.mode").set_value("nodes")
    run(at)
    d = default_dict()
    d["cluster"]["control_plane"]["mode"] = "nodes"
    assert_headline(at, validate_scenario(d))


# --- services --------------------------------------------------------------------------------
def test_add_rename_remove_service(at):
    open_section(at, "load")
    open_box(at, "services_box")
    at.text_input(key="add_name").input("D")
    at.selectbox(key="add_preset").set_value("flat")
    at.number_input(key="add_peak").set_value(200.0)
    at.button(key="add_btn").click()
    run(at)
    d = default_dict()
    d["services"].append({"name": "D", "load_requests_per_s": [200.0] * 24})
    assert_headline(at, validate_scenario(d))
    assert list(at.data_editor[0].value.columns) == ["A", "B", "C", "D"]

    at.selectbox(key="rename_from").set_value("B")
    at.text_input(key="rename_to").input("checkout")
    at.button(key="rename_btn").click()
    run(at)
    d["services"][1]["name"] = "checkout"
    assert url_scenario(at) == validate_scenario(d)

    at.selectbox(key="remove_name").set_value("C")
    at.button(key="remove_btn").click()
    run(at)
    del d["services"][2]
    expected = validate_scenario(d)
    assert url_scenario(at) == expected
    assert_headline(at, expected)


def test_service_settings_follow_a_rename(at):
    open_section(at, "assumptions")
    pick_service(at, "B")
    at.number_input(key="svc1.req_cpu").set_value(750.0)
    run(at)
    open_section(at, "load")
    open_box(at, "services_box")
    at.selectbox(key="rename_from").set_value("A")
    at.text_input(key="rename_to").input("web")
    at.button(key="rename_btn").click()
    run(at)
    d = default_dict()
    d["services"][0]["name"] = "web"
    d["services"][1]["requests"]["cpu_millicores"] = 750.0
    assert url_scenario(at) == validate_scenario(d)
    open_section(at, "assumptions")
    assert at.number_input(key="svc1.req_cpu").value == 750.0


def test_duplicate_or_empty_name_is_refused(at):
    open_section(at, "load")
    open_box(at, "services_box")
    at.text_input(key="add_name").input("A")
    at.button(key="add_btn").click()
    run(at)
    assert "already exists" in errors(at)
    at.selectbox(key="rename_from").set_value("B")
    at.text_input(key="rename_to").input(" ")
    at.button(key="rename_btn").click()
    run(at)
    assert "must not be empty" in errors(at)
    assert_headline(at, default_scenario())


# --- uploads ---------------------------------------------------------------------------------
def _wide_csv() -> bytes:
    rows = ["hour,A,D"] + [f"{h},{100 + 10 * h},{50}" for h in range(24)]
    return ("\n".join(rows) + "\n").encode()


def test_upload_good_wide_csv(at):
    open_section(at, "load")
    open_box(at, "upload_box")
    at.file_uploader(key="load_file").upload("load.csv", _wide_csv(), "text/csv")
    run(at)
    assert "Read 2 services x 24 hours" in "\n".join(s.value for s in at.success)
    at.button(key="load_file_apply").click()
    run(at)
    d = default_dict()
    d["services"][0]["load_requests_per_s"] = [100.0 + 10 * h for h in range(24)]
    d["services"].append({"name": "D", "load_requests_per_s": [50.0] * 24})
    assert_headline(at, validate_scenario(d))


def test_upload_good_long_excel(at):
    open_section(at, "load")
    open_box(at, "upload_box")
    # a week of hourly request counts for service A, starting on a Monday; weekend is quieter
    times = pd.date_range("2024-05-06", periods=168, freq="h")
    counts = [360_000 if t.day_of_week < 5 else 180_000 for t in times]
    buf = io.BytesIO()
    pd.DataFrame({"timestamp": times, "service": "A", "requests": counts}).to_excel(buf, index=False)
    at.file_uploader(key="load_file").upload("week.xlsx", buf.getvalue(),
                                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    run(at)
    at.button(key="load_file_apply").click()
    run(at)
    d = default_dict()
    d["services"][0]["load_requests_per_s"] = [100.0] * 120 + [50.0] * 48  # counts / 3600 s
    expected = validate_scenario(d)
    assert_headline(at, expected)
    assert url_scenario(at) == expected
    assert len([e for e in at.data_editor if e.key.startswith("editor_")]) == 2  # weekday and weekend tables


def test_upload_bad_files_keep_the_page(at):
    open_section(at, "load")
    open_box(at, "upload_box")
    uploader = at.file_uploader(key="load_file")
    uploader.upload("wrong.csv", b"when,what\n1,2\n", "text/csv")
    run(at)
    msg = errors(at)
    assert "Expected either wide columns hour" in msg and "'when', 'what'" in msg
    assert_headline(at, default_scenario())

    bad = _wide_csv().decode().replace("\n3,130,50\n", "\n3,abc,50\n").replace("\n7,170,50\n", "\n7,-1,50\n")
    at.file_uploader(key="load_file").set_value(("bad.csv", bad.encode(), "text/csv"))
    run(at)
    msg = errors(at)
    assert "line 5, column 'A' (B): 'abc' is not a finite number" in msg
    assert "line 9, column 'A' (B): -1 is negative" in msg
    assert "load_file_apply" not in [b.key for b in at.button]
    assert_headline(at, default_scenario())

    big = b"hour,A\n" + b"0,1\n" * (13 * 1024 * 1024 // 4)
    at.file_uploader(key="load_file").set_value(("big.csv", big, "text/csv"))
    run(at)
    assert f"the limit is {MAX_UPLOAD_MB} MB" in errors(at)
    assert_headline(at, default_scenario())
    assert url_scenario(at) == default_scenario()


# --- language and currency -------------------------------------------------------------------
def test_language_switch_and_krw(at):
    at.radio(key="lang").set_value("ko")
    run(at)
    assert at.title[0].value == "오토스케일링 비용·용량 플래너"
    assert_headline(at, default_scenario(), lang="ko")
    assert number(metric(at, "m_saving_pct", "ko")) == round(100 * planner.plan(default_scenario()).summary.savings_frac, 1)
    assert metric(at, "m_saving_pct", "ko").endswith("%") and " %" not in metric(at, "m_saving_pct", "ko")
    specs = chart_specs(at)
    assert "시간별 As-Is 서버와 To-Be 노드" in specs
    at.checkbox(key="show_krw").check()
    run(at)
    at.number_input(key="krw_per_usd").set_value(1300.0)
    run(at)
    # by hand: 12 servers x 0.192 USD/h x 730 h = 1,681.92 USD + 3 load balancers x 0.0225 x 730 = 49.275
    # + 12 disks x 20 GiB x 0.08 = 19.2 -> 1,750.395 USD -> x 1300 = 2,275,513.5 KRW -> 227만 원 (만 floors)
    # The figure stays USD (short enough for its column); the won amount is the grey line under it.
    assert metric(at, "m_asis_month", "ko") == "$1,750"
    assert metric_delta(at, "m_asis_month", "ko") == "227만 원"
    at.radio(key="lang").set_value("en")
    run(at)
    assert metric(at, "m_asis_month") == "$1,750" and metric_delta(at, "m_asis_month") == "₩2,275,514"
    assert at.query_params["lang"] == "en"


# --- scenarios -------------------------------------------------------------------------------
def _odd_scenario() -> Scenario:
    """Values the page shows rounded or not at all: they must come back unchanged."""
    d = default_dict()
    d["name"] = "Odd one"
    d["as_is"]["target_utilization_frac"] = 0.07 * 10  # 0.7000000000000001
    d["as_is"]["server"] = {"instance_type": "dell-r650", "provider": None, "region": None, "vcpu": 32,
                            "memory_gib": 256, "usd_per_hour": 1.37}
    d["services"][0]["hpa"]["tolerance_frac"] = 0.07
    d["services"][1]["load_requests_per_s"] = [float(100 + (h * 37) % 90) for h in range(168)]  # a real week
    d["services"][2]["deploy_windows"] = [{"start_hour": 3, "duration_s": 1200, "every_day": True}]
    d["simulation"]["interpolation"] = "linear"
    return validate_scenario(d)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_scenario_upload_round_trip(at, fmt):
    open_section(at, "scenarios")
    sc = _odd_scenario()
    text = dump_scenario(sc, fmt)
    at.file_uploader(key="scenario_file").upload(f"odd.{fmt}", text.encode(), "text/plain")
    run(at)
    at.button(key="scenario_file_apply").click()
    run(at)
    got = url_scenario(at)
    assert got == sc  # lossless: what the page plans (and downloads) is what was uploaded
    assert dump_scenario(got, fmt) == text
    assert_headline(at, sc)
    assert {b.label for b in at.get("download_button")} >= {t("download_yaml", "en"), t("download_json", "en")}
    # an edit after the upload changes only that field
    open_section(at, "assumptions")
    at.number_input(key="svc0.hpa_max").set_value(25)
    run(at)
    d = scenario_to_dict(sc)
    d["services"][0]["hpa"]["max_replicas"] = 25
    assert url_scenario(at) == validate_scenario(d)


def test_bad_scenario_upload_names_the_field(at):
    open_section(at, "scenarios")
    text = dump_scenario(default_scenario()).replace("max_replicas: 40", "max_replicas: 1")
    at.file_uploader(key="scenario_file").upload("bad.yaml", text.encode(), "text/plain")
    run(at)
    assert "max_replicas" in errors(at)
    at.file_uploader(key="scenario_file").set_value(("broken.yaml", b"services: [\n", "text/plain"))
    run(at)
    assert "line" in errors(at)
    assert_headline(at, default_scenario())


def test_refresh_restores_scenario_from_url(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path))
    sc = _odd_scenario()
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["s"] = encode_scenario(scenario_to_dict(sc))
    app.query_params["lang"] = "ko"
    run(app)
    assert url_scenario(app) == sc
    assert_headline(app, sc, lang="ko")


def test_broken_url_falls_back_to_default(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["s"] = "not-a-scenario"
    run(app)
    assert "could not be read" in "\n".join(w.value for w in app.warning)
    assert_headline(app, default_scenario())


def test_library_save_and_open(at, tmp_path):
    edit_cells(at, "day", {0: {"C": 500.0}})
    open_section(at, "scenarios")
    at.button(key="library_save").click()
    run(at)
    saved = list((tmp_path / "library").glob("*.yaml"))
    assert len(saved) == 1
    d = default_dict()
    d["services"][2]["load_requests_per_s"][0] = 500.0
    assert validate_scenario(__import__("yaml").safe_load(saved[0].read_text())) == validate_scenario(d)
    at.button(key="reset").click()
    run(at)
    assert_headline(at, default_scenario())
    at.selectbox(key="library_pick").set_value(saved[0].name)
    at.button(key="library_open").click()
    run(at)
    assert url_scenario(at) == validate_scenario(d)


# --- explain ---------------------------------------------------------------------------------
def test_explain_hourly_and_drill_down(at):
    open_section(at, "explain")
    plan = planner.plan(default_scenario())
    tables = [df.value for df in at.dataframe]
    hourly = next(v for v in tables if "HPA reason" in " ".join(map(str, v.columns)) and len(v) == 24)
    assert list(hourly["A: HPA reason"]) == list(plan.hourly[plan.hourly.service == "A"]["hpa_reason"])
    at.toggle(key="explain_changes_only").set_value(False)
    at.selectbox(key="explain_hour").set_value(21)
    run(at)
    steps = next(df.value for df in at.dataframe if "Node autoscaler reason" in df.value.columns and len(df.value) == 240)
    cs = plan.cluster_steps[plan.cluster_steps.hour == 21]
    assert list(steps["Nodes provisioned [nodes]"]) == list(cs["nodes_requested"])
    assert list(steps["Node autoscaler reason"]) == list(cs["node_reason"])
    st_b = plan.steps[(plan.steps.hour == 21) & (plan.steps.service == "B")]
    assert list(steps["B: Desired pods [pods]"]) == list(st_b["desired_replicas"])
    legend = next(df.value for df in at.dataframe if "Meaning" in df.value.columns)
    assert set(legend["Reason"]) >= set(plan.cluster_steps["node_reason"])


def test_report_buttons(at):
    open_section(at, "scenarios")
    labels = {b.label for b in at.get("download_button")}
    assert {"HTML", "Excel", "CSV (zip)", "Markdown"} <= labels
    if Path("/usr/bin/chromium").exists():
        assert {"PDF", "PNG (zip)"} <= labels


@pytest.mark.slow  # ~10 s: the HTML report of a week-long scenario runs its failure drills
def test_html_report_upload(at):
    open_section(at, "scenarios")
    # the HTML report embeds its scenario: uploading it restores that plan
    from planner.report import render

    sc = _odd_scenario()
    html = render(planner.plan(sc), "html")
    at.file_uploader(key="scenario_file").upload("report.html", html, "text/html")
    run(at)
    at.button(key="scenario_file_apply").click()
    run(at)
    assert url_scenario(at) == sc
    assert_headline(at, sc)


def test_extreme_but_valid_scenario_does_not_break_the_widgets(at):
    open_section(at, "scenarios")
    d = default_dict()
    d["as_is"]["backup_servers_per_service"] = 1000  # each at its documented bound (planner.scenario)
    d["as_is"]["target_utilization_frac"] = 0.01
    d["services"][0]["hpa"]["max_replicas"] = 10_000
    d["services"][1]["requests"]["cpu_millicores"] = 1  # below B's idle usage: the engine refuses it
    d["cluster"]["max_nodes"] = 10_000
    d["as_is"]["server"] = {"instance_type": "tiny", "provider": None, "region": None, "vcpu": 0.1,
                            "memory_gib": 0.1, "usd_per_hour": 0.001}
    sc = validate_scenario(d)
    at.file_uploader(key="scenario_file").upload("extreme.yaml", dump_scenario(sc).encode(), "text/plain")
    run(at)
    at.button(key="scenario_file_apply").click()
    run(at)
    open_section(at, "assumptions")  # no exception: every widget drew with the file's values
    assert at.number_input(key="asis.backups").value == 1000
    assert at.number_input(key="svc0.hpa_max").value == 10_000
    assert "service 'B': requests.cpu_millicores" in errors(at)
    assert_headline(at, default_scenario())  # the last valid plan stays


def test_series_scenario_can_become_a_daily_profile(at):
    open_section(at, "scenarios")
    sc = _odd_scenario()  # B has a 168-hour week that is not one weekday and one weekend day
    at.file_uploader(key="scenario_file").upload("odd.yaml", dump_scenario(sc).encode(), "text/plain")
    run(at)
    at.button(key="scenario_file_apply").click()
    run(at)
    open_section(at, "load")
    assert len(at.data_editor[0].value) == 168
    at.button(key="to_day").click()
    run(at)
    d = scenario_to_dict(sc)
    d["services"][1]["load_requests_per_s"] = d["services"][1]["load_requests_per_s"][:24]
    expected = validate_scenario(d)
    assert url_scenario(at) == expected
    assert_headline(at, expected)


def test_report_download_makes_the_report_of_the_page_plan():
    """The download buttons' deferred data is the report module's own bytes for the plan shown."""
    from planner.report import render as render_report
    from planner.ui import scenarios_tab
    from planner.ui.page import scenario_json_of

    plan = planner.plan(default_scenario())
    make = scenarios_tab._lazy_report(scenario_json_of(plan.scenario), "md", "ko", plan)
    assert make() == render_report(plan, "md", lang="ko")


# --- wording: Korean messages, headline comparisons, notes -----------------------------------
def test_korean_upload_errors_and_uploader_texts(at):
    at.radio(key="lang").set_value("ko")
    run(at)
    open_section(at, "load", "ko")
    open_box(at, "upload_box")
    styles = " ".join(h.proto.body for h in at.get("html"))
    assert '"파일 선택"' in styles and '"파일당 최대 10 MB • CSV, TXT, XLSX, XLSM"' in styles
    at.file_uploader(key="load_file").upload("wrong.csv", b"when,what\n1,2\n", "text/csv")
    run(at)
    msg = errors(at)
    assert "다음 파일을 읽을 수 없습니다: wrong.csv" in msg and "을(를)" not in msg
    assert "알 수 없는 열입니다: 'when', 'what'." in msg and "Expected" not in msg
    bad = _wide_csv().decode().replace("\n3,130,50\n", "\n3,abc,50\n")
    at.file_uploader(key="load_file").set_value(("bad.csv", bad.encode(), "text/csv"))
    run(at)
    assert "5번째 줄, 열 'A' (B): 숫자가 아닙니다 ('abc'). 0 이상의 숫자가 필요합니다" in errors(at)


def test_headline_compares_machines_by_type_and_vcpu(at):
    """Default: 12 m5.xlarge servers (4 vCPU) = 48 vCPU; To-Be peak 8 m5.xlarge nodes = 32 vCPU -> -16."""
    (nodes,) = [m for m in at.metric if m.label == t("m_nodes_peak")]
    s = planner.plan(default_scenario()).summary
    assert s.tobe_nodes_peak == 8
    assert nodes.value == "8" and nodes.delta == "-16 vCPU vs As-Is"
    assert "8 x m5.xlarge (4 vCPU each) = 32 vCPU" in nodes.proto.help
    assert "12 x m5.xlarge (4 vCPU each) = 48 vCPU" in nodes.proto.help
    # the saving share is shown once (its own figure), not again as the saving's delta
    assert [m.label for m in at.metric if fmt_pct(s.savings_frac) in (m.value, m.delta)] == [t("m_saving_pct")]
    (unserved,) = [m for m in at.metric if m.label == t("m_tobe_shortfall")]
    assert "To-Be worst hour 21:00" in unserved.proto.help
    assert any(c.value.startswith("To-Be worst hour 21:00") for c in at.caption)
    at.radio(key="lang").set_value("ko")
    run(at)
    (nodes,) = [m for m in at.metric if m.label == t("m_nodes_peak", "ko")]
    assert nodes.delta == "-16 vCPU (As-Is 대비)"  # the sign first: Streamlit draws a down arrow


def test_explain_steps_heading_has_one_hour_suffix(at):
    at.radio(key="lang").set_value("ko")
    run(at)
    open_section(at, "explain", "ko")
    at.selectbox(key="explain_hour").set_value(21)
    run(at)
    headings = [m.value for m in at.markdown if "단계별 내역" in m.value]
    assert headings == ["**21시 단계별 내역**"]


def test_description_and_meeting_notes_travel_with_the_scenario(at):
    open_section(at, "scenarios")
    notes = "Capacity review 2026-12-01: Kim asked for two backups on B."
    at.text_area(key="scenario_description").set_value(notes)
    run(at)
    assert url_scenario(at).description == notes
    from planner.report import render

    md = render(planner.plan(url_scenario(at)), "md").decode()
    assert f"**The scenario's own description (as written; not checked against the inputs):**\n\n{notes}" in md


# --- in the meeting room: the page keeps its place, risk beside the saving, weeks ------------
def test_actions_keep_the_open_section(at):
    """Apply preset, Add a service, Use this load and Load this scenario used to jump to Results; and
    the next edit on another tab jumped there again. Each action now leaves its section open."""
    open_section(at, "load")
    at.button(key="preset_apply").click()
    run(at)
    assert at.session_state["view"] == "load" and open_tab(at) == "Load"
    assert [x.value for x in at.toast][-1].startswith("Preset Daytime web (office hours) applied to A")
    open_box(at, "services_box")
    at.text_input(key="add_name").input("D")
    at.button(key="add_btn").click()
    run(at)
    assert open_tab(at) == "Load" and at.query_params["view"] == "load"
    open_box(at, "upload_box")
    at.file_uploader(key="load_file").upload("load.csv", _wide_csv(), "text/csv")
    run(at)
    at.button(key="load_file_apply").click()
    run(at)
    assert open_tab(at) == "Load"
    # the next edit, on another section, stays there too
    open_section(at, "assumptions")
    at.number_input(key="cluster.spare_nodes").set_value(2)
    run(at)
    assert open_tab(at) == "Assumptions" and at.query_params["view"] == "assumptions"
    open_section(at, "scenarios")
    at.file_uploader(key="scenario_file").upload("odd.yaml", dump_scenario(_odd_scenario()).encode(), "text/plain")
    run(at)
    at.button(key="scenario_file_apply").click()
    run(at)
    assert open_tab(at) == "Scenarios & reports"
    assert url_scenario(at) == _odd_scenario()


def test_only_the_open_section_is_drawn(at):
    """Hidden sections cost nothing: on Load there is no Results chart and no Explain table."""
    assert {s["layout"]["title"]["text"] for s in chart_specs(at).values()} >= {t("fig_nodes_title", "en")}
    open_section(at, "load")
    titles = set(chart_specs(at))
    assert t("fig_nodes_title", "en") not in titles and len(at.data_editor) == 1
    assert not [df for df in at.dataframe if "HPA reason" in " ".join(map(str, df.value.columns))]
    assert at.metric  # the headline is on every section


def test_inputs_survive_a_section_switch(at):
    """Leaving a section keeps what was typed there: a cell, the growth, the service picked."""
    edit_cells(at, "day", {11: {"A": 1500.0}})
    at.number_input(key="growth_pct").set_value(10.0)
    run(at)
    open_section(at, "assumptions")
    pick_service(at, "C")
    at.number_input(key="svc2.hpa_max").set_value(30)
    run(at)
    open_section(at, "results")
    d = default_dict()
    d["services"][0]["load_requests_per_s"][11] = 1500.0
    d["growth_frac"] = 0.1
    d["services"][2]["hpa"]["max_replicas"] = 30
    assert_headline(at, validate_scenario(d))
    assert url_scenario(at) == validate_scenario(d)
    open_section(at, "load")
    assert at.data_editor[0].value["A"][11] == 1500.0 and at.number_input(key="growth_pct").value == 10.0
    open_section(at, "assumptions")
    assert at.radio(key="svc_pick").value == "C" and at.number_input(key="svc2.hpa_max").value == 30


def test_open_section_survives_language_switch_and_refresh(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path))
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["view"] = "explain"  # a refresh or a shared link keeps the section
    run(app)
    assert open_tab(app) == "Explain"
    app.radio(key="lang").set_value("ko")
    run(app)
    assert open_tab(app) == "설명" and app.query_params["view"] == "explain"
    open_section(app, "results", "ko")
    assert "view" not in app.query_params  # the first section keeps the address short


def _risky() -> Scenario:
    """Issue 16's meeting: A spiky at 1,500 requests/s and +30 % growth (A's peak 1,950 requests/s is
    above what 40 pods serve: 40 x 45 = 1,800 requests/s)."""
    from planner.presets import preset_profile

    d = default_dict()
    d["services"][0]["load_requests_per_s"] = preset_profile("spiky", 1500.0)
    d["growth_frac"] = 0.3
    return validate_scenario(d)


def test_risk_is_flagged_beside_the_saving(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path))
    sc = _risky()
    s = planner.plan(sc).summary
    assert s.tobe_shortfall_frac > 0.001 and s.savings_usd_per_month > 0  # a "saving" at risk
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["s"] = encode_scenario(scenario_to_dict(sc))
    run(app)
    (saving,) = [m for m in app.metric if m.label == t("m_saving_pct")]
    assert saving.value == f"{100 * s.savings_frac:.1f}%"
    assert saving.delta == f"⚠ at risk: {pct_shown(s.tobe_shortfall_frac)}% unserved"
    from streamlit.proto.Metric_pb2 import Metric

    assert saving.proto.color == Metric.MetricColor.RED  # red beside the saving, not green
    # the verdict line is red and says why, with the plan's own numbers
    verdict = app.error[0].value
    assert verdict.startswith(f"At risk: To-Be leaves {s.tobe_shortfall_requests:,.0f} requests unserved")
    assert f"minimum headroom {100 * s.tobe_min_headroom_frac:.1f}%" in verdict
    assert "is not a saving at equal risk" in verdict
    # warnings: one red box for To-Be risk (one line each), the full sentences in its expander
    (group,) = [e.value for e in app.error[1:] if e.value.startswith("**To-Be risk**")]
    lines = [ln for ln in group.splitlines() if ln.startswith("- ")]
    assert lines[:2] == ["- To-Be A: peak 1,950 requests/s is more than max_replicas 40 can serve",
                         f"- To-Be: {s.tobe_shortfall_requests:,.0f} requests unserved ({pct_shown(s.tobe_shortfall_frac)}% of all)"]
    # the page's shortfall band (computed for a small plan) adds its own line: bursts inside the hour
    assert all(ln.startswith("- To-Be: with per-minute bursts") for ln in lines[2:])
    # no longer a stack of identical yellow boxes: the one warning box is the verdict (issue 15), which
    # says this saving cannot be quoted
    assert len(app.warning) <= 1 and all("Do not quote its saving" in w.value for w in app.warning)
    details = [e for e in app.expander if e.label == "To-Be risk: details and what to do"]
    assert details and "Raise hpa.max_replicas." in details[0].markdown[0].value


def test_as_is_deploy_notes_are_apart_from_to_be_risk(tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path))
    d = default_dict()
    d["as_is"]["backup_servers_per_service"] = 0  # a deploy takes a needed server out
    d["services"][1]["deploy_windows"] = [{"start_hour": 19, "duration_s": 900}]
    app = AppTest.from_file(APP, default_timeout=120)
    app.query_params["s"] = encode_scenario(d)
    run(app)
    infos = [i.value for i in app.info if i.value.startswith("**As-Is notes (the baseline)**")]
    assert len(infos) == 1 and "- As-Is B: a deploy leaves too few servers at" in infos[0]
    boxes = [x.value.split("\n")[0] for x in [*app.error, *app.warning, *app.info] if x.value.startswith("**")]
    assert boxes.index("**To-Be risk**") < boxes.index("**As-Is notes (the baseline)**")


def test_bad_cell_keeps_the_last_valid_plans_reports(at):
    """The top says the plan shown is the last valid one; the reports tab offers that plan's reports."""
    edit_cells(at, "day", {3: {"B": "x"}})
    assert "the plan below is the last valid one" in errors(at)
    open_section(at, "scenarios")
    labels = {b.label for b in at.get("download_button")}
    assert {"HTML", "Excel", "CSV (zip)", "Markdown"} <= labels
    assert any(w.value == t("reports_of_last_valid", "en") for w in at.warning)
    assert t("no_plan_yet", "en") not in [i.value for i in at.info]
    assert_headline(at, default_scenario())


def test_week_mode_plans_a_week_at_once(at):
    """Weekday/weekend on: the caption says 168 h at once (not only once the days differ), the worst
    hour and the charts name the day, the hourly cost is drawn as lines, not 336 bars."""
    open_section(at, "load")
    at.toggle(key="weekly").set_value(True)
    run(at)
    d = default_dict()
    for svc in d["services"]:
        svc["load_requests_per_s"] = svc["load_requests_per_s"] * 7
    week = validate_scenario(d)
    assert url_scenario(at) == week and week.horizon_hours == 168
    assert_headline(at, week)
    caption = " ".join(c.value for c in at.caption)
    assert "Plan horizon 168 h" in caption and "To-Be worst hour Mon 21:00" in caption
    open_section(at, "results")
    specs = chart_specs(at)
    cost = specs[t("fig_cost_title", "en")]
    assert {tr["type"] for tr in cost["data"]} == {"scatter"}
    for title, spec in specs.items():
        if title == t("verdict.waterfall_title", "en"):  # the verdict's waterfall has plans, not hours, on x
            continue
        x = spec["layout"]["xaxis"]
        assert x["ticktext"][:3] == ["Mon 00:00", "Tue 00:00", "Wed 00:00"] and x["tickvals"][1] == 24
        assert "day" not in spec["layout"]["title"]["text"].lower()


def test_per_service_table_shows_unserved_rows_first(at):
    """Figures are rows, services columns: the unserved rows come right after the load."""
    plan = planner.plan(default_scenario())
    (table,) = [df.value for df in at.dataframe if list(df.value.columns)[1:] == ["A", "B", "C"]]
    rows = list(table.iloc[:, 0])
    assert rows[:3] == ["Peak load [requests/s]", "To-Be unserved requests [requests]",
                        "As-Is unserved requests [requests]"]
    tobe = [float(v.replace(",", "")) for v in table.iloc[1, 1:]]
    assert tobe == [round(x) for x in plan.services["shortfall_requests"]]
    assert sum(tobe) == round(plan.summary.tobe_shortfall_requests)
