"""The wheel ships its data: installed from the wheel into a fresh venv, `planner plan default`,
`planner report default --format md` and `planner catalog` work from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_under_planner_is_listed_for_the_wheel():
    """pyproject.toml lists packages explicitly (to map data/ as planner.data): a new subpackage
    missing from the list would be missing from the wheel."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "planner").rglob("__init__.py")}
    assert found | {"planner.data"} == listed


def test_data_files_come_from_the_package():
    from planner.datafiles import data_path

    assert data_path("instance_catalog.csv").read_bytes() == (ROOT / "data" / "instance_catalog.csv").read_bytes()
    assert data_path("scenarios", "default.yaml").is_file()


@pytest.mark.slow
def test_wheel_in_a_fresh_venv_runs_plan_report_and_catalog(tmp_path):
    """Build the wheel offline, install it (without dependencies) into a new venv that sees this
    environment's site-packages only through a .pth line (so numpy etc. need no download and the
    editable install's finder is *not* active: only the wheel's copy of planner can be imported),
    then run the CLI from an empty directory."""
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "-w", str(wheels), str(ROOT)], check=True, timeout=300, capture_output=True)
    (wheel,) = wheels.glob("planner-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    py = venv / "bin" / "python"
    site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                   check=True, timeout=300)
    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(py), "-c", "import planner, planner.data; print(planner.__file__); "
                            "print(planner.data.__file__)"], cwd=work, env=env, check=True, capture_output=True,
                           text=True).stdout.split()
    assert all(str(venv) in w for w in where), where  # the wheel's copy, not the source tree
    cli = str(venv / "bin" / "planner")
    # the first command compiles every kernel into the wheel's own cache (numba keys its cache by the
    # source path): minutes on a busy 2-core machine, so the bound is generous
    plan = subprocess.run([cli, "plan", "default"], cwd=work, env=env, capture_output=True, text=True, timeout=1200)
    assert plan.returncode == 0, plan.stderr
    assert "Default scenario" in plan.stdout and "As-Is servers (backups included)" in plan.stdout
    rep = subprocess.run([cli, "report", "default", "--format", "md", "--out", str(work / "r")], cwd=work, env=env,
                         capture_output=True, text=True, timeout=300)
    assert rep.returncode == 0, rep.stderr
    (md,) = (work / "r").glob("*.md")
    assert "A" in md.read_text() and "USD" in md.read_text()
    cat = subprocess.run([cli, "catalog", "--provider", "aws"], cwd=work, env=env, capture_output=True, text=True,
                         timeout=300)
    assert cat.returncode == 0, cat.stderr
    assert "m5.xlarge" in cat.stdout


def test_numba_cache_goes_to_a_per_source_user_cache_unless_the_user_chose(tmp_path, monkeypatch):
    """planner points NUMBA_CACHE_DIR at $XDG_CACHE_HOME/planner/numba/<source key> (before numba is
    imported): writable when the package is not, and one directory per engine source version;
    a NUMBA_CACHE_DIR the user set is kept."""
    import planner

    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    planner._numba_cache_dir()
    assert os.environ["NUMBA_CACHE_DIR"] == str(tmp_path / "xdg" / "planner" / "numba" / planner._jit_source_key())
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/somewhere/else")
    planner._numba_cache_dir()
    assert os.environ["NUMBA_CACHE_DIR"] == "/somewhere/else"  # the user's choice is kept


def test_the_cache_key_follows_every_module_the_kernels_inline(tmp_path):
    """Numba checks only the defining file's timestamp; the key must change when an inlined helper's
    module changes (engine/placement.py, packing.py, hpa.py) and stay when an unrelated one does."""
    import shutil

    import planner

    pkg = Path(planner.__file__).parent
    copy = tmp_path / "planner"
    shutil.copytree(pkg / "engine", copy / "engine", ignore=shutil.ignore_patterns("__pycache__"))
    for name in planner._JIT_SOURCES + ("verdict.py",):
        shutil.copy(pkg / name, copy / name)
    key = planner._jit_source_key(str(copy))
    assert key == planner._jit_source_key(str(pkg))  # the same sources give the same key
    (copy / "verdict.py").write_text("# unrelated\n")
    assert planner._jit_source_key(str(copy)) == key
    for changed in ("engine/placement.py", "packing.py", "hpa.py"):
        before = planner._jit_source_key(str(copy))
        with open(copy / changed, "a") as f:
            f.write("\n# edited\n")
        assert planner._jit_source_key(str(copy)) != before, changed


def test_old_source_versions_caches_are_pruned(tmp_path):
    """Beside the current cache, only the newest _KEEP_OLD_CACHES older ones stay."""
    import planner

    for i in range(6):
        d = tmp_path / f"old{i}"
        d.mkdir()
        os.utime(d, (1_000_000 + i, 1_000_000 + i))
    (tmp_path / "current").mkdir()
    planner._prune_old_caches(str(tmp_path), "current")
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert kept == ["current", "old3", "old4", "old5"] and planner._KEEP_OLD_CACHES == 3


@pytest.mark.slow
def test_a_read_only_package_compiles_into_the_user_cache_and_plans(tmp_path):
    """End to end in a fresh process whose package directory reports read-only: the kernels are
    compiled into the user cache (files appear there) and the default plan runs."""
    env = {k: v for k, v in os.environ.items() if k not in ("NUMBA_CACHE_DIR", "PYTHONPATH")}
    env["XDG_CACHE_HOME"] = str(tmp_path)
    code = ("import os, importlib.util; pkg = os.path.dirname(importlib.util.find_spec('planner').origin); "
            "real = os.access; os.access = lambda p, m, *a, **k: False if p == pkg else real(p, m, *a, **k); "
            "import planner; s = planner.plan(planner.default_scenario()).summary; "
            "print(os.environ['NUMBA_CACHE_DIR']); print(round(s.tobe_usd_per_month, 2))")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                         timeout=1200)
    assert out.returncode == 0, out.stderr[-2000:]
    cache_dir, cost = out.stdout.split()
    assert Path(cache_dir).parent == tmp_path / "planner" / "numba"
    assert list(Path(cache_dir).rglob("*.nbi")), "no numba index files in the user cache"
    import planner

    here = planner.plan(planner.default_scenario()).summary.tobe_usd_per_month
    assert float(cost) == round(here, 2)  # the same plan as in this process, from freshly compiled kernels
