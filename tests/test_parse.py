"""Examples for the cell parsers, written by hand from SPEC §1."""

from datetime import date, datetime, timezone

import pytest

from etl.newsroom.cells import (
    COLUMN_ALIASES,
    WIB,
    author_key,
    canonical_column,
    canonical_url,
    date_from_filename,
    normalize_title,
    parse_date,
    parse_published,
    parse_views,
    split_byline,
    wib_date,
)

UTC = timezone.utc

# --- views -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2233", 2233),
        ("2.233", 2233),
        ("2,233", 2233),
        ("1.234.567", 1234567),
        ("1,234,567", 1234567),
        (" 2 233 ", 2233),
        ("2\u00a0233", 2233),  # Excel's non-breaking space
        ("1\u202f234\u202f567", 1234567),  # narrow no-break space
        ("0", 0),
        (" 17 ", 17),
        ("999", 999),
    ],
)
def test_views_notations(text, expected):
    assert parse_views(text) == expected


@pytest.mark.parametrize(
    "text",
    ["2.5", "n/a", "-4", "", "   ", "2.23", "1,2345", "1.234,567", "1,234.567",
     "1.2.3", ".233", "2.233.", "12 34", "abc", "2233x", "²"],
)
def test_views_rejected(text):
    with pytest.raises(ValueError):
        parse_views(text)


def test_views_reason_names_the_value():
    with pytest.raises(ValueError, match=r"views '2\.5' is not a whole number"):
        parse_views("2.5")
    with pytest.raises(ValueError, match="negative"):
        parse_views("-4")
    with pytest.raises(ValueError, match="empty"):
        parse_views("")


# --- publish dates ------------------------------------------------------------------


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO: a date alone is midnight WIB, i.e. 17:00 UTC the day before
        ("2024-11-05", utc(2024, 11, 4, 17, 0)),
        ("2024-11-05T14:05:00", utc(2024, 11, 5, 7, 5)),
        ("2024-11-05 14:05", utc(2024, 11, 5, 7, 5)),
        ("2024-11-05T07:05:00Z", utc(2024, 11, 5, 7, 5)),
        ("2024-11-05T14:05:00+07:00", utc(2024, 11, 5, 7, 5)),
        ("2024-11-05T14:05:00+0700", utc(2024, 11, 5, 7, 5)),
        ("2024-11-05T23:30:00+00:00", utc(2024, 11, 5, 23, 30)),
        ("2024-11-05T14:05:00.123456+07:00", utc(2024, 11, 5, 7, 5)),
        # day first, always
        ("05/11/2024", utc(2024, 11, 4, 17, 0)),
        ("5/11/2024", utc(2024, 11, 4, 17, 0)),
        ("5/1/2024", utc(2024, 1, 4, 17, 0)),  # 5 January, day first
        ("05-11-2024", utc(2024, 11, 4, 17, 0)),
        ("05.11.2024", utc(2024, 11, 4, 17, 0)),
        ("05/11/2024 14:05", utc(2024, 11, 5, 7, 5)),
        ("05/11/2024 14.05", utc(2024, 11, 5, 7, 5)),
        ("05/11/2024 14:05:30", utc(2024, 11, 5, 7, 5, 30)),
        ("05/11/2024 14:05 WIB", utc(2024, 11, 5, 7, 5)),
        ("05/11/2024 23.30 WIB", utc(2024, 11, 5, 16, 30)),
        ("05/11/2024 14:05 WITA", utc(2024, 11, 5, 6, 5)),
        ("05/11/2024 14:05 WIT", utc(2024, 11, 5, 5, 5)),
        # long forms
        ("29 November 2023", utc(2023, 11, 28, 17, 0)),
        ("Rabu, 29 November 2023 14:05 WIB", utc(2023, 11, 29, 7, 5)),
        ("Rabu 29 November 2023 14:05", utc(2023, 11, 29, 7, 5)),
        ("29 Nov 2023", utc(2023, 11, 28, 17, 0)),
        ("29 nov. 2023", utc(2023, 11, 28, 17, 0)),
        ("Wednesday, 29 November 2023", utc(2023, 11, 28, 17, 0)),
        ("Jum'at, 1 Nopember 2024", utc(2024, 10, 31, 17, 0)),
        ("Jum\u2019at, 1 Nopember 2024", utc(2024, 10, 31, 17, 0)),
        ("Jumat, 1 November 2024", utc(2024, 10, 31, 17, 0)),
        ("29 Agt 2023", utc(2023, 8, 28, 17, 0)),
        ("29 Agu 2023", utc(2023, 8, 28, 17, 0)),
        ("1 Des 2023", utc(2023, 11, 30, 17, 0)),
        ("1 Mei 2024", utc(2024, 4, 30, 17, 0)),
        ("1 Okt 2024", utc(2024, 9, 30, 17, 0)),
        ("1 Pebruari 2024", utc(2024, 1, 31, 17, 0)),
        ("MINGGU, 3 MARET 2024", utc(2024, 3, 2, 17, 0)),
        ("Ahad, 3 Maret 2024", utc(2024, 3, 2, 17, 0)),
        ("Senin, 4 Maret 2024 | 09:15 WIB", utc(2024, 3, 4, 2, 15)),
        ("Selasa, 5 Maret 2024 pukul 09.15 WIB", utc(2024, 3, 5, 2, 15)),
        ("Kamis, 7 Maret 2024", utc(2024, 3, 6, 17, 0)),
        ("Sabtu, 9 Maret 2024", utc(2024, 3, 8, 17, 0)),
        ("29 Nov 2023 14:05 WITA", utc(2023, 11, 29, 6, 5)),
        ("November 29, 2023", utc(2023, 11, 28, 17, 0)),
    ],
)
def test_published_formats(text, expected):
    parsed = parse_published(text)
    assert parsed == expected
    assert parsed.utcoffset().total_seconds() == 0


@pytest.mark.parametrize(
    ("text", "publish_date"),
    [
        ("2024-11-05T23:30:00+00:00", date(2024, 11, 6)),  # 06:30 next morning in Jakarta
        ("2024-11-05T16:59:00Z", date(2024, 11, 5)),
        ("2024-11-05T17:00:00Z", date(2024, 11, 6)),
        ("05/11/2024 23.30 WIB", date(2024, 11, 5)),
        ("05/11/2024 00:10", date(2024, 11, 5)),
        ("2024-11-05", date(2024, 11, 5)),
        ("05/11/2024 00:30 WITA", date(2024, 11, 4)),  # 23:30 WIB the day before
    ],
)
def test_publish_date_is_the_date_in_wib(text, publish_date):
    assert wib_date(parse_published(text)) == publish_date


@pytest.mark.parametrize(
    "text",
    ["", "  ", "31/02/2024", "30/02/2024", "32/01/2024", "29/02/2023", "2024-13-01",
     "05/13/2024", "kemarin", "n/a", "29 Foo 2023", "05/11/2024 25:00", "05/11/2024 14:61",
     "Kamis, 29 November 2023",  # 29 November 2023 was a Rabu
     "Someday, 29 November 2023", "0224-11-05", "2024-11-05 14:05 +15:00"],
)
def test_published_rejected(text):
    with pytest.raises(ValueError):
        parse_published(text)


def test_published_reason_says_what_is_wrong():
    with pytest.raises(ValueError, match=r"'31/02/2024' is not a real calendar date"):
        parse_published("31/02/2024")
    with pytest.raises(ValueError, match="2024-11-05"):  # shows an example that works
        parse_published("kemarin")


# --- plain dates, wib_date ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-11-10", date(2024, 11, 10)),
        ("10/11/2024", date(2024, 11, 10)),
        ("10-11-2024", date(2024, 11, 10)),
        ("10 November 2024", date(2024, 11, 10)),
        ("Minggu, 10 Nopember 2024", date(2024, 11, 10)),
        # a time or an offset never moves the date as written
        ("2024-11-10T23:30:00+00:00", date(2024, 11, 10)),
        ("2024-11-10T01:00:00+07:00", date(2024, 11, 10)),
        ("10/11/2024 23.30 WIB", date(2024, 11, 10)),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_parse_date_rejects_invalid_day():
    with pytest.raises(ValueError):
        parse_date("31/04/2024")


def test_wib_date():
    assert WIB.utcoffset(None).total_seconds() == 7 * 3600
    assert wib_date(datetime(2024, 11, 5, 16, 59, tzinfo=UTC)) == date(2024, 11, 5)
    assert wib_date(datetime(2024, 11, 5, 17, 0, tzinfo=UTC)) == date(2024, 11, 6)
    assert wib_date(datetime(2024, 11, 6, 0, 30, tzinfo=WIB)) == date(2024, 11, 6)
    with pytest.raises(ValueError):
        wib_date(datetime(2024, 11, 5, 12, 0))


# --- file names ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("export_2024-11-10.csv", date(2024, 11, 10)),
        ("export_20241110.csv", date(2024, 11, 10)),
        ("export_10-11-2024.csv", date(2024, 11, 10)),
        ("export_2024_11_10.csv", date(2024, 11, 10)),
        ("export_10_11_2024.csv", date(2024, 11, 10)),
        ("2024-11-10.csv", date(2024, 11, 10)),
        ("views 1-2-2024.tsv", date(2024, 2, 1)),  # day first
        ("backlog_2024-11-03_to_2024-11-10.csv", date(2024, 11, 10)),  # the last one
        ("10-11-2024_revisi_2024-11-17.csv", date(2024, 11, 17)),
        ("export_120241110999.csv", None),  # part of a longer digit run
        ("export_2024-02-30.csv", None),  # not a calendar date
        ("export.csv", None),
        ("artikel_123456.csv", None),
        ("export_2024-11-10_v2.csv", date(2024, 11, 10)),
    ],
)
def test_date_from_filename(name, expected):
    assert date_from_filename(name) == expected


# --- urls -----------------------------------------------------------------------------------


def test_spec_url_pair_is_one_article():
    assert canonical_url("https://www.x.id/read/1/a/?utm_source=wa#top") == "x.id/read/1/a"
    assert canonical_url("http://x.id/read/1/a") == "x.id/read/1/a"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://m.x.id/read/1/a", "x.id/read/1/a"),
        ("www.x.id/a", "x.id/a"),
        ("x.id/a", "x.id/a"),
        ("HTTPS://WWW.X.ID/Read/1/A", "x.id/Read/1/A"),  # path keeps its case
        ("  https://x.id/a///  ", "x.id/a"),
        ("https://x.id/", "x.id"),
        ("https://x.id", "x.id"),
        ("https://x.id:443/a", "x.id/a"),
        ("http://x.id:80/a", "x.id/a"),
        ("http://x.id:8080/a", "x.id:8080/a"),
        ("https://x.id/a#comments", "x.id/a"),
        ("https://x.id/a?page=2", "x.id/a"),
        ("//x.id/a", "x.id/a"),
        ("https://news.x.id/a", "news.x.id/a"),
        ("https://www.m.x.id/a", "x.id/a"),
    ],
)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url", ["", "   ", "https://", "https:///a", "n/a", "-", "/read/1/a"])
def test_canonical_url_rejects_no_host(url):
    with pytest.raises(ValueError):
        canonical_url(url)


# --- bylines and authors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Oleh: Budi Santoso dan Siti Aminah", ["Budi Santoso", "Siti Aminah"]),
        ("Reporter: A & B / C", ["A", "B", "C"]),
        ("A; B, a", ["A", "B"]),
        ("", []),
        ("   ", []),
        ("Budi Santoso", ["Budi Santoso"]),
        ("  Budi   Santoso  ", ["Budi Santoso"]),
        ("Budi and Siti", ["Budi", "Siti"]),
        ("Budi DAN Siti", ["Budi", "Siti"]),
        ("Penulis: Budi; Pewarta: Siti", ["Budi", "Siti"]),
        ("Wartawan Budi", ["Budi"]),
        ("By Jane Doe", ["Jane Doe"]),
        ("oleh budi", ["budi"]),
        ("Reporter: Budi | Editor: Rina", ["Budi"]),  # the editor is not an author
        ("Budi, , Siti,", ["Budi", "Siti"]),
        ("Danu dan Andi", ["Danu", "Andi"]),  # "dan" only as a word
        ("Byan Sadewa", ["Byan Sadewa"]),  # "By" only as a word
        ("Budi Santoso, BUDI  SANTOSO", ["Budi Santoso"]),
    ],
)
def test_split_byline(byline, expected):
    assert split_byline(byline) == expected


def test_author_key():
    assert author_key("Budi  Santoso") == "budi santoso"
    assert author_key(" BUDI\tSANTOSO ") == author_key("budi santoso")


def test_normalize_title():
    assert normalize_title("  Banjir  di Jakarta!  ") == "banjir di jakarta"
    assert normalize_title("“Jakarta–Bogor” Macet") == normalize_title('"Jakarta - Bogor" macet')
    assert normalize_title("Jum’at Keramat") == normalize_title("Jum'at keramat")
    assert normalize_title("Harga BBM Naik 10%") == "harga bbm naik 10"


# --- column headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        # SPEC §1 table, every name in it
        ("url", "url"), ("link", "url"), ("tautan", "url"), ("url artikel", "url"),
        ("article_id", "article_id"), ("id", "article_id"), ("id artikel", "article_id"),
        ("title", "title"), ("judul", "title"), ("headline", "title"),
        ("published_at", "published_at"), ("tanggal", "published_at"),
        ("tanggal terbit", "published_at"), ("waktu terbit", "published_at"),
        ("publish date", "published_at"), ("date", "published_at"),
        ("author", "author"), ("penulis", "author"), ("reporter", "author"),
        ("pewarta", "author"), ("wartawan", "author"), ("byline", "author"),
        ("photographer", "photographer"), ("fotografer", "photographer"),
        ("foto", "photographer"),
        ("category", "category"), ("kategori", "category"), ("kanal", "category"),
        ("rubrik", "category"), ("section", "category"),
        ("region", "region"), ("wilayah", "region"), ("lokasi", "region"),
        ("views", "views"), ("dilihat", "views"), ("dibaca", "views"), ("pembaca", "views"),
        ("pageviews", "views"), ("hits", "views"), ("jumlah dilihat", "views"),
        ("snapshot_date", "snapshot_date"), ("as of", "snapshot_date"),
        ("tanggal data", "snapshot_date"), ("per tanggal", "snapshot_date"),
        # text columns used for region inference
        ("isi", "body"), ("konten", "body"), ("ringkasan", "summary"),
        ("deskripsi", "summary"), ("tag", "tags"), ("tags", "tags"),
        # case, spaces, _ - . are ignored; BOM and quotes stripped
        ("Tanggal Terbit", "published_at"), ("tanggal_terbit", "published_at"),
        ("TANGGAL-TERBIT", "published_at"), ("Tanggal.Terbit", "published_at"),
        ("URL Artikel", "url"), ("Jumlah Dilihat", "views"), ("As Of", "snapshot_date"),
        ("Per Tanggal", "snapshot_date"), ("ID Artikel", "article_id"),
        ("Page Views", "views"), ("\ufeffurl", "url"), ('"Judul"', "title"),
        ('\ufeff"Judul" ', "title"), ("  Penulis  ", "author"),
    ],
)
def test_canonical_column(header, expected):
    assert canonical_column(header) == expected


@pytest.mark.parametrize("header", ["", "Unnamed: 0", "editor", "catatan", "views (total)"])
def test_unknown_columns(header):
    assert canonical_column(header) is None


def test_alias_keys_are_normalised():
    for key in COLUMN_ALIASES:
        assert key == key.casefold()
        assert not any(ch in key for ch in " _-.")
