"""The message catalogue: languages, :func:`t`, and the merge of every domain table.

Each module of :mod:`planner.i18n` that holds strings defines ``MESSAGES: dict[str, dict[str, str]]``
(key -> ``{"en": ..., "ko": ...}``). They are found by name (every module in this package), merged
once, and a key defined twice is an error at import time, so a new feature adds its own module
(``drills.py``, ``pricing.py``, ...) without touching anyone else's table.

Key convention: the page's own messages (``ui.py``) have bare keys (``"m_asis_month"``); every
other module prefixes its keys with its module name and a dot (``"report.decision"``,
``"warnings.deploy_one_out"``), so two modules never pick the same key by accident.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache
from typing import Any, Literal

Lang = Literal["en", "ko"]
LANGS: tuple[str, ...] = ("en", "ko")
LANG_NAMES: dict[str, str] = {"en": "English", "ko": "한국어"}

#: Modules of this package that are machinery, not string tables.
_NOT_TABLES = frozenset({"core"})


def check_lang(lang: str) -> str:
    """Return ``lang`` if supported, else raise ``ValueError`` naming the choices."""
    if lang not in LANGS:
        raise ValueError(f"lang: must be one of {', '.join(LANGS)}; got {lang!r}")
    return lang


def table_modules() -> list[str]:
    """Names of the modules of :mod:`planner.i18n` that hold a ``MESSAGES`` table, sorted."""
    import planner.i18n as package

    names = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name in _NOT_TABLES or info.name.startswith("_"):
            continue
        if isinstance(getattr(importlib.import_module(f"planner.i18n.{info.name}"), "MESSAGES", None), dict):
            names.append(info.name)
    return sorted(names)


@lru_cache(maxsize=1)
def all_messages() -> dict[str, dict[str, str]]:
    """Every module's ``MESSAGES`` merged into one dict; ``ValueError`` names a key defined twice."""
    merged: dict[str, dict[str, str]] = {}
    owner: dict[str, str] = {}
    for name in table_modules():
        for key, entry in importlib.import_module(f"planner.i18n.{name}").MESSAGES.items():
            if key in merged:
                raise ValueError(f"message key {key!r} is defined in planner.i18n.{owner[key]} and planner.i18n.{name}")
            merged[key] = entry
            owner[key] = name
    return merged


def t(key: str, lang: str = "en", **kwargs: Any) -> str:
    """The message ``key`` in ``lang``, with ``{placeholders}`` filled from ``kwargs``.

    Unknown keys raise ``KeyError`` and unknown languages ``ValueError``: a missing translation is a
    bug that the tests catch (every key has every language), not something to paper over."""
    text = all_messages()[key][check_lang(lang)]
    return text.format(**kwargs) if kwargs else text
