"""CSV of the plan's frames, one file each, and a zip holding them all.

Headers are the glossary column names (units in the names, e.g. ``load_requests_per_s``); numbers are
written exactly (shortest round-trip form); text cells that a spreadsheet would run as a formula are
neutralised (see :func:`planner.report.escape.neutralize`).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

import pandas as pd

from planner.report.escape import neutralize
from planner.result import Plan
from planner.scenario_io import dump_scenario

#: Frame names of a :class:`~planner.result.Plan`, in the order they appear in the zip.
FRAMES = ("hourly", "cluster_hourly", "services", "assumptions", "steps", "cluster_steps")

#: Zip entry time when no ``generated_at`` is given (the earliest a zip can store).
FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells are neutralised; numeric columns are left as they are."""
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(neutralize).astype(object)
    return out


def frame_to_csv(df: pd.DataFrame) -> bytes:
    """One frame as UTF-8 CSV bytes (``\\n`` line ends, no index, empty cell for missing)."""
    return safe_frame(df).to_csv(index=False, lineterminator="\n", na_rep="").encode("utf-8")


def plan_frames(plan: Plan) -> dict[str, pd.DataFrame]:
    """The plan's frames by name, skipping the per-step ones when the run kept only hourly data."""
    frames = {name: getattr(plan, name) for name in FRAMES}
    return {name: df for name, df in frames.items() if df is not None}


def frame_csv(plan: Plan, name: str) -> bytes:
    """CSV bytes of one frame of ``plan`` by name (one of :data:`FRAMES`)."""
    if name not in FRAMES:
        raise ValueError(f"frame: must be one of {', '.join(FRAMES)}; got {name!r}")
    df = getattr(plan, name)
    if df is None:
        raise ValueError(f"frame {name!r} is not in this plan (the run kept only hourly aggregates)")
    return frame_to_csv(df)


def zip_bytes(files: dict[str, bytes], generated_at: datetime | None = None) -> bytes:
    """A deterministic zip of ``files`` (name -> bytes): fixed entry times, permissions and order."""
    when = generated_at.timetuple()[:6] if isinstance(generated_at, datetime) else FIXED_ZIP_TIME
    if when[0] < 1980:
        when = FIXED_ZIP_TIME
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, whatever the platform, so the bytes agree
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def render_csv_zip(plan: Plan, generated_at: datetime | None = None) -> bytes:
    """A zip of every frame as ``<frame>.csv`` plus ``scenario.yaml`` to reproduce the plan."""
    files = {f"{name}.csv": frame_to_csv(df) for name, df in plan_frames(plan).items()}
    files["scenario.yaml"] = dump_scenario(plan.written_scenario, "yaml").encode("utf-8")
    return zip_bytes(files, generated_at)
