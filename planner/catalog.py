"""Instance catalog: vCPU, memory and on-demand price per instance type, with source and date.

Reads ``data/instance_catalog.csv`` (copied from public price files; see ``data/README.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from planner.datafiles import data_path
from planner.scenario import InstanceRef, ScenarioError

CATALOG_FILE = "instance_catalog.csv"  #: in planner.data (the repository's data/)
CATALOG_COLUMNS = ("provider", "region", "instance_type", "vcpu", "memory_gib", "usd_per_hour", "source", "as_of")


@dataclass(frozen=True)
class Instance:
    """A resolved machine type."""

    instance_type: str
    provider: str | None
    region: str | None
    vcpu: float  #: vCPUs [count]
    memory_gib: float  #: memory [GiB]
    usd_per_hour: float  #: on-demand price [USD/hour]
    source: str  #: where the figures come from
    as_of: str  #: date of the price data

    @property
    def cpu_millicores(self) -> float:
        """Capacity [millicores]."""
        return self.vcpu * 1000.0

    @property
    def memory_mib(self) -> float:
        """Capacity [MiB]."""
        return self.memory_gib * 1024.0


@lru_cache(maxsize=1)
def load_catalog() -> pd.DataFrame:
    """The catalog as a frame with columns :data:`CATALOG_COLUMNS`."""
    path = data_path(CATALOG_FILE)
    df = pd.read_csv(path, dtype={"as_of": str})
    missing = [c for c in CATALOG_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing}; found {list(df.columns)}")
    return df[list(CATALOG_COLUMNS)]


_INDEX: list = [None, {}]  # (the catalog frame indexed, {instance_type: rows in catalog order})


def _rows_by_type(cat: pd.DataFrame) -> dict[str, list]:
    """The catalog's rows by instance type, built once per loaded catalog: a lookup is then a dict
    access rather than three pandas filters (~13 ms, most of a small plan's time; sweeps and the
    node-type search resolve machines hundreds of times)."""
    if _INDEX[0] is not cat:
        index: dict[str, list] = {}
        for r in cat.itertuples(index=False):
            index.setdefault(r.instance_type, []).append(r)
        _INDEX[:] = [cat, index]
    return _INDEX[1]


def resolve_instance(ref: InstanceRef, field: str) -> Instance:
    """Turn a scenario :class:`InstanceRef` into an :class:`Instance`.

    Custom machines give ``vcpu``, ``memory_gib`` and ``usd_per_hour``; any of them also
    overrides the catalog value. ``field`` names the scenario path for error messages."""
    cat = load_catalog()
    rows = [r for r in _rows_by_type(cat).get(ref.instance_type, ())
            if (ref.provider is None or r.provider == ref.provider) and (ref.region is None or r.region == ref.region)]
    custom = ref.vcpu is not None and ref.memory_gib is not None and ref.usd_per_hour is not None
    if not rows and not custom:
        known = sorted(cat[(cat.provider == ref.provider) & (cat.region == ref.region)].instance_type) if ref.provider else []
        hint = f"; known in {ref.provider}/{ref.region}: {', '.join(known)}" if known else \
            "; give provider/region from the catalog, or vcpu, memory_gib and usd_per_hour for a custom machine"
        raise ScenarioError([(f"{field}.instance_type", f"unknown instance type {ref.instance_type!r}{hint}")])
    row = rows[0] if rows else None
    return Instance(
        instance_type=ref.instance_type,
        provider=ref.provider,
        region=ref.region,
        vcpu=float(ref.vcpu if ref.vcpu is not None else row.vcpu),
        memory_gib=float(ref.memory_gib if ref.memory_gib is not None else row.memory_gib),
        usd_per_hour=float(ref.usd_per_hour if ref.usd_per_hour is not None else row.usd_per_hour),
        source="custom (scenario)" if row is None or ref.usd_per_hour is not None else str(row.source),
        as_of="" if row is None else str(row.as_of),
    )
