"""The plan's frames: the glossary's columns in its order, text columns as pandas' ``str`` dtype.

Expected values come from the glossary tuples in :mod:`planner.result` and from building the same
column the slow, obvious way (an object array, inferred by pandas)."""

import numpy as np
import pandas as pd
import pytest

import planner
from planner import frames
from planner.engine import HPA_REASONS, NODE_REASONS, simulate_scenario
from planner.result import CLUSTER_HOURLY_COLUMNS, CLUSTER_STEP_COLUMNS, HOURLY_COLUMNS, SERVICE_COLUMNS, STEP_COLUMNS


@pytest.fixture(scope="module")
def plan():
    return planner.plan(planner.default_scenario())


@pytest.mark.parametrize("attr, columns", [("hourly", HOURLY_COLUMNS), ("cluster_hourly", CLUSTER_HOURLY_COLUMNS),
                                           ("steps", STEP_COLUMNS), ("cluster_steps", CLUSTER_STEP_COLUMNS),
                                           ("services", SERVICE_COLUMNS)])
def test_each_frame_has_the_glossary_columns_in_order(plan, attr, columns):
    assert tuple(getattr(plan, attr).columns) == columns


def test_text_columns_equal_the_object_array_pandas_would_infer(plan):
    """Service names repeat per step in service order; reason texts are HPA_REASONS / NODE_REASONS
    looked up, row by row in Python, by the codes of an engine run of the same scenario, and
    compared with pandas' own inference from that object array."""
    steps, names = plan.steps, [s.name for s in plan.scenario.services]
    n_steps = len(plan.cluster_steps)
    expected = pd.Series(np.tile(np.array(names, dtype=object), n_steps), name="service")
    pd.testing.assert_series_equal(steps["service"], expected)
    run = simulate_scenario(plan.scenario)
    hpa = np.array([HPA_REASONS[c] for c in run["hpa_reason_code"].reshape(-1)], dtype=object)
    pd.testing.assert_series_equal(steps["hpa_reason"], pd.Series(hpa, name="hpa_reason"))
    node = np.array([NODE_REASONS[c] for c in run["node_reason_code"]], dtype=object)
    pd.testing.assert_series_equal(plan.cluster_steps["node_reason"], pd.Series(node, name="node_reason"))


def test_labels_take_the_names_by_code():
    got = frames._labels(("Steady", "ScaleUp", "ScaleDown"), np.array([2, 0, 0, 1], dtype=np.int8))
    assert list(got) == ["ScaleDown", "Steady", "Steady", "ScaleUp"]
    assert got.dtype == pd.Series(np.array(["x"], dtype=object)).dtype


def test_a_missing_or_extra_column_is_named():
    with pytest.raises(ValueError, match=r"\['b', 'c'\]"):
        frames._ordered(("a", "b"), {"a": [1], "c": [2]})
