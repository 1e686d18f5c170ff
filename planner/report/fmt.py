"""Formatting shared by every report: labels with units, numbers for people, escaping, and the
spreadsheet-formula guard.

Nothing here reads the clock or the environment: the same plan gives the same text.
"""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from datetime import datetime
from typing import Any

import numpy as np

from planner.i18n import col_label, col_unit
from planner.result import GLOSSARY

#: Characters that make a spreadsheet treat a cell as a formula (OWASP "CSV injection"), plus tab and CR.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# Unit by column-name suffix, longest first, for columns the glossary does not list.
_SUFFIX_UNITS = (
    ("_requests_per_s", "requests/s"),
    ("_usd_per_month", "USD/month"),
    ("_usd_per_hour", "USD/hour"),
    ("_usd_cumulative", "USD"),
    ("_usd", "USD"),
    ("_frac", "fraction"),
    ("_requests", "requests"),
    ("_server_hours", "server-hours"),
    ("_node_hours", "node-hours"),
    ("_servers", "servers"),
    ("_nodes", "nodes"),
    ("_replicas", "pods"),
    ("_pods", "pods"),
    ("_s", "s"),
)
_WORDS = {"asis": "As-Is", "tobe": "To-Be", "usd": "USD", "cpu": "CPU", "hpa": "HPA", "frac": "", "per": "per"}


@lru_cache(maxsize=1)
def _ko_units() -> dict[str, str]:
    """English unit -> the Korean unit ``planner.i18n`` uses for it (from the glossary columns)."""
    out: dict[str, str] = {}
    for column, (_, unit, _) in GLOSSARY.items():
        ko = col_unit(column, "ko")
        if unit and ko and unit not in out:
            out[unit] = ko
    return out


def column_unit(column: str) -> str:
    """Unit of a frame column: from the glossary, else from the suffix of its name ("" if none)."""
    if column in GLOSSARY:
        return GLOSSARY[column][1]
    if column.endswith("_max") and column[:-4] in GLOSSARY:
        return GLOSSARY[column[:-4]][1]
    if column in ("pods", "pods_peak", "pods_mean", "pods_min"):
        return "pods"
    if column == "hour":
        return "h"
    for suffix, unit in _SUFFIX_UNITS:
        if column.endswith(suffix):
            return unit
    return ""


def _derived_name(column: str) -> str:
    """A readable name for a column no glossary lists, from its words (units dropped)."""
    stem = column
    unit = column_unit(column)
    for suffix, u in _SUFFIX_UNITS:
        if column.endswith(suffix) and u == unit and suffix not in ("_servers", "_nodes", "_pods", "_requests"):
            stem = column[: -len(suffix)]
            break
    words = [_WORDS.get(w, w) for w in stem.split("_")]
    if unit.startswith("USD") and "cost" not in words:
        words.append("cost")
    text = " ".join(w for w in words if w)
    return text[:1].upper() + text[1:]


def column_name(column: str, lang: str = "en") -> str:
    """Human name of a frame column without its unit, e.g. ``"Load"`` / ``"부하"``.

    The app's labels (:func:`planner.i18n.col_label`, built on the glossary) where they exist, so the
    reports and the screen agree; otherwise a name derived from the column's words."""
    name = col_label(column, lang, with_unit=False)
    if name == column and lang != "en":
        name = col_label(column, "en", with_unit=False)
    if name != column:
        return name
    return _derived_name(column)


def column_label(column: str, lang: str = "en", *, percent: bool = False) -> str:
    """Header of a frame column with its unit, e.g. ``"Load [requests/s]"`` / ``"부하 [요청/초]"``.

    ``percent``: show fractions as ``[%]`` (tables that display them as percentages)."""
    unit = column_unit(column)
    if percent and unit == "fraction":
        shown = "%"
    elif unit and unit != "code":
        shown = col_unit(column, lang) or unit
        if lang == "ko" and shown == unit:
            shown = _ko_units().get(unit, unit)
    else:
        shown = ""
    name = column_name(column, lang)
    return f"{name} [{shown}]" if shown else name


# --- numbers for people -----------------------------------------------------------------------
def is_missing(value: Any) -> bool:
    """True for None and NaN."""
    return value is None or (isinstance(value, (float, np.floating)) and math.isnan(value))


def fmt_money(usd: float, decimals: int = 2) -> str:
    """``-1234.5 -> "-$1,234.50"`` [USD]."""
    sign = "-" if usd < 0 else ""
    return f"{sign}${abs(usd):,.{decimals}f}"


def fmt_pct(frac: float, lang: str = "en") -> str:
    """A fraction as a percentage for people: ``0.732 -> "73.2 %"``, ``0.00012 -> "0.012 %"``
    (Korean without the space, as :func:`planner.i18n.fmt_pct`)."""
    pct = frac * 100.0
    if pct == 0:
        text = "0"
    elif abs(pct) >= 1:
        text = f"{pct:,.1f}"
    else:
        text = f"{pct:.2g}"
    return f"{text}%" if lang == "ko" else f"{text} %"


def fmt_number(x: float) -> str:
    """A plain number with thousands separators and at most two decimals (trailing zeros dropped)."""
    if float(x).is_integer():
        return f"{x:,.0f}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def fmt_value(value: Any, unit: str = "", lang: str = "en", horizon_hours: int = 24) -> str:
    """Format a value for people by its unit (money, percent, counts, ``hour`` as a clock time);
    text is returned unchanged."""
    from planner.i18n import fmt_hour
    from planner.report.strings import t

    if is_missing(value):
        return "–"
    if isinstance(value, (bool, np.bool_)):
        return t("yes" if value else "no", lang)
    if isinstance(value, (int, float, np.integer, np.floating)):
        x = float(value)
        if unit == "USD/hour":  # prices: up to 4 decimals, at least 2 ($0.10, $0.192, $0.0116)
            whole, frac = f"{abs(x):,.4f}".split(".")
            frac = frac.rstrip("0").ljust(2, "0")
            return ("-$" if x < 0 else "$") + f"{whole}.{frac}"
        if unit.startswith("USD"):
            return fmt_money(x)
        if unit == "fraction":
            return fmt_pct(x, lang)
        if unit == "requests":
            return f"{x:,.0f}"
        if unit == "hour" and x.is_integer():
            return fmt_hour(int(x), lang, horizon_hours)
        return fmt_number(x)
    return str(value)


def fmt_timestamp(generated_at: datetime | str | None) -> str | None:
    """The explicit report timestamp as text (ISO 8601, seconds), or None when not given."""
    if generated_at is None:
        return None
    if isinstance(generated_at, datetime):
        return generated_at.isoformat(timespec="seconds")
    return str(generated_at)


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
