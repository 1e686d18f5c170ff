"""Helpers shared by the report tests (tests/test_report_*.py): scenarios, golden files, HTML parsing."""

from __future__ import annotations

import copy
import os
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from planner.scenario import Scenario, validate_scenario
from planner.scenario_io import default_scenario, load_scenario, scenario_to_dict

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
#: Regenerate golden files only when asked: PLANNER_REGEN_GOLDEN=1 pytest tests/test_report_golden.py
REGEN_GOLDEN = os.environ.get("PLANNER_REGEN_GOLDEN") == "1"
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason="needs /usr/bin/chromium (apt-get install chromium)")

SCRIPT_NAME = "<script>alert(1)</script>"
FORMULA_NAME = '=HYPERLINK("http://x","y")'
HOSTILE_TITLE = 'Plan </title><script>alert(3)</script> & "quotes"'
HOSTILE_DESCRIPTION = "-2+3 <b>not bold</b> <img src=x onerror=alert(2)>\n\n@SUM(A1) [link](http://x) | pipe"


def golden_scenario() -> Scenario:
    """The frozen input of the golden files (not the live default, which may change)."""
    return load_scenario(GOLDEN_DIR / "report_scenario.yaml")


def hostile_scenario() -> Scenario:
    """The default scenario with service names, title and description an attacker might choose."""
    data = copy.deepcopy(scenario_to_dict(default_scenario()))
    data["name"] = HOSTILE_TITLE
    data["description"] = HOSTILE_DESCRIPTION
    data["services"][0]["name"] = SCRIPT_NAME
    data["services"][1]["name"] = FORMULA_NAME
    return validate_scenario(data)


def check_golden(name: str, actual: bytes) -> None:
    """Compare ``actual`` with ``tests/golden/<name>``; with PLANNER_REGEN_GOLDEN=1 rewrite it instead."""
    path = GOLDEN_DIR / name
    if REGEN_GOLDEN:
        path.write_bytes(actual)
        return
    if not path.is_file():
        pytest.fail(f"missing golden file {path}; create it with PLANNER_REGEN_GOLDEN=1 pytest {Path(__file__).parent}")
    expected = path.read_bytes()
    if actual != expected:
        a, e = actual.decode("utf-8").splitlines(), expected.decode("utf-8").splitlines()
        first = next((i for i, (x, y) in enumerate(zip(a, e)) if x != y), min(len(a), len(e)))
        pytest.fail(f"{name} differs from the golden file at line {first + 1}:\n"
                    f"  expected: {e[first] if first < len(e) else '<end>'}\n"
                    f"  actual:   {a[first] if first < len(a) else '<end>'}\n"
                    "If the change is intended: PLANNER_REGEN_GOLDEN=1 pytest tests/test_report_golden.py")


class ParsedHTML(HTMLParser):
    """Every start tag with its attributes, script bodies, and the text outside scripts and styles."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, Any]]] = []
        self.scripts: list[tuple[dict[str, Any], str]] = []
        self.styles: list[str] = []
        self.text_parts: list[str] = []
        self._in: tuple[str, dict[str, Any]] | None = None
        self._buf: list[str] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._in, self._buf = (tag, a), []

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], body))
            else:
                self.styles.append(body)
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)
        else:
            self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())

    def by_field(self) -> dict[str, list[str]]:
        """data-field -> the data-value strings of every element carrying it."""
        out: dict[str, list[str]] = {}
        for _, a in self.tags:
            if "data-field" in a:
                out.setdefault(a["data-field"], []).append(a["data-value"])
        return out
