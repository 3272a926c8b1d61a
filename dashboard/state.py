"""Each page's view state lives in the URL's query parameters, so a copied URL reopens
exactly that view.

The pattern for every widget: before it is drawn, `seed()` puts the URL's value into the
widget's session key (only when the widget has no value yet in this session, so a user's
click is never overwritten); after it is drawn, `publish()` writes the widget's value back
into the URL. `period` and `lang` are also remembered for the session, so they survive
moving between pages (Streamlit clears query parameters on page switches); so is `from`, the
start of a custom range.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

import streamlit as st

from etl.present.strings import LANGS

T = TypeVar("T")
SHARED = ("lang", "period", "from")  # carried from page to page within a session


def _remembered(name: str) -> str | None:
    return st.session_state.get(f"_shared_{name}") if name in SHARED else None


def url_value(name: str) -> str | None:
    value = st.query_params.get(name)
    if value in (None, ""):
        value = _remembered(name)
    return value or None


def widget_key(name: str) -> str:
    return f"w_{name}"


def seed(name: str, options: Sequence[T], default: T, parse: Callable[[str], T | None] = str) -> str:
    """Give the widget for query parameter `name` its value from the URL (else `default`) the
    first time it is drawn; values that are no longer among `options` fall back to `default`.
    Returns the widget key to pass to the widget."""
    key = widget_key(name)
    current = st.session_state.get(key, _MISSING)
    if current is _MISSING or current not in options:
        raw = url_value(name)
        try:
            wanted = parse(raw) if raw is not None else None
        except ValueError:
            wanted = None
        st.session_state[key] = wanted if wanted in options else default
    else:
        # Written back: the same widget on another page is a new widget to Streamlit, which
        # would start it from its first option (a custom range's start, an older period end).
        st.session_state[key] = current
    return key


def seed_text(name: str, default: str = "") -> str:
    key = widget_key(name)
    if key not in st.session_state:
        st.session_state[key] = url_value(name) or default
    return key


def publish(name: str, value: Any, default: Any = None) -> None:
    """Write a view setting into the URL (removed when it equals `default` or is empty)."""
    text = value.isoformat() if isinstance(value, date) else ("" if value is None else str(value))
    if name in SHARED:
        st.session_state[f"_shared_{name}"] = text
    if text == "" or (default is not None and value == default and name not in SHARED):
        if name in st.query_params:
            del st.query_params[name]
        return
    if st.query_params.get(name) != text:
        st.query_params[name] = text


def parse_date(text: str) -> date:
    return date.fromisoformat(text)


def lang() -> str:
    """The current UI language (set by the sidebar switch; 'id' by default)."""
    value = st.session_state.get(widget_key("lang")) or url_value("lang") or "id"
    return value if value in LANGS else "id"


class _Missing:
    pass


_MISSING = _Missing()
