"""Hand-checked scenarios through the slow reference simulation (``docs/model.md``).

Upstream behaviour being modelled: kubernetes/kubernetes ``pkg/controller/podautoscaler/horizontal.go``
and ``replica_calculator.go`` (HPA), kubernetes/autoscaler ``cluster-autoscaler`` (FAQ "How does
scale-down work?", ``core/static_autoscaler.go`` cooldown after a scale-up,
``core/scaledown`` unneeded time, ``estimator/binpacking_estimator.go``). Every expected number is
derived in the comments.

The toy service: a pod requests 1000 m CPU, uses 10 m per request/s (no base), so it serves
100 requests/s at 100 % and 50 requests/s at the 50 % CPU target. A node has room for exactly 4
such pods (4000 m); no DaemonSets, no spare node; 15 s steps, pods start in 30 s (2 steps), nodes
in 180 s (12 steps).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from planner import hpa
from planner.reference import (
    RefCluster, RefInputs, RefMetric, RefService, deploy_steps, hourly_to_steps, ref_inputs_from_scenario,
    simulate_reference, steady_replicas,
)
from planner.scenario_io import default_scenario

CODE = {name: i for i, name in enumerate(hpa.REASONS)}


def toy(load, *, surge=None, cold=False, scale_down=hpa.DEFAULT_SCALE_DOWN, unneeded_s=600.0, min_replicas=2):
    n = len(load)
    svc = RefService(
        name="web", load_requests_per_s=tuple(float(x) for x in load),
        cpu_request_millicores=1000.0, memory_request_mib=1000.0,
        cpu_base_millicores=0.0, cpu_per_rps_millicores=10.0, memory_base_mib=100.0, memory_per_rps_mib=0.0,
        metrics=(RefMetric("cpu", hpa.UTILIZATION, 50.0, 0.0, 10.0, 1000.0, 0.5),),
        min_replicas=min_replicas, max_replicas=100, tolerance_frac=0.1,
        scale_up=hpa.DEFAULT_SCALE_UP, scale_down=scale_down, startup_steps=2,
        surge_frac_per_step=tuple(surge or [0.0] * n), deploying=tuple(bool(x) for x in (surge or [0.0] * n)),
        asis_servers=3, asis_server_capacity_requests_per_s=500.0)
    cluster = RefCluster(
        node_cpu_millicores=4000.0, node_memory_mib=100000.0, node_pod_slots=110,
        alloc_cpu_millicores=4000.0, alloc_memory_mib=100000.0, daemonset_cpu_millicores=0.0, daemonset_memory_mib=0.0,
        spare_nodes=0, min_nodes=0, max_nodes=100, provisioning_steps=12, scale_down_unneeded_s=unneeded_s,
        scale_down_delay_after_add_s=600.0, scale_down_utilization_threshold_frac=0.5, max_scale_down_parallelism=10)
    return RefInputs(services=(svc,), cluster=cluster, step_s=15, n_steps=n, cold_start=cold)


def col(out, key):
    return out[key][:, 0] if out[key].ndim == 2 else out[key]


@pytest.mark.parametrize("load, pods, nodes, util, first_300s, reason", [
    # 1000 / 50 = 20 pods at exactly 50 %: 5 nodes of 4
    pytest.param(1000, 20, 5, 0.50, "WithinTolerance", "WithinTolerance", id="1000rps_20_pods"),
    # ceil(1010 / 50) = 21 pods: 10100 of 21000 m = 48 % (0.96, inside the band); ceil(21 / 4) = 6 nodes
    pytest.param(1010, 21, 6, 0.48, "WithinTolerance", "WithinTolerance", id="1010rps_21_pods"),
    # below min: 50 rps needs 1 pod, min 2: 500 of 2000 m = 25 %, 0.5 -> ceil(0.5 * 2) = 1, held at min 2;
    # for the first 300 s the initial recommendation (2, recordInitialRecommendation) is what holds it
    pytest.param(50, 2, 1, 0.25, "ScaleDownStabilized", "TooFewReplicas", id="50rps_min_2"),
])
def test_constant_load_started_steady_stays_put(load, pods, nodes, util, first_300s, reason):
    out = simulate_reference(toy([load] * 480))  # 2 hours
    assert (col(out, "desired_replicas") == pods).all()
    assert (col(out, "ready_pods") == pods).all()
    assert (col(out, "pending_pods") == 0).all()
    assert (col(out, "nodes_needed") == nodes).all()
    assert (col(out, "nodes_ready") == nodes).all() and (col(out, "nodes_requested") == nodes).all()
    assert np.allclose(col(out, "cpu_utilization_frac"), util)
    assert np.allclose(col(out, "capacity_requests_per_s"), pods * 100.0)
    assert (col(out, "shortfall_requests_per_s") == 0).all()
    assert np.allclose(col(out, "requested_cpu_frac"), pods * 1000 / (nodes * 4000))
    reasons = col(out, "hpa_reason_code")
    assert (reasons[:20] == CODE[first_300s]).all() and (reasons[20:] == CODE[reason]).all()


def test_steady_replicas_by_hand():
    svc = toy([1000])
    assert steady_replicas(svc.services[0], 1000) == 20
    assert steady_replicas(svc.services[0], 1000.5) == 21
    assert steady_replicas(svc.services[0], 0) == 2  # min_replicas


def test_cold_start_settles_inside_the_tolerance_band():
    # cold: 2 ready pods on 1 node. 1000 rps at 2 pods is 500 % of target; the HPA climbs at most
    # max(+4, x2) per 15 s and counts starting pods as idle, so it stops near ceil(1000 / 50) = 20.
    # Inside the band d pods read floor(1000 / d) % in [45, 55] % -> d in 19..22.
    out = simulate_reference(toy([1000] * 240, cold=True))
    desired, ready = col(out, "desired_replicas"), col(out, "ready_pods")
    assert desired[0] == 6 and col(out, "hpa_reason_code")[0] == CODE["ScaleUpLimit"]  # max(2 + 4, 2 * 2)
    assert col(out, "nodes_requested")[0] == 2  # ceil(6 / 4) = 2: one node requested at t = 0
    final = desired[-1]
    assert 19 <= final <= 22
    assert desired.max() <= 22  # no overshoot while pods wait for nodes
    assert ready[-1] == final and col(out, "pending_pods")[-1] == 0
    assert col(out, "nodes_ready")[-1] == math.ceil(final / 4)
    assert col(out, "shortfall_requests_per_s")[-1] == 0
    assert 0.45 <= col(out, "cpu_utilization_frac")[-1] <= 0.55


def test_step_in_load_waits_for_a_node_then_for_pods():
    # steady at 1000 rps (20 pods, 5 full nodes); at step 240 load 1200: 60 % -> 1.2 -> 24 pods.
    # The 4 new pods need a 6th node: requested at step 240, ready at 240 + 12 = 252, when they are
    # placed; ready 2 steps later (254). In between the HPA counts them as idle: 12000 / 24000 = 50 %
    # -> hold at 24 (AwaitingReadyPods), not more.
    out = simulate_reference(toy([1000] * 240 + [1200] * 60))
    desired, ready, pending = col(out, "desired_replicas"), col(out, "ready_pods"), col(out, "pending_pods")
    reason = col(out, "hpa_reason_code")
    assert desired[239] == 20 and desired[240] == 24 and reason[240] == CODE["ScaledUp"]
    assert (desired[240:] == 24).all()
    assert (reason[241:254] == CODE["AwaitingReadyPods"]).all()
    assert reason[254] == CODE["WithinTolerance"]
    assert col(out, "nodes_needed")[240] == 6 and col(out, "nodes_requested")[240] == 6
    assert (col(out, "nodes_ready")[240:252] == 5).all() and col(out, "nodes_ready")[252] == 6
    assert (pending[240:252] == 4).all() and pending[252] == 0
    assert (ready[240:254] == 20).all() and ready[254] == 24
    assert col(out, "cpu_utilization_frac")[241] == 0.6  # what the HPA saw: 20 ready pods


def test_drop_holds_pods_300s_and_nodes_600s_after_unneeded():
    # 1000 rps then 200 rps from step 240 (t = 3600): proposal ceil(0.2 * 20) = 4, held by the last
    # recommendation of 20 (t = 3585) until t = 3885 (step 259). The 20 pods sat 4 per node on 5 nodes;
    # the ReplicaSet deletes from the node holding the most (ties: highest index), leaving [1, 1, 1, 1, 0].
    # Unneeded from step 259: node 4 (empty) and nodes 3, 2, 1, whose pod fits on a lower node not being
    # removed; so nodes_needed = 5 - 4 = 1. Removable once unneeded for more than 600 s (since + 600 <
    # now): t = 4500, step 300, when the empty node and one drained node go (max_drain_parallelism 1);
    # step 301 drains one more. The two drained nodes' pods are recreated: placed a step later, ready 2
    # steps after that, so ready pods dip to 3 and 2; then 2 nodes hold 2 pods each (50 %: not unneeded).
    out = simulate_reference(toy([1000] * 240 + [200] * 80))
    desired, nodes = col(out, "desired_replicas"), col(out, "nodes_ready")
    assert (desired[240:259] == 20).all() and (col(out, "hpa_reason_code")[240:259] == CODE["ScaleDownStabilized"]).all()
    assert (desired[259:] == 4).all() and (col(out, "ready_pods")[259:301] == 4).all()
    assert col(out, "ready_pods")[300:306].tolist() == [4, 3, 2, 3, 4, 4]
    assert (col(out, "nodes_needed")[259:300] == 1).all()
    assert (nodes[:300] == 5).all() and nodes[300] == 3 and (nodes[301:] == 2).all()
    assert (col(out, "nodes_requested")[301:] == 2).all()


def test_no_node_removal_within_600s_of_a_scale_up():
    # no scale-down stabilization, unneeded time 60 s. Step 10 (t = 150): 1200 rps -> 24 pods, a 6th
    # node requested (ready at step 22). Step 11: 200 rps -> 4 pods at once, one on each of nodes 0-3;
    # nodes 1-4 are unneeded (and node 5 from step 22), for more than 60 s by t = 240, but the scale-up at
    # t = 150 blocks scale-down until t = 150 + 600 = 750 (step 50): then the two empty nodes and one
    # drained node go, and one more drained node at step 51.
    fast_down = hpa.Rules(0, "Max", (hpa.Policy("Percent", 100, 15),))
    out = simulate_reference(toy([1000] * 10 + [1200] + [200] * 60, scale_down=fast_down, unneeded_s=60.0))
    assert col(out, "desired_replicas")[10] == 24 and col(out, "desired_replicas")[11] == 4
    assert col(out, "pending_pods")[11] == 0 and col(out, "ready_pods")[11] == 4
    nodes = col(out, "nodes_ready")
    assert (nodes[11:22] == 5).all() and (nodes[22:50] == 6).all() and nodes[50] == 3 and (nodes[51:] == 2).all()


def test_surge_pods_during_a_deploy_window():
    # 21 pods (1010 rps) on 6 nodes (24 slots of room, 3000 m free). Deploy from step 40 to 79:
    # surge ceil(0.25 * 21) = ceil(5.25) = 6 pods, 27 pods in all -> 7 nodes: one requested at step 40.
    # 3 surge pods fit the free room at once, 3 wait for the node (ready at 52). Surge pods serve nothing.
    surge = [0.0] * 40 + [0.25] * 40 + [0.0] * 20
    out = simulate_reference(toy([1010] * 100, surge=surge))
    s = col(out, "surge_pods")
    assert (s[:40] == 0).all() and (s[40:80] == 6).all() and (s[80:] == 0).all()
    assert col(out, "nodes_needed")[40] == 7 and col(out, "nodes_requested")[40] == 7
    assert (col(out, "nodes_ready")[40:52] == 6).all() and col(out, "nodes_ready")[52] == 7
    assert col(out, "requested_cpu_frac")[40] == (21 + 3) * 1000 / (6 * 4000)
    assert col(out, "requested_cpu_frac")[52] == (21 + 6) * 1000 / (7 * 4000)
    assert (col(out, "ready_pods") == 21).all() and (col(out, "pending_pods") == 0).all()
    assert np.allclose(col(out, "capacity_requests_per_s"), 2100.0)
    # As-Is: 3 servers of 500 rps, one out during the rollout
    assert (col(out, "asis_servers_in_service")[40:80] == 2).all() and col(out, "asis_servers_in_service")[0] == 3
    assert col(out, "asis_shortfall_requests_per_s")[40] == 10.0  # 1010 - 2 * 500


def test_default_scenario_first_step_by_hand():
    # A: (0.7 * 500 - 50) / 10 = 30 rps per pod at target, 60 rps -> 2 pods (70 %, within);
    # B: (350 - 80) / 8 = 33.75, 120 rps -> 4 pods (320 of 500 m = 64 %, 0.91 within);
    # C: cpu (750 - 100) / 15 = 43.3, 420 rps -> 10 pods (730 m = 73 % of 75 %); memory asks for fewer.
    sc = default_scenario()
    out = simulate_reference(replace(ref_inputs_from_scenario(sc), n_steps=4))
    assert out["desired_replicas"][0].tolist() == [2, 4, 10]
    assert out["hpa_reason_code"][0].tolist() == [CODE["WithinTolerance"]] * 3
    assert out["cpu_utilization_frac"][0].tolist() == [0.70, 0.64, 0.73]


def test_default_scenario_as_is_by_hand():
    # m5.xlarge: 4 vCPU, 16 GiB. Usable cpu 4000 - 100 = 3900 m. Service A at 70 %: (2730 - 50) / 10 =
    # 268 rps per server (memory allows far more); peak 620 -> ceil(2.31) = 3 + 1 backup = 4 servers;
    # at 100 %: (3900 - 50) / 10 = 385 rps. Deploy at hour 14 for 900 s: 3 in service.
    inputs = ref_inputs_from_scenario(default_scenario())
    a = inputs.services[0]
    assert a.asis_servers == 4
    assert a.asis_server_capacity_requests_per_s == pytest.approx(385.0)
    steps_per_hour = 3600 // inputs.step_s
    k14 = 14 * steps_per_hour
    assert a.deploying[k14] and a.deploying[k14 + 59] and not a.deploying[k14 + 60] and not a.deploying[k14 - 1]
    assert a.surge_frac_per_step[k14] == 0.25


def test_hourly_to_steps_linear_by_hand():
    # midpoints at 1800 s (0) and 5400 s (3600); 900 s steps, step midpoints 450, 1350, ...
    assert hourly_to_steps([0.0, 3600.0], 900, "linear") == [0, 0, 450, 1350, 2250, 3150, 3600, 3600]
    assert hourly_to_steps([1.0, 2.0], 1800, "step") == [1, 1, 2, 2]


def test_hourly_to_steps_linear_matches_numpy_interp_bit_for_bit():
    rng = np.random.default_rng(3)
    hourly = rng.uniform(0, 1000, 30).tolist()
    ours = hourly_to_steps(hourly, 15, "linear")
    t = (np.arange(30 * 240) + 0.5) * 15
    assert ours == np.interp(t, (np.arange(30) + 0.5) * 3600.0, hourly).tolist()


def test_deploy_steps_by_hand():
    # hour 1 for 100 s at 60 s steps: steps starting at 3600 and 3660 (3720 is past 3700)
    active = deploy_steps([1], 100, 2, 60)
    assert [k for k, a in enumerate(active) if a] == [60, 61]
