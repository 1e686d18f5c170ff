"""The HPA decision against upstream Kubernetes behaviour.

Upstream: kubernetes/kubernetes ``pkg/controller/podautoscaler/replica_calculator.go`` and its
``replica_calculator_test.go`` (``TestReplicaCalc*``), ``horizontal.go`` and ``horizontal_test.go``
(``TestScalingWithRules``, ``TestCalculateScaleUpLimitWithScalingRules``,
``TestCalculateScaleDownLimitWithBehaviors``, ``TestNormalizeDesiredReplicas``, ``TestScaleUp*``,
``TestScaleDown*``, ``TestToleranceCPU``), ``metrics/utilization.go``. Rows named after an upstream
test are adapted from it (pods with equal requests, times explicit); the expected numbers are
worked out by hand in the comments, never taken from the code.
"""

from __future__ import annotations

import pytest

from planner.hpa import (
    AVERAGE_VALUE, DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, REASONS, UTILIZATION,
    MetricObservation, Policy, Rules, cpu_usage_total_millicores, decide, limit_rate, metric_proposal, milli_value,
    rate_limit_down, rate_limit_up, stabilize, utilization_percent,
)

T = 1000.0  # "now" [s] for rows that need a history before it


def cpu(usage_total_millicores, target_pct=70, request_millicores=1000.0):
    return MetricObservation("cpu", UTILIZATION, usage_total_millicores, target_pct, request_millicores)


def rules(*policies, window_s=0, select="Max", tolerance=None):
    return Rules(window_s, select, tuple(Policy(*p) for p in policies), tolerance)


def test_reason_codes_are_stable():
    assert REASONS == ("Steady", "ScaledUp", "ScaledDown", "WithinTolerance", "NoReadyPods", "AwaitingReadyPods",
                       "ScaleUpStabilized", "ScaleDownStabilized", "ScaleUpLimit", "ScaleDownLimit",
                       "TooManyReplicas", "TooFewReplicas", "ScalingDisabled", "CPUInitialization")


@pytest.mark.parametrize("usage, requests_total, expected", [
    pytest.param(100, 300, 33, id="100m_over_300m_is_33pct_not_33.3"),
    pytest.param(5760, 8000, 72, id="8_pods_at_720m_of_1000m"),
    pytest.param(1400, 5000, 28, id="TestReplicaCalcScaleDown_28pct"),
    pytest.param(350, 500, 70, id="float_0.7_times_100_is_70"),
    pytest.param(699.9, 1000, 69, id="truncated_not_rounded"),
])
def test_utilization_percent_truncates(usage, requests_total, expected):
    assert utilization_percent(usage, requests_total) == expected


# (kind, usage_total, ready, unready, spec, target, tol_up, tol_down, request) -> (replicas, reason)
@pytest.mark.parametrize("args, expected", [
    # 8 pods at 72 % vs 70 %: ratio 1.029 is inside [0.9, 1.1] -> no ninth pod
    pytest.param((UTILIZATION, 5760, 8, 0, 8, 70, 0.1, 0.1, 1000), (8, "WithinTolerance"), id="tolerance_band_72_vs_70"),
    # without the band it would be ceil(1.0286 * 8) = 9: a 2 % scale-up tolerance lets it through
    pytest.param((UTILIZATION, 5760, 8, 0, 8, 70, 0.02, 0.1, 1000), (9, "ScaledUp"), id="per_direction_tolerance_up"),
    # 80 %: 1.143 > 1.1 -> ceil(1.143 * 8) = ceil(9.14) = 10
    pytest.param((UTILIZATION, 6400, 8, 0, 8, 70, 0.1, 0.1, 1000), (10, "ScaledUp"), id="above_band_80_vs_70"),
    # 60 %: 0.857 < 0.9 -> ceil(0.857 * 8) = ceil(6.86) = 7 ...
    pytest.param((UTILIZATION, 4800, 8, 0, 8, 70, 0.1, 0.1, 1000), (7, "ScaledDown"), id="below_band_60_vs_70"),
    # ... unless the scale-down tolerance is 20 %: 0.857 >= 0.8
    pytest.param((UTILIZATION, 4800, 8, 0, 8, 70, 0.1, 0.2, 1000), (8, "WithinTolerance"), id="per_direction_tolerance_down"),
    # 10 pods, 779 m of 1000 m: 77.9 % truncates to 77 %, 77/70 = 1.1 is inside the band (77.9 % would give 12)
    pytest.param((UTILIZATION, 779, 10, 0, 10, 70, 0.1, 0.1, 100), (10, "WithinTolerance"), id="truncation_keeps_ratio_in_band"),
    # TestReplicaCalcScaleUp: levels 300+500+700 of 3 x 1000 m = 50 %, target 30: ceil(50/30 * 3) = 5
    pytest.param((UTILIZATION, 1500, 3, 0, 3, 30, 0.1, 0.1, 1000), (5, "ScaledUp"), id="TestReplicaCalcScaleUp"),
    # TestReplicaCalcScaleDown: 28 % vs 50 %: ceil(0.56 * 5) = ceil(2.8) = 3
    pytest.param((UTILIZATION, 1400, 5, 0, 5, 50, 0.1, 0.1, 1000), (3, "ScaledDown"), id="TestReplicaCalcScaleDown"),
    # TestReplicaCalcTolerance: 3060 of 3000 m = 102 % vs 100 %
    pytest.param((UTILIZATION, 3060, 3, 0, 3, 100, 0.1, 0.1, 1000), (3, "WithinTolerance"), id="TestReplicaCalcTolerance"),
    # TestReplicaCalcScaleUpUnreadyLessScale: ready 500+700 of 2000 m = 60 %, ratio 2 > 1 with 1 unready:
    # unready at 0 usage -> 1200/3000 = 40 %, 40/30 = 1.33 -> ceil(1.33 * 3) = 4 (not ceil(2 * 3) = 6)
    pytest.param((UTILIZATION, 1200, 2, 1, 3, 30, 0.1, 0.1, 1000), (4, "ScaledUp"), id="TestReplicaCalcScaleUpUnreadyLessScale"),
    # TestReplicaCalcScaleUpUnreadyNoScale: 1 ready at 40 % (ratio 1.33), 2 unready: 400/3000 = 13 % -> 0.43 < 1,
    # the direction would flip -> keep 3
    pytest.param((UTILIZATION, 400, 1, 2, 3, 30, 0.1, 0.1, 1000), (3, "AwaitingReadyPods"), id="TestReplicaCalcScaleUpUnreadyNoScale"),
    # 4 ready at 80 % (1.14), 1 starting: 3200/5000 = 64 %, 64/70 = 0.914 is inside the band -> hold
    pytest.param((UTILIZATION, 3200, 4, 1, 5, 70, 0.1, 0.1, 1000), (5, "AwaitingReadyPods"), id="unready_brings_ratio_into_band"),
    # TestReplicaCalcScaleDownExcludeUnreadyPods: scale-down ignores unready pods: 3 ready at 900/3000 = 30 %,
    # 30/50 = 0.6 -> ceil(0.6 * 3) = 2 (ready pods, not spec)
    pytest.param((UTILIZATION, 900, 3, 2, 5, 50, 0.1, 0.1, 1000), (2, "ScaledDown"), id="TestReplicaCalcScaleDownExcludeUnreadyPods"),
    # TestReplicaCalcScaleUpCM: pods metric 20+10+30 / 3 = 20 per pod vs 15: ceil(1.33 * 3) = 4
    pytest.param((AVERAGE_VALUE, 60, 3, 0, 3, 15, 0.1, 0.1, 0), (4, "ScaledUp"), id="TestReplicaCalcScaleUpCM"),
    # average value with 2 unready: 60/5 = 12 per pod vs 15 -> 0.8 < 1: flips -> hold
    pytest.param((AVERAGE_VALUE, 60, 3, 2, 5, 15, 0.1, 0.1, 0), (5, "AwaitingReadyPods"), id="average_value_unready_flip"),
    # no ready pod: no metrics (an error upstream) -> keep spec
    pytest.param((UTILIZATION, 0, 0, 4, 4, 70, 0.1, 0.1, 1000), (4, "NoReadyPods"), id="no_ready_pods"),
    # with no tolerance, exactly at target is still "within"
    pytest.param((UTILIZATION, 1500, 3, 0, 3, 50, 0.0, 0.0, 1000), (3, "WithinTolerance"), id="zero_tolerance_at_target"),
    # 20 pods at 48 % vs 50 % with 1 % tolerance: outside, but ceil(0.96 * 20) = ceil(19.2) = 20 pods again
    pytest.param((UTILIZATION, 9600, 20, 0, 20, 50, 0.01, 0.01, 1000), (20, "Steady"), id="outside_band_same_count"),
])
def test_metric_proposal(args, expected):
    kind, usage, ready, unready, spec, target, tol_up, tol_down, request = args
    assert metric_proposal(kind, usage, ready, unready, spec, target, tol_up, tol_down, request) == expected


@pytest.mark.parametrize("proposal, spec, recs, up_s, down_s, expected", [
    # TestNormalizeDesiredReplicas "stabilize": 4 and 5 in the last 5 min, proposal 3 -> hold at 5
    pytest.param(3, 5, [(T - 120, 4), (T - 60, 5)], 0, 300, (5, "ScaleDownStabilized"), id="stabilize"),
    # ... and with spec 4 the highest recent recommendation (5) is above spec: stay at 4
    pytest.param(3, 4, [(T - 120, 4), (T - 60, 5)], 0, 300, (4, "ScaleDownStabilized"), id="stabilize_never_above_spec"),
    pytest.param(3, 2, [(T - 120, 1), (T - 60, 2)], 0, 300, (3, None), id="no_stabilize"),
    pytest.param(3, 3, [(T - 600, 10), (T - 540, 9)], 0, 300, (3, None), id="no_stabilize_old_recommendations"),
    # "stabilize - old recommendations": 10 and 9 are too old, 4 and 5 count
    pytest.param(3, 5, [(T - 600, 10), (T - 60, 4), (T - 120, 5), (T - 540, 9)], 0, 300, (5, "ScaleDownStabilized"),
                 id="stabilize_old_recommendations"),
    # timestamp.After(now - window): a recommendation exactly 300 s old no longer counts
    pytest.param(3, 8, [(T - 300, 8)], 0, 300, (3, None), id="exactly_window_old_not_counted"),
    pytest.param(3, 8, [(T - 285, 8)], 0, 300, (8, "ScaleDownStabilized"), id="inside_window_counted"),
    # scale-up window 60 s: the lowest recent recommendation (2) caps the scale-up
    pytest.param(4, 2, [(T - 30, 2)], 60, 300, (2, "ScaleUpStabilized"), id="scale_up_window_60s"),
    pytest.param(4, 2, [(T - 30, 3)], 60, 300, (3, "ScaleUpStabilized"), id="scale_up_window_partial"),
    pytest.param(4, 2, [(T - 30, 2)], 0, 300, (4, None), id="scale_up_window_0_no_effect"),
])
def test_stabilize(proposal, spec, recs, up_s, down_s, expected):
    assert stabilize(proposal, spec, T, recs, up_s, down_s) == expected


def events(changes, ages_s):
    return [(T - a, c) for c, a in zip(changes, ages_s)]


# upstream generateEventsUniformDistribution([1, 5, 9], 120) puts the events 100, 60 and 20 s ago
UP_1_5_9 = events([1, 5, 9], [100, 60, 20])
DOWN_1_5_9 = events([-1, -5, -9], [100, 60, 20])
DOWN_2_4_6 = events([-2, -4, -6], [100, 60, 20])
DOWN_10_10_10 = events([-10, -10, -10], [100, 60, 20])


# (stabilized, spec, min, max, events, up rules, down rules) -> (desired, reason); rows from TestScalingWithRules
@pytest.mark.parametrize("stabilized, spec, lo, hi, evs, up, down, expected", [
    pytest.param(7, 5, 3, 8, [], DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, (7, None), id="within_range"),
    pytest.param(1, 3, 2, 8, [], DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, (2, "TooFewReplicas"), id="below_min"),
    # limit max(20 + 4, 2 * 20) = 40 > max 10: TooManyReplicas
    pytest.param(1000, 20, 1, 10, [], DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, (10, "TooManyReplicas"), id="max_below_scale_up_limit"),
    pytest.param(1000, 100, 100, 150, [], DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, (150, "TooManyReplicas"), id="more_than_max"),
    # Percent 1 / 60 s: ceil(3 * 1.01) = 4
    pytest.param(1000, 3, 1, 2000, [], rules(("Percent", 1, 60)), DEFAULT_SCALE_DOWN, (4, "ScaleUpLimit"), id="percent_1_rounds_up"),
    pytest.param(3, 1000, 3, 2000, [], DEFAULT_SCALE_UP, rules(("Pods", 20, 60)), (980, "ScaleDownLimit"), id="scale_down_pods_20"),
    # defaults from 10: max(10 + 4, 2 * 10) = 20
    pytest.param(50, 10, 1, 1000, [], DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, (20, "ScaleUpLimit"), id="scale_up_default_behavior"),
    pytest.param(500, 10, 1, 1000, [], rules(("Pods", 100, 60), ("Percent", 100, 60)), DEFAULT_SCALE_DOWN,
                 (110, "ScaleUpLimit"), id="pods_policy_larger_than_percent"),
    pytest.param(500, 10, 1, 1000, [], rules(("Pods", 2, 60), ("Percent", 100, 60)), DEFAULT_SCALE_DOWN,
                 (20, "ScaleUpLimit"), id="percent_policy_larger_than_pods"),
    pytest.param(50, 10, 1, 1000, [], rules(("Pods", 100, 60)), DEFAULT_SCALE_DOWN, (50, None), id="large_pod_policy_not_binding"),
    pytest.param(50, 10, 1, 1000, [], rules(("Pods", 30, 60)), DEFAULT_SCALE_DOWN, (40, "ScaleUpLimit"), id="pod_policy_limit"),
    pytest.param(50, 10, 1, 1000, [], rules(("Percent", 200, 60)), DEFAULT_SCALE_DOWN, (30, "ScaleUpLimit"), id="percent_policy_limit"),
    # down: Max selects the largest change = the smallest limit: min(100 - 20, int(100 * 0.99)) = 80
    pytest.param(2, 100, 1, 1000, [], DEFAULT_SCALE_UP, rules(("Pods", 20, 60), ("Percent", 1, 60)),
                 (80, "ScaleDownLimit"), id="down_pods_larger_than_percent"),
    pytest.param(2, 100, 1, 1000, [], DEFAULT_SCALE_UP, rules(("Pods", 2, 60), ("Percent", 1, 60)),
                 (98, "ScaleDownLimit"), id="down_percent_larger_than_pods"),
    pytest.param(0, 10, 1, 1000, [], DEFAULT_SCALE_UP, rules(("Pods", 100, 60)), (1, "TooFewReplicas"), id="down_large_pod_policy_min"),
    # Percent 100: int(10 * 0) = 0 < min 5
    pytest.param(2, 10, 5, 1000, [], DEFAULT_SCALE_UP, rules(("Percent", 100, 60)), (5, "TooFewReplicas"), id="down_large_percent_min"),
    pytest.param(2, 10, 1, 1000, [], DEFAULT_SCALE_UP, rules(("Pods", 5, 60)), (5, "ScaleDownLimit"), id="down_pod_policy_limit"),
    pytest.param(5, 10, 1, 1000, [], DEFAULT_SCALE_UP, rules(("Percent", 50, 60)), (5, None), id="down_percent_not_binding"),
    # with events 100, 60, 20 s ago: all three are inside 120 s (+15), only the 20 s one inside 60 s
    pytest.param(500, 100, 1, 200, UP_1_5_9, rules(("Pods", 300, 60)), DEFAULT_SCALE_DOWN, (200, "TooManyReplicas"),
                 id="events_max_limits_large_pod_policy"),
    pytest.param(500, 100, 1, 1000, UP_1_5_9, rules(("Pods", 5, 120)), DEFAULT_SCALE_DOWN, (100, "ScaleUpLimit"),
                 id="events_leave_no_room"),  # 100 - 15 + 5 = 90 < 100: stay at 100
    pytest.param(500, 100, 1, 1000, UP_1_5_9, rules(("Pods", 150, 120)), DEFAULT_SCALE_DOWN, (235, "ScaleUpLimit"),
                 id="events_pod_policy"),  # 100 - 15 + 150
    pytest.param(500, 100, 1, 1000, UP_1_5_9, rules(("Percent", 200, 120)), DEFAULT_SCALE_DOWN, (255, "ScaleUpLimit"),
                 id="events_percent_policy"),  # (100 - 15) * 3
    # only the event 20 s ago is inside 60 s: 100 - 9 + 60 = 151
    pytest.param(500, 100, 1, 1000, UP_1_5_9, rules(("Pods", 60, 60)), DEFAULT_SCALE_DOWN, (151, "ScaleUpLimit"),
                 id="event_exactly_period_old_not_counted"),
    pytest.param(5, 10, 1, 1000, DOWN_1_5_9, DEFAULT_SCALE_UP, DEFAULT_SCALE_DOWN, (5, None), id="down_default_with_events"),
    pytest.param(0, 100, 1, 1000, DOWN_1_5_9, DEFAULT_SCALE_UP, rules(("Pods", 115, 120)), (1, "TooFewReplicas"),
                 id="down_events_min_1"),
    pytest.param(0, 100, 5, 1000, DOWN_1_5_9, DEFAULT_SCALE_UP, rules(("Pods", 130, 120)), (5, "TooFewReplicas"),
                 id="down_events_min_5"),
    pytest.param(2, 100, 1, 1000, DOWN_1_5_9, DEFAULT_SCALE_UP, rules(("Pods", 5, 120)), (100, "ScaleDownLimit"),
                 id="down_events_pod_policy"),  # 100 + 15 - 5 = 110 > 100: stay
    pytest.param(0, 100, 1, 1000, DOWN_2_4_6, DEFAULT_SCALE_UP, rules(("Percent", 50, 120)), (56, "ScaleDownLimit"),
                 id="down_events_percent_policy"),  # int((100 + 12) * 0.5)
    pytest.param(0, 100, 1, 1000, DOWN_10_10_10, DEFAULT_SCALE_UP, rules(("Percent", 10, 120)), (100, "ScaleDownLimit"),
                 id="down_events_prevent_more"),  # int(130 * 0.9) = 117 > 100
    pytest.param(5, 10, 1, 1000, DOWN_10_10_10, DEFAULT_SCALE_UP, rules(("Percent", 1000, 120)), (5, None),
                 id="down_events_still_allow"),  # int(40 * -9) = -360: min 1 applies, 5 is within
    # selectPolicy Min: smallest change. Up from 10: min(14, 20) = 14; down from 10: max(10 - 2, int(10 * 0.5)) = 8
    pytest.param(50, 10, 1, 1000, [], rules(("Pods", 4, 15), ("Percent", 100, 15), select="Min"), DEFAULT_SCALE_DOWN,
                 (14, "ScaleUpLimit"), id="select_min_up"),
    pytest.param(1, 10, 1, 1000, [], DEFAULT_SCALE_UP, rules(("Pods", 2, 15), ("Percent", 50, 15), select="Min"),
                 (8, "ScaleDownLimit"), id="select_min_down"),
    # Disabled: no change in that direction
    pytest.param(20, 10, 1, 100, [], rules(select="Disabled"), DEFAULT_SCALE_DOWN, (10, "ScaleUpLimit"), id="disabled_up"),
    pytest.param(5, 10, 1, 100, [], DEFAULT_SCALE_UP, rules(select="Disabled"), (10, "ScaleDownLimit"), id="disabled_down"),
    pytest.param(5, 10, 10, 100, [], DEFAULT_SCALE_UP, rules(select="Disabled"), (10, "TooFewReplicas"),
                 id="disabled_down_at_min"),
])
def test_limit_rate(stabilized, spec, lo, hi, evs, up, down, expected):
    assert limit_rate(stabilized, spec, lo, hi, T, evs, up, down) == expected


def test_calculate_limits_with_min_policy_upstream():
    # TestCalculateScaleUpLimitWithScalingRules: from 1, Min of {2 pods, 50 %} per 60 s: min(3, ceil(1.5)) = 2
    up = rules(("Pods", 2, 60), ("Percent", 50, 60), window_s=300, select="Min")
    assert rate_limit_up(1, T, [], up) == 2
    # TestCalculateScaleDownLimitWithBehaviors: from 5: max(5 - 2, int(5 * 0.5)) = 3
    assert rate_limit_down(5, T, [], up) == 3


def _scale_up_run(proposal_total, steps, up=DEFAULT_SCALE_UP, spec=1, max_replicas=100):
    """Every pod ready at once; an average-value metric whose total asks for ``proposal_total`` pods."""
    recs, evs, out = ((0.0, spec),), (), []
    for k in range(steps):
        m = MetricObservation("rps", AVERAGE_VALUE, float(proposal_total), 1.0)
        d = decide(time_s=15.0 * k, spec_replicas=spec, ready_pods=spec, min_replicas=1, max_replicas=max_replicas,
                   metrics=[m], tolerance_frac=0.1, scale_up=up, recommendations=recs, scale_events=evs)
        recs, evs, spec = d.recommendations, d.scale_events, d.desired_replicas
        out.append((spec, d.reason))
    return out


def test_default_scale_up_1_5_10_20_40_50():
    # t=0: max(1 + 4, 2 * 1) = 5; t=15: the event at t=0 is exactly 15 s old and no longer counts:
    # max(5 + 4, 10) = 10; then 20, 40; t=60: limit 80 > 50 asked -> 50; then 50/50 = 1.0 per pod
    assert _scale_up_run(50, 6) == [(5, "ScaleUpLimit"), (10, "ScaleUpLimit"), (20, "ScaleUpLimit"),
                                    (40, "ScaleUpLimit"), (50, "ScaledUp"), (50, "WithinTolerance")]


def test_four_pods_per_60s_with_15s_syncs():
    # Pods 4 / 60 s from 2: 6 at t=0, held while that event is inside the period (t=15, 30, 45),
    # t=60: the event is exactly 60 s old -> period start 6 -> 10
    up = rules(("Pods", 4, 60))
    got = [s for s, _ in _scale_up_run(100, 9, up=up, spec=2)]
    assert got == [6, 6, 6, 6, 10, 10, 10, 10, 14]
    assert [r for _, r in _scale_up_run(100, 2, up=up, spec=2)] == ["ScaleUpLimit", "ScaleUpLimit"]


def test_scale_down_held_300s_then_one_step():
    # 10 pods at 70 % until t=0, then 21 % (2100 m of 10 x 1000 m): proposal ceil(0.3 * 10) = 3.
    # The last recommendation of 10 (t=0) counts while 0 > t - 300: held through t=285.
    # At t=300: 3; the rate limit (100 % per 15 s) allows 0, min 2 does not bind.
    recs, evs, spec = tuple((float(t), 10) for t in range(-300, 1, 15)), (), 10
    got = {}
    for t in range(15, 331, 15):
        d = decide(time_s=float(t), spec_replicas=spec, ready_pods=spec, min_replicas=2, max_replicas=20,
                   metrics=[cpu(2100.0 * spec / 10)], tolerance_frac=0.1, recommendations=recs, scale_events=evs)
        recs, evs, spec = d.recommendations, d.scale_events, d.desired_replicas
        got[t] = (spec, d.reason)
    assert all(got[t] == (10, "ScaleDownStabilized") for t in range(15, 300, 15))
    assert got[300] == (3, "ScaledDown")
    # 3 pods at 630 m = 21 % of 3000 m: proposal ceil(0.3 * 3) = 1, but the proposals of 3 of the
    # last 300 s hold it at 3
    assert got[315] == (3, "ScaleDownStabilized")


def base_decide(**kw):
    args = dict(time_s=T, spec_replicas=10, ready_pods=10, min_replicas=2, max_replicas=40, metrics=[cpu(7000)],
                tolerance_frac=0.1)
    args.update(kw)
    return decide(**args)


@pytest.mark.parametrize("kw, expected", [
    # spec above max is corrected before any metric is read, even with no ready pod
    pytest.param(dict(spec_replicas=25, max_replicas=20, ready_pods=0), (20, 20, "TooManyReplicas"), id="spec_above_max_first"),
    pytest.param(dict(spec_replicas=1, min_replicas=2, ready_pods=1), (2, 2, "TooFewReplicas"), id="spec_below_min_first"),
    # 300 % of target: ceil(3 * 10) = 30; limit max(14, 20) = 20 = max -> TooManyReplicas
    pytest.param(dict(metrics=[cpu(21000)], max_replicas=20), (20, 30, "TooManyReplicas"), id="too_many_replicas"),
    # ... with max 40 the 100 % rate binds: ScaleUpLimit
    pytest.param(dict(metrics=[cpu(21000)]), (20, 30, "ScaleUpLimit"), id="scale_up_limit"),
    # 4 pods at 10 %: ceil(0.143 * 4) = 1 < min 2; no down window: TooFewReplicas
    pytest.param(dict(spec_replicas=4, ready_pods=4, metrics=[cpu(400)], scale_down=rules(("Percent", 100, 15))),
                 (2, 1, "TooFewReplicas"), id="too_few_replicas"),
    # cpu within tolerance (10) and memory at 140 % of 70 % (ceil(2 * 10) = 20): the max wins
    pytest.param(dict(metrics=[cpu(7000), MetricObservation("memory", UTILIZATION, 14000, 70, 1000)]),
                 (20, 20, "ScaledUp"), id="max_over_metrics_up"),
    # cpu within tolerance (10) and memory at 35 % (5): 10 holds
    pytest.param(dict(metrics=[cpu(7000), MetricObservation("memory", UTILIZATION, 3500, 70, 1000)]),
                 (10, 10, "WithinTolerance"), id="max_over_metrics_hold"),
    # TestScaleUpUnreadyLessScale: spec 3, 1 unready, 500+700 m ready of 1000 m, target 30 -> 4 (max 6)
    pytest.param(dict(spec_replicas=3, ready_pods=2, min_replicas=2, max_replicas=6, metrics=[cpu(1200, 30)]),
                 (4, 4, "ScaledUp"), id="TestScaleUpUnreadyLessScale"),
    # TestScaleUpUnreadyNoScale: 1 ready at 40 %, 2 unready: hold at 3
    pytest.param(dict(spec_replicas=3, ready_pods=1, min_replicas=2, max_replicas=6, metrics=[cpu(400, 30)]),
                 (3, 3, "AwaitingReadyPods"), id="TestScaleUpUnreadyNoScale"),
    # TestScaleUp: 300+500+700 of 3000 m = 50 % vs 30 %: 5 (limit 7, max 6)
    pytest.param(dict(spec_replicas=3, ready_pods=3, min_replicas=2, max_replicas=6, metrics=[cpu(1500, 30)]),
                 (5, 5, "ScaledUp"), id="TestScaleUp"),
    # TestToleranceCPU: 102 % of a 100 % target
    pytest.param(dict(spec_replicas=3, ready_pods=3, min_replicas=1, max_replicas=5, metrics=[cpu(3060, 100)]),
                 (3, 3, "WithinTolerance"), id="TestToleranceCPU"),
    # TestScaleDown (empty recommendation history): 28 % vs 50 % -> 3
    pytest.param(dict(spec_replicas=5, ready_pods=5, min_replicas=2, max_replicas=6, metrics=[cpu(1400, 50)]),
                 (3, 3, "ScaledDown"), id="TestScaleDown"),
    # TestScaleDownStabilizeInitialSize: the same, but the history holds the initial size (recordInitialRecommendation)
    pytest.param(dict(spec_replicas=5, ready_pods=5, min_replicas=2, max_replicas=6, metrics=[cpu(1400, 50)],
                      recommendations=((T, 5),)), (5, 3, "ScaleDownStabilized"), id="TestScaleDownStabilizeInitialSize"),
    pytest.param(dict(ready_pods=0), (10, 10, "NoReadyPods"), id="no_ready_pods"),
])
def test_decide(kw, expected):
    d = base_decide(**kw)
    assert (d.desired_replicas, d.raw_recommendation, d.reason) == expected


def test_decide_histories():
    # a scale-up records the proposal and a +event; nothing is mutated
    recs = ((T - 15, 10),)
    d = base_decide(metrics=[cpu(21000)], recommendations=recs)
    assert d.recommendations == ((T - 15, 10), (T, 30))
    assert d.scale_events == ((T, 10),)
    assert recs == ((T - 15, 10),)
    assert d.utilization == (2.1,)
    # guards record the change as an event but no recommendation (no metric was computed)
    g = base_decide(spec_replicas=25, max_replicas=20, recommendations=recs)
    assert g.recommendations == recs and g.scale_events == ((T, -5),)
    # no ready pod: nothing recorded (upstream returns an error before normalization)
    n = base_decide(ready_pods=0, recommendations=recs)
    assert n.recommendations == recs and n.scale_events == () and n.reason_code == REASONS.index("NoReadyPods")
    # entries too old for every window and period are dropped
    old = base_decide(recommendations=((T - 300, 99), (T - 299, 10)), scale_events=((T - 15, 2), (T - 14, 1)))
    assert old.recommendations == ((T - 299, 10), (T, 10))
    assert old.scale_events == ((T - 14, 1),)


# --- issue 13: MilliValue, groupPods per resource, invalid metrics, zero replicas -------------------
@pytest.mark.parametrize("value, expected", [
    pytest.param(166.667, 167, id="fraction_rounds_up"),
    pytest.param(120.0, 120, id="whole_stays"),
    pytest.param(120.0 + 1e-12, 120, id="float_noise_stays"),
    pytest.param(0.2, 1, id="any_usage_is_at_least_1m"),
])
def test_milli_value_rounds_up(value, expected):
    # resource.Quantity.MilliValue() rounds up (metrics/client.go getContainerMetrics sums these per pod)
    assert milli_value(value) == expected


def test_cpu_usage_is_rounded_up_per_pod_before_the_percent_is_truncated():
    # metrics/client.go (MilliValue per container) then metrics/utilization.go GetResourceUtilizationRatio
    # (integer percent). 10 pods of 100 m at 77.01 m each: the exact sum 770.1 m is 77 %, ratio 77/70 = 1.1,
    # inside the band (hold at 10); rounded up per pod it is 10 x 78 m = 780 m = 78 %, 1.114 > 1.1: ceil(11.14) = 12.
    exact = metric_proposal(UTILIZATION, 770.1, 10, 0, 10, 70, 0.1, 0.1, 100)
    rounded_usage = cpu_usage_total_millicores(10, 0.0, 7.701, 100.0)
    assert rounded_usage == 780
    assert exact == (10, "WithinTolerance")
    assert metric_proposal(UTILIZATION, rounded_usage, 10, 0, 10, 70, 0.1, 0.1, 100) == (12, "ScaledUp")
    assert cpu_usage_total_millicores(0, 50.0, 10.0, 100.0) == 0


def test_TestReplicaCalcScaleUpCMUnreadyHotCpuNoLessScale():
    # replica_calculator_test.go: 3 pods, the third not Ready and hot, Pods metric qps 50 + 10 + 30 per pod,
    # target 15. groupPods applies the readiness rules to CPU only: the unready pod with a sample counts,
    # mean 30 / 15 = 2 -> ceil(2 * 3) = 6 (treating it as unready at zero would give 4).
    qps = MetricObservation("qps", AVERAGE_VALUE, 90.0, 15.0, ready_pods=3, unready_pods=0)
    d = decide(time_s=T, spec_replicas=3, ready_pods=2, min_replicas=1, max_replicas=10, metrics=[qps],
               tolerance_frac=0.1)
    assert (d.desired_replicas, d.reason) == (6, "ScaledUp")
    # grouped the CPU way, the unready pod's sample is dropped and it counts at zero: ready 50 + 10 over
    # 2 pods = 30 (ratio 2 > 1), over 3 pods 20 (1.33): ceil(1.33 * 3) = 4, the old answer
    cpu_style = MetricObservation("qps", AVERAGE_VALUE, 60.0, 15.0, ready_pods=2, unready_pods=1)
    d4 = decide(time_s=T, spec_replicas=3, ready_pods=2, min_replicas=1, max_replicas=10, metrics=[cpu_style],
                tolerance_frac=0.1)
    assert d4.desired_replicas == 4


def test_TestGroupPods_ignore_ready_pod_without_fresh_metrics_during_initialization():
    # replica_calculator_test.go TestGroupPods "ignore a ready pod without fresh metrics during
    # initialization period", with the numbers of TestReplicaCalcScaleHotCpuNoScale: 1 cool pod at 400 m,
    # 2 Ready pods in their initialization period whose samples predate readiness -> unready for CPU:
    # 400 m of 1000 m = 40 % vs 30 % (ratio 1.33 > 1), over 3 pods 13 % (0.44 < 1): held at 3.
    obs = MetricObservation("cpu", UTILIZATION, 400.0, 30, 1000.0, ready_pods=1, unready_pods=2, ignored_pods=2)
    d = decide(time_s=T, spec_replicas=3, ready_pods=3, min_replicas=1, max_replicas=10, metrics=[obs],
               tolerance_frac=0.1)
    assert (d.desired_replicas, d.reason) == (3, "CPUInitialization")
    assert d.utilization == (0.4,)


def test_TestZeroReplicas():
    # horizontal_test.go TestZeroReplicas: spec.replicas 0, minReplicas 3 -> stays 0, ScalingDisabled,
    # no recommendation and no scale event recorded
    recs = ((T - 15, 5),)
    d = base_decide(spec_replicas=0, ready_pods=0, min_replicas=3, max_replicas=5, recommendations=recs)
    assert (d.desired_replicas, d.raw_recommendation, d.reason) == (0, 0, "ScalingDisabled")
    assert d.recommendations == recs and d.scale_events == ()


def test_TestNoScaleDownOneMetricInvalid():
    # horizontal_test.go: one metric without samples and the other proposing a scale-down -> no change
    # (computeReplicasForMetrics returns an error when some metrics are invalid and replicas < spec)
    empty = MetricObservation("memory", UTILIZATION, 0.0, 70, 1000.0, ready_pods=0, unready_pods=5)
    d = base_decide(spec_replicas=5, ready_pods=5, metrics=[cpu(1400, 50), empty])
    assert (d.desired_replicas, d.reason) == (5, "NoReadyPods")
    assert d.recommendations == ()


def test_TestScaleUpOneMetricInvalid():
    # horizontal_test.go: one metric invalid, the other scales up: the valid one is used (3 -> 4 at 40 % vs 30 %)
    empty = MetricObservation("memory", UTILIZATION, 0.0, 70, 1000.0, ready_pods=0, unready_pods=3)
    d = base_decide(spec_replicas=3, ready_pods=3, metrics=[cpu(1200, 30), empty])
    assert (d.desired_replicas, d.reason) == (4, "ScaledUp")
