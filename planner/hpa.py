"""One HorizontalPodAutoscaler decision, scalar and pure: the obviously-correct HPA.

Every rule mirrors a function of the upstream controller (kubernetes/kubernetes), named in its
docstring:

* ``pkg/controller/podautoscaler/replica_calculator.go``: ``GetResourceReplicas`` (Utilization),
  ``calcPlainMetricReplicas`` (Pods AverageValue), ``Tolerances.isWithin``;
* ``pkg/controller/podautoscaler/metrics/utilization.go``: ``GetResourceUtilizationRatio`` (the
  integer-percent truncation);
* ``pkg/controller/podautoscaler/horizontal.go``: ``reconcileAutoscaler`` (min/max guards, the
  recommendation seed), ``computeReplicasForMetrics`` (max over metrics),
  ``stabilizeRecommendationWithBehaviors``, ``convertDesiredReplicasWithBehaviorRate``,
  ``calculateScaleUpLimitWithScalingRules``, ``calculateScaleDownLimitWithBehaviors``,
  ``getReplicasChangePerPeriod`` and ``storeScaleEvent``; without ``behavior`` (the legacy path)
  ``normalizeDesiredReplicas``: ``stabilizeRecommendation``, ``convertDesiredReplicasWithRules``,
  ``calculateScaleUpLimit``.

Time is an explicit ``time_s`` [s]; histories are explicit tuples passed in and returned
updated (nothing is mutated, no clock is read). ``docs/model.md`` section "HPA" is the contract;
the fast engine (``planner.engine``) implements the same rules over arrays and the reason codes
are shared through :data:`REASONS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

#: Stable reason codes; the index is the integer code used by the engine and in frames.
REASONS: tuple[str, ...] = (
    "Steady", "ScaledUp", "ScaledDown", "WithinTolerance", "NoReadyPods", "AwaitingReadyPods",
    "ScaleUpStabilized", "ScaleDownStabilized", "ScaleUpLimit", "ScaleDownLimit",
    "TooManyReplicas", "TooFewReplicas", "ScalingDisabled", "CPUInitialization",
)
REASON_CODE: dict[str, int] = {name: i for i, name in enumerate(REASONS)}

# What each code means, in English and Korean: planner.i18n.reasons (reason_text).

#: Added before flooring a utilization percent: usage and requests are integers upstream
#: (milli-values), here they are floats, and e.g. ``100 * 0.7`` must count as 70 %, not 69 %.
UTILIZATION_EPSILON = 1e-9

#: Subtracted before rounding a CPU usage up to whole millicores (:func:`milli_value`), so float
#: noise such as ``120.00000000001`` stays 120 m.
MILLI_EPSILON = 1e-9

UTILIZATION = "Utilization"  #: Resource metric, target type Utilization (percent of requests)
AVERAGE_VALUE = "AverageValue"  #: Pods metric, target type AverageValue (per pod)


# --- Inputs ----------------------------------------------------------------------------------
class PolicyLike(Protocol):
    type: str
    value: int
    period_s: int


class RulesLike(Protocol):
    """``planner.scenario.ScalingRules`` or :class:`Rules` (autoscaling/v2 ``HPAScalingRules``)."""

    stabilization_window_s: int
    select_policy: str
    policies: Sequence[PolicyLike]
    tolerance_frac: float | None


@dataclass(frozen=True)
class Policy:
    """``HPAScalingPolicy``: at most ``value`` pods (Pods) or percent (Percent) per ``period_s``."""

    type: str
    value: int
    period_s: int


@dataclass(frozen=True)
class Rules:
    """``HPAScalingRules`` of one direction (same attribute names as the scenario model)."""

    stabilization_window_s: int
    select_policy: str = "Max"
    policies: tuple[Policy, ...] = ()
    tolerance_frac: float | None = None


#: pkg/apis/autoscaling/v2/defaults.go: scale-up window 0 s, Max of {4 Pods, 100 Percent} per 15 s.
DEFAULT_SCALE_UP = Rules(0, "Max", (Policy("Pods", 4, 15), Policy("Percent", 100, 15)))
#: defaults.go + --horizontal-pod-autoscaler-downscale-stabilization: 300 s, 100 Percent per 15 s.
DEFAULT_SCALE_DOWN = Rules(300, "Max", (Policy("Percent", 100, 15),))

#: horizontal.go ``scaleUpLimitFactor``: without ``behavior`` one sync raises the replicas to at most
#: this many times the current count ...
SCALE_UP_LIMIT_FACTOR = 2.0
#: ... or to this many pods, whichever is more (horizontal.go ``scaleUpLimitMinimum``, ``calculateScaleUpLimit``)
SCALE_UP_LIMIT_MINIMUM = 4.0
#: kube-controller-manager ``--horizontal-pod-autoscaler-downscale-stabilization`` (5 min,
#: pkg/controller/podautoscaler/config/v1alpha1/defaults.go): the legacy path's window
DEFAULT_DOWNSCALE_STABILIZATION_S = 300
#: ``convertDesiredReplicasWithRules``' condition when nothing bound (not a reason code of its own)
DESIRED_WITHIN_RANGE = "DesiredWithinRange"


@dataclass(frozen=True)
class MetricObservation:
    """What the HPA sees of one metric at one sync.

    ``usage_total`` is the sum over the **ready** pods [metric unit: millicores, MiB, Mbit/s or
    IO/s]. ``target`` is the integer target percent for :data:`UTILIZATION` metrics (usage /
    requests) and the target per pod for :data:`AVERAGE_VALUE` metrics. ``request_per_pod`` is the
    pod request of the resource [same unit as usage] (Utilization only).

    ``ready_pods`` / ``unready_pods``: the pods this metric counts, when they differ from the sync's
    (replica_calculator.go ``groupPods``: the CPU resource ignores the samples of pods still in
    their CPU initialization period, other metrics count a Running, not-yet-Ready pod with a
    sample as ready); None = the sync's. ``ignored_pods``: how many of the unready pods are Ready
    pods whose CPU sample was ignored (for the reason code only).
    """

    name: str
    kind: str
    usage_total: float
    target: float
    request_per_pod: float = 0.0
    ready_pods: int | None = None
    unready_pods: int | None = None
    ignored_pods: int = 0


@dataclass(frozen=True)
class Decision:
    """The outcome of one HPA sync (horizontal.go ``reconcileAutoscaler``).

    ``recommendations`` ``((time_s, replicas), ...)`` and ``scale_events`` ``((time_s, +/-replicas), ...)``
    are the histories to pass to the next call (entries too old to matter are dropped)."""

    desired_replicas: int  #: the new ``spec.replicas``
    raw_recommendation: int  #: max over metrics, before stabilization and rate limits
    reason: str  #: one of :data:`REASONS`
    utilization: tuple[float, ...]  #: per metric: current value as the HPA reports it (see :func:`metric_value`)
    recommendations: tuple[tuple[float, int], ...]
    scale_events: tuple[tuple[float, int], ...]

    @property
    def reason_code(self) -> int:
        return REASON_CODE[self.reason]


# --- Per-metric proposal (replica_calculator.go) ---------------------------------------------
def utilization_percent(usage_total: float, request_total: float) -> int:
    """Current utilization [integer percent] = ``int(100 * Σusage / Σrequests)``
    (metrics/utilization.go ``GetResourceUtilizationRatio``: integer division, so 100m over
    300m is 33 %, not 33.3 %)."""
    return int(math.floor(100.0 * usage_total / request_total + UTILIZATION_EPSILON))


def milli_value(value_milli: float) -> int:
    """A usage already in milli-units rounded UP to a whole milli-unit, as ``resource.Quantity.MilliValue()``
    does for each container's usage in metrics/client.go ``getContainerMetrics`` (the HPA sums these
    integers, then ``GetResourceUtilizationRatio`` truncates the percent)."""
    return int(math.ceil(value_milli - MILLI_EPSILON))


def cpu_usage_total_millicores(pods: int, base_millicores: float, per_rps_millicores: float,
                               load_requests_per_s: float) -> int:
    """Σ CPU usage of ``pods`` pods sharing ``load_requests_per_s`` evenly [whole millicores]: each pod's
    ``base + per_rps * load / pods`` rounded up (:func:`milli_value`), times ``pods``; 0 with no pod."""
    if pods <= 0:
        return 0
    return pods * milli_value(base_millicores + per_rps_millicores * load_requests_per_s / pods)


def is_within_tolerance(usage_ratio: float, tolerance_up_frac: float, tolerance_down_frac: float) -> bool:
    """``(1 - down) <= ratio <= (1 + up)`` (replica_calculator.go ``Tolerances.isWithin``)."""
    return (1.0 - tolerance_down_frac) <= usage_ratio <= (1.0 + tolerance_up_frac)


def usage_ratio(kind: str, usage_total: float, pods: int, target: float, request_per_pod: float = 0.0) -> float:
    """Usage / target over ``pods`` pods: Utilization ``utilization_percent / target_pct``
    (``GetResourceUtilizationRatio``), AverageValue ``(Σusage / pods) / target``
    (``GetMetricUsageRatio``)."""
    if kind == UTILIZATION:
        return utilization_percent(usage_total, pods * request_per_pod) / target
    if kind == AVERAGE_VALUE:
        return (usage_total / pods) / target
    raise ValueError(f"unknown metric kind {kind!r}; expected {UTILIZATION!r} or {AVERAGE_VALUE!r}")


def metric_value(kind: str, usage_total: float, ready_pods: int, request_per_pod: float = 0.0) -> float:
    """The metric's current value as the HPA status reports it: Utilization as a fraction of the
    request (the integer percent / 100), AverageValue per ready pod; NaN with no ready pod."""
    if ready_pods <= 0:
        return math.nan
    if kind == UTILIZATION:
        return utilization_percent(usage_total, ready_pods * request_per_pod) / 100.0
    return usage_total / ready_pods


def metric_proposal(kind: str, usage_total: float, ready_pods: int, unready_pods: int, spec_replicas: int,
                    target: float, tolerance_up_frac: float, tolerance_down_frac: float,
                    request_per_pod: float = 0.0, ignored_pods: int = 0) -> tuple[int, str]:
    """Replicas one metric proposes, and why: ``(replicas, reason)``.

    replica_calculator.go ``GetResourceReplicas`` / ``calcPlainMetricReplicas``:

    * no ready pod: no metrics (an error upstream), ``(spec, "NoReadyPods")``;
    * fast path (no unready pods, or ``ratio <= 1``): within tolerance → ``(spec, "WithinTolerance")``,
      else ``ceil(ratio * ready_pods)`` (ready pods, not spec);
    * slow path (unready pods while ``ratio > 1``): unready pods count with zero usage (and their
      requests), ``new_ratio`` over ``ready + unready`` pods; within tolerance or ``new_ratio < 1``
      (the direction would flip) → ``(spec, "AwaitingReadyPods")``; else
      ``ceil(new_ratio * (ready + unready))``, but never below spec.

    A computed proposal carries ``"ScaledUp"``, ``"ScaledDown"`` or ``"Steady"`` by its direction
    from ``spec_replicas``. A slow-path hold while ``ignored_pods > 0`` (Ready pods whose CPU
    samples are ignored during their initialization period) is ``"CPUInitialization"``.
    """
    if ready_pods <= 0:
        return spec_replicas, "NoReadyPods"
    ratio = usage_ratio(kind, usage_total, ready_pods, target, request_per_pod)
    if unready_pods > 0 and ratio > 1.0:
        pods = ready_pods + unready_pods
        new_ratio = usage_ratio(kind, usage_total, pods, target, request_per_pod)
        held = "CPUInitialization" if ignored_pods > 0 else "AwaitingReadyPods"
        if is_within_tolerance(new_ratio, tolerance_up_frac, tolerance_down_frac) or new_ratio < 1.0:
            return spec_replicas, held
        replicas = int(math.ceil(new_ratio * pods))
        if replicas < spec_replicas:
            return spec_replicas, held
    else:
        if is_within_tolerance(ratio, tolerance_up_frac, tolerance_down_frac):
            return spec_replicas, "WithinTolerance"
        replicas = int(math.ceil(ratio * ready_pods))
    direction = "ScaledUp" if replicas > spec_replicas else "ScaledDown" if replicas < spec_replicas else "Steady"
    return replicas, direction


_HELD = ("NoReadyPods", "AwaitingReadyPods", "WithinTolerance", "CPUInitialization")
_STARTING_HOLDS = ("AwaitingReadyPods", "CPUInitialization")


def max_over_metrics(proposals: Sequence[tuple[int, str]]) -> tuple[int, str]:
    """horizontal.go ``computeReplicasForMetrics``: the largest proposal; its reason is that of the
    first metric proposing it, except that a hold by starting pods (``AwaitingReadyPods`` or
    ``CPUInitialization``) from a later metric proposing the same number wins over a reason that
    is not such a hold (the hold is then explained by pods still starting)."""
    best, reason = proposals[0]
    for replicas, why in proposals[1:]:
        if replicas > best:
            best, reason = replicas, why
        elif replicas == best and why in _STARTING_HOLDS and reason not in _STARTING_HOLDS:
            reason = why
    return best, reason


# --- Stabilization (horizontal.go stabilizeRecommendationWithBehaviors) ----------------------
def stabilize(proposal: int, spec_replicas: int, time_s: float, recommendations: Iterable[tuple[float, int]],
              up_window_s: float, down_window_s: float) -> tuple[int, str | None]:
    """``(stabilized, reason)``: scale up only to the lowest, down only to the highest recommendation
    of the window.

    ``up = min(proposal, recs with time > t - up_window)``, ``down = max(proposal, recs with time > t - down_window)``
    (``timestamp.After(cutoff)``: a recommendation exactly ``window`` old no longer counts);
    ``stabilized = spec`` raised to ``up`` if below, then lowered to ``down`` if above. Reason
    ``"ScaleUpStabilized"`` when that is below the proposal, ``"ScaleDownStabilized"`` when above,
    else None. ``recommendations`` are the earlier ones (the caller appends the proposal after).
    """
    up = down = proposal
    up_cutoff = time_s - up_window_s
    down_cutoff = time_s - down_window_s
    for rec_time_s, rec in recommendations:
        if rec_time_s > up_cutoff:
            up = min(up, rec)
        if rec_time_s > down_cutoff:
            down = max(down, rec)
    stabilized = spec_replicas
    if stabilized < up:
        stabilized = up
    if stabilized > down:
        stabilized = down
    if stabilized < proposal:
        return stabilized, "ScaleUpStabilized"
    if stabilized > proposal:
        return stabilized, "ScaleDownStabilized"
    return stabilized, None


# --- Rate limits (horizontal.go) -------------------------------------------------------------
def replicas_changed_in_period(time_s: float, period_s: float,
                               scale_events: Iterable[tuple[float, int]]) -> tuple[int, int]:
    """``(added, deleted)`` by events with ``time > t - period_s`` (``getReplicasChangePerPeriod``,
    ``timestamp.After(cutoff)``: an event exactly ``period_s`` old is not counted)."""
    cutoff = time_s - period_s
    added = deleted = 0
    for ev_time_s, change in scale_events:
        if ev_time_s > cutoff:
            if change > 0:
                added += change
            else:
                deleted -= change
    return added, deleted


def rate_limit_up(spec_replicas: int, time_s: float, scale_events: Iterable[tuple[float, int]],
                  rules: RulesLike) -> int:
    """Most replicas a scale-up may reach now (``calculateScaleUpLimitWithScalingRules``).

    Per policy ``period_start = spec - added + deleted`` over its period; Pods → ``period_start + value``,
    Percent → ``ceil(period_start * (1 + value / 100))``. ``select_policy`` Max takes the largest,
    Min the smallest; Disabled returns ``spec``. (The caller floors the result at ``spec``.)"""
    if rules.select_policy == "Disabled":
        return spec_replicas
    events = tuple(scale_events)
    proposals = []
    for pol in rules.policies:
        added, deleted = replicas_changed_in_period(time_s, pol.period_s, events)
        period_start = spec_replicas - added + deleted
        if pol.type == "Pods":
            proposals.append(period_start + pol.value)
        else:
            proposals.append(int(math.ceil(period_start * (1 + pol.value / 100))))
    return min(proposals) if rules.select_policy == "Min" else max(proposals)


def rate_limit_down(spec_replicas: int, time_s: float, scale_events: Iterable[tuple[float, int]],
                    rules: RulesLike) -> int:
    """Fewest replicas a scale-down may reach now (``calculateScaleDownLimitWithBehaviors``).

    Per policy Pods → ``period_start - value``, Percent → ``int(period_start * (1 - value / 100))``
    (truncated, so the removed count rounds up). Max (largest change) takes the smallest, Min the
    largest; Disabled returns ``spec``. (The caller caps the result at ``spec``.)"""
    if rules.select_policy == "Disabled":
        return spec_replicas
    events = tuple(scale_events)
    proposals = []
    for pol in rules.policies:
        added, deleted = replicas_changed_in_period(time_s, pol.period_s, events)
        period_start = spec_replicas - added + deleted
        if pol.type == "Pods":
            proposals.append(period_start - pol.value)
        else:
            proposals.append(int(period_start * (1 - pol.value / 100)))
    return max(proposals) if rules.select_policy == "Min" else min(proposals)


def limit_rate(stabilized: int, spec_replicas: int, min_replicas: int, max_replicas: int, time_s: float,
               scale_events: Iterable[tuple[float, int]], scale_up: RulesLike,
               scale_down: RulesLike) -> tuple[int, str | None]:
    """``(desired, reason)`` (``convertDesiredReplicasWithBehaviorRate``).

    Up: ``limit = max(rate_limit_up, spec)``; ``allowed = min(limit, max)`` with reason
    ``ScaleUpLimit`` if ``limit < max`` else ``TooManyReplicas``. Down: ``limit = min(rate_limit_down, spec)``;
    ``allowed = max(limit, min)`` with ``ScaleDownLimit`` if ``limit > min`` else ``TooFewReplicas``.
    The reason is returned only if it bound (``desired != stabilized``), else None."""
    events = tuple(scale_events)
    if stabilized > spec_replicas:
        limit = max(rate_limit_up(spec_replicas, time_s, events, scale_up), spec_replicas)
        if max_replicas > limit:
            allowed, why = limit, "ScaleUpLimit"
        else:
            allowed, why = max_replicas, "TooManyReplicas"
        if stabilized > allowed:
            return allowed, why
    elif stabilized < spec_replicas:
        limit = min(rate_limit_down(spec_replicas, time_s, events, scale_down), spec_replicas)
        if min_replicas < limit:
            allowed, why = limit, "ScaleDownLimit"
        else:
            allowed, why = min_replicas, "TooFewReplicas"
        if stabilized < allowed:
            return allowed, why
    return stabilized, None


# --- No behavior: the legacy path (horizontal.go normalizeDesiredReplicas) ---------------------
def scale_up_limit(current_replicas: int, factor: float = SCALE_UP_LIMIT_FACTOR) -> int:
    """Most replicas one sync may reach without ``behavior`` (horizontal.go ``calculateScaleUpLimit``):
    ``int32(max(factor * current, 4))`` [pods], so 1 → 4, 3 → 6, 10 → 20. ``factor`` is upstream's
    package variable ``scaleUpLimitFactor`` (2; its tests set it to 8 in ``init()``)."""
    return int(max(factor * current_replicas, SCALE_UP_LIMIT_MINIMUM))


def stabilize_legacy(proposal: int, time_s: float, recommendations: Iterable[tuple[float, int]],
                     window_s: float) -> tuple[int, str | None]:
    """``(stabilized, reason)`` without ``behavior`` (horizontal.go ``stabilizeRecommendation``).

    ``stabilized = max(proposal, recs with time >= t - window_s)``: a recommendation counts unless it is
    ``Before(now - window)``, so one exactly ``window_s`` old still counts (the behavior path's
    :func:`stabilize` uses ``After(cutoff)`` and drops it). The window is the controller flag
    ``--horizontal-pod-autoscaler-downscale-stabilization``; the maximum applies to scale-up too (it
    can exceed both the proposal and the current replicas). Reason ``"ScaleDownStabilized"`` (the
    AbleToScale condition upstream sets) when the result differs from the proposal, else None.
    ``recommendations`` are the earlier ones (see :func:`record_legacy` for the log itself)."""
    cutoff = time_s - window_s
    best = proposal
    for rec_time_s, rec in recommendations:
        if rec_time_s >= cutoff and rec > best:
            best = rec
    return best, ("ScaleDownStabilized" if best != proposal else None)


def record_legacy(recommendations: Sequence[tuple[float, int]], proposal: int, time_s: float,
                  window_s: float) -> tuple[tuple[float, int], ...]:
    """The recommendation log after ``stabilizeRecommendation``: the last entry older than the window
    (``Before(now - window)``) is overwritten with ``(time_s, proposal)``, else that is appended (so
    the log never grows past the recommendations of one window plus one;
    ``TestNormalizeDesiredReplicas`` checks its length)."""
    recs = list(recommendations)
    old = [i for i, (rec_time_s, _) in enumerate(recs) if rec_time_s < time_s - window_s]
    if old:
        recs[old[-1]] = (time_s, proposal)
    else:
        recs.append((time_s, proposal))
    return tuple(recs)


def convert_desired_replicas_with_rules(current_replicas: int, desired_replicas: int, min_replicas: int,
                                        max_replicas: int,
                                        factor: float = SCALE_UP_LIMIT_FACTOR) -> tuple[int, str]:
    """``(replicas, condition)`` without ``behavior`` (horizontal.go ``convertDesiredReplicasWithRules``).

    The upper bound is :func:`scale_up_limit` with condition ``ScaleUpLimit`` when ``max_replicas``
    is above it, else ``max_replicas`` with ``TooManyReplicas``; below ``min_replicas`` →
    ``(min_replicas, "TooFewReplicas")`` (the current code's ``minimumAllowedReplicas =
    hpaMinReplicas``: min 0 stays 0, as ``TestConvertDesiredReplicasWithRules`` expects; an older
    version mapped min 0 to 1); above the bound → the bound and its condition; else
    ``(desired, "DesiredWithinRange")``. There is no scale-down rate limit on this path."""
    limit = scale_up_limit(current_replicas, factor)
    if max_replicas > limit:
        upper, condition = limit, "ScaleUpLimit"
    else:
        upper, condition = max_replicas, "TooManyReplicas"
    if desired_replicas < min_replicas:
        return min_replicas, "TooFewReplicas"
    if desired_replicas > upper:
        return upper, condition
    return desired_replicas, DESIRED_WITHIN_RANGE


# --- One sync --------------------------------------------------------------------------------
def _keep_recent(entries: Iterable[tuple[float, int]], time_s: float,
                 horizon_s: float) -> tuple[tuple[float, int], ...]:
    # entries at or before ``time_s - horizon_s`` can never be counted again (the cutoffs only move on)
    return tuple(e for e in entries if e[0] > time_s - horizon_s)


def decide(*, time_s: float, spec_replicas: int, ready_pods: int, min_replicas: int, max_replicas: int,
           metrics: Sequence[MetricObservation], tolerance_frac: float,
           scale_up: RulesLike = DEFAULT_SCALE_UP, scale_down: RulesLike = DEFAULT_SCALE_DOWN,
           recommendations: Sequence[tuple[float, int]] = (), scale_events: Sequence[tuple[float, int]] = (),
           unready_pods: int | None = None, behavior: bool = True,
           downscale_stabilization_s: float = DEFAULT_DOWNSCALE_STABILIZATION_S,
           scale_up_limit_factor: float = SCALE_UP_LIMIT_FACTOR) -> Decision:
    """One HPA sync at ``time_s`` [s] (horizontal.go ``reconcileAutoscaler``).

    Order, as upstream:

    0. ``spec == 0`` while ``min_replicas > 0``: autoscaling is disabled (``ScalingDisabled``,
       ``TestZeroReplicas``): desired stays 0, nothing is recorded;
    1. guards before any metric: ``spec > max`` → ``max`` (``TooManyReplicas``), ``spec < min`` →
       ``min`` (``TooFewReplicas``); no recommendation is recorded;
    2. per metric :func:`metric_proposal` over the pods that metric counts (``m.ready_pods`` /
       ``m.unready_pods``, default ``ready_pods`` and ``unready_pods``, itself defaulting to
       ``spec - ready``; per-direction tolerance ``rules.tolerance_frac`` or ``tolerance_frac``), max
       over metrics. A metric with no counted pod has no samples and is invalid: if every metric is
       invalid, or some are and the others would scale down, the sync fails
       (``computeReplicasForMetrics`` returns -1): ``desired = spec``, ``NoReadyPods``, nothing
       recorded;
    3. :func:`stabilize` against ``recommendations``, then the proposal is recorded at ``time_s``;
    4. :func:`limit_rate` against ``scale_events``;
    5. a change is recorded as an event ``(time_s, desired - spec)`` (``storeScaleEvent``).

    ``behavior=False`` is an HPA without ``spec.behavior`` (``normalizeDesiredReplicas``): step 3 is
    :func:`stabilize_legacy` over ``downscale_stabilization_s`` (``scale_up``/``scale_down`` and their
    tolerances are not read), step 4 :func:`convert_desired_replicas_with_rules` (scale-up at most to
    ``max(scale_up_limit_factor * spec, 4)``, no scale-down limit), and step 5 records nothing
    (``storeScaleEvent`` returns when behavior is nil).

    Reason: a guard; else the bound rate/min/max reason; else a stabilization reason; else the
    held reason of the proposal (``AwaitingReadyPods``, ``CPUInitialization``, ``WithinTolerance``);
    else ``ScaledUp``, ``ScaledDown`` or ``Steady``.

    The caller seeds ``recommendations`` with ``((t0, spec),)`` at the first sync
    (``recordInitialRecommendation``).
    """
    unready = spec_replicas - ready_pods if unready_pods is None else unready_pods
    counts = [(m.ready_pods if m.ready_pods is not None else ready_pods,
               m.unready_pods if m.unready_pods is not None else unready) for m in metrics]
    utilization = tuple(metric_value(m.kind, m.usage_total, r, m.request_per_pod) for m, (r, _) in zip(metrics, counts))
    if behavior:
        horizon_s = max(scale_up.stabilization_window_s, scale_down.stabilization_window_s)
        event_horizon_s = max((p.period_s for p in (*scale_up.policies, *scale_down.policies)), default=0)
        recs = _keep_recent(recommendations, time_s, horizon_s)
        events = _keep_recent(scale_events, time_s, event_horizon_s)
    else:  # a recommendation exactly the window old still counts now (not Before(cutoff)); no events
        recs = tuple(r for r in recommendations if r[0] >= time_s - downscale_stabilization_s)
        events = ()

    def done(desired: int, raw: int, reason: str, new_recs: tuple[tuple[float, int], ...]) -> Decision:
        changed = behavior and desired != spec_replicas
        new_events = events + ((time_s, desired - spec_replicas),) if changed else events
        return Decision(desired, raw, reason, utilization, new_recs, new_events)

    if spec_replicas == 0 and min_replicas > 0:
        return done(0, 0, "ScalingDisabled", recs)
    if spec_replicas > max_replicas:
        return done(max_replicas, max_replicas, "TooManyReplicas", recs)
    if spec_replicas < min_replicas:
        return done(min_replicas, min_replicas, "TooFewReplicas", recs)

    tol_up = scale_up.tolerance_frac if behavior and scale_up.tolerance_frac is not None else tolerance_frac
    tol_down = scale_down.tolerance_frac if behavior and scale_down.tolerance_frac is not None else tolerance_frac
    valid = [metric_proposal(m.kind, m.usage_total, r, u, spec_replicas, m.target, tol_up, tol_down,
                             m.request_per_pod, m.ignored_pods)
             for m, (r, u) in zip(metrics, counts) if r > 0]
    if not valid:
        return done(spec_replicas, spec_replicas, "NoReadyPods", recs)
    proposal, proposal_reason = max_over_metrics(valid)
    if len(valid) < len(metrics) and proposal < spec_replicas:
        return done(spec_replicas, spec_replicas, "NoReadyPods", recs)

    if behavior:
        stabilized, stab_reason = stabilize(proposal, spec_replicas, time_s, recs,
                                            scale_up.stabilization_window_s, scale_down.stabilization_window_s)
        desired, limit_reason = limit_rate(stabilized, spec_replicas, min_replicas, max_replicas, time_s, events,
                                           scale_up, scale_down)
    else:
        stabilized, stab_reason = stabilize_legacy(proposal, time_s, recs, downscale_stabilization_s)
        desired, condition = convert_desired_replicas_with_rules(spec_replicas, stabilized, min_replicas,
                                                                 max_replicas, scale_up_limit_factor)
        limit_reason = None if condition == DESIRED_WITHIN_RANGE else condition
    new_recs = recs + ((time_s, proposal),)

    if limit_reason is not None:
        reason = limit_reason
    elif stab_reason is not None:
        reason = stab_reason
    elif proposal_reason in _HELD:
        reason = proposal_reason
    else:
        reason = "ScaledUp" if desired > spec_replicas else "ScaledDown" if desired < spec_replicas else "Steady"
    return done(desired, proposal, reason, new_recs)
