"""User text inside plotly figures, shown exactly as typed.

plotly.js renders a subset of HTML in trace names, legends, titles and hover labels (``<a href>``,
``<b>``, ``<br>``, ``<span style>``, ...; ``svg_text_utils.convertToTspans``) and decodes HTML
entities there; hover templates also expand ``%{...}``. A service named
``<a href="https://...">x</a>`` would become a live link in the report and the app. So every piece
of user text that goes into a figure passes through :func:`plotly_text` (names, titles) or
:func:`plotly_template_text` (inside a ``hovertemplate``): plotly then draws the characters, never
markup.
"""

from __future__ import annotations


def plotly_text(text: str) -> str:
    """``text`` with ``&``, ``<`` and ``>`` as entities (plotly decodes them back to the characters)."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plotly_template_text(text: str) -> str:
    """:func:`plotly_text` for a hovertemplate: ``%{`` is written ``%&#123;`` so it is shown, not expanded."""
    return plotly_text(text).replace("%{", "%&#123;")
