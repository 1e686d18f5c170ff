"""Sweeps: one scenario, many variants, one tidy row per variant.

A **variant** is the scenario with some fields overridden: ``{path: value}``, where a path names a
field of the scenario as the scenario file spells it::

    cluster.node.instance_type          growth_frac
    services[0].hpa.max_replicas        services[B].pod_startup_s           (a service by name)
    services[*].pod_startup_s           (every service)
    services[*].hpa.metrics[name=cpu].target_utilization_frac             (elements whose key matches)

A value is a literal (``"c5.xlarge"``, ``3``, ``0.6``) or a change of the current value:
:class:`Scale` (``x1.1``) or :class:`Shift` (``+30``); integer fields stay integers and a scaled
count rounds up, as every count in the model does. Each variant is validated through the scenario
model (:func:`planner.scenario.validate_scenario`), so a bad path or value is refused before any
plan runs, with the override named.

Variants come from :func:`grid` (every combination), :func:`zipped` (the i-th value of every
axis together) or :func:`samples` (random draws from a seeded :class:`numpy.random.Generator`).

:func:`run_sweep` plans every variant through the summary-only path
(:func:`planner.planning.plan_summary`, no per-step or hourly frames) and returns one row per
variant: its overrides and every :class:`~planner.result.Summary` field, in variant order.
Executors: ``inprocess`` (default; plans one after the other with the engine's thread budget),
``processes`` (a local process pool, one engine thread per plan) or ``dask`` (a Dask
``LocalCluster`` it starts, or an existing cluster by its scheduler address; one engine thread per
plan). The rows are identical whatever the executor (tests/test_sweep.py). ``progress(done,
total)`` is called as variants finish; ``cancel()`` is polled and stops the sweep early (the rows
done so far are kept, ``cancelled`` is set).

What scales: independent plans, one per worker. What does not: one plan, which is sequential in
time (each step depends on the last), so a single big plan gains nothing from more workers.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Iterator, Literal

import numpy as np
import pandas as pd

from planner import planning
from planner.result import Summary
from planner.scenario import API_WORK_BUDGET, Scenario, ScenarioError, WorkBudget, short_repr, validate_scenario
from planner.scenario_io import scenario_to_dict

#: Most variants one sweep may have (a grid multiplies quickly: 6 axes of 10 values are 10**6).
MAX_VARIANTS = 100_000
#: Most workers a local process pool or LocalCluster starts.
MAX_WORKERS = 64
Executor = Literal["inprocess", "processes", "dask"]
EXECUTORS: tuple[str, ...] = ("inprocess", "processes", "dask")
#: Summary fields in every row (the warnings go in as ``warning_codes`` and ``warnings`` text).
SUMMARY_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Summary)
                                         if f.name not in ("warnings", "warning_items"))
#: Columns every sweep row has besides the overrides and :data:`SUMMARY_COLUMNS`.
ROW_COLUMNS: tuple[str, ...] = ("variant", "feasible", "problem", "warning_codes", "warnings")

#: A sweep in the web app: at most this much work over all its plans (each plan is also held to
#: planner.scenario.APP_WORK_BUDGET). 20 M service-steps are 1,150 plans of the default scenario
#: (17,280 service-steps each), about 6-10 s on one core of this project's machine through the
#: summary-only path; bigger sweeps are refused with the same message and run with the CLI.
APP_SWEEP_WORK_BUDGET = WorkBudget("the web app", 20_000_000, 2**30)

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


# --- values ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """Multiply the current value by ``factor`` (integer fields round up)."""

    factor: float

    def __str__(self) -> str:
        return f"x{self.factor:g}"


@dataclass(frozen=True)
class Shift:
    """Add ``delta`` to the current value (same unit as the field)."""

    delta: float

    def __str__(self) -> str:
        return f"{self.delta:+g}"


@dataclass(frozen=True)
class Each:
    """One value per field the path selects, in order (``services[*].pod_startup_s`` =
    ``Each((30, 45, 90))`` gives each service its own)."""

    values: tuple[Any, ...]

    def __str__(self) -> str:
        return "each of " + ", ".join(value_text(v) for v in self.values)


@dataclass(frozen=True)
class Uniform:
    """A random draw in ``[low, high]`` for :func:`samples` (integer fields: an integer in it)."""

    low: float
    high: float


@dataclass(frozen=True)
class Choice:
    """A random pick of one of ``values`` (equal chances) for :func:`samples`."""

    values: tuple[Any, ...]


def value_text(value: Any) -> str:
    """How an override value reads in a table or a message."""
    if isinstance(value, (Scale, Shift, Each)):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple, dict)):
        return short_repr(value)
    return str(value)


# --- paths -----------------------------------------------------------------------------------
_PART = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[[^\[\]]*\])*)$")


@dataclass(frozen=True)
class _Key:
    name: str


@dataclass(frozen=True)
class _Select:
    """``[3]`` (an index), ``[*]`` (every element), ``[key=value]`` or ``[name]`` (= ``[name=name]``)."""

    index: int | None = None
    every: bool = False
    key: str | None = None
    value: str | None = None


def parse_path(path: str) -> tuple[_Key | _Select, ...]:
    """``"services[0].hpa.max_replicas"`` -> its steps; :class:`ScenarioError` names a malformed path."""
    if not isinstance(path, str) or not path.strip():
        raise ScenarioError([("override", f"a field path is needed (e.g. cluster.node.instance_type); got {short_repr(path)}")])
    steps: list[_Key | _Select] = []
    for part in path.strip().split("."):
        m = _PART.match(part)
        if not m:
            raise ScenarioError([(f"override {short_repr(path, quote=False)}",
                                  f"cannot read {short_repr(part)}: a path is names joined by dots, each optionally "
                                  "followed by [index], [*], [name] or [key=value]")])
        steps.append(_Key(m.group(1)))
        for sel in re.findall(r"\[([^\[\]]*)\]", m.group(2)):
            sel = sel.strip()
            if sel == "*":
                steps.append(_Select(every=True))
            elif re.fullmatch(r"-?\d+", sel):
                steps.append(_Select(index=int(sel)))
            elif "=" in sel:
                k, v = (x.strip() for x in sel.split("=", 1))
                steps.append(_Select(key=k, value=v))
            else:
                steps.append(_Select(key="name", value=sel))
    return tuple(steps)


def _fmt_steps(steps: Sequence[_Key | _Select]) -> str:
    out = ""
    for s in steps:
        if isinstance(s, _Key):
            out += ("." if out else "") + s.name
        else:
            out += "[*]" if s.every else f"[{s.index}]" if s.index is not None else f"[{s.key}={s.value}]"
    return out


def _indices(node: list, sel: _Select, where: str) -> list[int]:
    if sel.every:
        return list(range(len(node)))
    if sel.index is not None:
        if not -len(node) <= sel.index < len(node):
            raise ScenarioError([(where, f"index {sel.index} is out of range: there are {len(node)} items "
                                         f"(0-{len(node) - 1})")])
        return [sel.index % len(node)]
    hits = [i for i, x in enumerate(node) if isinstance(x, dict) and str(x.get(sel.key)) == sel.value]
    if not hits and not any(isinstance(x, dict) and sel.key in x for x in node):
        raise ScenarioError([(where, f"the items have no field {sel.key!r} to select by")])
    return hits


def _changed(old: Any, value: Any, where: str, hit: int) -> Any:
    """The new leaf value: a literal as given, ``old`` scaled / shifted, or the ``hit``-th of :class:`Each`."""
    if isinstance(value, Each):
        if hit >= len(value.values):
            raise ScenarioError([(where, f"the path selects more fields than the {len(value.values)} values given")])
        return value.values[hit]
    if not isinstance(value, (Scale, Shift)):
        return list(value) if isinstance(value, tuple) else value
    if isinstance(old, bool) or not isinstance(old, (int, float)):
        raise ScenarioError([(where, f"cannot apply {value} to {short_repr(old)}: only a number can be scaled or "
                                     "shifted (give the value itself)")])
    new = old * value.factor if isinstance(value, Scale) else old + value.delta
    if isinstance(old, int):
        if isinstance(value, Scale):
            return int(math.ceil(new - 1e-9))  # counts and seconds round up, as everywhere in the model
        return int(new) if float(new).is_integer() else new  # a fractional shift is refused by the model
    return float(new)


def _set(node: Any, steps: Sequence[_Key | _Select], value: Any, done: list, hits: list[int]) -> Any:
    """``node`` with the leaf(s) at ``steps`` set, copying only the containers on the way."""
    where = _fmt_steps(done)
    if not steps:
        hits[0] += 1
        return _changed(node, value, where, hits[0] - 1)
    step, rest = steps[0], steps[1:]
    if isinstance(step, _Key):
        if not isinstance(node, dict):
            raise ScenarioError([(where, f"is a {type(node).__name__}, not a group of fields: {step.name!r} cannot "
                                         "be inside it")])
        if step.name not in node:
            known = ", ".join(sorted(node))
            raise ScenarioError([(_fmt_steps([*done, step]), f"unknown field {step.name!r}"
                                  + (f" in {where}" if where else "") + f"; known: {known}")])
        new = dict(node)
        new[step.name] = _set(node[step.name], rest, value, [*done, step], hits)
        return new
    if not isinstance(node, list):
        raise ScenarioError([(where, f"is not a list; [{_fmt_steps([step])[1:-1]}] selects list items")])
    new = list(node)
    for i in _indices(node, step, _fmt_steps([*done, step])):
        new[i] = _set(node[i], rest, value, [*done, _Select(index=i)], hits)
    return new


def apply_overrides(data: dict[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` (a scenario as plain data) with every override applied, in order; the input is not
    changed. A path that matches nothing is an error naming it."""
    for path, value in overrides.items():
        hits = [0]
        data = _set(data, parse_path(path), value, [], hits)
        if not hits[0]:
            raise ScenarioError([(f"override {path}", "selects no field (no list item matches)")])
        if isinstance(value, Each) and hits[0] != len(value.values):
            raise ScenarioError([(f"override {path}", f"selects {hits[0]} fields for {len(value.values)} values")])
    return data


def leaf_values(data: dict[str, Any], path: str) -> list[Any]:
    """The current values at ``path`` (several with ``[*]``), as plain data."""
    found: list[Any] = []

    def walk(node: Any, steps: Sequence[_Key | _Select], done: list) -> None:
        if not steps:
            found.append(node)
            return
        step = steps[0]
        if isinstance(step, _Key):
            if not isinstance(node, dict) or step.name not in node:
                _set(node, steps, 0, done, [0])  # raises the same message apply_overrides would
            walk(node[step.name], steps[1:], [*done, step])
        else:
            if not isinstance(node, list):
                _set(node, steps, 0, done, [0])
            for i in _indices(node, step, _fmt_steps([*done, step])):
                walk(node[i], steps[1:], [*done, _Select(index=i)])

    walk(data, parse_path(path), [])
    return found


def describe(overrides: Mapping[str, Any]) -> str:
    """``"cluster.node.instance_type=c5.xlarge, growth_frac=0.3"``."""
    return ", ".join(f"{p}={value_text(v)}" for p, v in overrides.items()) or "(the scenario as it is)"


def variant_scenario(base: Scenario | dict[str, Any], overrides: Mapping[str, Any]) -> Scenario:
    """The validated scenario of one variant; :class:`ScenarioError` names the field and the overrides."""
    data = scenario_to_dict(base) if isinstance(base, Scenario) else base
    new = apply_overrides(data, overrides)
    try:
        return validate_scenario(new)
    except ScenarioError as exc:
        raise ScenarioError([(p, f"{m} (with {describe(overrides)})") for p, m in exc.problems]) from None


def check_sweep_work(scenario: Scenario, n_plans: int, budget: WorkBudget = APP_SWEEP_WORK_BUDGET) -> None:
    """Refuse a sweep whose plans together are above ``budget`` (services x steps x plans)."""
    per = len(scenario.services) * (scenario.horizon_hours * 3600 // scenario.simulation.step_s)
    if per * n_plans > budget.max_service_steps:
        raise ScenarioError([("", f"this sweep is too big for {budget.where}: {n_plans:,} plans x {per:,} "
                                  f"service-steps = {per * n_plans:,}, above the {budget.max_service_steps:,} limit; "
                                  f"use fewer plans (at most {max(1, budget.max_service_steps // per):,} of this "
                                  "scenario), or run it with the CLI (planner sweep, planner uncertainty)")])


# --- variants --------------------------------------------------------------------------------
def _check_count(n: int) -> None:
    if n > MAX_VARIANTS:
        raise ScenarioError([("override", f"{n:,} variants are more than the {MAX_VARIANTS:,} a sweep may have; use "
                                          "fewer values, or random samples (--samples N)")])


def grid(axes: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Every combination of the axes' values (the first axis varies slowest)."""
    lists = {p: list(v) for p, v in axes.items()}
    for p, v in lists.items():
        if not v:
            raise ScenarioError([(f"override {p}", "has no values")])
    _check_count(math.prod(len(v) for v in lists.values()))
    return [dict(zip(lists, combo)) for combo in itertools.product(*lists.values())]


def zipped(axes: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """Variant ``i`` takes the ``i``-th value of every axis (all axes the same length)."""
    lens = {p: len(v) for p, v in axes.items()}
    if len(set(lens.values())) > 1:
        raise ScenarioError([("override", "a list sweep needs the same number of values on every axis; got "
                                          + ", ".join(f"{p}: {n}" for p, n in lens.items()))])
    n = next(iter(lens.values()), 0)
    _check_count(n)
    return [{p: list(v)[i] for p, v in axes.items()} for i in range(n)]


def samples(dists: Mapping[str, Uniform | Choice | Sequence[Any]], n: int, rng: np.random.Generator,
            base: Scenario | dict[str, Any]) -> list[dict[str, Any]]:
    """``n`` random variants: per path a :class:`Uniform` range (an integer field draws integers) or a
    :class:`Choice` (a plain list counts as one). Draws are made path by path in the order given,
    all ``n`` at once, from ``rng``: the same seed gives the same variants."""
    if not 1 <= n <= MAX_VARIANTS:
        raise ScenarioError([("samples", f"must be 1-{MAX_VARIANTS:,}; got {n}")])
    data = scenario_to_dict(base) if isinstance(base, Scenario) else base
    columns: dict[str, list[Any]] = {}
    for path, d in dists.items():
        if isinstance(d, Uniform):
            if not (math.isfinite(d.low) and math.isfinite(d.high)) or d.high < d.low:
                raise ScenarioError([(f"override {path}", f"a range needs low <= high; got {d.low:g}..{d.high:g}")])
            current = leaf_values(data, path)
            if current and all(isinstance(c, int) and not isinstance(c, bool) for c in current):
                lo, hi = math.ceil(d.low), math.floor(d.high)
                if hi < lo:
                    raise ScenarioError([(f"override {path}", f"the range {d.low:g}..{d.high:g} holds no integer")])
                columns[path] = [int(x) for x in rng.integers(lo, hi + 1, n)]
            else:
                columns[path] = [float(x) for x in rng.uniform(d.low, d.high, n)]
        else:
            values = list(d.values if isinstance(d, Choice) else d)
            if not values:
                raise ScenarioError([(f"override {path}", "has no values to choose from")])
            columns[path] = [values[int(i)] for i in rng.integers(0, len(values), n)]
    return [{p: columns[p][i] for p in columns} for i in range(n)]


# --- one variant -----------------------------------------------------------------------------
def summary_row(summary: Summary) -> dict[str, Any]:
    """A :class:`Summary` as one row: every field, warnings as codes and text."""
    row = {k: getattr(summary, k) for k in SUMMARY_COLUMNS}
    row["warning_codes"] = " ".join(code for code, _ in summary.warning_items)
    row["warnings"] = " | ".join(summary.warnings)
    return row


def evaluate(base_data: dict[str, Any], index: int, overrides: Mapping[str, Any], threads: int | None,
             budget: WorkBudget) -> dict[str, Any]:
    """The row of one variant. A variant the model cannot plan (a pod that does not fit the node
    type, say) is a row with ``feasible`` False and the reason in ``problem``."""
    row: dict[str, Any] = {"variant": index, "feasible": True, "problem": ""}
    try:
        summary = planning.plan_summary(variant_scenario(base_data, overrides), threads=threads, budget=budget)
    except ScenarioError as exc:
        row.update(feasible=False, problem=str(exc), warning_codes="", warnings="")
        return row
    row.update(summary_row(summary))
    return row


_WORKER_BASE: dict[str, Any] = {}


def _init_worker(base_json: str) -> None:
    _WORKER_BASE["data"] = json.loads(base_json)


def _evaluate_batch(base_json: str | None, batch: Sequence[tuple[int, Mapping[str, Any]]], budget: WorkBudget,
                    threads: int | None = 1) -> list[dict[str, Any]]:
    """Rows of a batch of variants on a worker (one engine thread each). The base scenario comes
    once per worker: from the pool initializer, or as ``base_json`` (Dask, scattered once)."""
    data = json.loads(base_json) if base_json is not None else _WORKER_BASE["data"]
    return [evaluate(data, i, ov, threads, budget) for i, ov in batch]


def _worker_version() -> str:
    """The planner version a worker runs (checked before a Dask sweep; a worker that cannot import
    planner fails to unpickle this function, which is the first check)."""
    try:
        from importlib.metadata import version

        return version("planner")
    except Exception:  # noqa: BLE001 -- a checkout without metadata
        return "unknown"


# --- the sweep -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SweepResult:
    """The rows of a sweep.

    ``frame``: one row per variant done, in variant order: ``variant``, the override paths (one
    column each), ``feasible``, ``problem``, every :data:`SUMMARY_COLUMNS` field, ``warning_codes``
    and ``warnings``. ``cancelled``: the sweep was stopped before every variant was done."""

    frame: pd.DataFrame
    override_columns: tuple[str, ...]
    n_variants: int
    cancelled: bool
    executor: str

    @property
    def n_done(self) -> int:
        return len(self.frame)


def _frame(rows: list[dict[str, Any]], variants: Sequence[Mapping[str, Any]]) -> tuple[pd.DataFrame, tuple[str, ...]]:
    paths: list[str] = []
    for v in variants:
        paths += [p for p in v if p not in paths]
    rows = sorted(rows, key=lambda r: r["variant"])
    records = []
    for r in rows:
        ov = variants[r["variant"]]
        rec = {"variant": r["variant"]}
        for p in paths:
            rec[p] = value_text(ov[p]) if p in ov and not _plain(ov[p]) else ov.get(p)
        rec["feasible"], rec["problem"] = r["feasible"], r["problem"]
        for k in SUMMARY_COLUMNS:
            rec[k] = r.get(k, np.nan)
        rec["warning_codes"], rec["warnings"] = r.get("warning_codes", ""), r.get("warnings", "")
        records.append(rec)
    df = pd.DataFrame.from_records(records, columns=["variant", *paths, "feasible", "problem", *SUMMARY_COLUMNS,
                                                     "warning_codes", "warnings"])
    for p in paths:  # one type per column (Parquet): numbers stay numbers, anything mixed becomes text
        col = df[p]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in col.dropna()):
            df[p] = col.map(lambda x: None if x is None else value_text(x)).astype(object)
    for k in ("tobe_worst_hour", "asis_worst_hour"):
        df[k] = pd.array([None if (x is None or (isinstance(x, float) and math.isnan(x))) else int(x)
                          for x in df[k]], dtype="Int64")
    return df, tuple(paths)


def _plain(v: Any) -> bool:
    return isinstance(v, (int, float, str, bool)) or v is None


def _batches(variants: Sequence[Mapping[str, Any]], workers: int) -> list[list[tuple[int, Mapping[str, Any]]]]:
    size = max(1, min(64, math.ceil(len(variants) / (workers * 8))))
    items = list(enumerate(variants))
    return [items[i:i + size] for i in range(0, len(items), size)]


def default_workers() -> int:
    """Workers of a local pool or LocalCluster: every core, at most :data:`MAX_WORKERS`."""
    return max(1, min(MAX_WORKERS, os.cpu_count() or 1))


def run_sweep(scenario: Scenario, variants: Sequence[Mapping[str, Any]], *, executor: Executor = "inprocess",
              workers: int | None = None, scheduler: str | None = None, client: Any = None,
              threads: int | None = None, progress: Progress | None = None, cancel: Cancel | None = None,
              budget: WorkBudget = API_WORK_BUDGET) -> SweepResult:
    """Plan every variant of ``scenario`` (see the module docstring) and return their rows.

    ``workers``: processes of the pool or the LocalCluster (default: every core). ``scheduler``
    (dask): ``"local"`` starts a LocalCluster, ``"tcp://host:8786"`` uses a running cluster;
    ``client``: an existing ``dask.distributed.Client`` instead. ``threads``: the engine's thread
    budget of an in-process plan (workers always use one). ``budget``: the work budget each plan
    is checked against. Every variant is validated before the first plan runs."""
    if executor not in EXECUTORS:
        raise ScenarioError([("executor", f"must be one of {', '.join(EXECUTORS)}; got {short_repr(executor)}")])
    if workers is not None and not 1 <= workers <= MAX_WORKERS:
        raise ScenarioError([("workers", f"must be 1-{MAX_WORKERS}; got {workers}")])
    _check_count(len(variants))
    base = scenario_to_dict(scenario)
    for v in variants:  # refuse a bad path or value before any plan runs
        variant_scenario(base, v)
    done: list[dict[str, Any]] = []
    if executor == "inprocess":
        cancelled = _run_inprocess(base, variants, threads, budget, progress, cancel, done)
    elif executor == "processes":
        cancelled = _run_processes(base, variants, workers or default_workers(), budget, progress, cancel, done)
    else:
        with dask_client(scheduler, workers, client) as c:
            cancelled = _run_dask(c, base, variants, budget, progress, cancel, done)
    frame, paths = _frame(done, variants)
    return SweepResult(frame, paths, len(variants), cancelled, executor)


def _run_inprocess(base, variants, threads, budget, progress, cancel, done) -> bool:
    for i, ov in enumerate(variants):
        if cancel is not None and cancel():
            return True
        done.append(evaluate(base, i, ov, threads, budget))
        if progress is not None:
            progress(len(done), len(variants))
    return False


def _collect(futures: Iterable[Any], result_of: Callable[[Any], list], n: int, progress, cancel, done) -> bool:
    for fut in futures:
        done.extend(result_of(fut))
        if progress is not None:
            progress(len(done), n)
        if cancel is not None and cancel() and len(done) < n:
            return True
    return False


def _run_processes(base, variants, workers, budget, progress, cancel, done) -> bool:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    if cancel is not None and cancel():
        return True
    # spawn, not fork: the caller may run threads (the app's server, the engine's own pools)
    ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker,
                               initargs=(json.dumps(base),))
    cancelled = True
    try:
        futures = [pool.submit(_evaluate_batch, None, b, budget) for b in _batches(variants, workers)]
        cancelled = _collect(as_completed(futures), lambda f: f.result(), len(variants), progress, cancel, done)
    finally:
        pool.shutdown(wait=not cancelled, cancel_futures=True)
    return cancelled


def _run_dask(client, base, variants, budget, progress, cancel, done) -> bool:
    from dask.distributed import as_completed

    if cancel is not None and cancel():
        return True
    n_workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    base_future = client.scatter(json.dumps(base), broadcast=True)  # sent once, not with every batch
    batches = _batches(variants, n_workers)
    futures = client.map(_evaluate_batch, [base_future] * len(batches), batches, budget=budget, pure=False)
    cancelled = True
    try:
        cancelled = _collect(as_completed(futures), lambda f: f.result(), len(variants), progress, cancel, done)
    finally:
        if cancelled:
            client.cancel(futures)
    return cancelled


DASK_START_TIMEOUT_S = 60  #: a LocalCluster or a remote scheduler must answer within this [s]


@contextmanager
def dask_client(scheduler: str | None, workers: int | None = None, client: Any = None) -> Iterator[Any]:
    """A ``dask.distributed.Client``: ``client`` itself, a new ``LocalCluster`` (``"local"``: worker
    processes with one thread each, listening on 127.0.0.1 only) or a running scheduler
    (``"tcp://host:8786"``). A started cluster is closed on exit. Workers must run the same planner
    version as this process; a worker without it is refused with a message naming it."""
    if client is not None:
        _check_workers(client)
        yield client
        return
    if not scheduler:
        raise ScenarioError([("scheduler", "the dask executor needs --scheduler local or tcp://host:8786")])
    from dask.distributed import Client, LocalCluster

    cluster = None
    try:
        if scheduler == "local":
            cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None, silence_logs=40)
            c = Client(cluster, timeout=DASK_START_TIMEOUT_S)
        elif re.fullmatch(r"(tcp|tls)://[^\s/]+:\d+", scheduler):
            c = Client(scheduler, timeout=DASK_START_TIMEOUT_S)
        else:
            raise ScenarioError([("scheduler", f"must be 'local' or a scheduler address such as tcp://host:8786; "
                                               f"got {short_repr(scheduler)}")])
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise ScenarioError([("scheduler", f"cannot reach the Dask scheduler {scheduler}: {exc}")]) from None
    try:
        _check_workers(c)
        yield c
    finally:
        c.close()
        if cluster is not None:
            cluster.close()


def _check_workers(client: Any) -> None:
    ours = _worker_version()
    try:
        theirs = client.run(_worker_version)
    except Exception as exc:  # noqa: BLE001 -- a worker that cannot import planner
        raise ScenarioError([("scheduler", f"the Dask workers cannot run planner ({type(exc).__name__}: {exc}); "
                                           "install the same planner on every worker (pip install planner)")]) from None
    if not theirs:
        raise ScenarioError([("scheduler", "the Dask cluster has no workers")])
    wrong = {w: v for w, v in theirs.items() if v != ours}
    if wrong:
        raise ScenarioError([("scheduler", "workers run another planner version than this one "
                                           f"({ours}): " + ", ".join(f"{w}: {v}" for w, v in sorted(wrong.items())))])
