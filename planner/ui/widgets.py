"""Small page helpers shared by the tabs: Streamlit's own widget texts in the page's language."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from planner.i18n import t
from planner.loaders import MAX_UPLOAD_MB


def _css_text(text: str) -> str:
    """``text`` as a CSS string literal (quotes and backslashes escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def uploader_texts(lang: str, key: str, types: Sequence[str]) -> None:
    """Replace the file uploader's built-in English texts (its button and its size/type line, drawn
    by Streamlit's frontend, which has no option for them) with the page's language.

    The original text stays in the page for screen readers; only what is drawn changes (CSS). English
    keeps Streamlit's own texts. ``key`` is the uploader's widget key (Streamlit puts it on the
    element as the class ``st-key-<key>``), ``types`` its accepted suffixes."""
    if lang == "en":
        return
    button = _css_text(t("uploader_button", lang))
    limit = _css_text(t("uploader_limit", lang, mb=MAX_UPLOAD_MB, types=", ".join(x.upper() for x in types)))
    button_p = f'.st-key-{key} [data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'
    limit_span = f'.st-key-{key} [data-testid="stFileUploaderDropzoneInstructions"] span'
    st.html(f"<style>{button_p} {{ font-size: 0; }} {button_p}::after {{ content: {button}; font-size: 0.875rem; }} "
            f"{limit_span} {{ font-size: 0; }} {limit_span}::after {{ content: {limit}; font-size: 0.75rem; }}</style>")
