"""PDF: the print variant of the HTML report, printed by the system's headless Chromium.

Only a browser already on the machine is used (Debian: ``apt-get install chromium``); nothing is
downloaded at run time, and the page loads no network resource (the HTML is self-contained). The
charts stay vector (plotly's SVG). Chromium stamps the wall-clock time into the file; it is replaced
(by ``generated_at`` if given, else a fixed date) so the same plan gives the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from planner.report.errors import ChromiumNotFoundError, PdfRenderError
from planner.result import Plan

#: Where Debian installs Chromium; ``PLANNER_CHROMIUM`` may name another Chrome/Chromium binary.
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "PLANNER_CHROMIUM"

#: Time stamped into a PDF when no ``generated_at`` is given (fixed so the bytes repeat).
FIXED_PDF_TIME = datetime(2000, 1, 1, tzinfo=timezone.utc)

# Headless, offline, no profile state: the flags verified on Debian 12 with Chromium 156.
_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--disable-extensions", "--disable-default-apps", "--mute-audio", "--no-pdf-header-footer",
          "--run-all-compositor-stages-before-draw", "--virtual-time-budget=20000",
          "--host-resolver-rules=MAP * ~NOTFOUND")  # offline: no host name resolves


def find_chromium() -> str:
    """Path of the Chromium binary: ``$PLANNER_CHROMIUM``, else ``/usr/bin/chromium``, else on PATH.

    Raises :class:`ChromiumNotFoundError` with the install command when there is none."""
    env = os.environ.get(CHROMIUM_ENV)
    if env:
        if Path(env).is_file() and os.access(env, os.X_OK):
            return env
        raise ChromiumNotFoundError(f"{CHROMIUM_ENV}={env!r} is not an executable file")
    if Path(DEFAULT_CHROMIUM).is_file():
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumNotFoundError(
        f"PDF export needs Chromium, and {DEFAULT_CHROMIUM} was not found. Install it with "
        "`apt-get install chromium` (Debian/Ubuntu), or set PLANNER_CHROMIUM to a Chrome or Chromium binary. "
        "planner never downloads a browser; the other formats (html, xlsx, csv, md) need none.")


def html_to_pdf(html_text: str, *, chromium: str | None = None, timeout_s: float = 120.0) -> bytes:
    """Print an HTML page to PDF bytes with headless Chromium (page size from the page's CSS ``@page``)."""
    binary = chromium or find_chromium()
    with tempfile.TemporaryDirectory(prefix="planner-pdf-") as tmp:
        page = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        page.write_text(html_text, encoding="utf-8")
        cmd = [binary, *_FLAGS, f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", page.as_uri()]
        try:
            proc = subprocess.run(cmd, capture_output=True, timeout=timeout_s, check=False,
                                  env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise PdfRenderError(f"Chromium did not finish printing within {timeout_s:.0f} s") from None
        if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
            tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-5:]
            raise PdfRenderError(f"Chromium exited with {proc.returncode} and wrote no PDF: " + " | ".join(tail))
        return out.read_bytes()


def _pdf_date(when: datetime) -> str:
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    off = when.utcoffset()
    minutes = int(off.total_seconds() // 60) if off else 0
    sign = "+" if minutes >= 0 else "-"
    return f"D:{when:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


_DATE_ENTRY = re.compile(rb"/(CreationDate|ModDate) \((D:[0-9]{14}[^)]{0,12})\)")


def normalize_pdf(pdf: bytes, *, generated_at: datetime | None = None) -> bytes:
    """Replace the creation and modification times Chromium stamps (the wall clock) with
    ``generated_at`` or :data:`FIXED_PDF_TIME`, so equal reports are equal bytes.

    The replacement has the same length, so the cross-reference offsets stay valid."""
    stamp = _pdf_date(generated_at or FIXED_PDF_TIME).encode("ascii")

    def swap(m: re.Match[bytes]) -> bytes:
        old = m.group(2)
        new = stamp if len(stamp) == len(old) else stamp[: len(old)].ljust(len(old), b"0")
        return b"/" + m.group(1) + b" (" + new + b")"

    return _DATE_ENTRY.sub(swap, pdf)


def render_pdf(plan: Plan, *, lang: str = "en", generated_at: datetime | str | None = None, paper: str = "A4",
               figures=None) -> bytes:
    """The PDF report of ``plan`` (A4 or Letter)."""
    from planner.report.html_report import render_html

    chromium = find_chromium()  # fail before building the page when there is no browser
    html_text = render_html(plan, lang=lang, generated_at=generated_at, figures=figures, mode="print", paper=paper)
    when = generated_at if isinstance(generated_at, datetime) else None
    return normalize_pdf(html_to_pdf(html_text, chromium=chromium), generated_at=when)
