"""The shared block writers (planner.report.blocks) that the drills, explore, compare, verdict,
environments, pricing and load-band sections use: what each format promises about user text
(service names end up in sentences and cells), checked on hand-written blocks."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import xlsxwriter

from planner.report.blocks import (html_blocks, html_table, markdown_lines, md_frame, md_table, per_plan,
                                   xlsx_blocks)
from planner.report.xlsx import _Book, _print_setup, _write

HOSTILE = "a|b\nc *d*"  # a table separator, a newline and emphasis, as a user may type into a service name


def test_markdown_cell_with_pipe_and_newline_stays_one_cell_on_one_line():
    """md_escape: whitespace folded to one space, ``|`` and ``*`` backslash-escaped (by hand below)."""
    lines = markdown_lines([("table", (["Service", "Cost"], [[HOSTILE, "1"]], ["l", "r"]))])
    assert lines == ["| Service | Cost |", "|:---|---:|", "| a\\|b c \\*d\\* | 1 |", ""]
    row = lines[2]
    assert row.replace("\\|", "").count("|") == 3  # two cells: three unescaped separators


def test_markdown_sentences_headings_and_no_figures():
    lines = markdown_lines([("h2", "Drills"), ("p", "=1+2 <b>x</b>"), ("figure", ("heat", object()))])
    # a sentence starting with = would underline the heading above it (setext): escaped; HTML escaped
    assert lines == ["## Drills", "", "\\=1+2 &lt;b&gt;x&lt;/b&gt;", ""]


def test_md_table_alignment_row():
    assert md_table(["a", "b", "c"], [], ["l", "r", "r"]) == ["| a | b | c |", "|:---|---:|---:|"]


def test_md_frame_formats_by_column_unit_and_labels_headers():
    df = pd.DataFrame({"service": ["A|B"], "shortfall_frac": [0.25]})
    head, sep, row = md_frame(df, "en", ["l", "r"])
    assert sep == "|:---|---:|"
    assert row == "| A\\|B | 25.0% |"  # the fraction column shown in percent, the user's name escaped
    assert head.startswith("| Service")


def test_html_table_escapes_text_and_marks_number_columns():
    html = html_table((["<Name>", "Cost"], [['x" onload="y', "1"]], ["l", "r"]), "t1")
    assert html == ('<table class="compact" id="t1"><thead><tr><th scope="col">&lt;Name&gt;</th>'
                    '<th scope="col" class="num">Cost</th></tr></thead><tbody><tr><td>x&quot; onload=&quot;y</td>'
                    '<td class="num">1</td></tr></tbody></table>')
    assert ' id="' not in html_table(([], [], []))


def test_html_blocks_section_and_figure_embedder_gets_the_mode():
    seen = []

    def embed(name, fig, mode):
        seen.append((name, fig, mode))
        return f"<figure>{name}</figure>"

    out = html_blocks([("h2", "A & B"), ("p", "<script>"), ("figure", ("heat", 1))], embed, "print", "drills")
    assert out == '<section id="drills">\n<h2>A &amp; B</h2>\n<p>&lt;script&gt;</p>\n<figure>heat</figure>\n</section>'
    assert seen == [("heat", 1, "print")]


def test_xlsx_sentence_starting_with_equals_is_text_not_a_formula():
    """neutralize: text starting with = + - @ gets a leading apostrophe and stays a string cell."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False})
    ws = wb.add_worksheet("S")
    blocks = [("h2", "+Heading"), ("p", "=HYPERLINK(\"http://x\",\"y\")"),
              ("table", (["@who", "Cost"], [["-1", "12.5"], ["=A1", "3"]], ["l", "r"]))]
    xlsx_blocks(ws, _Book(wb), blocks, _write, _print_setup)
    wb.close()
    sheet = openpyxl.load_workbook(io.BytesIO(buf.getvalue()))["S"]
    cells = {(c.row, c.column): c for row in sheet.iter_rows() for c in row if c.value is not None}
    assert all(c.data_type == "s" for c in cells.values())  # no formula, no number: text as shown
    got = {k: c.value for k, c in cells.items()}
    # rows: heading 1, sentence 2, table header 3, rows 4-5 (blocks stack one under another)
    assert got == {(1, 1): "'+Heading", (2, 1): "'=HYPERLINK(\"http://x\",\"y\")", (3, 1): "'@who", (3, 2): "Cost",
                   (4, 1): "'-1", (4, 2): "12.5", (5, 1): "'=A1", (5, 2): "3"}


class _Plan:  # any object a weak reference can point at
    pass


def test_per_plan_computes_once_per_live_plan():
    calls = []

    @per_plan
    def figure(plan):
        calls.append(plan)
        return len(calls)

    a, b = _Plan(), _Plan()
    assert (figure(a), figure(a), figure(b), figure(a), figure(b)) == (1, 1, 2, 1, 2)
    assert calls == [a, b]


def test_per_plan_never_hands_one_plan_another_plans_value(monkeypatch):
    """A dead plan's address may be reused by a new plan: forced here by making every id equal."""
    from planner.report import blocks

    monkeypatch.setattr(blocks, "id", lambda obj: 7, raising=False)

    @per_plan
    def figure(plan):
        return plan

    a, b = _Plan(), _Plan()
    assert figure(a) is a and figure(b) is b and figure(a) is a
