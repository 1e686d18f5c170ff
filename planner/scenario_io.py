"""The one reader and writer of scenarios: files, uploads, the app's URL and HTML reports.

Every way a scenario comes in goes through :func:`read_scenario_data` (then
:func:`planner.scenario.validate_scenario`): a ``.yaml``/``.yml``/``.json`` file (CLI, Python API,
the app's library), an upload in the app, the app's URL (``?s=``, :func:`decode_scenario_url`) and
the scenario embedded in an HTML report (:func:`extract_scenario_from_html`). Hostile input gets a
:class:`~planner.scenario.ScenarioError` naming the line or the limit, never a traceback or a hang:

* size: at most :data:`MAX_SCENARIO_BYTES` of scenario text (:data:`MAX_HTML_BYTES` for a whole
  HTML report, :data:`MAX_URL_CHARS` for a link, whose decompression stops at the text limit);
* encoding: UTF-8 (a byte-order mark is allowed); the error names the line of the first bad byte;
* nesting: at most :data:`MAX_NESTING_DEPTH` levels of lists and mappings (a scenario needs 7);
* values: at most :data:`MAX_NODES` values, keys and collections after expanding YAML aliases, so a
  small alias "bomb" is refused before it is expanded (YAML is read event by event, never
  recursively);
* duplicate keys are refused with their line (YAML and JSON parsers would keep the last one);
* one YAML document per file; only the standard tags of the YAML safe schema.

Writing: :func:`dump_scenario` (YAML or JSON) and :func:`scenario_to_dict` round-trip exactly; the
HTML report embeds its scenario with :func:`scenario_script`; :func:`encode_scenario_url` is the
app's link.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from html.parser import HTMLParser
from pathlib import Path, PurePath
from typing import Any, Literal

import yaml

from planner.scenario import (Cluster, CostLines, Forecast, Pricing, Scenario, ScenarioError, short_repr,
                              validate_scenario)

#: Largest scenario text [bytes] (file, upload, decompressed link, embedded in a report): 10 MiB
#: holds about a million hourly values, e.g. 100 services x 14 months; bigger fleets go through the
#: Python API (``planner.plan``) or the streaming engine (``planner bench``).
MAX_SCENARIO_BYTES = 10 * 2**20
#: Largest HTML report read back [bytes]: a report inlines plotly.js (about 5 MB) and its charts.
MAX_HTML_BYTES = 64 * 2**20
#: Longest scenario link (``?s=`` of the app) [characters]; browsers keep URLs up to about 2 MB.
MAX_URL_CHARS = 2 * 10**6
#: Deepest nesting of lists and mappings (the scenario itself is 7 deep: services, hpa, policies, ...).
MAX_NESTING_DEPTH = 32
#: Most values + keys + collections in one scenario after expanding YAML aliases.
MAX_NODES = 2_000_000

Format = Literal["yaml", "json", "html"]
_SUFFIX_FORMAT: dict[str, Format] = {".yaml": "yaml", ".yml": "yaml", ".json": "json", ".html": "html", ".htm": "html"}


def _err(msg: str, line: int | None = None) -> ScenarioError:
    return ScenarioError([("", f"line {line}: {msg}" if line is not None else msg)])


def format_of(name: str | PurePath) -> Format:
    """The format of a file by its suffix (``.json``, ``.html``/``.htm``; anything else is YAML)."""
    return _SUFFIX_FORMAT.get(PurePath(name).suffix.lower(), "yaml")


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n:,} bytes"


def decode_text(data: bytes, what: str = "the scenario", limit: int = MAX_SCENARIO_BYTES) -> str:
    """``data`` as text: at most ``limit`` bytes of UTF-8 (a byte-order mark is dropped)."""
    if len(data) > limit:
        raise _err(f"{what} is {_mib(len(data))}; the limit is {_mib(limit)} "
                   "(split the scenario, or use JSON through the Python API for bigger fleets)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise _err(f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02x} at position {exc.start:,}); "
                   "save it as UTF-8", line) from None


# --- YAML, event by event ----------------------------------------------------------------------
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it (the PyPI wheels do)
_PLAIN_INT = re.compile(r"-?(?:0|[1-9][0-9]*)\Z")
_PLAIN_FLOAT = re.compile(r"-?[0-9]+\.[0-9]+\Z")
_MAP_TAGS = (None, "!", "tag:yaml.org,2002:map")
_SEQ_TAGS = (None, "!", "tag:yaml.org,2002:seq")
_MERGE = "<<"


class _Frame:
    __slots__ = ("value", "anchor", "start_nodes", "height", "key", "key_line", "own", "merges", "line")

    def __init__(self, value: Any, anchor: str | None, start_nodes: int, line: int) -> None:
        self.value = value
        self.anchor = anchor
        self.start_nodes = start_nodes
        self.height = 0
        self.key: Any = _NO_KEY
        self.key_line = line
        self.own: set = set()
        self.merges: list[Any] = []
        self.line = line


_NO_KEY = object()


class _YamlBuilder:
    """Builds plain data from the parser's events with an explicit stack (no recursion), counting
    values after alias expansion and the nesting depth as it goes."""

    def __init__(self, text: str) -> None:
        self.loader = _Loader(text)
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # name -> (value, expanded nodes, height)
        self.nodes = 0
        self.result: Any = None
        self.documents = 0

    def build(self) -> Any:
        try:
            while self.loader.check_event():
                self._event(self.loader.get_event())
        finally:
            self.loader.dispose()
        return self.result

    def _count(self, n: int, line: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise _err(f"more than {MAX_NODES:,} values (after expanding aliases); the limit keeps reading "
                       "bounded: split the scenario or shorten the load profiles", line)

    def _event(self, ev: Any) -> None:
        line = ev.start_mark.line + 1 if ev.start_mark is not None else None
        if isinstance(ev, yaml.ScalarEvent):
            self._count(1, line)
            value = self._scalar(ev)
            if ev.anchor:
                self.anchors[ev.anchor] = (value, 1, 0)
            self._emit(value, 0, line, ev)
        elif isinstance(ev, yaml.AliasEvent):
            if ev.anchor not in self.anchors:
                raise _err(f"alias *{short_repr(ev.anchor, 40)} refers to no anchor defined before it", line)
            value, n, height = self.anchors[ev.anchor]
            self._count(n, line)
            if len(self.stack) + height > MAX_NESTING_DEPTH:
                raise self._too_deep(line)
            self._emit(value, height, line, ev)
        elif isinstance(ev, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            is_map = isinstance(ev, yaml.MappingStartEvent)
            if ev.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                raise _err(f"tag {short_repr(ev.tag, 40)} is not allowed in a scenario (plain YAML only)", line)
            if len(self.stack) >= MAX_NESTING_DEPTH:
                raise self._too_deep(line)
            self._count(1, line)
            self.stack.append(_Frame({} if is_map else [], ev.anchor, self.nodes - 1, line))
        elif isinstance(ev, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            f = self.stack.pop()
            if f.merges:
                self._merge(f)
            if f.anchor:
                self.anchors[f.anchor] = (f.value, self.nodes - f.start_nodes, f.height + 1)
            self._emit(f.value, f.height + 1, f.line, ev)
        elif isinstance(ev, yaml.DocumentStartEvent):
            self.documents += 1
            if self.documents > 1:
                raise _err("a scenario file holds one YAML document; found a second one (---)", line)

    @staticmethod
    def _too_deep(line: int | None) -> ScenarioError:
        return _err(f"nested more than {MAX_NESTING_DEPTH} levels deep (a scenario needs 7)", line)

    def _scalar(self, ev: Any) -> Any:
        plain = ev.implicit[0] and ev.style is None
        if ev.tag is None and plain:
            v = ev.value
            if _PLAIN_INT.match(v):  # the common cases, as the safe resolver reads them, without its regexes
                return int(v)
            if _PLAIN_FLOAT.match(v):
                return float(v)
        tag = ev.tag if ev.tag not in (None, "!") else self.loader.resolve(yaml.ScalarNode, ev.value, ev.implicit)
        if tag == "tag:yaml.org,2002:merge":
            return _MergeKey()
        node = yaml.ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
        try:
            return self.loader.construct_object(node)
        except ValueError as exc:  # e.g. an integer of more than 4,300 digits
            raise _err(f"{short_repr(ev.value, 40)} cannot be read: {exc}", ev.start_mark.line + 1) from None

    def _emit(self, value: Any, height: int, line: int | None, ev: Any) -> None:
        if not self.stack:
            self.result = value
            return
        f = self.stack[-1]
        f.height = max(f.height, height)
        if isinstance(f.value, list):
            f.value.append(value)
        elif f.key is _NO_KEY:
            if isinstance(value, (list, dict)):
                raise _err("a mapping key must be a plain value (text or a number), not a list or mapping", line)
            f.key, f.key_line = value, line
        else:
            key, f.key = f.key, _NO_KEY
            if isinstance(key, _MergeKey):
                f.merges.append((value, f.key_line))
                return
            if key in f.own:
                raise _err(f"duplicate key {short_repr(key, 60)} (first given above); give each key once",
                           f.key_line)
            f.own.add(key)
            f.value[key] = value

    @staticmethod
    def _merge(f: _Frame) -> None:
        """YAML merge keys (``<<: *base``): keys the mapping sets itself win, then earlier merges."""
        for value, line in f.merges:
            sources = value if isinstance(value, list) else [value]
            for src in sources:
                if not isinstance(src, dict):
                    raise _err("a merge key (<<) takes a mapping or a list of mappings", line)
                for k, v in src.items():
                    f.value.setdefault(k, v)


class _MergeKey:
    __slots__ = ()

    def __hash__(self) -> int:
        return id(self)


def _parse_yaml(text: str) -> Any:
    try:
        return _YamlBuilder(text).build()
    except yaml.reader.ReaderError as exc:  # a control character: no mark, a position in the text
        ch = exc.character if isinstance(exc.character, str) else chr(exc.character)
        raise _err(f"character U+{ord(ch):04X} is not allowed in YAML (control characters are not); "
                   "save the file as plain text", text.count("\n", 0, exc.position) + 1) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark is not None else None
        if "nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
            raise _YamlBuilder._too_deep(line) from None
        raise _err(f"not valid YAML/JSON: {short_repr(problem, 200, quote=False)}", line) from None


# --- JSON --------------------------------------------------------------------------------------
class _Duplicate(Exception):
    pass


def _pairs_no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _Duplicate()
    return out


def _json_problem_line(text: str, *, depth_limit: int | None) -> tuple[int | None, str]:
    """Where the first duplicate key (or the first level past ``depth_limit``) is: ``(line, key)``.

    Only on the error path: a scan of brackets outside strings for depth, the pure-Python decoder
    (which knows each object's start) for duplicates."""
    if depth_limit is not None:
        depth = 0
        for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', text):
            c = m.group()
            if c in "[{":
                depth += 1
                if depth > depth_limit:
                    return text.count("\n", 0, m.start()) + 1, ""
            elif c in "]}":
                depth -= 1
        return None, ""
    found: list[tuple[int, str]] = []
    orig = json.decoder.JSONObject

    def parse_object(s_and_end, strict, scan_once, object_hook, object_pairs_hook, memo=None):
        s, start = s_and_end
        pairs, end = orig(s_and_end, strict, scan_once, None, lambda p: p, memo)
        seen: set[str] = set()
        for k, _ in pairs:
            if k in seen and not found:
                found.append((s.count("\n", 0, start) + 1, k))
            seen.add(k)
        return dict(pairs), end

    dec = json.JSONDecoder()
    dec.parse_object = parse_object
    dec.scan_once = json.scanner.py_make_scanner(dec)
    try:
        dec.decode(text)
    except ValueError:
        pass
    return found[0] if found else (None, "")


def _parse_json(text: str) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_pairs_no_duplicates)
    except _Duplicate:
        line, key = _json_problem_line(text, depth_limit=None)
        raise _err(f"duplicate key {short_repr(key, 60)} in the object starting on this line; give each key once",
                   line) from None
    except RecursionError:
        line, _ = _json_problem_line(text, depth_limit=MAX_NESTING_DEPTH)
        raise _err(f"nested more than {MAX_NESTING_DEPTH} levels deep (a scenario needs 7)", line) from None
    except json.JSONDecodeError as exc:
        raise _err(f"not valid JSON: {exc.msg}", exc.lineno) from None
    except ValueError as exc:  # an integer of more than 4,300 digits
        m = re.search(r"[0-9]{4300,}", text)
        raise _err(f"not valid JSON: {short_repr(str(exc), 200, quote=False)}",
                   text.count("\n", 0, m.start()) + 1 if m else None) from None
    nodes, depth = _measure(data)
    if depth > MAX_NESTING_DEPTH:
        line, _ = _json_problem_line(text, depth_limit=MAX_NESTING_DEPTH)
        raise _err(f"nested more than {MAX_NESTING_DEPTH} levels deep (a scenario needs 7)", line)
    if nodes > MAX_NODES:
        raise _err(f"more than {MAX_NODES:,} values; the limit keeps reading bounded: split the scenario or "
                   "shorten the load profiles")
    return data


def _measure(data: Any) -> tuple[int, int]:
    """``(values + keys + collections, nesting depth)`` of parsed JSON, iteratively; stops counting
    once past the limits."""
    nodes, depth = 1, 0
    todo = [(data, 1)] if isinstance(data, (list, dict)) else []
    while todo:
        x, d = todo.pop()
        depth = max(depth, d)
        if depth > MAX_NESTING_DEPTH or nodes > MAX_NODES:
            break
        items = x.values() if isinstance(x, dict) else x
        nodes += len(x) * (2 if isinstance(x, dict) else 1)
        todo.extend((v, d + 1) for v in items if isinstance(v, (list, dict)))
    return nodes, depth


# --- reading -----------------------------------------------------------------------------------
def read_scenario_data(data: bytes | str, fmt: Format = "yaml", what: str = "the scenario") -> Any:
    """Plain data (not yet validated) from scenario bytes or text in ``fmt``, within the limits above."""
    if fmt == "html":
        return extract_scenario_from_html(data, what)
    if isinstance(data, bytes):
        text = decode_text(data, what)
    else:
        if len(data) > MAX_SCENARIO_BYTES:  # a character is at least one byte
            raise _err(f"{what} is over {_mib(MAX_SCENARIO_BYTES)}, the limit")
        text = data.lstrip("\ufeff")
    return _parse_json(text) if fmt == "json" else _parse_yaml(text)


def read_scenario(data: bytes | str, fmt: Format = "yaml", what: str = "the scenario") -> Scenario:
    """A validated :class:`Scenario` from bytes or text in ``fmt`` (``yaml``, ``json`` or ``html``)."""
    return validate_scenario(read_scenario_data(data, fmt, what))


def parse_scenario_text(text: str, fmt: str | None = None) -> Scenario:
    """Parse YAML or JSON text (``fmt="json"`` reads strict JSON; anything else YAML, which includes JSON)."""
    return read_scenario(text, "json" if fmt == "json" else "yaml")


def parse_scenario_file(data: bytes, name: str) -> Scenario:
    """A scenario from an uploaded file's bytes, by its name's suffix (.yaml/.yml/.json/.html/.htm)."""
    return read_scenario(data, format_of(name), name)


def load_scenario(path: str | Path) -> Scenario:
    """Read a scenario from a .yaml/.yml/.json file (or an HTML report that embeds one)."""
    p = Path(path)
    fmt = format_of(p)
    limit = MAX_HTML_BYTES if fmt == "html" else MAX_SCENARIO_BYTES
    try:
        with p.open("rb") as f:
            data = f.read(limit + 1)  # never more than the limit into memory
    except OSError as exc:
        raise ScenarioError([("", f"cannot read {p}: {exc.strerror}")]) from None
    if len(data) > limit:
        raise _err(f"{p.name} is over {_mib(limit)}, the limit for a {'report' if fmt == 'html' else 'scenario'} file")
    return read_scenario(data, fmt, p.name)


#: The built-in scenario (A daytime web, B evening peak, C night batch), shipped in the package.
DEFAULT_SCENARIO_RESOURCE = ("scenarios", "default.yaml")


def default_scenario() -> Scenario:
    """The built-in scenario: services A (daytime web), B (evening peak), C (night batch)."""
    from planner.datafiles import read_bytes

    return read_scenario(read_bytes(*DEFAULT_SCENARIO_RESOURCE), "yaml", "default.yaml")


# --- writing -----------------------------------------------------------------------------------
def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """Plain data, lossless: ``validate_scenario(scenario_to_dict(s)) == s``."""
    return scenario.model_dump(mode="json")


def dump_scenario(scenario: Scenario, fmt: Literal["yaml", "json"] = "yaml") -> str:
    """Serialize to YAML or JSON text (round-trips exactly through :func:`parse_scenario_text`)."""
    data = scenario_to_dict(scenario)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


# --- the app's URL -----------------------------------------------------------------------------
#: Top-level sections a link leaves out while they equal their defaults (the decoder puts them back),
#: so the default scenario's link stays short.
URL_DEFAULT_SECTIONS = ("pricing", "costs", "forecast")


def _section_defaults() -> dict[str, Any]:
    return {"pricing": Pricing().model_dump(mode="json"), "costs": CostLines().model_dump(mode="json"),
            "forecast": Forecast().model_dump(mode="json")}


#: Sections whose keys a link leaves out while they equal the default (the decoder puts them back).
URL_DEFAULT_KEYS = ("cluster",)


def _key_defaults() -> dict[str, dict[str, Any]]:
    return {"cluster": Cluster().model_dump(mode="json")}


def encode_scenario_url(d: dict[str, Any]) -> str:
    """Compact URL-safe text of a scenario dict: JSON, zlib, base64url without padding."""
    defaults = _section_defaults()
    d = {k: v for k, v in d.items() if not (k in URL_DEFAULT_SECTIONS and v == defaults[k])}
    for sec, keys in _key_defaults().items():
        if isinstance(d.get(sec), dict):
            d[sec] = {k: v for k, v in d[sec].items() if not (k in keys and v == keys[k])}
    raw = json.dumps(d, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_scenario_url(text: str) -> dict[str, Any]:
    """Inverse of :func:`encode_scenario_url`, within the limits: at most :data:`MAX_URL_CHARS` of
    link and :data:`MAX_SCENARIO_BYTES` once decompressed (decompression stops there)."""
    if len(text) > MAX_URL_CHARS:
        raise _err(f"the scenario link is {len(text):,} characters; the limit is {MAX_URL_CHARS:,}")
    try:
        packed = base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii"))
        z = zlib.decompressobj()
        raw = z.decompress(packed, MAX_SCENARIO_BYTES + 1)
    except (ValueError, binascii.Error, zlib.error, UnicodeError) as exc:
        raise _err(f"not a scenario link ({exc.__class__.__name__})") from None
    if len(raw) > MAX_SCENARIO_BYTES:
        raise _err(f"the scenario link unpacks to more than {_mib(MAX_SCENARIO_BYTES)}, the limit")
    if not z.eof:
        raise _err("not a scenario link (the data is cut short)")
    data = read_scenario_data(raw, "json", "the scenario link")
    if not isinstance(data, dict):
        raise _err("not a scenario link (no mapping inside)")
    for key, value in _section_defaults().items():
        data.setdefault(key, value)
    for sec, keys in _key_defaults().items():
        if isinstance(data.get(sec), dict):
            if "provisioning_delay_s" in data[sec]:  # a link from before the start-up phases: it holds them
                keys = {k: v for k, v in keys.items() if k not in ("node_boot_s", "node_registration_s",
                                                                   "daemonset_ready_s")}
            data[sec] = {**keys, **data[sec]}
    return data


# --- the scenario inside an HTML report --------------------------------------------------------
SCRIPT_ID = "planner-scenario"
SCRIPT_TYPE = "application/json"


def _script_safe_json(data: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def scenario_script(scenario: Scenario | dict[str, Any]) -> str:
    """The ``<script type="application/json" id="planner-scenario">`` element holding ``scenario``.

    The JSON of :func:`scenario_to_dict`, with ``<``, ``>`` and ``&`` written as ``\\u003c``-style
    escapes so no user text can end the script element."""
    data = scenario_to_dict(scenario) if isinstance(scenario, Scenario) else scenario
    return f'<script type="{SCRIPT_TYPE}" id="{SCRIPT_ID}">\n{_script_safe_json(data)}\n</script>'


_EXISTING = re.compile(r'<script type="application/json" id="planner-scenario">.*?</script>', re.S)


def embed_scenario_in_html(html_text: str, scenario: Scenario | dict[str, Any]) -> str:
    """Return ``html_text`` with ``scenario`` embedded (replacing an embedded one, else before ``</body>``)."""
    tag = scenario_script(scenario)
    if _EXISTING.search(html_text):
        return _EXISTING.sub(lambda _: tag, html_text, count=1)
    idx = html_text.lower().rfind("</body>")
    if idx < 0:
        return html_text + "\n" + tag + "\n"
    return html_text[:idx] + tag + "\n" + html_text[idx:]


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.found = False
        self.size = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and not self.found and dict(attrs).get("id") == SCRIPT_ID:
            self.inside = self.found = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.size += len(data)
            if self.size > MAX_SCENARIO_BYTES:
                raise _err(f"the scenario embedded in this report is over {_mib(MAX_SCENARIO_BYTES)}, the limit")
            self.parts.append(data)


def extract_scenario_from_html(text: str | bytes, what: str = "the report") -> dict[str, Any]:
    """The scenario mapping embedded in an HTML report (validate it with ``validate_scenario``).

    Raises :class:`~planner.scenario.ScenarioError` when the page is over :data:`MAX_HTML_BYTES`,
    holds no embedded scenario, or it is not a JSON object within the limits."""
    if isinstance(text, bytes):
        text = decode_text(text, what, MAX_HTML_BYTES)
    elif len(text) > MAX_HTML_BYTES:
        raise _err(f"{what} is over {_mib(MAX_HTML_BYTES)}, the limit for a report")
    finder = _Finder()
    finder.feed(text)
    finder.close()
    if not finder.found:
        raise ScenarioError([("", f'no embedded scenario in this HTML file: expected <script type="{SCRIPT_TYPE}" '
                                  f'id="{SCRIPT_ID}">, which reports made by `planner report` contain; '
                                  "give the scenario .yaml/.json instead")])
    try:
        data = read_scenario_data("".join(finder.parts), "json")
    except ScenarioError as exc:
        raise ScenarioError([(p, f"the embedded scenario: {m}") for p, m in exc.problems]) from None
    if not isinstance(data, dict):
        raise ScenarioError([("", f"the embedded scenario must be a JSON object; got {type(data).__name__}")])
    return data


__all__ = ["DEFAULT_SCENARIO_RESOURCE", "MAX_HTML_BYTES", "MAX_NESTING_DEPTH", "MAX_NODES", "MAX_SCENARIO_BYTES",
           "MAX_URL_CHARS", "SCRIPT_ID", "SCRIPT_TYPE", "decode_scenario_url", "decode_text", "default_scenario",
           "dump_scenario", "embed_scenario_in_html", "encode_scenario_url", "extract_scenario_from_html",
           "format_of", "load_scenario", "parse_scenario_file", "parse_scenario_text", "read_scenario",
           "read_scenario_data", "scenario_script", "scenario_to_dict"]
