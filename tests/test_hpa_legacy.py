"""An HPA without ``spec.behavior`` (``hpa.behavior: none``): the legacy path of the controller.

Upstream: kubernetes/kubernetes ``pkg/controller/podautoscaler/horizontal.go``: ``reconcileAutoscaler``
calls ``normalizeDesiredReplicas`` when ``hpa.Spec.Behavior == nil`` (API defaulting leaves it nil:
``pkg/apis/autoscaling/v2/defaults.go`` fills only a behavior that is present), which is
``stabilizeRecommendation`` (the highest recommendation not ``Before(now - window)``, the window being
``--horizontal-pod-autoscaler-downscale-stabilization``) then ``convertDesiredReplicasWithRules``
(``calculateScaleUpLimit``: ``int32(max(2 * current, 4))``, no scale-down rate limit); ``storeScaleEvent``
stores nothing. Tests mirrored from ``horizontal_test.go``: ``TestConvertDesiredReplicasWithRules``,
``TestNormalizeDesiredReplicas`` (its five cases, log length included) and the whole syncs
``TestScaleUpDeployment``, ``TestStabilizeDownscale`` (current upstream, no behavior) and ``TestUpscaleCap``
/ ``TestUpscaleCapGreaterThanMaxReplicas`` in their form before behavior existed (now they carry
``scaleUpRules``). Upstream's test package sets ``scaleUpLimitFactor = 8`` in ``init()``; rows that
depend on it are run with factor 8 (as upstream) and with the production factor 2. Every expected
value is worked out by hand in the comments.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.hpa import (DEFAULT_SCALE_DOWN, DEFAULT_SCALE_UP, DESIRED_WITHIN_RANGE, REASONS, UTILIZATION,
                         MetricObservation, convert_desired_replicas_with_rules, decide, record_legacy,
                         scale_up_limit, stabilize, stabilize_legacy)
from planner.scenario import ScenarioError, validate_scenario

T = 1000.0  # "now" [s]
W = 300  # --horizontal-pod-autoscaler-downscale-stabilization default [s]
UPSTREAM_TEST_FACTOR = 8.0  # horizontal_test.go init(): scaleUpLimitFactor = 8


# --- calculateScaleUpLimit / convertDesiredReplicasWithRules --------------------------------------
@pytest.mark.parametrize("current, expected", [
    pytest.param(0, 4, id="0_pods_floor_4"), pytest.param(1, 4, id="1_pod_floor_4"),
    pytest.param(2, 4, id="2x2_is_4"), pytest.param(3, 6, id="2x3"), pytest.param(10, 20, id="2x10"),
])
def test_scale_up_limit_is_twice_current_at_least_4(current, expected):
    """``int32(max(2.0 * current, 4.0))``."""
    assert scale_up_limit(current) == expected


@pytest.mark.parametrize("current, desired, lo, hi, factor, expected", [
    # "prenormalized desired replicas within range": limit max(2*5, 4) = 10 >= max 8 -> bound 8 (TooManyReplicas), 7 <= 8
    pytest.param(5, 7, 3, 8, 2.0, (7, "DesiredWithinRange"), id="prenormalized desired replicas within range"),
    # "prenormalized desired replicas < minReplicas": 1 < 2 -> 2
    pytest.param(3, 1, 2, 8, 2.0, (2, "TooFewReplicas"), id="prenormalized desired replicas < minReplicas"),
    # "prenormalized desired zeroed replicas within range": min 0 stays 0 (current code: minimumAllowedReplicas =
    # hpaMinReplicas; an older version mapped min 0 to 1)
    pytest.param(1, 0, 0, 10, 2.0, (0, "DesiredWithinRange"), id="prenormalized desired zeroed replicas within range"),
    # "maxReplicas is the limit because maxReplicas < scaleUpLimit": limit 2*20 = 40 > max 10 -> 10
    pytest.param(20, 1000, 1, 10, 2.0, (10, "TooManyReplicas"), id="maxReplicas is the limit because maxReplicas < scaleUpLimit"),
    # "scaleUpLimit is the limit because scaleUpLimit < maxReplicas": calculateScaleUpLimit(3) = max(8*3, 4) = 24 in
    # upstream's test package ...
    pytest.param(3, 1000, 1, 2000, UPSTREAM_TEST_FACTOR, (24, "ScaleUpLimit"),
                 id="scaleUpLimit is the limit because scaleUpLimit < maxReplicas (factor 8)"),
    # ... and max(2*3, 4) = 6 in a real controller
    pytest.param(3, 1000, 1, 2000, 2.0, (6, "ScaleUpLimit"), id="scaleUpLimit is the limit (production factor 2)"),
    # max equal to the limit: maxReplicas > scaleUpLimit is false -> the bound is max, TooManyReplicas
    pytest.param(3, 9, 1, 6, 2.0, (6, "TooManyReplicas"), id="max_equal_to_limit_is_TooManyReplicas"),
    # no scale-down rate limit: 100 -> 1 in one sync
    pytest.param(100, 1, 1, 200, 2.0, (1, "DesiredWithinRange"), id="no_scale_down_limit"),
])
def test_TestConvertDesiredReplicasWithRules(current, desired, lo, hi, factor, expected):
    assert convert_desired_replicas_with_rules(current, desired, lo, hi, factor) == expected


# --- stabilizeRecommendation (TestNormalizeDesiredReplicas) ---------------------------------------
@pytest.mark.parametrize("recs, proposal, expected, log_length", [
    # "empty log": nothing to compare -> 5; the log gets the proposal: 1 entry
    pytest.param([], 5, 5, 1, id="empty log"),
    # "stabilize": 4 and 5 in the last 5 min -> max(3, 4, 5) = 5; nothing old to overwrite: 3 entries
    pytest.param([(T - 120, 4), (T - 60, 5)], 3, 5, 3, id="stabilize"),
    # "no stabilize": 1 and 2 are below 3 -> 3; 3 entries
    pytest.param([(T - 120, 1), (T - 60, 2)], 3, 3, 3, id="no stabilize"),
    # "no stabilize - old recommendations": 10 and 9 are 10 and 9 min old -> ignored, 3; the last old one (9) is
    # overwritten: 2 entries
    pytest.param([(T - 600, 10), (T - 540, 9)], 3, 3, 2, id="no stabilize - old recommendations"),
    # "stabilize - old recommendations": 10 and 9 too old, 4 and 5 count -> 5; 9 overwritten: 4 entries
    pytest.param([(T - 600, 10), (T - 60, 4), (T - 120, 5), (T - 540, 9)], 3, 5, 4,
                 id="stabilize - old recommendations"),
])
def test_TestNormalizeDesiredReplicas(recs, proposal, expected, log_length):
    stabilized, reason = stabilize_legacy(proposal, T, recs, W)
    assert stabilized == expected
    assert reason == ("ScaleDownStabilized" if expected != proposal else None)
    assert len(record_legacy(recs, proposal, T, W)) == log_length


def test_a_recommendation_exactly_the_window_old_still_counts():
    """``Before(now - 300 s)`` is false for one exactly 300 s old: it counts (8); the behavior path's
    ``After(cutoff)`` drops it (3). One 301 s old counts on neither."""
    assert stabilize_legacy(3, T, [(T - 300, 8)], W) == (8, "ScaleDownStabilized")
    assert stabilize(3, 8, T, [(T - 300, 8)], 0, W) == (3, None)
    assert stabilize_legacy(3, T, [(T - 301, 8)], W) == (3, None)


def test_the_window_maximum_applies_to_scale_up_too():
    """Spec 6 after a capped scale-up to 6 of a recommendation of 10; the load eases and 4 is proposed:
    the behavior path would stay at 6 (spec lies between 4 and the window's 10), the legacy path takes
    the window's 10 (and may raise to it: cap max(2*6, 4) = 12)."""
    recs = ((T - 15, 10),)
    assert stabilize(4, 6, T, recs, 0, W) == (6, "ScaleDownStabilized")
    d = decide(time_s=T, spec_replicas=6, ready_pods=6, min_replicas=1, max_replicas=50,
               metrics=[cpu(6 * 1000 * 0.7 * 4 / 6)], tolerance_frac=0.1, recommendations=recs, behavior=False)
    # proposal: 6 pods at 2800/6000 = 46 % vs 70 % -> ratio 0.657 -> ceil(0.657 * 6) = ceil(3.94) = 4
    assert (d.raw_recommendation, d.desired_replicas, d.reason) == (4, 10, "ScaleDownStabilized")


# --- whole syncs (planner.hpa.decide, behavior=False) ----------------------------------------------
def cpu(usage_total_millicores, target_pct=70, request_millicores=1000.0):
    return MetricObservation("cpu", UTILIZATION, usage_total_millicores, target_pct, request_millicores)


def legacy_sync(*, spec, ready, lo, hi, metrics, recs=(), factor=2.0, unready=None):
    return decide(time_s=T, spec_replicas=spec, ready_pods=ready, min_replicas=lo, max_replicas=hi, metrics=metrics,
                  tolerance_frac=0.1, recommendations=recs, unready_pods=unready, behavior=False,
                  downscale_stabilization_s=W, scale_up_limit_factor=factor)


@pytest.mark.parametrize("factor", [UPSTREAM_TEST_FACTOR, 2.0])
def test_TestScaleUpDeployment(factor):
    """min 2, max 6, spec 3; levels 300 + 500 + 700 m of 3 x 1000 m = 50 % vs 30 %: ratio 1.667 ->
    ceil(1.667 * 3) = 5; the initial recommendation (3) is lower; limit max(8*3 or 2*3, 4) >= 6 = max,
    5 <= 6 -> 5 (DesiredWithinRange: statusOk), with either factor."""
    d = legacy_sync(spec=3, ready=3, lo=2, hi=6, metrics=[cpu(1500, 30)], recs=((T, 3),), factor=factor)
    assert (d.raw_recommendation, d.desired_replicas, d.reason) == (5, 5, "ScaledUp")


def test_TestStabilizeDownscale():
    """min 1, max 5, spec 4, 3 pods at 50 m of 100 m = 50 % vs 100 %: ratio 0.5 -> ceil(0.5 * 3) = 2;
    recommendations 10 (10 min old: ignored) and 4 (1 min old) -> max(2, 4) = 4: no change,
    AbleToScale ScaleDownStabilized."""
    d = legacy_sync(spec=4, ready=3, unready=0, lo=1, hi=5, metrics=[cpu(150, 100, 100)],
                    recs=((T - 600, 10), (T - 60, 4)))
    assert (d.raw_recommendation, d.desired_replicas, d.reason) == (2, 4, "ScaleDownStabilized")
    assert d.scale_events == ()  # storeScaleEvent stores nothing without behavior


@pytest.mark.parametrize("hi, factor, expected", [
    # TestUpscaleCap (before behavior): 3 pods at 100 + 200 + 300 m of 3 x 100 m = 200 % vs 10 %: ratio 20 ->
    # ceil(20 * 3) = 60; limit max(8 * 3, 4) = 24 < max 100 -> 24, ScaleUpLimit
    pytest.param(100, UPSTREAM_TEST_FACTOR, (24, "ScaleUpLimit"), id="TestUpscaleCap"),
    # the same with the production factor: max(2 * 3, 4) = 6
    pytest.param(100, 2.0, (6, "ScaleUpLimit"), id="TestUpscaleCap_factor_2"),
    # TestUpscaleCapGreaterThanMaxReplicas: max 20 is not above 24 -> 20, TooManyReplicas
    pytest.param(20, UPSTREAM_TEST_FACTOR, (20, "TooManyReplicas"), id="TestUpscaleCapGreaterThanMaxReplicas"),
    # ... with factor 2 the cap (6) binds first
    pytest.param(20, 2.0, (6, "ScaleUpLimit"), id="TestUpscaleCapGreaterThanMaxReplicas_factor_2"),
])
def test_TestUpscaleCap(hi, factor, expected):
    d = legacy_sync(spec=3, ready=3, lo=1, hi=hi, metrics=[cpu(600, 10, 100)], recs=((T, 3),), factor=factor)
    assert d.raw_recommendation == 60
    assert (d.desired_replicas, d.reason) == expected


def test_behavior_rules_and_their_tolerances_are_not_read_without_behavior():
    """A per-direction tolerance of 0.5 would hold 8 pods at 80 % vs 70 % (ratio 1.14); without behavior
    the HPA's 0.1 applies: ceil(1.143 * 8) = 10; and a Disabled scale-up would not scale at all."""
    from planner.hpa import Rules

    frozen = Rules(0, "Disabled", (), 0.5)
    d = decide(time_s=T, spec_replicas=8, ready_pods=8, min_replicas=1, max_replicas=50, metrics=[cpu(6400)],
               tolerance_frac=0.1, scale_up=frozen, scale_down=frozen, behavior=False)
    assert (d.desired_replicas, d.reason) == (10, "ScaledUp")
    with_behavior = decide(time_s=T, spec_replicas=8, ready_pods=8, min_replicas=1, max_replicas=50,
                           metrics=[cpu(6400)], tolerance_frac=0.1, scale_up=frozen, scale_down=frozen)
    assert with_behavior.desired_replicas == 8


# --- the property: no sync above max(2 x spec, 4), ScaleUpLimit when it would be ------------------
@settings(derandomize=True, max_examples=400, deadline=None)
@given(spec=st.integers(1, 60), extra=st.integers(0, 100), usage_pct=st.integers(0, 2000),
       recs=st.lists(st.tuples(st.integers(0, 600), st.integers(0, 200)), max_size=6),
       lo=st.integers(1, 5))
def test_no_sync_raises_above_twice_spec_or_4(spec, extra, usage_pct, recs, lo):
    """For spec in [min, max]: ``desired <= max(2 * spec, 4)``; when the window maximum (>= the proposal)
    is above that cap and max_replicas is too, the sync stops exactly at the cap with ``ScaleUpLimit``."""
    lo = min(lo, spec)
    hi = spec + extra
    history = tuple((T - age, r) for age, r in recs)
    d = legacy_sync(spec=spec, ready=spec, lo=lo, hi=hi, metrics=[cpu(spec * 10.0 * usage_pct, 70)], recs=history)
    cap = max(2 * spec, 4)
    assert lo <= d.desired_replicas <= min(hi, cap)
    stabilized, _ = stabilize_legacy(d.raw_recommendation, T, history, W)
    if stabilized > cap and hi > cap:
        assert (d.desired_replicas, d.reason) == (cap, "ScaleUpLimit")
    elif stabilized > hi:
        assert (d.desired_replicas, d.reason) == (hi, "TooManyReplicas")


# --- the scenario field ---------------------------------------------------------------------------
def _svc(**hpa):
    return {"name": "a", "load_requests_per_s": [10, 20], "hpa": {"min_replicas": 1, "max_replicas": 10, **hpa}}


def test_behavior_none_with_changed_rules_is_refused_naming_the_fields():
    with pytest.raises(ScenarioError) as err:
        validate_scenario({"services": [_svc(behavior="none", scale_down={"stabilization_window_s": 60})]})
    text = str(err.value)
    assert "services[0].hpa" in text and "scale_down" in text and "behavior none ignores scale_up/scale_down" in text
    assert "scale_up " not in text  # only the one that differs is named


def test_behavior_none_with_default_rules_round_trips():
    from planner.scenario_io import dump_scenario, parse_scenario_text

    sc = validate_scenario({"services": [_svc(behavior="none", downscale_stabilization_s=120,
                                              scale_up={"select_policy": "Max"})]})
    again = parse_scenario_text(dump_scenario(sc))
    assert again == sc and again.services[0].hpa.behavior == "none"
    assert again.services[0].hpa.downscale_stabilization_s == 120


def test_the_controller_window_with_v2_is_refused():
    with pytest.raises(ScenarioError) as err:
        validate_scenario({"services": [_svc(downscale_stabilization_s=600)]})
    assert "downscale_stabilization_s (600) applies to behavior none only" in str(err.value)


@pytest.mark.parametrize("value", [-1, 3601])
def test_the_controller_window_is_bounded(value):
    with pytest.raises(ScenarioError) as err:
        validate_scenario({"services": [_svc(behavior="none", downscale_stabilization_s=value)]})
    assert "services[0].hpa.downscale_stabilization_s" in str(err.value)


# --- through the engine and the reference ---------------------------------------------------------
def step_scenario(behavior: str, packing: str = "exact"):
    """One service, 10 m CPU per request/s, 1000 m requests, target 50 %: 50 requests/s per pod. Load
    100 -> 1000 -> 100 requests/s by the hour (2 -> 20 -> 2 pods); the HPA sees its own step
    (metrics_lag_s 0); 5 nodes of 4000 m from the start (room for 20 pods, none pending); pods ready
    2 steps after they are created (30 s)."""
    hpa = {"min_replicas": 2, "max_replicas": 100, "metrics": [{"name": "cpu", "target_utilization_frac": 0.5}],
           "metrics_lag_s": 0, "behavior": behavior}
    svc = {"name": "web", "load_requests_per_s": [100, 1000, 100], "requests": {"cpu_millicores": 1000, "memory_mib": 1000},
           "usage": {"cpu_millicores_base": 0, "cpu_millicores_per_rps": 10, "memory_mib_base": 100,
                     "memory_mib_per_rps": 0}, "hpa": hpa, "pod_startup_s": 30}
    cl = {"allocatable_formula": "explicit", "allocatable_cpu_millicores": 4150, "allocatable_memory_mib": 100300,
          "max_pods_per_node": 113, "daemonset_cpu_millicores": 150, "daemonset_memory_mib": 300, "daemonset_pods": 3,
          "spare_nodes": 0, "min_nodes": 5, "provisioning_delay_s": 180}
    return validate_scenario({"services": [svc], "cluster": cl,
                              "simulation": {"step_s": 15, "start": "steady", "packing": packing}})


def _trace(out, steps):
    return [(int(out["desired_replicas"][k, 0]), REASONS[out["hpa_reason_code"][k, 0]]) for k in steps]


@pytest.mark.parametrize("packing", ["exact", "incremental"])
def test_legacy_doubling_and_one_more_step_of_stabilization_in_the_engine(packing):
    """At step 240 (t = 3600 s) the load jumps to 1000 requests/s: 10,000 m over the 2 ready pods.

    * 240: 2 ready, 500 % vs 50 % -> ratio 10 -> 20 pods; cap max(2*2, 4) = 4 -> 4, ScaleUpLimit;
    * 241: 2 ready, 2 starting: 10,000 m over 4 x 1000 m = 250 % -> ratio 5 -> 20; cap 8 -> 8;
    * 242: 4 ready, 4 starting: 125 % -> 2.5 -> 20; cap 16 -> 16;
    * 243: 8 ready, 8 starting: 62 % (62.5 truncated) -> 1.24 -> ceil(19.84) = 20 <= cap 32 -> 20, ScaledUp.

    (behavior v2 instead: 2 + 4 Pods = 6, then max(6 + 4, 2 x 6) = 12, then 20 at step 242.) At step 480
    the load drops back to 100: every proposal from then on is 2. The last 20 was recorded at step 479; on
    the legacy path it counts while 479 is not Before(now - 300 s), i.e. through step 479 + 300/15 = 499,
    so 20 holds at 499 (ScaleDownStabilized) and drops to 2 at 500 (no scale-down rate limit, ScaledDown); on the
    behavior path the entry exactly 300 s old no longer counts and the drop comes at 499."""
    from planner.engine import simulate_scenario
    from planner.reference import simulate_scenario_reference

    legacy = simulate_scenario(step_scenario("none", packing))
    assert _trace(legacy, range(240, 244)) == [(4, "ScaleUpLimit"), (8, "ScaleUpLimit"), (16, "ScaleUpLimit"),
                                               (20, "ScaledUp")]
    assert _trace(legacy, (498, 499, 500)) == [(20, "ScaleDownStabilized"), (20, "ScaleDownStabilized"),
                                               (2, "ScaledDown")]
    v2 = simulate_scenario(step_scenario("v2", packing))
    assert _trace(v2, range(240, 243)) == [(6, "ScaleUpLimit"), (12, "ScaleUpLimit"), (20, "ScaledUp")]
    assert _trace(v2, (498, 499)) == [(20, "ScaleDownStabilized"), (2, "ScaledDown")]
    if packing == "exact":
        ref = simulate_scenario_reference(step_scenario("none", packing))
        for key in ("desired_replicas", "hpa_reason_code", "raw_recommendation", "ready_pods"):
            np.testing.assert_array_equal(legacy[key], ref[key], err_msg=key)


def test_the_engine_sizes_the_recommendation_ring_for_the_legacy_window():
    """A 3600 s controller window at 15 s steps needs 240 past recommendations (3600 // 15) plus this
    step's; the behavior windows of the same HPA (upstream defaults) need only 20."""
    from planner.engine.params import params_from_scenario
    from planner.engine.start import initial_state

    sc = validate_scenario({"services": [_svc(behavior="none", downscale_stabilization_s=3600)]})
    p = params_from_scenario(sc)
    assert p.legacy.tolist() == [1] and p.legacy_window_steps.tolist() == [240]
    st0 = initial_state(p, np.array([10.0]))
    assert st0.services.rec_hist.shape == (1, 241)


def test_defaults_are_v2():
    sc = validate_scenario({"services": [_svc()]})
    h = sc.services[0].hpa
    assert (h.behavior, h.downscale_stabilization_s) == ("v2", 300)
    assert (h.scale_up.stabilization_window_s, h.scale_down.stabilization_window_s) == (
        DEFAULT_SCALE_UP.stabilization_window_s, DEFAULT_SCALE_DOWN.stabilization_window_s)
    assert DESIRED_WITHIN_RANGE not in REASONS


# --- manifests --------------------------------------------------------------------------------------
def _legacy_default(**hpa):
    from planner.scenario_io import default_scenario, scenario_to_dict

    d = scenario_to_dict(default_scenario())
    for svc in d["services"]:
        svc["hpa"].pop("scale_up"), svc["hpa"].pop("scale_down")
        svc["hpa"].update(behavior="none", **hpa)
    return validate_scenario(d)


@pytest.mark.parametrize("version", ["1.25", "1.37"])
def test_a_legacy_hpa_is_written_without_behavior_and_validates(version):
    """No ``spec.behavior`` at all (an empty or defaulted one would switch the controller to the
    behavior path); the official schema accepts it; the comment says which controller flags decide."""
    from planner.manifests import manifest_objects, render_manifests, validate_manifests

    sc = _legacy_default(downscale_stabilization_s=120)
    files = render_manifests(sc, k8s_version=version)
    assert validate_manifests(files, version) == []
    hpas = [o for _, o in manifest_objects(files) if o["kind"] == "HorizontalPodAutoscaler"]
    assert len(hpas) == len(sc.services)
    for o, svc in zip(sorted(hpas, key=lambda o: o["metadata"]["name"]), sorted(sc.services, key=lambda s: s.name)):
        assert "behavior" not in o["spec"]
        assert (o["spec"]["minReplicas"], o["spec"]["maxReplicas"]) == (svc.hpa.min_replicas, svc.hpa.max_replicas)
    text = files["default/a-hpa.yaml"]
    assert "max(2 x current, 4)" in text and "planned with 120 s" in text and "set them on kube-controller-manager" in text


# --- the app ----------------------------------------------------------------------------------------
@pytest.fixture
def at(tmp_path, monkeypatch):
    from test_app import APP, run

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("PLANNER_LIBRARY_DIR", str(tmp_path / "library"))
    return run(AppTest.from_file(APP, default_timeout=120))


def test_app_behavior_and_metrics_pipeline_inputs(at):
    """Service B on the legacy path with a 120 s controller window, a 60 s metrics lag and a 120 s CPU
    initialization period: the headline is the plan of that scenario; the inputs the path does not
    read are disabled; back on v2 the controller window is refused by name and the last plan stays."""
    from test_app import assert_headline, default_dict, errors, open_section, pick_service, run, url_scenario

    open_section(at, "assumptions")
    pick_service(at, "B")
    assert at.selectbox(key="svc1.behavior").value == "v2"
    assert at.number_input(key="svc1.stab_legacy").disabled and not at.number_input(key="svc1.stab_down").disabled
    assert (at.number_input(key="svc1.metrics_lag").value, at.number_input(key="svc1.cpu_init").value) == (30, 300)
    at.selectbox(key="svc1.behavior").set_value("none")
    run(at)
    assert at.number_input(key="svc1.stab_down").disabled and at.number_input(key="svc1.stab_up").disabled
    assert not at.number_input(key="svc1.stab_legacy").disabled
    at.number_input(key="svc1.stab_legacy").set_value(120)
    at.number_input(key="svc1.metrics_lag").set_value(60)
    at.number_input(key="svc1.cpu_init").set_value(120)
    run(at)
    d = default_dict()
    d["services"][1]["hpa"].update(behavior="none", downscale_stabilization_s=120, metrics_lag_s=60,
                                   cpu_initialization_period_s=120)
    want = validate_scenario(d)
    assert not errors(at)
    assert_headline(at, want)
    assert url_scenario(at) == want
    at.selectbox(key="svc1.behavior").set_value("v2")
    run(at)
    msg = errors(at)
    assert "service 'B'" in msg and "downscale_stabilization_s (120) applies to behavior none only" in msg
    assert_headline(at, want)  # the last valid plan stays


# --- wording: assumptions and reasons -----------------------------------------------------------------
def test_legacy_plan_explains_its_path_in_both_languages():
    """The assumptions of a plan on the legacy path say so (and carry the controller's window, not
    behavior's); their Korean has no English words; the reason legend's ScaleUpLimit and
    ScaleDownStabilized sentences are true for both paths."""
    import planner
    from korean_scan import english_words
    from planner.i18n.assumptions import field_text, has_translation, source_text
    from planner.i18n.reasons import reason_text

    sc = _legacy_default(downscale_stabilization_s=120)
    a = planner.plan(sc).assumptions
    rows = a[a["field"] == "HPA behavior"]
    assert len(rows) == len(sc.services) and set(rows["value"]) == {"none"}
    window = a[a["field"] == "scale-down stabilization"]
    assert set(window["value"]) == {120}
    for g, f, src in zip(a["group"], a["field"], a["source"]):
        assert has_translation(str(g), str(f))
    for src in set(rows["source"]) | set(window["source"]):
        assert english_words(source_text(src, "ko")) == [], src
    assert field_text("HPA behavior", "ko") == "HPA 스케일링 동작"
    assert "max(2 x current, 4)" in reason_text("ScaleUpLimit", "en") and "4 pods or 100%" in reason_text("ScaleUpLimit")
    assert "2배와 4개" in reason_text("ScaleUpLimit", "ko")
    assert "can also scale up" in reason_text("ScaleDownStabilized", "en")
    for code in ("ScaleUpLimit", "ScaleDownStabilized"):
        assert english_words(reason_text(code, "ko")) == []
