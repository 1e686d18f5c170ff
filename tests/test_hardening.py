"""Issue 9's reproducers: hostile and oversized input gets a clear refusal naming the field, line or
limit; never a traceback, a hang or a wrong number."""

from __future__ import annotations

import base64
import json
import math
import zlib

import pytest
import yaml

import planner
from builders import scenario_dict
from planner import scenario as SC
from planner import scenario_io as IO
from planner.cli import main
from planner.scenario import ScenarioError, validate_scenario


def refused(d) -> list[tuple[str, str]]:
    """The problems of a scenario dict that must be refused by validation or by planning."""
    with pytest.raises(ScenarioError) as exc:
        planner.plan(validate_scenario(d))
    return exc.value.problems


def has(problems, path, *words) -> bool:
    return any(p == path and all(w in m for w in words) for p, m in problems)


# --- 1, 2: integers beyond 64 bits, huge finite floats ------------------------------------------
HUGE = 10**30


@pytest.mark.parametrize("service, path, words", [
    pytest.param({"hpa": {"max_replicas": HUGE}}, "services[0].hpa.max_replicas", "less than or equal to 10000",
                 id="max_replicas"),
    pytest.param({"hpa": {"min_replicas": HUGE}}, "services[0].hpa.min_replicas", "less than or equal to 10000",
                 id="min_replicas"),
    pytest.param({"backup_servers": HUGE}, "services[0].backup_servers", "less than or equal to 1000",
                 id="backup_servers"),
    pytest.param({"load_requests_per_s": [1e308, 1.0]}, "services[0].load_requests_per_s",
                 "hour 0: 1e+308 is above the limit of 1e+09", id="load_1e308"),
    pytest.param({"usage": {"cpu_millicores_per_rps": 1e308}}, "services[0].usage.cpu_millicores_per_rps",
                 "less than or equal to 1000000", id="cpu_per_rps_1e308"),
    pytest.param({"deploy_windows": [{"start_hour": HUGE}]}, "services[0].deploy_windows[0].start_hour",
                 "less than or equal to 8783", id="start_hour_10e30"),
    pytest.param({"deploy_windows": [{"start_hour": 30}]}, "services[0].deploy_windows[0].start_hour",
                 "must be below the 2-hour horizon", id="start_hour_past_horizon"),
])
def test_out_of_bound_service_fields_name_field_and_bound(service, path, words):
    assert has(refused(scenario_dict(service)), path, words)


@pytest.mark.parametrize("top, path, words", [
    pytest.param({"cluster": {"spare_nodes": HUGE}}, "cluster.spare_nodes", "less than or equal to 1000", id="spare"),
    pytest.param({"cluster": {"max_nodes": HUGE}}, "cluster.max_nodes", "less than or equal to 10000", id="max_nodes"),
    pytest.param({"as_is": {"backup_servers_per_service": HUGE}}, "as_is.backup_servers_per_service",
                 "less than or equal to 1000", id="backups"),
    pytest.param({"hours_per_month": math.inf}, "hours_per_month", "finite number", id="hours_per_month_inf"),
    pytest.param({"hours_per_month": "Infinity"}, "hours_per_month", "finite number", id="hours_per_month_text_inf"),
    pytest.param({"cluster": {"node": {"instance_type": "big", "provider": None, "region": None, "vcpu": math.inf,
                                       "memory_gib": 16, "usd_per_hour": 1}}}, "cluster.node.vcpu", "finite number",
                 id="vcpu_inf"),
])
def test_out_of_bound_scenario_fields_name_field_and_bound(top, path, words):
    assert has(refused(scenario_dict(**top)), path, words)


def test_wrapping_is_impossible_the_as_is_server_count_is_bounded():
    """A tiny usable server (0.11 vCPU after the 100 m OS reserve at a 10 % target holds 1 m) and a
    1e9 requests/s peak would need 1e13 servers: refused, not wrapped to a negative server-hour
    count (issue: asis_server_hours near -7.7e17)."""
    d = scenario_dict({"load_requests_per_s": [1e9, 1e9], "hpa": {"max_replicas": 10}},
                      as_is={"target_utilization_frac": 1.0, "os_reserved_cpu_millicores": 0,
                             "server": {"instance_type": "tiny", "provider": None, "region": None, "vcpu": 0.0011,
                                        "memory_gib": 1000, "usd_per_hour": 1}})
    ps = refused(d)
    assert has(ps, "services[0].usage", "servers, above the limit of 1,000,000"), ps


def test_the_hpas_demand_is_bounded_before_integer_arithmetic():
    """1e9 requests/s at 1e6 millicores per request/s on a 1-millicore pod: 1e17 pods at the target
    would overflow the HPA's int64 replica arithmetic; refused with the service's load path."""
    d = scenario_dict({"load_requests_per_s": [1e9, 1.0], "requests": {"cpu_millicores": 1000},
                       "usage": {"cpu_millicores_per_rps": 1e6}})
    assert has(refused(d), "services[0].load_requests_per_s", "pods at the cpu target", "above the limit of 1e+09")


def test_bounded_extremes_still_plan_to_finite_consistent_figures():
    """Every field at a generous but legal extreme: the plan is finite and its figures agree."""
    d = scenario_dict({"load_requests_per_s": [5e4, 0.0], "hpa": {"min_replicas": 1, "max_replicas": 10_000},
                       "backup_servers": 1000}, hours_per_month=744, cluster={"max_nodes": 10_000, "spare_nodes": 1000})
    p = planner.plan(validate_scenario(d))
    s = p.summary
    for k, v in s.to_dict().items():
        assert not isinstance(v, float) or math.isfinite(v), k
    assert s.asis_servers_total == p.services.asis_servers.sum() >= 1000
    assert s.asis_server_hours == s.asis_servers_total * 2
    assert s.savings_usd_per_month == pytest.approx(s.asis_usd_per_month - s.tobe_usd_per_month)


# --- 3: deep nesting ----------------------------------------------------------------------------
DEEP = 100_000


@pytest.mark.parametrize("fmt, text", [
    pytest.param("json", "[" * DEEP + "]" * DEEP, id="json"),
    pytest.param("yaml", "services: " + "[" * DEEP + "]" * DEEP, id="yaml_flow"),
    pytest.param("yaml", "- " * DEEP + "x", id="yaml_block"),
    pytest.param("json", json.dumps({"services": [{"name": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}]}),
                 id="json_34_levels"),
])
def test_deep_nesting_is_refused_with_a_line(fmt, text):
    with pytest.raises(ScenarioError) as exc:
        IO.read_scenario(text, fmt)
    (path, msg), = exc.value.problems
    assert msg.startswith("line 1: nested more than 32 levels"), msg


def test_deep_nesting_inside_an_html_report_and_a_link():
    page = f'<html><body><script type="application/json" id="planner-scenario">{"[" * DEEP}</script></body></html>'
    with pytest.raises(ScenarioError, match="the embedded scenario: line 1: nested more than 32 levels"):
        IO.parse_scenario_file(page.encode(), "r.html")
    link = base64.urlsafe_b64encode(zlib.compress(("[" * DEEP + "]" * DEEP).encode())).decode().rstrip("=")
    with pytest.raises(ScenarioError, match="nested more than 32 levels"):
        IO.decode_scenario_url(link)


def test_deep_nesting_in_the_cli_is_exit_2_with_the_message(tmp_path, capsys):
    f = tmp_path / "deep.json"
    f.write_text("[" * DEEP)
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert "nested more than 32 levels" in err and "recursion" not in err


# --- 4: the alias bomb ------------------------------------------------------------------------
def alias_bomb(levels: int = 30) -> str:
    lines = ["a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}, *a{i - 1}]" for i in range(1, levels)]
    return "\n".join(lines) + f"\nname: x\nservices: [{{name: a, load_requests_per_s: *a{levels - 1}}}]\n"


def test_a_500_byte_alias_bomb_is_refused_at_once():
    text = alias_bomb(9)  # 10^9 values after expansion
    assert len(text) < 1000
    with pytest.raises(ScenarioError) as exc:
        IO.parse_scenario_text(text)
    assert "more than 2,000,000 values (after expanding aliases)" in str(exc.value)
    assert "line 7" in str(exc.value)  # where the count passed the limit


def test_a_small_alias_expansion_is_fine_and_errors_never_print_the_list():
    """Aliases are YAML: a shared usage block is allowed. A bad value inside an aliased list is
    reported without formatting the (possibly huge) list."""
    text = ("u: &u {cpu_millicores_base: 0, cpu_millicores_per_rps: 10, memory_mib_base: 100, memory_mib_per_rps: 0}\n"
            "services:\n- {name: a, load_requests_per_s: [700, 700], usage: *u}\n"
            "- {name: b, load_requests_per_s: [700, 700], usage: *u}\n")
    with pytest.raises(ScenarioError) as exc:  # 'u' is an unknown top-level key; the rest is fine
        IO.parse_scenario_text(text)
    assert exc.value.problems == [("u", "unknown key (check the spelling; see the scenario format in README)")]
    nested = "v: &v [[1, 2], [3, 4]]\nservices: [{name: a, load_requests_per_s: [*v, *v, *v]}]\n"
    with pytest.raises(ScenarioError) as exc:
        IO.parse_scenario_text(nested)
    assert any("hour 0: a list of 2 items is not a number" in m for _, m in exc.value.problems), exc.value.problems


def test_merge_keys_work_and_own_keys_win():
    text = ("base: &b {cpu_millicores: 500, memory_mib: 512}\n")
    data = IO.read_scenario_data(text + "x: {<<: *b, memory_mib: 1024}\n")
    assert data["x"] == {"cpu_millicores": 500, "memory_mib": 1024}


# --- 5: sizes ------------------------------------------------------------------------------------
def test_oversized_file_is_refused_before_reading_it_all(tmp_path):
    f = tmp_path / "big.yaml"
    f.write_bytes(b"#" * (IO.MAX_SCENARIO_BYTES + 1))
    with pytest.raises(ScenarioError, match="big.yaml is over 10 MiB, the limit"):
        IO.load_scenario(f)
    with pytest.raises(ScenarioError, match="is 10 MiB; the limit is 10 MiB"):
        IO.parse_scenario_file(b" " * (IO.MAX_SCENARIO_BYTES + 1), "up.json")


def test_too_many_values_are_refused_with_the_limit():
    text = '{"services": [{"name": "a", "load_requests_per_s": [' + ",".join(["1"] * 2_000_001) + "]}]}"
    with pytest.raises(ScenarioError, match="more than 2,000,000 values"):
        IO.read_scenario(text, "json")


def test_a_link_that_inflates_past_the_limit_is_refused_without_inflating_it():
    """200 KB of link would inflate to 200 MB: decompression stops at the 10 MiB text limit."""
    bomb = zlib.compress(b" " * (200 * 2**20), 9)
    link = base64.urlsafe_b64encode(bomb).decode().rstrip("=")
    assert len(link) < 300_000
    with pytest.raises(ScenarioError, match="unpacks to more than 10 MiB"):
        IO.decode_scenario_url(link)
    with pytest.raises(ScenarioError, match="the limit is 2,000,000"):
        IO.decode_scenario_url("A" * (IO.MAX_URL_CHARS + 1))


def test_work_budget_refuses_3000_services_by_a_week_and_says_what_to_change():
    with pytest.raises(ScenarioError) as exc:
        SC.check_work_budget(3000, 7 * 24 * 240, n_hours=168, step_s=15)
    msg = str(exc.value)
    assert "too big for the CLI and the Python API: 3,000 services x 40,320 steps" in msg
    assert "above the 4.0 GiB limit" in msg
    assert "fewer services" in msg and "simulation.step_s (now 15 s; 60 s has 4x fewer steps)" in msg
    with pytest.raises(ScenarioError, match="keep_steps=False"):
        SC.check_work_budget(400, 7 * 24 * 240, True, n_hours=168, step_s=15)


def test_work_budget_admits_the_fleet_year_benchmark_through_the_streaming_path():
    """1,000 services x 525,600 one-minute steps (planner bench fleet-year) with its max pods."""
    SC.check_work_budget(1000, 525_600, False, n_hours=8760, step_s=60, max_pods=11_000, streaming=True)


def test_the_apps_budget_is_stricter_and_admits_the_default_scenario():
    sc = planner.default_scenario()
    SC.check_scenario_work(sc, None, SC.APP_WORK_BUDGET)
    week80 = validate_scenario(scenario_dict(services=[dict(scenario_dict()["services"][0], name=f"s{i}",
                                                            load_requests_per_s=[1.0] * 168) for i in range(80)]))
    SC.check_scenario_work(week80)  # 80 x 40,320 = 3.2 M service-steps: fine for the CLI
    with pytest.raises(ScenarioError, match="too big for the web app: 80 services x 40,320 steps"):
        SC.check_scenario_work(week80, None, SC.APP_WORK_BUDGET)


def test_plan_refuses_over_budget_before_the_engine_starts(monkeypatch):
    from planner import engine

    def boom(*a, **k):
        raise AssertionError("the engine must not start")

    monkeypatch.setattr(engine, "params_from_scenario", boom)
    sc = validate_scenario(scenario_dict({"load_requests_per_s": [1.0] * 8784}, simulation={"step_s": 1}))
    with pytest.raises(ScenarioError, match="too big for the CLI and the Python API"):
        planner.plan(sc, keep_steps=True)


# --- 6: encoding, infinities, duplicate keys ------------------------------------------------------
def test_non_utf8_file_names_the_line(tmp_path):
    f = tmp_path / "latin1.yaml"
    f.write_bytes("name: caf\u00e9\n".encode("utf-8") + b"description: \xe9t\xe9\n")
    with pytest.raises(ScenarioError) as exc:
        IO.load_scenario(f)
    assert exc.value.problems[0][1].startswith("line 2: latin1.yaml is not UTF-8 text (byte 0xe9")


def test_infinite_hours_per_month_in_yaml_and_the_cli(tmp_path, capsys):
    d = scenario_dict()
    f = tmp_path / "inf.yaml"
    f.write_text(yaml.safe_dump(d) + "hours_per_month: .inf\n")
    assert main(["plan", str(f)]) == 2
    assert "hours_per_month: Input should be a finite number" in capsys.readouterr().err


@pytest.mark.parametrize("fmt, text, line, key", [
    pytest.param("yaml", "name: a\nservices: []\nname: b\n", 3, "'name'", id="yaml_top"),
    pytest.param("yaml", "services:\n- name: a\n  hpa: {min_replicas: 1, min_replicas: 2}\n", 3, "'min_replicas'",
                 id="yaml_flow_nested"),
    pytest.param("json", '{\n "name": "a",\n "services": [{"name": "a",\n  "name": "b"}]}', 3, "'name'",
                 id="json_nested"),
])
def test_duplicate_keys_are_refused_with_the_line(fmt, text, line, key):
    with pytest.raises(ScenarioError) as exc:
        IO.read_scenario(text, fmt)
    msg = exc.value.problems[0][1]
    assert msg.startswith(f"line {line}: duplicate key {key}"), msg


def test_error_messages_never_format_unbounded_values():
    long = "x" * 5_000_000
    with pytest.raises(ScenarioError) as exc:
        validate_scenario(scenario_dict(name=long))
    assert len(str(exc.value)) < 500 and "(5,000,002 characters)" in str(exc.value)  # the repr's quotes
    with pytest.raises(ScenarioError) as exc:
        IO.read_scenario("hours_per_month: " + "9" * 5000, "yaml")
    assert len(str(exc.value)) < 500


def test_thousands_of_problems_are_summarised():
    svcs = [dict(scenario_dict()["services"][0], name=f"s{i}", pod_startup_s=-1) for i in range(200)]
    with pytest.raises(ScenarioError) as exc:
        validate_scenario(scenario_dict(services=svcs))
    assert len(exc.value.problems) == 51 and exc.value.problems[-1] == ("", "... and 150 more problems")


def test_huge_integer_literals_are_a_message_not_a_traceback():
    with pytest.raises(ScenarioError, match="line 1"):
        IO.read_scenario('{"hours_per_month": ' + "9" * 5000 + "}", "json")
    with pytest.raises(ScenarioError, match="line 1"):
        IO.read_scenario("hours_per_month: " + "9" * 5000, "yaml")


def test_one_document_and_plain_tags_only():
    with pytest.raises(ScenarioError, match="line 2: a scenario file holds one YAML document"):
        IO.read_scenario_data("name: a\n---\nname: b\n")
    with pytest.raises(ScenarioError, match="line 1"):
        IO.read_scenario_data("name: !!python/object:os.system x\n")
    with pytest.raises(ScenarioError, match="tag '!!set'|not allowed"):
        IO.read_scenario_data("x: !!set {a, b}\n")


def test_yaml_reader_matches_the_safe_loader_on_the_shipped_and_dumped_scenarios():
    from planner.datafiles import read_bytes

    for text in (read_bytes("scenarios", "default.yaml").decode(), IO.dump_scenario(planner.default_scenario()),
                 "a: [0, -1, 1.5, -2.25, 012, 0x1f, 1e5, 1.0e+5, .inf, yes, ~, '3', \"4\", 1_000, 2001-12-14]\n"):
        assert IO.read_scenario_data(text) == yaml.safe_load(text)


def test_control_characters_name_their_line():
    """Found by the slow fuzz set: PyYAML's reader error carries a position, not a line."""
    with pytest.raises(ScenarioError) as exc:
        IO.parse_scenario_file(b"name: a\nservices: [\x00]\n", "s.yaml")
    assert exc.value.problems[0][1].startswith("line 2: character U+0000 is not allowed")
