"""Node start-up as it really is (issue 13): boot, kubelet registration and DaemonSets as phases, the
image pull on a node that does not have the image, and scale-ups that fail (``--max-node-provision-time``
and the node group backoff).

Upstream: kubernetes/autoscaler cluster-autoscaler ``clusterstate/clusterstate.go``
(``updateScaleRequests``, ``RegisterOrUpdateScaleUp``), ``utils/backoff/exponential_backoff.go`` and its
test ``exponential_backoff_test.go`` (``TestBackoffTwoKeys``, ``TestMaxBackoff``), FAQ "How fast is
Cluster Autoscaler?" and ``--max-node-provision-time`` (15 min). Every scenario runs through the fast
engine and the reference, which must agree exactly (``tests/test_engine_vs_reference.py``).
"""

from __future__ import annotations

import pytest

from planner import ca
from planner.engine import simulate_scenario
from planner.scenario import ScenarioError, validate_scenario
from test_engine_vs_reference import assert_same, run_both, toy_scenario, web

BACKOFF = ca.REASON_CODE["ScaleUpBackoff"]
SCALE_UP = ca.REASON_CODE["ScaleUp"]
PROVISIONING = ca.REASON_CODE["Provisioning"]


# --- the phases --------------------------------------------------------------------------------
def _cluster(**cl):
    return validate_scenario({"services": [web([100])], "cluster": cl}).cluster


def test_the_three_phases_add_up_to_the_faq_three_minutes():
    """Defaults 120 + 30 + 30 = 180 s, the cluster-autoscaler FAQ's "3 to 4 minutes" on GCE."""
    c = _cluster()
    assert (c.node_boot_s, c.node_registration_s, c.daemonset_ready_s) == (120, 30, 30)
    assert c.provisioning_delay_s == 180
    assert _cluster(node_boot_s=45, node_registration_s=10, daemonset_ready_s=5).provisioning_delay_s == 60


def test_an_old_single_provisioning_delay_is_the_boot_phase():
    c = _cluster(provisioning_delay_s=240)
    assert (c.node_boot_s, c.node_registration_s, c.daemonset_ready_s, c.provisioning_delay_s) == (240, 0, 0, 240)
    with pytest.raises(ScenarioError, match="provisioning_delay_s is the old single delay; give it or node_boot_s"):
        _cluster(provisioning_delay_s=240, node_boot_s=60)


def test_a_node_must_register_within_the_max_provision_time():
    """CA deletes a node not registered within --max-node-provision-time: boot + registration must be shorter."""
    with pytest.raises(ScenarioError, match=r"node_boot_s \+ node_registration_s \(900 s\) must be below "
                                            r"max_node_provision_time_s \(900 s\)"):
        _cluster(node_boot_s=870, node_registration_s=30)
    assert _cluster(node_boot_s=869, node_registration_s=30).max_node_provision_time_s == 900


def test_failure_windows_must_start_inside_the_horizon():
    with pytest.raises(ScenarioError, match=r"cluster.scale_up_failures\[0\].start_hour: must be below the 1-hour"):
        _cluster(scale_up_failures=[{"start_hour": 1, "duration_s": 600}])


# --- image pull on a new node --------------------------------------------------------------------
def test_pods_on_a_new_node_wait_for_their_image():
    """1000 then 1200 rps (test_rule_zero_start_up_time...): 20 pods fill 5 nodes (4 each); at step 240 the
    HPA asks for 24, the node autoscaler requests a 6th node, ready 180 s = 12 steps later (252). The 4
    pods placed there pull the image (60 s = 4 steps) then start (30 s = 2 steps): ready at
    252 + 4 + 2 = 258, against 254 with the image cached (image_pull_s 0)."""
    for pull_s, ready_step in ((0, 254), (60, 258)):
        sc = toy_scenario([web([1000, 1200], image_pull_s=pull_s)])
        engine, reference = run_both(sc)
        assert reference["nodes_ready"][251:253].tolist() == [5, 6]
        ready = reference["ready_pods"][:, 0]
        assert ready[ready_step - 1] == 20 and ready[ready_step] == 24, pull_s
        assert_same(engine, reference)


def test_the_start_state_has_its_pods_images_and_an_empty_node_does_not():
    """Pods of 500 m (50 rps at the 50 % target): 200 rps = 4 pods, all on node 0 (2000 of 4000 m);
    min_nodes 2 adds node 1, empty, so without the image. At step 240 (300 rps) the HPA asks for 6.
    packed (MostAllocated) puts both on node 0, which has the image: ready at 240 + 2 = 242.
    spread puts both on node 1 (fewest pods of the service): the first starts the 600 s pull (40
    steps), the second waits for the same pull: both ready at 240 + 40 + 2 = 282."""
    for placement, ready_step in (("packed", 242), ("spread", 282)):
        sc = toy_scenario([web([200, 300], cpu_per_rps=5, request_cpu=500, image_pull_s=600)], min_nodes=2,
                          placement=placement)
        engine, reference = run_both(sc)
        assert reference["nodes_ready"][0] == reference["nodes_ready"][300] == 2
        ready = reference["ready_pods"][:, 0]
        assert ready[ready_step - 1] == 4 and ready[ready_step] == 6, placement
        assert_same(engine, reference)


def test_fluid_mode_pulls_on_the_nodes_that_just_came_up():
    """Fleet-scale (incremental) mode keeps room as sums: the pods placed beyond the room of the nodes
    ready before this step are on the new node and pull, as in exact mode for this case (258)."""
    sc = toy_scenario([web([1000, 1200], image_pull_s=60)])
    sc = sc.model_copy(update={"simulation": sc.simulation.model_copy(update={"packing": "incremental"})})
    out = simulate_scenario(sc)
    assert out["nodes_ready"][251:253].tolist() == [5, 6]
    assert out["ready_pods"][257:259, 0].tolist() == [20, 24]


# --- failed scale-ups ----------------------------------------------------------------------------
def _stockout(**cluster):
    """As above, but the cloud has no node from hour 1 for 20 min (steps 240-319)."""
    return toy_scenario([web([1000, 1200])], scale_up_failures=[{"start_hour": 1, "duration_s": 1200}], **cluster)


def test_a_node_that_never_comes_up_times_out_and_the_group_backs_off():
    """Step 240: the 6th node is requested in the stockout and never registers; it stays upcoming
    (Provisioning, nothing more requested) until the request is older than --max-node-provision-time:
    (k - 240) * 15 > 900 first at k = 301, when it is deleted and the group backed off for the initial
    300 s: backoffUntil = 4515 + 300 = 4815 s, After(now) until step 320 (4800 s). Step 321: a new
    request, outside the window: ready 12 steps later (333), its pods ready 2 steps after (335)."""
    engine, reference = run_both(_stockout())
    reason = reference["node_reason_code"]
    assert reason[240] == SCALE_UP and set(reason[241:301].tolist()) == {PROVISIONING}
    assert reference["nodes_requested"][299:302].tolist() == [6, 6, 5]
    assert set(reason[301:321].tolist()) == {BACKOFF} and reason[321] == SCALE_UP
    assert reference["nodes_ready"][332:334].tolist() == [5, 6]
    assert reference["ready_pods"][334:336, 0].tolist() == [20, 24]
    assert reference["pending_pods"][300, 0] == 4
    assert_same(engine, reference)


def test_the_backoff_doubles_after_each_failure_up_to_the_maximum():
    """A 3-hour stockout from hour 1 (4 hours in all): failures at 301 (backoff 300 s), then retries at
    321, timing out at 382 (600 s: the last backoff had ended, so doubled), retry 422, out at 483
    (1200 s), retry 563, out at 624 (1800 s: the maximum, not 2400), retry 744, and so on. The scale-up
    steps are where a backoff ended: k = timeout + backoff / 15 + 1."""
    sc = toy_scenario([web([1000, 1200, 1200, 1200])], hours=4,
                      scale_up_failures=[{"start_hour": 1, "duration_s": 3 * 3600}])
    engine, reference = run_both(sc)
    ups = [k for k, r in enumerate(reference["node_reason_code"].tolist()) if r == SCALE_UP][:5]
    assert ups == [240, 321, 422, 563, 744]
    assert_same(engine, reference)


def test_fluid_mode_times_out_and_backs_off_alike():
    sc = _stockout()
    sc = sc.model_copy(update={"simulation": sc.simulation.model_copy(update={"packing": "incremental"})})
    out = simulate_scenario(sc)
    reason = out["node_reason_code"]
    assert reason[240] == SCALE_UP and set(reason[301:321].tolist()) == {BACKOFF} and reason[321] == SCALE_UP
    assert out["nodes_requested"][299:302].tolist() == [6, 6, 5]
    assert out["ready_pods"][334:336, 0].tolist() == [20, 24]


def test_upstream_exponential_backoff_cases():
    """exponential_backoff_test.go, in seconds: TestMaxBackoff (initial 1 min, max 3 min) and
    TestBackoffTwoKeys (initial 10 min; one key: a backoff at 1 min holds at 2 min, not at 11)."""
    b = ca.register_failed_scale_up(None, 0, 60, 180, 3 * 3600)
    assert ca.is_backed_off(b, 0) and not ca.is_backed_off(b, 60)
    b = ca.register_failed_scale_up(b, 60, 60, 180, 3 * 3600)
    assert ca.is_backed_off(b, 60) and not ca.is_backed_off(b, 180)
    b = ca.register_failed_scale_up(b, 180, 60, 180, 3 * 3600)
    assert ca.is_backed_off(b, 180) and not ca.is_backed_off(b, 360)
    two = ca.register_failed_scale_up(None, 60, 600, 3600, 3 * 3600)
    assert ca.is_backed_off(two, 120) and not ca.is_backed_off(two, 660)
    assert not ca.is_backed_off(None, 0)


def test_a_failure_long_after_the_last_starts_again_at_the_initial_backoff():
    """RemoveStaleBackoffData: an entry whose last failure is more than the reset timeout (3 h) old is
    dropped, so the next backoff is the initial one; within it, an expired backoff doubles (up to max)."""
    b = ca.register_failed_scale_up(None, 0, 300, 1800, 10800)
    assert ca.register_failed_scale_up(b, 1000, 300, 1800, 10800).duration_s == 600
    assert ca.register_failed_scale_up(b, 10801, 300, 1800, 10800).duration_s == 300
    assert ca.register_failed_scale_up(b, 100, 300, 1800, 10800).duration_s == 300  # still backing off: kept
    big = ca.Backoff(until_s=100, duration_s=1500, last_failure_s=0)
    assert ca.register_failed_scale_up(big, 200, 300, 1800, 10800).duration_s == 1800


def test_scale_up_times_out_strictly_after_the_max_provision_time():
    """ExpectedAddTime.Before(now): a request exactly 900 s old has not timed out."""
    assert not ca.scale_up_timed_out(0, 900, 900)
    assert ca.scale_up_timed_out(0, 901, 900)


# --- the capacity drill --------------------------------------------------------------------------
def test_capacity_drill_equals_a_scale_up_failure_window_in_the_scenario():
    """A capacity drill at hour 1 is the same run as the scenario with a scale_up_failures window there:
    its unserved requests are that run's shortfall minus the plain run's (both summed by hand from
    simulate_scenario's per-step shortfall x 15 s). 1000 then 2400 rps: 20 pods serve 2000 rps at
    100 %, so the 400 rps above wait for the new nodes, which the outage delays by its length plus
    the timeout and backoff. As-Is runs a fixed fleet: n/a."""
    from planner import drills

    base = toy_scenario([web([1000, 2400, 2400])], hours=3)
    data = base.model_dump(mode="json")
    drill = validate_scenario({**data, "drills": {"kinds": ["capacity"], "hours": [1], "capacity_outage_s": 1200}})
    row = drills.run_drills(drill, None, None).frame.iloc[0]
    window = validate_scenario({**data, "cluster": {**data["cluster"],
                                                    "scale_up_failures": [{"start_hour": 1, "duration_s": 1200}]}})
    by_hand = (simulate_scenario(window)["shortfall_requests_per_s"].sum()
               - simulate_scenario(base)["shortfall_requests_per_s"].sum()) * 15
    assert by_hand > 400 * 60 * 15  # at least the hour of timeout and backoff at 400 rps short
    assert row.kind == "capacity" and row.tobe_dropped_requests == pytest.approx(by_hand)
    assert row.asis_dropped_requests is None or row.asis_dropped_requests != row.asis_dropped_requests
    assert row.tobe_recover_s > 900
