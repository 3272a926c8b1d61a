"""Saved article pages in: the "Berita Terpopuler" list becomes snapshots.

Newsrooms without a CMS export still have their portal's article pages. Each page of a
portal like beritajakarta.id lists the most-read articles with date, views and author:

    Berita Terpopuler indeks
      1. Puskesmas Mampang Prapatan Wakili Jaksel di Lomba Konvensi Mutu Tingkat Provinsi

        access_time05-11-2024 remove_red_eye2233 personTiyo Surya Sakti

(`access_time`, `remove_red_eye` and `person` are Material icon ligatures: in the page
they are icons, in a page saved as text they are words.) `parse_page` reads that list and
the page's own article from the saved text or the HTML; `ingest_page` turns the list into
a `NormalizedExport` and loads it through `etl.ingest.load.load`, exactly like a CSV export.
Decisions are written down in docs/pages.md.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from etl.db import outlets
from etl.errors import RefusedFile
from etl.ingest.files import IngestReport, ingest_batch, report_of_load, snapshot_order
from etl.ingest.load import Note, load
from etl.ingest.outlet_choice import choose_outlet
from etl.ingest.read import decode, open_export
from etl.newsroom.access import Caller, require, shell_caller
from etl.ingest.rows import (
    NormalizedExport,
    RowProblem,
    SnapshotRecord,
    check_columns,
    cleaned_warning,
    drop_duplicates,
    file_snapshot_date,
    row_published,
    row_views,
    stored_link,
)
from etl.newsroom.calendar import OTHER_WEEKDAY_SPELLINGS, WEEKDAYS_ID
from etl.newsroom.cells import (
    clean_text,
    control_characters,
    has_control_characters,
    normalize_title,
    split_byline,
    title_key,
    wib_date,
)
from etl.newsroom.regions import regions_for

POPULAR_HEADING = re.compile(r"berita\s+terpopuler", re.IGNORECASE)
# Headings that end the page's own article in the text form.
ARTICLE_END = re.compile(r"^\s*berita\s+(?:terkait|terpopuler|lainnya)\b", re.IGNORECASE)
# The icon words that label an entry's date, views and author. Not preceded by a letter,
# so a surname like "Jasperson" is not taken for the `person` icon.
ENTRY_ICONS = {"access_time": "date", "remove_red_eye": "views", "person": "author"}
_ICON_SPLIT = re.compile(r"(?<![A-Za-z])(access_time|remove_red_eye|person)")
_NUMBERED_TITLE = re.compile(r"^\s*(?P<rank>\d{1,2})[.)]\s+(?P<title>\S.*?)\s*$")
_PHOTO_CREDIT = re.compile(
    r"^\s*photo\s*(?P<name>\S.*?)\s*[-–]\s*(?P<outlet>[\w-]+(?:\.[\w-]+)+)\s*$", re.IGNORECASE
)
# "Rabu (29/11)": the page's date of its own article, weekday spelled as in the calendar or Jum'at.
_DAY_MONTH = re.compile(
    rf"\b(?P<weekday>{'|'.join((*WEEKDAYS_ID, *OTHER_WEEKDAY_SPELLINGS[4]))})\s*,?\s*"
    r"\(\s*(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})\s*\)",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(r"<\s*(?:!doctype|html|body|div|ol|ul|li|h[1-6]|article|section|p)\b", re.IGNORECASE)
# How many lines a wrapped entry title may take before we stop calling it an entry.
_MAX_TITLE_LINES = 3


@dataclass
class PopularEntry:
    """One entry of the popular list, as text: parsing the values is `ingest_page`'s job,
    so that a bad value becomes a rejected entry with its reason, as in a CSV export."""
    line_number: int
    raw_text: str
    title: str
    date_text: str
    views_text: str
    author_text: str
    url: str | None = None


@dataclass
class PageArticle:
    """The article the page itself shows. It has no view count on the page."""
    title: str | None = None
    photographer: str | None = None
    date_text: str | None = None        # as written, e.g. "Rabu (29/11)"
    day: int | None = None
    month: int | None = None
    weekday: str | None = None
    body: str = ""
    line_number: int | None = None

    def missing_parts(self) -> list[str]:
        missing = []
        if not self.title:
            missing.append("its title (the line after the photo credit)")
        if not self.photographer:
            missing.append("the photo credit ('photo NAME - Beritajakarta.id')")
        if self.day is None:
            missing.append("a day/month date such as 'Rabu (29/11)'")
        return missing


@dataclass
class ParsedPage:
    form: str                           # text | HTML
    article: PageArticle
    entries: list[PopularEntry] = field(default_factory=list)


@dataclass
class PageIngestReport(IngestReport):
    page_form: str = ""                 # text | HTML


# --- reading a page ---------------------------------------------------------------------

def parse_page(text: str, name: str = "the page") -> ParsedPage:
    """Read the popular list and the page's own article. Raises RefusedFile, naming the
    part it could not find, when the page has no popular list."""
    if _HTML_TAG.search(text):
        return _parse_html(text, name)
    return _parse_text(text, name)


def _no_popular_list(name: str) -> RefusedFile:
    return RefusedFile(
        f"No 'Berita Terpopuler' list found in {name}; is it a saved beritajakarta.id article page?"
    )


def _no_entries(name: str) -> RefusedFile:
    return RefusedFile(
        f"{name} has a 'Berita Terpopuler' heading but no entries under it (a title followed by "
        "'access_time DATE remove_red_eye VIEWS person AUTHOR'); the page layout may have changed, "
        "so save the page again or send it to the Sorot maintainers."
    )


def split_entry_meta(text: str) -> dict[str, str]:
    """`access_time05-11-2024 remove_red_eye2233 personTiyo` → date, views and author text,
    plus `before`: whatever precedes the first icon (the title, in HTML list items)."""
    parts = _ICON_SPLIT.split(text)
    found = {"before": " ".join(parts[0].split())}
    for icon, value in zip(parts[1::2], parts[2::2]):
        found.setdefault(ENTRY_ICONS[icon], " ".join(value.split()))
    return found


def _entry(line_number: int, raw_text: str, title: str, meta_text: str, url: str | None) -> PopularEntry:
    meta = split_entry_meta(meta_text)
    return PopularEntry(
        line_number=line_number,
        raw_text=raw_text,
        title=" ".join((title or meta["before"]).split()),
        date_text=meta.get("date", ""),
        views_text=meta.get("views", ""),
        author_text=meta.get("author", ""),
        url=url,
    )


def _parse_text(text: str, name: str) -> ParsedPage:
    lines = text.splitlines()
    headings = [i for i, line in enumerate(lines) if POPULAR_HEADING.search(line)]
    if not headings:
        raise _no_popular_list(name)
    # The words may also appear in a menu; the list is under the heading that has entries.
    for heading in headings:
        entries = _text_entries(lines, heading + 1)
        if entries:
            return ParsedPage("text", _text_article(lines, heading), entries)
    raise _no_entries(name)


def _text_entries(lines: list[str], start: int) -> list[PopularEntry]:
    """Numbered title lines, each followed by its icon line. The list ends at the first
    other line after a complete entry (the page footer)."""
    entries: list[PopularEntry] = []
    title_lines: list[int] = []             # indexes of the current entry's title lines
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        numbered = _NUMBERED_TITLE.match(line)
        if _ICON_SPLIT.search(line) and title_lines:
            title = " ".join(lines[j].strip() for j in title_lines)
            title = _NUMBERED_TITLE.match(title)["title"]
            raw = "\n".join(lines[title_lines[0]:i + 1])
            entries.append(_entry(title_lines[0] + 1, raw, title, line, None))
            title_lines = []
        elif numbered:
            if title_lines:                 # the previous entry had no icon line
                entries.append(_entry(title_lines[0] + 1, "\n".join(lines[j] for j in title_lines),
                                      numbered_title(lines[title_lines[0]]), "", None))
            title_lines = [i]
        elif title_lines and len(title_lines) < _MAX_TITLE_LINES:
            title_lines.append(i)           # a wrapped title
        elif entries or title_lines:
            break
    if title_lines:
        entries.append(_entry(title_lines[0] + 1, "\n".join(lines[j] for j in title_lines),
                              numbered_title(lines[title_lines[0]]), "", None))
    return entries


def numbered_title(line: str) -> str:
    match = _NUMBERED_TITLE.match(line)
    return match["title"] if match else line.strip()


def _text_article(lines: list[str], popular_heading: int) -> PageArticle:
    """The title is the first line after the photo credit; the body runs from there to the
    'Berita Terkait' / 'Berita Terpopuler' heading."""
    article = PageArticle()
    credit = None
    for i, line in enumerate(lines[:popular_heading]):
        match = _PHOTO_CREDIT.match(line)
        if match:
            article.photographer, credit = " ".join(match["name"].split()), i
            break
    if credit is not None:
        title = next((i for i in range(credit + 1, popular_heading) if lines[i].strip()), None)
        if title is not None:
            article.title, article.line_number = " ".join(lines[title].split()), title + 1
            end = next((i for i in range(title + 1, popular_heading + 1) if ARTICLE_END.match(lines[i])),
                       popular_heading)
            article.body = "\n".join(lines[title + 1:end]).strip()
    _read_day_month(article, article.body or "\n".join(lines[:popular_heading]))
    return article


def _read_day_month(article: PageArticle, text: str) -> None:
    match = _DAY_MONTH.search(text)
    if match:
        article.date_text = " ".join(match[0].split())
        article.day, article.month = int(match["day"]), int(match["month"])
        article.weekday = match["weekday"].replace("'", "").capitalize()


def _parse_html(text: str, name: str) -> ParsedPage:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    label = soup.find(string=POPULAR_HEADING)
    if label is None:
        raise _no_popular_list(name)
    heading = label.parent
    found = heading.find_next(["ol", "ul"])
    if found is None:
        raise _no_entries(name)
    entries = [_html_entry(item) for item in found.find_all("li")]
    entries = [e for e in entries if e.title or e.views_text]
    if not entries:
        raise _no_entries(name)
    return ParsedPage("HTML", _html_article(soup, heading), entries)


def _html_entry(item) -> PopularEntry:
    link = item.find("a", href=True)
    title = link.get_text(" ", strip=True) if link else ""
    meta_text = item.get_text(" ", strip=True)
    if title and meta_text.startswith(title):
        meta_text = meta_text[len(title):]
    url = link["href"].strip() if link and link["href"].strip() not in ("", "#") else None
    return _entry(item.sourceline or 0, str(item), title, meta_text, url)


def _html_article(soup, popular_heading) -> PageArticle:
    article = PageArticle()
    h1 = soup.find("h1")
    if h1 is not None and h1.get_text(strip=True):
        article.title = " ".join(h1.get_text(" ", strip=True).split())
        article.line_number = h1.sourceline
    for element in soup.find_all(True):
        match = _PHOTO_CREDIT.match(element.get_text(" ", strip=True))
        if match and element.find(string=POPULAR_HEADING) is None:
            article.photographer = " ".join(match["name"].split())
            break
    container = soup.find("article") or soup.body or soup
    after_list = {id(p) for p in popular_heading.find_all_next("p")}
    paragraphs = [p for p in container.find_all("p") if id(p) not in after_list]
    article.body = "\n".join(p.get_text(" ", strip=True) for p in paragraphs)
    _read_day_month(article, article.body)
    return article


# --- turning a page into snapshots ------------------------------------------------------

def resolve_day_month(day: int, month: int, snapshot: date) -> date:
    """A day/month date without a year: the latest year that puts it on or before the
    snapshot date (29/11 seen on 2024-11-06 is 2023-11-29). 29/02 looks back to a leap year."""
    for year in range(snapshot.year, snapshot.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            if not 1 <= month <= 12:
                break
            continue
        if candidate <= snapshot:
            return candidate
    raise ValueError(f"{day:02d}/{month:02d} is not a calendar date")


def page_snapshot_date(name: str, as_of: date | None) -> tuple[date, str]:
    """The page's snapshot date as an export's (file_snapshot_date); a page has no column
    to take it from, so without one it is refused here."""
    snapshot, source = file_snapshot_date(name, as_of)
    if snapshot is not None:
        return snapshot, source
    raise RefusedFile(
        f"{name} has no snapshot date: put the day the page was saved in the file name "
        "(e.g. beritajakarta_2024-11-06.txt) or pass --as-of 2024-11-06."
    )


def _entry_record(entry: PopularEntry, snapshot: date) -> SnapshotRecord:
    """Same checks and messages as a CSV row (rows.snapshot_record)."""
    if not entry.title:
        raise ValueError("title is empty")
    if not entry.views_text:
        raise ValueError("no view count (the number after 'remove_red_eye') in this entry")
    views = row_views(entry.views_text)
    if not entry.date_text:
        raise ValueError("no publish date (the date after 'access_time') in this entry")
    published = row_published(entry.date_text)
    canonical, url = stored_link(entry.url)   # stored like an export's link
    published_date = wib_date(published)
    return SnapshotRecord(
        article_id=canonical or title_key(entry.title, published_date),
        snapshot_date=snapshot,
        views=views,
        url=url,
        title=entry.title,
        published_at=published.replace(tzinfo=None),
        published_date=published_date,
        category=None,
        photographer=None,
        authors=split_byline(entry.author_text),
        regions=regions_for(None, entry.title),
        line_number=entry.line_number,
    )


def _records(page: ParsedPage, snapshot: date) -> tuple[list[SnapshotRecord], list[RowProblem]]:
    records: list[SnapshotRecord] = []
    problems: list[RowProblem] = []
    for entry in page.entries:
        try:
            records.append(_entry_record(entry, snapshot))
        except ValueError as problem:
            problems.append(RowProblem(entry.line_number, entry.raw_text, str(problem)))
    # The same article twice on one page: the export rule (SPEC §1 duplicates).
    records, duplicates = drop_duplicates(records, lambda line: _raw_of(page, line))
    problems = sorted(problems + duplicates, key=lambda p: p.line_number)
    return records, problems


def _raw_of(page: ParsedPage, line_number: int) -> str:
    return next(e.raw_text for e in page.entries if e.line_number == line_number)


def _adopt_known_urls(con: duckdb.DuckDBPyConnection, records: list[SnapshotRecord]) -> None:
    """A page imported after an export of the same articles (a backlog arriving late):
    an entry without URL takes the key of the one stored article with its title and
    publish date, instead of becoming a second article."""
    by_key = {r.article_id: r for r in records if r.url is None}
    if not by_key:
        return
    dates = sorted({r.published_date for r in by_key.values()})
    rows = con.execute(
        "select article_id, url, title, published_date from articles "
        "where url is not null and published_date in (select unnest($dates))",
        {"dates": dates},
    ).fetchall()
    matches: dict[str, list[tuple[str, str]]] = {}
    for article_id, url, title, published_date in rows:
        matches.setdefault(title_key(title, published_date), []).append((article_id, url))
    for key, record in by_key.items():
        found = matches.get(key, [])
        if len(found) == 1:
            record.article_id, record.url = found[0]


def _own_article(page: ParsedPage, records: list[SnapshotRecord], snapshot: date, name: str) -> list[Note]:
    """Attach the page's own article to its popular entry when it has one (the only place
    the page gives its views); otherwise return it as a warning: (line, message, key)."""
    article = page.article
    missing = article.missing_parts()
    notes: list[Note] = []
    if missing:
        # Line 1 when even the title is missing: the warning is about the page as a whole.
        notes.append((article.line_number or 1, (
            f"the page's own article is incomplete in {name}: could not find "
            + "; ".join(missing) + "; the popular list was read as usual"
        ), None))
    if not article.title or article.day is None:
        return notes
    try:
        published = resolve_day_month(article.day, article.month, snapshot)
    except ValueError as problem:
        notes.append((article.line_number, f"the page's own article date '{article.date_text}': {problem}",
                      None))
        return notes
    if article.weekday and WEEKDAYS_ID[published.weekday()] != article.weekday:
        notes.append((article.line_number, (
            f"the page's own article says '{article.date_text}', but {published} is a "
            f"{WEEKDAYS_ID[published.weekday()]}; check the snapshot date"
        ), None))
    key = title_key(article.title, published)
    wanted = (normalize_title(article.title), published)
    for record in records:
        if (normalize_title(record.title), record.published_date) == wanted:
            record.photographer = article.photographer
            record.regions = regions_for(None, record.title, article.body)
            return notes
    photo = f", photo {article.photographer}" if article.photographer else ""
    notes.append((article.line_number, (
        f"article on the page: {article.title}{photo}, date {published} (from '{article.date_text}'); "
        "the page shows no view count for it, so no snapshot was stored"
    ), key))
    return notes


def control_lines(text: str) -> dict[int, list[str]]:
    """Line number → the control characters on that line ({} for a clean page). The page is
    cleaned as a whole before it is read (cells.clean_text keeps every offset, one space for
    one character), so these lines are the lines the parser numbers."""
    if not has_control_characters(text):
        return {}
    found: dict[int, list[str]] = {}
    start = 0
    # Lines as the cleaned page has them: some controls (form feed, U+001C-001E, U+0085)
    # end a line for str.splitlines but are spaces once cleaned.
    for number, line in enumerate(clean_text(text).splitlines(keepends=True), start=1):
        codes = control_characters(text[start:start + len(line)])
        start += len(line)
        if codes:
            found[number] = codes
    return found


def _cleaned_notes(dirty: dict[int, list[str]], page: ParsedPage, records: list[SnapshotRecord]) -> list[Note]:
    """One warning per line whose control characters were replaced, with the key of the
    entry it belongs to (if it was stored)."""
    if not dirty:
        return []
    keys = {r.line_number: r.article_id for r in records}
    entry_of = {}
    for entry in page.entries:
        for line in range(entry.line_number, entry.line_number + entry.raw_text.count("\n") + 1):
            entry_of[line] = entry.line_number
    return [(line, cleaned_warning(f"line {line}", codes), keys.get(entry_of.get(line)))
            for line, codes in sorted(dirty.items())]


@dataclass
class _PageSource:
    """What `files.report_of_load` reads from a RawExport."""
    encoding: str
    delimiter_name: str = ""
    sheet: str = ""


PAGE_SUFFIXES = {".html", ".htm"}


def is_saved_page(path: Path, data: bytes | None = None) -> bool:
    """Whether a file in an inbox is a saved article page rather than an export: an .html
    page always; a .txt when it is not an export (its header lacks the required columns)
    and it has the 'Berita Terpopuler' list. Anything else goes to the export reader, which
    refuses in its own words what it cannot read."""
    suffix = path.suffix.lower()
    if suffix in PAGE_SUFFIXES:
        return True
    if suffix != ".txt":
        return False
    try:
        text = open_export(path, data)
    except RefusedFile:
        return False
    try:
        check_columns(text)
    except RefusedFile:
        return POPULAR_HEADING.search(text.text) is not None
    return False


def ingest_page(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    data: bytes | None = None,
    as_of: date | None = None,
    caller: Caller | None = None,
    outlet: str | None = None,
) -> PageIngestReport:
    """Read one saved page and load its popular list, into `outlet` or the one its links
    name (etl.ingest.outlet_choice). Never raises for bad input: a
    refused page comes back as a report with status 'refused' and its sentence. `caller`
    (default: the shell user) must have the editor role, as for an export."""
    caller = caller or shell_caller()
    require(caller, "upload")
    name = path.name
    try:
        if data is None and not path.exists():
            raise RefusedFile(f"{path} does not exist; check the path and try again.")
        if data is None and path.is_dir():
            raise RefusedFile(f"{path} is a folder; pass the saved pages themselves to `sorot import-page`.")
        if data is None:
            data = path.read_bytes()
        if not data.strip():
            raise RefusedFile(f"{name} is empty; save the article page again.")
        text, encoding = decode(data, name)
        dirty = control_lines(text)
        page = parse_page(clean_text(text) if dirty else text, name)
        snapshot, source = page_snapshot_date(name, as_of)
        records, problems = _records(page, snapshot)
        if not records:
            first = problems[0]
            raise RefusedFile(
                f"{name} has no usable entry in its 'Berita Terpopuler' list: all {len(page.entries)} "
                f"were rejected (line {first.line_number}: {first.reason}); save the page again."
            )
        export = NormalizedExport(records, problems, snapshot, source, rows_read=len(page.entries))
        choice = choose_outlet(con, name, export, None, outlet)
    except RefusedFile as refused:
        return PageIngestReport(name, "refused", str(refused))
    target = outlets.find(con, choice.name)
    if target is not None:
        outlets.use(con, target)
        _adopt_known_urls(con, records)
        outlets.use_default(con)
    notes = _cleaned_notes(dirty, page, records) + _own_article(page, records, snapshot, name)
    content_hash = hashlib.sha256(data).hexdigest()
    # The notes go into load's transaction: the page is stored with them or not at all.
    result = load(con, export, file_name=name, content_hash=content_hash,
                  source_kind="page", encoding=encoding, delimiter=None, notes=notes, caller=caller,
                  file_size_bytes=len(data), outlet=choice)
    report = report_of_load(name, _PageSource(encoding), export, result)
    return PageIngestReport(**vars(report), page_form=page.form)


def ingest_pages(
    db_path: Path,
    paths: Iterable[Path],
    *,
    as_of: date | None = None,
    on_wait: Callable[[str], None] | None = None,
    on_report: Callable[[IngestReport], None] | None = None,
    caller: Caller | None = None,
    outlet: str | None = None,
) -> list[PageIngestReport]:
    """Import several saved pages with one write connection, oldest snapshot first."""
    caller = caller or shell_caller()
    require(caller, "upload")
    files = sorted(paths, key=snapshot_order)
    if not files:
        raise RefusedFile("No saved pages given; pass one or more .txt or .html files.")
    return ingest_batch(db_path, files, lambda con, path: ingest_page(con, path, as_of=as_of, caller=caller, outlet=outlet),
                        on_wait=on_wait, on_report=on_report)

