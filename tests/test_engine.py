"""Hand-checked engine behaviour (docs/model.md), against upstream Kubernetes semantics.

Upstream sources: kubernetes/kubernetes pkg/controller/podautoscaler/horizontal.go and
replica_calculator.go (HPA); kubernetes/autoscaler cluster-autoscaler FAQ (scale-down timing).
Baseline (tests/builders.py): 10 m CPU per request/s, 1000 m request, no idle CPU, so one pod
serves 70 requests/s at the 70 % target and 3 pods fit an m5.xlarge node (3770 m room).
"""

import math

import numpy as np
import pytest

import planner
from builders import NO_COST_LINES, make, scenario_dict
from planner.engine import HPA_REASONS, NODE_REASONS, simulate_scenario
from planner.scenario import validate_scenario

SPH = 240  # 15 s steps per hour


def reasons(codes):
    return [HPA_REASONS[c] for c in codes]


@pytest.mark.parametrize("load, pods, nodes", [
    pytest.param(700.0, 10, 4, id="exact_multiple: 700/70=10 pods, ceil(10/3)=4 nodes"),
    pytest.param(710.0, 11, 4, id="rounds_up: ceil(710/70)=11 pods, ceil(11/3)=4 nodes"),
    pytest.param(2000.0, 29, 10, id="ceil(2000/70)=29 pods, ceil(29/3)=10 nodes"),
])
def test_constant_load_started_steady_stays_exactly_at_the_steady_state(load, pods, nodes):
    """ceil(load / (per-pod capacity x target)) pods and the FFD node count, for every step."""
    out = simulate_scenario(make({"load_requests_per_s": [load] * 3}))
    assert (out["desired_replicas"][:, 0] == pods).all()
    assert (out["ready_pods"][:, 0] == pods).all()
    assert (out["nodes_requested"] == nodes).all()
    assert out["shortfall_requests_per_s"].max() == 0


def test_tolerance_band_keeps_8_pods_at_72_percent_against_70():
    """576 req/s x 10 m on 8 pods of 1000 m = 72 % -> ratio 72/70 = 1.03 <= 1.1: no ninth pod."""
    out = simulate_scenario(make({"load_requests_per_s": [576.0] * 2, "hpa": {"min_replicas": 8}},
                                 simulation={"start": "cold"}))
    assert (out["desired_replicas"][:, 0] == 8).all()
    assert set(reasons(out["hpa_reason_code"][:, 0])) == {"WithinTolerance"}
    assert out["cpu_utilization_frac"][0, 0] == pytest.approx(0.72)


def test_cold_start_settles_inside_the_tolerance_band():
    """From 1 pod at 576 req/s: step 0 util 5760 % -> ratio 82.3, limited to max(1+4, 2*1) = 5;
    step 1 util 115 % -> ceil(1.643*5) = 9; step 2 util 64 % -> ratio 0.914, within 0.1: hold 9."""
    out = simulate_scenario(make({"load_requests_per_s": [576.0] * 2}, simulation={"start": "cold"},
                                 cluster={"min_nodes": 5}))
    d = out["desired_replicas"][:, 0]
    assert list(d[:4]) == [5, 9, 9, 9]
    assert (d[2:] == 9).all()
    assert reasons(out["hpa_reason_code"][:3, 0]) == ["ScaleUpLimit", "ScaledUp", "WithinTolerance"]
    util = out["cpu_utilization_frac"][-1, 0]
    assert abs(util / 0.70 - 1) <= 0.1


def test_step_up_follows_default_scale_up_policy_1_5_10_20_40_50():
    """Load 3500 req/s wants ceil(3500/70) = 50 pods at any size; default behavior allows
    max(+4 pods, +100 %) per 15 s sync: 1 -> 5 -> 10 -> 20 -> 40 -> 50."""
    s = make({"load_requests_per_s": [0.0, 3500.0]}, simulation={"start": "cold"}, cluster={"min_nodes": 17})
    out = simulate_scenario(s)
    d = out["desired_replicas"][SPH - 1:SPH + 6, 0]
    assert list(d) == [1, 5, 10, 20, 40, 50, 50]
    assert reasons(out["hpa_reason_code"][SPH:SPH + 5, 0]) == ["ScaleUpLimit"] * 4 + ["ScaledUp"]


def test_drop_is_held_for_the_300_s_stabilization_window_then_taken_in_one_step():
    """3500 -> 700 req/s: recommendation 10 from the first low step T. The last high
    recommendation (50, at T-15 s) stays in the window while its time is After(now - 300 s), i.e.
    until now = T+285 s (step T+19), exactly 300 s after it was made; then 50 -> 10 in one step."""
    s = make({"load_requests_per_s": [3500.0, 700.0]}, cluster={"min_nodes": 17})
    out = simulate_scenario(s)
    d = out["desired_replicas"][:, 0]
    T = SPH
    assert (d[T:T + 19] == 50).all()
    assert set(reasons(out["hpa_reason_code"][T:T + 19, 0])) == {"ScaleDownStabilized"}
    assert d[T + 19] == 10
    assert out["raw_recommendation"][T, 0] == 10


def test_pods_wait_for_node_provisioning_and_shortfall_is_reported():
    """700 -> 1400 req/s needs 20 pods = 7 nodes (4 before). With a 180 s (12-step) delay the new
    pods stay pending 12 steps, so ready capacity lags and shortfall is counted."""
    s = make({"load_requests_per_s": [700.0, 1400.0]}, cluster={"provisioning_delay_s": 180})
    out = simulate_scenario(s)
    T = SPH
    assert out["nodes_requested"][T] > 4
    assert out["nodes_ready"][T] == 4  # requested now, ready 12 steps later
    assert out["nodes_ready"][T + 11] == 4 and out["nodes_ready"][T + 12] == out["nodes_requested"][T + 12]
    assert out["pending_pods"][T, 0] > 0
    assert out["pending_pods"][T + 13, 0] == 0
    assert out["shortfall_requests_per_s"][T:T + 13, 0].sum() > 0
    assert out["ready_pods"][-1, 0] == 20 and out["nodes_requested"][-1] == 7


def test_node_scale_down_waits_10_min_unneeded_and_10_min_after_scale_up():
    """After 2100 -> 700 req/s (30 -> 10 pods), pods drop at step T+19 (see the stabilization test):
    the ReplicaSet deletes from the nodes holding the most, so the 10 nodes keep one pod each, and
    every node whose pod fits elsewhere is unneeded from then. CA removes them once they have been
    unneeded strictly longer than 600 s (unneededSince.Add(600 s).Before(now)): at T+19+41, 615 s on,
    one drained node per loop (--max-drain-parallelism 1)."""
    s = make({"load_requests_per_s": [2100.0, 700.0, 700.0]})
    out = simulate_scenario(s)
    T = SPH
    n = out["nodes_requested"]
    assert n[T - 1] == 10
    first_drop = T + int(np.argmax(n[T:] < 10))
    assert out["desired_replicas"][T + 19, 0] == 10 and out["desired_replicas"][T + 18, 0] == 30
    assert first_drop == T + 19 + 41
    assert NODE_REASONS[out["node_reason_code"][first_drop]] == "ScaleDown"
    assert n[first_drop:first_drop + 5].tolist() == [9, 8, 7, 6, 5]
    # a drained node's pod restarts elsewhere: one pod short while it starts (30 s = 2 steps)
    assert out["ready_pods"][first_drop + 1, 0] == 9
    # CA stops at 5, not at the 4 that FFD needs: the drained pods land 2 per node, i.e.
    # (2 x 1000 + 150 DaemonSet) / 3920 m = 55 % >= the 50 % threshold, so no node is unneeded.
    assert n[-1] == 5


def test_rolling_update_surges_ceil_25_percent():
    """10 pods in a 600 s deploy window: maxSurge 25 % -> ceil(2.5) = 3 extra pods, which need a
    fifth node (13 pods / 3 per node), then go away."""
    s = make({"load_requests_per_s": [700.0] * 2, "deploy_windows": [{"start_hour": 1, "duration_s": 600}]})
    out = simulate_scenario(s)
    assert (out["surge_pods"][SPH:SPH + 40, 0] == 3).all()
    assert out["surge_pods"][SPH + 40, 0] == 0 and out["surge_pods"][SPH - 1, 0] == 0
    assert out["nodes_requested"][SPH] == 5 and out["nodes_requested"][SPH - 1] == 4


def test_as_is_for_the_default_scenario_is_peak_sizing_plus_one_backup_each():
    """m5.xlarge: (4000 - 100 OS) m x 0.7 = 2730 m. A: (2730-50)/10 = 268 req/s per server, peak
    620 -> 3 + 1; B: (2730-80)/8 = 331.25, peak 700 -> 3 + 1; C: (2730-100)/15 = 175.3, peak 450
    -> 3 + 1. 12 servers x 0.192 USD/h x 730 h = 1681.92 USD/month for the servers; beside them (the
    defaults) a load balancer per service, 3 x 0.0225 USD/h x 730 h = 49.275, and a 20 GiB disk per
    server, 12 x 20 x 0.08 = 19.2 USD/month."""
    p = planner.plan(planner.default_scenario())
    assert list(p.services.asis_servers) == [4, 4, 4]
    assert p.summary.asis_servers_total == 12
    assert p.summary.asis_backup_servers_total == 3
    assert p.summary.asis_usd_per_month - p.summary.asis_other_usd_per_month == pytest.approx(12 * 0.192 * 730)
    assert p.summary.asis_other_usd_per_month == pytest.approx(3 * 0.0225 * 730 + 12 * 20 * 0.08)


def test_costs_equal_hand_sums_for_a_steady_cluster():
    """Constant 700 req/s: 4 nodes all day. To-Be = 4 x 0.192 + 0.10 control plane per hour;
    As-Is = 10 servers for peak (700/((3900*0.7)/10=273)=2.56 -> 3) + 1 backup = 4 x 0.192. No lines
    beside the machines (no load balancers, no disks)."""
    p = planner.plan(make({"load_requests_per_s": [700.0] * 24}, costs=NO_COST_LINES))
    s = p.summary
    assert s.tobe_node_hours == pytest.approx(4 * 24)
    assert s.tobe_usd_total == pytest.approx(24 * (4 * 0.192 + 0.10))
    assert s.tobe_usd_per_day == pytest.approx(24 * (4 * 0.192 + 0.10))
    assert s.tobe_usd_per_month == pytest.approx(730 * (4 * 0.192 + 0.10))
    assert s.asis_usd_per_month == pytest.approx(730 * 4 * 0.192)
    assert s.savings_usd_per_month == pytest.approx(730 * (4 * 0.192 - 4 * 0.192 - 0.10))
    assert s.tobe_shortfall_requests == 0
    assert p.cluster_hourly.tobe_usd.sum() == pytest.approx(s.tobe_usd_total)


def test_control_plane_as_master_nodes_is_priced():
    """3 x m5.large masters at 0.096 USD/h instead of the 0.10 managed fee."""
    p = planner.plan(make({"load_requests_per_s": [700.0] * 24},
                          cluster={"control_plane": {"mode": "nodes", "master_count": 3}}))
    assert p.summary.tobe_control_plane_usd_total == pytest.approx(24 * 3 * 0.096)


def test_peak_above_max_replicas_warns_with_the_shortfall():
    """max 5 pods x 100 req/s = 500 < 700 req/s: 200 req/s unserved every second of 2 h."""
    p = planner.plan(make({"load_requests_per_s": [700.0] * 2, "hpa": {"max_replicas": 5}}))
    assert p.summary.tobe_shortfall_requests == pytest.approx(200 * 7200)
    assert any("exceeds what max_replicas 5 can serve" in w for w in p.warnings)


def test_zero_backups_warns_that_a_deploy_does_not_fit():
    """2 servers of 273 req/s at 70 % hold 546 < 700 with one out: warn, naming the hours."""
    p = planner.plan(make({"load_requests_per_s": [700.0] * 2}, as_is={"backup_servers_per_service": 0}))
    assert p.summary.asis_servers_total == 3
    assert any("one server out" in w and "at 00:00, 01:00" in w for w in p.warnings)
    assert not p.services.deploy_fits_one_server_out[0]


def test_linear_interpolation_ramps_between_hour_midpoints():
    """Hour values 0 and 360 at midpoints 1800 s and 5400 s: the step at 3600-3615 s (midpoint
    3607.5 s) gets 360 x 1807.5/3600 = 180.75; before 1800 s the first value is held."""
    s = make({"load_requests_per_s": [0.0, 360.0]}, simulation={"interpolation": "linear"})
    load = simulate_scenario(s)["load_requests_per_s"][:, 0]
    assert load[0] == 0
    assert load[SPH] == pytest.approx(360 * 1807.5 / 3600)
    assert load[-1] == 360


def test_growth_scales_every_load_value():
    p0 = planner.plan(make({"load_requests_per_s": [700.0] * 2}))
    p1 = planner.plan(make({"load_requests_per_s": [700.0] * 2}, growth_frac=0.3))
    assert p1.summary.load_requests_total == pytest.approx(1.3 * p0.summary.load_requests_total)
    assert p1.services.pods_peak[0] == math.ceil(910 / 70)


def test_weekly_profile_repeats_a_daily_one():
    """A 24-value profile next to a 168-value one is tiled to the 168-hour horizon."""
    sd = scenario_dict()
    sd["services"] = [dict(sd["services"][0], name="day", load_requests_per_s=list(range(24))),
                      dict(sd["services"][0], name="week", load_requests_per_s=[100.0] * 168)]
    p = planner.plan(validate_scenario(sd))
    day = p.hourly[p.hourly.service == "day"].load_requests_per_s.to_numpy()
    assert len(day) == 168 and (day[24:48] == np.arange(24)).all() and (day[144:] == np.arange(24)).all()


def test_network_metric_joins_cpu_and_the_hpa_takes_the_max():
    """700 req/s x 2 Mbit/s = 1400 Mbit/s over a 100 Mbit/s per-pod target = 14 pods, more than
    CPU's 10 (700/70): the HPA takes the larger proposal and holds it (ratio exactly 1)."""
    s = make({"load_requests_per_s": [700.0] * 2, "usage": {"network_mbps_per_rps": 2.0},
              "hpa": {"metrics": [{"name": "cpu", "target_utilization_frac": 0.7},
                                  {"name": "network_mbps", "target_average_value": 100}]}})
    out = simulate_scenario(s)
    assert (out["desired_replicas"][:, 0] == 14).all()
    cold = simulate_scenario(make({"load_requests_per_s": [700.0] * 2, "usage": {"network_mbps_per_rps": 2.0},
                                   "hpa": {"min_replicas": 10, "metrics": [
                                       {"name": "cpu", "target_utilization_frac": 0.7},
                                       {"name": "network_mbps", "target_average_value": 100}]}},
                                  simulation={"start": "cold"}, cluster={"min_nodes": 5}))
    # from 10 pods: network 140 Mbit/s per pod -> ratio 1.4 -> ceil(14.0) = 14; CPU says within band
    assert cold["desired_replicas"][0, 0] == 14


def test_results_do_not_depend_on_the_chunking():
    """The driver carries every state (histories, rings, pending pods, node timers) from chunk to
    chunk: hour-long chunks give exactly the arrays of one 24-hour chunk."""
    s = planner.default_scenario()
    whole = simulate_scenario(s)
    hourly = simulate_scenario(s, chunk_steps=SPH)
    for key, a in whole.items():
        np.testing.assert_array_equal(hourly[key], a, err_msg=key)


def test_node_slots_past_the_high_water_mark_stay_free_and_untouched():
    """Exact mode loops over nodes only up to ``NodeState.used`` (the slots taken so far). That is
    right only while every slot from there on is free and as the start left it; checked after a day
    of the default scenario with a node failure at 10:00 (nodes fail, are replaced and removed), and
    ``used`` must cover every node that was ever requested (the peak of nodes_requested)."""
    from planner.engine import params_from_scenario
    from planner.engine.driver import run_chunk
    from planner.engine.start import initial_state
    from planner.engine.state import NODE_FREE
    from planner.engine.timeline import scenario_step_load
    from planner.events import EV_NODE_FAIL, merge_events, scenario_events, sort_events
    from planner.planning import check_scenario

    sc = planner.default_scenario()
    p = params_from_scenario(sc, check_scenario(sc).shape)
    load = scenario_step_load(sc)
    sph = 3600 // sc.simulation.step_s
    ev = merge_events(scenario_events(sc), sort_events([(10 * sph, EV_NODE_FAIL, -1)]))
    st = initial_state(p, load[0])
    fresh = initial_state(p, load[0]).nodes
    peak = 0
    for k0 in range(0, load.shape[0], sph):
        _, co = run_chunk(p, st, k0, load[k0:k0 + sph], ev, None, 1)
        peak = max(peak, int(co.nodes_requested.max()))
    nd, u = st.nodes, int(st.nodes.used[0])
    assert peak <= u < nd.state.shape[0]
    assert (nd.state[u:] == NODE_FREE).all()
    for name in nd._fields:
        a, b = getattr(nd, name), getattr(fresh, name)
        if a.shape[:1] == nd.state.shape and not name.startswith("scratch"):
            assert (a[u:] == b[u:]).all(), name


def test_stabilization_window_reads_the_ring_as_the_steps_before_this_one():
    """The HPA's windows take the highest (scale-down) or lowest recorded (scale-up) recommendation
    of the ``n`` steps before step ``k`` (only ``k`` of them early in the run), slot ``(k - d) % W``
    for d = 1..n. The kernel reads those slots as contiguous runs; brute force walks them backwards
    one step at a time."""
    from planner.engine.kernel import _ring_max, _ring_min_recorded

    rng = np.random.default_rng(7)
    for _ in range(300):
        W = int(rng.integers(2, 25))
        ring = rng.integers(-1, 40, size=(3, W))
        k = int(rng.integers(0, 3 * W))
        n = int(rng.integers(0, W))
        hsl = np.array([(k - d) % W if k - d >= 0 else -1 for d in range(W)], np.int64)
        v0 = int(rng.integers(0, 40))
        back = [int(ring[1, (k - d) % W]) for d in range(1, min(n, k) + 1)]
        assert _ring_max(ring, 1, hsl, n, k, v0) == max([v0] + back)
        assert _ring_min_recorded(ring, 1, hsl, n, k, v0) == min([v0] + [v for v in back if v >= 0])
