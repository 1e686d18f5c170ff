"""Cost per environment and per option: one shared cluster, one cluster per environment, As-Is.

The options (docs/model.md, "Environments"):

* **shared**: one cluster, a Namespace per environment: one plan over every expanded service
  (``prod/A``, ``stage/A``, ...), one control plane, one set of spare nodes. Each environment's
  share of it is its share of the pod requests hour by hour (CPU and memory, each as a fraction of
  a node's allocatable, summed: the packing order's size measure); idle room, spare nodes and the
  control plane are spread in the same proportion, so the shares add up to the cluster's cost.
* **per_environment**: a cluster each: one plan per environment, each paying its own control plane
  and its own ``spare_nodes``.
* **As-Is**: servers per environment, each service sized for its peak there plus its own backups,
  running every hour.

A ``scale_to_zero`` environment is **absent** outside its schedule: no pods, no spare, no nodes
(CronJobs scale its Deployments to 0; the node group's minimum is 0). The engine cannot yet scale a
Deployment to 0 for some hours, so absence is priced by runs without those environments: in each
hour the shared cluster costs what the run of the environments present in that hour costs (one run
per distinct set of absent environments, usually two). An environment's own cluster costs its
nodes only in its hours, its control plane in every hour. The moment it comes back is priced warm
(the scale-up CronJob fires a provisioning delay ahead; ``planner.manifests``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from planner.environments import active_hours, environment_names, expand, restrict, split_name
from planner.planning import check_scenario, plan
from planner.result import Plan
from planner.scenario import API_WORK_BUDGET, Scenario, WorkBudget, check_work_budget

#: Columns of :attr:`EnvironmentCosts.table`, one row per environment (glossary: planner.i18n.columns).
ENV_COST_COLUMNS = ("environment", "services_count", "active_hours_frac", "scale_to_zero", "asis_servers",
                    "asis_usd_per_month", "shared_usd_per_month", "own_cluster_usd_per_month",
                    "own_cluster_nodes_peak", "own_cluster_control_plane_usd_per_month")

#: Columns of :attr:`EnvironmentCosts.hourly`, one row per hour and environment.
ENV_HOURLY_COLUMNS = ("hour", "environment", "environment_present", "shared_usd", "own_cluster_usd")

OPTIONS = ("asis", "shared", "per_environment")  #: the options, in the order the tables show them


@dataclass(frozen=True)
class EnvironmentCosts:
    """Cost per environment and per option [USD/month = hourly mean x hours_per_month]."""

    table: pd.DataFrame  #: one row per environment, :data:`ENV_COST_COLUMNS`
    hourly: pd.DataFrame  #: per hour and environment, :data:`ENV_HOURLY_COLUMNS` [USD in that hour]
    asis_usd_per_month: float  #: As-Is servers of every environment
    shared_usd_per_month: float  #: one shared cluster, scale-to-zero environments absent outside their schedule
    per_environment_usd_per_month: float  #: a cluster per environment, control planes and spare nodes each
    shared_control_plane_usd_per_month: float  #: the shared cluster's control plane
    per_environment_control_plane_usd_per_month: float  #: every environment's own control plane
    headline_tobe_usd_per_month: float  #: the shared plan as the engine ran it (planner.plan)
    scale_to_zero_saving_usd_per_month: float  #: headline minus shared: the absence outside schedules
    shared_runs: int  #: engine runs behind the shared figure (one per distinct set of absent environments)
    notes: tuple[tuple[str, dict], ...] = field(default=())  #: ``(code, params)``, see planner.i18n.environments

    def option_usd_per_month(self, option: str) -> float:
        """Total of ``option`` (one of :data:`OPTIONS`) [USD/month]."""
        return {"asis": self.asis_usd_per_month, "shared": self.shared_usd_per_month,
                "per_environment": self.per_environment_usd_per_month}[option]

    @property
    def cheapest_option(self) -> str:
        """The option with the lowest total (To-Be options first on a tie)."""
        return min(("shared", "per_environment", "asis"), key=self.option_usd_per_month)


def _presence(scenario: Scenario, H: int) -> dict[str, np.ndarray]:
    """Per environment, ``[H]`` bool: does it run (have pods) in each hour?"""
    out = {}
    for e in scenario.environments:
        out[e.name] = active_hours(e.parsed_schedule, H) if e.scale_to_zero else np.ones(H, dtype=bool)
    return out


def _request_weight(p: Plan, shape) -> pd.DataFrame:
    """``[hour, environment]`` pod requests of a run in node fractions (cpu/alloc + memory/alloc)."""
    size = {s.name: s.requests.cpu_millicores / shape.allocatable_cpu_millicores
            + s.requests.memory_mib / shape.allocatable_memory_mib for s in p.scenario.services}
    h = p.hourly
    w = (h["desired_replicas"] + h["surge_pods"]) * h["service"].map(size)
    env = h["service"].map(lambda n: split_name(n)[0])
    return w.groupby([h["hour"], env]).sum().unstack(fill_value=0.0)


def _shared(expanded: Scenario, headline: Plan, presence: dict[str, np.ndarray], H: int, threads, shape,
            cp_usd_per_hour: float) -> tuple[np.ndarray, pd.DataFrame, int]:
    """``(cost per hour [H], allocated cost [H x environment], runs)`` of the shared cluster with
    absent environments left out hour by hour."""
    envs = list(presence)
    present = np.array([presence[e] for e in envs]).T  # [H, E]
    patterns = {tuple(row) for row in present.tolist()}
    usd = np.zeros(H)
    alloc = pd.DataFrame(0.0, index=range(H), columns=envs)
    for pat in sorted(patterns, reverse=True):
        hours = np.flatnonzero((present == np.array(pat)).all(axis=1))
        keep = {e for e, on in zip(envs, pat) if on}
        if not keep:  # nobody present: the control plane alone
            usd[hours] = cp_usd_per_hour
            alloc.loc[hours, :] = cp_usd_per_hour / len(envs)
            continue
        run = headline if len(keep) == len(envs) else plan(restrict(expanded, keep), keep_steps=False, threads=threads)
        cost = run.cluster_hourly["tobe_usd"].to_numpy()[hours]
        weight = _request_weight(run, shape).reindex(index=hours, columns=envs, fill_value=0.0)
        total = weight.sum(axis=1).to_numpy()
        share = weight.to_numpy() / np.where(total > 0, total, 1.0)[:, None]
        usd[hours] = cost
        alloc.loc[hours, :] = share * cost[:, None]
    return usd, alloc, len(patterns)


def _own_cluster(expanded: Scenario, env: str, headline: Plan, n_envs: int, presence: np.ndarray, threads,
                 node_usd_per_hour: float, cp_usd_per_hour: float) -> tuple[np.ndarray, int]:
    """``(cost per hour [H], peak nodes)`` of ``env`` in a cluster of its own: nodes in its hours,
    the control plane in every hour."""
    p = headline if n_envs == 1 else plan(restrict(expanded, {env}), keep_steps=False, threads=threads)
    ch = p.cluster_hourly
    nodes_usd = ch["node_hours"].to_numpy() * node_usd_per_hour * presence
    peak = int(ch["nodes_requested_max"].to_numpy()[presence].max()) if presence.any() else 0
    return nodes_usd + cp_usd_per_hour, peak


def check_options_work(scenario: Scenario, budget: WorkBudget = API_WORK_BUDGET, *, with_headline: bool = True) -> None:
    """Refuse, before any run, options that cost more than ``budget`` in all: a run per environment
    (their services add up to the expansion's), a run per further set of absent environments (at
    most the expansion each), and the headline plan unless it is already computed."""
    step_s = scenario.simulation.step_s
    H = scenario.planned_horizon_hours
    n = scenario.planned_service_count
    stz = sum(e.scale_to_zero and not e.parsed_schedule.always for e in scenario.environments)
    total = n * (int(with_headline) + (len(scenario.environments) > 1) + (2 ** stz - 1))
    check_work_budget(max(total, 1), H * 3600 // step_s, False, n_hours=H, step_s=step_s, budget=budget)


def environment_costs(scenario: Scenario, headline: Plan | None = None, *, threads: int | None = None,
                      budget: WorkBudget = API_WORK_BUDGET) -> EnvironmentCosts:
    """Cost per environment and per option of ``scenario`` (as written, with its environments).

    ``headline``: ``planner.plan(scenario)`` if already computed (the app and reports have it).
    A scenario without environments is one environment, ``default``, whose options coincide."""
    check_options_work(scenario, budget, with_headline=headline is None)
    headline = headline if headline is not None else plan(scenario, threads=threads)
    expanded = expand(scenario)
    resolved = check_scenario(expanded)
    H = headline.summary.horizon_hours
    hpm = scenario.hours_per_month
    names = environment_names(scenario)
    presence = _presence(scenario, H) if scenario.environments else {names[0]: np.ones(H, dtype=bool)}
    cp = resolved.prices.control_plane_usd_per_hour
    shared_usd, alloc, runs = _shared(expanded, headline, presence, H, threads, resolved.shape, cp)
    month = hpm / H
    services = headline.services.assign(environment=headline.services["service"].map(lambda n: split_name(n)[0]))
    rows, hourly = [], []
    stz = {e.name: e.scale_to_zero for e in scenario.environments}
    # the lines beside the machines (planner.pricing: load balancers, NAT, disks, ...) as the headline
    # priced them: the shared cluster's hourly cost already carries them; a cluster per environment
    # carries a copy each (its own load balancer and NAT: an upper bound for the per-node lines);
    # As-Is lines split by each environment's servers
    tobe_lines = headline.summary.tobe_other_usd_per_month - cp * hpm
    asis_lines = headline.summary.asis_other_usd_per_month
    servers_total = max(int(services["asis_servers"].sum()), 1)
    own_total = 0.0
    for env in names:
        own_usd, own_peak = _own_cluster(expanded, env, headline, len(names), presence[env], threads,
                                         resolved.prices.node_usd_per_hour, cp)
        own_total += own_usd.sum() * month + tobe_lines
        hourly.append(pd.DataFrame({"hour": np.arange(H), "environment": env, "environment_present": presence[env],
                                    "shared_usd": alloc[env].to_numpy(), "own_cluster_usd": own_usd}))
        mine = services[services["environment"] == env]
        rows.append({"environment": env, "services_count": len(mine),
                     "active_hours_frac": float(presence[env].mean()), "scale_to_zero": stz.get(env, False),
                     "asis_servers": int(mine["asis_servers"].sum()),
                     "asis_usd_per_month": float(mine["asis_usd_per_month"].sum())
                     + asis_lines * int(mine["asis_servers"].sum()) / servers_total,
                     "shared_usd_per_month": float(alloc[env].sum() * month),
                     "own_cluster_usd_per_month": float(own_usd.sum() * month) + tobe_lines,
                     "own_cluster_nodes_peak": own_peak,
                     "own_cluster_control_plane_usd_per_month": cp * hpm})
    table = pd.DataFrame(rows, columns=list(ENV_COST_COLUMNS))
    shared_month = float(shared_usd.sum() * month)
    notes = [("environments.absent", {"environment": e.name, "schedule": e.schedule,
                                      "hours_frac": float(presence[e.name].mean())})
             for e in scenario.environments if e.scale_to_zero and not presence[e.name].all()]
    saving = headline.summary.tobe_usd_per_month - shared_month
    if notes:
        notes.append(("environments.headline_keeps_min_replicas", {"saving_usd_per_month": saving}))
    if len(names) > 1:
        notes.append(("environments.allocation", {}))
    return EnvironmentCosts(
        table=table, hourly=pd.concat(hourly, ignore_index=True)[list(ENV_HOURLY_COLUMNS)],
        asis_usd_per_month=float(table["asis_usd_per_month"].sum()), shared_usd_per_month=shared_month,
        per_environment_usd_per_month=float(own_total), shared_control_plane_usd_per_month=cp * hpm,
        per_environment_control_plane_usd_per_month=cp * hpm * len(names),
        headline_tobe_usd_per_month=headline.summary.tobe_usd_per_month, scale_to_zero_saving_usd_per_month=saving,
        shared_runs=runs, notes=tuple(notes))
