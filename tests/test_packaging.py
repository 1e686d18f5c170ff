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
    plan = subprocess.run([cli, "plan", "default"], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert plan.returncode == 0, plan.stderr
    assert "Default scenario" in plan.stdout and "As-Is servers (incl. backups)" in plan.stdout
    rep = subprocess.run([cli, "report", "default", "--format", "md", "--out", str(work / "r")], cwd=work, env=env,
                         capture_output=True, text=True, timeout=300)
    assert rep.returncode == 0, rep.stderr
    (md,) = (work / "r").glob("*.md")
    assert "A" in md.read_text() and "USD" in md.read_text()
    cat = subprocess.run([cli, "catalog", "--provider", "aws"], cwd=work, env=env, capture_output=True, text=True,
                         timeout=300)
    assert cat.returncode == 0, cat.stderr
    assert "m5.xlarge" in cat.stdout
