"""Streamlit entry point: ``streamlit run app.py``. The page lives in :mod:`planner.ui`."""

from planner.ui import main

main()
