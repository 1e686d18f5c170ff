"""Numbers, money, percentages and clock times for people, per language: one set for the page, the
CLI and every report.

Both languages group thousands with ``,`` and use ``.`` as the decimal mark (Korean follows the
same convention); they differ in units and in how large won amounts are read: Korean uses the
myriad units 만 (10^4) and 억 (10^8), e.g. ``1억 2,345만 원``. Missing values (None, NaN) are ``–``.
Nothing here reads the clock, the locale or the environment: the same value gives the same text.
"""

from __future__ import annotations

import math
import numbers
from datetime import datetime
from typing import Any

import numpy as np

from planner.i18n.core import t

#: Default exchange rate shown in the KRW box [KRW per USD]; the user sets the real one.
DEFAULT_KRW_PER_USD = 1400.0

#: What a missing value (None, NaN) is shown as.
MISSING = "–"

MESSAGES: dict[str, dict[str, str]] = {
    "fmt.yes": {"en": "yes", "ko": "예"},
    "fmt.no": {"en": "no", "ko": "아니요"},
}


def is_missing(value: Any) -> bool:
    """True for None and NaN (Python or numpy floats)."""
    return value is None or (isinstance(value, numbers.Real) and value != value)


def fmt_num(x: float, lang: str = "en", decimals: int | None = 0) -> str:
    """A number with thousands grouping: ``12,345.6``.

    ``decimals``: fixed decimals, or None for "as many as it needs, at most two, none from 1,000
    up" (``10.22``, ``0.5``, ``1,235``)."""
    if is_missing(x):
        return MISSING
    if decimals is None:
        if float(x).is_integer() or abs(x) >= 1000:
            return f"{x:,.0f}"
        text = f"{x:,.2f}".rstrip("0").rstrip(".")
        return text if text not in ("-0", "") else "0"
    s = f"{x:,.{decimals}f}"
    return "0" if s in ("-0", "-0.0") and decimals == 0 else s


def _pct_text(pct: float) -> str:
    """Digits of a percentage: one decimal from 1 up, two significant digits below, never an exponent."""
    if pct == 0:
        return "0"
    if abs(pct) >= 0.995:  # rounds to 1.0 or more at one decimal
        return f"{pct:,.1f}"
    decimals = 1 - math.floor(math.log10(abs(pct)))  # two significant digits
    return f"{pct:.{decimals}f}".rstrip("0").rstrip(".")


def fmt_pct(frac: float, lang: str = "en") -> str:
    """A fraction as a percentage, the one percent format of every output: ``0.4688 -> "46.9%"``.

    Rule: one decimal from 1 % up (``46.9%``, ``-5.0%``, ``100.0%``); below 1 %, two significant
    digits so a small share is not shown as zero (``0.0093%``, ``0.15%``, ``0.5%``); exactly zero is
    ``0%``. No space before ``%`` in either language (Korean orthography writes ``46.9%``; so do Excel's
    percent formats, which the workbooks use). Inputs typed by the user are shown exactly instead
    (:func:`fmt_input`)."""
    if is_missing(frac):
        return MISSING
    return _pct_text(frac * 100.0) + "%"


def fmt_usd(usd: float, lang: str = "en", decimals: int = 0) -> str:
    """US dollars: ``$12,345`` (both languages; negative as ``-$1,234``, no sign when it rounds to 0)."""
    if is_missing(usd):
        return MISSING
    sign = "-" if usd < 0 and round(abs(usd), decimals) > 0 else ""
    return f"{sign}${abs(usd):,.{decimals}f}"


def fmt_usd_price(usd: float, lang: str = "en") -> str:
    """A price per hour: at least two decimals, up to four (``$0.10``, ``$0.192``, ``$0.0116``)."""
    if is_missing(usd):
        return MISSING
    whole, frac = f"{abs(usd):,.4f}".split(".")
    frac = frac.rstrip("0").ljust(2, "0")
    return ("-$" if usd < 0 else "$") + f"{whole}.{frac}"


def fmt_krw(krw: float, lang: str = "en") -> str:
    """Korean won, whole won. English: ``₩16,800,000``. Korean with 억/만 units: ``1,680만 원``,
    ``1억 2,345만 원``; amounts under 10,000 won as ``9,999원``."""
    if is_missing(krw):
        return MISSING
    sign = "-" if krw < 0 else ""
    won = int(round(abs(krw)))
    if won == 0:
        sign = ""
    if lang != "ko":
        return f"{sign}₩{won:,}"
    if won < 10_000:
        return f"{sign}{won:,}원"
    eok, rest = divmod(won, 100_000_000)
    man = rest // 10_000  # below 10,000 won is dropped at this scale: the figure is a planning estimate
    parts = []
    if eok:
        parts.append(f"{eok:,}억")
    if man:
        parts.append(f"{man:,}만")
    return f"{sign}{' '.join(parts)} 원"


def fmt_money(usd: float, lang: str = "en", krw_per_usd: float | None = None, decimals: int = 0) -> str:
    """USD, and in brackets KRW at ``krw_per_usd`` when given: ``$1,234 (₩1,727,600)``."""
    s = fmt_usd(usd, lang, decimals)
    if krw_per_usd:
        s += f" ({fmt_krw(usd * krw_per_usd, lang)})"
    return s


#: A 168-hour plan is a week from Monday 00:00 (planner.loaders, the weekday/weekend tables).
WEEK_HOURS = 168
WEEKDAYS = {"en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), "ko": ("월", "화", "수", "목", "금", "토", "일")}


def fmt_hour(hour: int, lang: str = "en", horizon_hours: int = 24) -> str:
    """An hour index of the plan as a clock time: ``14:00`` / ``14시`` for a day; with the day of the
    week for a 168-hour week (``Tue 14:00`` / ``화 14시``); with the day's number for other multi-day
    horizons (``Day 2 14:00`` / ``2일차 14시``)."""
    day, h = divmod(int(hour), 24)
    ko = lang == "ko"
    clock = f"{h}시" if ko else f"{h:02d}:00"
    if horizon_hours <= 24:
        return clock
    if horizon_hours == WEEK_HOURS and day < 7:
        return f"{WEEKDAYS['ko' if ko else 'en'][day]} {clock}"
    return f"{day + 1}일차 {clock}" if ko else f"Day {day + 1} {clock}"


def fmt_bool(value: bool, lang: str = "en") -> str:
    """``yes`` / ``예``."""
    return t("fmt.yes" if value else "fmt.no", lang)


def fmt_value(value: Any, unit: str = "", lang: str = "en", horizon_hours: int = 24) -> str:
    """A computed value for people by its unit: money (prices per hour with up to four decimals),
    percent for ``fraction``, whole requests, ``hour`` as a clock time, else :func:`fmt_num`
    (adaptive decimals). Text is returned unchanged."""
    if is_missing(value):
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return fmt_bool(bool(value), lang)
    if isinstance(value, numbers.Real):
        x = float(value)
        if unit == "USD/hour":
            return fmt_usd_price(x, lang)
        if unit.startswith("USD"):
            return fmt_usd(x, lang, 2)
        if unit == "fraction":
            return fmt_pct(x, lang)
        if unit == "requests":
            return f"{x:,.0f}"
        if unit == "hour" and x.is_integer():
            return fmt_hour(int(x), lang, horizon_hours)
        return fmt_num(x, lang, None)
    return str(value)


def fmt_input(value: Any, unit: str, lang: str = "en") -> str:
    """An input value as typed: exact up to 6 significant digits; fractions as percent; prices in $."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool):
        return fmt_bool(value, lang)
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        x = float(value)
        if unit == "fraction":
            return f"{x * 100:.6g}%"
        if unit == "USD/hour":
            return fmt_usd_price(x, lang)
        return f"{x:,.0f}" if x.is_integer() else f"{x:,.6g}"
    if hasattr(value, "item"):
        return fmt_input(value.item(), unit, lang)
    return str(value)


def fmt_timestamp(generated_at: datetime | str | None) -> str | None:
    """The explicit report timestamp as text (ISO 8601, seconds), or None when not given."""
    if generated_at is None:
        return None
    if isinstance(generated_at, datetime):
        return generated_at.isoformat(timespec="seconds")
    return str(generated_at)
