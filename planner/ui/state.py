"""Pure state logic behind the page (no streamlit): load tables, controls, URL encoding.

The page keeps three things in its session: a **base** scenario dict (the last scenario loaded, with
services added, renamed or removed since), the **load tables** the user edits (one per day kind), and
the **widget values**. Each run, :func:`build_scenario_dict` overlays the widget values and the table
loads on the base; the engine sees only the result. A widget value that still equals what the base
would show leaves the base value untouched, so an uploaded scenario comes back out unchanged
(lossless round trip) even where the page rounds for display.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import pandas as pd

from planner.catalog import load_catalog
from planner.i18n import fmt_usd, t
from planner.presets import HOURS_PER_DAY, HOURS_PER_WEEK, split_week, week_profile
from planner.scenario import (MAX_CPU_INITIALIZATION_PERIOD_S, MAX_DOWNSCALE_STABILIZATION_S, MAX_METRICS_LAG_S,
                              MAX_NODES, MAX_REPLICAS)
from planner.scenario_io import decode_scenario_url, encode_scenario_url

MODE_DAY = "day"  # one 24-hour profile, repeated every day
MODE_WEEK = "week"  # weekday and weekend profiles -> a 168-hour week
MODE_SERIES = "series"  # any other hourly series (e.g. an uploaded scenario with a 168-hour week of real data)
TABLES_OF_MODE: dict[str, tuple[str, ...]] = {MODE_DAY: ("day",), MODE_WEEK: ("weekday", "weekend"),
                                              MODE_SERIES: ("series",)}
TABLE_LABEL_KEY = {"day": "table_day", "weekday": "table_weekday", "weekend": "table_weekend", "series": "table_day"}
CUSTOM = "custom"  # provider value of a custom machine in the instance pickers
MAX_NAME_CHARS = 64  # planner.scenario.Service.name max_length


# --- load tables -----------------------------------------------------------------------------
@dataclass
class LoadTables:
    """The editable load: ``mode``, one frame per table (rows = hours, columns = services, cells are
    whatever the user typed), and each service's original profile length (to write back the same
    length when the values still repeat with it)."""

    mode: str
    tables: dict[str, pd.DataFrame]
    orig_len: dict[str, int] = field(default_factory=dict)

    @property
    def services(self) -> list[str]:
        return [str(c) for c in next(iter(self.tables.values())).columns]


def _frame(columns: Mapping[str, Sequence[Any]], n: int) -> pd.DataFrame:
    data = {name: pd.Series([_cell(v) for v in vals], dtype="float64") for name, vals in columns.items()}
    df = pd.DataFrame(data, index=pd.RangeIndex(n, name="hour"))
    if not columns:
        df = pd.DataFrame(index=pd.RangeIndex(n, name="hour"))
    return df


def _cell(v: Any) -> float:
    """A table cell as float; anything that is not a number becomes NaN (reported by :func:`read_tables`)."""
    if v is None or isinstance(v, bool):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _tile(values: Sequence[Any], n: int) -> list[Any]:
    reps = n // len(values) if values else 0
    return list(values) * reps


def tables_from_loads(loads: Mapping[str, Sequence[Any]], orig_len: Mapping[str, int] | None = None) -> LoadTables:
    """Tables for the given loads: day mode if every profile has 24 values, week mode if the week
    (168 h) splits into one weekday and one weekend profile, else series mode."""
    lengths = {n: len(v) for n, v in loads.items()}
    horizon = max(lengths.values()) if lengths else HOURS_PER_DAY
    orig = dict(orig_len) if orig_len is not None else dict(lengths)
    full = {n: _tile(v, horizon) if horizon % max(len(v), 1) == 0 else list(v) for n, v in loads.items()}
    if horizon == HOURS_PER_DAY:
        return LoadTables(MODE_DAY, {"day": _frame(full, HOURS_PER_DAY)}, orig)
    if horizon == HOURS_PER_WEEK:
        splits = {n: split_week([_cell(x) for x in v]) for n, v in full.items()}
        if all(s is not None for s in splits.values()):
            return LoadTables(MODE_WEEK, {"weekday": _frame({n: s[0] for n, s in splits.items()}, HOURS_PER_DAY),
                                          "weekend": _frame({n: s[1] for n, s in splits.items()}, HOURS_PER_DAY)},
                              orig)
    return LoadTables(MODE_SERIES, {"series": _frame(full, horizon)}, orig)


def tables_from_services(services: Sequence[Mapping[str, Any]]) -> LoadTables:
    """Tables of the services with hourly loads (a measured fine series, ``load``, is not edited here)."""
    return tables_from_loads({s["name"]: list(s["load_requests_per_s"]) for s in services
                              if s.get("load_requests_per_s") is not None})


def to_week(lt: LoadTables) -> LoadTables:
    """Day -> week: weekday and weekend start as copies of the day table."""
    if lt.mode != MODE_DAY:
        return lt
    day = lt.tables["day"]
    return LoadTables(MODE_WEEK, {"weekday": day.copy(), "weekend": day.copy()}, dict(lt.orig_len))


def to_day(lt: LoadTables) -> LoadTables:
    """Week -> day (keeps the weekday table); series -> day (keeps the first 24 hours)."""
    if lt.mode == MODE_WEEK:
        day = lt.tables["weekday"].copy()
    elif lt.mode == MODE_SERIES:
        day = lt.tables["series"].iloc[:HOURS_PER_DAY].copy()
        day.index = pd.RangeIndex(len(day), name="hour")
    else:
        return lt
    return LoadTables(MODE_DAY, {"day": day}, {n: HOURS_PER_DAY for n in lt.orig_len})


def apply_editor_state(df: pd.DataFrame, state: Mapping[str, Any] | None) -> pd.DataFrame:
    """Fold a ``st.data_editor`` state (``edited_rows`` = {row position: {column: value}}) into ``df``.
    Values are kept as typed (object dtype where needed) so bad cells stay visible and get reported."""
    out = df.copy()
    # the state comes from the browser: anything but {row: {known column: scalar}} is ignored
    rows = state.get("edited_rows") if isinstance(state, Mapping) else None
    if not isinstance(rows, Mapping):
        return out
    for row, cols in rows.items():
        try:
            r = int(row)
        except (TypeError, ValueError, OverflowError):
            continue
        if not 0 <= r < len(out) or not isinstance(cols, Mapping):
            continue
        for col, value in cols.items():
            if isinstance(col, str) and col in out.columns and (value is None or isinstance(value, (str, int, float))):
                if out[col].dtype != object and not isinstance(value, (int, float)) or isinstance(value, bool):
                    out[col] = out[col].astype(object)
                out.iloc[r, out.columns.get_loc(col)] = value
    return out


def read_tables(lt: LoadTables, lang: str = "en") -> tuple[dict[str, dict[str, list[float]]], list[str]]:
    """Check every cell. Returns ``{table: {service: values}}`` (bad cells as NaN) and one message per bad
    cell naming the table, hour and service."""
    out: dict[str, dict[str, list[float]]] = {}
    problems: list[str] = []
    for tid, df in lt.tables.items():
        label = t(TABLE_LABEL_KEY[tid], lang)
        out[tid] = {}
        for col in df.columns:
            vals: list[float] = []
            for hour, v in zip(df.index, df[col]):
                f, key = _check_cell(v)
                if key:
                    problems.append(t(key, lang, table=label, hour=int(hour), service=col,
                                      value=v if key != "cell_negative" else f"{f:g}"))
                    f = math.nan
                vals.append(f)
            out[tid][str(col)] = vals
    return out, problems


def _check_cell(v: Any) -> tuple[float, str | None]:
    if v is None or (isinstance(v, str) and not v.strip()):
        return math.nan, "cell_empty"
    if isinstance(v, bool):
        return math.nan, "cell_nan"
    if isinstance(v, float) and math.isnan(v):
        return math.nan, "cell_empty"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return math.nan, "cell_nan"
    if not math.isfinite(f):
        return math.nan, "cell_nan"
    if f < 0:
        return f, "cell_negative"
    return f, None


def _compress(values: list[float], n: int | None) -> list[float]:
    """The first ``n`` values if the series is those values repeated, else all of them."""
    if n and n < len(values) and len(values) % n == 0 and values == values[:n] * (len(values) // n):
        return values[:n]
    return values


def loads_from_values(lt: LoadTables, values: Mapping[str, Mapping[str, list[float]]]) -> dict[str, list[float]]:
    """Per-service hourly loads the scenario gets, from checked table values (no NaN expected)."""
    out: dict[str, list[float]] = {}
    for name in lt.services:
        if lt.mode == MODE_DAY:
            series = list(values["day"][name])
        elif lt.mode == MODE_WEEK:
            series = week_profile(values["weekday"][name], values["weekend"][name])
        else:
            series = list(values["series"][name])
        out[name] = _compress(series, lt.orig_len.get(name))
    if lt.mode == MODE_WEEK and out and max(len(v) for v in out.values()) < HOURS_PER_WEEK:
        # weekday/weekend asks for a week: it stays 168 hours while the two days still agree
        out = {name: week_profile(values["weekday"][name], values["weekend"][name]) for name in lt.services}
    return out


def current_loads(lt: LoadTables) -> dict[str, list[Any]]:
    """Loads with bad cells kept as NaN (for folding into a new table layout)."""
    values, _ = read_tables(lt)
    return loads_from_values(lt, values)


def rename_column(lt: LoadTables, old: str, new: str) -> LoadTables:
    tables = {k: df.rename(columns={old: new}) for k, df in lt.tables.items()}
    orig = {(new if k == old else k): v for k, v in lt.orig_len.items()}
    return LoadTables(lt.mode, tables, orig)


def drop_column(lt: LoadTables, name: str) -> LoadTables:
    tables = {k: df.drop(columns=[name]) for k, df in lt.tables.items()}
    return LoadTables(lt.mode, tables, {k: v for k, v in lt.orig_len.items() if k != name})


def set_column(lt: LoadTables, name: str, table_id: str, values: Sequence[float]) -> LoadTables:
    """Set (or add) the service column ``name`` of one table; other tables of a new column get the
    same values (a new service starts equal on weekdays and weekends)."""
    tables = {k: df.copy() for k, df in lt.tables.items()}
    new = name not in tables[table_id].columns
    for k, df in tables.items():
        if k == table_id or new:
            vals = list(values)
            if len(vals) != len(df):
                vals = _tile(vals, len(df)) if len(vals) and len(df) % len(vals) == 0 else vals[: len(df)]
            df[name] = pd.Series([_cell(v) for v in vals], index=df.index, dtype="float64")
    orig = dict(lt.orig_len)
    if new:
        orig[name] = len(next(iter(tables.values()))) if lt.mode != MODE_WEEK else HOURS_PER_WEEK
    return LoadTables(lt.mode, tables, orig)


# --- controls: widget key <-> scenario path --------------------------------------------------
@dataclass(frozen=True)
class Control:
    """One widget bound to a scenario field. ``path`` starts at the scenario (global controls) or at the
    service (per-service controls, ``per_service=True``; key ``svc{i}.{key}``)."""

    key: str
    path: tuple[str, ...]
    kind: str  # int | float | pct | bool | opt_int | auto_int ("auto" or a count, typed) | select | text
    label: str  # message id in planner.i18n
    min_value: float | None = None
    max_value: float | None = None
    step: float | None = None
    options: tuple[str, ...] = ()
    per_service: bool = False


GLOBAL_CONTROLS: tuple[Control, ...] = (
    Control("scenario_name", ("name",), "text", "scenario_name"),
    Control("scenario_description", ("description",), "text", "description_header"),
    Control("growth_pct", ("growth_frac",), "pct", "growth", -99.0, 10000.0, 5.0),
    Control("asis.target_pct", ("as_is", "target_utilization_frac"), "pct", "asis_target", 1.0, 100.0, 5.0),
    Control("asis.backups", ("as_is", "backup_servers_per_service"), "int", "asis_backups", 0, 1000, 1),
    Control("asis.is_vm", ("as_is", "is_vm"), "bool", "asis_is_vm"),
    Control("asis.vm_cpu", ("as_is", "vm_overhead_cpu_millicores"), "float", "asis_vm_cpu", 0.0, None, 50.0),
    Control("asis.vm_mem", ("as_is", "vm_overhead_memory_mib"), "float", "asis_vm_mem", 0.0, None, 128.0),
    Control("asis.os_cpu", ("as_is", "os_reserved_cpu_millicores"), "float", "asis_os_cpu", 0.0, None, 50.0),
    Control("asis.os_mem", ("as_is", "os_reserved_memory_mib"), "float", "asis_os_mem", 0.0, None, 128.0),
    Control("cluster.spare_nodes", ("cluster", "spare_nodes"), "int", "spare_nodes", 0, 1000, 1),
    Control("cluster.min_nodes", ("cluster", "min_nodes"), "int", "min_nodes", 0, MAX_NODES, 1),
    Control("cluster.max_nodes", ("cluster", "max_nodes"), "int", "max_nodes", 1, MAX_NODES, 1),
    Control("cluster.node_boot", ("cluster", "node_boot_s"), "int", "node_boot", 0, 3600, 15),
    Control("cluster.node_registration", ("cluster", "node_registration_s"), "int", "node_registration", 0, 3600, 5),
    Control("cluster.ds_ready", ("cluster", "daemonset_ready_s"), "int", "daemonset_ready", 0, 3600, 5),
    Control("cluster.max_prov_time", ("cluster", "max_node_provision_time_s"), "int", "max_node_provision_time", 60,
            86_400, 60),
    Control("cluster.max_pods", ("cluster", "max_pods_per_node"), "int", "max_pods", 1, 1000, 1),
    Control("cluster.alloc_formula", ("cluster", "allocatable_formula"), "select", "alloc_formula",
            options=("eks", "gke", "aks", "none")),
    Control("cluster.ds_cpu", ("cluster", "daemonset_cpu_millicores"), "float", "ds_cpu", 0.0, None, 50.0),
    Control("cluster.ds_mem", ("cluster", "daemonset_memory_mib"), "float", "ds_mem", 0.0, None, 64.0),
    Control("cp.mode", ("cluster", "control_plane", "mode"), "select", "cp_mode", options=("managed", "nodes")),
    Control("cp.fee", ("cluster", "control_plane", "managed_usd_per_hour"), "float", "cp_fee", 0.0, None, 0.01),
    Control("cp.master_count", ("cluster", "control_plane", "master_count"), "int", "cp_master_count", 1, 99, 1),
)
_OPTIONS = ("on_demand", "reserved", "savings_plan", "committed_use", "sustained_use")
_PAYMENTS = ("no_upfront", "partial_upfront", "all_upfront")
_LB = ("per_service", "per_cluster", "none")


def _host_controls(side: str) -> tuple[Control, ...]:
    p = ("pricing", side, "on_prem")
    return (Control(f"{side}.host_price", p + ("host_purchase_usd",), "float", "pricing.host_price", 0.0, None, 500.0),
            Control(f"{side}.host_months", p + ("amortisation_months",), "int", "pricing.host_months", 1, 240, 6),
            Control(f"{side}.host_power", p + ("power_space_usd_per_month",), "float", "pricing.host_power", 0.0, None, 10.0),
            Control(f"{side}.host_licence", p + ("licence_usd_per_month",), "float", "pricing.host_licence", 0.0, None, 10.0),
            Control(f"{side}.per_host", p + ("machines_per_host",), "int", "pricing.per_host", 1, 1000, 1))


def _line_controls(side: str) -> tuple[Control, ...]:
    p = ("costs", side)
    return (Control(f"{side}.lb", p + ("load_balancers",), "select", "pricing.lb", options=_LB),
            Control(f"{side}.nat", p + ("nat_gateways",), "int", "pricing.nat", 0, 1000, 1),
            Control(f"{side}.nat_gb", p + ("nat_gb_per_month",), "float", "pricing.nat_gb", 0.0, None, 100.0),
            Control(f"{side}.zones", p + ("zones",), "int", "pricing.zones", 1, 10, 1),
            Control(f"{side}.xz_gb", p + ("cross_zone_gb_per_million_requests",), "float", "pricing.xz_gb", 0.0, None, 0.5),
            Control(f"{side}.disk", p + ("disk_gib_per_machine",), "float", "pricing.disk", 0.0, None, 10.0),
            Control(f"{side}.agent", p + ("agent_usd_per_machine_month",), "float", "pricing.agent", 0.0, None, 1.0),
            Control(f"{side}.licence", p + ("licence_usd_per_machine_month",), "float", "pricing.licence", 0.0, None, 1.0),
            Control(f"{side}.fixed", p + ("fixed_usd_per_month",), "float", "pricing.fixed", 0.0, None, 100.0))


#: Purchase options beside the machine pickers, the lines beside the machines, the months (issue 11).
PRICING_CONTROLS: tuple[Control, ...] = (
    Control("as_is.hosting", ("pricing", "as_is", "hosting"), "select", "pricing.hosting", options=("cloud", "on_prem")),
    Control("as_is.option", ("pricing", "as_is", "option"), "select", "pricing.purchase", options=_OPTIONS),
    Control("as_is.term", ("pricing", "as_is", "term_years"), "select", "pricing.term_years", options=(1, 3)),
    Control("as_is.payment", ("pricing", "as_is", "payment"), "select", "pricing.payment", options=_PAYMENTS),
    *_host_controls("as_is"),
    Control("to_be.hosting", ("pricing", "to_be", "hosting"), "select", "pricing.hosting", options=("cloud", "on_prem")),
    Control("to_be.commit_option", ("pricing", "to_be", "commitment", "option"), "select", "pricing.commitment",
            options=("reserved", "savings_plan", "committed_use")),
    Control("to_be.term", ("pricing", "to_be", "commitment", "term_years"), "select", "pricing.term_years",
            options=(1, 3)),
    Control("to_be.payment", ("pricing", "to_be", "commitment", "payment"), "select", "pricing.payment",
            options=_PAYMENTS),
    Control("to_be.committed", ("pricing", "to_be", "committed_nodes"), "auto_int", "pricing.committed_nodes",
            0, MAX_NODES, 1),
    Control("to_be.spot_pct", ("pricing", "to_be", "spot_burst_frac"), "pct", "pricing.spot_pct", 0.0, 100.0, 10.0),
    *_host_controls("to_be"),
    *_line_controls("as_is"),
    *_line_controls("to_be"),
    Control("to_be.support", ("costs", "to_be", "control_plane_support"), "select", "pricing.support",
            options=("standard", "extended")),
    Control("fc.months", ("forecast", "months"), "int", "pricing.months_off", 0, 36, 1),
    Control("fc.start", ("forecast", "start_month"), "text", "pricing.start_month"),
    Control("fc.growth_pct", ("forecast", "growth_frac_per_month"), "pct", "pricing.growth_pct", -50.0, 100.0, 0.5),
    Control("fc.lead", ("forecast", "asis_lead_time_months"), "int", "pricing.lead_time", 0, 24, 1),
)
GLOBAL_CONTROLS = GLOBAL_CONTROLS + PRICING_CONTROLS

SERVICE_CONTROLS: tuple[Control, ...] = (
    Control("req_cpu", ("requests", "cpu_millicores"), "float", "req_cpu", 1.0, None, 50.0, per_service=True),
    Control("req_mem", ("requests", "memory_mib"), "float", "req_mem", 1.0, None, 64.0, per_service=True),
    Control("cpu_base", ("usage", "cpu_millicores_base"), "float", "use_cpu_base", 0.0, None, 10.0, per_service=True),
    Control("cpu_rps", ("usage", "cpu_millicores_per_rps"), "float", "use_cpu_rps", 0.0, None, 1.0, per_service=True),
    Control("mem_base", ("usage", "memory_mib_base"), "float", "use_mem_base", 0.0, None, 32.0, per_service=True),
    Control("mem_rps", ("usage", "memory_mib_per_rps"), "float", "use_mem_rps", 0.0, None, 0.1, per_service=True),
    Control("hpa_min", ("hpa", "min_replicas"), "int", "hpa_min", 1, MAX_REPLICAS, 1, per_service=True),
    Control("hpa_max", ("hpa", "max_replicas"), "int", "hpa_max", 1, MAX_REPLICAS, 1, per_service=True),
    Control("tol_pct", ("hpa", "tolerance_frac"), "pct", "hpa_tolerance", 0.0, 99.0, 1.0, per_service=True),
    Control("stab_down", ("hpa", "scale_down", "stabilization_window_s"), "int", "hpa_stab_down", 0, 3600, 30,
            per_service=True),
    Control("stab_up", ("hpa", "scale_up", "stabilization_window_s"), "int", "hpa_stab_up", 0, 3600, 15,
            per_service=True),
    Control("behavior", ("hpa", "behavior"), "select", "hpa_behavior", options=("v2", "none"), per_service=True),
    Control("stab_legacy", ("hpa", "downscale_stabilization_s"), "int", "hpa_stab_legacy", 0,
            MAX_DOWNSCALE_STABILIZATION_S, 30, per_service=True),
    Control("metrics_lag", ("hpa", "metrics_lag_s"), "int", "hpa_metrics_lag", 0, MAX_METRICS_LAG_S, 15,
            per_service=True),
    Control("cpu_init", ("hpa", "cpu_initialization_period_s"), "int", "hpa_cpu_init", 0,
            MAX_CPU_INITIALIZATION_PERIOD_S, 30, per_service=True),
    Control("startup", ("pod_startup_s",), "int", "pod_startup", 0, 3600, 5, per_service=True),
    Control("image_pull", ("image_pull_s",), "int", "image_pull", 0, 3600, 5, per_service=True),
    Control("backups", ("backup_servers",), "opt_int", "svc_backups", 0, 1000, 1, per_service=True),
)
#: HPA metric targets shown per service: widget suffix -> metric name. 0 % = metric not used.
METRIC_CONTROLS: dict[str, str] = {"hpa_cpu_pct": "cpu", "hpa_mem_pct": "memory"}
#: Instance pickers: prefix -> path of the InstanceRef in the scenario.
INSTANCE_PICKERS: dict[str, tuple[str, ...]] = {"asis": ("as_is", "server"), "node": ("cluster", "node"),
                                               "master": ("cluster", "control_plane", "master")}
INSTANCE_FIELDS = ("provider", "region", "instance_type", "custom_name", "custom_vcpu", "custom_mem", "custom_price")


def service_key(i: int, suffix: str) -> str:
    return f"svc{i}.{suffix}"


def is_service_key(key: str) -> bool:
    """True for a per-service widget key (``svc{i}.{suffix}``)."""
    head, _, _ = key.partition(".")
    return head.startswith("svc") and head[3:].isdigit()


def get_path(d: Mapping[str, Any], path: Sequence[str]) -> Any:
    cur: Any = d
    for p in path:
        cur = cur[p]
    return cur


def set_path(d: dict[str, Any], path: Sequence[str], value: Any) -> None:
    cur = d
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value


def to_ui(ctrl: Control, value: Any) -> Any:
    """Scenario value -> widget value (percent for fractions)."""
    if ctrl.kind == "pct":
        return round(float(value) * 100.0, 6)
    if ctrl.kind == "int":
        return int(value)
    if ctrl.kind == "opt_int":
        return None if value is None else int(value)
    if ctrl.kind == "auto_int":  # a text box: "auto" or a count
        return "auto" if value == "auto" else str(int(value))
    if ctrl.kind == "float":
        return float(value)
    if ctrl.kind == "bool":
        return bool(value)
    return value


def from_ui(ctrl: Control, widget: Any) -> Any:
    if ctrl.kind == "pct":
        return float(widget) / 100.0
    if ctrl.kind == "int":
        return int(widget)
    if ctrl.kind == "opt_int":
        return None if widget is None else int(widget)
    if ctrl.kind == "auto_int":  # anything else goes to the scenario as typed: its validation names the field
        text = str(widget).strip()
        if text.lower() in ("", "auto", "자동"):
            return "auto"
        return int(text) if text.isdigit() else text
    if ctrl.kind == "float":
        return float(widget)
    if ctrl.kind == "bool":
        return bool(widget)
    return widget


def _apply(ctrl: Control, target: dict[str, Any], widget: Any) -> None:
    if widget is None and ctrl.kind != "opt_int":
        return  # a cleared number box keeps the scenario value; the box shows it again on the next run
    current = get_path(target, ctrl.path)
    if widget != to_ui(ctrl, current):
        set_path(target, ctrl.path, from_ui(ctrl, widget))


def metric_ui(hpa: Mapping[str, Any], name: str) -> float:
    """Target of metric ``name`` as percent, 0 if the HPA does not use it."""
    for m in hpa["metrics"]:
        if m["name"] == name and m.get("target_utilization_frac") is not None:
            return round(float(m["target_utilization_frac"]) * 100.0, 6)
    return 0.0


def _apply_metric(hpa: dict[str, Any], name: str, widget: Any) -> None:
    if widget is None or float(widget) == metric_ui(hpa, name):
        return
    metrics = [dict(m) for m in hpa["metrics"]]
    idx = next((i for i, m in enumerate(metrics) if m["name"] == name), None)
    if float(widget) <= 0:
        if idx is not None:
            metrics.pop(idx)
    elif idx is None:
        metrics.insert(0 if name == "cpu" else len(metrics),
                       {"name": name, "target_utilization_frac": float(widget) / 100.0, "target_average_value": None})
    else:
        metrics[idx]["target_utilization_frac"] = float(widget) / 100.0
    hpa["metrics"] = metrics


@lru_cache(maxsize=1)
def _catalog_index() -> dict[tuple[str, str, str], SimpleNamespace]:
    return {(r.provider, r.region, r.instance_type): SimpleNamespace(**r._asdict())
            for r in load_catalog().itertuples(index=False)}


def catalog_row(provider: str | None, region: str | None, instance_type: str) -> SimpleNamespace | None:
    """The catalog entry (attributes vcpu, memory_gib, usd_per_hour, source, as_of) or None."""
    return _catalog_index().get((provider, region, instance_type))  # type: ignore[arg-type]


def instance_ui(ref: Mapping[str, Any]) -> dict[str, Any]:
    """Widget values of an instance picker for an InstanceRef dict."""
    row = catalog_row(ref.get("provider"), ref.get("region"), ref["instance_type"]) if ref.get("provider") else None
    if row is not None:
        return {"provider": ref["provider"], "region": ref["region"], "instance_type": ref["instance_type"],
                "custom_name": ref["instance_type"],
                "custom_vcpu": float(ref.get("vcpu") or row.vcpu),
                "custom_mem": float(ref.get("memory_gib") or row.memory_gib),
                "custom_price": float(ref["usd_per_hour"] if ref.get("usd_per_hour") is not None else row.usd_per_hour)}
    return {"provider": CUSTOM, "region": None, "instance_type": None, "custom_name": ref["instance_type"],
            "custom_vcpu": None if ref.get("vcpu") is None else float(ref["vcpu"]),
            "custom_mem": None if ref.get("memory_gib") is None else float(ref["memory_gib"]),
            "custom_price": None if ref.get("usd_per_hour") is None else float(ref["usd_per_hour"])}


def _apply_instance(target: dict[str, Any], path: tuple[str, ...], ui: Mapping[str, Any]) -> None:
    ref = get_path(target, path)
    base_ui = instance_ui(ref)
    if ui.get("provider") is None:
        return
    if ui["provider"] != CUSTOM:
        same = all(ui.get(k) == base_ui[k] for k in ("provider", "region", "instance_type"))
        if not same:
            set_path(target, path, {"instance_type": ui["instance_type"], "provider": ui["provider"],
                                    "region": ui["region"], "vcpu": None, "memory_gib": None, "usd_per_hour": None})
        return
    if all(ui.get(k) == base_ui[k] for k in INSTANCE_FIELDS if k.startswith("custom")) and base_ui["provider"] == CUSTOM:
        return
    set_path(target, path, {"instance_type": (ui.get("custom_name") or "custom").strip() or "custom",
                            "provider": None, "region": None, "vcpu": ui.get("custom_vcpu"),
                            "memory_gib": ui.get("custom_mem"), "usd_per_hour": ui.get("custom_price")})


def widget_values(d: Mapping[str, Any]) -> dict[str, Any]:
    """Every widget value the scenario dict ``d`` implies (to seed or re-seed the widgets)."""
    out: dict[str, Any] = {}
    for c in GLOBAL_CONTROLS:
        out[c.key] = to_ui(c, get_path(d, c.path))
    for i, s in enumerate(d["services"]):
        for c in SERVICE_CONTROLS:
            out[service_key(i, c.key)] = to_ui(c, get_path(s, c.path))
        for suffix, metric in METRIC_CONTROLS.items():
            out[service_key(i, suffix)] = metric_ui(s["hpa"], metric)
    for prefix, path in INSTANCE_PICKERS.items():
        for k, v in instance_ui(get_path(d, path)).items():
            out[f"{prefix}.{k}"] = v
    return out


def apply_widgets(base: Mapping[str, Any], widgets: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``base`` with the widget values applied (missing keys keep the base)."""
    d = copy.deepcopy(dict(base))
    for c in GLOBAL_CONTROLS:
        if c.key in widgets:
            _apply(c, d, widgets[c.key])
    for i, s in enumerate(d["services"]):
        for c in SERVICE_CONTROLS:
            k = service_key(i, c.key)
            if k in widgets:
                _apply(c, s, widgets[k])
        for suffix, metric in METRIC_CONTROLS.items():
            k = service_key(i, suffix)
            if k in widgets:
                _apply_metric(s["hpa"], metric, widgets[k])
    for prefix, path in INSTANCE_PICKERS.items():
        ui = {k: widgets.get(f"{prefix}.{k}") for k in INSTANCE_FIELDS}
        _apply_instance(d, path, ui)  # a picker not on the page (no provider value) keeps the base
    return d


def build_scenario_dict(base: Mapping[str, Any], widgets: Mapping[str, Any], loads: Mapping[str, list[float]]) -> dict:
    """The scenario the engine gets: base + widgets + table loads (services in base order)."""
    d = apply_widgets(base, widgets)
    for s in d["services"]:
        if s["name"] in loads:
            s["load_requests_per_s"] = list(loads[s["name"]])
    return d


def check_service_name(name: str, existing: Sequence[str], lang: str = "en", allow: str | None = None) -> str | None:
    """An error message for a new/renamed service name, or None when it is fine."""
    if not name or not name.strip():
        return t("name_empty", lang)
    if name != name.strip():
        return t("name_spaces", lang)
    if len(name) > MAX_NAME_CHARS:
        return t("name_too_long", lang)
    if name in existing and name != allow:
        return t("name_taken", lang, name=name)
    return None


def problem_text(path: str, message: str, service_names: Sequence[str], lang: str = "en") -> str:
    """A scenario problem with ``services[i]`` replaced by the service name: ``service 'B': hpa.max_replicas: ...``
    (``서비스 'B': ...`` in Korean; the field path and the model's message are codes and stay as they are)."""
    for i, n in enumerate(service_names):
        prefix = f"services[{i}]"
        if path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "["):
            rest = path[len(prefix):].lstrip(".")
            path = t("problem_service", lang, name=n) + (f": {rest}" if rest else "")
            break
    return f"{path}: {message}" if path else message


# --- URL --------------------------------------------------------------------------------------
def encode_scenario(d: Mapping[str, Any]) -> str:
    """Compact URL-safe text of a scenario dict (:func:`planner.scenario_io.encode_scenario_url`)."""
    return encode_scenario_url(dict(d))


def decode_scenario(text: str) -> dict[str, Any]:
    """Inverse of :func:`encode_scenario` through the one safe reader
    (:func:`planner.scenario_io.decode_scenario_url`: size caps, bounded decompression); raises
    :class:`~planner.scenario.ScenarioError` (a ValueError) on anything else."""
    return decode_scenario_url(text)


# --- instance catalog for the pickers ---------------------------------------------------------
@lru_cache(maxsize=1)
def providers() -> list[str]:
    return sorted(load_catalog().provider.unique()) + [CUSTOM]


@lru_cache(maxsize=None)
def regions(provider: str) -> list[str]:
    cat = load_catalog()
    return sorted(cat[cat.provider == provider].region.unique())


@lru_cache(maxsize=None)
def instance_types(provider: str, region: str) -> list[str]:
    """Catalog types of a provider and region, cheapest first."""
    cat = load_catalog()
    rows = cat[(cat.provider == provider) & (cat.region == region)].sort_values(["usd_per_hour", "instance_type"])
    return list(rows.instance_type)


def describe_instance(provider: str, region: str, instance_type: str, lang: str) -> str:
    """``m5.xlarge (4 vCPU, 16 GiB, $0.192/h)`` for an instance picker option."""
    row = catalog_row(provider, region, instance_type)
    if row is None:
        return instance_type
    return t("instance_fmt", lang, type=instance_type, vcpu=f"{row.vcpu:g}", mem=f"{row.memory_gib:g}",
             price=fmt_usd(float(row.usd_per_hour), lang, 3))
