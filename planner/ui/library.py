"""A local scenario library: YAML files in one folder on this machine. Pure file I/O (no streamlit).

The folder is ``$PLANNER_LIBRARY_DIR`` or ``~/.planner/scenarios``."""

from __future__ import annotations

import os
import re
from pathlib import Path

from planner.scenario import Scenario
from planner.scenario_io import dump_scenario, load_scenario

ENV_VAR = "PLANNER_LIBRARY_DIR"


def library_dir() -> Path:
    return Path(os.environ.get(ENV_VAR) or Path.home() / ".planner" / "scenarios")


def slug(name: str) -> str:
    """A file name stem for a scenario name: letters (any script), digits, ``-`` and ``_``."""
    s = re.sub(r"[^\w\-]+", "_", name.strip(), flags=re.UNICODE).strip("_")
    return s[:80] or "scenario"


def list_scenarios() -> list[str]:
    """File names (``*.yaml``) in the library, newest first."""
    d = library_dir()
    if not d.is_dir():
        return []
    files = sorted(d.glob("*.yaml"), key=lambda p: p.stat().st_mtime, reverse=True)
    return [p.name for p in files]


def save(scenario: Scenario) -> Path:
    """Write the scenario as ``<slug of its name>.yaml`` (replacing a file of the same name)."""
    d = library_dir()
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"{slug(scenario.name)}.yaml"
    path.write_text(dump_scenario(scenario, "yaml"), encoding="utf-8")
    return path


def load(file_name: str) -> Scenario:
    """Read a scenario of the library by file name (no path components allowed)."""
    if Path(file_name).name != file_name:
        raise ValueError(f"not a library file name: {file_name!r}")
    return load_scenario(library_dir() / file_name)
