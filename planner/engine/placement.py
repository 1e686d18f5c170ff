"""Where pods are: whole pods on explicit nodes, failures, and the node autoscaler node by node.

The exact-mode half of the kernel (``docs/model.md``, "Nodes and placement"); every function is a
compiled helper of the step loop (numba, no reference counting: see ``kernel.py``). The small ones
are plain compiled calls, which LLVM inlines; the ones it would leave as calls (the scheduling
pass, the autoscaler and what they call once a step) are ``inline``, since a call passes every
field of the state records one by one.

* Nodes are slots ``0..N-1`` of :class:`planner.engine.state.NodeState`: free, provisioning, ready
  or failed; each has a zone (new nodes go to the zone with the fewest nodes:
  cluster-autoscaler ``--balance-similar-node-groups``) and the requests of the pods on it. A new
  node takes the lowest free slot, so the slots taken so far are ``0..used[0]-1`` and every loop
  over nodes stops at ``nd.used[0]`` (the default scenario has 286 slots and uses about ten).
* A pod fits a node when its requests fit the node's room and a pod slot is left
  (kube-scheduler ``NodeResourcesFit``: a pod is on one node or none). Among the nodes it fits,
  ``packed`` takes the most allocated (``MostAllocated``), ``spread`` the zone with the fewest pods
  of the service, then the node with the fewest, then the least allocated (topology spread with
  maxSkew 1 over zones and hosts); ties go to the lowest node index.
* Spare capacity is an overprovisioning Deployment of pause pods at priority -10 (cluster-autoscaler
  FAQ "How can I configure overprovisioning"): one pause pod per spare node, requesting a node's whole
  room for pods. A service pod that fits nowhere preempts one; the pause pod goes pending and asks
  the node autoscaler for a new node.
* A failed node stops serving at once; it is NotReady after ``node_monitor_grace_period_s``,
  tainted at the zone's eviction rate, and its pods are evicted ``pod_eviction_toleration_s``
  later (node_lifecycle_controller.go, DefaultTolerationSeconds); the ReplicaSet then recreates
  them as pending pods. The node is billed until the autoscaler removes it after
  ``scale_down_unready_s``.
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from planner.engine.codes import N_BACKOFF, N_DELAY_ADD, N_DOWN, N_MAX, N_PROV, N_STEADY, N_UNNEEDED_WAIT, N_UP
from planner.engine.state import (CL_BACKOFF_S, CL_BACKOFF_UNTIL_S, CL_FAILING, CL_LAST_FAILURE_S,
                                  CL_LAST_SCALE_UP_STEP, CL_NODES_READY, CL_NODES_REQUESTED, CL_REQUEST_STEP, NEVER,
                                  NODE_FAILED, NODE_FREE, NODE_PROVISIONING, NODE_READY)

EPS = 1e-9
PLACE_SPREAD, PLACE_PACKED = 0, 1
inline = njit(inline="always", cache=True, nogil=True, _nrt=False, error_model="numpy")  # as in kernel.py
compiled = njit(cache=True, nogil=True, _nrt=False, error_model="numpy")


# --- pods starting: a FIFO of batches per service (node, count, ready step) ---------------------
@inline
def _batch_set(s, t, node, count, ready_step, sv):
    sv.sb_node[s, t] = node
    sv.sb_count[s, t] = count
    sv.sb_ready[s, t] = ready_step


@inline
def _batch_insert(s, node, count, ready_step, sv):
    """Insert a batch after the last one ready no later (batches stay in ready order, stable)."""
    B = sv.sb_node.shape[1]
    h = sv.sb_head[s]
    i = sv.sb_len[s] - 1
    while i >= 0 and sv.sb_ready[s, (h + i) % B] > ready_step:
        src = (h + i) % B
        dst = (h + i + 1) % B
        _batch_set(s, dst, sv.sb_node[s, src], sv.sb_count[s, src], sv.sb_ready[s, src], sv)
        i -= 1
    _batch_set(s, (h + i + 1) % B, node, count, ready_step, sv)
    sv.sb_len[s] += 1


@inline
def _batch_push(s, node, count, ready_step, sv):
    """Add ``count`` pods of ``s`` placed on ``node`` and ready at ``ready_step``: merged with the
    tail batch when both match, appended when no batch is ready later, else inserted in ready order
    (an image pull on a new node makes a later pod ready sooner than an earlier one)."""
    B = sv.sb_node.shape[1]
    if sv.sb_len[s] > 0:
        t = (sv.sb_head[s] + sv.sb_len[s] - 1) % B
        if sv.sb_node[s, t] == node and sv.sb_ready[s, t] == ready_step:
            sv.sb_count[s, t] += count
            return
        if sv.sb_ready[s, t] > ready_step:
            _batch_insert(s, node, count, ready_step, sv)
            return
    _batch_set(s, (sv.sb_head[s] + sv.sb_len[s]) % B, node, count, ready_step, sv)
    sv.sb_len[s] += 1


@inline
def pods_become_ready(s, k, sv, nd):
    """Batches whose ready step has come: their pods count as ready (on their node too)."""
    B = sv.sb_node.shape[1]
    while sv.sb_len[s] > 0 and sv.sb_ready[s, sv.sb_head[s]] <= k:
        h = sv.sb_head[s]
        c = sv.sb_count[s, h]
        n = sv.sb_node[s, h]
        sv.ready[s] += c
        if n >= 0:
            nd.starting[n, s] -= c
            nd.ready_pods[n, s] += c
        sv.sb_head[s] = (h + 1) % B
        sv.sb_len[s] -= 1


@inline
def remove_starting(s, rem, pods, sv, nd):
    """Delete up to ``rem`` starting pods of ``s``, the latest to become ready first; returns how many."""
    B = sv.sb_node.shape[1]
    done = 0
    while done < rem and sv.sb_len[s] > 0:
        t = (sv.sb_head[s] + sv.sb_len[s] - 1) % B
        take = rem - done
        if take > sv.sb_count[s, t]:
            take = sv.sb_count[s, t]
        n = sv.sb_node[s, t]
        if n >= 0:
            nd.starting[n, s] -= take
            _release(n, take, pods.cpu_millicores[s], pods.memory_mib[s], nd)
        sv.sb_count[s, t] -= take
        done += take
        if sv.sb_count[s, t] == 0:
            sv.sb_len[s] -= 1
    return done


@inline
def _drop_batches_on(s, node, sv):
    """Remove the starting batches of ``s`` on ``node`` (it failed or was drained); keeps the order."""
    B = sv.sb_node.shape[1]
    n_keep = 0
    for i in range(sv.sb_len[s]):
        src = (sv.sb_head[s] + i) % B
        if sv.sb_node[s, src] == node:
            continue
        dst = (sv.sb_head[s] + n_keep) % B
        sv.sb_node[s, dst] = sv.sb_node[s, src]
        sv.sb_count[s, dst] = sv.sb_count[s, src]
        sv.sb_ready[s, dst] = sv.sb_ready[s, src]
        n_keep += 1
    sv.sb_len[s] = n_keep


# --- node room ------------------------------------------------------------------------------------
@inline
def _take(n, count, c, m, nd):
    nd.cpu[n] += count * c
    nd.mem[n] += count * m
    nd.slots[n] += count


@inline
def _release(n, count, c, m, nd):
    nd.cpu[n] -= count * c
    nd.mem[n] -= count * m
    nd.slots[n] -= count


@inline
def _fits(n, c, m, nd, cs):
    return (nd.state[n] == NODE_READY and nd.cpu[n] + c <= cs.node_cpu_millicores + EPS
            and nd.mem[n] + m <= cs.node_memory_mib + EPS and nd.slots[n] + 1 <= cs.node_pod_slots)


@inline
def _alloc_score(n, c, m, nd, cs):
    """Requested share of the node after placing (cpu + memory, DaemonSets included)."""
    return ((cs.ds_cpu_millicores + nd.cpu[n] + c) / cs.alloc_cpu_millicores
            + (cs.ds_memory_mib + nd.mem[n] + m) / cs.alloc_memory_mib)


@inline
def _svc_on_node(n, s, nd):
    return nd.ready_pods[n, s] + nd.starting[n, s] + nd.surge[n, s]


@compiled
def zone_counts(s, nd, zc):
    """Pods of ``s`` per zone on nodes that are not failed (the spread constraint's domains)."""
    zc[:] = 0
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_READY or nd.state[n] == NODE_PROVISIONING:
            zc[nd.zone[n]] += _svc_on_node(n, s, nd)


@compiled
def choose_node(s, c, m, nd, cs, zc):
    """The node a pod of ``s`` (requests ``c``, ``m``) goes to, or -1 if it fits none."""
    best = -1
    k0 = 0.0
    k1 = 0.0
    k2 = 0.0
    for n in range(nd.used[0]):
        if not _fits(n, c, m, nd, cs):
            continue
        a = _alloc_score(n, c, m, nd, cs)
        if cs.placement == PLACE_PACKED:
            key0, key1, key2 = -a, 0.0, 0.0
        else:
            key0, key1, key2 = float(zc[nd.zone[n]]), float(_svc_on_node(n, s, nd)), a
        if best < 0 or key0 < k0 or (key0 == k0 and (key1 < k1 or (key1 == k1 and key2 < k2))):
            best, k0, k1, k2 = n, key0, key1, key2
    return best


@compiled
def preempt_pause_pod(c, m, nd, cs):
    """A ready node where evicting one pause pod makes room for the pod; the pause pod goes pending.
    Returns the node, or -1."""
    Z = nd.zone_next_taint.shape[0]
    for n in range(nd.used[0]):
        if nd.state[n] != NODE_READY or nd.pause[n] <= 0:
            continue
        if (nd.cpu[n] - cs.node_cpu_millicores + c <= cs.node_cpu_millicores + EPS
                and nd.mem[n] - cs.node_memory_mib + m <= cs.node_memory_mib + EPS
                and nd.slots[n] <= cs.node_pod_slots):
            nd.pause[n] -= 1
            _release(n, 1, cs.node_cpu_millicores, cs.node_memory_mib, nd)
            nd.pause_pend[nd.zone[n] if cs.spare_per_zone else Z] += 1
            return n
    return -1


# --- scheduling ----------------------------------------------------------------------------------
@inline
def _image_ready(n, s, k, pods, nd):
    """The step the image of ``s`` is on node ``n`` for a pod placed at ``k``: the kubelet pulls it once
    per node (the first pod placed there starts the pull, later ones wait for the same pull)."""
    if nd.image_at[n, s] < 0:
        nd.image_at[n, s] = k + pods.pull_steps[s]
    return nd.image_at[n, s] if nd.image_at[n, s] > k else k


@inline
def _place_group(s, want, surge_phase, k, sv, pods, nd, cs, zc):
    """Place up to ``want`` pods of ``s`` one at a time; returns how many were placed."""
    c = pods.cpu_millicores[s]
    m = pods.memory_mib[s]
    if cs.placement == PLACE_SPREAD:
        zone_counts(s, nd, zc)
    placed = 0
    for _ in range(want):
        n = choose_node(s, c, m, nd, cs, zc)
        if n < 0:
            n = preempt_pause_pod(c, m, nd, cs)
            if n < 0:
                break
        _take(n, 1, c, m, nd)
        if surge_phase:
            nd.surge[n, s] += 1
        else:
            nd.starting[n, s] += 1
            _batch_push(s, n, 1, _image_ready(n, s, k, pods, nd) + pods.startup_steps[s], sv)
        zc[nd.zone[n]] += 1
        placed += 1
    return placed


@compiled
def _place_pause_pods(nd, cs):
    """Pending pause pods onto empty ready nodes (of their zone when pinned), lowest index first."""
    Z = nd.zone_next_taint.shape[0]
    for z in range(Z + 1):
        while nd.pause_pend[z] > 0:
            found = -1
            for n in range(nd.used[0]):
                if (z == Z or nd.zone[n] == z) and _fits(n, cs.node_cpu_millicores, cs.node_memory_mib, nd, cs):
                    found = n
                    break
            if found < 0:
                break
            _take(found, 1, cs.node_cpu_millicores, cs.node_memory_mib, nd)
            nd.pause[found] += 1
            nd.pause_pend[z] -= 1


@inline
def schedule_nodes(k, sv, pods, nd, cs, zc):
    """The scheduling pass: every service's pending pods in FFD order, then their surge pods, then
    pause pods; service and surge pods may preempt pause pods."""
    S = sv.spec.shape[0]
    for phase in range(2):
        for oi in range(S):
            s = pods.ffd_order[oi]
            want = sv.pending[s] if phase == 0 else sv.surge_pend[s]
            if want <= 0:
                continue
            n = _place_group(s, want, phase == 1, k, sv, pods, nd, cs, zc)
            if phase == 0:
                sv.pending[s] -= n
            else:
                sv.surge_pend[s] -= n
                sv.surge_sched[s] += n
    _place_pause_pods(nd, cs)


# --- deleting pods (ReplicaSet scale-down, controller_utils.go ActivePodsWithRanks) -------------
@compiled
def remove_ready(s, rem, pods, sv, nd):
    """Delete ``rem`` ready pods of ``s``, one at a time from the node holding the most of them
    (ties: the highest index): pods co-located with more siblings go first."""
    for _ in range(rem):
        best = -1
        for n in range(nd.used[0]):
            if nd.ready_pods[n, s] > 0 and (best < 0 or nd.ready_pods[n, s] >= nd.ready_pods[best, s]):
                best = n
        if best < 0:
            break
        nd.ready_pods[best, s] -= 1
        _release(best, 1, pods.cpu_millicores[s], pods.memory_mib[s], nd)
        sv.ready[s] -= 1


@compiled
def remove_dead(s, rem, sv, nd):
    """Delete up to ``rem`` pods of ``s`` stuck on failed nodes (lowest node first); returns how many."""
    done = 0
    for n in range(nd.used[0]):
        if done >= rem:
            break
        take = min(rem - done, nd.dead[n, s])
        nd.dead[n, s] -= take
        sv.dead[s] -= take
        done += take
    return done


@compiled
def remove_surge(s, rem, pods, sv, nd):
    """Delete ``rem`` scheduled surge pods of ``s`` from the node holding the most (ties: highest)."""
    for _ in range(rem):
        best = -1
        for n in range(nd.used[0]):
            if nd.surge[n, s] > 0 and (best < 0 or nd.surge[n, s] >= nd.surge[best, s]):
                best = n
        if best < 0:
            break
        nd.surge[best, s] -= 1
        _release(best, 1, pods.cpu_millicores[s], pods.memory_mib[s], nd)
        sv.surge_sched[s] -= 1


# --- nodes appear, fail, are evicted and removed ---------------------------------------------------
@compiled
def _emptiest_zone(nd):
    """Zone with the fewest nodes that are not free (ties: the lowest zone)."""
    Z = nd.zone_next_taint.shape[0]
    best = 0
    best_n = -1
    for z in range(Z):
        cnt = 0
        for n in range(nd.used[0]):
            if nd.state[n] != NODE_FREE and nd.zone[n] == z:
                cnt += 1
        if best_n < 0 or cnt < best_n:
            best, best_n = z, cnt
    return best


@compiled
def add_node(zone, ready_step, now, nd, cl):
    """A new node in the lowest free slot (``zone`` -1: the emptiest zone), ready at ``ready_step``
    (``ready_step <= now``: ready at once). Returns its slot, or -1 when every slot is taken."""
    N = nd.state.shape[0]
    for n in range(nd.used[0] + 1 if nd.used[0] < N else N):  # the first free slot is at most used[0]
        if nd.state[n] == NODE_FREE:
            if n >= nd.used[0]:
                nd.used[0] = n + 1
            nd.zone[n] = _emptiest_zone(nd) if zone < 0 else zone
            nd.ready_at[n] = ready_step
            nd.evict_at[n] = -1
            nd.unneeded_since[n] = -1
            for s in range(nd.image_at.shape[1]):  # a new machine: no image pulled yet
                nd.image_at[n, s] = -1
            cl.scalars[CL_NODES_REQUESTED] += 1
            if ready_step <= now:
                nd.state[n] = NODE_READY
                cl.scalars[CL_NODES_READY] += 1
            else:
                nd.state[n] = NODE_PROVISIONING
            return n
    return -1


@compiled
def nodes_become_ready(k, nd, cl):
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_PROVISIONING and nd.ready_at[n] <= k:
            nd.state[n] = NODE_READY
            cl.scalars[CL_NODES_READY] += 1


@compiled
def _clear_node(n, sv, nd, cs, keep_dead):
    """Take every pod off node ``n`` (its room is freed): starting and ready pods of each service
    become pending (``keep_dead``: stuck on the failed node instead), surge pods pending, pause pods
    pending. Returns nothing; service counts are updated."""
    S = sv.spec.shape[0]
    Z = nd.zone_next_taint.shape[0]
    for s in range(S):
        if nd.starting[n, s] > 0:
            _drop_batches_on(s, n, sv)
        moved = nd.ready_pods[n, s] + nd.starting[n, s]
        sv.ready[s] -= nd.ready_pods[n, s]
        if keep_dead:
            nd.dead[n, s] += moved
            sv.dead[s] += moved
        else:
            sv.pending[s] += moved
        nd.ready_pods[n, s] = 0
        nd.starting[n, s] = 0
        if nd.surge[n, s] > 0:
            sv.surge_sched[s] -= nd.surge[n, s]
            sv.surge_pend[s] += nd.surge[n, s]
            nd.surge[n, s] = 0
    if nd.pause[n] > 0:
        nd.pause_pend[nd.zone[n] if cs.spare_per_zone else Z] += nd.pause[n]
        nd.pause[n] = 0
    nd.cpu[n] = 0.0
    nd.mem[n] = 0.0
    nd.slots[n] = 0


@compiled
def _zone_eviction_interval_s(z, nd, cs):
    """Seconds between taints in zone ``z`` now (0: no tainting), by the zone state of
    node_lifecycle_controller.go ComputeZoneState: Normal / FullDisruption at --node-eviction-rate,
    PartialDisruption at --secondary-node-eviction-rate above --large-cluster-size-threshold, none
    below; every zone fully disrupted: no evictions at all."""
    Z = nd.zone_next_taint.shape[0]
    all_full = True
    state_z = 0  # 0 normal, 1 partial, 2 full
    size = 0
    for zz in range(Z):
        ready = 0
        failed = 0
        for n in range(nd.used[0]):
            if nd.zone[n] == zz:
                if nd.state[n] == NODE_READY:
                    ready += 1
                elif nd.state[n] == NODE_FAILED:
                    failed += 1
        if ready + failed == 0:
            continue
        st = 0
        if ready == 0 and failed > 0:
            st = 2
        elif failed > 2 and failed / (failed + ready) >= cs.unhealthy_zone_threshold_frac:
            st = 1
        if st != 2:
            all_full = False
        if zz == z:
            state_z = st
            size = ready + failed
    if all_full:
        return 0.0
    if state_z == 1:
        if size > cs.large_cluster_size_threshold and cs.secondary_eviction_rate_per_s > 0:
            return 1.0 / cs.secondary_eviction_rate_per_s
        return 0.0
    return 1.0 / cs.eviction_rate_per_s


@compiled
def fail_node(n, k, sv, nd, cs, cl):
    """Node ``n`` fails at step ``k``: its pods stop serving and are stuck until evicted."""
    if nd.state[n] == NODE_READY:
        cl.scalars[CL_NODES_READY] -= 1
    elif nd.state[n] != NODE_PROVISIONING:
        return
    nd.state[n] = NODE_FAILED
    nd.failed_at[n] = k
    nd.unneeded_since[n] = -1
    _clear_node(n, sv, nd, cs, True)


@inline
def schedule_evictions(k, first, count, nd, cs):
    """Eviction steps of nodes failed at step ``k`` (slots listed in ``nd.scratch_idx[first:first+count]``):
    NotReady after the grace period, tainted one by one at the zone's rate, evicted after the toleration."""
    for i in range(count):
        n = nd.scratch_idx[first + i]
        interval = _zone_eviction_interval_s(nd.zone[n], nd, cs)
        if interval <= 0.0:
            nd.evict_at[n] = -1  # the zone (or the cluster) is disrupted: no taint, no eviction
            continue
        taint_s = k * cs.step_s + cs.node_monitor_grace_s
        z = nd.zone[n]
        if nd.zone_next_taint[z] > taint_s:
            taint_s = nd.zone_next_taint[z]
        nd.zone_next_taint[z] = taint_s + interval
        nd.evict_at[n] = int(math.ceil((taint_s + cs.eviction_toleration_s) / cs.step_s - 1e-9))


@compiled
def evictions_due(k, sv, nd):
    """Pods of failed nodes whose toleration ran out are deleted; the ReplicaSet recreates them pending."""
    S = sv.spec.shape[0]
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_FAILED and nd.evict_at[n] >= 0 and nd.evict_at[n] <= k:
            for s in range(S):
                if nd.dead[n, s] > 0:
                    sv.dead[s] -= nd.dead[n, s]
                    sv.pending[s] += nd.dead[n, s]
                    nd.dead[n, s] = 0
            nd.evict_at[n] = -1


@compiled
def worst_node(kk, load, nd):
    """The ready node holding the most pods of the busiest service (highest load now); ties lowest."""
    S = load.shape[1]
    busiest = 0
    for s in range(1, S):
        if load[kk, s] > load[kk, busiest]:
            busiest = s
    best = -1
    for n in range(nd.used[0]):
        if nd.state[n] != NODE_READY:
            continue
        v = nd.ready_pods[n, busiest] + nd.starting[n, busiest]
        if best < 0 or v > nd.ready_pods[best, busiest] + nd.starting[best, busiest]:
            best = n
    return best


@compiled
def worst_zone(kk, load, nd):
    """The zone holding the most pods of the busiest service (ties: the lowest zone)."""
    S = load.shape[1]
    Z = nd.zone_next_taint.shape[0]
    busiest = 0
    for s in range(1, S):
        if load[kk, s] > load[kk, busiest]:
            busiest = s
    best, best_v = 0, -1
    for z in range(Z):
        v = 0
        for n in range(nd.used[0]):
            if nd.zone[n] == z and nd.state[n] == NODE_READY:
                v += nd.ready_pods[n, busiest] + nd.starting[n, busiest]
        if v > best_v:
            best, best_v = z, v
    return best


# --- the node autoscaler, node by node (planner.ca for the rules) -----------------------------------
@compiled
def _pending_pods(sv, nd):
    S = sv.spec.shape[0]
    total = 0
    for s in range(S):
        total += sv.pending[s] + sv.surge_pend[s]
    for z in range(nd.pause_pend.shape[0]):
        total += nd.pause_pend[z]
    return total


@compiled
def _estimate_new_nodes(sv, pods, nd, cs):
    """Nodes to add for the pending pods (binpacking_estimator.go): first fit onto the room of the
    nodes being provisioned (empty templates), then onto new empty nodes, services in FFD order,
    then surge pods, then pause pods. Writes the new nodes' zones into ``nd.scratch_zone`` (-1: any)
    and returns how many."""
    N = nd.state.shape[0]  # virtual nodes at most: the slots
    Z = nd.zone_next_taint.shape[0]
    rc = nd.scratch_cpu
    rm = nd.scratch_mem
    rp = nd.scratch_slots
    zone = nd.scratch_zone
    nv = 0  # virtual nodes: provisioning ones first, then new ones
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_PROVISIONING:
            rc[nv] = 0.0
            rm[nv] = 0.0
            rp[nv] = 0
            zone[nv] = nd.zone[n]
            nv += 1
    n_prov = nv
    S = sv.spec.shape[0]
    for phase in range(3):
        groups = S if phase < 2 else Z + 1
        for g in range(groups):
            if phase < 2:
                s = pods.ffd_order[g]
                want = sv.pending[s] if phase == 0 else sv.surge_pend[s]
                c, m, pin = pods.cpu_millicores[s], pods.memory_mib[s], -1
            else:
                want = nd.pause_pend[g]
                c, m, pin = cs.node_cpu_millicores, cs.node_memory_mib, (g if g < Z else -1)
            for _ in range(want):
                placed = False
                for v in range(nv):
                    if ((pin < 0 or zone[v] == pin or zone[v] < 0) and rc[v] + c <= cs.node_cpu_millicores + EPS
                            and rm[v] + m <= cs.node_memory_mib + EPS and rp[v] + 1 <= cs.node_pod_slots):
                        rc[v] += c
                        rm[v] += m
                        rp[v] += 1
                        if zone[v] < 0:
                            zone[v] = pin
                        placed = True
                        break
                if not placed:
                    if nv >= N:
                        return nv - n_prov
                    rc[nv] = c
                    rm[nv] = m
                    rp[nv] = 1
                    zone[nv] = pin
                    nv += 1
    for v in range(n_prov, nv):
        zone[v - n_prov] = zone[v]
    return nv - n_prov


@compiled
def _nodes_to_add(sv, pods, nd, cs, cl):
    """``(new, zones_given, at_max)``: nodes a scale-up adds for the pending pods (and up to min_nodes),
    within max_nodes; the first ``zones_given`` have their zone in ``nd.scratch_zone``."""
    c = cl.scalars
    new = _estimate_new_nodes(sv, pods, nd, cs) if _pending_pods(sv, nd) > 0 else 0
    zones_given = new
    if c[CL_NODES_REQUESTED] + new < cs.min_nodes:
        new = cs.min_nodes - c[CL_NODES_REQUESTED]
    at_max = False
    if c[CL_NODES_REQUESTED] + new > cs.max_nodes:
        new = max(0, cs.max_nodes - c[CL_NODES_REQUESTED])
        at_max = True
    return new, zones_given, at_max


@inline
def scale_up_nodes(k, sv, pods, nd, cs, cl):
    """Add nodes for the pending pods (and up to min_nodes); returns ``(added, at_max)``. Nodes
    requested while scale-ups fail (``CL_FAILING``) never come up."""
    c = cl.scalars
    new, zones_given, at_max = _nodes_to_add(sv, pods, nd, cs, cl)
    ready_step = NEVER if c[CL_FAILING] > 0 else k + cs.provisioning_steps
    added = 0
    for i in range(new):
        z = nd.scratch_zone[i] if i < zones_given else -1
        if add_node(z, ready_step, k, nd, cl) < 0:
            at_max = True
            break
        added += 1
    if added > 0:
        c[CL_LAST_SCALE_UP_STEP] = k
        c[CL_REQUEST_STEP] = k
    return added, at_max


# --- failed scale-ups (planner.ca: scale_up_timed_out, register_failed_scale_up, is_backed_off) ----
@inline
def backed_off(k, cs, cl):
    """``IsBackedOff``: the node group's backoff ends after now."""
    return cl.scalars[CL_BACKOFF_UNTIL_S] > k * cs.step_s


@inline
def timed_out(k, cs, cl):
    """The last scale-up request is older than --max-node-provision-time (``ExpectedAddTime.Before(now)``)."""
    return (k - cl.scalars[CL_REQUEST_STEP]) * cs.step_s > cs.max_node_provision_s


@inline
def register_failed_scale_up(k, cs, cl):
    """exponential_backoff.go ``Backoff`` after ``RemoveStaleBackoffData``: initial, kept while still
    backing off, doubled (up to the maximum) once the last backoff has ended."""
    c = cl.scalars
    now = k * cs.step_s
    if c[CL_BACKOFF_UNTIL_S] >= 0 and c[CL_LAST_FAILURE_S] + cs.backoff_reset_s < now:
        c[CL_BACKOFF_UNTIL_S] = -1
    d = cs.backoff_initial_s
    if c[CL_BACKOFF_UNTIL_S] >= 0:
        d = c[CL_BACKOFF_S]
        if c[CL_BACKOFF_UNTIL_S] < now:
            d = 2 * d if 2 * d < cs.backoff_max_s else cs.backoff_max_s
    c[CL_BACKOFF_UNTIL_S] = now + d
    c[CL_BACKOFF_S] = d
    c[CL_LAST_FAILURE_S] = now


@compiled
def drop_timed_out_nodes(k, nd, cs, cl):
    """Nodes that never came up are deleted once the request timed out, and the scale-up counts as
    failed (clusterstate.go ``updateScaleRequests``: ``ScaleUpTimedOut``, then the backoff)."""
    stuck = 0
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_PROVISIONING and nd.ready_at[n] >= NEVER:
            stuck += 1
    if stuck == 0 or not timed_out(k, cs, cl):
        return
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_PROVISIONING and nd.ready_at[n] >= NEVER:
            nd.state[n] = NODE_FREE
            cl.scalars[CL_NODES_REQUESTED] -= 1
    register_failed_scale_up(k, cs, cl)


@compiled
def _node_utilization(n, nd, cs):
    u = (cs.ds_cpu_millicores + nd.cpu[n]) / cs.alloc_cpu_millicores
    v = (cs.ds_memory_mib + nd.mem[n]) / cs.alloc_memory_mib
    return u if u > v else v


@inline
def _fits_elsewhere(n, pods, nd, cs):
    """Whether every pod of node ``n`` fits, first fit, on the other ready nodes not being removed
    (``nd.scratch_flag`` 1); reserves that room in ``nd.scratch_cpu/mem/slots`` when it does."""
    N = nd.used[0]  # slots taken so far (the rest are free)
    S = nd.ready_pods.shape[1]
    for j in range(N):  # trial copy of the committed room
        nd.scratch_cpu2[j] = nd.scratch_cpu[j]
        nd.scratch_mem2[j] = nd.scratch_mem[j]
        nd.scratch_slots2[j] = nd.scratch_slots[j]
    for g in range(S + 1):
        if g < S:
            cnt = nd.ready_pods[n, g] + nd.starting[n, g] + nd.surge[n, g]
            c, m = pods.cpu_millicores[g], pods.memory_mib[g]
        else:
            cnt = nd.pause[n]
            c, m = cs.node_cpu_millicores, cs.node_memory_mib
        for _ in range(cnt):
            ok = False
            for j in range(N):
                if (j != n and nd.state[j] == NODE_READY and nd.scratch_flag[j] == 0
                        and nd.scratch_cpu2[j] + c <= cs.node_cpu_millicores + EPS
                        and nd.scratch_mem2[j] + m <= cs.node_memory_mib + EPS
                        and nd.scratch_slots2[j] + 1 <= cs.node_pod_slots):
                    nd.scratch_cpu2[j] += c
                    nd.scratch_mem2[j] += m
                    nd.scratch_slots2[j] += 1
                    ok = True
                    break
            if not ok:
                return False
    for j in range(N):
        nd.scratch_cpu[j] = nd.scratch_cpu2[j]
        nd.scratch_mem[j] = nd.scratch_mem2[j]
        nd.scratch_slots[j] = nd.scratch_slots2[j]
    return True


@inline
def _mark_unneeded(k, pods, nd, cs, cl):
    """planner.ca's rule node by node: a ready node below the utilization threshold whose pods fit
    elsewhere is unneeded (timer kept from its first unneeded loop, cleared otherwise), lowest
    utilization first; at most nodes_requested - min_nodes. Marks them in ``scratch_flag``, leaves the
    candidates in order in ``scratch_idx``; returns ``(unneeded, candidates)``."""
    N = nd.used[0]  # slots taken so far (the rest are free)
    for j in range(N):
        nd.scratch_flag[j] = 0
        nd.scratch_cpu[j] = nd.cpu[j]
        nd.scratch_mem[j] = nd.mem[j]
        nd.scratch_slots[j] = nd.slots[j]
    n_cand = 0
    for j in range(N):
        if nd.state[j] == NODE_READY and _node_utilization(j, nd, cs) < cs.scale_down_threshold_frac:
            nd.scratch_idx[n_cand] = j
            nd.scratch_util[n_cand] = _node_utilization(j, nd, cs)
            n_cand += 1
    # lowest utilization first, ties: the highest index (insertion sort; candidates are few)
    for a in range(1, n_cand):
        j, u = nd.scratch_idx[a], nd.scratch_util[a]
        b = a - 1
        while b >= 0 and (nd.scratch_util[b] > u or (nd.scratch_util[b] == u and nd.scratch_idx[b] < j)):
            nd.scratch_idx[b + 1] = nd.scratch_idx[b]
            nd.scratch_util[b + 1] = nd.scratch_util[b]
            b -= 1
        nd.scratch_idx[b + 1] = j
        nd.scratch_util[b + 1] = u
    limit = cl.scalars[CL_NODES_REQUESTED] - cs.min_nodes
    n_unneeded = 0
    for a in range(n_cand):
        j = nd.scratch_idx[a]
        if n_unneeded < limit and _fits_elsewhere(j, pods, nd, cs):
            nd.scratch_flag[j] = 1
            n_unneeded += 1
    for j in range(N):
        if nd.scratch_flag[j] == 1:
            if nd.unneeded_since[j] < 0:
                nd.unneeded_since[j] = k
        else:
            nd.unneeded_since[j] = -1
    return n_unneeded, n_cand


@compiled
def _remove_node(n, sv, nd, cs, cl):
    """The node leaves the group: a ready one is drained (its pods are recreated pending); pods still
    stuck on a failed one are deleted with it (pod garbage collection) and recreated pending."""
    if nd.state[n] == NODE_READY:
        cl.scalars[CL_NODES_READY] -= 1
        _clear_node(n, sv, nd, cs, False)
    S = sv.spec.shape[0]
    for s in range(S):
        if nd.dead[n, s] > 0:
            sv.dead[s] -= nd.dead[n, s]
            sv.pending[s] += nd.dead[n, s]
            nd.dead[n, s] = 0
    nd.state[n] = NODE_FREE
    nd.unneeded_since[n] = -1
    nd.evict_at[n] = -1
    cl.scalars[CL_NODES_REQUESTED] -= 1


@compiled
def _node_is_empty(n, nd):
    return nd.slots[n] == 0


@inline
def scale_down_nodes(k, sv, pods, nd, cs, cl):
    """Remove nodes unneeded for strictly longer than the unneeded time (and failed nodes NotReady
    longer than scale_down_unready_s), outside the cooldown after a scale-up: empty nodes first,
    then at most max_drain_parallelism drained ones, max_scale_down_parallelism in all, in the order
    of _mark_unneeded. Returns the node reason."""
    N = nd.used[0]  # slots taken so far (the rest are free)
    n_unneeded, n_cand = _mark_unneeded(k, pods, nd, cs, cl)
    cooldown = (k - cl.scalars[CL_LAST_SCALE_UP_STEP]) * cs.step_s < cs.scale_down_delay_after_add_s
    removable = 0
    for j in range(N):
        if ((nd.scratch_flag[j] == 1 and (k - nd.unneeded_since[j]) * cs.step_s > cs.scale_down_unneeded_s)
                or (nd.state[j] == NODE_FAILED and (k - nd.failed_at[j]) * cs.step_s > cs.scale_down_unready_s)):
            removable += 1
    if removable == 0:
        if n_unneeded > 0:
            return N_UNNEEDED_WAIT
        for j in range(N):
            if nd.state[j] == NODE_PROVISIONING:
                return N_PROV
        return N_STEADY
    if cooldown:
        return N_DELAY_ADD
    removed = 0
    drained = 0
    for j in range(N):  # failed nodes past the unready time
        if removed < cs.scale_down_parallelism and nd.state[j] == NODE_FAILED \
                and (k - nd.failed_at[j]) * cs.step_s > cs.scale_down_unready_s:
            _remove_node(j, sv, nd, cs, cl)
            removed += 1
    for empty_pass in range(2):
        for a in range(n_cand):
            if removed >= cs.scale_down_parallelism:
                break
            j = nd.scratch_idx[a]
            if nd.scratch_flag[j] != 1 or nd.state[j] != NODE_READY:
                continue
            if (k - nd.unneeded_since[j]) * cs.step_s <= cs.scale_down_unneeded_s:
                continue
            if (empty_pass == 0) != _node_is_empty(j, nd):
                continue
            if empty_pass == 1:
                if drained >= cs.max_drain_parallelism:
                    continue
                drained += 1
            nd.scratch_flag[j] = 0
            _remove_node(j, sv, nd, cs, cl)
            removed += 1
    return N_DOWN if removed > 0 else N_UNNEEDED_WAIT


@inline
def node_autoscaler_nodes(k, sv, pods, nd, cs, cl):
    """One autoscaler loop in exact mode: ``(nodes_needed, reason)``. A loop that adds nodes does not
    evaluate scale-down (RunOnce returns after a scale-up). A backed-off node group is not scaled up
    (``ScaleUpBackoff`` when it would have been)."""
    drop_timed_out_nodes(k, nd, cs, cl)
    wanted = 0
    if backed_off(k, cs, cl):
        added, at_max = 0, False
        wanted = _nodes_to_add(sv, pods, nd, cs, cl)[0]
    else:
        added, at_max = scale_up_nodes(k, sv, pods, nd, cs, cl)
    if added > 0:
        reason = N_UP
    else:
        reason = scale_down_nodes(k, sv, pods, nd, cs, cl)
        if wanted > 0 and reason != N_DOWN:
            reason = N_BACKOFF
        elif at_max and reason == N_STEADY:
            reason = N_MAX
    unneeded = 0
    for j in range(nd.used[0]):
        if nd.unneeded_since[j] >= 0 and nd.state[j] == NODE_READY:
            unneeded += 1
    return cl.scalars[CL_NODES_REQUESTED] - unneeded, reason


@compiled
def requested_fractions(nd, cs):
    """Requests of the pods on the ready nodes (pause pods and DaemonSets included) over their allocatable."""
    tc = 0.0
    tm = 0.0
    nready = 0
    for n in range(nd.used[0]):
        if nd.state[n] == NODE_READY:
            tc += cs.ds_cpu_millicores + nd.cpu[n]
            tm += cs.ds_memory_mib + nd.mem[n]
            nready += 1
    if nready == 0:
        return np.nan, np.nan
    return tc / (nready * cs.alloc_cpu_millicores), tm / (nready * cs.alloc_memory_mib)


# --- the start of a run ----------------------------------------------------------------------------
@compiled
def _any_pending(sv):
    for s in range(sv.spec.shape[0]):
        if sv.pending[s] > 0 or sv.surge_pend[s] > 0:
            return True
    return False


@compiled
def initial_placement(n0, sv, pods, nd, cs, cl):
    """The cluster at step 0: ``n0`` ready nodes (zones balanced), every pod of ``sv.pending`` placed
    by the scheduling pass, a node opened at a time (zone balanced) while pods stay pending, then the
    pause pods (a node each, in its zone when pinned), then empty nodes up to min_nodes, all within
    max_nodes; every placed pod is ready."""
    Z = nd.zone_next_taint.shape[0]
    for _ in range(min(n0, cs.max_nodes)):
        add_node(-1, 0, 0, nd, cl)
    schedule_nodes(0, sv, pods, nd, cs, nd.zone_count)
    while _any_pending(sv) and cl.scalars[CL_NODES_REQUESTED] < cs.max_nodes:
        if add_node(-1, 0, 0, nd, cl) < 0:
            break
        schedule_nodes(0, sv, pods, nd, cs, nd.zone_count)
    for z in range(Z + 1):
        while nd.pause_pend[z] > 0 and cl.scalars[CL_NODES_REQUESTED] < cs.max_nodes:
            before = nd.pause_pend[z]
            _place_pause_pods(nd, cs)
            if nd.pause_pend[z] < before:
                continue
            if add_node(z if z < Z else -1, 0, 0, nd, cl) < 0:
                break
    while cl.scalars[CL_NODES_REQUESTED] < cs.min_nodes:
        if add_node(-1, 0, 0, nd, cl) < 0:
            break
    for s in range(sv.spec.shape[0]):
        pods_become_ready(s, 1 << 40, sv, nd)
        for n in range(nd.used[0]):  # the running cluster has the images of its pods
            if nd.image_at[n, s] > 0:
                nd.image_at[n, s] = 0
