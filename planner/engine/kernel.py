"""The step loop, compiled: HPA + pods + node autoscaler for every service, one step at a time.

Semantics are those of ``docs/model.md`` (the contract shared with the slow, obviously-correct
``planner.reference``; the tests compare both on randomized scenarios). Each step runs the phases
below in the order of ``docs/model.md``, each a small helper numba inlines into the loop:

1. :func:`_nodes_become_ready` and :func:`_apply_events` (rolling updates start or end);
2. per service, in blocks of ``SERVICE_BLOCK`` services (:func:`_service_block`; the services are
   independent here, so the parallel build runs equal runs of blocks on its threads,
   :func:`_thread_blocks`), in three passes over the
   block: :func:`_take_sample` (:func:`_pods_become_ready`, the metrics lag, CPU-ignored pods), the CPU
   utilizations (:func:`_cpu_utilization_pct`), then :func:`_service_step`: a manual scale to or from
   zero (:func:`_manual_scale`), :func:`_hpa_sync` (horizontal.go ``reconcileAutoscaler``: :func:`_metric_proposal`,
   :func:`_stabilize`, :func:`_scale_up_limit` / :func:`_scale_down_limit`, :func:`_hpa_reason`),
   :func:`_apply_spec` (a scale-down removes pending, then starting, then ready pods) and
   :func:`_set_surge` (maxSurge pods during a rollout);
3. :func:`_pack` (first-fit decreasing, exact or incremental) and the node autoscaler
   (:func:`_scale_up_nodes` / :func:`_scale_down_nodes`, the rules of :mod:`planner.ca`);
4. :func:`_schedule` pending pods onto the ready nodes' free room;
5. :func:`_cluster_outputs`.

Inputs are grouped: the read-only records of :mod:`planner.engine.params` (``hp``, ``pods``, ``cs``),
the mutable :mod:`planner.engine.state` (``sv``, ``cl``) and the outputs (``so``, ``co``).
"""

from __future__ import annotations

import math
import types

import numpy as np
from numba import njit, prange

from planner.engine.codes import (N_BACKOFF, N_DELAY_ADD, N_DOWN, N_MAX, N_PROV, N_STEADY, N_UNNEEDED_WAIT, N_UP, R_AWAITING,
                                  R_CPU_INIT, R_DISABLED, R_DOWN_LIMIT, R_DOWN_STAB, R_NO_READY, R_SCALED_DOWN,
                                  R_SCALED_UP, R_STEADY, R_TOO_FEW, R_TOO_MANY, R_UP_LIMIT, R_UP_STAB, R_WITHIN_TOL)
from planner.engine.params import MAX_METRICS, PACK_EXACT
from planner.engine.state import (CL_EVENT, CL_FAILING, CL_FRESH, CL_LAST_SCALE_UP_STEP, CL_LB, CL_LB_PACKED,
                                  CL_LB_STEP, CL_N_UNNEEDED, CL_NODES_READY, CL_NODES_REQUESTED, CL_PACKED,
                                  CL_REQUEST_STEP, CL_STUCK, NODE_FAILED, NODE_PROVISIONING, NODE_READY,
                                  SERVICE_BLOCK)
from planner.engine import placement as pl
from planner.events import (EV_DEPLOY_END, EV_DEPLOY_START, EV_NODE_FAIL, EV_SCALE_FROM_ZERO, EV_SCALE_TO_ZERO,
                            EV_SCALE_UP_FAIL_END, EV_SCALE_UP_FAIL_START, EV_ZONE_FAIL)
from planner.hpa import SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM
from planner.packing import ffd_nodes_ordered

BIG = 1 << 62
#: Every function of the kernel is compiled without NRT reference counting: the kernel allocates
#: nothing (scratch arrays live in the state), and with counting on, each helper taking arrays
#: would pay atomic increments at every call (measured ~15x slower for a branching helper).
#: Small helpers are plain compiled calls, which LLVM inlines. What LLVM leaves as a call (the
#: phases the step runs once, and the placement functions they call) is ``inline`` here: a call
#: passes every field of every record it takes one by one (numba flattens a named tuple of arrays
#: into each array's pointers, sizes, shape and strides: 130-800 stack writes a call), which took
#: two thirds of the default scenario's kernel time (17.5 ms a plan, 6.2 ms with those inlined).
#: error_model="numpy": no divisor checks (ZeroDivisionError) in the step loop; every division here has
#: a non-zero divisor by construction, so only the checks' branches go, not a result
inline = njit(inline="always", cache=True, nogil=True, _nrt=False, error_model="numpy")
compiled = njit(cache=True, nogil=True, _nrt=False, error_model="numpy")


# --- 1. nodes and events ------------------------------------------------------------------------
@inline
def _nodes_become_ready(k, cs, cl, nd):
    if cs.node_mode:
        pl.nodes_become_ready(k, nd, cl)
        return
    slot = k % cl.prov_ring.shape[0]
    cl.scalars[CL_NODES_READY] += cl.prov_ring[slot]
    cl.scalars[CL_FRESH] = cl.prov_ring[slot]  # new nodes: no image pulled yet
    cl.prov_ring[slot] = 0


@inline
def _fail_zone(z, k, sv, nd, cs, cl, n_failed):
    for n in range(nd.used[0]):
        if nd.zone[n] == z and (nd.state[n] == NODE_READY or nd.state[n] == NODE_PROVISIONING):
            pl.fail_node(n, k, sv, nd, cs, cl)
            nd.scratch_idx[n_failed] = n
            n_failed += 1
    return n_failed


@inline
def _apply_events(k, kk, load, events, sv, nd, cs, cl):
    """Rolling updates start or end; nodes or zones fail (exact mode): their pods stop serving now
    and get their eviction step."""
    e = cl.scalars[CL_EVENT]
    n_failed = 0
    while e < events.shape[0] and events[e, 0] <= k:
        kind = events[e, 1]
        target = events[e, 2]
        if kind == EV_DEPLOY_START:
            sv.deploying[target] += 1
        elif kind == EV_DEPLOY_END:
            sv.deploying[target] -= 1
        elif kind == EV_NODE_FAIL and cs.node_mode:
            n = pl.worst_node(kk, load, nd) if target < 0 else target
            if 0 <= n < nd.state.shape[0] and (nd.state[n] == NODE_READY or nd.state[n] == NODE_PROVISIONING):
                pl.fail_node(n, k, sv, nd, cs, cl)
                nd.scratch_idx[n_failed] = n
                n_failed += 1
        elif kind == EV_ZONE_FAIL and cs.node_mode:
            n_failed = _fail_zone(pl.worst_zone(kk, load, nd) if target < 0 else target, k, sv, nd, cs, cl,
                                  n_failed)
        elif kind == EV_SCALE_UP_FAIL_START:
            cl.scalars[CL_FAILING] += 1
        elif kind == EV_SCALE_UP_FAIL_END:
            cl.scalars[CL_FAILING] -= 1
        elif (kind == EV_SCALE_TO_ZERO or kind == EV_SCALE_FROM_ZERO) and 0 <= target < sv.spec.shape[0]:
            sv.manual[target] = kind  # applied in the service's phase, before its HPA sync
        e += 1
    cl.scalars[CL_EVENT] = e
    if n_failed > 0:
        pl.schedule_evictions(k, 0, n_failed, nd, cs)


# --- 2. per service: the HPA sync (horizontal.go, replica_calculator.go) --------------------------
@inline
def _pods_become_ready(s, k, h0, e0, l0, sv, nd):
    """Starting pods whose step has come are ready; records how many became ready now (CPU initialization)."""
    r0 = sv.ready[s]
    pl.pods_become_ready(s, k, sv, nd)
    sv.ready_hist[s, l0] = sv.ready[s] - r0
    sv.rec_hist[s, h0] = -1
    sv.ev_up[s, e0] = 0
    sv.ev_down[s, e0] = 0


@inline
def _cpu_ignored(s, R, hp, pods, sv, lsl, step_s):
    """Ready pods whose CPU sample is ignored (groupPods, CPU): started less than the CPU initialization
    period ago (``(d + startup_steps) * step_s < period``) and ready for less than the metrics lag
    (``d < lag``, d = steps since ready); at most ``R``. ``lsl``: this step's lag ring slots."""
    n = 0
    for d in range(hp.metrics_lag_steps[s]):
        if lsl[d] < 0:
            break
        if (d + pods.startup_steps[s]) * step_s < hp.cpu_init_s[s]:
            n += sv.ready_hist[s, lsl[d]]
    return n if n < R else R


@inline
def _forget_ready(s, removed, hp, sv, lsl):
    """Deleted ready pods leave the newest-ready first (ActivePods: ready for less time goes first)."""
    for d in range(hp.metrics_lag_steps[s]):
        if removed <= 0 or lsl[d] < 0:
            break
        slot = lsl[d]
        take = removed if removed < sv.ready_hist[s, slot] else sv.ready_hist[s, slot]
        sv.ready_hist[s, slot] -= take
        removed -= take


@inline
def _cpu_usage_milli(n, base, per_rps, x):
    """Σ usage of ``n`` pods sharing ``x`` evenly, each pod rounded up to whole millicores (MilliValue)."""
    return n * np.ceil(base + per_rps * x / n - 1e-9)  # np.ceil: a float, no round trip through an int


@inline
def _cpu_utilization_pct(s, Rc, x, hp):
    """The CPU utilization the HPA sees (integer percent over the pods it counts for CPU), -1 with none."""
    if Rc > 0:
        total = _cpu_usage_milli(Rc, hp.cpu_base_millicores[s], hp.cpu_per_rps_millicores[s], x)
        return np.floor(100.0 * total / (Rc * hp.cpu_request_milli[s]) + 1e-9)
    return -1.0


@inline
def _ratio(kind, total_usage, n, target, request):
    if kind == 1:
        return (total_usage / n) / target
    return np.floor(100.0 * total_usage / (n * request) + 1e-9) / target


@inline
def _one_metric(s, j, hp, sp, x, lo, hi, n, u, ign, cpu_pct):
    """One metric's proposal over its ``n`` counted and ``u`` unready pods: ``(replicas, held reason or -1)``.
    ``cpu_pct``: the CPU utilization percent over the same ``n`` pods (:func:`_cpu_utilization_pct`,
    computed once per step for the output from the same usage and request as the CPU metric), so the
    CPU ratio is not worked out a second time; the usage itself only for a scale-up with unready pods."""
    kind = hp.metric_kind[s, j]
    target = hp.metric_target[s, j]
    req = hp.metric_request[s, j]
    if kind == 2:
        ratio = cpu_pct / target
    else:
        total_usage = n * hp.metric_base[s, j] + hp.metric_per_rps[s, j] * x
        ratio = _ratio(kind, total_usage, n, target, req)
    if u > 0 and ratio > 1.0:
        # unready pods count with zero usage on a scale-up (replica_calculator.go)
        if kind == 2:
            total_usage = _cpu_usage_milli(n, hp.metric_base[s, j], hp.metric_per_rps[s, j], x)
        n_all = n + u
        new_ratio = _ratio(kind, total_usage, n_all, target, req)
        held = R_CPU_INIT if ign > 0 else R_AWAITING
        if (lo <= new_ratio <= hi) or new_ratio < 1.0:
            return sp, held
        p = int(math.ceil(new_ratio * n_all))
        if p < sp:
            return sp, held
        return p, -1
    if lo <= ratio <= hi:
        return sp, R_WITHIN_TOL
    return int(math.ceil(ratio * n)), -1


@inline
def _metric_proposal(s, hp, sp, x, lo, hi, Rc, Uc, ign, Rm, Um, cpu_pct):
    """Max over metrics of the per-metric proposal and the held reason (-1: none) of the winner;
    proposal -1 when the sync fails (every metric without samples, or some without and the rest
    scaling down: computeReplicasForMetrics). CPU counts ``Rc``/``Uc`` (``ign`` ignored), the
    others ``Rm``/``Um`` (groupPods)."""
    proposal = -1
    held_reason = -1
    invalid = 0
    for j in range(MAX_METRICS):
        kind = hp.metric_kind[s, j]
        if kind < 0:
            break  # metrics are packed at the front
        if kind == 2:
            n, u, ig = Rc, Uc, ign
        else:
            n, u, ig = Rm, Um, 0
        if n <= 0:
            invalid += 1
            continue
        p, hr = _one_metric(s, j, hp, sp, x, lo, hi, n, u, ig, cpu_pct)
        if p > proposal:
            proposal = p
            held_reason = hr
        elif p == proposal and (hr == R_AWAITING or hr == R_CPU_INIT) and not (
                held_reason == R_AWAITING or held_reason == R_CPU_INIT):
            held_reason = hr
    if invalid > 0 and proposal < sp:
        return -1, -1
    return proposal, held_reason


@inline
def _ring_max(ring, s, hsl, n, k, v0):
    """``max(v0, ring[s, slot of step k - d])`` for d = 1..n (fewer while ``k < n``); ``hsl[d]`` is
    the slot of step ``k - d``. A maximum does not depend on the order, so the slots are read as at
    most two contiguous runs (oldest first, wrapping at the end) instead of one by one backwards."""
    n = n if n < k else k
    if n <= 0:
        return v0
    a, c, W = hsl[n], hsl[0], ring.shape[1]
    m = v0
    for j in range(a, c if a < c else W):
        v = ring[s, j]
        m = v if v > m else m
    for j in range(c if a >= c else 0):
        v = ring[s, j]
        m = v if v > m else m
    return m


@inline
def _ring_min_recorded(ring, s, hsl, n, k, v0):
    """``min(v0, ...)`` over the same slots as :func:`_ring_max`, skipping slots without a
    recommendation (-1)."""
    n = n if n < k else k
    if n <= 0:
        return v0
    a, c, W = hsl[n], hsl[0], ring.shape[1]
    m = v0
    for j in range(a, c if a < c else W):
        v = ring[s, j]
        m = v if (v >= 0 and v < m) else m
    for j in range(c if a >= c else 0):
        v = ring[s, j]
        m = v if (v >= 0 and v < m) else m
    return m


@inline
def _stabilize(s, k, sp, proposal, hp, sv, hsl, step_s):
    """stabilizeRecommendationWithBehaviors, with the recommendation seeded when the HPA was first
    seen (recordInitialRecommendation); records this step's proposal. The scale-up window takes the
    lowest recommendation of its last ``up_window_steps`` steps, the scale-down window the highest
    of its last ``down_window_steps`` (fewer before the run has had that many; ``hsl[d]`` is the
    slot of step ``k - d``)."""
    up_rec = _ring_min_recorded(sv.rec_hist, s, hsl, hp.up_window_steps[s], k, proposal)
    # a slot without a recommendation holds -1, below any proposal: the maximum skips it by itself
    down_rec = _ring_max(sv.rec_hist, s, hsl, hp.down_window_steps[s], k, proposal)
    if k * step_s < hp.up_window_s[s] and sv.init_rec[s] < up_rec:
        up_rec = sv.init_rec[s]
    if k * step_s < hp.down_window_s[s] and sv.init_rec[s] > down_rec:
        down_rec = sv.init_rec[s]
    stab = sp
    if stab < up_rec:
        stab = up_rec
    if stab > down_rec:
        stab = down_rec
    sv.rec_hist[s, hsl[0]] = proposal
    return stab


@inline
def _period_start(s, sp, n_steps, sv, esl):
    """Replicas at the start of a policy period: spec - added + deleted over its past steps."""
    added = 0
    deleted = 0
    for d in range(1, n_steps + 1):
        if esl[d] < 0:
            break
        added += sv.ev_up[s, esl[d]]
        deleted += sv.ev_down[s, esl[d]]
    return sp - added + deleted


@inline
def _scale_up_limit(s, sp, hp, sv, esl):
    """calculateScaleUpLimitWithScalingRules, floored at spec."""
    sel = hp.up_select[s]
    if sel == 2:
        return sp
    limit = -BIG if sel == 0 else BIG
    for q in range(hp.up_pol.shape[1]):
        if hp.up_pol[s, q, 0] < 0:
            continue
        start = _period_start(s, sp, int(hp.up_pol[s, q, 2]), sv, esl)
        if hp.up_pol[s, q, 0] == 0:
            prop = start + int(hp.up_pol[s, q, 1])
        else:
            prop = int(math.ceil(float(start) * (1.0 + hp.up_pol[s, q, 1] / 100.0)))
        if (sel == 0 and prop > limit) or (sel != 0 and prop < limit):
            limit = prop
    return limit if limit > sp else sp


@inline
def _scale_down_limit(s, sp, hp, sv, esl):
    """calculateScaleDownLimitWithBehaviors, capped at spec."""
    sel = hp.down_select[s]
    if sel == 2:
        return sp
    limit = BIG if sel == 0 else -BIG
    for q in range(hp.down_pol.shape[1]):
        if hp.down_pol[s, q, 0] < 0:
            continue
        start = _period_start(s, sp, int(hp.down_pol[s, q, 2]), sv, esl)
        if hp.down_pol[s, q, 0] == 0:
            prop = start - int(hp.down_pol[s, q, 1])
        else:
            prop = int(float(start) * (1.0 - hp.down_pol[s, q, 1] / 100.0))
        if (sel == 0 and prop < limit) or (sel != 0 and prop > limit):
            limit = prop
    return limit if limit < sp else sp


@inline
def _limit_rate(s, sp, stab, hp, sv, esl):
    """convertDesiredReplicasWithBehaviorRate: ``(desired, bound reason or -1)``."""
    if stab > sp:
        limit = _scale_up_limit(s, sp, hp, sv, esl)
        if hp.max_replicas[s] > limit:
            allowed, rr = limit, R_UP_LIMIT
        else:
            allowed, rr = hp.max_replicas[s], R_TOO_MANY
        if stab > allowed:
            return allowed, rr
    elif stab < sp:
        limit = _scale_down_limit(s, sp, hp, sv, esl)
        if hp.min_replicas[s] < limit:
            allowed, rr = limit, R_DOWN_LIMIT
        else:
            allowed, rr = hp.min_replicas[s], R_TOO_FEW
        if stab < allowed:
            return allowed, rr
    return stab, -1


@inline
def _stabilize_legacy(s, k, proposal, hp, sv, hsl):
    """stabilizeRecommendation (no behavior): the highest of the proposal, the recommendations of the
    last ``legacy_window_steps`` steps and the one seeded at the start (``k <= legacy_window_steps``:
    one exactly the window old still counts, not ``Before(cutoff)``); records this step's proposal."""
    stab = _ring_max(sv.rec_hist, s, hsl, hp.legacy_window_steps[s], k, proposal)
    if k <= hp.legacy_window_steps[s] and sv.init_rec[s] > stab:
        stab = sv.init_rec[s]
    sv.rec_hist[s, hsl[0]] = proposal
    return stab


@inline
def _limit_legacy(s, sp, stab, hp):
    """convertDesiredReplicasWithRules: ``(desired, bound reason or -1)``; scale-up to at most
    ``int(max(2 * spec, 4))`` (calculateScaleUpLimit), no scale-down rate limit."""
    cap = int(SCALE_UP_LIMIT_FACTOR * sp)
    if cap < SCALE_UP_LIMIT_MINIMUM:
        cap = int(SCALE_UP_LIMIT_MINIMUM)
    if hp.max_replicas[s] > cap:
        upper, rr = cap, R_UP_LIMIT
    else:
        upper, rr = hp.max_replicas[s], R_TOO_MANY
    if stab < hp.min_replicas[s]:
        return hp.min_replicas[s], R_TOO_FEW
    if stab > upper:
        return upper, rr
    return stab, -1


@inline
def _hpa_reason(sp, proposal, stab, desired, bound_reason, held_reason):
    if bound_reason >= 0:
        return bound_reason
    if stab < proposal:
        return R_UP_STAB
    if stab > proposal:
        return R_DOWN_STAB
    if held_reason >= 0:
        return held_reason
    if desired > sp:
        return R_SCALED_UP
    if desired < sp:
        return R_SCALED_DOWN
    return R_STEADY


@inline
def _hpa_sync(s, k, x, Rc, ign, cpu_pct, hp, sv, hsl, esl, step_s):
    """One HPA sync of service ``s`` seeing load ``x``: ``(desired, raw recommendation, reason)``; records
    the recommendation and the scale event (storeScaleEvent). An HPA without behavior (``hp.legacy``)
    normalizes by :func:`_stabilize_legacy` and :func:`_limit_legacy` (normalizeDesiredReplicas)."""
    sp = sv.spec[s]
    if sp == 0 and hp.min_replicas[s] > 0:
        return 0, 0, R_DISABLED  # horizontal.go: "ScalingDisabled" (TestZeroReplicas)
    if sp > hp.max_replicas[s]:
        sv.ev_down[s, esl[0]] += sp - hp.max_replicas[s]
        return hp.max_replicas[s], hp.max_replicas[s], R_TOO_MANY
    if sp < hp.min_replicas[s]:
        sv.ev_up[s, esl[0]] += hp.min_replicas[s] - sp
        return hp.min_replicas[s], hp.min_replicas[s], R_TOO_FEW
    Rm = sp - sv.pending[s] - sv.dead[s]  # ready and starting (Running, with a sample)
    proposal, held_reason = _metric_proposal(s, hp, sp, x, 1.0 - hp.tol_down[s], 1.0 + hp.tol_up[s], Rc, sp - Rc, ign,
                                             Rm, sp - Rm, cpu_pct)
    if proposal < 0:
        return sp, sp, R_NO_READY  # no samples: upstream errors out and skips the sync
    if hp.legacy[s]:  # no spec.behavior: normalizeDesiredReplicas (its scale events are never read)
        stab = _stabilize_legacy(s, k, proposal, hp, sv, hsl)
        desired, bound_reason = _limit_legacy(s, sp, stab, hp)
    else:
        stab = _stabilize(s, k, sp, proposal, hp, sv, hsl, step_s)
        desired, bound_reason = _limit_rate(s, sp, stab, hp, sv, esl)
    if desired > sp:
        sv.ev_up[s, esl[0]] += desired - sp
    elif desired < sp:
        sv.ev_down[s, esl[0]] += sp - desired
    return desired, proposal, _hpa_reason(sp, proposal, stab, desired, bound_reason, held_reason)


@inline
def _apply_spec(s, desired, hp, sv, pods, nd, lsl, node_mode):
    """New spec: create pending pods, or delete pending, then stuck on failed nodes, then starting
    (latest first), then ready (exact mode: from the node holding the most; the newest-ready leave
    the CPU-initialization record first)."""
    r0 = sv.ready[s]
    if desired > sv.spec[s]:
        sv.pending[s] += desired - sv.spec[s]
    elif desired < sv.spec[s]:
        rem = sv.spec[s] - desired
        take = rem if rem < sv.pending[s] else sv.pending[s]
        sv.pending[s] -= take
        rem -= take
        if node_mode and rem > 0:
            rem -= pl.remove_dead(s, rem, sv, nd)
        rem -= pl.remove_starting(s, rem, pods, sv, nd)
        if rem > 0:
            if node_mode:
                pl.remove_ready(s, rem, pods, sv, nd)
            else:
                sv.ready[s] -= rem
        _forget_ready(s, r0 - sv.ready[s], hp, sv, lsl)
    sv.spec[s] = desired


@inline
def _set_surge(s, desired, sv, pods, nd, node_mode):
    """maxSurge pods during a rolling update (ceil of the fraction, apps/v1 defaults); fewer: pending go first."""
    st = 0
    if sv.deploying[s] > 0:
        st = int(math.ceil(pods.max_surge_frac[s] * desired - 1e-9))
    cur = sv.surge_pend[s] + sv.surge_sched[s]
    if st < cur:
        rem = cur - st
        take = rem if rem < sv.surge_pend[s] else sv.surge_pend[s]
        sv.surge_pend[s] -= take
        if node_mode:
            pl.remove_surge(s, rem - take, pods, sv, nd)
        else:
            sv.surge_sched[s] -= rem - take
    elif st > cur:
        sv.surge_pend[s] += st - cur
    return st


@inline
def _take_sample(s, k, x, hp, pods, cs, sv, cl, nd):
    """Phase 2a for one service: pods become ready, the load enters the metrics-lag ring, and the
    sample the HPA sync will read (the load it sees, the CPU-ignored pods) goes to the scratch."""
    lsl = cl.scratch_lag_slots
    _pods_become_ready(s, k, cl.scratch_hist_slots[0], cl.scratch_event_slots[0], lsl[0], sv, nd)
    sv.load_hist[s, lsl[0]] = x
    lag = hp.metrics_lag_steps[s]
    cl.scratch_x_seen[s] = sv.load_hist[s, lsl[lag]] if k >= lag else sv.load_hist[s, 0]
    cl.scratch_ignored[s] = _cpu_ignored(s, sv.ready[s], hp, pods, sv, lsl, cs.step_s)


@inline
def _manual_scale(s, hp, pods, cs, sv, cl, nd):
    """A scale to or from zero due this step (an event), before the HPA sync; retakes the CPU sample
    (ready pods may have gone). Returns ``(ignored pods, CPU utilization percent)``."""
    lsl = cl.scratch_lag_slots
    if sv.manual[s] == EV_SCALE_TO_ZERO:
        _apply_spec(s, 0, hp, sv, pods, nd, lsl, cs.node_mode)
    elif sv.manual[s] == EV_SCALE_FROM_ZERO and sv.spec[s] == 0:
        _apply_spec(s, hp.min_replicas[s], hp, sv, pods, nd, lsl, cs.node_mode)
    sv.manual[s] = -1
    ign = _cpu_ignored(s, sv.ready[s], hp, pods, sv, lsl, cs.step_s)
    return ign, _cpu_utilization_pct(s, sv.ready[s] - ign, cl.scratch_x_seen[s], hp)


@inline
def _service_step(s, k, kk, hp, pods, cs, sv, cl, nd, so):
    """Phase 2c for one service, after :func:`_take_sample` and the block's CPU utilizations: the HPA
    syncs, the spec and the surge are applied; writes the service's outputs and its pod count. Returns
    what the node phase sums over services: ``(changed, cpu and memory of all its pods, of its
    scheduled pods, 1 if pods wait for a node)``."""
    hsl = cl.scratch_hist_slots
    esl = cl.scratch_event_slots
    lsl = cl.scratch_lag_slots
    if sv.manual[s] >= 0:
        ign, util = _manual_scale(s, hp, pods, cs, sv, cl, nd)
    else:
        ign = cl.scratch_ignored[s]
        util = cl.scratch_util[s]
    x_seen = cl.scratch_x_seen[s]
    Rc = sv.ready[s] - ign
    desired, raw, reason = _hpa_sync(s, k, x_seen, Rc, ign, util, hp, sv, hsl, esl, cs.step_s)
    _apply_spec(s, desired, hp, sv, pods, nd, lsl, cs.node_mode)
    st = _set_surge(s, desired, sv, pods, nd, cs.node_mode)
    so.desired_replicas[kk, s] = desired
    so.raw_recommendation[kk, s] = raw
    so.hpa_reason_code[kk, s] = reason
    so.cpu_utilization_frac[kk, s] = util / 100.0 if util >= 0 else np.nan
    so.ready_pods[kk, s] = sv.ready[s]
    so.surge_pods[kk, s] = st
    c_s = desired + st
    cl.scratch_counts[s] = c_s
    changed = 0
    if c_s != sv.last_counts[s]:
        changed = 1
        sv.last_counts[s] = c_s
    sched = desired - sv.pending[s] - sv.dead[s] + sv.surge_sched[s]
    pend = 1 if (sv.pending[s] > 0 or sv.surge_pend[s] > 0) else 0
    return (changed, c_s * pods.cpu_millicores[s], c_s * pods.memory_mib[s], c_s, sched * pods.cpu_millicores[s],
            sched * pods.memory_mib[s], pend)


# --- 3. packing and the node autoscaler (planner.ca) --------------------------------------------
@inline
def _lower_bound_nodes(lb_c, lb_m, lb_p, cs):
    lb = int(math.ceil(lb_c / cs.node_cpu_millicores - 1e-9))
    v = int(math.ceil(lb_m / cs.node_memory_mib - 1e-9))
    if v > lb:
        lb = v
    v = (lb_p + cs.node_pod_slots - 1) // cs.node_pod_slots
    return v if v > lb else lb


@inline
def _ffd(counts, pods, cs, cl):
    return ffd_nodes_ordered(counts, pods.cpu_millicores, pods.memory_mib, cs.node_cpu_millicores,
                             cs.node_memory_mib, cs.node_pod_slots, pods.ffd_order, cl.scratch_cpu,
                             cl.scratch_mem, cl.scratch_slots)


@inline
def _pack(k, changed, counts, lb_c, lb_m, lb_p, pods, cs, cl):
    """Nodes the pods need: exact FFD when a count changed; incremental packing scales the last exact
    result by the lower bound until it drifts or grows stale (docs/model.md, packing modes)."""
    c = cl.scalars
    if changed or c[CL_PACKED] < 0:
        if cs.packing == PACK_EXACT:
            packed = _ffd(counts, pods, cs, cl)
        else:
            lb = _lower_bound_nodes(lb_c, lb_m, lb_p, cs)
            if (c[CL_LB] <= 0 or c[CL_LB_PACKED] <= 0 or abs(lb - c[CL_LB]) > cs.repack_drift_frac * c[CL_LB]
                    or k - c[CL_LB_STEP] >= cs.repack_steps):
                packed = _ffd(counts, pods, cs, cl)
                c[CL_LB] = lb
                c[CL_LB_PACKED] = packed
                c[CL_LB_STEP] = k
            else:
                packed = int(math.ceil(lb * (c[CL_LB_PACKED] / c[CL_LB]) - 1e-9))
                if packed < lb:
                    packed = lb
        c[CL_PACKED] = packed
    return c[CL_PACKED]


@inline
def _scale_up_nodes(k, needed, cs, cl):
    """Request the missing nodes; ready after the provisioning delay (never while scale-ups fail)."""
    c = cl.scalars
    add = needed - c[CL_NODES_REQUESTED]
    c[CL_NODES_REQUESTED] += add
    c[CL_LAST_SCALE_UP_STEP] = k
    c[CL_REQUEST_STEP] = k
    if c[CL_FAILING] > 0:
        c[CL_STUCK] += add
    elif cs.provisioning_steps <= 0:
        c[CL_NODES_READY] += add
        c[CL_FRESH] += add
    else:
        cl.prov_ring[(k + cs.provisioning_steps) % cl.prov_ring.shape[0]] += add


@inline
def _drop_stuck_nodes(k, cs, cl):
    """Fluid mode's :func:`planner.engine.placement.drop_timed_out_nodes`."""
    c = cl.scalars
    if c[CL_STUCK] > 0 and pl.timed_out(k, cs, cl):
        c[CL_NODES_REQUESTED] -= c[CL_STUCK]
        c[CL_STUCK] = 0
        pl.register_failed_scale_up(k, cs, cl)


@inline
def _unneeded_since(k, excess, cs, cl):
    """``(found, mn)``: ring offset of the latest evaluation strictly more than the unneeded time ago
    (-1: none) and the least excess seen since it."""
    c = cl.scalars
    XW = cl.unneeded_ring.shape[0]
    n = c[CL_N_UNNEEDED]
    mn = excess
    for i in range(min(n, XW)):
        idx = (n - 1 - i) % XW
        v = cl.unneeded_ring[idx, 1]
        if v < mn:
            mn = v
        if (k - cl.unneeded_ring[idx, 0]) * cs.step_s > cs.scale_down_unneeded_s:
            return i, mn
    return -1, mn


@inline
def _scale_down_nodes(k, needed, sc_c, sc_m, cs, cl):
    """Scale-down evaluation (planner.ca.decide, step 2): returns the node reason."""
    c = cl.scalars
    XW = cl.unneeded_ring.shape[0]
    tc = c[CL_NODES_READY] * cs.ds_cpu_millicores + sc_c
    tm = c[CL_NODES_READY] * cs.ds_memory_mib + sc_m
    u = tc / cs.alloc_cpu_millicores
    if tm / cs.alloc_memory_mib > u:
        u = tm / cs.alloc_memory_mib
    keep = int(math.floor(u / cs.scale_down_threshold_frac + 1e-9))
    if keep < needed:
        keep = needed
    excess = c[CL_NODES_READY] - keep
    if excess < 0:
        excess = 0
    n = c[CL_N_UNNEEDED]
    cl.unneeded_ring[n % XW, 0] = k
    cl.unneeded_ring[n % XW, 1] = excess
    c[CL_N_UNNEEDED] = n + 1
    if excess <= 0:
        return N_PROV if c[CL_NODES_REQUESTED] > c[CL_NODES_READY] else N_STEADY
    found, mn = _unneeded_since(k, excess, cs, cl)
    if (k - c[CL_LAST_SCALE_UP_STEP]) * cs.step_s < cs.scale_down_delay_after_add_s:
        return N_DELAY_ADD
    if found < 0 or mn <= 0:
        return N_UNNEEDED_WAIT
    r = mn if mn < cs.scale_down_parallelism else cs.scale_down_parallelism
    c[CL_NODES_READY] -= r
    c[CL_NODES_REQUESTED] -= r
    n = c[CL_N_UNNEEDED]
    for i in range(found + 1):  # the nodes left keep their unneeded timers
        idx = (n - 1 - i) % XW
        v = cl.unneeded_ring[idx, 1] - r
        cl.unneeded_ring[idx, 1] = v if v > 0 else 0
    return N_DOWN


@inline
def _node_autoscaler(k, packed, sc_c, sc_m, cs, cl):
    """``(nodes_needed, reason)``; a scale-up loop does not evaluate scale-down; a backed-off node group
    is not scaled up."""
    _drop_stuck_nodes(k, cs, cl)
    needed = packed + cs.spare_nodes
    if needed < cs.min_nodes:
        needed = cs.min_nodes
    if needed > cs.max_nodes:
        needed = cs.max_nodes
    if needed > cl.scalars[CL_NODES_REQUESTED] and not pl.backed_off(k, cs, cl):
        _scale_up_nodes(k, needed, cs, cl)
        nreason = N_UP  # unneeded timers carry on
    else:
        nreason = _scale_down_nodes(k, needed, sc_c, sc_m, cs, cl)
        if needed > cl.scalars[CL_NODES_REQUESTED] and nreason != N_DOWN:
            nreason = N_BACKOFF
    if nreason == N_STEADY and needed == cs.max_nodes and packed + cs.spare_nodes > cs.max_nodes:
        nreason = N_MAX
    return needed, nreason


# --- 4. scheduling (fluid mode: room as sums; exact mode: planner.engine.placement) -------------
@inline
def _start_pods(s, n, n_cached, k, sv, pods):
    """``n`` pods of ``s`` start; the first ``n_cached`` on nodes that have the image, the rest on new
    nodes, where the image is pulled first."""
    if n_cached > 0:
        pl._batch_push(s, -1, n_cached, k + pods.startup_steps[s], sv)
    if n > n_cached:
        pl._batch_push(s, -1, n - n_cached, k + pods.pull_steps[s] + pods.startup_steps[s], sv)


@inline
def _fit(n, fc, fm, fp, c, m):
    """How many of ``n`` pods (requests ``c``, ``m``) the free room (sums) holds."""
    if fp < n:
        n = fp
    v = int(fc / c + 1e-9) if c > 0 else n
    if v < n:
        n = v
    v = int(fm / m + 1e-9) if m > 0 else n
    if v < n:
        n = v
    return n if n > 0 else 0


@inline
def _schedule_fluid(k, packed, nready, sv, pods, cs, cl):
    """All pending pods when FFD of every pod fits the ready nodes; else each service's own pending
    pods in FFD order, then their surge pods, while the free room (sums) holds them. Pods fill the
    room of the nodes that were ready before this step first; the rest land on the nodes that just
    became ready and wait for their image (fluid mode knows no node by name: docs/model.md)."""
    S = sv.spec.shape[0]
    all_fit = packed <= nready
    fresh = cl.scalars[CL_FRESH]
    if all_fit and fresh == 0:
        for s in range(S):
            if sv.pending[s] > 0:
                _start_pods(s, sv.pending[s], sv.pending[s], k, sv, pods)
                sv.pending[s] = 0
            sv.surge_sched[s] += sv.surge_pend[s]
            sv.surge_pend[s] = 0
        return
    fc = nready * cs.node_cpu_millicores
    fm = nready * cs.node_memory_mib
    fp = nready * cs.node_pod_slots
    oc = (nready - fresh) * cs.node_cpu_millicores
    om = (nready - fresh) * cs.node_memory_mib
    op = (nready - fresh) * cs.node_pod_slots
    for s in range(S):
        sched = sv.spec[s] - sv.pending[s] + sv.surge_sched[s]
        fc -= sched * pods.cpu_millicores[s]
        fm -= sched * pods.memory_mib[s]
        fp -= sched
        oc -= sched * pods.cpu_millicores[s]
        om -= sched * pods.memory_mib[s]
        op -= sched
    for phase in range(2):
        for oi in range(S):
            s = pods.ffd_order[oi]
            want = sv.pending[s] if phase == 0 else sv.surge_pend[s]
            if want <= 0:
                continue
            c = pods.cpu_millicores[s]
            m = pods.memory_mib[s]
            n = want if all_fit else _fit(want, fc, fm, fp, c, m)
            if n <= 0:
                continue
            fc -= n * c
            fm -= n * m
            fp -= n
            n_cached = _fit(n, oc, om, op, c, m)
            oc -= n_cached * c
            om -= n_cached * m
            op -= n_cached
            if phase == 0:
                sv.pending[s] -= n
                _start_pods(s, n, n_cached, k, sv, pods)
            else:
                sv.surge_pend[s] -= n
                sv.surge_sched[s] += n


# --- 5. outputs ---------------------------------------------------------------------------------
@inline
def _cluster_outputs(kk, any_pending, needed, nreason, sc_c, sc_m, sv, pods, cs, cl, nd, so, co):
    nready = cl.scalars[CL_NODES_READY]
    for s in range(sv.spec.shape[0]):  # a loop, not a slice: the parallel build would make a slice a parfor
        so.pending_pods[kk, s] = sv.pending[s] if any_pending else 0
        so.lost_pods[kk, s] = sv.dead[s]
    if cs.node_mode:
        rc, rm = pl.requested_fractions(nd, cs)
        failed = 0
        for n in range(nd.used[0]):
            if nd.state[n] == NODE_FAILED:
                failed += 1
    else:
        tc = nready * cs.ds_cpu_millicores
        tm = nready * cs.ds_memory_mib
        if any_pending:
            for s in range(sv.spec.shape[0]):
                sched = sv.spec[s] - sv.pending[s] + sv.surge_sched[s]
                tc += sched * pods.cpu_millicores[s]
                tm += sched * pods.memory_mib[s]
        else:
            tc += sc_c
            tm += sc_m
        rc = tc / (nready * cs.alloc_cpu_millicores) if nready > 0 else np.nan
        rm = tm / (nready * cs.alloc_memory_mib) if nready > 0 else np.nan
        failed = 0
    co.nodes_needed[kk] = needed
    co.nodes_requested[kk] = cl.scalars[CL_NODES_REQUESTED]
    co.nodes_ready[kk] = nready
    co.node_reason_code[kk] = nreason
    co.requested_cpu_frac[kk] = rc
    co.requested_memory_frac[kk] = rm
    co.nodes_failed[kk] = failed


# --- the loop -----------------------------------------------------------------------------------
@inline
def _step_start(k, kk, load, events, sv, nd, cs, cl):
    """Ring slots of this step and the steps before it (once for all services), nodes that become
    ready, events of the step, evictions that are due."""
    hsl = cl.scratch_hist_slots
    esl = cl.scratch_event_slots
    lsl = cl.scratch_lag_slots
    HW = hsl.shape[0]
    EW = esl.shape[0]
    LW = lsl.shape[0]
    for d in range(HW):
        hsl[d] = (k - d) % HW if k - d >= 0 else -1
    for d in range(EW):
        esl[d] = (k - d) % EW if k - d >= 0 else -1
    for d in range(LW):  # one modulo per slot and step, not a few per service (integer division is slow)
        lsl[d] = (k - d) % LW if k - d >= 0 else -1
    _nodes_become_ready(k, cs, cl, nd)
    _apply_events(k, kk, load, events, sv, nd, cs, cl)
    if cs.node_mode:
        pl.evictions_due(k, sv, nd)


@inline
def _step_end(k, kk, n_changed, lb_c, lb_m, lb_p, sc_c, sc_m, n_pending, sv, pods, cs, cl, nd, so, co):
    """Phases 3-5. Fluid mode: packing and the node autoscaler, then scheduling into the room.
    Exact mode: the scheduler places pending pods on nodes, then the autoscaler adds nodes for what
    stayed pending or removes unneeded ones."""
    if cs.node_mode:
        pl.schedule_nodes(k, sv, pods, nd, cs, nd.zone_count)
        needed, nreason = pl.node_autoscaler_nodes(k, sv, pods, nd, cs, cl)
        any_pending = False
        for s in range(sv.spec.shape[0]):
            if sv.pending[s] > 0:
                any_pending = True
        _cluster_outputs(kk, any_pending, needed, nreason, sc_c, sc_m, sv, pods, cs, cl, nd, so, co)
        return
    packed = _pack(k, n_changed > 0, cl.scratch_counts, lb_c, lb_m, lb_p, pods, cs, cl)
    needed, nreason = _node_autoscaler(k, packed, sc_c, sc_m, cs, cl)
    if n_pending > 0:
        _schedule_fluid(k, packed, cl.scalars[CL_NODES_READY], sv, pods, cs, cl)
    _cluster_outputs(kk, n_pending > 0, needed, nreason, sc_c, sc_m, sv, pods, cs, cl, nd, so, co)


@inline
def _service_block(b, k, kk, load, hp, pods, cs, sv, cl, nd, so):
    """Phase 2 for the services of block ``b`` (:data:`SERVICE_BLOCK` of them, in order): their sums go
    to ``cl.scratch_block_sums[b]``."""
    S = load.shape[1]
    s1 = (b + 1) * SERVICE_BLOCK
    n_changed = 0
    lb_c = 0.0
    lb_m = 0.0
    lb_p = 0
    sc_c = 0.0
    sc_m = 0.0
    n_pending = 0
    s0 = b * SERVICE_BLOCK
    s1 = s1 if s1 < S else S
    for s in range(s0, s1):
        _take_sample(s, k, load[kk, s], hp, pods, cs, sv, cl, nd)
    # the CPU utilizations in a loop of their own: each is a long chain of dependent divisions and
    # roundings, and independent iterations let the CPU overlap the chains of many services
    for s in range(s0, s1):
        cl.scratch_util[s] = _cpu_utilization_pct(s, sv.ready[s] - cl.scratch_ignored[s], cl.scratch_x_seen[s], hp)
    for s in range(s0, s1):
        ch, cpu_s, mem_s, pods_s, sched_cpu_s, sched_mem_s, pend = _service_step(
            s, k, kk, hp, pods, cs, sv, cl, nd, so)
        n_changed += ch
        lb_c += cpu_s
        lb_m += mem_s
        lb_p += pods_s
        sc_c += sched_cpu_s
        sc_m += sched_mem_s
        n_pending += pend
    out = cl.scratch_block_sums[b]
    out[0] = n_changed
    out[1] = lb_c
    out[2] = lb_m
    out[3] = lb_p
    out[4] = sc_c
    out[5] = sc_m
    out[6] = n_pending


@compiled
def _thread_blocks(t, T, k, kk, load, hp, pods, cs, sv, cl, nd, so):
    """Phase 2 for the ``t``-th of ``T`` equal runs of blocks, in block order. A called function in the
    parallel build, which runs one such call on each of its threads per step (numba's parfor analysis
    cannot see through an inlined body); the serial build inlines it. One call per thread, not one per
    block: a call passes every field of every record it takes, and the fleet-year case's day-long chunk
    took 62 ms a day with a call per block (8 blocks of 128 services), 49 ms with one per thread
    (median of three alternating runs each, 2 threads, 2026-12-03)."""
    NB = cl.scratch_block_sums.shape[0]
    for b in range(t * NB // T, (t + 1) * NB // T):
        _service_block(b, k, kk, load, hp, pods, cs, sv, cl, nd, so)


@inline
def _block_totals(sums):
    """The blocks' sums added in block order (one order whatever the build and the thread count):
    ``(changed, cpu, memory, pods, scheduled cpu, scheduled memory, waiting)``."""
    n_changed = 0
    lb_c = 0.0
    lb_m = 0.0
    lb_p = 0
    sc_c = 0.0
    sc_m = 0.0
    n_pending = 0
    for b in range(sums.shape[0]):
        n_changed += int(sums[b, 0])
        lb_c += sums[b, 1]
        lb_m += sums[b, 2]
        lb_p += int(sums[b, 3])
        sc_c += sums[b, 4]
        sc_m += sums[b, 5]
        n_pending += int(sums[b, 6])
    return n_changed, lb_c, lb_m, lb_p, sc_c, sc_m, n_pending


def _run_chunk_impl(k0, load, events, hp, pods, cs, sv, cl, nd, so, co, n_threads):
    """Advance every service and the node pool over ``load.shape[0]`` steps from global step ``k0``;
    ``n_threads``: the parallel build's threads (given, not read with ``numba.get_num_threads()``,
    which would make the kernel uncachable: a function pointer compiled in as a dynamic global)."""
    nk = load.shape[0]
    sums = cl.scratch_block_sums
    NB = sums.shape[0]
    T = n_threads if n_threads < NB else NB  # runs of blocks: one per thread, at most one per block
    for kk in range(nk):
        k = k0 + kk
        _step_start(k, kk, load, events, sv, nd, cs, cl)
        # services are independent within this phase (in fluid mode): prange runs the runs of blocks
        # on all cores in the parallel build of this kernel, and is a plain range in the serial one
        for t in prange(T):
            _thread_blocks(t, T, k, kk, load, hp, pods, cs, sv, cl, nd, so)
        n_changed, lb_c, lb_m, lb_p, sc_c, sc_m, n_pending = _block_totals(sums)
        _step_end(k, kk, n_changed, lb_c, lb_m, lb_p, sc_c, sc_m, n_pending, sv, pods, cs, cl, nd, so, co)


def _named_copy(func, name: str, **replace_globals):
    """The same function under another qualified name (numba's on-disk cache is keyed by the
    qualified name, so two builds of one body need two names), optionally resolving some globals
    to other objects."""
    glob = func.__globals__
    if replace_globals:
        glob = {**glob, **replace_globals}
    g = types.FunctionType(func.__code__, glob, name, func.__defaults__, func.__closure__)
    g.__qualname__ = name
    return g


# the serial build inlines the per-service phase too (the parallel build must call it: numba's parfor
# analysis cannot see through an inlined body): its call passed every record once a step, 800 stack
# writes, which was most of what was left (default scenario, kernel 6.2 -> 1.9 ms a plan)
_thread_blocks_inlined = inline(_named_copy(_thread_blocks.py_func, "_thread_blocks_inlined"))
run_chunk_serial = njit(cache=True, nogil=True, _nrt=False, error_model="numpy")(
    _named_copy(_run_chunk_impl, "run_chunk_serial", _thread_blocks=_thread_blocks_inlined))
# the parallel build runs without reference counting too (the note at the top): its parallel loop
# allocates nothing (no reductions: the blocks' sums are in the state). Fleet-year day chunk (1,000
# services x 1,440 steps, 2 threads), with and without counting in one process, chunk by chunk: 3-7 %
# faster without in each of five runs (paired medians 0.931-0.975, 2026-12-04), the same arrays to
# the bit; why (the step's serial phases paying atomic increments) is inferred, not read in the IR.
run_chunk_parallel = njit(cache=True, nogil=True, parallel=True, _nrt=False, error_model="numpy")(
    _named_copy(_run_chunk_impl, "run_chunk_parallel"))
