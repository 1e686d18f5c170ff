"""Session state of the page: the base scenario, the load tables, widget seeding, messages.

Keys in ``st.session_state``:

* ``base``: scenario dict the widgets and tables are overlaid on (see :mod:`planner.ui.state`);
* ``load_tables``: :class:`planner.ui.state.LoadTables`; ``editor_ver``: bumps when the tables are
  replaced so the data editors start fresh (their key is :func:`editor_key`);
* ``last_valid``: JSON of the last scenario that planned without error (shown while inputs are bad);
* ``flash``: messages from callbacks, shown once on the next run;
* one key per widget (``planner.ui.state`` controls, e.g. ``svc0.hpa_min``).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from planner.ui import state as S

ss = st.session_state

#: ``persist_state`` of the widgets that hold the user's place in a section (which service, preset or
#: hour is picked): Streamlit keeps their value while the section is not drawn.
KEEP = "page"


def editor_key(table_id: str) -> str:
    """Key of the data editor of ``table_id`` for the current table version."""
    return f"editor_{table_id}_{ss.get('editor_ver', 0)}"


def editor_state(table_id: str) -> Any:
    """The data editor's pending edits, or None when the browser sent a state Streamlit cannot read
    (a row id that is not a number, an unknown column: it raises while deserializing)."""
    try:
        return ss.get(editor_key(table_id))
    except (KeyError, ValueError, TypeError, IndexError):
        return None


def flash(kind: str, text: str) -> None:
    """Queue a message (kind: success | info | warning | error) for the next run."""
    ss.setdefault("flash", []).append((kind, text))


def seed_widgets(d: dict[str, Any]) -> None:
    """Set every widget's value from scenario dict ``d`` (before the widgets are drawn).

    Per-service inputs are not seeded but cleared: only one service's inputs are on the page, and a
    value set for an input that is not drawn would resurface later over the base. They are drawn with
    the base's value (:func:`ensure_widget`)."""
    for k, v in S.widget_values(d).items():
        if not S.is_service_key(k):
            ss[k] = v
    drop_service_keys()
    ss["weekly"] = ss["load_tables"].mode == S.MODE_WEEK


def drop_service_keys() -> None:
    """Forget the per-service input values (after they were folded into the base)."""
    for k in [k for k in ss.keys() if isinstance(k, str) and S.is_service_key(k)]:
        del ss[k]


def drop_widget_keys(keep: tuple[str, ...] = ()) -> None:
    """Forget the values of every scenario input but ``keep`` (after they were folded into the base);
    the inputs are drawn from the base again (:func:`ensure_widget`)."""
    for k in [*S.widget_values(ss["base"]), "weekly"]:
        if k not in keep and k in ss:
            del ss[k]
    drop_service_keys()


def load_base(d: dict[str, Any]) -> None:
    """Make ``d`` (a validated scenario dict) the page's scenario: tables, widgets, editors."""
    ss["base"] = d
    ss["load_tables"] = S.tables_from_services(d["services"])
    ss["editor_ver"] = ss.get("editor_ver", 0) + 1
    seed_widgets(d)


def widget_snapshot() -> dict[str, Any]:
    """Current values of all scenario widgets present in the session."""
    keys = S.widget_values(ss["base"]).keys()
    return {k: ss[k] for k in keys if k in ss}


def folded_tables() -> S.LoadTables:
    """The load tables with the data editors' pending edits folded in."""
    lt: S.LoadTables = ss["load_tables"]
    tables = {tid: S.apply_editor_state(df, editor_state(tid)) for tid, df in lt.tables.items()}
    return S.LoadTables(lt.mode, tables, dict(lt.orig_len))


def fold_widgets_into_base() -> dict[str, Any]:
    """Base with the widgets applied (before a structural change re-seeds the widgets)."""
    return S.apply_widgets(ss["base"], widget_snapshot())


def store_tables(lt: S.LoadTables) -> None:
    """Replace the tables; the data editors restart from them."""
    ss["load_tables"] = lt
    ss["editor_ver"] = ss.get("editor_ver", 0) + 1
    ss["weekly"] = lt.mode == S.MODE_WEEK


def ensure_widget(key: str, default: Any) -> None:
    """Give a widget its value from the base if the session has none (first draw, or it was hidden)."""
    if key not in ss:
        ss[key] = default
