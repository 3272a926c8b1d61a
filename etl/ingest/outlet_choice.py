"""Which outlet a file goes to (issue #18, docs/decisions.md): the one asked for (`sorot
ingest --outlet`, the upload page's choice), else the one value of the file's outlet column,
else the site its URLs are on (the only outlet when it has no site yet: its files so far had
no URLs); a file without URLs goes to the database's only outlet (or `utama` while there is
none). A file that names several outlets (column values or sites)
is refused: each outlet's numbers must be its own."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from etl.db import outlets
from etl.errors import RefusedFile
from etl.ingest.read import ExportText, split_rows
from etl.ingest.rows import NormalizedExport
from etl.newsroom.cells import canonical_url, clean_text
from etl.newsroom.outlets import FALLBACK_OUTLET, name_key, outlet_name

# How many sites or column values a refusal names before "…".
_NAMED = 5


@dataclass(frozen=True)
class OutletChoice:
    name: str                   # an existing outlet's name, or the one to create
    sites: tuple[str, ...]      # the sites of the file's URLs, recorded for the outlet


def choose_outlet(con, file_name: str, export: NormalizedExport, raw: ExportText | None,
                  asked: str | None) -> OutletChoice:
    """The outlet of one normalised file. Raises RefusedFile."""
    site_rows = outlets.site_counts(_host_counts(con, export))
    sites = tuple(sorted(site_rows))
    if asked:
        return OutletChoice(_named(con, asked, file_name), sites)
    values = _column_values(raw) if raw is not None and "outlet" in raw.columns else Counter()
    if len(values) > 1:
        raise RefusedFile(f"{file_name} has rows of several outlets in its outlet column ({_listed(values)}); "
                          "export one file per outlet, or load it with --outlet NAME.")
    if values:
        return OutletChoice(_named(con, next(iter(values)), file_name), sites)
    if len(site_rows) > 1:
        raise RefusedFile(f"{file_name} has URLs of several sites ({_listed(site_rows)}); export one file "
                          "per site, or load it with --outlet NAME to count them all as one outlet.")
    existing = outlets.all_outlets(con)
    if site_rows:
        known = outlets.find(con, sites[0])
        if known is None and len(existing) == 1 and not outlets.sites_of(con, existing[0]):
            known = existing[0]   # the only outlet, begun by files without URLs: theirs too
        return OutletChoice(known.name if known else sites[0], sites)
    if len(existing) > 1:
        raise RefusedFile(f"{file_name} has no URLs that tell which outlet it belongs to; load it with "
                          f"--outlet NAME (one of: {', '.join(o.name for o in existing)}).")
    return OutletChoice(existing[0].name if existing else FALLBACK_OUTLET, sites)


def _named(con, text: str, file_name: str) -> str:
    known = outlets.find(con, text)
    if known is not None:
        return known.name
    try:
        return outlet_name(text)
    except ValueError as err:
        raise RefusedFile(f"{file_name}: {err}; give the outlet a name with --outlet NAME.") from None


def _host_counts(con, export: NormalizedExport) -> Counter:
    if export.staged_rows is not None:
        return outlets.host_counts(con, "staged")
    counts: Counter = Counter()
    for record in export.records:
        if record.url:
            try:
                counts[canonical_url(record.url).partition("/")[0]] += 1
            except ValueError:
                continue
    return counts


def _column_values(raw: ExportText) -> Counter:
    """Rows per outlet named in the outlet column; spellings that differ only in case and
    spacing are one outlet (shown as first written)."""
    index = raw.columns["outlet"]
    shown: dict[str, str] = {}
    values: Counter = Counter()
    for row in split_rows(raw).rows:
        if index < len(row.fields):
            value = " ".join(clean_text(row.fields[index]).split())
            if value:
                values[shown.setdefault(name_key(value), value)] += 1
    return values


def _listed(counts: Counter) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    shown = [f"{name}: {count:,}" for name, count in ranked[:_NAMED]]   # rows each, in any language
    return ", ".join(shown) + (", …" if len(counts) > _NAMED else "")
