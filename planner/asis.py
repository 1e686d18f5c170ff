"""As-Is: today's static servers, sized per service for its peak plus backups, step by step.

Sizing (docs/model.md, As-Is): a server offers its capacity minus the OS and VM reserve; at the
sizing target a service needs ``max(1, ceil(peak / capacity at target))`` servers, plus its
backups, all hours. Per step a deploy takes one server out (a rolling update of the servers) and a
failed server is out until repaired (``as_is.repair_time_s``); capacity is the servers in service
at 100 % of usable, and the load above it is the shortfall.

:class:`AsIsRun` evaluates the per-step model chunk by chunk, fed by the engine's driver
(``chunk_hooks``), so a streamed fleet run and ``planner.plan`` use the same arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from planner.catalog import Instance
from planner.events import deploying_steps, servers_out_steps
from planner.scenario import AsIs, Scenario

EPS = 1e-9


@dataclass(frozen=True)
class AsIsSizing:
    """Static sizing of one service."""

    capacity_at_target_requests_per_s: float  #: per server at the sizing target
    capacity_full_requests_per_s: float  #: per server at 100 % of usable
    servers_for_peak: int
    backup_servers: int

    @property
    def servers(self) -> int:
        return self.servers_for_peak + self.backup_servers


def usable_capacity(server: Instance, as_is: AsIs) -> tuple[float, float]:
    """``(cpu_millicores, memory_mib)`` a server offers a service: capacity minus the OS reserve and,
    for VMs, the hypervisor + guest overhead."""
    vm_cpu, vm_mem = (as_is.vm_overhead_cpu_millicores, as_is.vm_overhead_memory_mib) if as_is.is_vm else (0.0, 0.0)
    return (server.cpu_millicores - as_is.os_reserved_cpu_millicores - vm_cpu,
            server.memory_mib - as_is.os_reserved_memory_mib - vm_mem)


def size_as_is(scenario: Scenario, server: Instance, peak_requests_per_s: np.ndarray) -> list[AsIsSizing]:
    """Per service: ``max(1, ceil(peak / capacity at target)) + backups``. The scenario must be
    plannable (:func:`planner.scenario.asis_problems` is empty)."""
    a = scenario.as_is
    cpu, mem = usable_capacity(server, a)
    out = []
    for i, s in enumerate(scenario.services):
        u = s.usage
        caps_t, caps_f = [], []
        for usable, base, per in ((cpu, u.cpu_millicores_base, u.cpu_millicores_per_rps),
                                  (mem, u.memory_mib_base, u.memory_mib_per_rps)):
            if per > 0:
                caps_t.append((usable * a.target_utilization_frac - base) / per)
                caps_f.append((usable - base) / per)
        cap_t = min(caps_t) if caps_t else math.inf
        cap_f = min(caps_f) if caps_f else math.inf
        n = max(1, math.ceil(float(peak_requests_per_s[i]) / cap_t - EPS))
        backups = s.backup_servers if s.backup_servers is not None else a.backup_servers_per_service
        out.append(AsIsSizing(cap_t, cap_f, n, backups))
    return out


def servers_per_service(sizing: list[AsIsSizing]) -> np.ndarray:
    return np.array([z.servers for z in sizing], np.int64)


def one_out_capacity_requests_per_s(z: AsIsSizing) -> float:
    """What the service's servers hold at the sizing target with one server out for a deploy."""
    return (z.servers - 1) * z.capacity_at_target_requests_per_s


class AsIsRun:
    """The per-step As-Is fleet, evaluated on the engine's load chunks (call it with ``(load, k0, k1)``).

    After the run: ``hourly_capacity_requests_per_s`` and ``hourly_shortfall_requests`` ``[H, S]``,
    ``min_headroom_frac``, and with ``keep_steps`` the per-step arrays in :meth:`steps`."""

    def __init__(self, sizing: list[AsIsSizing], events: np.ndarray, n_steps: int, step_s: int, keep_steps: bool,
                 repair_time_s: int = 0):
        self.servers = servers_per_service(sizing)
        self.repair_steps = int(math.ceil(repair_time_s / step_s))
        self.cap_full = np.array([z.capacity_full_requests_per_s for z in sizing])
        self.events, self.step_s, self.sph, self.keep = events, step_s, 3600 // step_s, keep_steps
        H, S = n_steps // self.sph, len(sizing)
        self.hourly_capacity_requests_per_s = np.zeros((H, S))
        self.hourly_shortfall_requests = np.zeros((H, S))
        self.min_headroom_frac = math.inf
        self._parts: dict[str, list[np.ndarray]] = {}

    def __call__(self, load: np.ndarray, k0: int, k1: int) -> None:
        S = len(self.servers)
        in_service = np.broadcast_to(self.servers, (k1 - k0, S)).copy()
        in_service -= deploying_steps(self.events, k0, k1, S).astype(np.int64)
        in_service -= servers_out_steps(self.events, k0, k1, S, self.repair_steps)
        in_service = np.maximum(in_service, 0)
        cap = in_service * self.cap_full[None, :]
        short = np.maximum(0.0, load - cap)
        with np.errstate(divide="ignore", invalid="ignore"):
            tc = cap.sum(axis=1)
            tl = load.sum(axis=1)
            head = np.where(tc > 0, 1 - tl / tc, np.where(tl > 0, -np.inf, 1.0))
        if len(head):
            self.min_headroom_frac = min(self.min_headroom_frac, float(head.min()))
        h0, h1 = k0 // self.sph, k1 // self.sph
        hv = lambda a: a.reshape((h1 - h0, self.sph) + a.shape[1:])  # noqa: E731
        self.hourly_capacity_requests_per_s[h0:h1] = hv(cap).mean(axis=1)
        self.hourly_shortfall_requests[h0:h1] = hv(short).sum(axis=1) * self.step_s
        if self.keep:
            for key, v in (("asis_servers_in_service", in_service), ("asis_capacity_requests_per_s", cap),
                           ("asis_shortfall_requests_per_s", short)):
                self._parts.setdefault(key, []).append(v)

    def steps(self) -> dict[str, np.ndarray] | None:
        """Per-step ``[n_steps, S]`` arrays (None unless ``keep_steps``)."""
        return {k: np.concatenate(v) for k, v in self._parts.items()} if self.keep else None
