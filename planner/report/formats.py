"""The report formats: one registry of name, file suffix, MIME type, writer and whether the system
browser is needed. :func:`planner.report.render`, :func:`planner.report.write_reports`, the CLI's
``report`` command and the app's download buttons all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from planner.report.csv_export import frame_to_csv, plan_frames, render_csv_zip, zip_bytes
from planner.report.html_report import render_html
from planner.report.images import chart_images
from planner.report.markdown import render_markdown
from planner.report.pdf import render_pdf
from planner.report.xlsx import render_xlsx
from planner.result import Plan

#: ``writer(plan, lang, generated_at, paper) -> bytes``
Writer = Callable[[Plan, str, "datetime | str | None", str], bytes]
#: ``files(plan, lang, stem) -> {file name: bytes}``: the format written into a directory as several files.
Files = Callable[[Plan, str, str], dict[str, bytes]]


@dataclass(frozen=True)
class ReportFormat:
    """One report format."""

    name: str  #: as given to ``--format`` and :func:`planner.report.render`
    suffix: str  #: end of the file name when written as one file: each bundle its own (``-csv.zip``, ``-png.zip``)
    mime: str  #: MIME type of what the writer returns (for download buttons)
    writer: Writer  #: the format as bytes
    needs_browser: bool  #: printed or drawn by the system Chromium (``planner.report.find_chromium``)
    label_key: str  #: message id of its name on buttons (planner.i18n.report)
    out_suffixes: tuple[str, ...]  #: suffixes a single-file ``--out`` may have
    files: Files | None = None  #: in a directory: several files instead of ``<stem><suffix>``
    in_app: bool = True  #: offered as a download button on the page


def _stamp(generated_at: datetime | str | None) -> datetime | None:
    return generated_at if isinstance(generated_at, datetime) else None


def _images(fmt: str) -> tuple[Writer, Files]:
    def writer(plan: Plan, lang: str, generated_at: datetime | str | None, paper: str) -> bytes:
        images = chart_images(plan, fmt, lang=lang)
        return zip_bytes({f"{name}.{fmt}": data for name, data in images.items()}, _stamp(generated_at))

    def files(plan: Plan, lang: str, stem: str) -> dict[str, bytes]:
        return {f"{stem}-{name}.{fmt}": data for name, data in chart_images(plan, fmt, lang=lang).items()}

    return writer, files


def _csv_files(plan: Plan, lang: str, stem: str) -> dict[str, bytes]:
    return {f"{stem}-{name}.csv": frame_to_csv(df) for name, df in plan_frames(plan).items()}


_XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_png, _png_files = _images("png")
_svg, _svg_files = _images("svg")

#: Every format, in the order of the CLI help and the app's buttons.
REPORT_FORMATS: dict[str, ReportFormat] = {f.name: f for f in (
    ReportFormat("html", ".html", "text/html",
                 lambda plan, lang, when, paper: render_html(plan, lang=lang, generated_at=when).encode("utf-8"),
                 False, "report.format_html", (".html", ".htm")),
    ReportFormat("pdf", ".pdf", "application/pdf",
                 lambda plan, lang, when, paper: render_pdf(plan, lang=lang, generated_at=when, paper=paper),
                 True, "report.format_pdf", (".pdf",)),
    ReportFormat("xlsx", ".xlsx", _XLSX_MIME,
                 lambda plan, lang, when, paper: render_xlsx(plan, lang=lang, generated_at=when),
                 False, "report.format_xlsx", (".xlsx",)),
    ReportFormat("csv", "-csv.zip", "application/zip",
                 lambda plan, lang, when, paper: render_csv_zip(plan, generated_at=_stamp(when)),
                 False, "report.format_csv", (".zip",), files=_csv_files),
    ReportFormat("md", ".md", "text/markdown",
                 lambda plan, lang, when, paper: render_markdown(plan, lang=lang, generated_at=when).encode("utf-8"),
                 False, "report.format_md", (".md", ".markdown")),
    ReportFormat("png", "-png.zip", "application/zip", _png, True, "report.format_png", (".zip",), files=_png_files),
    ReportFormat("svg", "-svg.zip", "application/zip", _svg, True, "report.format_svg", (".zip",), files=_svg_files,
                 in_app=False),
)}

#: Every format name :func:`planner.report.render` and :func:`planner.report.write_reports` accept.
FORMATS: tuple[str, ...] = tuple(REPORT_FORMATS)
