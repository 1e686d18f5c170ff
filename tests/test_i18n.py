"""The one wording home, planner.i18n: every key once, in every language, with the same placeholders;
every column, unit, summary figure and reason code of the engine has its words."""

from __future__ import annotations

import ast
import importlib
import string
from dataclasses import fields
from pathlib import Path

import pytest

from planner import i18n
from planner.i18n import core
from planner.result import (ASSUMPTION_COLUMNS, CLUSTER_HOURLY_COLUMNS, CLUSTER_STEP_COLUMNS, HOURLY_COLUMNS,
                            SERVICE_COLUMNS, STEP_COLUMNS, Summary)

I18N_DIR = Path(i18n.__file__).parent
TABLES = core.table_modules()


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_domain_tables_are_found():
    assert {"ui", "report", "warnings", "reasons", "columns", "fmt"} <= set(TABLES)


@pytest.mark.parametrize("module", TABLES)
def test_no_key_is_written_twice_in_a_module(module):
    """A dict literal with a repeated key silently keeps the last one; read the source to catch it."""
    tree = ast.parse((I18N_DIR / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
            assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)


def test_no_key_is_defined_in_two_modules():
    seen: dict[str, str] = {}
    for module in TABLES:
        for key in importlib.import_module(f"planner.i18n.{module}").MESSAGES:
            assert key not in seen, f"{key!r} in {seen.get(key)} and {module}"
            seen[key] = module
    assert set(seen) == set(i18n.MESSAGES)


def test_a_key_defined_twice_is_refused(monkeypatch):
    from planner.i18n import report

    monkeypatch.setitem(report.MESSAGES, "app_title", {"en": "x", "ko": "x"})  # a key of ui.py
    core.all_messages.cache_clear()
    try:
        with pytest.raises(ValueError, match="'app_title' is defined in planner.i18n.report and planner.i18n.ui"):
            core.all_messages()
    finally:
        monkeypatch.undo()
        core.all_messages.cache_clear()
    assert "app_title" in core.all_messages()


def test_each_module_owns_its_key_prefixes():
    """ui.py keys are bare; every other module's keys carry a dotted prefix no other module uses."""
    owners: dict[str, str] = {}
    for module in TABLES:
        for key in importlib.import_module(f"planner.i18n.{module}").MESSAGES:
            if module == "ui":
                assert "." not in key, key
                continue
            prefix = key.split(".", 1)[0]
            assert "." in key and owners.setdefault(prefix, module) == module, (key, module, owners.get(prefix))


@pytest.mark.parametrize("key", sorted(i18n.MESSAGES))
def test_every_key_has_every_language_with_the_same_placeholders(key):
    entry = i18n.MESSAGES[key]
    assert set(entry) == set(i18n.LANGS), key
    assert all(isinstance(v, str) and v.strip() for v in entry.values()), key
    assert _placeholders(entry["en"]) == _placeholders(entry["ko"]), key


def test_t_fills_placeholders_and_refuses_unknown_languages():
    assert i18n.t("horizon_note", "en", hours=24, step=15, hpm=730) == "Plan horizon 24 h, step 15 s; a month = 730 h."
    with pytest.raises(ValueError, match="lang: must be one of en, ko; got 'de'"):
        i18n.t("app_title", "de")
    with pytest.raises(KeyError):
        i18n.t("no_such_key", "en")


def test_i18n_is_a_leaf():
    """planner.i18n imports nothing else from planner, so every layer may use it without a cycle."""
    for path in I18N_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("planner"):
                assert node.module.startswith("planner.i18n"), (path.name, node.module)
            if isinstance(node, ast.Import):
                assert not any(a.name.startswith("planner") and not a.name.startswith("planner.i18n")
                               for a in node.names), path.name


# --- glossary ---------------------------------------------------------------------------------
FRAME_COLUMNS = sorted(set(STEP_COLUMNS + CLUSTER_STEP_COLUMNS + HOURLY_COLUMNS + CLUSTER_HOURLY_COLUMNS
                           + SERVICE_COLUMNS + ASSUMPTION_COLUMNS))


@pytest.mark.parametrize("column", FRAME_COLUMNS)
def test_every_frame_column_has_labels_and_a_known_unit(column):
    c = i18n.COLUMNS[column]
    assert c.en and c.ko and c.meaning
    assert c.unit == "" or c.unit in i18n.UNITS, (column, c.unit)


def test_every_summary_figure_has_labels_and_a_unit():
    names = {f.name for f in fields(Summary)} - {"warnings", "warning_items"}
    assert names == set(i18n.SUMMARY_FIELDS)
    for name in names:
        c = i18n.SUMMARY_FIELDS[name]
        assert c.en and c.ko and c.unit, name


def test_glossary_is_the_api_glossary():
    import planner

    assert planner.GLOSSARY is i18n.GLOSSARY
    assert planner.GLOSSARY["load_requests_per_s"] == ("Load", "requests/s", "Offered load (after growth).")


# --- reason codes -----------------------------------------------------------------------------
def test_every_reason_code_of_the_engine_has_sentences():
    from planner import hpa
    from planner.engine import HPA_REASONS, NODE_REASONS
    from planner.i18n.reasons import reason_codes

    assert HPA_REASONS == hpa.REASONS  # the engine's integer codes index the same names
    assert reason_codes("hpa") == list(hpa.REASONS)
    assert reason_codes("node") == list(NODE_REASONS)
    for kind, codes in (("hpa", hpa.REASONS), ("node", NODE_REASONS)):
        for code in codes:
            en, ko = i18n.reason_text(code, "en", kind), i18n.reason_text(code, "ko", kind)
            assert en.endswith(".") and ko.endswith("다.") and en != ko, (kind, code)
    assert i18n.reason_text("NotACode", "ko") == "NotACode"
