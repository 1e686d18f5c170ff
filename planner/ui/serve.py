"""What ``./dev app`` runs: warm the page in this process, then serve it with Streamlit.

Usage::

    python -m planner.ui.serve [--port N] [--headless] [--warm-only] [streamlit options ...]

Warming imports the page's modules (pandas, plotly, the scenario model, the wording catalogue) and
plans the default scenario once, which loads the compiled engine from numba's on-disk cache (or
compiles it, a few seconds, when the cache is cold: ``--warm-only`` does just that, and ``./dev``
runs it once at set-up). Streamlit then runs ``app.py`` in the same process, so the first page finds
everything loaded. ``--port`` and ``--headless`` are short for Streamlit's ``--server.port`` and
``--server.headless true``; any other option goes to ``streamlit run`` as it is. Exit codes are
Streamlit's (0 after a clean stop); 2 for a bad ``--port``.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

APP = Path(__file__).resolve().parent.parent.parent / "app.py"


def warm() -> float:
    """Load the page's modules and the compiled engine [s taken]."""
    t0 = time.perf_counter()
    # st.cache_data checks its parameters when a module is imported; outside a server it says so
    import streamlit.runtime.caching.cache_data_api  # noqa: F401  (creates its logger first)

    quiet = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        import planner
        import planner.ui.page  # noqa: F401  (the page and every section module)
        from planner.scenario_io import default_scenario

        planner.plan(default_scenario())
        _dry_run()
    finally:
        quiet.setLevel(level)
    return time.perf_counter() - t0


def _dry_run() -> None:
    """Run the page once off-line (Streamlit's own test runner), so what Streamlit imports and builds on
    the first use of each element (its emoji table for the page icon, the widget and dataframe
    serializers, plotly's JSON encoder) is ready before the first user arrives."""
    from streamlit.testing.v1 import AppTest

    AppTest.from_file(str(APP), default_timeout=120).run()


def streamlit_args(argv: list[str]) -> list[str]:
    """``streamlit run`` arguments for ``argv`` (``--port N``/``--port=N`` and ``--headless`` mapped,
    the rest kept); ``ValueError`` names a bad port."""
    out = ["run", str(APP), "--browser.gatherUsageStats", "false"]
    it = iter(argv)
    for arg in it:
        if arg == "--headless":
            out += ["--server.headless", "true"]
        elif arg == "--port" or arg.startswith("--port="):
            value = arg.split("=", 1)[1] if "=" in arg else next(it, "")
            if not value.isdigit() or not 1 <= int(value) <= 65535:
                raise ValueError(f"--port: expected a port number 1-65535; got {value!r}")
            out += ["--server.port", value]
        elif arg != "--warm-only":
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        args = streamlit_args(argv)
    except ValueError as exc:
        print(f"planner app: {exc}", file=sys.stderr)
        return 2
    if not APP.exists() and "--warm-only" not in argv:
        print(f"planner app: {APP} not found (the app runs from a clone of the repository)", file=sys.stderr)
        return 2
    print(f"planner app: engine and page loaded in {warm():.1f} s", file=sys.stderr)
    if "--warm-only" in argv:
        return 0
    from streamlit.web import cli as stcli

    sys.argv = ["streamlit", *args]
    try:
        stcli.main()
    except SystemExit as exc:
        return int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
