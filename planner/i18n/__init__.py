"""The one home of wording: every label, sentence, unit and number format, in English and Korean.

Pure (no streamlit) and a leaf: it imports nothing else from ``planner``, so any module may use it.
The page, the CLI and every report take their text from here, so a language switch changes all of
them together and the screen and the reports agree.

* :func:`t` ``(key, lang, **params)``: one message catalogue merged from the domain modules
  (:mod:`~planner.i18n.ui` the page, :mod:`~planner.i18n.report` the reports,
  :mod:`~planner.i18n.warnings`, :mod:`~planner.i18n.reasons`, :mod:`~planner.i18n.columns`,
  :mod:`~planner.i18n.fmt`); a new feature adds its own module (see :mod:`planner.i18n.core`).
* :mod:`~planner.i18n.columns`: the glossary of frame columns and summary figures with units.
* :mod:`~planner.i18n.fmt`: numbers, percent, USD, KRW, clock hours per language.
"""

from __future__ import annotations

from planner.i18n.columns import (COLUMNS, GLOSSARY, SUMMARY_FIELDS, UNITS, col_label, col_unit, column_unit,
                                  label_with_unit, summary_label, summary_unit, unit_label)
from planner.i18n.core import LANG_NAMES, LANGS, Lang, all_messages, check_lang, t
from planner.i18n.fmt import (DEFAULT_KRW_PER_USD, MISSING, fmt_bool, fmt_hour, fmt_input, fmt_krw, fmt_money,
                              fmt_num, fmt_pct, fmt_timestamp, fmt_usd, fmt_usd_price, fmt_value, is_missing)
from planner.i18n.reasons import reason_text
from planner.i18n.warnings import plan_warnings, warning_text

#: Every message of every domain module: key -> {"en": ..., "ko": ...}.
MESSAGES: dict[str, dict[str, str]] = all_messages()

__all__ = [
    "COLUMNS", "DEFAULT_KRW_PER_USD", "GLOSSARY", "LANGS", "LANG_NAMES", "Lang", "MESSAGES", "MISSING",
    "SUMMARY_FIELDS", "UNITS", "check_lang", "col_label", "col_unit", "column_unit", "fmt_bool", "fmt_hour",
    "fmt_input", "fmt_krw", "fmt_money", "fmt_num", "fmt_pct", "fmt_timestamp", "fmt_usd", "fmt_usd_price", "fmt_value",
    "is_missing", "plan_warnings", "reason_text", "summary_label", "summary_unit", "t", "unit_label",
    "label_with_unit", "warning_text",
]
