"""PNG and SVG of each chart, drawn by kaleido with the system Chromium (no browser download).

One kaleido browser serves all the charts of a call (about 3 s to start, then ~0.3 s per image); it
is stopped afterwards unless the caller had one running already. plotly puts a random id into each
SVG; it is replaced by one derived from the chart name so the same plan gives the same bytes.
"""

from __future__ import annotations

import re
import warnings
from contextlib import contextmanager
from typing import Iterator

import plotly.graph_objects as go

from planner.report.errors import ImageExportError
from planner.result import Plan

IMAGE_FORMATS = ("png", "svg")

#: Static chart width [px], height when the figure sets none, and PNG scale (2 = sharp on slides and print).
IMAGE_WIDTH_PX = 1000
IMAGE_HEIGHT_PX = 520
PNG_SCALE = 2


@contextmanager
def kaleido_server() -> Iterator[None]:
    """Keep one kaleido browser open for the block (reuse the caller's if one is running)."""
    try:
        import kaleido
        from kaleido import _sync_server
    except ImportError as exc:  # pragma: no cover - kaleido is a dependency
        raise ImageExportError("PNG/SVG export needs the kaleido package (pip install kaleido)") from exc
    server = getattr(_sync_server, "GlobalKaleidoServer", None)
    running = bool(server and server().is_running())
    if not running:
        try:
            kaleido.start_sync_server(silence_warnings=True)
        except Exception as exc:  # noqa: BLE001 - report any start failure in the user's terms
            raise ImageExportError(_no_browser_message(exc)) from exc
    try:
        yield
    finally:
        if not running:
            kaleido.stop_sync_server(silence_warnings=True)


def _no_browser_message(exc: BaseException) -> str:
    return ("PNG/SVG export draws charts with kaleido and the system Chromium, which failed: "
            f"{exc}. Install Chromium (`apt-get install chromium` on Debian/Ubuntu); planner never downloads "
            "a browser (do not run plotly_get_chrome).")


def _stable_svg(svg: str, name: str) -> str:
    """Replace plotly's random 6-hex-digit plot id in an SVG with one derived from ``name``."""
    m = re.search(r'id="clip([0-9a-f]{6})', svg) or re.search(r'class="[^"]*"\s+id="([0-9a-f]{6})', svg)
    if not m:
        return svg
    uid = m.group(1)
    stable = f"{abs(hash_name(name)) % 0xFFFFFF:06x}"
    return svg.replace(uid, stable)


def hash_name(name: str) -> int:
    """A hash of ``name`` that is the same in every process (unlike ``hash``)."""
    h = 2166136261
    for b in name.encode("utf-8"):
        h = ((h ^ b) * 16777619) & 0xFFFFFFFF
    return h


def figure_image(fig: go.Figure, fmt: str, *, name: str = "chart", width: int = IMAGE_WIDTH_PX,
                 height: int | None = None, scale: float = PNG_SCALE) -> bytes:
    """One figure as PNG or SVG bytes (call inside :func:`kaleido_server` for speed).

    ``width``/``height`` [px]; the height defaults to the figure's own, else :data:`IMAGE_HEIGHT_PX`."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format: must be one of {', '.join(IMAGE_FORMATS)}; got {fmt!r}")
    height = height or fig.layout.height or IMAGE_HEIGHT_PX
    fig = go.Figure(fig)
    fig.update_layout(width=width, height=height)
    for i, trace in enumerate(fig.data):  # plotly would draw a random uid into each trace's SVG class
        if trace.uid is None:
            trace.uid = f"{i:06x}"
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            data = fig.to_image(format=fmt, width=width, height=height, scale=scale if fmt == "png" else 1)
    except Exception as exc:  # noqa: BLE001 - kaleido raises RuntimeError/ChromeNotFound/... variants
        raise ImageExportError(_no_browser_message(exc)) from exc
    if fmt == "svg":
        data = _stable_svg(data.decode("utf-8"), name).encode("utf-8")
    return data


def chart_images(plan: Plan, fmt: str, *, lang: str = "en", figures: dict[str, go.Figure] | None = None,
                 width: int = IMAGE_WIDTH_PX, height: int | None = None) -> dict[str, bytes]:
    """Every chart of :func:`planner.charts.all_figures` as ``{name: bytes}`` in PNG or SVG."""
    if fmt not in IMAGE_FORMATS:
        raise ValueError(f"image format: must be one of {', '.join(IMAGE_FORMATS)}; got {fmt!r}")
    if figures is None:
        from planner.charts import all_figures

        figures = all_figures(plan, lang)
    with kaleido_server():
        return {name: figure_image(fig, fmt, name=name, width=width, height=height) for name, fig in figures.items()}
