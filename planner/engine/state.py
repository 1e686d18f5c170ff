"""What the kernel carries from one step (and chunk) to the next, and its per-step outputs.

State is grouped in two named tuples of arrays that the kernel mutates in place:
:class:`ServiceState` (per service) and :class:`ClusterState` (the node pool; its scalars live in
``ClusterState.scalars`` at the ``CL_*`` indices). Outputs of a chunk are :class:`StepOut` ``[nk, S]``
and :class:`ClusterOut` ``[nk]``, whose field names are the names of the per-step frames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from planner.engine.params import FleetParams
from planner.packing import ffd_nodes_ordered, ffd_order_py
from planner.scenario import ScenarioError

# indices into ClusterState.scalars (int64)
CL_NODES_READY = 0
CL_NODES_REQUESTED = 1
CL_LAST_SCALE_UP_STEP = 2
CL_N_UNNEEDED = 3  #: scale-down evaluations recorded (the ring holds the latest)
CL_PACKED = 4  #: nodes of the last pack (-1: none yet)
CL_LB = 5  #: incremental packing: lower bound at the last exact pack
CL_LB_PACKED = 6  #: ... the exact node count then
CL_LB_STEP = 7  #: ... and its step
CL_EVENT = 8  #: next unapplied row of the event array
CL_FAILING = 9  #: scale-up failure windows in force (nodes requested now never come up)
CL_STUCK = 10  #: fluid mode: requested nodes that will never come up
CL_REQUEST_STEP = 11  #: the step of the last scale-up (the request's ExpectedAddTime counts from it)
CL_BACKOFF_UNTIL_S = 12  #: the node group is backed off until this time [s] (-1: no entry)
CL_BACKOFF_S = 13  #: ... for this long ...
CL_LAST_FAILURE_S = 14  #: ... after a failure at this time
CL_FRESH = 15  #: fluid mode: nodes that became ready this step (no image cached)
N_CL = 16
#: services per block of the per-service phase: the kernel sums each block's requests, then the blocks
#: in order, so the serial and the parallel build add in one order whatever the thread count
SERVICE_BLOCK = 128
N_BLOCK_SUMS = 7  #: changed, cpu, memory, pods, scheduled cpu, scheduled memory, waiting (see kernel._service_block)
NEVER = 1 << 40  #: the ready step of a node that never comes up
NO_SCALE_UP_YET = -(10 ** 9)
# node slot states (exact mode)
NODE_FREE, NODE_PROVISIONING, NODE_READY, NODE_FAILED = 0, 1, 2, 3


class ServiceState(NamedTuple):
    """Per-service state [S] (rings [S, W])."""

    spec: np.ndarray  #: the Deployment's spec.replicas
    ready: np.ndarray  #: pods past start-up
    pending: np.ndarray  #: pods waiting for a node
    dead: np.ndarray  #: pods stuck on failed nodes until evicted (not serving, counted in spec)
    sb_node: np.ndarray  #: [S, B] starting pods, a FIFO of batches: node (-1 in fluid mode) ...
    sb_count: np.ndarray  #: [S, B] ... how many ...
    sb_ready: np.ndarray  #: [S, B] ... and the step they become ready
    sb_head: np.ndarray  #: [S] first batch
    sb_len: np.ndarray  #: [S] batches in the FIFO
    surge_pend: np.ndarray  #: surge pods waiting for a node
    surge_sched: np.ndarray  #: surge pods placed
    rec_hist: np.ndarray  #: [S, HW] raw recommendations of the latest steps (-1: none)
    ev_up: np.ndarray  #: [S, EW] pods added per step (scale events)
    ev_down: np.ndarray  #: [S, EW] pods removed per step
    init_rec: np.ndarray  #: replicas when the HPA was first seen (recordInitialRecommendation)
    last_counts: np.ndarray  #: pods (spec + surge) at the last pack (-1: none)
    deploying: np.ndarray  #: rolling updates in progress (a counter)
    load_hist: np.ndarray  #: [S, LW] load of the latest steps (slot k % LW), for the metrics lag
    ready_hist: np.ndarray  #: [S, LW] pods that became ready at step k (and still are), slot k % LW
    manual: np.ndarray  #: [S] a scale to/from zero due this step (the event kind), -1: none


class ClusterState(NamedTuple):
    """The node pool's state."""

    scalars: np.ndarray  #: int64 [N_CL], see the CL_* indices
    prov_ring: np.ndarray  #: nodes becoming ready at step k (slot k % PW)
    unneeded_ring: np.ndarray  #: [XW, 2] (step, excess) of the latest scale-down evaluations
    scratch_cpu: np.ndarray  #: FFD scratch: free room per open node
    scratch_mem: np.ndarray
    scratch_slots: np.ndarray
    scratch_counts: np.ndarray  #: [S] pods per service of this step (the kernel allocates nothing)
    scratch_hist_slots: np.ndarray  #: [HW] ring slots of this step's recommendation history
    scratch_event_slots: np.ndarray  #: [EW] ring slots of this step's scale events
    scratch_lag_slots: np.ndarray  #: [LW] ring slots of this step's load and ready history (metrics lag)
    scratch_x_seen: np.ndarray  #: [S] the load each service's HPA sees this step (after the metrics lag)
    scratch_ignored: np.ndarray  #: [S] its ready pods whose CPU sample is ignored (CPU initialization)
    scratch_util: np.ndarray  #: [S] its CPU utilization percent over the other ready pods (-1: none)
    scratch_block_sums: np.ndarray  #: [ceil(S / SERVICE_BLOCK), N_BLOCK_SUMS] the per-service phase's sums per block


class NodeState(NamedTuple):
    """The node slots of exact mode ``[N]`` / ``[N, S]`` (size-1 placeholders in fluid mode)."""

    state: np.ndarray  #: NODE_FREE / NODE_PROVISIONING / NODE_READY / NODE_FAILED
    zone: np.ndarray
    ready_at: np.ndarray  #: provisioning: the step it becomes ready
    failed_at: np.ndarray
    evict_at: np.ndarray  #: failed: the step its pods are evicted (-1: none)
    unneeded_since: np.ndarray  #: the step it became unneeded (-1: not unneeded)
    cpu: np.ndarray  #: requests of the pods on it [millicores] (DaemonSets not included)
    mem: np.ndarray  #: [MiB]
    slots: np.ndarray  #: pods on it
    pause: np.ndarray  #: pause pods on it
    ready_pods: np.ndarray  #: [N, S] ready pods of each service
    starting: np.ndarray  #: [N, S] starting pods
    dead: np.ndarray  #: [N, S] pods stuck on the failed node
    surge: np.ndarray  #: [N, S] surge pods
    zone_next_taint: np.ndarray  #: [Z] earliest time the zone may taint its next NotReady node [s]
    pause_pend: np.ndarray  #: [Z + 1] pending pause pods per pinned zone, [Z]: any zone
    zone_count: np.ndarray  #: [Z] scratch: pods of one service per zone
    scratch_cpu: np.ndarray  #: [N] scratch room for the autoscaler's simulations
    scratch_mem: np.ndarray
    scratch_slots: np.ndarray
    scratch_cpu2: np.ndarray
    scratch_mem2: np.ndarray
    scratch_slots2: np.ndarray
    scratch_util: np.ndarray
    scratch_idx: np.ndarray
    scratch_flag: np.ndarray
    scratch_zone: np.ndarray
    image_at: np.ndarray  #: [N, S] the step service s's image is on node n (-1: not pulled)
    used: np.ndarray  #: [1] slots taken so far (a high-water mark): every slot from ``used[0]`` on is free and
    #: was never taken, so the loops over nodes stop there (a plan uses a few of its slots)


class StepOut(NamedTuple):
    """Per-step, per-service outputs of a chunk ``[nk, S]``."""

    desired_replicas: np.ndarray
    raw_recommendation: np.ndarray
    ready_pods: np.ndarray
    pending_pods: np.ndarray
    surge_pods: np.ndarray
    hpa_reason_code: np.ndarray
    cpu_utilization_frac: np.ndarray
    lost_pods: np.ndarray  #: pods stuck on failed nodes (not serving, not yet evicted)


class ClusterOut(NamedTuple):
    """Per-step outputs of the node pool ``[nk]``."""

    nodes_needed: np.ndarray
    nodes_requested: np.ndarray
    nodes_ready: np.ndarray
    node_reason_code: np.ndarray
    requested_cpu_frac: np.ndarray
    requested_memory_frac: np.ndarray
    nodes_failed: np.ndarray  #: failed nodes still in the group (billed)


STEP_ARRAYS: tuple[str, ...] = StepOut._fields
CLUSTER_ARRAYS: tuple[str, ...] = ClusterOut._fields


@dataclass
class EngineState:
    """Everything the kernel carries from one chunk to the next."""

    services: ServiceState
    cluster: ClusterState
    nodes: NodeState
    ffd_order: np.ndarray


def ffd_order(p: FleetParams) -> np.ndarray:
    """Groups by decreasing ``cpu/node_cpu + mem/node_mem`` (decreasing_pod_orderer.go); ties by index."""
    return np.asarray(ffd_order_py(p.pod_cpu_millicores, p.pod_memory_mib, p.node_cpu_millicores,
                                   p.node_memory_mib), np.int64)


def packed_nodes(p: FleetParams, counts: np.ndarray, order: np.ndarray | None = None) -> int:
    """Exact FFD node count for ``counts`` pods per service (no spare nodes)."""
    counts = np.asarray(counts, np.int64)
    order = ffd_order(p) if order is None else order
    cap = int(counts.sum()) + 1
    n = ffd_nodes_ordered(counts, p.pod_cpu_millicores, p.pod_memory_mib, p.node_cpu_millicores, p.node_memory_mib,
                          p.node_pod_slots, order, np.empty(cap), np.empty(cap), np.empty(cap, np.int64))
    if n < 0:
        raise ScenarioError([("services", "a pod does not fit on an empty node (unschedulable)")])
    return n


def steady_replicas(p: FleetParams, load0: np.ndarray) -> np.ndarray:
    """``ceil(load / capacity at target)`` per metric, max over metrics, clamped to [min, max]."""
    need = np.ceil(np.asarray(load0, float)[:, None] * p.steady_replicas_per_rps - 1e-9).max(axis=1)
    return np.clip(need.astype(np.int64), p.min_replicas, p.max_replicas)


_STEP_DTYPES = {"desired_replicas": np.int32, "raw_recommendation": np.int32, "ready_pods": np.int32,
                "pending_pods": np.int32, "surge_pods": np.int32, "hpa_reason_code": np.int8,
                "cpu_utilization_frac": np.float64, "lost_pods": np.int32}
_CLUSTER_DTYPES = {"nodes_needed": np.int32, "nodes_requested": np.int32, "nodes_ready": np.int32,
                   "node_reason_code": np.int8, "requested_cpu_frac": np.float64, "requested_memory_frac": np.float64,
                   "nodes_failed": np.int32}


def chunk_buffers(nk: int, S: int) -> tuple[StepOut, ClusterOut]:
    """Per-step output arrays for a chunk of ``nk`` steps (reusable from chunk to chunk)."""
    return (StepOut(**{k: np.empty((nk, S), t) for k, t in _STEP_DTYPES.items()}),
            ClusterOut(**{k: np.empty(nk, t) for k, t in _CLUSTER_DTYPES.items()}))
