"""Generate the scenario field reference (docs/scenario-reference.md) from the model itself,
so the documented defaults can never drift from the code: ``python -m planner.scenario_doc``."""

from __future__ import annotations

import sys
import typing
from pathlib import Path

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from planner.scenario import Scenario

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "scenario-reference.md"


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Literal:
        return " \\| ".join(repr(a) for a in typing.get_args(tp))
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(_type_name(a) for a in typing.get_args(tp))
    if origin is tuple:
        args = typing.get_args(tp)
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is dict:
        return f"mapping of name to {_type_name(typing.get_args(tp)[1])}"
    if origin is typing.Annotated:
        return _type_name(typing.get_args(tp)[0])
    if tp is type(None):
        return "null"
    return getattr(tp, "__name__", str(tp))


def _model_of(tp):
    for a in (tp, *typing.get_args(tp)):
        if isinstance(a, type) and issubclass(a, BaseModel):
            return a
        for b in typing.get_args(a):
            if isinstance(b, type) and issubclass(b, BaseModel):
                return b
    return None


def _default(f) -> str:
    if f.default is not PydanticUndefined:
        d = f.default
    elif f.default_factory is not None:
        d = f.default_factory()
    else:
        return "**required**"
    if isinstance(d, BaseModel):
        return "(see below)"
    if isinstance(d, tuple):
        return "[]" if not d else "(see below)" if isinstance(d[0], BaseModel) else str(list(d))
    return f"`{d!r}`" if d is not None else "`null`"


def rows(model: type[BaseModel], prefix: str = "") -> list[str]:
    out = []
    nested = []
    for name, f in model.model_fields.items():
        path = f"{prefix}{name}"
        sub = _model_of(f.annotation)
        kind = typing.get_origin(f.annotation)
        out.append(f"| `{path}` | {_type_name(f.annotation)} | {_default(f)} | {(f.description or '').replace('|', '/')} |")
        if sub is not None:
            nested.append((f"{path}[]." if kind is tuple else f"{path}.<name>." if kind is dict else f"{path}.", sub))
    for p, sub in nested:
        out += rows(sub, p)
    return out


def render() -> str:
    head = ["# Scenario reference", "",
            "Generated from `planner/scenario.py` by `python -m planner.scenario_doc`; a test keeps it current.",
            "Units are in the names (`_s` seconds, `_mib` MiB, `_millicores`, `_usd_per_hour`, `_frac` 0-1).", "",
            "| field | type | default | meaning |", "|---|---|---|---|"]
    return "\n".join(head + rows(Scenario)) + "\n"


if __name__ == "__main__":
    DOC_PATH.write_text(render())
    sys.stdout.write(f"wrote {DOC_PATH}\n")
