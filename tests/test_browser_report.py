"""The HTML report in a real browser (Debian's Chromium via Playwright): its two inline scripts run
under a CSP that allows only their hashes (no 'unsafe-inline'), an injected script does not run,
and a service named like an HTML link is drawn as text in the legend, never as a link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import planner
from builders import scenario_dict
from planner.report.html_report import render_html
from planner.scenario import validate_scenario

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a real Chromium: minutes; CI runs the slow set
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '<a href="https://example.invalid/x">click</a> <b>%{y}</b>'

if not CHROMIUM.exists():
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":
        pytest.fail("PLANNER_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing", pytrace=False)
    pytest.skip("needs /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def page_of(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    d = scenario_dict(name="hostile names")
    d["services"] = [dict(d["services"][0], name="plain"), dict(d["services"][0], name=HOSTILE[:64])]
    html_text = render_html(planner.plan(validate_scenario(d)))
    injected = html_text.replace("</body>", "<script>document.title = 'INJECTED';</script></body>")
    folder = tmp_path_factory.mktemp("report")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox", "--disable-gpu"])

        def load(text: str):
            path = folder / f"r{abs(hash(text))}.html"
            path.write_text(text, encoding="utf-8")
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(path.as_uri())
            page.wait_for_selector(".js-plotly-plot .legend", timeout=30_000)
            return page, errors

        yield load, html_text, injected
        browser.close()


def test_charts_draw_under_the_hashed_csp_and_injected_script_is_blocked(page_of):
    load, html_text, injected = page_of
    page, errors = load(html_text)
    assert page.locator(".js-plotly-plot").count() == 8  # the verdict's waterfall, 5 plan charts, the stacked hourly cost, the drills heat map
    assert not [e for e in errors if "Content Security Policy" in e], errors
    page2, errors2 = load(injected)
    assert page2.title() != "INJECTED"
    assert any("Content Security Policy" in e for e in errors2), errors2


def test_a_service_named_like_a_link_is_legend_text_not_a_link(page_of):
    load, html_text, _ = page_of
    page, _ = load(html_text)
    legend_texts = page.locator(".legend text.legendtext").all_text_contents()
    assert HOSTILE[:64] in legend_texts, legend_texts
    # unescaped, plotly turns <a href> in a name into an SVG <a xlink:href> (a live link) in each legend
    assert page.evaluate("() => document.querySelectorAll('svg a').length") == 0
