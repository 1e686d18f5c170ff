"""Shipped data, installed as the package ``planner.data`` (see README.md here and planner/datafiles.py)."""
