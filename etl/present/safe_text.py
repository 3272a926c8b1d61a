"""Text leaving Sorot, made safe for where it lands: spreadsheets, terminals, chart images.

Ingest cleans control characters once (etl.newsroom.cells.clean_text), but a database written
by an older Sorot may still hold them, and a renderer must not depend on the data being
clean: vl-convert aborts the whole process (a Rust panic, SIGABRT) on several of them, and a
terminal obeys ESC. So every writer here applies the same rule again at its own door.
"""
from __future__ import annotations

import json
import re
from typing import Any

from etl.newsroom.cells import CONTROL_CHARACTERS, clean_text

# A text cell starting with one of these is a formula (or DDE payload) to Excel/LibreOffice
# (OWASP's list: '=', '+', '-', '@', tab, carriage return).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]")


def neutralise(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe, so it
    stays text ('=HYPERLINK(…)' → "'=HYPERLINK(…)"); leading spaces do not hide a formula
    start (' =1+1'). Numbers, dates and everything else are returned unchanged: a real -2
    stays the number -2."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_cell(value: Any) -> Any:
    """The one rule for a cell of any CSV or XLSX Sorot writes: control characters replaced
    (clean_text), then a formula start neutralised. Non-text values are returned unchanged."""
    if isinstance(value, str):
        return neutralise(clean_text(value))
    return value


def terminal_text(text: str) -> str:
    """Text for one line of a terminal: control characters (ESC among them) replaced and line
    breaks turned into spaces, so data can neither move the cursor nor fake an output line."""
    return _LINE_BREAKS.sub(" ", clean_text(text))


def json_text(text: str) -> str:
    """JSON as json.dumps(ensure_ascii=False) writes it, with the control characters that
    function leaves raw (DEL, C1, the noncharacters) written as \\u escapes instead: the
    values stay exact for a program and harmless on a terminal. They can only occur inside
    JSON strings, so the replacement is safe."""
    return CONTROL_CHARACTERS.sub(lambda found: json.dumps(found[0])[1:-1], text)


def vega_spec(spec: Any) -> Any:
    """A Vega-Lite spec (dicts, lists, scalars) with clean_text applied to every string in it:
    data values, titles, subtitles, labels, tooltips. The guard in front of vl-convert."""
    if isinstance(spec, str):
        return clean_text(spec) if CONTROL_CHARACTERS.search(spec) else spec
    if isinstance(spec, dict):
        return {key: vega_spec(value) for key, value in spec.items()}
    if isinstance(spec, list):
        return [vega_spec(value) for value in spec]
    return spec
