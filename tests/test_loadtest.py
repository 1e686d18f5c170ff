"""The app server under several browser-less users (Streamlit's websocket protocol, localhost):
every re-run finishes, a scenario over the app's work budget is refused at once, crafted widget
state does not raise. Figures (p50/p95, memory) come from ``python -m planner.ui.loadtest``."""

from __future__ import annotations

import asyncio
import json

import pytest

from planner.ui import loadtest

pytestmark = pytest.mark.slow


def test_concurrent_users_and_a_heavy_one_all_finish():
    report = loadtest.run([1, 5], reruns=3, heavy=True, timeout_s=240)
    for r in report["rounds"]:
        assert r["errors"] == [], r["errors"]
        assert r["reruns"] == 3 * r["users"]
        assert r["server_rss_peak_mib"] > 0  # the heavy user may finish no edit within a short round


def test_crafted_data_editor_state_with_unknown_column_is_ignored():
    """Streamlit folds the editor's widget state itself and raised KeyError for a column the table
    does not have; the page now drops such edits and keeps working."""
    async def go(url):
        async with loadtest.Session(url, loadtest.LOAD_VIEW) as s:
            await s.rerun()
            editors = [k for k in s.widgets if k.startswith("editor_day_")]
            assert editors, sorted(s.widgets)
            state = json.dumps({"edited_rows": {"0": {"NO_SUCH_SERVICE": 5}, "99": {"A": 1}},
                                "added_rows": [], "deleted_rows": []})
            await s.rerun(raw={editors[0]: ("string_value", state)})
            assert s.errors == [], s.errors
            assert any("A" in t or "B" in t for t in s.texts)

    with loadtest.AppServer() as server:
        asyncio.run(go(f"ws://127.0.0.1:{server.port}/_stcore/stream"))
