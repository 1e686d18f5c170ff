"""The parallel build of the kernel (fleets of PARALLEL_MIN_SERVICES services or more, when numba
has OpenMP or TBB) gives exactly the serial build's results: within a step the services' HPA phase
is independent, and its sums run per block of SERVICE_BLOCK services, then over the blocks in order,
in both builds. The fleet's memory requests are not whole MiB, so a sum in another order would
round differently."""

import numpy as np
import pytest

from planner import engine as eng
from planner.engine.state import N_BLOCK_SUMS, SERVICE_BLOCK
from planner.scenario import validate_scenario


def fleet(n: int):
    rng = np.random.default_rng(7)
    svcs = []
    for i in range(n):
        peak = float(rng.uniform(20, 400))
        phase = int(rng.integers(0, 24))
        load = [peak * (0.5 + 0.5 * np.cos(2 * np.pi * (h - phase) / 24)) for h in range(6)]
        svcs.append({"name": f"s{i}", "load_requests_per_s": load,
                     "requests": {"cpu_millicores": float(rng.choice([250, 500, 1000])),
                                  "memory_mib": float(rng.choice([300.3, 512.7, 1000.1]))},
                     "usage": {"cpu_millicores_base": 20, "cpu_millicores_per_rps": 8, "memory_mib_base": 128,
                               "memory_mib_per_rps": 0.2},
                     "hpa": {"min_replicas": 1, "max_replicas": 60}, "pod_startup_s": 30,
                     "deploy_windows": [{"start_hour": 2, "duration_s": 600}] if i % 7 == 0 else []})
    return validate_scenario({"services": svcs, "simulation": {"step_s": 60, "packing": "incremental"},
                              "cluster": {"node": {"instance_type": "m5.2xlarge"}, "max_nodes": 5000}})


@pytest.mark.skipif(not eng.parallel_available(), reason="numba has no OpenMP/TBB threading layer here")
def test_parallel_kernel_matches_serial_kernel():
    s = fleet(2 * SERVICE_BLOCK + 50)  # three blocks, the last one short
    assert len(s.services) >= eng.PARALLEL_MIN_SERVICES
    assert not eng.uses_parallel_kernel(len(s.services), threads=1)
    serial = eng.simulate_scenario(s, threads=1)
    assert eng.uses_parallel_kernel(len(s.services), threads=2)
    parallel = eng.simulate_scenario(s, threads=2)
    for key in eng.STEP_ARRAYS + eng.CLUSTER_ARRAYS:
        np.testing.assert_array_equal(parallel[key], serial[key], err_msg=key)
    assert serial["desired_replicas"].sum() > 0 and (serial["surge_pods"] > 0).any()


@pytest.mark.skipif(not eng.parallel_available(), reason="numba has no OpenMP/TBB threading layer here")
def test_both_builds_can_go_to_numbas_on_disk_cache():
    """A kernel that compiles in a dynamic global (e.g. ``numba.get_num_threads()`` read inside it: a
    function pointer) cannot be cached, so every process would compile it again (2-3 minutes here)
    and numba only warns. Both builds, once run, must have none."""
    from planner.engine import kernel

    s = fleet(eng.PARALLEL_MIN_SERVICES)
    eng.simulate_scenario(s, threads=1)
    eng.simulate_scenario(s, threads=2)
    for build in (kernel.run_chunk_serial, kernel.run_chunk_parallel):
        assert build.overloads, build
        for overload in build.overloads.values():
            assert not overload.library.has_dynamic_globals, build


def test_default_thread_budget_takes_the_parallel_build_on_several_cores():
    """Without ``threads`` a fleet uses every core the process may run on: the parallel build when
    there are two or more (its plan is the serial one, above); one thread, exact mode or a small
    fleet take the serial build."""
    n = eng.PARALLEL_MIN_SERVICES + 50
    assert eng.uses_parallel_kernel(n) == (eng.thread_budget(None) > 1 and eng.parallel_available())
    assert not eng.uses_parallel_kernel(n, threads=1)
    assert eng.uses_parallel_kernel(n, threads=2) == eng.parallel_available()
    assert not eng.uses_parallel_kernel(n, threads=2, node_mode=True)
    assert not eng.uses_parallel_kernel(eng.PARALLEL_MIN_SERVICES - 1, threads=2)


@pytest.mark.parametrize("n", [SERVICE_BLOCK + 1, 2 * SERVICE_BLOCK + 50])
def test_block_sums_cover_every_service_once(n):
    """The requested CPU the node autoscaler sees is the sum over all services, whatever the blocks:
    at a step with no pod waiting, ``requested_cpu_frac = (nodes x DaemonSet CPU + sum_s (desired -
    lost + surge) x cpu request) / (nodes x allocatable CPU)`` (a block left out or counted twice
    would move it by a whole block's requests)."""
    from planner.engine.params import kernel_inputs
    from planner.engine.state import ffd_order

    s = fleet(n)
    p = eng.params_from_scenario(s)
    cs = kernel_inputs(p, ffd_order(p))[2]
    out = eng.simulate_scenario(s, threads=1)
    pods = out["desired_replicas"] - out["lost_pods"] + out["surge_pods"]
    nodes = out["nodes_ready"].astype(float)
    want = (nodes * cs.ds_cpu_millicores + pods @ p.pod_cpu_millicores) / (nodes * cs.alloc_cpu_millicores)
    calm = out["pending_pods"].sum(axis=1) == 0
    assert calm.sum() > 100
    np.testing.assert_allclose(out["requested_cpu_frac"][calm], want[calm], rtol=1e-12)


def test_picker_times_both_builds_then_keeps_the_faster_and_probes_the_other():
    """Hand-worked sequence, PROBE_EVERY 16: chunk 0 parallel, chunk 1 serial (the two probes); with
    the serial build faster per step, chunks 2..15 serial, chunk 16 parallel again (a probe), and
    once that probe is faster, the parallel build from chunk 17 on."""
    from planner.engine.driver import KernelPicker

    pk = KernelPicker(eligible=True)
    seconds = {True: 7.0, False: 1.5}  # a busy core: the parallel build is ~5x slower
    picks = []
    for i in range(20):
        if i == 16:
            seconds = {True: 0.8, False: 1.5}  # the other process ended
        par = pk.pick()
        picks.append(par)
        pk.record(par, seconds[par], 1440)
    assert picks == [True, False] + [False] * 14 + [True] + [True] * 3
    always_serial = KernelPicker(eligible=True)
    tried = []
    for i in range(120):
        par = always_serial.pick()
        tried += [i] if par else []
        always_serial.record(par, 7.0 if par else 1.5, 1440)
    # probes lose each time, so the waits double: 16, then 17 + 32 = 49, then 50 + 64 = 114
    assert tried == [0, 16, 49, 114]
    never = KernelPicker(eligible=False)
    assert not any(never.pick() for _ in range(3))


def test_picker_keeps_the_build_in_use_through_one_slow_chunk_but_not_two():
    """Hand-worked: parallel 45 ms a chunk, serial 69 ms. Chunk 0 parallel, 1 serial, then parallel.
    One chunk at 75 ms (chunk 4): the median of the last three parallel chunks (45, 45, 75) is
    45 ms, still below the serial 69 ms, so chunk 5 stays parallel. Chunks 8 and 9 at 90 ms: after
    chunk 9 the median (45, 90, 90) is 90 ms > 69 ms, so chunk 10 runs serial."""
    from planner.engine.driver import KernelPicker

    pk = KernelPicker(eligible=True)
    slow = {4: 0.075, 8: 0.090, 9: 0.090}
    picks = []
    for i in range(12):
        par = pk.pick()
        picks.append(par)
        pk.record(par, slow.get(i, 0.045) if par else 0.069, 1440)
    assert picks == [True, False] + [True] * 8 + [False] * 2


@pytest.mark.skipif(not eng.parallel_available(), reason="numba has no OpenMP/TBB threading layer here")
def test_chunks_that_switch_builds_give_the_serial_run(monkeypatch):
    """Hour-long chunks with a probe every other chunk, so the run alternates between the two builds
    part-way: the arrays equal those of the serial build over the whole run."""
    from planner.engine import driver

    s = fleet(eng.PARALLEL_MIN_SERVICES + 10)
    serial = eng.simulate_scenario(s, threads=1, chunk_steps=60)
    monkeypatch.setattr(driver.KernelPicker, "PROBE_EVERY", 2)
    ran = []
    record = driver.KernelPicker.record
    monkeypatch.setattr(driver.KernelPicker, "record",
                        lambda self, par, sec, n: (ran.append(par), record(self, par, sec, n)))
    mixed = eng.simulate_scenario(s, threads=2, chunk_steps=60)
    assert len(ran) == 6 and True in ran and False in ran
    for key in eng.STEP_ARRAYS + eng.CLUSTER_ARRAYS:
        np.testing.assert_array_equal(mixed[key], serial[key], err_msg=key)
