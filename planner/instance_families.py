"""What an instance type's name says about it: family, kind (general, compute, memory, ...),
CPU architecture and whether it is burstable. The node-type search uses it to leave out what the
model cannot judge (burstable CPU credits) or what the workload may not run on (arm64 images).

Read from the providers' naming conventions, not from a table of names, so a type the catalog
gains later is classified too:

* AWS ``<series><generation><attributes>.<size>`` (EC2 "Instance type naming conventions"):
  series ``t`` burstable; attribute ``g`` Graviton (arm64, e.g. m7g, c6gn, t4g); ``m`` general,
  ``c`` compute, ``r``/``x``/``z``/``u`` memory, ``i``/``d``/``h`` storage, ``p``/``g``/``inf``/
  ``trn``/``dl``/``f``/``vt`` accelerated.
* Azure ``Standard_<family><vCPUs><features>_v<n>`` (Azure "virtual machine size naming
  conventions"): family ``B`` burstable; feature ``p`` Arm (Ampere/Cobalt); ``D`` general, ``F``
  compute, ``E``/``M`` memory, ``L`` storage, ``N`` GPU.
* GCP ``<series>-<kind>[-<vCPUs>]`` (Compute Engine machine families): ``e2-micro|small|medium``
  shared-core (burstable); series ``t2a``, ``c4a``, ``n4a`` Arm (Ampere Altra, Axion); kind
  ``standard`` general, ``highcpu`` compute, ``highmem``/``megamem``/``ultramem`` memory; series
  ``c2``/``c2d``/``c3``/``c3d``/``c4``/``h3`` compute, ``m1``-``m4`` memory, ``a2``/``a3``/``g2``
  accelerated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Kind = Literal["general", "compute", "memory", "storage", "accelerated", "unknown"]
Arch = Literal["x86_64", "arm64", "unknown"]

_AWS = re.compile(r"^([a-z]+?)(\d+)([a-z-]*)\.(.+)$")
_AWS_KIND: dict[str, Kind] = {"m": "general", "t": "general", "a": "general", "mac": "general", "c": "compute",
                              "r": "memory", "x": "memory", "z": "memory", "u": "memory", "i": "storage",
                              "im": "storage", "is": "storage", "d": "storage", "h": "storage", "p": "accelerated",
                              "g": "accelerated", "inf": "accelerated", "trn": "accelerated", "dl": "accelerated",
                              "f": "accelerated", "vt": "accelerated", "hpc": "compute"}
_AZURE = re.compile(r"^Standard_([A-Z]+)(\d+)([a-z]*)(?:_[A-Za-z0-9]+)*?(?:_v(\d+))?$")
_AZURE_KIND: dict[str, Kind] = {"B": "general", "D": "general", "DC": "general", "A": "general", "F": "compute",
                                "FX": "compute", "H": "compute", "HB": "compute", "HC": "compute", "E": "memory",
                                "EC": "memory", "M": "memory", "L": "storage", "N": "accelerated",
                                "NC": "accelerated", "ND": "accelerated", "NV": "accelerated"}
_GCP = re.compile(r"^([a-z]\d*[a-z]?)-([a-z]+)(?:-(\d+))?")
_GCP_ARM = frozenset({"t2a", "c4a", "n4a"})
_GCP_SERIES_KIND: dict[str, Kind] = {"c2": "compute", "c2d": "compute", "c3": "compute", "c3d": "compute",
                                     "c4": "compute", "c4a": "compute", "c4d": "compute", "h3": "compute",
                                     "m1": "memory", "m2": "memory", "m3": "memory", "m4": "memory",
                                     "a2": "accelerated", "a3": "accelerated", "g2": "accelerated"}
_GCP_KIND: dict[str, Kind] = {"standard": "general", "highcpu": "compute", "highmem": "memory", "megamem": "memory",
                              "ultramem": "memory", "micro": "general", "small": "general", "medium": "general"}


@dataclass(frozen=True)
class Family:
    """An instance type's family as its name tells it."""

    family: str  #: e.g. ``m5``, ``c6i``, ``m7g``, ``Standard_D_v5``, ``e2``; the type itself when unknown
    kind: Kind
    arch: Arch
    burstable: bool  #: CPU credits or a shared core: sustained CPU is not the vCPU count


def family_of(instance_type: str, provider: str | None) -> Family:
    """Classify ``instance_type`` of ``provider`` (``aws``, ``azure``, ``gcp``; None: a custom
    machine, of unknown kind and architecture)."""
    if provider == "aws":
        m = _AWS.match(instance_type)
        if m:
            series, gen, attrs = m.group(1), m.group(2), m.group(3)
            return Family(f"{series}{gen}{attrs}", _AWS_KIND.get(series, "unknown"),
                          "arm64" if "g" in attrs else "x86_64", series == "t")
    elif provider == "azure":
        m = _AZURE.match(instance_type)
        if m:
            series, feats, gen = m.group(1), m.group(3), m.group(4)
            return Family(f"Standard_{series}{feats}_v{gen or 1}", _AZURE_KIND.get(series, "unknown"),
                          "arm64" if "p" in feats else "x86_64", series == "B")
    elif provider == "gcp":
        m = _GCP.match(instance_type)
        if m:
            series, kind = m.group(1), m.group(2)
            return Family(series, _GCP_SERIES_KIND.get(series, _GCP_KIND.get(kind, "unknown")),
                          "arm64" if series in _GCP_ARM else "x86_64",
                          series == "e2" and kind in ("micro", "small", "medium"))
    return Family(instance_type, "unknown", "unknown", False)
