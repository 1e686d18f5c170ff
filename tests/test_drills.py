"""Failure drills (planner.drills, planner drill): hand-checked figures on a tiny cluster, properties
over every hour of the default scenario, and the CLI's formats, exit codes and Korean.

The tiny cluster: nodes with room for exactly 4 pods of 1000 m (explicit allocatable 4150 m minus
150 m of DaemonSets); one service whose pod serves 100 requests/s at 100 % of its CPU request
(10 m per request/s), pod start-up 30 s, steps of 15 s, one zone, the upstream failure timings
(node-monitor-grace-period 50 s, DefaultTolerationSeconds 300 s), node provisioning 180 s.
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from korean_scan import english_words
from planner import drills
from planner.asis import size_as_is
from planner.catalog import resolve_instance
from planner.cli import main
from planner.engine import hourly_to_steps, scenario_hourly_load
from planner.events import EV_NODE_FAIL, sort_events
from planner.planning import plan
from planner.scenario import validate_scenario
from planner.scenario_io import default_scenario, scenario_to_dict

STEP_S = 15
POD_CAPACITY = 100.0  # requests/s per pod at 100 %: (1000 m - 0) / 10 m


def tiny(load, *, target=0.8, placement="packed", spare_nodes=1, **cluster):
    svc = {"name": "web", "load_requests_per_s": load, "requests": {"cpu_millicores": 1000, "memory_mib": 1000},
           "usage": {"cpu_millicores_base": 0, "cpu_millicores_per_rps": 10, "memory_mib_base": 100,
                     "memory_mib_per_rps": 0},
           "hpa": {"min_replicas": 2, "max_replicas": 100,
                   "metrics": [{"name": "cpu", "target_utilization_frac": target}]},
           "pod_startup_s": 30}
    cl = {"allocatable_formula": "explicit", "allocatable_cpu_millicores": 4150, "allocatable_memory_mib": 100300,
          "max_pods_per_node": 113, "daemonset_cpu_millicores": 150, "daemonset_memory_mib": 300,
          "daemonset_pods": 3, "spare_nodes": spare_nodes, "min_nodes": 0, "provisioning_delay_s": 180,
          "placement": placement, "zones": 1}
    cl.update(cluster)
    return validate_scenario({"services": [svc], "cluster": cl,
                              "simulation": {"step_s": STEP_S, "packing": "exact"}})


def row(table, kind, hour):
    f = table.frame
    return f[(f.kind == kind) & (f.hour == hour)].iloc[0]


# --- hand-checked -------------------------------------------------------------------------------
def test_packed_node_loss_with_a_spare_node_drops_the_hand_computed_requests():
    """640 requests/s at an 80 % CPU target: 640 / 80 = 8 pods, packed 4 + 4 on two nodes, plus the
    pause pod's spare node. At 01:00 (step 240) the worst node (4 pods) fails: 4 ready pods serve
    4 x 100 = 400 requests/s, so 640 - 400 = 240 requests/s go unserved. The HPA holds 8 (the 4 lost
    pods count as not ready: ratio 160 % / 80 % x 4 / 8 = 1, within tolerance).
    Detection + toleration: 50 + 300 = 350 s -> eviction at step 240 + ceil(350 / 15) = 264;
    scheduling: at once, onto the spare node (the pause pod is preempted); start-up:
    max(1, ceil(30 / 15)) = 2 steps -> ready at step 266. Unserved steps 240..265 = 26 steps = 390 s;
    390 s x 240 requests/s = 93,600 requests. Recovered after those 390 s."""
    table = drills.run_drills(tiny([640, 640, 640]), ["node"], [1])
    r = row(table, "node", 1)
    assert r.tobe_dropped_requests == pytest.approx(26 * STEP_S * (640 - 4 * POD_CAPACITY))
    assert r.tobe_dropped_requests == pytest.approx(93_600)
    assert r.tobe_recover_s == 390
    assert r.tobe_worst_service == "web"
    assert r.tobe_dropped_frac == pytest.approx(93_600 / (640 * 86_400))  # a day of 640 requests/s


def test_packed_node_loss_without_a_spare_node_waits_for_a_new_node():
    """As above without spare nodes: the evicted pods (step 264) stay pending; the node autoscaler asks
    for a node then, ready 180 / 15 = 12 steps later (step 276), the pods are placed and ready 2 steps
    after (278). Unserved steps 240..277 = 38 steps = 570 s: 570 x 240 = 136,800 requests."""
    table = drills.run_drills(tiny([640, 640, 640], spare_nodes=0), ["node"], [1])
    r = row(table, "node", 1)
    assert r.tobe_dropped_requests == pytest.approx(38 * STEP_S * 240)
    assert r.tobe_recover_s == 570


def test_the_replacement_node_is_billed_while_the_failed_one_still_is():
    """Without spare nodes the new node is requested at step 264 and the failed node is removed once
    NotReady for longer than --scale-down-unready-time (1200 s): billed node-seconds above the
    baseline = from step 264 until the failed node goes. The extra cost is that many node-seconds at
    the node price (USD 1/hour here), so it is positive and at most (1200 + 360) s = 0.43 USD."""
    sc = tiny([640] * 3, spare_nodes=0)
    d = scenario_to_dict(sc)
    d["cluster"]["node"] = {"instance_type": "custom", "provider": None, "region": None, "vcpu": 4, "memory_gib": 100,
                            "usd_per_hour": 1.0}
    sc = validate_scenario(d)
    r = row(drills.run_drills(sc, ["node"], [1]), "node", 1)
    assert 0 < r.tobe_extra_usd <= (1200 + 360 + STEP_S) / 3600
    assert r.asis_extra_usd == 0


def test_spread_with_enough_headroom_drops_none():
    """380 requests/s at a 50 % target: ceil(380 / 50) = 8 pods, spread 4 + 4 over two nodes (maxSkew 1).
    Losing one node leaves 4 x 100 = 400 >= 380 requests/s: nothing unserved, at any hour."""
    table = drills.run_drills(tiny([380] * 3, target=0.5, placement="spread"), ["node"], "all")
    assert (table.frame.tobe_dropped_requests == 0).all()
    assert table.frame.tobe_recover_s.notna().all()


def test_a_drill_from_the_hour_state_equals_the_whole_day_run_with_the_failure():
    """The drill runs from the baseline's state at its hour; planner.plan(extra_events=) runs the whole
    horizon with the same failure: the unserved requests above the baseline agree."""
    sc = tiny([640, 700, 600, 640])
    table = drills.run_drills(sc, ["node"], [1])
    whole = plan(sc, extra_events=sort_events([(240, EV_NODE_FAIL, -1)])).summary.tobe_shortfall_requests
    base = plan(sc).summary.tobe_shortfall_requests
    assert row(table, "node", 1).tobe_dropped_requests == pytest.approx(whole - base)


def test_the_baseline_run_is_the_plan():
    """The runner's baseline, hour by hour, is the plan's own run: the same shortfall."""
    sc = default_scenario()
    r = drills.Runner(sc)
    load = r.step_load
    short = np.maximum(0.0, load - r.base.ready[: r.n] * r.cap[None, :]).sum() * STEP_S
    assert short == pytest.approx(plan(sc).summary.tobe_shortfall_requests)


# --- properties over every hour ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def default_tables():
    sc = default_scenario()
    d = scenario_to_dict(sc)
    d["cluster"]["placement"] = "packed"
    return {"spread": drills.run_drills(sc), "packed": drills.run_drills(validate_scenario(d))}


@pytest.mark.parametrize("placement", ["spread", "packed"])
def test_zone_loss_drops_at_least_what_a_node_loss_drops(default_tables, placement):
    f = default_tables[placement].frame
    node = f[f.kind == "node"].set_index("hour").tobe_dropped_requests
    zone = f[f.kind == "zone"].set_index("hour").tobe_dropped_requests
    assert (zone >= node).all(), (zone - node)[zone < node]
    assert (zone > 0).any()


def test_the_default_packed_node_loss_at_eleven_is_the_issue_figure(default_tables):
    """Issue 10, by hand: at 11:00 packing puts 7 of A's 20 pods on one node; losing it leaves A
    35 requests/s short (13 ready pods x 45 requests/s = 585 < 620) for 390 s: 13,650 requests."""
    r = row(default_tables["packed"], "node", 11)
    assert r.tobe_dropped_requests == pytest.approx(35 * 390)
    assert r.tobe_worst_service == "A"


@pytest.mark.parametrize("placement", ["packed", "spread"])
def test_a_spare_node_never_increases_a_drills_shortfall(placement):
    """The tiny cluster over a day of changing load, spare nodes 0, 1, 2: at every hour the node
    drill drops no more with more spare nodes."""
    load = [300, 640, 900, 500, 1200, 700, 380, 1000]
    dropped = [drills.run_drills(tiny(load, placement=placement, spare_nodes=n), ["node"], "all")
               .frame.set_index("hour").tobe_dropped_requests for n in (0, 1, 2)]
    assert (dropped[1] <= dropped[0] + 1e-6).all() and (dropped[2] <= dropped[1] + 1e-6).all()
    assert dropped[0].sum() > dropped[1].sum()  # the spare node does help somewhere


def test_as_is_default_survives_one_server_loss_per_service_at_every_hour(default_tables):
    """Hand check: each service has servers for its peak at 70 % plus one backup; one server out
    leaves (servers - 1) x capacity at 100 %, which carries every hour's load."""
    sc = default_scenario()
    f = default_tables["spread"].frame
    assert (f[f.kind == "as_is_server"].asis_dropped_requests == 0).all()
    server = resolve_instance(sc.as_is.server, "as_is.server")
    hourly = scenario_hourly_load(sc)
    for z, peak, load in zip(size_as_is(sc, server, hourly.max(axis=0)), hourly.max(axis=0), hourly.T):
        assert (z.servers - 1) * z.capacity_full_requests_per_s >= load.max() == peak


def test_as_is_without_backups_drops_what_the_remaining_servers_cannot_carry():
    """Backups 0: a server of A lost at 11:00 for the 4-hour repair leaves (n - 1) servers at 100 %;
    A drops sum over the steps of max(0, load - (n - 1) x capacity) x 15 s (computed here from the sizing)."""
    d = scenario_to_dict(default_scenario())
    d["as_is"]["backup_servers_per_service"] = 0
    d["drills"]["service"] = "A"
    sc = validate_scenario(d)
    server = resolve_instance(sc.as_is.server, "as_is.server")
    hourly = scenario_hourly_load(sc)
    a = size_as_is(sc, server, hourly.max(axis=0))[0]
    load = hourly_to_steps(hourly, STEP_S, "step")[11 * 240:15 * 240, 0]
    deploy = np.zeros(len(load), bool)
    deploy[3 * 240:3 * 240 + 60] = True  # A's rolling update at 14:00 for 900 s takes one more server out
    cap = (a.servers - 1 - deploy) * a.capacity_full_requests_per_s
    expected = np.maximum(0.0, load - cap).sum() * STEP_S
    r = row(drills.run_drills(sc, ["as_is_server"], [11]), "as_is_server", 11)
    assert expected > 0
    assert r.asis_dropped_requests == pytest.approx(expected)
    assert r.asis_recover_s == 4 * 3600


def test_tolerance_and_fix_on_the_tiny_cluster():
    """Spread, 50 % target, 380 requests/s: To-Be survives one node at every hour (4 of 8 pods left
    carry 400 >= 380) but not two (nothing left); As-Is (m5.xlarge, one backup) survives one server."""
    tol = drills.tolerance(tiny([380] * 3, target=0.5, placement="spread"))
    (s,) = tol.services
    assert s.tobe_nodes >= 1 and s.asis_servers >= 1
    assert tol.tobe_matches_asis and tol.fix is None


def test_the_fix_search_finds_a_cheaper_headroom_when_the_target_is_too_high():
    """Packed at an 80 % target the node drill drops (first test); spare nodes, min replicas, zones and
    spread do not help (the 4 pods on the failed node serve nothing for 390 s whatever waits for them),
    a lower target does: at 60 %, ceil(640 / 60) = 11 pods, 4 + 4 + 3, and 7 left serve 700 >= 640."""
    sc = tiny([640] * 3, spare_nodes=1)
    tol = drills.tolerance(sc)
    assert not tol.tobe_matches_asis
    assert tol.fix is not None and tol.fix.survives
    assert tol.fix.extra_usd_per_month > 0
    assert any(ok for _, _, ok in tol.fix.tried)


# --- the CLI -------------------------------------------------------------------------------------------
def test_cli_exit_code_with_max_drill_shortfall_frac(capsys):
    assert main(["drill", "default", "--kind", "zone", "--hours", "10", "--no-tolerance"]) == 0
    assert main(["drill", "default", "--kind", "zone", "--hours", "10", "--no-tolerance",
                 "--max-drill-shortfall-frac", "0.0001"]) == 1
    assert "check failed" in capsys.readouterr().err
    assert main(["drill", "default", "--kind", "zone", "--hours", "10", "--no-tolerance",
                 "--max-drill-shortfall-frac", "0.5"]) == 0
    assert main(["drill", "default", "--hours", "24"]) == 2
    assert "hours" in capsys.readouterr().err


def test_cli_json_and_csv_parse(capsys):
    assert main(["drill", "default", "--hours", "11,19", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [(d["kind"], d["hour"]) for d in data["drills"]] == [(k, h) for k in ("node", "zone", "as_is_server",
                                                                              "capacity") for h in (11, 19)]
    assert data["drills"][6]["asis_dropped_requests"] is None  # capacity drill: As-Is n/a (a fixed fleet)
    assert data["drills"][4]["tobe_dropped_requests"] is None  # As-Is server drill: To-Be n/a
    assert {t["service"] for t in data["tolerance"]} == {"A", "B", "C"}
    assert main(["drill", "default", "--hours", "11", "--format", "csv", "--no-tolerance"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 4 and tuple(rows[0]) == drills.TABLE_COLUMNS
    assert float(rows[0]["tobe_recover_s"]) > 0


def test_korean_table_has_no_english_labels(capsys):
    assert main(["drill", "default", "--hours", "8,11", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert english_words(out, {"A", "B", "C"}) == []
    assert "장애 훈련" in out and "복구 시간" in out


def test_a_plan_too_large_for_drills_is_refused_with_a_message(monkeypatch, capsys):
    """The baseline keeps one engine state per hour (81,528 bytes each on the default scenario, 24 of
    them): above the limit the drills are refused, naming why, and the CLI exits 2."""
    monkeypatch.setattr(drills, "MAX_SNAPSHOT_BYTES", 24 * 81_528 - 1)
    from planner.scenario import ScenarioError

    with pytest.raises(ScenarioError, match="engine state"):
        drills.Runner(default_scenario())
    assert main(["drill", "default", "--hours", "11", "--no-tolerance"]) == 2
    assert "drills" in capsys.readouterr().err
