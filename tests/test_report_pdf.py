"""PDF (Chromium print of the HTML report) and PNG/SVG charts (kaleido with the system Chromium).

Marked ``browser``: they run only where /usr/bin/chromium exists (``apt-get install chromium``)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

import planner
from planner.charts import FIGURE_KEYS
from planner.report import chart_images, render
from planner.report.pdf import normalize_pdf
from planner.scenario_io import default_scenario
from report_support import needs_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow, needs_chromium]  # a real Chromium: CI runs the slow set

A4_PT = (595.0, 842.0)
LETTER_PT = (612.0, 792.0)


@pytest.fixture(scope="module")
def plan():
    return planner.plan(default_scenario())


@pytest.fixture(scope="module")
def pdf_a4(plan):
    return render(plan, "pdf")


def _text(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_pdf_pages_and_headline_figures(plan, pdf_a4):
    reader = PdfReader(io.BytesIO(pdf_a4))
    assert 4 <= len(reader.pages) <= 18  # the verdict, purchase options and failure drills sections included
    w, h = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (w, h) == pytest.approx(A4_PT, abs=1.5)
    text = _text(pdf_a4)
    s = plan.summary
    for figure in (f"${s.asis_usd_per_month:,.2f}", f"${s.tobe_usd_per_month:,.2f}",
                   f"${s.savings_usd_per_month:,.2f}", f"${s.tobe_usd_per_month:,.0f} per month"):
        assert figure in text, figure
    assert plan.scenario.name in text
    assert re.search(r"\b1 / \d+\b", text), "page numbers in the footer"


def test_pdf_charts_were_drawn_offline(pdf_a4):
    # plotly ran in the page with no host resolvable: its axis and chart titles are text in the PDF
    text = _text(pdf_a4)
    assert "As-Is servers vs To-Be nodes" in text and "Hour of the plan" in text


def test_letter_paper(plan):
    reader = PdfReader(io.BytesIO(render(plan, "pdf", paper="Letter")))
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(LETTER_PT, abs=1.5)


def test_pdf_same_plan_same_bytes(plan, pdf_a4):
    assert render(plan, "pdf") == pdf_a4
    info = PdfReader(io.BytesIO(pdf_a4)).metadata
    assert info["/CreationDate"].startswith("D:20000101000000")
    stamped = render(plan, "pdf", generated_at=datetime(2026, 1, 2, 3, 4, 5))
    assert PdfReader(io.BytesIO(stamped)).metadata["/CreationDate"].startswith("D:20260102030405")
    assert "2026-01-02T03:04:05" in _text(stamped)


def test_normalize_pdf_keeps_length():
    raw = b"%PDF-1.4\n1 0 obj <</CreationDate (D:20261128164552+00'00') /ModDate (D:20261128164552+00'00')>>"
    out = normalize_pdf(raw)
    assert len(out) == len(raw) and b"D:20000101000000+00'00'" in out


def test_chart_images_png_and_svg(plan):
    pngs = chart_images(plan, "png")
    assert list(pngs) == list(FIGURE_KEYS)
    for data in pngs.values():
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        width = int.from_bytes(data[16:20], "big")
        assert width == 2000  # 1000 px at scale 2
    svgs = chart_images(plan, "svg")
    for name, data in svgs.items():
        root = ElementTree.fromstring(data)
        assert root.tag.endswith("svg")
        assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert chart_images(plan, "svg") == svgs  # no random ids left


def test_image_zip(plan):
    with zipfile.ZipFile(io.BytesIO(render(plan, "svg"))) as zf:
        assert zf.namelist() == [f"{k}.svg" for k in FIGURE_KEYS]


def _services(n: int):
    """The default scenario with ``n`` services (copies of A, B, C in turn, named S0, S1, ...)."""
    import copy

    from planner.scenario import validate_scenario
    from planner.scenario_io import scenario_to_dict

    d = scenario_to_dict(default_scenario())
    d["services"] = [dict(copy.deepcopy(d["services"][i % 3]), name=f"S{i}") for i in range(n)]
    return validate_scenario(d)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_last_page_is_never_the_footer_alone(lang):
    """With 4 services on A4 the content used to end just at a page end, and the footer line
    ("Made with planner ...") was pushed alone onto a last page. The footer is now part of the last
    section, which is never split: the last page holds the reproduce section too."""
    from planner.i18n import t

    pdf = PdfReader(io.BytesIO(render(planner.plan(_services(4)), "pdf", lang=lang)))
    last = "".join((pdf.pages[-1].extract_text() or "").split())  # pypdf spaces Hangul out
    assert "".join(t("report.made_by", lang).split()) in last
    assert "".join(t("report.reproduce", lang).split()) in last
