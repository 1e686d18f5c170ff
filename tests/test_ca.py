"""The pure node autoscaler (planner.ca), table-driven, with the cases of cluster-autoscaler's own tests.

Upstream (kubernetes/autoscaler, cluster-autoscaler):
* ``core/scaledown/unneeded/nodes_test.go`` ``TestUpdate``: a node that stays unneeded keeps the
  time it first became unneeded; one that stops being unneeded loses it; nodes newly unneeded get
  the new time ("added then deleted", "single one remaining", "single one older");
* ``TestRemovableAt``: the node group's min size bounds how many nodes go ("min size is reached");
* ``core/static_autoscaler.go`` ``isScaleDownInCooldown``: ``lastScaleUpTime.Add(ScaleDownDelayAfterAdd).After(now)``;
* ``unneeded/nodes.go`` ``RemovableAt``: ``unneededSince.Add(unneededTime).Before(now)`` (strictly later).
Expected values are worked out by hand in each row's id.
"""

import math

import pytest

from planner import ca

UNNEEDED_S = 600.0


def settings(**kw) -> ca.Settings:
    base = dict(spare_nodes=0, min_nodes=1, max_nodes=100, scale_down_unneeded_s=UNNEEDED_S,
                scale_down_delay_after_add_s=0.0, scale_down_utilization_threshold_frac=0.5,
                max_scale_down_parallelism=10)
    return ca.Settings(**{**base, **kw})


def loop(t, ready, used_nodes, history, st=None, packed=1, requested=None, last_up=-math.inf):
    """One autoscaler loop where the pods' requests amount to ``used_nodes`` nodes (alloc = 1000m)."""
    st = st or settings()
    return ca.decide(time_s=t, packed_nodes=packed, nodes_ready=ready,
                     nodes_requested=ready if requested is None else requested,
                     cpu_requested_millicores=used_nodes * 1000.0, memory_requested_mib=0.0,
                     alloc_cpu_millicores=1000.0, alloc_memory_mib=1000.0, settings=st,
                     last_scale_up_s=last_up, unneeded=history)


@pytest.mark.parametrize("excess_t0, excess_t1, removable_at", [
    # TestUpdate "added then deleted": 3 unneeded at 0 s, none at 60 s: the timers are gone, so at
    # 661 s (more than 600 s after 0 s) nothing may go: the min over the window includes the 0 at 60 s
    pytest.param(3, 0, {661: 0}, id="added_then_deleted"),
    # "single one remaining": 3 at 0 s, 1 at 60 s: the remaining node keeps its 0 s timer -> 1 at 601 s
    pytest.param(3, 1, {600: 0, 601: 1}, id="single_one_remaining"),
    # "single one older": 1 at 0 s, 3 at 60 s: the old one goes at 601 s, the two new ones at 661 s
    pytest.param(1, 3, {601: 1, 661: 2}, id="single_one_older"),
])
def test_unneeded_timers_follow_update(excess_t0, excess_t1, removable_at):
    history = ((0.0, excess_t0), (60.0, excess_t1))
    for t, want in sorted(removable_at.items()):
        d = loop(float(t), ready=1 + excess_t1, used_nodes=0.1, history=history)
        assert d.remove == want, (t, d)
        if d.remove:
            history = d.unneeded  # the nodes left keep their timers


def test_removable_strictly_after_the_unneeded_time():
    """``unneededSince.Add(unneededTime).Before(now)``: at exactly 600 s after the first unneeded
    evaluation nothing goes; one step later (615 s) the node goes."""
    history = tuple((float(t), 1) for t in range(0, 600, 15))
    at_600 = loop(600.0, ready=2, used_nodes=0.1, history=history)
    assert (at_600.remove, at_600.reason) == (0, "ScaleDownUnneededWait")
    at_615 = loop(615.0, ready=2, used_nodes=0.1, history=at_600.unneeded)
    assert (at_615.remove, at_615.reason) == (1, "ScaleDown")


def test_min_size_bounds_the_removal():
    """TestRemovableAt "min size is reached": 5 ready nodes, almost idle, min_nodes 3: needed =
    max(min 3, packed 1) = 3, so at most 5 - 3 = 2 nodes are unneeded."""
    st = settings(min_nodes=3)
    history = ((0.0, 2),)
    d = loop(700.0, ready=5, used_nodes=0.2, history=history, st=st)
    assert (d.nodes_needed, d.remove, d.reason) == (3, 2, "ScaleDown")


@pytest.mark.parametrize("t, reason, remove", [
    pytest.param(599.0, "ScaleDownDelayAfterAdd", 0, id="inside_cooldown"),  # 0 + 600 > 599
    pytest.param(600.0, "ScaleDown", 1, id="cooldown_over_at_600"),  # 0 + 600 > 600 is false
])
def test_scale_down_delay_after_add(t, reason, remove):
    st = settings(scale_down_unneeded_s=0.0, scale_down_delay_after_add_s=600.0)
    d = loop(t, ready=2, used_nodes=0.1, history=((t - 15.0, 1),), st=st, last_up=0.0)
    assert (d.reason, d.remove) == (reason, remove)


def test_parallelism_caps_each_loop_and_the_rest_keep_their_timers():
    """15 nodes unneeded for over 600 s, --max-scale-down-parallelism 10: 10 go now, and the 5 left
    are still past their unneeded time, so they go at the next loop."""
    history = ((0.0, 15), (300.0, 15))
    first = loop(615.0, ready=16, used_nodes=0.1, history=history)
    assert (first.remove, first.reason) == (10, "ScaleDown")
    second = loop(630.0, ready=6, used_nodes=0.1, history=first.unneeded)
    assert (second.remove, second.reason) == (5, "ScaleDown")


@pytest.mark.parametrize("ready, used, threshold, excess", [
    pytest.param(4, 1.9, 0.5, 1, id="keep_floor_1.9_over_0.5_=3"),
    pytest.param(4, 2.0, 0.5, 0, id="at_threshold_nothing_unneeded"),  # floor(2.0/0.5) = 4 kept
    pytest.param(10, 0.0, 0.5, 9, id="idle_keeps_needed_only"),  # keep max(needed 1, 0)
])
def test_utilization_threshold(ready, used, threshold, excess):
    assert ca.excess_nodes(ready, 1, used, threshold) == excess


def test_scale_up_loop_does_not_evaluate_scale_down():
    """static_autoscaler.go RunOnce returns after a scale-up: the unneeded history is untouched."""
    history = ((0.0, 2),)
    d = loop(700.0, ready=4, used_nodes=0.1, history=history, packed=6)
    assert (d.add, d.remove, d.reason, d.unneeded) == (6 - 4, 0, "ScaleUp", history)


def test_max_nodes_reached_and_provisioning():
    st = settings(max_nodes=5)
    at_max = loop(15.0, ready=5, used_nodes=4.9, history=(), st=st, packed=7)
    assert (at_max.nodes_needed, at_max.add, at_max.reason) == (5, 0, "MaxNodesReached")
    waiting = loop(15.0, ready=3, used_nodes=2.9, history=(), packed=5, requested=5)
    assert (waiting.add, waiting.reason) == (0, "Provisioning")


def test_reason_codes_are_the_engine_codes():
    from planner.engine import NODE_REASONS

    assert NODE_REASONS == ca.REASONS
