"""The verdict card in a real browser (issue 15): with the cluster capped at 4 nodes the To-Be
leaves 1.6 % of requests unserved, so the saving card is a warning (Streamlit's warning alert),
never a green success, and its first line is the equal-risk saving. Uses the app and browser
fixtures of tests/test_browser.py (skipped without /usr/bin/chromium, as there)."""

from __future__ import annotations

import pytest

from planner.scenario_io import default_scenario, scenario_to_dict
from planner.sweep import variant_scenario
from planner.ui.state import encode_scenario
from test_browser import ARTIFACTS, app_url, browser  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.slow]  # a real Chromium: minutes; CI runs the slow set


@pytest.mark.parametrize(("max_nodes", "kind"), [(4, "Warning"), (1000, "Success")])
def test_capped_cluster_turns_the_verdict_card_into_a_warning(app_url, browser, max_nodes, kind):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    sc = variant_scenario(default_scenario(), {"cluster.max_nodes": max_nodes})
    page = browser.new_page(viewport={"width": 1500, "height": 1600})
    page.goto(f"{app_url}/?lang=en&s={encode_scenario(scenario_to_dict(sc))}")
    card = page.locator(f'[data-testid="stAlertContent{kind}"]', has_text="At equal risk")
    card.first.wait_for(state="visible", timeout=120_000)
    text = card.first.inner_text().lstrip("✅⚠️\ufe0f \n")  # the card's icon comes first
    assert text.startswith("At equal risk, To-Be saves")
    other = "Success" if kind == "Warning" else "Warning"
    assert page.locator(f'[data-testid="stAlertContent{other}"]', has_text="At equal risk").count() == 0
    if kind == "Warning":
        assert "above the 0.1% threshold" in text
    page.screenshot(path=str(ARTIFACTS / f"verdict_card_{kind.lower()}.png"))
    page.close()
