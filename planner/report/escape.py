"""Escaping shared by every report: HTML, ``<script>`` JSON, Markdown, and the spreadsheet-formula
guard. (Labels and number formats are :mod:`planner.i18n`'s.)
"""

from __future__ import annotations

import html
import re
from typing import Any

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"), plus tab and CR.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# --- escaping ---------------------------------------------------------------------------------
def esc(text: Any) -> str:
    """HTML-escape any value (quotes included), so user text never becomes markup."""
    return html.escape(str(text), quote=True)


def json_for_script(text: str) -> str:
    """Make JSON text safe inside ``<script>``: no ``<``, ``>``, ``&`` or JS line separators remain."""
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


# Brackets are escaped, so no link can form and parentheses may stay as they are.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_escape(text: Any) -> str:
    """Escape user text for Markdown: no markup, no HTML, one line (for table cells and headings)."""
    s = " ".join(str(text).split())
    s = html.escape(s, quote=False)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    if s[:1] in ("-", "=", "+", "#", ">", "!"):
        s = "\\" + s
    return s


def md_paragraphs(text: str) -> str:
    """Escape multi-line user text for Markdown, keeping blank-line paragraph breaks."""
    paras = [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    return "\n\n".join(md_escape(p) for p in paras)


def neutralize(value: Any) -> Any:
    """Spreadsheet-formula guard: text starting with ``= + - @``, tab or CR gets a ``'`` prefix.

    Numbers (and everything that is not a ``str``) are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
