"""Runs the kernel over a horizon in chunks of whole hours and aggregates per hour as it goes.

:func:`run_engine` is the one driver: ``planner.plan``, fleet runs (:func:`simulate_fleet`), the
benchmark and the reference comparison (:func:`simulate_scenario`) all go through it. Memory stays
bounded by the chunk unless ``keep_steps``. ``chunk_hooks`` let other per-step models (the As-Is
fleet) see each chunk's load in order, on the aggregating thread.

Thread budget: ``threads`` (default: every core the process may run on) decides whether the load
and the aggregation overlap the kernel on worker threads, and whether fleets of
:data:`PARALLEL_MIN_SERVICES` services or more may take the parallel build of the kernel (numba's
OpenMP or TBB layer; :func:`uses_parallel_kernel`, :class:`KernelPicker`). ``threads=1`` keeps a
run on its caller's thread (e.g. one plan per worker in a sweep). Both builds give the same plan to
the bit, so which one ran never shows in a number.
"""

from __future__ import annotations

import math
import os
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

import numpy as np

from planner.engine import aggregate as agg
from planner.engine import kernel
from planner.engine.params import FleetParams, kernel_inputs, params_from_scenario
from planner.engine.start import initial_state
from planner.engine.state import CLUSTER_ARRAYS, STEP_ARRAYS, ClusterOut, EngineState, StepOut, chunk_buffers
from planner.engine.timeline import scenario_step_load
from planner.events import merge_events, no_events, scenario_events
from planner.scenario import Scenario, ScenarioError

#: fleets at least this large use the parallel build (a parallel region costs ~1-2 us per step)
PARALLEL_MIN_SERVICES = 200

ChunkHook = Callable[[np.ndarray, int, int], None]  #: (per-step load [nk, S], k0, k1)


@lru_cache(maxsize=1)
def parallel_available() -> bool:
    """True when numba has a fast threading layer (OpenMP via libgomp, or TBB); its fallback
    'workqueue' layer costs ~85 us per parallel region, slower than the serial kernel."""
    for mod in ("omppool", "tbbpool"):
        try:
            __import__(f"numba.np.ufunc.{mod}")
        except ImportError:
            continue
        return True
    return False


def thread_budget(threads: int | None) -> int:
    """Threads a run may use: ``threads``, or every core this process may run on (its CPU affinity,
    e.g. a container's cpuset or ``taskset``, not the host's core count)."""
    if threads is not None and threads < 1:
        raise ValueError(f"threads must be >= 1; got {threads}")
    if threads:
        return threads
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def uses_parallel_kernel(n_services: int, threads: int | None = None, node_mode: bool = False) -> bool:
    """Whether a run of ``n_services`` may take the parallel build of the kernel: fleets of
    :data:`PARALLEL_MIN_SERVICES` or more with a thread budget above one, in fluid mode (in exact mode
    the services share the node slots, so they run in order), when numba has a fast threading layer.

    Both builds give the same plan to the bit: the per-service phase sums its requests per block of
    ``SERVICE_BLOCK`` services, then the blocks in order, whatever the build and the thread count
    (``tests/test_engine_parallel.py``)."""
    return (not node_mode and n_services >= PARALLEL_MIN_SERVICES and thread_budget(threads) > 1
            and parallel_available())


class KernelPicker:
    """Parallel or serial build, chunk by chunk, by measured speed.

    The parallel build meets a barrier at every step, so a worker thread that the OS has preempted
    (another process on one of the cores) stalls the whole step. On the fleet-year bench case (1,000
    services, day-long chunks of 1,440 steps, 2026-12-02) a chunk took a median 0.20 s parallel and
    0.26 s serial with two free cores, but 0.61 s parallel and 0.29 s serial with a busy loop on one
    core. So the first chunk runs parallel and the second serial, each timed per step; later chunks
    take the build in use (the faster of the two), and after :attr:`PROBE_EVERY` chunks the other is
    tried again in case the machine changed (twice as long a wait each time it loses again).

    The build in use is judged by the median of its last :attr:`WINDOW` chunks, the other by its
    last chunk (its latest probe): one slow chunk (a moment of another process) does not make the
    switch, two in a row do. Judged by its last chunk alone, a single slow parallel day of the
    fleet-year case sent the next 16 days to the serial build, a third slower each
    (2026-12-04: 72 of 365 chunks serial in one run, 9 in the next). Both builds give the same
    numbers to the bit (``tests/test_engine_parallel.py``), so the pick changes only the time.
    """

    PROBE_EVERY = 16  #: chunks before the other build is tried again; doubles each time it loses again
    WINDOW = 3  #: chunks of the build in use whose median per-step time it is judged by

    def __init__(self, eligible: bool):
        self.eligible = eligible
        self.n_chunks = 0
        #: per-step seconds of each build's last chunks, oldest first
        self.recent = {True: deque(maxlen=self.WINDOW), False: deque(maxlen=self.WINDOW)}
        self.current: bool | None = None  #: the build in use, once both have run
        self.interval = self.PROBE_EVERY
        self.next_probe = self.PROBE_EVERY

    def _in_use_s(self) -> float:
        return float(np.median(self.recent[self.current]))

    def pick(self) -> bool:
        """Whether the next chunk runs the parallel build."""
        if not self.eligible:
            return False
        if self.current is None:
            return not self.recent[True]
        return not self.current if self.n_chunks >= self.next_probe else self.current

    def record(self, parallel: bool, seconds: float, n_steps: int) -> None:
        """The last chunk ran ``parallel`` over ``n_steps`` steps in ``seconds``."""
        self.n_chunks += 1
        if not self.eligible or n_steps <= 0:
            return
        runs = self.recent[parallel]
        runs.append(seconds / n_steps)
        if self.current is None:
            if self.recent[not parallel]:  # both builds have run once: the faster is in use
                self.current = self.recent[True][-1] <= self.recent[False][-1]
            return
        if parallel != self.current:  # a probe of the other build
            switch = runs[-1] < self._in_use_s()
            self.interval = self.PROBE_EVERY if switch else 2 * self.interval
        elif self._in_use_s() > self.recent[not parallel][-1]:  # the build in use slowed down for good
            switch = True
            self.interval = self.PROBE_EVERY
        else:
            return
        if switch:
            self.current = not self.current
        self.next_probe = self.n_chunks + self.interval


def run_chunk(p: FleetParams, st: EngineState, k0: int, load: np.ndarray, events: np.ndarray,
              out: tuple[StepOut, ClusterOut] | None = None, threads: int | None = None,
              parallel: bool | None = None) -> tuple[StepOut, ClusterOut]:
    """Run ``load.shape[0]`` steps from global step ``k0``; returns the chunk's per-step outputs
    (written into ``out`` when given, e.g. buffers from :func:`chunk_buffers` reused across chunks).
    ``parallel`` picks the build (default: :func:`uses_parallel_kernel`); the parallel build is
    only taken where it is eligible."""
    nk, S = load.shape
    if out is None or out[0].desired_replicas.shape != (nk, S):
        out = chunk_buffers(nk, S)
    hp, pods, cs = kernel_inputs(p, st.ffd_order)
    eligible = uses_parallel_kernel(S, threads, p.node_mode)
    if eligible and parallel is not False:
        import numba

        n_threads = min(thread_budget(threads), numba.config.NUMBA_NUM_THREADS)
        numba.set_num_threads(n_threads)
        kernel.run_chunk_parallel(k0, load, events, hp, pods, cs, st.services, st.cluster, st.nodes, *out, n_threads)
    else:
        kernel.run_chunk_serial(k0, load, events, hp, pods, cs, st.services, st.cluster, st.nodes, *out, 1)
    if (out[1].nodes_needed < 0).any():
        raise ScenarioError([("services", "a pod does not fit on an empty node (unschedulable)")])
    return out


@dataclass
class RunResult:
    """Hourly aggregates of an engine run (and the per-step arrays when kept)."""

    hourly: dict[str, np.ndarray]  #: per hour and service ``[H, S]`` (:data:`HOURLY_FIELDS`)
    cluster_hourly: dict[str, np.ndarray]  #: per hour ``[H]`` (:data:`CLUSTER_HOURLY_FIELDS`)
    steps: dict[str, np.ndarray] | None  #: per step (:data:`STEP_ARRAYS`, :data:`CLUSTER_ARRAYS`, load, capacity)
    min_headroom_frac: float
    pods_peak: int
    pods_min: np.ndarray
    pods_max: np.ndarray
    params: FleetParams
    n_steps: int
    step_s: int


def _as_load(a) -> np.ndarray:
    """C-contiguous float32 or float64 load, without a copy when it already is one."""
    a = np.asarray(a)
    return np.ascontiguousarray(a if a.dtype in (np.float32, np.float64) else a.astype(np.float64))


class _Aggregator:
    """Hourly slabs written in place, chunk by chunk (no copies, no join); the chunk hooks; the kept steps."""

    def __init__(self, p: FleetParams, n_steps: int, step_s: int, keep_steps: bool, hooks: Sequence[ChunkHook]):
        self.sph, self.step_s, self.keep, self.hooks = 3600 // step_s, step_s, keep_steps, hooks
        H, S = n_steps // self.sph, p.n_services
        self.cap = p.pod_capacity_requests_per_s
        self.h_all = np.zeros((len(agg.HOURLY_FIELDS), H, S))
        self.c_all = np.zeros((len(agg.CLUSTER_HOURLY_FIELDS), H))
        self.running = np.array([math.inf, 0.0])  # min headroom, peak total pods
        self.pods_min = np.full(S, np.iinfo(np.int64).max)
        self.pods_max = np.zeros(S, np.int64)
        self.parts: dict[str, list[np.ndarray]] = {}

    def __call__(self, load: np.ndarray, out: tuple[StepOut, ClusterOut], k0: int, k1: int) -> None:
        h0, h1 = k0 // self.sph, k1 // self.sph
        so, co = out
        agg.aggregate_hours(self.sph, self.step_s, load, self.cap, so, co, self.h_all[:, h0:h1, :],
                            self.c_all[:, h0:h1], self.running, self.pods_min, self.pods_max)
        for hook in self.hooks:
            hook(load, k0, k1)
        if self.keep:
            capacity = so.ready_pods * self.cap[None, :]
            arrays = {**so._asdict(), **co._asdict(), "load_requests_per_s": load,
                      "capacity_requests_per_s": capacity,
                      "shortfall_requests_per_s": np.maximum(0.0, load - capacity)}
            for key, v in arrays.items():
                self.parts.setdefault(key, []).append(v)

    def result(self, p: FleetParams, n_steps: int) -> RunResult:
        steps = {k: np.concatenate(v) for k, v in self.parts.items()} if self.keep else None
        return RunResult(hourly=dict(zip(agg.HOURLY_FIELDS, self.h_all)),
                         cluster_hourly=dict(zip(agg.CLUSTER_HOURLY_FIELDS, self.c_all)), steps=steps,
                         min_headroom_frac=float(self.running[agg.RUN_MIN_HEADROOM]),
                         pods_peak=int(self.running[agg.RUN_PODS_PEAK]), pods_min=self.pods_min,
                         pods_max=self.pods_max, params=p, n_steps=n_steps, step_s=self.step_s)


def run_engine(p: FleetParams, load_chunk: Callable[[int, int], np.ndarray], n_steps: int, step_s: int,
               events: np.ndarray | None = None, keep_steps: bool = False, chunk_steps: int | None = None,
               threads: int | None = None, chunk_hooks: Sequence[ChunkHook] = ()) -> RunResult:
    """Run the kernel over ``n_steps`` in chunks of whole hours, aggregating per hour as it goes.

    ``load_chunk(k0, k1)`` returns per-step load ``[k1-k0, S]`` [requests/s]; ``events`` the
    :mod:`planner.engine.timeline` events (default none)."""
    sph = 3600 // step_s
    if n_steps % sph:
        raise ValueError("n_steps must cover whole hours")
    chunk = chunk_steps or sph * 24
    chunk = max(chunk - chunk % sph, sph)
    events = no_events() if events is None else np.ascontiguousarray(events, np.int64)
    first = _as_load(load_chunk(0, min(n_steps, chunk)))
    st = initial_state(p, first[0])
    aggregate = _Aggregator(p, n_steps, step_s, keep_steps, chunk_hooks)
    _pipeline(p, st, first, load_chunk, n_steps, chunk, events, keep_steps, threads, aggregate)
    return aggregate.result(p, n_steps)


def _pipeline(p, st, first, load_chunk, n_steps, chunk, events, keep_steps, threads, aggregate) -> None:
    """The chunk loop. Serial kernel (small fleets): while the nogil kernel advances chunk i on this
    thread, one worker makes chunk i+1's load and another aggregates chunk i-1 (in order, so the
    running extrema are updated by one thread at a time). Parallel kernel (large fleets): the kernel
    has the cores to itself (a preempted worker would stall every step's barrier); then chunk i is
    aggregated here while the worker makes chunk i+1's load (and :class:`KernelPicker` falls back to
    the serial build, chunk by chunk, while a busy core makes the parallel one slower). A budget of
    one thread runs it all here."""
    multi = n_steps > chunk and thread_budget(threads) > 1
    parallel = uses_parallel_kernel(p.n_services, threads, p.node_mode)
    picker = KernelPicker(parallel and n_steps > chunk)
    fetcher = ThreadPoolExecutor(max_workers=1) if multi else None
    aggregator = ThreadPoolExecutor(max_workers=1) if multi and not parallel else None
    fetch = lambda a, b: _as_load(load_chunk(a, b))  # noqa: E731
    nxt = None
    pending_aggs: list = []
    # two sets of per-step buffers, alternating: fresh 40 MB arrays per chunk cost page faults.
    # A set is reused only once the aggregation that reads it is done (and never if kept).
    buffers: list = [None, None]
    load, k0 = first, 0
    try:
        while k0 < n_steps:
            k1 = min(n_steps, k0 + chunk)
            k2 = min(n_steps, k1 + chunk)
            if fetcher is not None and k1 < n_steps and not parallel:
                nxt = fetcher.submit(fetch, k1, k2)
            i = len(pending_aggs)
            if i >= 2 and aggregator is not None:
                pending_aggs[i - 2].result()
            use_parallel = picker.pick() if picker.eligible else None
            t0 = time.perf_counter()
            out = run_chunk(p, st, k0, load, events, None if keep_steps else buffers[i % 2], threads,
                            use_parallel)
            picker.record(bool(use_parallel), time.perf_counter() - t0, k1 - k0)
            if not keep_steps:
                buffers[i % 2] = out
            if fetcher is not None and k1 < n_steps and parallel:
                nxt = fetcher.submit(fetch, k1, k2)
            if aggregator is not None:
                pending_aggs.append(aggregator.submit(aggregate, load, out, k0, k1))
            else:
                aggregate(load, out, k0, k1)
                pending_aggs.append(None)
            if k1 < n_steps:
                load = nxt.result() if nxt is not None else fetch(k1, k2)
            k0 = k1
        for f in pending_aggs:
            if f is not None:
                f.result()
    finally:
        for pool in (fetcher, aggregator):
            if pool is not None:
                pool.shutdown(wait=True)


def simulate_fleet(params: FleetParams, load_chunk: Callable[[int, int], np.ndarray], n_steps: int,
                   step_s: int, load_step_s: int, keep_steps: bool = False, chunk_steps: int | None = None,
                   threads: int | None = None, chunk_hooks: Sequence[ChunkHook] = ()) -> RunResult:
    """Run the engine on load given at ``load_step_s`` resolution (e.g. 60 s metrics).

    ``load_chunk(i0, i1)`` returns load rows ``[i1-i0, S]`` [requests/s] at the load resolution;
    ``params`` must have been built for ``step_s`` (window lengths are in steps). A coarser load is
    held over the finer steps; a finer load is averaged over each step."""
    if load_step_s == step_s:
        steps_chunk = load_chunk
    elif load_step_s % step_s == 0:
        r = load_step_s // step_s

        def steps_chunk(k0: int, k1: int) -> np.ndarray:
            i0, i1 = k0 // r, -(-k1 // r)
            rows = np.repeat(np.asarray(load_chunk(i0, i1)), r, axis=0)
            return rows[k0 - i0 * r: k1 - i0 * r]
    elif step_s % load_step_s == 0:
        r = step_s // load_step_s

        def steps_chunk(k0: int, k1: int) -> np.ndarray:
            rows = np.asarray(load_chunk(k0 * r, k1 * r), dtype=np.float64)
            return rows.reshape(k1 - k0, r, rows.shape[1]).mean(axis=1)
    else:
        raise ValueError(f"load_step_s {load_step_s} and step_s {step_s}: one must divide the other")
    return run_engine(params, steps_chunk, n_steps, step_s, None, keep_steps, chunk_steps, threads, chunk_hooks)


def simulate_scenario(scenario: Scenario, params: FleetParams | None = None, chunk_steps: int | None = None,
                      threads: int | None = None, events: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Per-step arrays of a whole scenario, through the same chunked driver as ``planner.plan``
    (the engine side of the reference comparison).

    Keys: ``load_requests_per_s`` and :data:`STEP_ARRAYS` ``[n_steps, S]``, :data:`CLUSTER_ARRAYS`
    ``[n_steps]``, plus ``capacity_requests_per_s`` and ``shortfall_requests_per_s``. ``events``:
    extra event rows (failure drills) merged with the scenario's rolling updates."""
    p = params or params_from_scenario(scenario)
    step_s = scenario.simulation.step_s
    load = scenario_step_load(scenario)
    ev = scenario_events(scenario) if events is None else merge_events(scenario_events(scenario), events)
    rr = run_engine(p, lambda a, b: load[a:b], load.shape[0], step_s, ev, keep_steps=True,
                    chunk_steps=chunk_steps, threads=threads)
    return rr.steps


__all__ = ["CLUSTER_ARRAYS", "PARALLEL_MIN_SERVICES", "STEP_ARRAYS", "KernelPicker", "RunResult", "parallel_available", "run_chunk",
           "run_engine", "simulate_fleet", "simulate_scenario", "thread_budget", "uses_parallel_kernel"]
