"""Indonesian (and English) display formats for numbers, dates and rank movement.

Numbers and dates follow the CLI report (etl.report) so a figure reads the same in the
terminal and in the browser: 1.234.567, 3 Nov 2024, times in WIB."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import polars as pl

from etl.newsroom.calendar import MONTHS_EN_SHORT
from etl.present.report import format_date_id, format_number_id
from etl.present.strings import STRINGS, t

WIB = timedelta(hours=7)


def number(n, lang: str = "id") -> str:
    if n is None:
        return "–"
    if lang == "en":
        if isinstance(n, float) and not n.is_integer():
            return f"{n:,.1f}"
        return f"{int(n):,}"
    return format_number_id(n)


def signed(n, lang: str = "id") -> str:
    if n is None:
        return "–"
    return ("+" if n > 0 else "") + number(n, lang)


def change(n, lang: str = "id") -> str:
    """A change against the previous period: ↑12, ↓1.234, 0, or – when there is nothing to
    compare with (arrows rather than +/-, which a spreadsheet reads as a formula)."""
    if n is None:
        return "–"
    if n == 0:
        return "0"
    return (CLIMBED if n > 0 else FELL) + number(abs(n), lang)


def percent(share: float | None, lang: str = "id", signed_: bool = False) -> str:
    if share is None:
        return "–"
    text = f"{share * 100:+.1f}" if signed_ else f"{share * 100:.1f}"
    return (text if lang == "en" else text.replace(".", ",")) + "%"


def day(d: date | None, lang: str = "id") -> str:
    if d is None:
        return "–"
    if lang == "en":
        return f"{d.day} {MONTHS_EN_SHORT[d.month - 1]} {d.year}"
    return format_date_id(d)


def wib(moment_utc: datetime | None, lang: str = "id") -> str:
    """A UTC timestamp from the database as a Jakarta wall-clock time: '10 Nov 2024 14.05 WIB'."""
    if moment_utc is None:
        return "–"
    local = moment_utc + WIB
    clock = local.strftime("%H.%M") if lang == "id" else local.strftime("%H:%M")
    return f"{day(local.date(), lang)} {clock} WIB"


# Rank movement marks; an article not ranked before shows the UI string movement_new (baru),
# one in the same place movement_same (tetap): words, so that no mark starts with a formula
# character in a spreadsheet.
CLIMBED, FELL = "↑", "↓"


def movement(rank: int | None, previous_rank: int | None, lang: str = "id") -> str:
    """Rank movement as text: ↑3 (climbed three places), ↓1, tetap/same (the same place),
    baru/new (not ranked before)."""
    if rank is None:
        return ""
    if previous_rank is None:
        return t("movement_new", lang)
    if previous_rank == rank:
        return t("movement_same", lang)
    return f"{CLIMBED}{previous_rank - rank}" if previous_rank > rank else f"{FELL}{rank - previous_rank}"


def movement_expr(lang: str) -> pl.Expr:
    """`movement` as a column expression over rank and previous_rank (same text; a test
    holds them together): tables of thousands of rows cannot afford a Python call a row."""
    rank, previous = pl.col("rank"), pl.col("previous_rank")
    return (pl.when(rank.is_null()).then(pl.lit(""))
            .when(previous.is_null()).then(pl.lit(t("movement_new", lang)))
            .when(previous == rank).then(pl.lit(t("movement_same", lang)))
            .when(previous > rank).then(pl.lit(CLIMBED) + (previous - rank).cast(pl.String))
            .otherwise(pl.lit(FELL) + (rank - previous).cast(pl.String)))


def with_movement(frame: pl.DataFrame, lang: str) -> pl.DataFrame:
    """The frame with its `movement` column (what the top-trending chart's tooltip shows)."""
    return frame.with_columns(movement_expr(lang).alias("movement"))


def climbed(places, lang: str = "id") -> str:
    """Places climbed as the movers' tables show them: ↑1.234 (the number in the language's format)."""
    return CLIMBED + number(places, lang)


def names(values) -> str:
    return ", ".join(values) if values is not None else ""


_MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|$~:\"'&")
# Streamlit rewrites some text after Markdown has resolved the backslash escapes, so an
# escape cannot stop it: `:material/name:` icons (replaced in the source before parsing),
# `:streamlit:`, emoji shortcodes (`:smile:`, `:+1:`) and the symbols `<- -> <-> -- >= <= ~=`
# (frontend StreamlitMarkdown: text-node replacements and remark-emoji). An invisible
# WORD JOINER between a colon and the name after it, or between the two characters of a
# symbol, leaves nothing for those patterns to match; the text reads the same.
WORD_JOINER = "\u2060"
_STREAMLIT_REWRITES = re.compile(r"(?<=:)(?=[\w+-])|(?<=[-<>~])(?=[->=])")


def md_escape(text: str | None) -> str:
    """Data shown inside Markdown (headers, captions, messages) stays literal: every Markdown,
    HTML and LaTeX character is backslash-escaped, so `<b>x</b>` or `*x*` shows as typed (and
    with it Streamlit's directives `:red[x]`, `:blue-background[x]`, `:green-badge[x]`,
    `:small[x]`), and a word joiner keeps Streamlit's later rewrites (icons, the logo, emoji
    shortcodes, arrows) away: `:material/home:` shows as typed."""
    joined = _STREAMLIT_REWRITES.sub(WORD_JOINER, text or "")
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in joined)


def date_source(source: str | None, lang: str) -> str:
    """Where a snapshot date came from, in the UI language: the ingest records "column",
    "--as-of" or "file name" (several joined by " and "); anything else is shown as it is."""
    if not source:
        return ""
    parts = [t(f"date_source_{part}", lang) if f"date_source_{part}" in STRINGS else part
             for part in source.split(" and ")]
    return t("date_source_and", lang).join(parts)
