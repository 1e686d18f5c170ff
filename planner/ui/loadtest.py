"""Load test of the web app server: browser-less users over Streamlit's own websocket protocol.

Usage::

    python -m planner.ui.loadtest [--users 1,5,20] [--reruns 8] [--heavy] [--json] [--port N] [--timeout-s 300]

It starts ``streamlit run app.py`` on 127.0.0.1 (a free port; localhost only), then for each user
count N opens N sessions (``/_stcore/stream``, protobuf ``BackMsg``/``ForwardMsg`` as the browser
sends them). Each user loads the page on its Load section (``?view=load``), then edits the
scenario ``--reruns`` times (the growth input, a new value each time, so every re-run plans a new
scenario: no cache hit) and times each re-run from the message sent to ``script_finished``. Reported per N: re-runs done, p50 and p95
re-run time [s], and the server's resident memory (``VmRSS``, peak sampled while the users ran,
and at the end) [MiB].

``--heavy`` adds one more user that, for the whole test, edits a scenario at the app's work budget
(:data:`planner.scenario.APP_WORK_BUDGET`, the heaviest plan the page accepts) and one that sends a
scenario over it (refused at once): the others' p95 shows whether one user's plan stalls them.

Counts and time are bounded (``--users`` at most 50, ``--reruns`` at most 50, ``--timeout-s``
overall); the server is stopped at the end. Exit codes: 0 ok, 1 a session failed, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_USERS = 50
MAX_RERUNS = 50
GROWTH_KEY = "growth_pct"  #: the page's growth input (planner.ui.state.GLOBAL_CONTROLS), in percent
LOAD_VIEW = "view=load"  #: the address part that opens the Load section, where the growth input is
ROOT = Path(__file__).resolve().parent.parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid: int, field_name: str = "VmRSS") -> float:
    """Resident memory of process ``pid`` [MiB] (Linux ``/proc``)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field_name + ":"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


class AppServer:
    """``streamlit run app.py`` on 127.0.0.1 for the duration of a ``with`` block."""

    def __init__(self, port: int | None = None, app: Path = ROOT / "app.py") -> None:
        self.port = port or _free_port()
        self.app = app
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> "AppServer":
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.app), "--server.port", str(self.port),
             "--server.headless", "true", "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=self.app.parent, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("PLANNER_LOADTEST_LOG", os.devnull), "w"),
            env={**os.environ, "PLANNER_LIBRARY_DIR": os.environ.get("PLANNER_LIBRARY_DIR", "/tmp/planner-loadtest")})
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2).read() == b"ok":
                    return self
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.__exit__()
                raise RuntimeError("streamlit did not start")
            time.sleep(0.3)

    def __exit__(self, *exc: Any) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@dataclass
class Session:
    """One browser-less user: a websocket session that re-runs the page with widget states."""

    url: str
    query: str = ""
    widgets: dict[str, tuple[str, Any]] = field(default_factory=dict)  # user key -> (widget id, proto kind)
    errors: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)

    async def __aenter__(self) -> "Session":
        import websockets

        self.ws = await websockets.connect(self.url, subprotocols=["streamlit"], max_size=None, open_timeout=30)
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.ws.close()

    async def rerun(self, states: dict[str, Any] | None = None, timeout_s: float = 120.0,
                    raw: dict[str, tuple[str, Any]] | None = None) -> float:
        """Send a re-run with ``states`` (user key -> value) and wait for the script to finish [s].
        ``raw``: user key -> (WidgetState field, value), e.g. a data editor's ``json_value``."""
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = ""
        for key, value in (states or {}).items():
            wid, kind = self.widgets[key]
            w = msg.rerun_script.widget_states.widgets.add()
            w.id = wid
            setattr(w, kind, value)
        for key, (kind, value) in (raw or {}).items():
            w = msg.rerun_script.widget_states.widgets.add()
            w.id = self.widgets[key][0]
            setattr(w, kind, value)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        self.texts = []
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), timeout_s)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "delta":
                self._note(fm)
            elif kind == "script_finished":
                if fm.script_finished in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                    return time.perf_counter() - t0
                if fm.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                raise RuntimeError(f"script finished with status {fm.script_finished}")

    def _note(self, fm: Any) -> None:
        d = fm.delta
        if d.WhichOneof("type") != "new_element":
            return
        el = d.new_element
        which = el.WhichOneof("type")
        if which == "exception":
            self.errors.append(f"{el.exception.type}: {el.exception.message[:300]}")
            return
        if which in ("alert", "markdown") and hasattr(getattr(el, which), "body"):
            self.texts.append(getattr(el, which).body)
        widget = getattr(el, which, None)
        wid = getattr(widget, "id", "") if widget is not None else ""
        if wid:
            key = wid.rsplit("-", 1)[-1]
            if which == "number_input":
                self.widgets[key] = (wid, "int_value" if widget.data_type == widget.INT else "double_value")
            else:
                self.widgets[key] = (wid, which)


def _scenario_query(services: int, hours: int, step_s: int) -> str:
    from urllib.parse import quote

    from planner.scenario_io import encode_scenario_url

    d = {"name": f"heavy {services} x {hours} h", "simulation": {"step_s": step_s},
         "services": [{"name": f"s{i}", "load_requests_per_s": [100.0 + 50.0 * ((h + i) % 24) for h in range(hours)],
                       "hpa": {"min_replicas": 1, "max_replicas": 60}} for i in range(services)]}
    return "s=" + quote(encode_scenario_url(d))


async def _user(url: str, reruns: int, seed: int, times: list[float], errors: list[str], query: str = "",
                stop: asyncio.Event | None = None) -> None:
    async with Session(url, "&".join(q for q in (query, LOAD_VIEW) if q)) as s:
        await s.rerun()  # the first page load, on the Load section (only the open section is drawn)
        if GROWTH_KEY not in s.widgets:
            errors.append(f"no {GROWTH_KEY} input on the page")
            return
        i = 0
        while (stop is None and i < reruns) or (stop is not None and not stop.is_set()):
            # a new growth each time: a new scenario, so the plan is computed (no cache hit)
            times.append(await s.rerun({GROWTH_KEY: float(1 + (seed * 97 + i * 13) % 400) / 10.0}))
            i += 1
        errors.extend(s.errors)


async def _round(url: str, users: int, reruns: int, heavy: bool) -> dict[str, Any]:
    times: list[float] = []
    heavy_times: list[float] = []
    errors: list[str] = []
    stop = asyncio.Event()
    extra = []
    if heavy:
        from planner.scenario import APP_WORK_BUDGET

        hours = 168
        services = APP_WORK_BUDGET.max_service_steps // (hours * 240)  # at the budget with 15 s steps
        extra.append(asyncio.create_task(_user(url, 0, 999, heavy_times, errors, _scenario_query(services, hours, 15),
                                               stop)))
        extra.append(asyncio.create_task(_refused_user(url, errors)))
    await asyncio.gather(*(_user(url, reruns, k, times, errors) for k in range(users)))
    stop.set()
    await asyncio.gather(*extra)
    return {"times": times, "heavy_times": heavy_times, "errors": errors}


async def _refused_user(url: str, errors: list[str]) -> None:
    """A user whose link holds a scenario over the app's budget: the page must say so, at once."""
    async with Session(url, _scenario_query(400, 168, 15)) as s:
        t = await s.rerun()
        if not any("too big for the web app" in x for x in s.texts):
            errors.append("over-budget scenario was not refused")
        if t > 30:
            errors.append(f"refusal took {t:.1f} s")


def _pct(xs: list[float], q: float) -> float | None:
    if not xs:
        return None
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, int(round(q * (len(xs) - 1)))))]


def run(users_list: list[int], reruns: int, heavy: bool, port: int | None = None,
        timeout_s: float = 300.0) -> dict[str, Any]:
    """Start the server, run one round per user count, return the figures."""
    results = []
    with AppServer(port) as server:
        url = f"ws://127.0.0.1:{server.port}/_stcore/stream"
        pid = server.proc.pid
        asyncio.run(_warm(url))
        for n in users_list:
            peak = [rss_mib(pid)]
            done = threading.Event()

            def sample() -> None:
                while not done.wait(0.1):
                    peak.append(rss_mib(pid))

            th = threading.Thread(target=sample, daemon=True)
            th.start()
            t0 = time.perf_counter()
            try:
                r = asyncio.run(asyncio.wait_for(_round(url, n, reruns, heavy), timeout_s))
            finally:
                done.set()
                th.join()
            wall = time.perf_counter() - t0
            results.append({
                "users": n, "reruns": len(r["times"]), "wall_s": wall,
                "p50_s": _pct(r["times"], 0.5), "p95_s": _pct(r["times"], 0.95), "max_s": max(r["times"], default=None),
                "heavy_reruns": len(r["heavy_times"]), "heavy_p50_s": _pct(r["heavy_times"], 0.5),
                "server_rss_peak_mib": max(peak), "server_rss_end_mib": rss_mib(pid), "errors": r["errors"][:10]})
    return {"heavy": heavy, "reruns_per_user": reruns, "rounds": results}


async def _warm(url: str) -> None:
    """One session first, so JIT compilation and imports are not counted as load."""
    await _user(url, 2, 0, [], [])


def render_table(report: dict[str, Any]) -> str:
    lines = [f"re-runs per user: {report['reruns_per_user']}; heavy user at the app budget: {report['heavy']}",
             "users  re-runs  p50 [s]  p95 [s]  max [s]  server RSS peak / end [MiB]" +
             ("  heavy re-runs (p50 s)" if report["heavy"] else "")]
    for r in report["rounds"]:
        line = (f"{r['users']:>5}  {r['reruns']:>7}  {r['p50_s']:>7.3f}  {r['p95_s']:>7.3f}  {r['max_s']:>7.3f}  "
                f"{r['server_rss_peak_mib']:>10.0f} / {r['server_rss_end_mib']:.0f}")
        if report["heavy"]:
            line += f"  {r['heavy_reruns']:>5} ({r['heavy_p50_s'] or 0:.2f})"
        lines.append(line)
        if r["errors"]:
            lines.append(f"       errors: {r['errors']}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m planner.ui.loadtest", description=__doc__.splitlines()[0])
    ap.add_argument("--users", default="1,5,20", help="comma-separated concurrent user counts (each <= 50)")
    ap.add_argument("--reruns", type=int, default=8, help="edits per user per round (<= 50)")
    ap.add_argument("--heavy", action="store_true", help="add a user at the app's work budget and one over it")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--port", type=int)
    ap.add_argument("--timeout-s", type=float, default=300.0, help="per round")
    try:
        args = ap.parse_args(argv)
        users = [int(x) for x in args.users.split(",") if x.strip()]
    except (SystemExit, ValueError):
        return 2
    if not users or any(not 1 <= u <= MAX_USERS for u in users) or not 1 <= args.reruns <= MAX_RERUNS:
        print(f"error: users 1-{MAX_USERS} each, reruns 1-{MAX_RERUNS}", file=sys.stderr)
        return 2
    report = run(users, args.reruns, args.heavy, args.port, args.timeout_s)
    sys.stdout.write(json.dumps(report, indent=2) + "\n" if args.json else render_table(report))
    return 1 if any(r["errors"] for r in report["rounds"]) else 0


if __name__ == "__main__":
    raise SystemExit(main())
