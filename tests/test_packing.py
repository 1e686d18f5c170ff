"""Node packing: exact FFD (compiled and plain) and the lower bound.

Upstream: kubernetes/autoscaler ``cluster-autoscaler/estimator/binpacking_estimator.go`` (first fit
over pods sorted by ``estimator/decreasing_pod_orderer.go``: ``cpu/node_cpu + mem/node_mem``
descending). Expected counts below are worked out by hand in each row.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.packing import (
    UNSCHEDULABLE, check_packed, ffd_nodes, ffd_nodes_py, ffd_order_py, lower_bound_nodes,
)

BIG_MEM = 1e9  # a memory room that never binds


def both(counts, cpu, mem, node_cpu, node_mem, slots):
    a = ffd_nodes(np.asarray(counts, np.int64), np.asarray(cpu, float), np.asarray(mem, float),
                  float(node_cpu), float(node_mem), int(slots))
    b = ffd_nodes_py(counts, cpu, mem, node_cpu, node_mem, slots)
    return a, b


@pytest.mark.parametrize("counts, cpu, mem, node, expected", [
    pytest.param([], [], [], (4000, 16000, 110), 0, id="no_pods_no_nodes"),
    pytest.param([0, 0], [500, 9000], [512, 512], (4000, 16000, 110), 0, id="zero_counts_even_if_too_big"),
    # 8 x 500m = 4000m exactly: the float room 4000 - 8*500 must count as a fit
    pytest.param([8], [500], [512], (4000, 16000, 110), 1, id="exact_cpu_fit_one_node"),
    pytest.param([9], [500], [512], (4000, 16000, 110), 2, id="ninth_pod_opens_second_node"),
    # 10 pods x 0.1 of a node, 3 slots per node: slots bind, ceil(10/3) = 4
    pytest.param([10], [100], [100], (1000, 1000, 3), 4, id="pod_slots_bind"),
    # memory: 5 x 4000 MiB on 15000 MiB nodes: 3 per node -> 2 nodes
    pytest.param([5], [100], [4000], (4000, 15000, 110), 2, id="memory_binds"),
    # three thirds of 0.1: 0.1 * 3 = 0.30000000000000004 > 0.3 in floats, still one node
    pytest.param([3], [0.1], [1], (0.3, 10, 110), 1, id="float_room_tolerated"),
    # index order C(4), B(5)x2, A(6) on 10: FFD sorts A, B, B, C -> {6,4}, {5,5} = 2 nodes
    # (first fit in index order would give {4,5}, {5}, {6} = 3 nodes)
    pytest.param([1, 2, 1], [4, 5, 6], [1, 1, 1], (10, BIG_MEM, 110), 2, id="decreasing_order_matters"),
])
def test_ffd_hand_cases(counts, cpu, mem, node, expected):
    a, b = both(counts, cpu, mem, *node)
    assert (a, b) == (expected, expected)


@pytest.mark.parametrize("cpu, mem, expected", [
    pytest.param([100, 300, 500], [100, 100, 100], [2, 1, 0], id="largest_first"),
    # (6, 1) scores 0.7 < (3, 5) 0.8 on a (10, 10) node: memory counts as much as cpu
    pytest.param([6, 3], [1, 5], [1, 0], id="score_sums_both_dimensions"),
    # both score 0.4: index order is kept (a stable sort)
    pytest.param([3, 1], [1, 3], [0, 1], id="ties_keep_index_order"),
])
def test_ffd_order(cpu, mem, expected):
    assert ffd_order_py(cpu, mem, 10, 10) == expected


@pytest.mark.parametrize("cpu, mem, slots", [
    pytest.param(4001, 512, 110, id="cpu_too_big"),
    pytest.param(500, 16001, 110, id="memory_too_big"),
    pytest.param(500, 512, 0, id="no_pod_slot"),
])
def test_pod_larger_than_node_is_a_sentinel(cpu, mem, slots):
    a, b = both([2], [cpu], [mem], 4000, 16000, slots)
    assert a == b == UNSCHEDULABLE


def test_check_packed_names_the_service():
    assert check_packed(3) == 3
    with pytest.raises(ValueError, match=r"web: pod requests \(5000 millicores"):
        check_packed(UNSCHEDULABLE, [100, 5000], [64, 64], 4000, 16000, names=["api", "web"])


@pytest.mark.parametrize("counts, cpu, mem, node, expected", [
    pytest.param([8], [500], [512], (4000, 16000, 110), 1, id="cpu_exact"),
    pytest.param([9], [500], [512], (4000, 16000, 110), 2, id="cpu_plus_one"),
    pytest.param([5], [100], [4000], (4000, 15000, 110), 2, id="memory"),  # 20000 / 15000
    pytest.param([10], [1], [1], (4000, 16000, 3), 4, id="slots"),
    pytest.param([], [], [], (4000, 16000, 110), 0, id="empty"),
])
def test_lower_bound_hand_cases(counts, cpu, mem, node, expected):
    assert lower_bound_nodes(counts, cpu, mem, *node) == expected


sizes = st.tuples(st.sampled_from([100, 250, 333.3, 500, 750, 1000, 1900, 3800]),
                  st.sampled_from([128, 512, 700, 1024, 4096, 8000]))


@settings(derandomize=True, max_examples=200, deadline=None)
@given(groups=st.lists(st.tuples(st.integers(0, 30), sizes), min_size=0, max_size=12),
       slots=st.integers(1, 60))
def test_compiled_and_plain_ffd_agree(groups, slots):
    counts = [n for n, _ in groups]
    cpu = [c for _, (c, _) in groups]
    mem = [m for _, (_, m) in groups]
    a, b = both(counts, cpu, mem, 3800, 14000, slots)
    assert a == b
    lb = lower_bound_nodes(counts, cpu, mem, 3800, 14000, slots)
    assert lb <= a <= sum(counts)


def test_ffd_is_not_optimal_in_two_dimensions():
    # a layout in 10 nodes (nodes x services), valid on 3800 m / 14000 MiB / 55 slots
    cpu, mem = [1900, 750, 100], [128, 8000, 4096]
    layout = np.array([[1, 1, 1, 1, 2, 1, 1, 1, 1, 0],  # 1900 m
                       [1, 1, 1, 1, 0, 0, 0, 0, 0, 0],  # 750 m
                       [1, 1, 1, 1, 0, 3, 3, 3, 3, 1]])  # 100 m
    assert (np.asarray(cpu) @ layout <= 3800).all() and (np.asarray(mem) @ layout <= 14000).all()
    assert layout.sum(axis=1).tolist() == [10, 4, 17]
    # FFD: 750/8000 scores 0.77 > 1900/128 0.51 > 100/4096 0.32; each (750, 8000) node then takes one
    # 1900 m pod and one 4096 MiB pod, leaving 6 x 1900 m (3 nodes of 2) and 13 x 100/4096 (3 per node:
    # 5 nodes) -> 4 + 3 + 5 = 12
    assert ffd_nodes_py([10, 4, 17], cpu, mem, 3800, 14000, 55) == 12
