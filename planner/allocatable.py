"""Node allocatable: capacity minus kube/system reserved and the hard eviction threshold.

``Allocatable = Capacity - kube-reserved - system-reserved - eviction-hard`` (kubernetes/website
reserve-compute-resources.md). Formulas per managed provider, as in ``allocatable_ref.py`` of the
reference notes:

* **eks**: CPU tiers 6 % / 1 % / 0.5 % / 0.25 % of the 1st / 2nd / 3rd-4th / further cores
  (awslabs/amazon-eks-ami nodeadm/internal/kubelet/config.go ``getCPUMillicoresToReserve``, integer
  millicores); memory ``11 MiB x maxPods + 255 MiB`` (``getMemoryMebibytesToReserve``) plus
  ``memory.available<100Mi``; capacity memory is first reduced by Karpenter's default VM overhead of
  7.5 % (aws/karpenter-provider-aws ``--vm-memory-overhead-percent``), which reproduces the
  allocatable column of Karpenter's instance-types reference (m5.large: 1930m, 6903Mi).
* **gke**: same CPU tiers; memory 25 % of the first 4 GiB, 20 % of the next 4, 10 % of the next 8,
  6 % of the next 112, 2 % above 128 GiB (255 MiB below 1 GiB), plus 100 MiB eviction (GKE
  "plan node sizes" page).
* **aks** (>= 1.29): CPU from the AKS table (60m for 1 core ... 740m for 64); memory
  ``min(20 MB x maxPods + 50 MB, 25 % of memory)`` plus 100 Mi eviction (learn.microsoft.com
  node-resource-reservations).
* **none**: capacity as is, minus only the upstream kubelet default eviction ``memory.available<100Mi``.
* **explicit**: the scenario's own figures.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.catalog import Instance
from planner.scenario import Cluster

EVICTION_HARD_MEMORY_MIB = 100.0  # kubelet DefaultEvictionHard memory.available<100Mi
KARPENTER_VM_MEMORY_OVERHEAD_FRAC = 0.075  # aws/karpenter-provider-aws --vm-memory-overhead-percent
_CPU_TIERS_BP = ((0, 1000, 600), (1000, 2000, 100), (2000, 4000, 50), (4000, float("inf"), 25))
_GKE_MEM_TIERS = ((4096, 0.25), (4096, 0.20), (8192, 0.10), (114688, 0.06), (float("inf"), 0.02))
_AKS_CPU = ((1, 60), (2, 100), (4, 140), (8, 180), (16, 260), (32, 420), (64, 740))
_MB_TO_MIB = 1e6 / 2**20


@dataclass(frozen=True)
class NodeShape:
    """What one worker node offers to the service pods (after DaemonSets)."""

    capacity_cpu_millicores: float
    capacity_memory_mib: float
    allocatable_cpu_millicores: float  #: after kube/system reserved and eviction
    allocatable_memory_mib: float
    pod_cpu_millicores: float  #: allocatable minus DaemonSet requests: room for service pods
    pod_memory_mib: float
    pod_slots: int  #: maxPods minus DaemonSet pods


def cpu_reserved_millicores(cpu_millicores: float) -> float:
    """kube-reserved CPU for EKS and GKE [millicores] (tiered basis points, integer division)."""
    total = 0
    for lo, hi, bp in _CPU_TIERS_BP:
        if cpu_millicores > lo:
            total += int((min(cpu_millicores, hi) - lo) * bp // 10000)
    return float(total)


def gke_memory_reserved_mib(memory_mib: float) -> float:
    """GKE kube-reserved memory [MiB] (without the 100 MiB eviction threshold)."""
    if memory_mib < 1024:
        return 255.0
    out, rest = 0.0, memory_mib
    for width, rate in _GKE_MEM_TIERS:
        take = min(rest, width)
        if take <= 0:
            break
        out += take * rate
        rest -= take
    return out


def allocatable(instance: Instance, formula: str, max_pods: int,
                explicit_cpu_millicores: float | None = None,
                explicit_memory_mib: float | None = None) -> tuple[float, float]:
    """Allocatable ``(cpu_millicores, memory_mib)`` of one node of ``instance`` by ``formula``."""
    cpu, mem = instance.cpu_millicores, instance.memory_mib
    if formula == "eks":
        mem_cap = int(mem * (1 - KARPENTER_VM_MEMORY_OVERHEAD_FRAC))
        return cpu - cpu_reserved_millicores(cpu), float(mem_cap - (11 * max_pods + 255) - EVICTION_HARD_MEMORY_MIB)
    if formula == "gke":
        return cpu - cpu_reserved_millicores(cpu), mem - gke_memory_reserved_mib(mem) - EVICTION_HARD_MEMORY_MIB
    if formula == "aks":
        cpu_res = next((m for c, m in _AKS_CPU if instance.vcpu <= c), 740)
        mem_res_mib = min((20 * max_pods + 50) * _MB_TO_MIB, 0.25 * mem)
        return cpu - cpu_res, mem - mem_res_mib - EVICTION_HARD_MEMORY_MIB
    if formula == "none":
        return cpu, mem - EVICTION_HARD_MEMORY_MIB
    if formula == "explicit":
        if explicit_cpu_millicores is None or explicit_memory_mib is None:
            raise ValueError("explicit allocatable needs cpu and memory")
        return float(explicit_cpu_millicores), float(explicit_memory_mib)
    raise ValueError(f"unknown allocatable formula {formula!r}")


def node_shape(instance: Instance, cluster: Cluster) -> NodeShape:
    """Room for service pods on one node of ``cluster`` built from ``instance``."""
    a_cpu, a_mem = allocatable(instance, cluster.allocatable_formula, cluster.max_pods_per_node,
                               cluster.allocatable_cpu_millicores, cluster.allocatable_memory_mib)
    return NodeShape(
        capacity_cpu_millicores=instance.cpu_millicores,
        capacity_memory_mib=instance.memory_mib,
        allocatable_cpu_millicores=a_cpu,
        allocatable_memory_mib=a_mem,
        pod_cpu_millicores=a_cpu - cluster.daemonset_cpu_millicores,
        pod_memory_mib=a_mem - cluster.daemonset_memory_mib,
        pod_slots=cluster.max_pods_per_node - cluster.daemonset_pods,
    )
