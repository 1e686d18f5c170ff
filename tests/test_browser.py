"""Real-browser test: ``streamlit run app.py`` on a free port, driven by Debian's Chromium via Playwright.

It waits for the headline and the charts, edits one cell of the load table (the grid is a canvas, so the
cell is reached by coordinates), and checks that the headline figures move to values computed by hand.
Screenshots go to ``tests/artifacts/`` (git-ignored). Skipped only when /usr/bin/chromium is absent (and
not even then under ``PLANNER_REQUIRE_BROWSER=1``, as in ``.ci/run``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TABLE_HEADER_PX = 35  # glide-data-grid header and row height in st.data_editor
ROW_PX = 35

if not CHROMIUM.exists():
    if os.environ.get("PLANNER_REQUIRE_BROWSER") == "1":  # set by .ci/run: there the test must run
        pytest.fail("PLANNER_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing", pytrace=False)
    pytest.skip("needs /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = _free_port()
    env = {**os.environ, "PLANNER_LIBRARY_DIR": str(tmp_path_factory.mktemp("library"))}
    log = open(tmp_path_factory.mktemp("log") / "streamlit.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true",
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log.name}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def metric_value(page, label: str) -> str:
    name = page.locator('[data-testid="stMetricLabel"]', has_text=re.compile(f"^{re.escape(label)}$"))
    return page.locator('[data-testid="stMetric"]', has=name).locator('[data-testid="stMetricValue"]') \
        .inner_text().strip()


def wait_metric(page, label: str, expected: str, timeout_s: float = 30) -> None:
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if metric_value(page, label) == expected:
            return
        time.sleep(0.2)
    raise AssertionError(f"{label}: {metric_value(page, label)!r}, expected {expected!r}")


def test_edit_a_cell_in_the_browser_moves_the_headline(app_url, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1500, "height": 2200})
    page.goto(app_url)
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4", timeout=60_000)
    # default scenario, by hand: 12 m5.xlarge servers x 0.192 USD/h x 730 h = 1,681.92 USD per month, plus
    # a load balancer per service (3 x 0.0225 x 730 = 49.275) and a 20 GiB disk each (12 x 20 x 0.08 = 19.2)
    wait_metric(page, "As-Is servers", "12")
    assert metric_value(page, "As-Is cost [per month]") == "$1,750"
    page.screenshot(path=str(ARTIFACTS / "browser_default.png"))

    page.get_by_role("tab", name="Load").click()
    grid = page.locator('[data-testid="stDataFrame"]:visible').first  # the Load tab's table
    grid.wait_for(state="visible", timeout=30_000)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    index_px = 60  # the "hour" index column; A, B and C share the rest
    col_px = (box["width"] - index_px) / 3
    x = box["x"] + index_px + col_px * 0.5  # column A
    y = box["y"] + TABLE_HEADER_PX + ROW_PX * 11 + ROW_PX / 2  # hour 11 (A's peak, 620 req/s)
    page.mouse.dblclick(x, y)
    page.wait_for_timeout(300)
    page.keyboard.press("Control+a")
    page.keyboard.type("1500")
    page.wait_for_timeout(300)  # the grid commits an edit reliably only after a short pause
    page.keyboard.press("Enter")
    # by hand: A at 1500 req/s needs ceil(1500 / 268) + 1 = 7 servers; B and C keep 4 each
    wait_metric(page, "As-Is servers", "15")
    # 15 x 0.192 x 730 = 2,102.4, + 49.275 (load balancers) + 15 x 20 x 0.08 = 24 (disks)
    assert metric_value(page, "As-Is cost [per month]") == "$2,176"
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "browser_after_edit.png"))
    # the edit is in the address: a reload restores it
    assert "s=" in page.url
    page.reload()
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    wait_metric(page, "As-Is servers", "15")
    page.close()


CUT_JS = """els => els.map(e => {
  const p = e.querySelector('p') || e;
  return {text: p.innerText, cut: p.scrollWidth > p.clientWidth + 1 || e.scrollWidth > e.clientWidth + 1};
})"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_headline_is_not_cut_at_1440_px_with_krw(app_url, browser, lang):
    """At 1440 px with KRW on, every headline label and value fits its column (Streamlit ends a text
    that does not fit with an ellipsis: its scroll width exceeds its box). The uploaders' own texts are
    in the page's language."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1440, "height": 1000})
    page.goto(f"{app_url}/?lang={lang}")
    page.wait_for_selector('[data-testid="stMetricValue"]', timeout=60_000)
    page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').first.click()
    page.wait_for_selector('[data-testid="stMetricDelta"]', timeout=30_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"headline_krw_{lang}.png"))
    for part in ("stMetricLabel", "stMetricValue", "stMetricDelta"):
        shown = page.locator(f'[data-testid="{part}"]').evaluate_all(CUT_JS)
        assert shown and [s["text"] for s in shown if s["cut"]] == [], part
    deltas = page.locator('[data-testid="stMetricDelta"]').all_inner_texts()
    assert any(("만 원" if lang == "ko" else "₩") in d for d in deltas)
    if lang == "ko":
        page.get_by_role("tab", name="부하").click()
        page.get_by_text("부하 파일 업로드 (CSV 또는 Excel)").first.click()
        button = page.locator('.st-key-load_file [data-testid="stFileUploaderDropzone"] button p').first
        button.wait_for(state="attached", timeout=30_000)
        drawn = button.evaluate("e => getComputedStyle(e, '::after').content")
        assert drawn == '"파일 선택"'
        limit = page.locator('.st-key-load_file [data-testid="stFileUploaderDropzoneInstructions"] span').first
        assert limit.evaluate("e => getComputedStyle(e, '::after').content") == \
            '"파일당 최대 10 MB • CSV, TXT, XLSX, XLSM"'
    page.close()
