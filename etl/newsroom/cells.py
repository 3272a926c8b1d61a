"""Pure parsers for the cells of a CMS export (SPEC §1).

Every function takes the raw text of one cell and either returns a clean value
or raises ``ValueError`` with a short English reason. The reason is stored as
the reject reason of the row and shown to editors in the ingest report, so it
names the value and says what is wrong with it.

These functions run once per row on exports of a million rows: the common
notations take a precompiled fast path before the general one.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache

from etl.newsroom.calendar import MONTH_BY_SPELLING, WEEKDAY_BY_SPELLING

__all__ = [
    "COLUMN_ALIASES",
    "CONTROL_CHARACTERS",
    "CONTROL_RANGES",
    "MAX_TITLE_CHARS",
    "MAX_VIEWS",
    "WIB",
    "ZONE_HOURS",
    "ZONE_OFFSET",
    "author_key",
    "canonical_column",
    "canonical_url",
    "clean_text",
    "control_characters",
    "control_characters_re2",
    "has_control_characters",
    "date_from_filename",
    "normalize_title",
    "parse_date",
    "parse_published",
    "published_patterns_re2",
    "parse_views",
    "split_byline",
    "wib_date",
]

# Jakarta's time zone. Indonesia has no daylight saving, so a fixed offset is exact.
WIB = timezone(timedelta(hours=7), "WIB")


# --- bounds -----------------------------------------------------------------

# No article is read 10^12 times (a hundred times the world's population): a larger count
# is a broken export (a row number or a hash in the views column). The bound also keeps
# every sum safe: a period's gains add at most one bounded gain per article, so a BIGINT
# sum holds 9.2 million articles at the bound (docs/decisions.md, "Hardening (issue #15)").
MAX_VIEWS = 10**12
# A headline is a line; SEO titles stay under a few hundred characters. A title longer than
# this is an article body or HTML pasted into the title column.
MAX_TITLE_CHARS = 2_000


# --- views ----------------------------------------------------------------

# One separator kind throughout, and every group after the first exactly three
# digits: that is what makes `2.233` unambiguous as a thousands grouping.
_GROUPED_VIEWS = re.compile(r"[0-9]{1,3}(?P<sep>[., ])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
_NEGATIVE_VIEWS = re.compile(r"[-\u2212]\s*[0-9][0-9., ]*")
_GROUP_SEPARATORS = str.maketrans("", "", "., ")


def parse_views(text: str) -> int:
    """Read a view count written with or without thousands separators.

    `2233`, `2.233`, `2,233`, `1.234.567` and ` 2 233 ` (plain, non-breaking
    or narrow spaces) are all accepted. A number must use one separator kind
    throughout: `1.234,567` is rejected, because mixing `.` and `,` is how
    decimals are written and a view count is never a fraction.
    """
    if text.isdigit() and text.isascii():
        return int(text)
    # str.split() also splits on U+00A0 and U+202F, which Excel uses for grouping.
    compact = " ".join(text.split())
    if not compact:
        raise ValueError("views is empty")
    if compact.isdigit() and compact.isascii():
        return int(compact)
    if _GROUPED_VIEWS.fullmatch(compact):
        return int(compact.translate(_GROUP_SEPARATORS))
    if _NEGATIVE_VIEWS.fullmatch(compact):
        raise ValueError(f"views '{compact}' is negative")
    raise ValueError(f"views '{compact}' is not a whole number")


# --- dates and times --------------------------------------------------------

# A zone written as a word, and as an offset (after case folding and without spaces); the
# SQL fast path reads both from here.
ZONE_HOURS = {"wib": 7, "wita": 8, "wit": 9, "z": 0, "utc": 0, "gmt": 0}
ZONE_OFFSET = r"(?:utc|gmt)?([+-])([0-9]{1,2})(?::?([0-9]{2}))?"

# Years outside this range are typos (`0224`, `20224`), not old archives.
_FIRST_YEAR, _LAST_YEAR = 1900, 2199

_TIME = (
    r"(?P<hour>\d{1,2})[:.](?P<minute>\d{2})"
    r"(?:[:.](?P<second>\d{2})(?:[.,]\d+)?)?"
    r"(?:\s*(?P<ampm>[ap])\.?m\.?)?"
)
_ZONE = r"(?P<zone>z|wita|wit|wib|(?:utc|gmt)?\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?|utc|gmt)"
# Between date and time: `T`, spaces, a comma or dash, and maybe "pukul" (o'clock).
_DATE_TIME_GAP = r"(?:t|\s*[,|\-]\s*|\s+)(?:(?:pukul|pkl\.?|jam|at)\s*)?"
_TIME_TAIL = rf"(?:{_DATE_TIME_GAP}{_TIME})?\s*{_ZONE}?"
_WEEKDAY = r"(?:(?P<weekday>[a-z']+)\.?\s*[,\s]\s*)?"

# ASCII: \d is 0-9 only, as in views, so a date in Arabic-Indic or fullwidth digits is
# rejected like the same digits in a view count (SPEC §1's notations are ASCII).
_DATE_FLAGS = re.IGNORECASE | re.ASCII
# Year first is unambiguous, so ISO also accepts `/` and `.` between the parts.
_ISO = re.compile(
    rf"(?P<year>\d{{4}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}}){_TIME_TAIL}",
    _DATE_FLAGS,
)
# Numbers with the year last are always day first: Indonesia writes 05/11 for 5 November.
_DAY_FIRST = re.compile(
    rf"(?P<day>\d{{1,2}})(?P<sep>[-/.])(?P<month>\d{{1,2}})(?P=sep)(?P<year>\d{{4}}){_TIME_TAIL}",
    _DATE_FLAGS,
)
_LONG_DAY_FIRST = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:st|nd|rd|th)?[\s\-/]*(?P<month>[a-z]+)\.?[\s\-/,]*"
    rf"(?P<year>\d{{4}}){_TIME_TAIL}",
    _DATE_FLAGS,
)
# English "November 29, 2023": the month name makes the order unambiguous.
_LONG_MONTH_FIRST = re.compile(
    rf"{_WEEKDAY}(?P<month>[a-z]+)\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s*,?\s*"
    rf"(?P<year>\d{{4}}){_TIME_TAIL}",
    _DATE_FLAGS,
)
_DATE_PATTERNS = (_ISO, _DAY_FIRST, _LONG_DAY_FIRST, _LONG_MONTH_FIRST)

_DATE_EXAMPLES = "write e.g. 2024-11-05, 05/11/2024 14:05 or 5 November 2024"


def parse_published(text: str) -> datetime:
    """Read a publish date or date-time; return it as an aware datetime in UTC.

    Accepts ISO 8601 (with or without time and offset), day-first numbers
    (`05/11/2024`, `5-11-2024`, `05.11.2024`, optionally `14:05`/`14.05`), and
    Indonesian or English long forms (`Rabu, 29 November 2023 14:05 WIB`,
    `29 Agt 2023`, `Nov 29, 2023`). A time without an offset is WIB; `WITA`
    (+8) and `WIT` (+9) are understood. A date without a time is midnight WIB.
    A weekday that contradicts the date rejects the value, because then we
    cannot know which of the two the CMS got right.
    """
    day, clock, zone = _read_date_time(text, "publish date")
    moment = datetime.combine(day, clock or time(0), zone or WIB)
    return moment.astimezone(timezone.utc)


def parse_date(text: str) -> date:
    """Read a calendar date (snapshot date, `--as-of`) exactly as written.

    Same notations as `parse_published`; a time or offset is ignored rather
    than shifting the date, because a snapshot is labelled by its local date.
    """
    day, _clock, _zone = _read_date_time(text, "date")
    return day


# The prefixes of the patterns' groups in published_patterns_re2, in _DATE_PATTERNS' order.
DATE_PATTERN_PREFIXES = ("iso", "df", "ld", "lm")


def published_patterns_re2() -> list[tuple[str, list[str]]]:
    """The four patterns `_read_date_time` tries, in its order, in RE2 syntax for the SQL
    fast path (etl/sql/load/parse_export_rows.sql): (full-match pattern, the name of each
    group in group order) each. Group names take their pattern's prefix
    (DATE_PATTERN_PREFIXES: `iso_year`, `ld_weekday`, ...). RE2 has no backreference: the
    repeated separator of the numeric forms becomes a group of its own (`iso_sep_again`)
    that SQL compares with `iso_sep`. RE2's (?i) also folds non-ASCII letters (K, Kelvin
    sign) where re.ASCII does not, so SQL reads only ASCII cells with these and leaves the
    rest to parse_published. (One pattern each, not one alternation: RE2 extracts ten groups
    ten times faster than forty.)"""
    patterns = []
    for prefix, compiled in zip(DATE_PATTERN_PREFIXES, _DATE_PATTERNS, strict=True):
        source = compiled.pattern
        separator = re.search(r"\(\?P<sep>(\[[^\]]*\])\)", source)
        if separator:
            source = source.replace("(?P=sep)", f"(?P<sep_again>{separator[1]})")
        source = re.sub(r"\(\?P<(\w+)>", rf"(?P<{prefix}_\1>", source)
        named = re.compile(source)     # Python reads it too: the group names, in order
        if len(named.groupindex) != named.groups:
            raise AssertionError("every group of the date patterns must be named")
        groups = sorted(named.groupindex, key=named.groupindex.get)
        patterns.append(("(?i)^(?:" + source.replace("\\u2212", "\\x{2212}") + ")$", groups))
    return patterns


def wib_date(moment: datetime) -> date:
    """The calendar date in Jakarta of an aware datetime (the publish date)."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a datetime without time zone has no WIB date")
    return moment.astimezone(WIB).date()


def _read_date_time(text: str, what: str) -> tuple[date, time | None, tzinfo | None]:
    shown = " ".join(text.split())
    if not shown:
        raise ValueError(f"{what} is empty")
    # The fast path: ISO from databases and 05/11/2024 from Excel.
    match = _ISO.fullmatch(shown) or _DAY_FIRST.fullmatch(shown)
    if match is None:
        # Word processors turn the apostrophe of Jum'at into a curly one.
        words = shown.replace("\u2019", "'").replace("`", "'")
        match = _LONG_DAY_FIRST.fullmatch(words) or _LONG_MONTH_FIRST.fullmatch(words)
    if match is None:
        if any(c.isdigit() and not c.isascii() for c in shown):
            raise ValueError(f"{what} '{shown}' is written with digits other than 0-9; {_DATE_EXAMPLES}")
        raise ValueError(f"{what} '{shown}' is not a date we can read; {_DATE_EXAMPLES}")
    return _date_time_from_match(match, shown, what)


def _date_time_from_match(
    match: re.Match[str], shown: str, what: str
) -> tuple[date, time | None, tzinfo | None]:
    parts = match.groupdict()
    day = _calendar_date(parts["year"], parts["month"], parts["day"], shown, what)
    _check_weekday(parts.get("weekday"), day, shown, what)
    clock = _clock(parts, shown, what)
    zone = _zone(parts["zone"], shown, what) if parts["zone"] else None
    return day, clock, zone


def _calendar_date(year: str, month: str, day: str, shown: str, what: str) -> date:
    month_number = int(month) if month.isdigit() else MONTH_BY_SPELLING.get(month.casefold())
    if month_number is None:
        raise ValueError(f"{what} '{shown}' has an unknown month '{month}'")
    if not _FIRST_YEAR <= int(year) <= _LAST_YEAR:
        raise ValueError(f"{what} '{shown}' has an implausible year {year}")
    try:
        return date(int(year), month_number, int(day))
    except ValueError:
        raise ValueError(f"{what} '{shown}' is not a real calendar date") from None


def _check_weekday(weekday: str | None, day: date, shown: str, what: str) -> None:
    if weekday is None:
        return
    number = WEEKDAY_BY_SPELLING.get(weekday.casefold())
    if number is None:
        raise ValueError(f"{what} '{shown}' starts with '{weekday}', which is not a weekday")
    if number != day.weekday():
        raise ValueError(f"{what} '{shown}': {day:%d/%m/%Y} is not a {weekday}")


def _clock(parts: dict[str, str | None], shown: str, what: str) -> time | None:
    if parts["hour"] is None:
        return None
    hour, minute = int(parts["hour"]), int(parts["minute"])
    second = int(parts["second"] or 0)
    ampm = (parts["ampm"] or "").casefold()
    if ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"{what} '{shown}' has an impossible time")
        hour = hour % 12 + (12 if ampm == "p" else 0)
    try:
        return time(hour, minute, second)
    except ValueError:
        raise ValueError(f"{what} '{shown}' has an impossible time") from None


def _zone(text: str, shown: str, what: str) -> tzinfo:
    zone = _zone_from_text(text.casefold().replace(" ", "").replace("\u2212", "-"))
    if zone is None:
        raise ValueError(f"{what} '{shown}' has an impossible time zone")
    return zone


@lru_cache(maxsize=64)
def _zone_from_text(key: str) -> tzinfo | None:
    if key in ZONE_HOURS:
        return timezone(timedelta(hours=ZONE_HOURS[key]))
    match = re.fullmatch(ZONE_OFFSET, key)
    if match is None:
        return None
    hours, minutes = int(match[2]), int(match[3] or 0)
    if hours > 14 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match[1] == "-" else offset)


# --- file names -------------------------------------------------------------

# Digits glued to other digits are an id or a counter, not a date, hence the
# lookarounds. Years are limited to 19xx/20xx for the same reason.
_FILENAME_DATES = (
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d\d)(?P<sep>[-_.]?)(?P<month>\d\d)(?P=sep)(?P<day>\d\d)(?!\d)",
        re.ASCII,
    ),
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})(?P<sep>[-_.])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)",
        re.ASCII,
    ),
)


def date_from_filename(name: str) -> date | None:
    """The date a file name carries (`2024-11-10`, `20241110`, `10-11-2024`).

    Year-first with `-`, `_`, `.` or nothing between the parts; day-first only
    with a separator (`10112024` could be either order). When several dates
    appear, the last one wins: `backlog_2024-11-03_to_2024-11-10.csv` is the
    snapshot of 10 November. Returns None when there is no valid date.
    """
    found: list[tuple[int, date]] = []
    for pattern in _FILENAME_DATES:
        for match in pattern.finditer(name):
            try:
                day = date(int(match["year"]), int(match["month"]), int(match["day"]))
            except ValueError:
                continue
            found.append((match.start(), day))
    return max(found)[1] if found else None


# --- article identity -------------------------------------------------------

_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:)?//", re.IGNORECASE)
_HOST_NAME = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_DEFAULT_PORTS = ("", "80", "443")


def canonical_url(url: str) -> str:
    """The article key from a URL: `https://www.x.id/read/1/a/?utm=wa#top` → `x.id/read/1/a`.

    Scheme, `www.`/`m.`, query string, fragment and trailing slashes are
    dropped; the host is lower-cased, the path keeps its case (CMS paths can
    be case-sensitive). Ports other than 80/443 are kept. Note that a site
    whose article id lives in the query string (`read.php?id=5`) would collapse
    into one key; such exports must carry an `article_id` column.
    """
    text = url.strip()
    if not text:
        raise ValueError("url is empty")
    rest = _SCHEME.sub("", text, count=1)
    rest = re.split(r"[?#]", rest, maxsplit=1)[0]
    host, _slash, path = rest.partition("/")
    host = _canonical_host(host, text)
    path = path.rstrip("/")
    return f"{host}/{path}" if path else host


def _canonical_host(host: str, shown: str) -> str:
    host = host.rpartition("@")[2].lower()  # user:password@ is never part of the identity
    host, _colon, port = host.partition(":")
    host = host.rstrip(".")
    if not _HOST_NAME.fullmatch(host) or not (port == "" or port.isdigit()):
        raise ValueError(f"url '{shown}' has no host name")
    # Strip repeatedly (`www.m.x.id`), but never down to a bare top-level domain.
    while host.startswith(("www.", "m.")) and "." in host.partition(".")[2]:
        host = host.partition(".")[2]
    return host if port in _DEFAULT_PORTS else f"{host}:{port}"


# --- authors ------------------------------------------------------------------

# SPEC's separators plus `|`, which CMS templates put between "Reporter: A | Editor: B".
_BYLINE_SEPARATORS = re.compile(r"[,;&/|]|\s+(?:dan|and)\s+", re.IGNORECASE)
# Labels that introduce the author. "Editor:" is deliberately not among them.
_BYLINE_LABEL = re.compile(
    r"^(?:(?:oleh|reporter|penulis|pewarta|wartawan|by)\b\s*:?\s*)+", re.IGNORECASE
)
# A part like "Editor: Rina" names someone who did not write the story: it is
# dropped whole instead of crediting the editor as an author.
_NON_AUTHOR_LABEL = re.compile(r"^(?:editor|penyunting|redaktur)\s*:", re.IGNORECASE)


def split_byline(text: str) -> list[str]:
    """The author names in a byline, as spelled, first spelling of each name kept.

    `Oleh: Budi Santoso dan Siti Aminah` → `["Budi Santoso", "Siti Aminah"]`.
    Splits on `,` `;` `&` `/` `|` and the words `dan`/`and`; parts labelled
    `Editor:` are dropped.
    """
    names: list[str] = []
    seen: set[str] = set()
    for part in _BYLINE_SEPARATORS.split(text):
        name = _author_name(part)
        if name and author_key(name) not in seen:
            seen.add(author_key(name))
            names.append(name)
    return names


def _author_name(part: str) -> str:
    part = " ".join(part.split())
    if _NON_AUTHOR_LABEL.match(part):
        return ""
    return _BYLINE_LABEL.sub("", part).strip()


def author_key(name: str) -> str:
    """The key two spellings of one author share: `Budi  SANTOSO` ~ `budi santoso`."""
    return " ".join(name.split()).casefold()


_TITLE_PUNCTUATION = re.compile(r"[^\w\s]|_")


def normalize_title(title: str) -> str:
    """A title reduced for matching a web page to a CSV row.

    Punctuation becomes a space (so `Jakarta–Bogor` and `Jakarta - Bogor`
    agree), curly and straight quotes vanish alike, case and spacing are ignored.
    """
    text = unicodedata.normalize("NFKC", title).casefold()
    return " ".join(_TITLE_PUNCTUATION.sub(" ", text).split())


# --- column headers -------------------------------------------------------------

# Canonical column → header names seen in CMS exports (SPEC §1 table, plus
# common variants). Written naturally here; keys are normalised below.
_HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "url": ("url", "link", "tautan", "url artikel", "link artikel", "tautan artikel",
            "permalink", "article url"),
    "article_id": ("article id", "id", "id artikel", "artikel id", "id berita", "post id",
                   "content id"),
    "title": ("title", "judul", "headline", "judul artikel", "judul berita"),
    "published_at": ("published at", "tanggal", "tanggal terbit", "waktu terbit",
                     "publish date", "date", "published", "published date", "tgl terbit",
                     "tanggal publikasi", "date published"),
    "author": ("author", "authors", "penulis", "reporter", "pewarta", "wartawan", "byline"),
    "photographer": ("photographer", "fotografer", "foto", "photo", "pewarta foto"),
    "category": ("category", "kategori", "kanal", "rubrik", "section", "channel"),
    "region": ("region", "wilayah", "lokasi", "daerah", "location"),
    "views": ("views", "dilihat", "dibaca", "pembaca", "pageviews", "page views", "hits",
              "jumlah dilihat", "jumlah dibaca", "jumlah pembaca", "total views", "pv"),
    "snapshot_date": ("snapshot date", "snapshot", "as of", "tanggal data", "per tanggal",
                      "data date"),
    "body": ("body", "isi", "isi berita", "konten", "content", "teks", "text"),
    "summary": ("summary", "ringkasan", "deskripsi", "description", "lead", "excerpt"),
    "tags": ("tags", "tag", "label", "labels", "kata kunci", "keywords"),
    # which portal of a media group the rows belong to (issue #18): one value per file
    "outlet": ("outlet", "situs", "portal", "media", "site", "nama situs", "nama portal"),
}

_HEADER_NOISE = re.compile(r"[\s_\-.]")


def _header_key(header: str) -> str:
    text = header.replace("\ufeff", "").strip().strip("\"'").casefold()
    return _HEADER_NOISE.sub("", text)


COLUMN_ALIASES: dict[str, str] = {
    _header_key(alias): canonical
    for canonical, aliases in _HEADER_NAMES.items()
    for alias in (canonical, *aliases)
}


def canonical_column(header: str) -> str | None:
    """The canonical column a header means (`Tanggal Terbit` → `published_at`), or None.

    Matching ignores case, spaces, `_`, `-`, `.`, a byte-order mark and quotes.
    """
    return COLUMN_ALIASES.get(_header_key(header))


def title_key(title: str, published: date) -> str:
    """The key of an article known only by title and publish date (a saved web page)."""
    return f"title:{normalize_title(title)}|{published.isoformat()}"


# --- control characters ---------------------------------------------------------------

# Characters nobody types into a headline: the C0 controls except tab, LF and CR (those are
# whitespace, which every field's own rule already folds), DEL, the C1 controls, the lone
# surrogates and the Unicode noncharacters (U+FDD0-FDEF and the last two code points of
# every plane, U+FFFE/U+FFFF among them). vl-convert aborts the whole process on several
# of them, terminals obey ESC, and no font draws any of them.
CONTROL_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x9F),
    (0xD800, 0xDFFF),   # lone surrogates: only Python text can hold them, never UTF-8
    (0xFDD0, 0xFDEF),
    *((plane + 0xFFFE, plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)
CONTROL_CHARACTERS = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in CONTROL_RANGES) + "]")


# The same characters, but with the planes' ends folded into one range U+1FFFE-U+10FFFF: a
# class of two-character ranges scans a big text eight times slower than one range does.
_CONTROL_PREFILTER = re.compile(
    "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in CONTROL_RANGES if high < 0x10000)
    + "\\U0001fffe-\\U0010ffff]")


# The bytes 0-255 that are not control characters: a text of code points below 256 (ASCII,
# Latin-1: most exports) encoded as Latin-1 is one byte per character, and deleting these
# leaves its control characters (bytes.translate: ~4x faster than the regex on a 200 MB export).
_NOT_CONTROL_BYTES = bytes(
    code for code in range(256) if not any(low <= code <= high for low, high in CONTROL_RANGES))


_TRANSLATED_CHUNK = 1 << 24   # characters: bounds the copies to 2 x 16 MiB


def has_control_characters(text: str) -> bool:
    """Whether CONTROL_CHARACTERS occurs in text; fast on a whole export (~0.25 s for 200 MB
    of Latin-1 text, ~1 s otherwise)."""
    for start in range(0, len(text), _TRANSLATED_CHUNK):
        try:
            narrow = text[start:start + _TRANSLATED_CHUNK].encode("latin-1")
        except UnicodeEncodeError:   # a character past U+00FF: the regex, which knows them all
            return _has_control_characters_wide(text)
        if narrow.translate(None, _NOT_CONTROL_BYTES):
            return True
    return False


def _has_control_characters_wide(text: str) -> bool:
    """has_control_characters for any text: the broad class finds candidates, the exact one
    decides."""
    found = _CONTROL_PREFILTER.search(text)
    while found is not None:
        if CONTROL_CHARACTERS.match(text, found.start()):
            return True
        found = _CONTROL_PREFILTER.search(text, found.end())
    return False


def control_characters_re2() -> str:
    """CONTROL_CHARACTERS in RE2 syntax for the SQL fast path (surrogates left out: DuckDB's
    text is valid UTF-8 and cannot hold them)."""
    ranges = [(low, high) for low, high in CONTROL_RANGES if (low, high) != (0xD800, 0xDFFF)]
    return "[" + "".join(f"\\x{{{low:x}}}-\\x{{{high:x}}}" for low, high in ranges) + "]"


def clean_text(text: str) -> str:
    """The one rule for control characters in text (ingest and every renderer): each one
    becomes a space, so words they separated stay apart (`Jakarta\\x00Barat` → `Jakarta
    Barat`); the field's own whitespace rule then trims and folds the spaces."""
    return CONTROL_CHARACTERS.sub(" ", text)


def control_characters(text: str) -> list[str]:
    """The distinct control characters in a text as `U+001B`, in code point order."""
    return [f"U+{ord(ch):04X}" for ch in sorted(set(CONTROL_CHARACTERS.findall(text)))]
