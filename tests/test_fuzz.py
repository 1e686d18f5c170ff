"""Seeded fuzzing of every way input comes in (issue 9): mutated scenarios, hostile files, load
uploads, URL payloads and exports. Each case must end in **a clear error with a location** (a
field path, a line, or the limit it broke) or **a plan whose figures are finite and consistent**;
never another exception, and never a hang (each case runs under an alarm).

Hypothesis runs derandomized (the same cases every run). The quick set runs everywhere; the slow
set (``-m slow``, CI runs it) tries 10,000 mutated scenarios. Counts per class (tried / clear
error / plan) are written to ``tests/artifacts/fuzz_counts.json`` for the closing note.
"""

from __future__ import annotations

import base64
import copy
import json
import math
import signal
import zlib
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import planner
from planner import scenario_io as IO
from planner.loaders import LoadFileError, read_load_file
from planner.scenario import APP_WORK_BUDGET, ScenarioError, check_scenario_work

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CASE_TIMEOUT_S = 20  #: a case that takes longer is a hang
COUNTS: dict[str, Counter] = {}
QUICK = {"mutated": 100, "files": 150, "uploads": 100, "urls": 100, "exports": 2}  # the default suite; CI adds SLOW
SLOW = {"mutated": 10_000, "files": 1_000, "uploads": 1_000, "urls": 1_000, "exports": 50}
BASE = IO.scenario_to_dict(planner.default_scenario())


class Hang(Exception):
    pass


@contextmanager
def alarm(seconds: int = CASE_TIMEOUT_S):
    def fire(signum, frame):
        raise Hang(f"no answer within {seconds} s")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture(scope="module", autouse=True)
def write_counts():
    yield
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "fuzz_counts.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    old.update({k: dict(v) for k, v in COUNTS.items()})
    path.write_text(json.dumps(old, indent=1, sort_keys=True) + "\n")


def count(cls: str, outcome: str) -> None:
    COUNTS.setdefault(cls, Counter())[outcome] += 1
    COUNTS[cls]["tried"] += 1


# --- the two acceptable outcomes --------------------------------------------------------------------
WHOLE_FILE = ("a scenario must be a mapping", "no embedded scenario", "is over", "the limit", "not a scenario link",
              "too big for", "the embedded scenario must be a JSON object")


def assert_clear_error(exc: ScenarioError) -> None:
    assert exc.problems, "an error without problems"
    text = str(exc)
    assert len(text) < 20_000, f"an unbounded message ({len(text):,} characters)"
    for path, msg in exc.problems:
        assert isinstance(msg, str) and msg.strip(), exc.problems
        located = bool(path) or msg.startswith(("line ", "the embedded scenario: line ", "... and ")) \
            or any(w in msg for w in WHOLE_FILE)
        assert located, f"no location: {path!r}: {msg[:300]}"


FINITE_EXCEPT = {"tobe_min_headroom_frac", "asis_min_headroom_frac"}  # -inf: load with no capacity at all
MAY_BE_UNMEASURED = ("cpu_utilization_frac",)  # blank when no ready pod was measured (hpa_reason says why)


def assert_unmeasured_only_without_pods(p) -> None:
    """An hour's CPU utilization is blank exactly when none of its steps measured a pod (every step's
    value is blank, as the HPA has no ready pod to read), and it is finite otherwise."""
    hourly = p.hourly.set_index(["hour", "service"]).cpu_utilization_frac
    assert (hourly.dropna().abs() < float("inf")).all()
    steps = p.steps
    if steps is None:  # a run that kept only hourly aggregates
        return
    measured = steps.cpu_utilization_frac.notna().groupby([steps.hour, steps.service]).any()
    assert (hourly.notna() == measured.reindex(hourly.index)).all()


def assert_consistent_plan(p) -> None:
    s = p.summary
    for k, v in s.to_dict().items():
        if isinstance(v, float):
            assert not math.isnan(v) and (math.isfinite(v) or k in FINITE_EXCEPT), (k, v)
    n = len(p.scenario.services)
    assert s.asis_servers_total == int(p.services.asis_servers.sum()) >= n
    assert s.asis_server_hours == s.asis_servers_total * s.horizon_hours
    assert s.asis_usd_per_month >= 0 and s.tobe_usd_per_month >= 0
    tol = 1e-9 * max(1.0, abs(s.asis_usd_per_month), abs(s.tobe_usd_per_month))
    assert abs(s.savings_usd_per_month - (s.asis_usd_per_month - s.tobe_usd_per_month)) <= tol
    assert 0 <= s.tobe_shortfall_requests <= s.load_requests_total * (1 + 1e-9) + 1e-6
    assert 0 <= s.asis_shortfall_requests <= s.load_requests_total * (1 + 1e-9) + 1e-6
    assert s.tobe_nodes_min <= s.tobe_nodes_mean + 1e-9 and s.tobe_nodes_mean <= s.tobe_nodes_peak + 1e-9
    assert s.tobe_nodes_peak <= p.scenario.cluster.max_nodes
    for frame in (p.hourly, p.cluster_hourly, p.services):
        num = frame.select_dtypes("number").drop(columns=list(MAY_BE_UNMEASURED), errors="ignore")
        assert num.notna().all().all() and (num.abs() < float("inf")).all().all()
    assert_unmeasured_only_without_pods(p)
    pods = p.hourly.groupby("service")["desired_replicas"].max()
    for svc in p.scenario.services:
        assert pods[svc.name] <= svc.hpa.max_replicas * (1 + svc.max_surge_frac) + 1


def outcome_of_scenario(read) -> str:
    """Run ``read() -> Scenario`` and plan it as the app would (its work budget first)."""
    with alarm():
        try:
            sc = read()
            check_scenario_work(sc, None, APP_WORK_BUDGET)
            p = planner.plan(sc)
        except ScenarioError as exc:
            assert_clear_error(exc)
            return "clear error"
        assert_consistent_plan(p)
        return "plan"


# --- mutated scenarios -------------------------------------------------------------------------------
HOSTILE = st.one_of(
    st.sampled_from([10**30, -10**30, 2**63, 2**64 + 1, 10**400, 1e308, -1e308, 1e-308, math.inf, -math.inf, math.nan,
                     "Infinity", "NaN", "1e999", "-0", "", " ", None, True, False, [], {}, [[[]]], {"a": {"b": {}}},
                     "x" * 10_000, 0, -1, 0.5, 1, 2, 23, 24, 25, 168, 8784, 8785, 10_000, 10_001, 1e9, 1e9 + 1,
                     "<script>alert(1)</script>", '<a href="https://x">y</a>', "=cmd()", "\u202e", "\x00", "A"]),
    st.integers(min_value=-2**70, max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.floats(min_value=0, max_value=2e9, allow_nan=False), min_size=1, max_size=48),
)


def _paths(d, prefix=()):
    yield prefix
    if isinstance(d, dict):
        for k, v in d.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(d, list):
        for i, v in enumerate(d):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutated_scenario(draw):
    d = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(d) if p]
        path = draw(st.sampled_from(paths))
        parent = d
        for part in path[:-1]:
            parent = parent[part]
        op = draw(st.sampled_from(["replace", "replace", "replace", "delete", "extra", "grow"]))
        key = path[-1]
        if op == "replace":
            parent[key] = draw(HOSTILE)
        elif op == "delete":
            del parent[key]
        elif op == "extra" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["extra", "Name", "services ", "<b>"]))] = draw(HOSTILE)
        elif op == "grow" and isinstance(parent, list):
            parent.extend(copy.deepcopy(parent) * draw(st.integers(1, 3)))
    fmt = draw(st.sampled_from(["yaml", "json"]))
    try:
        text = yaml.safe_dump(d) if fmt == "yaml" else json.dumps(d)
    except (ValueError, TypeError, RecursionError):
        text = json.dumps(d, default=str)
        fmt = "json"
    return fmt, text


def fuzz_mutated(fmt_text) -> None:
    fmt, text = fmt_text
    count("mutated scenarios", outcome_of_scenario(lambda: IO.read_scenario(text, fmt)))


SETTINGS = dict(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


@settings(max_examples=QUICK["mutated"], **SETTINGS)
@given(mutated_scenario())
def test_mutated_scenarios_quick(fmt_text):
    fuzz_mutated(fmt_text)


def test_a_service_that_never_gets_a_node_has_blank_cpu_utilization():
    """Found by the slow set (CI, 2026-12-01): ``cluster.max_nodes: 1`` on the default scenario. One
    m5.xlarge holds B's and C's first pods, so A's two pods stay pending all day: no ready pod, nothing
    for the HPA to read. Its hourly CPU utilization is blank (not 0 %, which would claim an idle
    service), every step says NoReadyPods, its whole load is short, and the CSV cell is empty."""
    d = copy.deepcopy(BASE)
    d["cluster"]["max_nodes"] = 1
    p = planner.plan(IO.read_scenario(json.dumps(d), "json"))
    assert_consistent_plan(p)
    a = p.hourly[p.hourly.service == "A"]
    assert a.cpu_utilization_frac.isna().all() and (a.ready_pods == 0).all()
    assert (a.shortfall_requests == a.load_requests).all()
    assert set(p.steps[p.steps.service == "A"].hpa_reason) == {"NoReadyPods"}
    assert p.hourly[p.hourly.service != "A"].cpu_utilization_frac.notna().any()
    header, first = (line.split(",") for line in p.hourly.to_csv(index=False).splitlines()[:2])
    assert first[header.index("service")] == "A" and first[header.index("cpu_utilization_frac")] == ""


@pytest.mark.slow
@settings(max_examples=SLOW["mutated"], **SETTINGS)
@given(mutated_scenario())
def test_mutated_scenarios_slow(fmt_text):
    fuzz_mutated(fmt_text)


# --- hostile files (bytes, by name) --------------------------------------------------------------------
def _bomb(levels: int, width: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["1"] * width) + "]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "\n".join(lines) + f"\nservices: [{{name: a, load_requests_per_s: *a{levels - 1}}}]\n"


GOOD_YAML = IO.dump_scenario(planner.default_scenario())
GOOD_JSON = IO.dump_scenario(planner.default_scenario(), "json")


@st.composite
def hostile_file(draw):
    kind = draw(st.sampled_from(["deep", "bomb", "bytes", "splice", "dupkey", "bignum", "tags", "docs", "html",
                                 "bom", "truncate"]))
    name = draw(st.sampled_from(["s.yaml", "s.yml", "s.json", "r.html", "s.txt"]))
    if kind == "deep":
        n = draw(st.integers(20, 200_000))
        opener = draw(st.sampled_from(["[", "{\"a\": ", "- ", "{a: "]))
        data = ("services: " + opener * n).encode()
    elif kind == "bomb":
        data = _bomb(draw(st.integers(2, 12)), draw(st.integers(2, 12))).encode()
    elif kind == "bytes":
        data = draw(st.binary(max_size=2000))
    elif kind == "splice":
        base = draw(st.sampled_from([GOOD_YAML, GOOD_JSON])).encode()
        i = draw(st.integers(0, len(base)))
        data = base[:i] + draw(st.binary(min_size=1, max_size=20)) + base[i:]
    elif kind == "dupkey":
        data = (GOOD_YAML + "name: again\n").encode() if draw(st.booleans()) else \
            GOOD_JSON.replace('"name":', '"name": "x", "name":', 1).encode()
    elif kind == "bignum":
        digits = draw(st.integers(19, 6000))
        data = GOOD_YAML.replace("max_replicas: 30", "max_replicas: " + "9" * digits, 1).encode()
    elif kind == "tags":
        tag = draw(st.sampled_from(["!!python/object/apply:os.system ['x']", "!!binary aGk=", "!!set {a}", "!custom x",
                                    "!!omap [a: 1]", "!!timestamp 2001-01-01", "&a [*a]", "*undefined"]))
        data = (GOOD_YAML + f"description: {tag}\n").encode()
    elif kind == "docs":
        data = (GOOD_YAML + "---\n" + GOOD_YAML).encode()
    elif kind == "html":
        inner = draw(st.sampled_from([GOOD_JSON, "[" * 100_000, "{}", "[]", "not json", GOOD_JSON * 2, ""]))
        data = (f"<html><body><script type=\"application/json\" id=\"planner-scenario\">{inner}</script>"
                "</body></html>").encode()
    elif kind == "bom":
        data = b"\xef\xbb\xbf" + GOOD_YAML.encode()
    else:
        base = GOOD_JSON.encode()
        data = base[: draw(st.integers(0, len(base)))]
    return data, name


def fuzz_file(data_name) -> None:
    data, name = data_name
    count("hostile files", outcome_of_scenario(lambda: IO.parse_scenario_file(data, name)))


@settings(max_examples=QUICK["files"], **SETTINGS)
@given(hostile_file())
def test_hostile_files_quick(data_name):
    fuzz_file(data_name)


@pytest.mark.slow
@settings(max_examples=SLOW["files"], **SETTINGS)
@given(hostile_file())
def test_hostile_files_slow(data_name):
    fuzz_file(data_name)


# --- load uploads (CSV / Excel) -----------------------------------------------------------------------
CELL = st.one_of(st.floats(allow_nan=True, allow_infinity=True).map(repr), st.integers(-10**20, 10**20).map(str),
                 st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8),
                 st.sampled_from(["", "NaN", "inf", "1e999", "=1+1", "-1", "１２", "1,5", "\x00"]))


@st.composite
def upload(draw):
    cols = draw(st.integers(1, 5))
    rows = draw(st.sampled_from([0, 1, 23, 24, 25, 168, 200]))
    names = st.sampled_from(["A", "B", "C", "web", "api", "서비스"])
    header = ["hour"] + [draw(st.one_of(names, names, names, st.text(max_size=70))) for _ in range(cols)]
    sep = draw(st.sampled_from([",", ";", "\t"]))
    lines = [sep.join(header)]
    bad = draw(st.sampled_from([0, 0, 0.02, 0.3]))  # share of hostile cells: half the files have none
    for h in range(rows):
        cells = [str(h) if draw(st.floats(0, 1)) >= bad else draw(CELL)] + [
            draw(CELL) if draw(st.floats(0, 1)) < bad else f"{draw(st.floats(0, 1e4)):.1f}" for _ in range(cols)]
        lines.append(sep.join(c.replace(sep, " ").replace("\n", " ") for c in cells))
    data = "\n".join(lines).encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "cp949"])), "replace")
    if draw(st.integers(0, 9)) == 0:
        data = draw(st.binary(max_size=500))
    return data, draw(st.sampled_from(["load.csv"] * 6 + ["load.txt", "load.xlsx", "load.xls", "load"]))


def fuzz_upload(data_name) -> None:
    data, name = data_name
    with alarm():
        try:
            frame, meta = read_load_file(data, name)
        except LoadFileError as exc:
            assert str(exc).strip() and len(str(exc)) < 20_000
            count("uploads", "clear error")
            return
    values = frame.to_numpy(dtype=float)
    assert values.size and (values >= 0).all() and (values < float("inf")).all()
    count("uploads", "plan")  # a load table the page accepts


@settings(max_examples=QUICK["uploads"], **SETTINGS)
@given(upload())
def test_uploads_quick(data_name):
    fuzz_upload(data_name)


@pytest.mark.slow
@settings(max_examples=SLOW["uploads"], **SETTINGS)
@given(upload())
def test_uploads_slow(data_name):
    fuzz_upload(data_name)


# --- URL payloads ------------------------------------------------------------------------------------------
@st.composite
def url_payload(draw):
    kind = draw(st.sampled_from(["mutated", "random", "zipbomb", "deep", "notjson", "truncated", "long"]))
    if kind == "mutated":
        fmt, text = draw(mutated_scenario())
        d = yaml.safe_load(text) if fmt == "yaml" else json.loads(text)
        return IO.encode_scenario_url(d) if isinstance(d, dict) else "x"
    if kind == "random":
        return draw(st.text(max_size=200))
    if kind == "zipbomb":
        raw = b"[" * draw(st.integers(1, 50)) + b" " * draw(st.sampled_from([10**3, 10**6, 3 * 10**7]))
    elif kind == "deep":
        raw = b"[" * draw(st.integers(33, 200_000))
    elif kind == "notjson":
        raw = draw(st.binary(max_size=300))
    elif kind == "truncated":
        full = base64.urlsafe_b64encode(zlib.compress(GOOD_JSON.encode())).decode()
        return full[: draw(st.integers(0, len(full)))]
    else:
        return "A" * draw(st.sampled_from([10, IO.MAX_URL_CHARS + 1]))
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def fuzz_url(text) -> None:
    count("URL payloads", outcome_of_scenario(lambda: planner.validate_scenario(IO.decode_scenario_url(text))))


@settings(max_examples=QUICK["urls"], **SETTINGS)
@given(url_payload())
def test_url_payloads_quick(text):
    fuzz_url(text)


@pytest.mark.slow
@settings(max_examples=SLOW["urls"], **SETTINGS)
@given(url_payload())
def test_url_payloads_slow(text):
    fuzz_url(text)


# --- exports of hostile names ------------------------------------------------------------------------------
NAME = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=64).map(str.strip) \
    .filter(lambda s: 0 < len(s)) | st.sampled_from(["<script>alert(1)</script>", "=HYPERLINK(\"http://x\")",
                                                     '<a href="https://x">y</a>', "%{y}", "@SUM(A1)", "+1", "-1"])


def fuzz_export(names) -> None:
    from planner.report import render

    d = copy.deepcopy(BASE)
    for s, n in zip(d["services"], names):
        s["name"] = n
    d["name"] = names[0]
    with alarm(60):
        try:
            p = planner.plan(planner.validate_scenario(d))
        except ScenarioError as exc:  # e.g. two names equal after stripping
            assert_clear_error(exc)
            count("exports", "clear error")
            return
        html_text = render(p, "html").decode()
        md = render(p, "md").decode()
        files = __import__("zipfile").ZipFile(__import__("io").BytesIO(render(p, "csv")))
        csv_text = "".join(files.read(f).decode() for f in files.namelist() if f.endswith(".csv"))
    body = html_text.split("<main>", 1)[1].split("</main>", 1)[0]
    for n in names:
        if "<" in n:
            assert n not in body and n not in md.replace("\\<", "<") or n.replace("<", "&lt;") in md
    for line in csv_text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@", "\t", "\r")) or cell.startswith("'"), cell
    for fig in __import__("planner.charts", fromlist=["x"]).all_figures(p).values():
        for tr in fig.data:
            assert "<" not in (tr.name or ""), tr.name
    count("exports", "plan")


@settings(max_examples=QUICK["exports"], **SETTINGS)
@given(st.lists(NAME, min_size=3, max_size=3, unique=True))
@example(["<script>alert(1)</script>", '=HYPERLINK("http://x")', '<a href="https://x">y</a>'])  # markup + formula
def test_exports_of_hostile_names_quick(names):
    fuzz_export(names)


@pytest.mark.slow
@settings(max_examples=SLOW["exports"], **SETTINGS)
@given(st.lists(NAME, min_size=3, max_size=3, unique=True))
def test_exports_of_hostile_names_slow(names):
    fuzz_export(names)
