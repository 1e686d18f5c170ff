"""The scenario travels inside the HTML report, so the report alone reproduces its plan.

It sits in ``<script type="application/json" id="planner-scenario">`` as the JSON of
:func:`planner.scenario.scenario_to_dict`, with ``<``, ``>`` and ``&`` written as ``\\u003c``-style
escapes so no user text can end the script element. ``planner plan report.html`` and the app's upload
read it back with :func:`extract_scenario_from_html`.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

from planner.scenario import Scenario, ScenarioError, scenario_to_dict

SCRIPT_ID = "planner-scenario"
SCRIPT_TYPE = "application/json"


def _script_safe_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def scenario_script(scenario: Scenario | dict[str, Any]) -> str:
    """The ``<script type="application/json" id="planner-scenario">`` element holding ``scenario``."""
    data = scenario_to_dict(scenario) if isinstance(scenario, Scenario) else scenario
    return f'<script type="{SCRIPT_TYPE}" id="{SCRIPT_ID}">\n{_script_safe_json(data)}\n</script>'


_EXISTING = re.compile(r'<script type="application/json" id="planner-scenario">.*?</script>', re.S)


def embed_scenario_in_html(html_text: str, scenario: Scenario | dict[str, Any]) -> str:
    """Return ``html_text`` with ``scenario`` embedded (replacing an embedded one, else before ``</body>``)."""
    tag = scenario_script(scenario)
    if _EXISTING.search(html_text):
        return _EXISTING.sub(lambda _: tag, html_text, count=1)
    idx = html_text.lower().rfind("</body>")
    if idx < 0:
        return html_text + "\n" + tag + "\n"
    return html_text[:idx] + tag + "\n" + html_text[idx:]


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.found = False
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not self.found and dict(attrs).get("id") == SCRIPT_ID:
            self.inside = self.found = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.parts.append(data)


def extract_scenario_from_html(text: str) -> dict[str, Any]:
    """The scenario mapping embedded in an HTML report (validate it with ``validate_scenario``).

    Raises :class:`~planner.scenario.ScenarioError` when the page holds no embedded scenario or it is
    not a JSON object."""
    finder = _Finder()
    finder.feed(text)
    finder.close()
    if not finder.found:
        raise ScenarioError([("", f'no embedded scenario in this HTML file: expected <script type="{SCRIPT_TYPE}" '
                                  f'id="{SCRIPT_ID}">, which reports made by `planner report` contain; '
                                  "give the scenario .yaml/.json instead")])
    try:
        data = json.loads("".join(finder.parts))
    except json.JSONDecodeError as exc:
        raise ScenarioError([("", f"the embedded scenario is not valid JSON (line {exc.lineno}: {exc.msg})")]) from None
    if not isinstance(data, dict):
        raise ScenarioError([("", f"the embedded scenario must be a JSON object; got {type(data).__name__}")])
    return data
