"""Hourly aggregates of the per-step outputs, in one compiled pass per chunk.

``h_out[F, H, S]`` holds the :data:`HOURLY_FIELDS` per hour and service, ``c_out[F, H]`` the
:data:`CLUSTER_HOURLY_FIELDS` per hour; the ``H_*`` / ``C_*`` constants are their indices. Means
are over the hour's steps unless the name says otherwise (``*_max``, ``load_requests``,
``shortfall_requests`` and ``node_seconds`` are maxima or sums).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from planner.engine.codes import N_HPA_REASONS, R_STEADY, R_WITHIN_TOL

HOURLY_FIELDS = ("load_requests_per_s", "peak_load_requests_per_s", "desired_replicas", "desired_replicas_max",
                 "ready_pods", "pending_pods", "surge_pods", "capacity_requests_per_s", "cpu_utilization_frac",
                 "load_requests", "shortfall_requests", "hpa_reason_code")
CLUSTER_HOURLY_FIELDS = ("nodes_needed", "nodes_requested", "nodes_requested_max", "nodes_ready", "node_seconds",
                         "requested_cpu_frac", "requested_memory_frac", "pods", "nodes_requested_min")
(H_LOAD, H_PEAK_LOAD, H_DESIRED, H_DESIRED_MAX, H_READY, H_PENDING, H_SURGE, H_CAPACITY, H_CPU_UTIL, H_LOAD_REQ,
 H_SHORT_REQ, H_REASON) = range(len(HOURLY_FIELDS))
(C_NEEDED, C_REQUESTED, C_REQUESTED_MAX, C_READY, C_NODE_SECONDS, C_REQ_CPU, C_REQ_MEM, C_PODS,
 C_REQUESTED_MIN) = range(len(CLUSTER_HOURLY_FIELDS))
RUN_MIN_HEADROOM, RUN_PODS_PEAK = 0, 1  #: indices of the running extrema


@njit(cache=True, nogil=True)
def _hour_reason(counts_s):
    """The most frequent code other than Steady/WithinTolerance, if any occurred."""
    best = -1
    bn = 0
    for r in range(N_HPA_REASONS):
        if r == R_STEADY or r == R_WITHIN_TOL:
            continue
        if counts_s[r] > bn:
            bn = counts_s[r]
            best = r
    if best < 0:
        best = R_STEADY if counts_s[R_STEADY] >= counts_s[R_WITHIN_TOL] else R_WITHIN_TOL
    return best


@njit(cache=True, nogil=True)
def aggregate_hours(sph, step_s, load, cap, so, co, h_out, c_out, running, pods_min, pods_max):
    """Add a chunk's hours to ``h_out``/``c_out`` (the chunk's slab, zeroed); updates the running
    extrema ``running`` (min headroom, peak total pods) and ``pods_min``/``pods_max`` per service."""
    nk, S = load.shape
    H = nk // sph
    counts = np.zeros((S, N_HPA_REASONS), np.int64)
    inv = 1.0 / sph
    for h in range(H):
        counts[:, :] = 0
        util_n = np.zeros(S, np.int64)
        cpu_n = 0
        mem_n = 0
        for i in range(sph):
            kk = h * sph + i
            tl = 0.0
            tc = 0.0
            tp = 0
            for s in range(S):
                x = load[kk, s]
                c = so.ready_pods[kk, s] * cap[s]
                d = so.desired_replicas[kk, s]
                h_out[H_LOAD, h, s] += x
                if x > h_out[H_PEAK_LOAD, h, s] or i == 0:
                    h_out[H_PEAK_LOAD, h, s] = x
                h_out[H_DESIRED, h, s] += d
                if d > h_out[H_DESIRED_MAX, h, s] or i == 0:
                    h_out[H_DESIRED_MAX, h, s] = d
                h_out[H_READY, h, s] += so.ready_pods[kk, s]
                h_out[H_PENDING, h, s] += so.pending_pods[kk, s]
                h_out[H_SURGE, h, s] += so.surge_pods[kk, s]
                h_out[H_CAPACITY, h, s] += c
                u = so.cpu_utilization_frac[kk, s]
                if u == u:
                    h_out[H_CPU_UTIL, h, s] += u
                    util_n[s] += 1
                h_out[H_LOAD_REQ, h, s] += x * step_s
                if x > c:
                    h_out[H_SHORT_REQ, h, s] += (x - c) * step_s
                counts[s, so.hpa_reason_code[kk, s]] += 1
                tl += x
                tc += c
                tp += d
                if d < pods_min[s]:
                    pods_min[s] = d
                if d > pods_max[s]:
                    pods_max[s] = d
            if tc > 0:
                head = 1.0 - tl / tc
            elif tl > 0:
                head = -np.inf
            else:
                head = 1.0
            if head < running[RUN_MIN_HEADROOM]:
                running[RUN_MIN_HEADROOM] = head
            if tp > running[RUN_PODS_PEAK]:
                running[RUN_PODS_PEAK] = tp
            requested = co.nodes_requested[kk]
            c_out[C_NEEDED, h] += co.nodes_needed[kk]
            c_out[C_REQUESTED, h] += requested
            if requested > c_out[C_REQUESTED_MAX, h] or i == 0:
                c_out[C_REQUESTED_MAX, h] = requested
            if requested < c_out[C_REQUESTED_MIN, h] or i == 0:
                c_out[C_REQUESTED_MIN, h] = requested
            c_out[C_READY, h] += co.nodes_ready[kk]
            c_out[C_NODE_SECONDS, h] += requested * step_s
            if co.requested_cpu_frac[kk] == co.requested_cpu_frac[kk]:
                c_out[C_REQ_CPU, h] += co.requested_cpu_frac[kk]
                cpu_n += 1
            if co.requested_memory_frac[kk] == co.requested_memory_frac[kk]:
                c_out[C_REQ_MEM, h] += co.requested_memory_frac[kk]
                mem_n += 1
            c_out[C_PODS, h] += tp
        for f in (H_LOAD, H_DESIRED, H_READY, H_PENDING, H_SURGE, H_CAPACITY):
            for s in range(S):
                h_out[f, h, s] *= inv
        for f in (C_NEEDED, C_REQUESTED, C_READY, C_PODS):
            c_out[f, h] *= inv
        for s in range(S):
            h_out[H_CPU_UTIL, h, s] = h_out[H_CPU_UTIL, h, s] / util_n[s] if util_n[s] > 0 else np.nan
            h_out[H_REASON, h, s] = _hour_reason(counts[s])
        c_out[C_REQ_CPU, h] = c_out[C_REQ_CPU, h] / cpu_n if cpu_n > 0 else np.nan
        c_out[C_REQ_MEM, h] = c_out[C_REQ_MEM, h] / mem_n if mem_n > 0 else np.nan
