"""Node packing by requests: exact first-fit decreasing and a lower bound.

The Cluster Autoscaler sizes a scale-up with its binpacking estimator
(kubernetes/autoscaler ``cluster-autoscaler/estimator/binpacking_estimator.go``): pod equivalence
groups are sorted by ``cpu/node_cpu + mem/node_mem`` descending
(``estimator/decreasing_pod_orderer.go``) and each pod goes to the first node it fits (cpu,
memory, pod slots), else a new node is opened: first-fit decreasing (FFD), whose result is at
most ``11/9 OPT + 6/9`` nodes.

Here a group is one service: ``counts[i]`` identical pods of ``(cpu_millicores[i], memory_mib[i])``
requests. Identical pods placed one at a time first-fit fill the first node with room until it
is full, so a whole group is placed into a node at once:
``k = min(remaining, floor(free_cpu / c), floor(free_mem / m), free_slots)``. Every floor carries
``+ EPS`` (:data:`EPS`) so that float room such as ``4000 - 8 * 500`` is not undercounted.

Two implementations of the same FFD give the same count:

* :func:`ffd_nodes` / :func:`ffd_nodes_ordered` — numba (``@njit(cache=True)``), skipping nodes that
  can take no remaining pod; the engine's kernel calls :func:`ffd_nodes_ordered`;
* :func:`ffd_nodes_py` — plain Python, used by ``planner.reference`` and the tests.

**Errors**: a pod that does not fit an *empty* node (any of cpu, memory, slots) makes every
function return the sentinel :data:`UNSCHEDULABLE` (``-1``); :func:`check_packed` turns it into
a ``ValueError`` naming the service. ``-2`` (:data:`SCRATCH_TOO_SMALL`) means the caller's
scratch arrays were too short (only :func:`ffd_nodes_ordered`).

Fleet-scale (incremental) packing lives in the engine's kernel (``planner/engine/kernel.py``, see
``docs/model.md``): exact FFD when the lower bound (:func:`lower_bound_nodes`) drifts or the last
exact pack is old, the last exact count scaled by the lower bound in between.
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from numba import njit

EPS = 1e-9  #: added before every floor of room / size (and subtracted before ceil of totals / room)
UNSCHEDULABLE = -1  #: sentinel: a pod larger than an empty node
SCRATCH_TOO_SMALL = -2  #: sentinel: the caller's scratch arrays are too short


# --- Order -----------------------------------------------------------------------------------
def ffd_order_py(cpu_millicores: Sequence[float], memory_mib: Sequence[float],
                 node_cpu_millicores: float, node_memory_mib: float) -> list[int]:
    """Group indices by decreasing ``cpu/node_cpu + mem/node_mem`` (decreasing_pod_orderer.go); ties by index."""
    score = [c / node_cpu_millicores + m / node_memory_mib for c, m in zip(cpu_millicores, memory_mib)]
    return sorted(range(len(score)), key=lambda i: (-score[i], i))


@njit(cache=True)
def ffd_order(cpu_millicores, memory_mib, node_cpu_millicores, node_memory_mib):
    """Same as :func:`ffd_order_py`, compiled (stable sort, so ties keep index order)."""
    score = cpu_millicores / node_cpu_millicores + memory_mib / node_memory_mib
    return np.argsort(-score, kind="mergesort").astype(np.int64)


# --- Exact FFD, compiled ---------------------------------------------------------------------
@njit(cache=True)
def _fit_count(left, free_cpu, free_mem, free_slots, c, m):
    k = left
    if free_slots < k:
        k = free_slots
    if c > 0:
        kc = int(math.floor(free_cpu / c + EPS))
        if kc < k:
            k = kc
    if m > 0:
        km = int(math.floor(free_mem / m + EPS))
        if km < k:
            k = km
    return k if k > 0 else 0


@njit(cache=True)
def ffd_nodes_ordered(counts, cpu_millicores, memory_mib, node_cpu_millicores, node_memory_mib, node_pod_slots,
                      order, free_cpu, free_mem, free_slots):
    """Exact FFD node count with a precomputed :func:`ffd_order` and caller-owned scratch arrays
    (``free_*``, at least as long as the answer). Returns the count, :data:`UNSCHEDULABLE` or
    :data:`SCRATCH_TOO_SMALL`.

    Nodes before ``first_alive`` cannot take any pod still to place: their room is below the
    suffix minimum of the remaining sizes in cpu or memory, or they have no free slot."""
    G = order.shape[0]
    suffix_c = np.empty(G + 1)
    suffix_m = np.empty(G + 1)
    suffix_c[G] = np.inf
    suffix_m[G] = np.inf
    for oi in range(G - 1, -1, -1):
        g = order[oi]
        suffix_c[oi] = suffix_c[oi + 1]
        suffix_m[oi] = suffix_m[oi + 1]
        if counts[g] > 0:
            if cpu_millicores[g] < suffix_c[oi]:
                suffix_c[oi] = cpu_millicores[g]
            if memory_mib[g] < suffix_m[oi]:
                suffix_m[oi] = memory_mib[g]
    n_open = 0
    first_alive = 0
    cap = free_cpu.shape[0]
    for oi in range(G):
        g = order[oi]
        left = counts[g]
        if left <= 0:
            continue
        c = cpu_millicores[g]
        m = memory_mib[g]
        if _fit_count(1, node_cpu_millicores, node_memory_mib, node_pod_slots, c, m) < 1:
            return UNSCHEDULABLE
        # skip the closed prefix: nodes that cannot take even the smallest remaining pod
        min_c = suffix_c[oi]
        min_m = suffix_m[oi]
        while first_alive < n_open and _fit_count(1, free_cpu[first_alive], free_mem[first_alive],
                                                  free_slots[first_alive], min_c, min_m) < 1:
            first_alive += 1
        j = first_alive
        while left > 0:
            if j == n_open:
                if n_open == cap:
                    return SCRATCH_TOO_SMALL
                free_cpu[n_open] = node_cpu_millicores
                free_mem[n_open] = node_memory_mib
                free_slots[n_open] = node_pod_slots
                n_open += 1
            k = _fit_count(left, free_cpu[j], free_mem[j], free_slots[j], c, m)
            if k > 0:
                free_cpu[j] -= k * c
                free_mem[j] -= k * m
                free_slots[j] -= k
                left -= k
            j += 1
    return n_open


@njit(cache=True)
def ffd_nodes(counts, cpu_millicores, memory_mib, node_cpu_millicores, node_memory_mib, node_pod_slots):
    """Exact first-fit-decreasing node count for ``counts[i]`` pods of ``(cpu_millicores[i],
    memory_mib[i])`` on nodes with room ``(node_cpu_millicores, node_memory_mib, node_pod_slots)``
    for service pods. Returns :data:`UNSCHEDULABLE` (-1) if a pod with ``counts > 0`` does not fit
    an empty node. Arrays: counts int64, sizes float64."""
    total = 0
    for g in range(counts.shape[0]):
        if counts[g] > 0:
            total += counts[g]
    order = ffd_order(cpu_millicores, memory_mib, node_cpu_millicores, node_memory_mib)
    n = total + 1
    return ffd_nodes_ordered(counts, cpu_millicores, memory_mib, node_cpu_millicores, node_memory_mib,
                             node_pod_slots, order, np.empty(n), np.empty(n), np.empty(n, np.int64))


# --- Exact FFD, plain Python -----------------------------------------------------------------
def ffd_nodes_py(counts: Sequence[int], cpu_millicores: Sequence[float], memory_mib: Sequence[float],
                 node_cpu_millicores: float, node_memory_mib: float, node_pod_slots: int) -> int:
    """Exact FFD, obviously: groups in :func:`ffd_order_py` order, each group's pods into the first
    node (lowest index) with room, as many as fit, opening nodes as needed. Same result and
    sentinel as :func:`ffd_nodes`."""
    nodes: list[list[float]] = []  # [free_cpu, free_mem, free_slots]
    for g in ffd_order_py(cpu_millicores, memory_mib, node_cpu_millicores, node_memory_mib):
        left, c, m = int(counts[g]), float(cpu_millicores[g]), float(memory_mib[g])
        if left <= 0:
            continue
        if _fit_count_py(1, node_cpu_millicores, node_memory_mib, node_pod_slots, c, m) < 1:
            return UNSCHEDULABLE
        j = 0
        while left > 0:
            if j == len(nodes):
                nodes.append([float(node_cpu_millicores), float(node_memory_mib), int(node_pod_slots)])
            node = nodes[j]
            k = _fit_count_py(left, node[0], node[1], node[2], c, m)
            if k > 0:
                node[0] -= k * c
                node[1] -= k * m
                node[2] -= k
                left -= k
            j += 1
    return len(nodes)


def _fit_count_py(left: int, free_cpu: float, free_mem: float, free_slots: int, c: float, m: float) -> int:
    k = min(left, free_slots)
    if c > 0:
        k = min(k, math.floor(free_cpu / c + EPS))
    if m > 0:
        k = min(k, math.floor(free_mem / m + EPS))
    return max(k, 0)


def check_packed(nodes: int, cpu_millicores: Sequence[float] = (), memory_mib: Sequence[float] = (),
                 node_cpu_millicores: float = 0.0, node_memory_mib: float = 0.0, names: Sequence[str] = ()) -> int:
    """Return ``nodes``, or raise ``ValueError`` for the sentinels (naming the first pod that is too large)."""
    if nodes >= 0:
        return nodes
    if nodes == SCRATCH_TOO_SMALL:
        raise ValueError("packing scratch arrays too small")
    for i, (c, m) in enumerate(zip(cpu_millicores, memory_mib)):
        if c > node_cpu_millicores * (1 + EPS) or m > node_memory_mib * (1 + EPS):
            who = names[i] if i < len(names) else f"services[{i}]"
            raise ValueError(f"{who}: pod requests ({c:g} millicores, {m:g} MiB) exceed a node's room for pods "
                             f"({node_cpu_millicores:g} millicores, {node_memory_mib:g} MiB): unschedulable")
    raise ValueError("a pod does not fit on an empty node (unschedulable)")


def lower_bound_nodes(counts: Sequence[int], cpu_millicores: Sequence[float], memory_mib: Sequence[float],
                      node_cpu_millicores: float, node_memory_mib: float, node_pod_slots: int) -> int:
    """``max(ceil(Σcpu / node_cpu), ceil(Σmem / node_mem), ceil(pods / slots))``: no packing needs fewer nodes."""
    tc = sum(n * c for n, c in zip(counts, cpu_millicores) if n > 0)
    tm = sum(n * m for n, m in zip(counts, memory_mib) if n > 0)
    tp = sum(n for n in counts if n > 0)
    return max(math.ceil(tc / node_cpu_millicores - EPS), math.ceil(tm / node_memory_mib - EPS),
               -(-tp // node_pod_slots), 0)
