"""The start of a run: the state at step 0 (docs/model.md, Start state).

``steady``: every service at its steady replicas for the first step's load; ``cold``: at min
replicas; exact mode places those pods with the scheduling pass
(:func:`planner.engine.placement.initial_placement`, pause pods included), fluid mode counts
``clamp(FFD + spare_nodes, min_nodes, max_nodes)`` ready nodes.
"""

from __future__ import annotations

import numpy as np

from planner.engine import placement
from planner.engine.params import FleetParams, kernel_inputs
from planner.engine.state import (CL_BACKOFF_UNTIL_S, CL_LAST_FAILURE_S, CL_LAST_SCALE_UP_STEP, CL_NODES_READY,
                                  CL_NODES_REQUESTED, CL_PACKED, N_BLOCK_SUMS, N_CL, SERVICE_BLOCK,
                                  NO_SCALE_UP_YET, ClusterState, EngineState, NodeState, ServiceState, ffd_order,
                                  packed_nodes, steady_replicas)


def _node_slots(p: FleetParams) -> int:
    """Node slots of an exact-mode run: every pod on its own node, twice over (failed nodes stay until
    removed while their replacements come), plus pause pods and min_nodes, within max_nodes."""
    pods = int(np.ceil(p.max_replicas * (1.0 + p.max_surge_frac)).sum())
    return int(max(1, min(p.max_nodes, 2 * (pods + p.pause_pods) + p.min_nodes + p.zones + 4)))


def _node_state(p: FleetParams, N: int, S: int) -> NodeState:
    Z = max(1, p.zones)
    i = lambda *shape: np.zeros(shape, np.int64)  # noqa: E731
    f = lambda *shape: np.zeros(shape, np.float64)  # noqa: E731
    pause_pend = i(Z + 1)
    if p.spare_per_zone:
        pause_pend[:Z] = p.spare_nodes
    else:
        pause_pend[Z] = p.spare_nodes
    return NodeState(state=i(N), zone=i(N), ready_at=i(N), failed_at=i(N), evict_at=np.full(N, -1, np.int64),
                     unneeded_since=np.full(N, -1, np.int64), cpu=f(N), mem=f(N), slots=i(N), pause=i(N),
                     ready_pods=i(N, S), starting=i(N, S), dead=i(N, S), surge=i(N, S), zone_next_taint=f(Z),
                     pause_pend=pause_pend, zone_count=i(Z), scratch_cpu=f(N), scratch_mem=f(N),
                     scratch_slots=i(N), scratch_cpu2=f(N), scratch_mem2=f(N), scratch_slots2=i(N),
                     scratch_util=f(N), scratch_idx=i(N), scratch_flag=i(N), scratch_zone=i(N),
                     image_at=np.full((N, S), -1, np.int64), used=i(1))


def initial_state(p: FleetParams, load0: np.ndarray, max_nodes_hint: int | None = None) -> EngineState:
    """``steady``: every service at its steady replicas for ``load0``; ``cold``: at min replicas;
    those pods ready on the nodes they need: in exact mode placed by the scheduling pass
    (:func:`planner.engine.placement.initial_placement`, pause pods included), in fluid mode on
    ``clamp(FFD + spare_nodes, min_nodes, max_nodes)`` ready nodes."""
    S = p.n_services
    spec = p.min_replicas.copy() if p.cold_start else steady_replicas(p, load0)
    order = ffd_order(p)
    hw = int(max(p.up_window_steps.max(initial=0), p.down_window_steps.max(initial=0),
                 p.legacy_window_steps.max(initial=0))) + 1
    ew = int(max(p.up_pol[:, :, 2].max(initial=0), p.down_pol[:, :, 2].max(initial=0), 0)) + 1
    lw = int(p.metrics_lag_steps.max(initial=0)) + 1
    B = int(p.max_replicas.max(initial=1)) + 2  # a batch holds >= 1 starting pod: at most spec batches
    packed = packed_nodes(p, spec, order)
    cl = np.zeros(N_CL, np.int64)
    cl[CL_LAST_SCALE_UP_STEP] = NO_SCALE_UP_YET
    cl[CL_PACKED] = -1
    cl[CL_BACKOFF_UNTIL_S] = -1
    cl[CL_LAST_FAILURE_S] = NO_SCALE_UP_YET
    scratch_n = max_nodes_hint or int(p.max_replicas.sum() * (1 + p.max_surge_frac.max(initial=0)) + 2)
    zeros = lambda: np.zeros(S, np.int64)  # noqa: E731
    services = ServiceState(
        spec=spec, ready=zeros() if p.node_mode else spec.copy(), pending=spec.copy() if p.node_mode else zeros(),
        dead=zeros(), sb_node=np.zeros((S, B), np.int64), sb_count=np.zeros((S, B), np.int64),
        sb_ready=np.zeros((S, B), np.int64), sb_head=zeros(), sb_len=zeros(), surge_pend=zeros(),
        surge_sched=zeros(), rec_hist=np.full((S, hw), -1, np.int64), ev_up=np.zeros((S, ew), np.int64),
        ev_down=np.zeros((S, ew), np.int64), init_rec=spec.copy(), last_counts=np.full(S, -1, np.int64),
        deploying=zeros(), load_hist=np.zeros((S, lw)), ready_hist=np.zeros((S, lw), np.int64),
        manual=np.full(S, -1, np.int64))
    cluster = ClusterState(
        scalars=cl, prov_ring=np.zeros(max(1, p.provisioning_steps) + 1, np.int64),
        unneeded_ring=np.zeros((p.scale_down_unneeded_s // p.step_s + 3, 2), np.int64),
        scratch_cpu=np.empty(scratch_n + 1), scratch_mem=np.empty(scratch_n + 1),
        scratch_slots=np.empty(scratch_n + 1, np.int64), scratch_counts=np.empty(S, np.int64),
        scratch_hist_slots=np.empty(hw, np.int64), scratch_event_slots=np.empty(ew, np.int64),
        scratch_lag_slots=np.empty(lw, np.int64),
        scratch_x_seen=np.empty(S), scratch_ignored=np.empty(S, np.int64), scratch_util=np.empty(S),
        scratch_block_sums=np.zeros((-(-S // SERVICE_BLOCK), N_BLOCK_SUMS)))
    nodes = _node_state(p, _node_slots(p) if p.node_mode else 1, S if p.node_mode else 1)
    if p.node_mode:
        _, pods, cs = kernel_inputs(p, order)
        placement.initial_placement(packed, services, pods, nodes, cs, cluster)
    else:
        n = min(p.max_nodes, max(p.min_nodes, packed + p.spare_nodes))
        cl[CL_NODES_READY] = cl[CL_NODES_REQUESTED] = n
    return EngineState(services, cluster, nodes, order)


