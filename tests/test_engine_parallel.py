"""The parallel build of the kernel (fleets of PARALLEL_MIN_SERVICES services or more, when numba
has OpenMP or TBB) gives exactly the serial build's results: within a step the services' HPA phase
is independent, and the sums it reduces are of integer-valued requests."""

import numpy as np
import pytest

from planner import engine as eng
from planner.scenario import validate_scenario


def fleet(n: int):
    rng = np.random.default_rng(7)
    svcs = []
    for i in range(n):
        peak = float(rng.uniform(20, 400))
        phase = int(rng.integers(0, 24))
        load = [peak * (0.5 + 0.5 * np.cos(2 * np.pi * (h - phase) / 24)) for h in range(6)]
        svcs.append({"name": f"s{i}", "load_requests_per_s": load,
                     "requests": {"cpu_millicores": float(rng.choice([250, 500, 1000])), "memory_mib": 512},
                     "usage": {"cpu_millicores_base": 20, "cpu_millicores_per_rps": 8, "memory_mib_base": 128,
                               "memory_mib_per_rps": 0.2},
                     "hpa": {"min_replicas": 1, "max_replicas": 60}, "pod_startup_s": 30,
                     "deploy_windows": [{"start_hour": 2, "duration_s": 600}] if i % 7 == 0 else []})
    return validate_scenario({"services": svcs, "simulation": {"step_s": 60, "packing": "incremental"},
                              "cluster": {"node": {"instance_type": "m5.2xlarge"}, "max_nodes": 5000}})


@pytest.mark.skipif(not eng.parallel_available(), reason="numba has no OpenMP/TBB threading layer here")
def test_parallel_kernel_matches_serial_kernel():
    s = fleet(eng.PARALLEL_MIN_SERVICES + 50)
    assert not eng.uses_parallel_kernel(len(s.services), threads=1)
    serial = eng.simulate_scenario(s, threads=1)
    assert eng.uses_parallel_kernel(len(s.services), threads=2)
    parallel = eng.simulate_scenario(s, threads=2)
    for key in eng.STEP_ARRAYS + eng.CLUSTER_ARRAYS:
        np.testing.assert_array_equal(parallel[key], serial[key], err_msg=key)
    assert serial["desired_replicas"].sum() > 0 and (serial["surge_pods"] > 0).any()


def test_default_thread_budget_takes_the_serial_build():
    """Without ``threads`` a fleet runs the serial build whatever the core count, so a plan is the
    same on every machine (the parallel build's sums run in another order; see the driver)."""
    n = eng.PARALLEL_MIN_SERVICES + 50
    assert not eng.uses_parallel_kernel(n)
    assert not eng.uses_parallel_kernel(n, threads=1)
    assert eng.uses_parallel_kernel(n, threads=2) == eng.parallel_available()
    assert not eng.uses_parallel_kernel(n, threads=2, node_mode=True)
    assert not eng.uses_parallel_kernel(eng.PARALLEL_MIN_SERVICES - 1, threads=2)
