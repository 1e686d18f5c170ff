"""Incremental (fleet-scale) packing against exact first-fit decreasing.

Incremental mode re-runs exact FFD (cluster-autoscaler estimator/binpacking_estimator.go order)
only when the resource lower bound moved by more than 2 % or the last exact pack is 60 steps old,
and in between scales the last exact node count by the lower bound. With node provisioning at 0 s
every pod schedules at once, so both modes see the same pods and only the packing differs: the
bound tested here is the documented error of the approximation."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine import simulate_scenario
from planner.scenario import validate_scenario

service = st.fixed_dictionaries({
    "cpu": st.sampled_from([100, 250, 500, 750, 1000, 1500, 2000]),
    "mem": st.sampled_from([128, 256, 512, 1024, 2048, 4096]),
    "peak": st.floats(min_value=5, max_value=800),
    "phase": st.integers(0, 23),
})


def scenario(svcs, packing):
    hours = 12
    out = []
    for i, s in enumerate(svcs):
        shape = 0.55 + 0.45 * np.cos(2 * np.pi * (np.arange(hours) - s["phase"]) / 24)
        out.append({"name": f"s{i}", "load_requests_per_s": [float(x) for x in s["peak"] * shape],
                    "requests": {"cpu_millicores": s["cpu"], "memory_mib": s["mem"]},
                    "usage": {"cpu_millicores_base": 0, "cpu_millicores_per_rps": s["cpu"] / 50,
                              "memory_mib_base": s["mem"] / 4, "memory_mib_per_rps": 0},
                    "hpa": {"min_replicas": 1, "max_replicas": 500}, "pod_startup_s": 0})
    return validate_scenario({"services": out, "simulation": {"step_s": 60, "packing": packing},
                              "cluster": {"provisioning_delay_s": 0, "spare_nodes": 0, "min_nodes": 0}})


@settings(derandomize=True, max_examples=25, deadline=None)
@given(svcs=st.lists(service, min_size=2, max_size=12))
def test_incremental_packing_stays_within_5_percent_or_one_node_of_exact_ffd(svcs):
    exact = simulate_scenario(scenario(svcs, "exact"))
    inc = simulate_scenario(scenario(svcs, "incremental"))
    assert (exact["desired_replicas"] == inc["desired_replicas"]).all()
    e = exact["nodes_needed"].astype(int)
    a = inc["nodes_needed"].astype(int)
    allowed = np.maximum(1, np.ceil(0.05 * e))
    assert (np.abs(a - e) <= allowed).all(), (np.abs(a - e) - allowed).max()
