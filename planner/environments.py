"""Environments: every service once per environment, its load scaled and shaped by the schedule.

A scenario with ``environments: [{name: prod}, {name: stage, load_scale: 0.2}, ...]`` is planned as
the **expanded** scenario: service ``A`` becomes ``prod/A``, ``stage/A``, ... (the ``namespace/name``
a kubectl user reads), each with

* load = ``A``'s profile (tiled to the planned horizon) x ``load_scale``, and 0 in the hours outside
  the environment's ``schedule`` (hour 0 of a week-long plan is Monday 00:00);
* HPA min/max replicas, As-Is backup servers and ConfigMap values from the environment, overridden
  by ``services[i].per_environment.<env>``; everything else as the service has it;
* the As-Is side: servers of its own per environment, each with its own backups (that is what
  fixed servers per environment are).

``scale_to_zero`` environments run no pods outside their schedule. The engine has no per-hour
replica floor of 0 yet (the HPA's minReplicas is >= 1 without the HPAScaleToZero gate), so the
expanded scenario keeps those services at min_replicas with zero load; ``planner.env_costs`` prices
the absence (docs/model.md, "Environments"). This module is pure model manipulation: it imports
the scenario model only, and ``planner.planning`` plans the expansion.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from planner.scenario import Scenario, Schedule, Service, ServiceEnvironment, parse_schedule

#: Separator of environment and service in an expanded service's name: ``prod/A``.
ENV_SEP = "/"
#: The one environment of a scenario without environments (its manifests go to the Namespace "default").
DEFAULT_ENVIRONMENT = "default"


@dataclass(frozen=True)
class EnvService:
    """One service in one environment, resolved."""

    environment: str  #: environment name (the Namespace)
    service: str  #: the service's own name
    index: int  #: index of the service in ``scenario.services``
    planned: Service  #: the service as the engine plans it (expanded name, scaled load, overrides)
    schedule: Schedule  #: when the environment runs
    scale_to_zero: bool  #: no pods outside the schedule
    time_zone: str  #: of the schedule's hours
    config: dict[str, str] = field(default_factory=dict)  #: ConfigMap values (service < environment < override)
    schedule_text: str = "always"  #: the schedule as written


def expanded_name(environment: str, service: str) -> str:
    """``prod/A``: the expanded service's name."""
    return f"{environment}{ENV_SEP}{service}"


def split_name(name: str) -> tuple[str, str]:
    """Inverse of :func:`expanded_name`: ``("prod", "A")``; a name without an environment gives
    ``(DEFAULT_ENVIRONMENT, name)``."""
    env, sep, svc = name.partition(ENV_SEP)
    return (env, svc) if sep else (DEFAULT_ENVIRONMENT, name)


def active_hours(schedule: Schedule, n_hours: int) -> np.ndarray:
    """``[n_hours]`` bool: is each hour of the plan inside ``schedule`` (hour 0 = Monday 00:00)?"""
    h = np.arange(n_hours)
    days = np.isin((h // 24) % 7, sorted(schedule.days))
    return days & np.isin(h % 24, sorted(schedule.hours))


def _tiled(values: tuple[float, ...], n_hours: int) -> np.ndarray:
    a = np.asarray(values, dtype=np.float64)
    return np.tile(a, -(-n_hours // len(a)))[:n_hours]


def _env_service(scenario: Scenario, i: int, env, n_hours: int) -> EnvService | None:
    s = scenario.services[i]
    o = s.per_environment.get(env.name, ServiceEnvironment())
    if not o.enabled:
        return None
    sched = parse_schedule(env.schedule)
    scale = o.load_scale if o.load_scale is not None else env.load_scale
    load = _tiled(s.load_requests_per_s, n_hours) * scale * active_hours(sched, n_hours)
    hpa = s.hpa.model_copy(update={"min_replicas": o.min_replicas or env.min_replicas or s.hpa.min_replicas,
                                   "max_replicas": o.max_replicas or env.max_replicas or s.hpa.max_replicas})
    backups = next((b for b in (o.backup_servers, env.backup_servers, s.backup_servers) if b is not None), None)
    planned = s.model_copy(update={"name": expanded_name(env.name, s.name), "load_requests_per_s": tuple(load.tolist()),
                                   "hpa": hpa, "backup_servers": backups, "per_environment": {}})
    config = {"ENVIRONMENT": env.name, **s.deployment.config, **env.config, **o.config}
    return EnvService(env.name, s.name, i, planned, sched, env.scale_to_zero, env.time_zone, config, env.schedule)


def resolve(scenario: Scenario) -> tuple[EnvService, ...]:
    """Every (environment, service) pair that runs, in environment order then service order. A
    scenario without environments gives one environment, ``default``, with the services as they are."""
    if not scenario.environments:
        always = parse_schedule("always")
        return tuple(EnvService(DEFAULT_ENVIRONMENT, s.name, i, s, always, False, "Etc/UTC",
                                {"ENVIRONMENT": DEFAULT_ENVIRONMENT, **s.deployment.config})
                     for i, s in enumerate(scenario.services))
    H = scenario.planned_horizon_hours
    out = [_env_service(scenario, i, e, H) for e in scenario.environments for i in range(len(scenario.services))]
    return tuple(x for x in out if x is not None)


def environment_names(scenario: Scenario) -> tuple[str, ...]:
    """The environments in order (``("default",)`` without environments)."""
    return tuple(e.name for e in scenario.environments) or (DEFAULT_ENVIRONMENT,)


def expand(scenario: Scenario) -> Scenario:
    """The scenario the engine plans: services once per environment (``prod/A``, ...), no
    ``environments`` left; a scenario without environments is returned as it is.

    The expanded services are built by copying validated models (their names may exceed the
    64-character limit of a written name); the rules that matter for the expansion (unique names,
    profiles tiling the horizon, replicas in order) hold by construction and by
    :meth:`Scenario._check_environments`."""
    if not scenario.environments:
        return scenario
    services = tuple(x.planned for x in resolve(scenario))
    return scenario.model_copy(update={"services": services, "environments": ()})


def restrict(expanded: Scenario, environments: set[str] | frozenset[str]) -> Scenario:
    """The expanded scenario with only the services of ``environments`` (one cluster's share)."""
    keep = tuple(s for s in expanded.services if split_name(s.name)[0] in environments)
    if not keep:
        raise ValueError(f"no service runs in {sorted(environments)}")
    return expanded.model_copy(update={"services": keep})
