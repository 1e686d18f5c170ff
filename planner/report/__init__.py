"""Meeting-ready reports of a plan: HTML, PDF, Excel, CSV, Markdown, and PNG/SVG charts.

Pure builders return bytes (``render``); only :func:`write_reports` touches the file system. The
same plan gives the same bytes in every format; only an explicit ``generated_at`` changes them.

=========  ===================================================================  ==================
format     what                                                                 needs
=========  ===================================================================  ==================
``html``   self-contained report (plotly.js inline), scenario embedded          -
``pdf``    the HTML report printed for A4 or Letter                             /usr/bin/chromium
``xlsx``   Summary sheet with native charts, hourly sheets per plan, assumptions  -
``md``     Markdown summary for a wiki or meeting notes                         -
``csv``    zip of every frame as CSV plus ``scenario.yaml``                     -
``png``    zip of one PNG per chart (``write_reports``: one file per chart)     /usr/bin/chromium
``svg``    zip of one SVG per chart (``write_reports``: one file per chart)     /usr/bin/chromium
=========  ===================================================================  ==================
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

from planner.i18n import LANGS, check_lang
from planner.report.csv_export import FRAMES, frame_csv, frame_to_csv, plan_frames, render_csv_zip, zip_bytes
from planner.report.html_report import PAPERS, render_html
from planner.report.errors import (ChromiumNotFoundError, ExportToolError, ImageExportError, PdfRenderError,
                                   ReportError)
from planner.report.images import IMAGE_FORMATS, chart_images, kaleido_server
from planner.report.markdown import render_markdown
from planner.report.pdf import find_chromium, render_pdf
from planner.report.xlsx import render_xlsx
from planner.result import Plan

#: Every format :func:`render` and :func:`write_reports` accept.
FORMATS: tuple[str, ...] = ("html", "pdf", "xlsx", "md", "csv", "png", "svg")

#: File suffix of each format when written as one file.
SUFFIXES: dict[str, str] = {"html": ".html", "pdf": ".pdf", "xlsx": ".xlsx", "md": ".md", "csv": ".zip",
                            "png": ".zip", "svg": ".zip"}

#: MIME type of each format as :func:`render` returns it (for download buttons).
MIME_TYPES: dict[str, str] = {
    "html": "text/html", "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "md": "text/markdown", "csv": "application/zip", "png": "application/zip", "svg": "application/zip",
}

# Suffixes accepted for a single-file --out, per format.
_FILE_SUFFIXES: dict[str, tuple[str, ...]] = {"html": (".html", ".htm"), "pdf": (".pdf",), "xlsx": (".xlsx",),
                                              "md": (".md", ".markdown"), "csv": (".zip",), "png": (".zip",),
                                              "svg": (".zip",)}


def parse_formats(formats: str | list[str] | tuple[str, ...]) -> list[str]:
    """``"html,pdf"`` or ``["html", "pdf"]`` -> ``["html", "pdf"]`` (validated, duplicates dropped)."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    out: list[str] = []
    for item in items:
        f = item.strip().lower().lstrip(".")
        if f == "markdown":
            f = "md"
        if not f:
            continue
        if f not in FORMATS:
            raise ReportError(f"format: must be one of {', '.join(FORMATS)}; got {item.strip()!r}")
        if f not in out:
            out.append(f)
    if not out:
        raise ReportError(f"format: give at least one of {', '.join(FORMATS)}")
    return out


def render(plan: Plan, fmt: str, *, lang: str = "en", generated_at: datetime | str | None = None,
           paper: str = "A4") -> bytes:
    """One report of ``plan`` as bytes.

    ``fmt``: one of :data:`FORMATS` (``csv``, ``png`` and ``svg`` give a zip). ``lang``: ``"en"`` or
    ``"ko"``. ``generated_at``: a timestamp printed on the report (None: none, and fixed file times).
    ``paper``: ``"A4"`` or ``"Letter"`` (PDF only)."""
    check_lang(lang)
    (fmt,) = parse_formats([fmt])
    when = generated_at if isinstance(generated_at, datetime) else None
    if fmt == "html":
        return render_html(plan, lang=lang, generated_at=generated_at).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(plan, lang=lang, generated_at=generated_at, paper=paper)
    if fmt == "xlsx":
        return render_xlsx(plan, lang=lang, generated_at=generated_at)
    if fmt == "md":
        return render_markdown(plan, lang=lang, generated_at=generated_at).encode("utf-8")
    if fmt == "csv":
        return render_csv_zip(plan, generated_at=when)
    images = chart_images(plan, fmt, lang=lang)
    return zip_bytes({f"{name}.{fmt}": data for name, data in images.items()}, when)


def _stem(plan: Plan) -> str:
    """A file-name stem from the scenario name: ASCII letters, digits and dashes only."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", plan.scenario.name).strip("-").lower()[:60].strip("-")
    return slug or "report"


def write_reports(plan: Plan, formats: str | list[str], out: str | Path, lang: str = "en", *,
                  generated_at: datetime | str | None = None, paper: str = "A4") -> list[Path]:
    """Write the reports of ``plan`` and return the paths written, in order.

    ``out`` is a file when exactly one format is asked for and ``out`` has a suffix that fits it
    (``report.pdf``; ``.zip`` for csv/png/svg). Otherwise ``out`` is a directory (created if needed),
    and the files are named after the scenario: ``<name>.html``, ``<name>.pdf``, ``<name>.xlsx``,
    ``<name>.md``, ``<name>-<frame>.csv`` for each frame, ``<name>-<chart>.png``/``.svg`` for each chart.
    """
    check_lang(lang)
    fmts = parse_formats(formats)
    out = Path(out)
    single_file = len(fmts) == 1 and out.suffix != "" and not out.is_dir()
    if single_file:
        fmt = fmts[0]
        if out.suffix.lower() not in _FILE_SUFFIXES[fmt]:
            raise ReportError(f"--out {out}: a {fmt} report is written as {' or '.join(_FILE_SUFFIXES[fmt])}; "
                              "give such a file name, or a directory")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(render(plan, fmt, lang=lang, generated_at=generated_at, paper=paper))
        return [out]
    if out.exists() and not out.is_dir():
        raise ReportError(f"--out {out}: several formats need a directory, and this is a file")
    out.mkdir(parents=True, exist_ok=True)
    stem = _stem(plan)
    written: list[Path] = []
    images = [f for f in fmts if f in IMAGE_FORMATS]
    with kaleido_server() if len(images) > 1 else nullcontext():  # one browser for png and svg
        for fmt in fmts:
            written += _write_one(plan, fmt, out, stem, lang, generated_at, paper)
    return written


def _write_one(plan: Plan, fmt: str, out: Path, stem: str, lang: str, generated_at: datetime | str | None,
               paper: str) -> list[Path]:
    """Write one format into the directory ``out``; return the paths."""
    if fmt == "csv":
        files = {f"{stem}-{name}.csv": frame_to_csv(df) for name, df in plan_frames(plan).items()}
    elif fmt in IMAGE_FORMATS:
        files = {f"{stem}-{name}.{fmt}": data for name, data in chart_images(plan, fmt, lang=lang).items()}
    else:
        files = {f"{stem}{SUFFIXES[fmt]}": render(plan, fmt, lang=lang, generated_at=generated_at, paper=paper)}
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


__all__ = [
    "FORMATS", "FRAMES", "IMAGE_FORMATS", "LANGS", "MIME_TYPES", "PAPERS", "SUFFIXES",
    "ChromiumNotFoundError", "ExportToolError", "ImageExportError", "PdfRenderError", "ReportError",
    "chart_images", "find_chromium", "frame_csv", "frame_to_csv", "parse_formats", "render", "render_csv_zip",
    "render_html", "render_markdown", "render_pdf", "render_xlsx", "write_reports",
]
