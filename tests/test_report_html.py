"""The HTML report, parsed: summary figures equal the engine's, charts and scenario present, nothing
loaded from the network, the embedded scenario reproduces the plan."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pandas as pd
import pytest

import planner
from planner.charts import all_figures
from planner.report import render
from planner.report.html_report import content_security_policy, css_string, render_html
from planner.report.summary import decision_sentences
from planner.scenario import ScenarioError, validate_scenario
from planner.scenario_io import (SCRIPT_ID, default_scenario, embed_scenario_in_html, extract_scenario_from_html,
                                 load_scenario, scenario_script)
from report_support import ParsedHTML

# Attributes through which a page loads or links a resource.
URL_ATTRS = ("src", "href", "srcset", "action", "formaction", "data", "poster", "background", "xlink:href",
             "manifest", "cite", "ping")


@pytest.fixture(scope="module")
def plan():
    return planner.plan(default_scenario())


@pytest.fixture(scope="module")
def html_text(plan):
    return render(plan, "html").decode("utf-8")


@pytest.fixture(scope="module")
def page(html_text):
    return ParsedHTML(html_text)


def test_every_summary_figure_equals_the_engine(plan, page):
    fields = page.by_field()
    summary = plan.summary.to_dict()
    del summary["warnings"]
    assert set(summary) <= set(fields), f"missing: {set(summary) - set(fields)}"
    for field, values in fields.items():
        for v in values:
            assert json.loads(v) == summary[field], field


def test_executive_summary_states_the_decision(plan, page):
    cost, risk = decision_sentences(plan.summary)
    assert cost in page.text and risk in page.text
    s = plan.summary
    assert f"${s.tobe_usd_per_month:,.0f}" in cost and f"${s.asis_usd_per_month:,.0f}" in cost
    assert f"${s.savings_usd_per_month:,.0f}" in cost


def test_sections_are_all_there(page):
    ids = {a.get("id") for _, a in page.tags}
    assert {"summary", "decision", "warnings", "charts", "services", "all-figures", "assumptions", "reproduce"} <= ids


def test_charts_are_the_app_charts_with_their_data(plan, page):
    from planner.charts_pricing import pricing_figures

    from planner.charts_verdict import fig_waterfall
    from planner.report.verdict import verdict_of

    # the verdict's waterfall (first page), the charts section, then the purchase options
    figs = {"waterfall": fig_waterfall(verdict_of(plan)), **all_figures(plan), **pricing_figures(plan)}
    blobs = [(a, body) for a, body in page.scripts if "plotly-figure" in (a.get("class") or "")]
    drills = [b for b in blobs if b[0]["data-target"] == "chart-drills_heatmap"]  # the Failure drills section's own
    assert len(drills) == 1
    blobs = [b for b in blobs if b not in drills]
    assert len(blobs) == len(figs)
    targets = {a.get("id") for _, a in page.tags}
    for (attrs, body), (name, fig) in zip(blobs, figs.items()):
        assert attrs["data-target"] == f"chart-{name}" and attrs["data-target"] in targets
        data = json.loads(body)
        assert [tr.get("name") for tr in data["data"]] == [tr.name for tr in fig.data]
        assert data["layout"]["title"]["text"] == fig.layout.title.text
    # plotly.js itself is inline (the page works offline): one classic script defines Plotly
    assert any("Plotly" in body and len(body) > 1_000_000 and "src" not in a for a, body in page.scripts)


def test_nothing_is_loaded_from_outside(html_text, page):
    for tag, attrs in page.tags:
        assert tag not in ("link", "iframe", "frame", "object", "embed", "img", "base", "audio", "video", "source")
        assert attrs.get("http-equiv") in (None, "Content-Security-Policy")  # no refresh/redirect
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)  # no inline event handlers
        for name in URL_ATTRS:
            value = attrs.get(name)
            if value is not None:
                assert not re.match(r"\s*([a-z][a-z0-9+.-]*:|//)", value, re.I) or value.startswith("#"), (tag, value)
    for css in page.styles:
        assert "url(" not in css and "@import" not in css
    assert not re.search(r"<(script|img|link|iframe)[^>]+(src|href)\s*=\s*[\"']?\s*(https?:)?//", html_text, re.I)
    # and the browser is told to refuse any load anyway
    csp = content_security_policy()
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline" not in csp.split(";")[1]
    assert any(a.get("http-equiv") == "Content-Security-Policy" and a.get("content") == csp for _, a in page.tags)


def test_assumptions_show_prices_with_their_date(plan, page):
    assert "$0.192" in page.text and "as of 2026" in page.text
    for field in plan.assumptions["field"]:
        assert str(field) in page.text


def test_service_breakdown_and_warnings(plan, page):
    for name in plan.services["service"]:
        assert name in page.text
    for w in plan.warnings:
        assert w in page.text


def test_embedded_scenario_round_trips_to_an_identical_plan(plan, html_text, tmp_path):
    data = extract_scenario_from_html(html_text)
    again = validate_scenario(data)
    assert again == plan.scenario
    p2 = planner.plan(again)
    assert p2.summary == plan.summary
    for frame in ("hourly", "cluster_hourly", "services", "assumptions"):
        pd.testing.assert_frame_equal(getattr(p2, frame), getattr(plan, frame))
    path = tmp_path / "report.html"
    path.write_text(html_text, encoding="utf-8")
    assert load_scenario(path) == plan.scenario  # what `planner plan report.html` and the app upload do


def test_same_plan_same_bytes_and_timestamp_only_where_printed(plan, html_text):
    assert render(plan, "html").decode("utf-8") == html_text
    stamped = render(plan, "html", generated_at=datetime(2026, 1, 2, 3, 4, 5)).decode("utf-8")
    assert "2026-01-02T03:04:05" in stamped and "2026-01-02T03:04:05" not in html_text
    assert stamped.replace("2026-01-02T03:04:05", "") != html_text  # the label text around it differs too
    assert len(stamped) - len(html_text) < 200


def test_korean_report(plan):
    page = ParsedHTML(render(plan, "html", lang="ko").decode("utf-8"))
    assert ("html", {"lang": "ko"}) in page.tags
    assert "요약" in page.text and "가정" in page.text and "시나리오에 적힌 설명" in page.text
    assert decision_sentences(plan.summary, "ko")[0] in page.text
    assert json.loads(page.by_field()["tobe_usd_per_month"][0]) == plan.summary.tobe_usd_per_month


def test_print_variant_has_fixed_size_static_charts(plan):
    text = render_html(plan, mode="print", paper="Letter")
    page = ParsedHTML(text)
    assert ("body", {"data-mode": "print"}) in page.tags
    assert "size: Letter" in page.styles[0]
    fig = json.loads(next(b for a, b in page.scripts if "plotly-figure" in (a.get("class") or "")))
    assert fig["layout"]["width"] == 680
    with pytest.raises(ValueError, match="paper"):
        render_html(plan, paper="A3")


# --- embed ------------------------------------------------------------------------------------
def test_extract_without_embedded_scenario_is_a_clear_error():
    with pytest.raises(ScenarioError, match="no embedded scenario"):
        extract_scenario_from_html("<html><body><p>hello</p></body></html>")


@pytest.mark.parametrize(("body", "message"), [
    pytest.param("{not json", "not valid JSON", id="broken_json"),
    pytest.param("[1, 2]", "must be a JSON object", id="not_an_object"),
])
def test_extract_rejects_bad_payloads(body, message):
    page = f'<html><body><script type="application/json" id="{SCRIPT_ID}">{body}</script></body></html>'
    with pytest.raises(ScenarioError, match=message):
        extract_scenario_from_html(page)


def test_embed_inserts_once_and_replaces():
    s = default_scenario()
    page = embed_scenario_in_html("<html><body><p>x</p></body></html>", s)
    assert page.count(f'id="{SCRIPT_ID}"') == 1 and page.index(SCRIPT_ID) < page.index("</body>")
    other = s.model_copy(update={"name": "other"})
    page2 = embed_scenario_in_html(page, other)
    assert page2.count(f'id="{SCRIPT_ID}"') == 1
    assert validate_scenario(extract_scenario_from_html(page2)).name == "other"


def test_embedded_json_cannot_close_its_script():
    data = {"name": "</script><script>alert(1)</script> & \u2028"}
    tag = scenario_script(data)
    inner = tag.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inner and ">" not in inner and "&" not in inner and "\u2028" not in inner
    assert extract_scenario_from_html(f"<html><body>{tag}</body></html>") == data


def test_css_string_escapes_everything_but_letters():
    assert css_string('a"b</style>') == '"a\\22 b\\3c \\2f style\\3e "'


@pytest.mark.slow  # ~13 s: the report's failure drills of ten services; CI's slow pass runs it
def test_many_services_split_the_breakdown_over_narrow_tables():
    import copy

    from planner.report.html_report import SERVICE_COLUMNS_PER_TABLE, TRANSPOSE_SERVICES_MAX
    from planner.scenario_io import scenario_to_dict

    data = scenario_to_dict(default_scenario())
    data["services"] = [dict(copy.deepcopy(data["services"][i % 3]), name=f"svc-{i}")
                        for i in range(TRANSPOSE_SERVICES_MAX + 2)]
    p = planner.plan(validate_scenario(data))
    page = ParsedHTML(render(p, "html").decode("utf-8"))
    tables = [a for tag, a in page.tags if tag == "table" and "services" in (a.get("class") or "")]
    n_cols = len(p.services.columns) - 1
    assert len(tables) == -(-n_cols // SERVICE_COLUMNS_PER_TABLE)
    for i in range(TRANSPOSE_SERVICES_MAX + 2):
        assert f"svc-{i}" in page.text
