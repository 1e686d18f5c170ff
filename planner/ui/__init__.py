"""The Streamlit page. The only package of ``planner`` that imports streamlit (in its page modules).

``planner.ui.state`` and ``planner.ui.explain`` are pure and import without streamlit; :func:`main`
imports the page lazily so importing this package stays cheap.
"""

from __future__ import annotations


def main() -> None:
    """Render the page (called by ``app.py`` on every Streamlit run)."""
    from planner.ui.page import main as _main

    _main()
