"""The package's shape (docs/architecture.md): imports point one way, no circles, streamlit only in
planner/ui, the computing core never imports the edges, and functions stay short enough to read at
once (150 lines; planner/reference.py is exempt, being the literal contract)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "planner"
MAX_FUNCTION_LINES = 150

#: the computing core: never imports the edges (UI, CLI, reports, charts, wording)
CORE = ("planner.scenario", "planner.scenario_io", "planner.catalog", "planner.allocatable", "planner.packing",
        "planner.hpa", "planner.ca", "planner.engine", "planner.asis", "planner.pricing", "planner.risk",
        "planner.frames", "planner.planning", "planner.forecast", "planner.result")
EDGES = ("planner.ui", "planner.cli", "planner.report", "planner.charts", "planner.bench")


def _modules() -> dict[str, Path]:
    mods = {}
    for path in PKG.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        mods[name[: -len(".__init__")] if name.endswith(".__init__") else name] = path
    return mods


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Modules of the package (and streamlit) that ``name`` imports, anywhere in the file."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = name.split(".")
                keep = len(parts) - node.level + (1 if path.name == "__init__.py" else 0)
                base = ".".join(parts[:keep] + ([node.module] if node.module else []))
            for cand in [base] + [f"{base}.{a.name}" for a in node.names]:
                if cand in MODULES or cand.split(".")[0] == "streamlit":
                    out.add(cand)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name in MODULES or a.name.split(".")[0] == "streamlit")
    # a module importing its own ancestors (package __init__) is not a dependency between concepts
    return {d for d in out if d != name and not name.startswith(d + ".") and not d.startswith(name + ".")}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _in(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_no_import_circle():
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(u: str, stack: list[str]) -> None:
        state[u] = 1
        stack.append(u)
        for v in sorted(GRAPH.get(u, ())):
            if state.get(v) == 1:
                cycles.append(" -> ".join(stack[stack.index(v):] + [v]))
            elif not state.get(v):
                visit(v, stack)
        stack.pop()
        state[u] = 2

    for m in sorted(GRAPH):
        if not state.get(m):
            visit(m, [])
    assert not cycles, cycles


def test_streamlit_only_in_the_ui():
    users = sorted(m for m, deps in GRAPH.items() if any(d.split(".")[0] == "streamlit" for d in deps))
    assert users and all(m.startswith("planner.ui.") for m in users), users


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _in(m, CORE)))
def test_the_core_does_not_import_the_edges(module):
    wrong = sorted(d for d in GRAPH[module] if _in(d, EDGES))
    assert not wrong, f"{module} imports {wrong}"


def test_functions_are_short():
    long = []
    for name, path in MODULES.items():
        if name == "planner.reference":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.name} ({n} lines)")
    assert not long, long


def test_architecture_doc_names_every_module():
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = sorted(m for m in MODULES if m.count(".") and f"`{m.split('.', 1)[1].replace('.', '/')}" not in doc
                     and m.split(".")[1] not in ("data",))
    assert not missing, f"docs/architecture.md does not describe {missing}"
