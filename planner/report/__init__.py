"""Meeting-ready reports of a plan: HTML, PDF, Excel, CSV, Markdown, and PNG/SVG charts.

Pure builders return bytes (``render``); only :func:`write_reports` touches the file system. The
same plan gives the same bytes in every format; only an explicit ``generated_at`` changes them.

=========  ===================================================================
format     what
=========  ===================================================================
``html``   self-contained report (plotly.js inline), scenario embedded
``pdf``    the HTML report printed for A4 or Letter (needs the system Chromium)
``xlsx``   Summary sheet with native charts, hourly sheets per plan, assumptions
``csv``    zip of every frame as CSV plus ``scenario.yaml``
``md``     Markdown summary for a wiki or meeting notes
``png``    zip of one PNG per chart (``write_reports``: one file per chart; needs Chromium)
``svg``    zip of one SVG per chart (``write_reports``: one file per chart; needs Chromium)
=========  ===================================================================

Suffix, MIME type, writer and whether a browser is needed are in one registry,
:data:`REPORT_FORMATS` (:mod:`planner.report.formats`), which the CLI and the app's download
buttons read too.
"""

from __future__ import annotations

import re
from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

from planner.i18n import LANGS, check_lang
from planner.report.csv_export import FRAMES, frame_csv, frame_to_csv, render_csv_zip
from planner.report.errors import (ChromiumNotFoundError, ExportToolError, ImageExportError, PdfRenderError,
                                   ReportError)
from planner.report.formats import FORMATS, REPORT_FORMATS, ReportFormat
from planner.report.html_report import PAPERS, render_html
from planner.report.images import IMAGE_FORMATS, chart_images, kaleido_server
from planner.report.markdown import render_markdown
from planner.report.pdf import find_chromium, render_pdf
from planner.report.xlsx import render_xlsx
from planner.result import Plan


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
    return REPORT_FORMATS[fmt].writer(plan, lang, generated_at, paper)


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
        fmt = REPORT_FORMATS[fmts[0]]
        if out.suffix.lower() not in fmt.out_suffixes:
            raise ReportError(f"--out {out}: a {fmt.name} report is written as {' or '.join(fmt.out_suffixes)}; "
                              "give such a file name, or a directory")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(fmt.writer(plan, lang, generated_at, paper))
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
    f = REPORT_FORMATS[fmt]
    if f.files is not None:
        files = f.files(plan, lang, stem)
    else:
        files = {f"{stem}{f.suffix}": f.writer(plan, lang, generated_at, paper)}
    written = []
    for name, data in files.items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


__all__ = [
    "FORMATS", "FRAMES", "IMAGE_FORMATS", "LANGS", "PAPERS", "REPORT_FORMATS", "ReportFormat",
    "ChromiumNotFoundError", "ExportToolError", "ImageExportError", "PdfRenderError", "ReportError",
    "chart_images", "check_lang", "find_chromium", "frame_csv", "frame_to_csv", "parse_formats", "render", "render_csv_zip",
    "render_html", "render_markdown", "render_pdf", "render_xlsx", "write_reports",
]
