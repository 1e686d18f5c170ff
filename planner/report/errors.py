"""Errors of the report writers.

:class:`ReportError` is a bad request (a ``ValueError``: unknown format, output path that does not
fit); :class:`ExportToolError` means a tool on the machine (Chromium, kaleido) is missing or failed.
Both carry a message a user can act on."""

from __future__ import annotations


class ReportError(ValueError):
    """A report request that cannot be met (unknown format, bad output path)."""


class ExportToolError(RuntimeError):
    """The browser that draws PDFs and PNG/SVG charts is missing or failed."""


class ChromiumNotFoundError(ExportToolError):
    """No Chromium to print the PDF with."""


class PdfRenderError(ExportToolError):
    """Chromium ran but produced no PDF."""


class ImageExportError(ExportToolError):
    """kaleido could not draw a chart (usually: no Chromium)."""
