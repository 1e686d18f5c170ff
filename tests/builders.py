"""Scenario builders for tests: a small baseline changed one field at a time."""

from __future__ import annotations

import copy
from typing import Any

from planner.scenario import Scenario, validate_scenario

#: One service on m5.xlarge nodes with round numbers:
#: CPU request 1000 m, 10 m per request/s, no idle CPU -> 100 requests/s per pod at 100 %,
#: 70 requests/s at the 70 % target. Node room (EKS m5.xlarge, 58 pods): 3920 m allocatable
#: - 150 m DaemonSets = 3770 m -> 3 pods per node. The HPA sees its own step's load
#: (``metrics_lag_s: 0``): the hand-checked step counts of the tests are worked out from the load
#: change; the metrics lag and CPU initialization have their own tests (test_engine_vs_reference.py).
BASE_SERVICE: dict[str, Any] = {
    "name": "svc",
    "load_requests_per_s": [700.0] * 2,
    "requests": {"cpu_millicores": 1000, "memory_mib": 1024},
    "usage": {"cpu_millicores_base": 0, "cpu_millicores_per_rps": 10, "memory_mib_base": 100, "memory_mib_per_rps": 0},
    "hpa": {"min_replicas": 1, "max_replicas": 100, "metrics_lag_s": 0},
    "pod_startup_s": 0,
}
BASE: dict[str, Any] = {
    "name": "test",
    "services": [BASE_SERVICE],
    "cluster": {"node": {"instance_type": "m5.xlarge"}, "max_pods_per_node": 58, "provisioning_delay_s": 0,
                "spare_nodes": 0, "min_nodes": 0},
}


#: ``costs`` with no lines beside the machines: for tests of the machines' own cost.
NO_COST_LINES: dict[str, Any] = {"as_is": {"load_balancers": "none", "disk_gib_per_machine": 0},
                                 "to_be": {"load_balancers": "none", "disk_gib_per_machine": 0}}


def deep_merge(a: dict, b: dict) -> dict:
    out = copy.deepcopy(a)
    for k, v in b.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = deep_merge(out[k], v)
        else:
            out[k] = copy.deepcopy(v)
    return out


def scenario_dict(service: dict | None = None, **top: Any) -> dict:
    d = deep_merge(BASE, top)
    if service is not None:
        d["services"] = [deep_merge(BASE_SERVICE, service)]
    return d


def make(service: dict | None = None, **top: Any) -> Scenario:
    return validate_scenario(scenario_dict(service, **top))
