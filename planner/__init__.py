"""planner: autoscaling cost and capacity planner.

``planner.plan(scenario) -> Plan`` is the one public entry the app, the CLI and the reports call.
"""

import os as _os
import tempfile as _tempfile


def _numba_cache_dir() -> None:
    """Numba caches compiled kernels next to the source; an installed, read-only package has no
    room there, and numba's own fallback (a user-wide cache under ``$HOME``) fails without a
    writable home. Point ``NUMBA_CACHE_DIR`` at a writable user cache first, unless the user set
    it or the package directory is writable. Runs before any planner module imports numba."""
    if "NUMBA_CACHE_DIR" in _os.environ or _os.access(_os.path.dirname(__file__), _os.W_OK):
        return
    xdg = _os.environ.get("XDG_CACHE_HOME") or _os.path.join(_os.path.expanduser("~"), ".cache")
    for base in (xdg, _tempfile.gettempdir()):
        path = _os.path.join(base, "planner", "numba")
        try:
            _os.makedirs(path, exist_ok=True)
        except OSError:
            continue
        if _os.access(path, _os.W_OK):
            _os.environ["NUMBA_CACHE_DIR"] = path
            return


_numba_cache_dir()

from planner.result import GLOSSARY, Plan, Summary  # noqa: E402
from planner.scenario import Scenario, ScenarioError, validate_scenario  # noqa: E402
from planner.scenario_io import default_scenario, load_scenario  # noqa: E402


def plan(scenario: Scenario, *, keep_steps: bool | None = None, threads: int | None = None,
         band: bool = False) -> Plan:
    """Compute the As-Is and To-Be plans of ``scenario`` (see :func:`planner.planning.plan`;
    ``band=True`` also fills the shortfall band of hourly loads: steps, linear, with bursts)."""
    from planner.planning import plan as _plan

    return _plan(scenario, keep_steps=keep_steps, threads=threads, band=band)


__all__ = ["GLOSSARY", "Plan", "Scenario", "ScenarioError", "Summary", "default_scenario", "load_scenario",
           "plan", "validate_scenario"]
