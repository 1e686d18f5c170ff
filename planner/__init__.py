"""planner: autoscaling cost and capacity planner.

``planner.plan(scenario) -> Plan`` is the one public entry the app, the CLI and the reports call.
"""

import hashlib as _hashlib
import os as _os
import shutil as _shutil
import tempfile as _tempfile

#: The modules whose code the compiled kernels contain (``planner/engine/`` and what it inlines).
_JIT_SOURCES = ("burst.py", "ca.py", "events.py", "hpa.py", "packing.py")
#: Compiled-kernel caches kept beside the current one (older source versions), newest first.
_KEEP_OLD_CACHES = 3


def _jit_source_key(pkg: str | None = None) -> str:
    """A digest of the source of every module the kernels are compiled from.

    Numba's on-disk cache checks only the timestamp of the file that defines a jitted function,
    not of the modules whose helpers it inlines; a change in ``engine/placement.py`` alone would
    otherwise leave ``engine/kernel.py``'s stale machine code in use. Keying the cache directory
    on all of them makes any source change compile afresh. ``pkg``: the package directory."""
    pkg = pkg or _os.path.dirname(__file__)
    engine = _os.path.join(pkg, "engine")
    paths = sorted(_os.path.join(engine, n) for n in _os.listdir(engine) if n.endswith(".py"))
    digest = _hashlib.sha256()
    for path in paths + [_os.path.join(pkg, n) for n in _JIT_SOURCES]:
        digest.update(_os.path.relpath(path, pkg).encode())
        with open(path, "rb") as f:
            digest.update(f.read())
    return digest.hexdigest()[:16]


def _prune_old_caches(root: str, current: str) -> None:
    """Remove all but the newest :data:`_KEEP_OLD_CACHES` caches of other source versions."""
    try:
        others = [e for e in _os.scandir(root) if e.is_dir() and e.name != current]
        others.sort(key=lambda e: e.stat().st_mtime, reverse=True)
    except OSError:
        return
    for entry in others[_KEEP_OLD_CACHES:]:
        _shutil.rmtree(entry.path, ignore_errors=True)


def _numba_cache_dir() -> None:
    """Point ``NUMBA_CACHE_DIR`` at ``$XDG_CACHE_HOME/planner/numba/<source key>`` (or the same under
    the temporary directory), unless the user set it, before any planner module imports numba.

    A user cache rather than the package directory, which may be read-only once installed (numba's
    own fallback, under ``$HOME``, fails without a writable home); one directory per source version
    (:func:`_jit_source_key`), so edited engine code never runs from a stale compiled cache."""
    if "NUMBA_CACHE_DIR" in _os.environ:
        return
    key = _jit_source_key()
    xdg = _os.environ.get("XDG_CACHE_HOME") or _os.path.join(_os.path.expanduser("~"), ".cache")
    for base in (xdg, _tempfile.gettempdir()):
        root = _os.path.join(base, "planner", "numba")
        path = _os.path.join(root, key)
        try:
            _os.makedirs(path, exist_ok=True)
            _os.utime(path)
        except OSError:
            continue
        if _os.access(path, _os.W_OK):
            _os.environ["NUMBA_CACHE_DIR"] = path
            _prune_old_caches(root, key)
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
