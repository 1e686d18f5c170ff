"""What the report sections share: a section as a list of blocks (heading, sentence, table, figure),
one writer per format for such a list (:func:`html_blocks`, :func:`markdown_lines`, :func:`xlsx_blocks`),
the tables of text cells the sections' own writers use too (:func:`html_table`, :func:`md_table`,
:func:`md_frame`, :func:`xlsx_header`), and :func:`per_plan`, the cache that lets one plan's writers share a section's figures.

Every section module (drills, explore, verdict, environments, pricing, realload) and every format
writer (html_report, markdown, xlsx) may import this module, so it imports none of them: what only a
format writer knows (the HTML report's figure embedder, the workbook's cell writer and page setup) is
passed in.
"""

from __future__ import annotations

import weakref
from functools import wraps
from typing import Any, Callable, Sequence, TypeVar

from planner.i18n import col_label, column_unit, fmt_value
from planner.report.escape import esc, md_escape, neutralize

Block = tuple[str, Any]  #: ``("h2" | "p" | "table" | "figure", content)``; a figure is ``(name, plotly figure)``
Table = tuple[list[str], list[list[str]], list[str]]  #: header, rows (text cells), align per column (``l``/``r``)

_NUM = {"r": ' class="num"', "l": ""}


# --- tables ---------------------------------------------------------------------------------------
def html_table(table: Table, table_id: str = "", cls: str = "compact") -> str:
    """``<table>`` of text cells (HTML-escaped here); right-aligned columns get ``class="num"``."""
    head, rows, align = table
    th = "".join(f'<th scope="col"{_NUM[a]}>{esc(h)}</th>' for h, a in zip(head, align))
    body = "".join("<tr>" + "".join(f"<td{_NUM[a]}>{esc(c)}</td>" for c, a in zip(r, align)) + "</tr>" for r in rows)
    tid = f' id="{table_id}"' if table_id else ""
    return f'<table class="{cls}"{tid}><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def md_table(header: list[str], rows: list[list[str]], align: Sequence[str]) -> list[str]:
    """A Markdown table (cells already escaped); ``align`` per column: ``l`` or ``r``."""
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if a == "r" else ":---" for a in align) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return lines


def md_frame(df, lang: str, align: Sequence[str]) -> list[str]:
    """A frame as a Markdown table: each column's label (with its unit) as header, each value formatted
    by its column's unit (:func:`planner.i18n.fmt_value`) and escaped."""
    cols = list(df.columns)
    rows = [[md_escape(fmt_value(v, column_unit(c), lang)) for c, v in zip(cols, rec)]
            for rec in df.itertuples(index=False)]
    return md_table([col_label(c, lang).replace("|", "\\|") for c in cols], rows, align)


# --- a list of blocks in each format ----------------------------------------------------------------
def html_blocks(blocks: list[Block], figure_block: Callable[..., str], mode: str = "screen",
                section_id: str = "explore") -> str:
    """``<section id=section_id>`` of the blocks; ``figure_block(name, fig, mode=)`` embeds a chart
    (:func:`planner.report.html_report.figure_block`)."""
    parts = []
    for kind, content in blocks:
        if kind == "h2":
            parts.append(f"<h2>{esc(content)}</h2>")
        elif kind == "p":
            parts.append(f"<p>{esc(content)}</p>")
        elif kind == "table":
            parts.append(html_table(content))
        elif kind == "figure":
            parts.append(figure_block(*content, mode=mode))
    return f'<section id="{section_id}">\n' + "\n".join(parts) + "\n</section>"


def markdown_lines(blocks: list[Block]) -> list[str]:
    """Markdown lines of the blocks (figures left out): sentences and cells escaped, our own headers
    only for the table separator."""
    out: list[str] = []
    for kind, content in blocks:
        if kind == "h2":
            out += [f"## {content}", ""]
        elif kind == "p":
            out += [md_escape(content), ""]
        elif kind == "table":
            head, rows, align = content
            out += md_table([h.replace("|", "\\|") for h in head], [[md_escape(c) for c in r] for r in rows], align)
            out.append("")
    return out


def xlsx_header(ws, row: int, heads: Sequence[str], book) -> int:
    """A table's header row at ``row`` (text cells in the header format, formula-escaped); returns the next row."""
    for j, h in enumerate(heads):
        ws.write_string(row, j, neutralize(h), book.header)
    return row + 1


def xlsx_blocks(ws, book, blocks: list[Block], write: Callable[..., None], print_setup: Callable[..., None]) -> None:
    """The blocks one under another on the sheet ``ws`` (figures left out; numbers as shown, text
    cells). ``write``/``print_setup`` are :mod:`planner.report.xlsx`'s cell writer (which
    formula-escapes text: sentences quote service names) and page setup; ``book`` its formats."""
    row = 0
    for kind, content in blocks:
        if kind == "h2":
            write(ws, row, 0, content, book, text_fmt=book.h2)
            row += 1
        elif kind == "p":
            write(ws, row, 0, content, book, text_fmt=book.muted_line)
            row += 1
        elif kind == "table":
            head, rows, _ = content
            xlsx_header(ws, row, head, book)
            for i, r in enumerate(rows, start=1):
                for j, c in enumerate(r):
                    write(ws, row + i, j, c, book)
            row += len(rows) + 2
    ws.set_column(0, 0, 22)
    ws.set_column(1, 12, 16)
    print_setup(ws)


# --- one plan's figures, computed once for all its writers --------------------------------------------
F = TypeVar("F", bound=Callable[[Any], Any])


def per_plan(fn: F) -> F:
    """Cache ``fn(plan)`` while ``plan`` lives (keyed by its id, checked by a weak reference, so a new
    plan at a reused address is computed afresh and dead plans' entries are dropped)."""
    cache: dict[int, tuple[weakref.ref, Any]] = {}

    @wraps(fn)
    def cached(plan):
        hit = cache.get(id(plan))
        if hit is not None and hit[0]() is plan:
            return hit[1]
        value = fn(plan)
        for k in [k for k, (ref, _) in cache.items() if ref() is None]:
            del cache[k]
        cache[id(plan)] = (weakref.ref(plan), value)
        return value

    return cached  # type: ignore[return-value]
