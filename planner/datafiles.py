"""The data files shipped inside the package: the repository's top-level ``data/`` folder is the
package ``planner.data`` (``pyproject.toml`` maps it with setuptools ``package-dir``), so a wheel
and an editable install find the catalog, the default scenario, the presets and the traces alike,
from any working directory. ``data/README.md`` says where each file comes from."""

from __future__ import annotations

from contextlib import ExitStack
from importlib import resources
from pathlib import Path

PACKAGE = "planner.data"
_EXTRACTED = ExitStack()  # files of a zipped install, extracted once for the process


def data_path(*parts: str) -> Path:
    """A shipped data file as a file-system path, e.g. ``data_path("traces", "nasa_http_1995_hourly.csv")``."""
    res = resources.files(PACKAGE).joinpath(*parts)
    if isinstance(res, Path):
        return res
    return _EXTRACTED.enter_context(resources.as_file(res))


def read_bytes(*parts: str) -> bytes:
    """The bytes of a shipped data file."""
    return resources.files(PACKAGE).joinpath(*parts).read_bytes()
