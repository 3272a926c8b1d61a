"""The ingest's sentences in the UI language (issue #20).

Ingest writes its refusals, reject reasons and warnings in English: `rejects.reason` keeps
them so, and the CLI prints them. The upload page shows them in the editor's language by
translating at presentation time: each English template (the f-string as written in
etl/newsroom/cells.py and etl/ingest/*.py, a `{}` per value) has an Indonesian one, `{0}`,
`{1}`… for the values in English order. A value is translated too when it is itself a
sentence or a term of this table (a nested reason, a field name), unless it stands in
quotes: a quoted value is the cell or name as the file wrote it. A sentence without a
translation is shown in English rather than not at all; tests/test_messages.py finds every
template in those modules (by AST) and fails when one is missing here.
"""
from __future__ import annotations

import re
from functools import cache

# Field names as Sorot calls them (the canonical columns) and the other words ingest puts
# into its sentences as values.
FIELDS: dict[str, dict[str, str]] = {
    "url": {"id": "URL", "en": "URL"},
    "article_id": {"id": "ID artikel", "en": "Article ID"},
    "title": {"id": "Judul", "en": "Title"},
    "published_at": {"id": "Tanggal terbit", "en": "Publish date"},
    "author": {"id": "Penulis", "en": "Author"},
    "photographer": {"id": "Fotografer", "en": "Photographer"},
    "category": {"id": "Kategori", "en": "Category"},
    "region": {"id": "Wilayah", "en": "Region"},
    "views": {"id": "Dilihat", "en": "Views"},
    "snapshot_date": {"id": "Tanggal data", "en": "Snapshot date"},
    "body": {"id": "Isi berita", "en": "Body"},
    "summary": {"id": "Ringkasan", "en": "Summary"},
    "tags": {"id": "Tag", "en": "Tags"},
    "outlet": {"id": "Situs", "en": "Outlet"},
}

DELIMITERS: dict[str, str] = {"comma": "koma", "semicolon": "titik koma", "tab": "tab", "pipe": "garis tegak"}

TERMS: dict[str, str] = {
    **{name: labels["id"].lower() for name, labels in FIELDS.items()},
    "publish date": "tanggal terbit",
    "date": "tanggal",
    "write e.g. 2024-11-05, 05/11/2024 14:05 or 5 November 2024":
        "tulis misalnya 2024-11-05, 05/11/2024 14:05 atau 5 November 2024",
    "title, published_at, author, views": "judul, tanggal terbit, penulis, dilihat",
    "upload": "unggah",
    "undo": "pembatalan",
}

_DECODE_FIX = "simpan dari Excel sebagai 'CSV UTF-8' lalu coba lagi."
TEMPLATES: dict[str, str] = {
    # which outlet a file goes to (etl/ingest/outlet_choice.py, etl/newsroom/outlets.py)
    "{} has rows of several outlets in its outlet column ({}); export one file per outlet, or load it with --outlet NAME.":
        "{0} memuat baris beberapa situs di kolom situsnya ({1}); ekspor satu berkas per situs, atau pilih satu "
        "situs untuk seluruh berkas (--outlet NAMA; di halaman unggah: pilihan Situs).",
    "{} has URLs of several sites ({}); export one file per site, or load it with --outlet NAME to count them all as one outlet.":
        "{0} memuat URL beberapa situs ({1}); ekspor satu berkas per situs, atau pilih satu situs untuk seluruh "
        "berkas (--outlet NAMA; di halaman unggah: pilihan Situs).",
    "{} has no URLs that tell which outlet it belongs to; load it with --outlet NAME (one of: {}).":
        "{0} tidak memuat URL yang menunjukkan situsnya; pilih situsnya (--outlet NAMA; di halaman unggah: "
        "pilihan Situs), salah satu dari: {1}.",
    "{}: {}; give the outlet a name with --outlet NAME.": "{0}: {1}; beri nama situs dengan --outlet NAMA.",
    "an outlet name cannot be empty": "nama situs tidak boleh kosong",
    "an outlet name has at most {} characters; '{}…' has {}":
        "nama situs paling panjang {0} karakter; '{1}…' memiliki {2}",
    # the write child (etl/ingest/files.py run_in_child) ended without a result
    "The {} stopped unexpectedly; nothing half-written was kept. Try again; the server log has the details.":
        "Proses {0} berhenti tiba-tiba; tidak ada yang tersimpan setengah jadi. Coba lagi; log server memuat rinciannya.",
    "unknown write job {}": "jenis pekerjaan tulis tidak dikenal: {0}",
    # reasons a row is rejected (etl/newsroom/cells.py, etl/ingest/rows.py)
    "views is empty": "jumlah dilihat kosong",
    "views '{}' is negative": "jumlah dilihat '{0}' negatif",
    "views '{}' is not a whole number": "jumlah dilihat '{0}' bukan bilangan bulat",
    "views '{}' is more than {} (10^12), which no article reaches; check the export's views column":
        "jumlah dilihat '{0}' lebih dari {1} (10^12), angka yang tidak mungkin dicapai artikel; periksa kolom dilihat di ekspor",
    "a datetime without time zone has no WIB date": "waktu tanpa zona waktu tidak punya tanggal WIB",
    "{} is empty": "{0} kosong",
    "{} '{}' is not a date we can read; {}": "{0} '{1}' bukan tanggal yang bisa dibaca; {2}",
    "{} '{}' is written with digits other than 0-9; {}": "{0} '{1}' ditulis dengan angka selain 0-9; {2}",
    "{} '{}' has an unknown month '{}'": "{0} '{1}' memakai bulan yang tidak dikenal '{2}'",
    "{} '{}' has an implausible year {}": "{0} '{1}' memakai tahun yang tidak masuk akal: {2}",
    "{} '{}' starts with '{}', which is not a weekday": "{0} '{1}' diawali '{2}', yang bukan nama hari",
    "{} '{}': {} is not a {}": "{0} '{1}': {2} bukan hari {3}",
    "{} '{}' is not a real calendar date": "{0} '{1}' bukan tanggal yang ada di kalender",
    "{} '{}' has an impossible time": "{0} '{1}' memakai jam yang tidak mungkin",
    "{} '{}' has an impossible time zone": "{0} '{1}' memakai zona waktu yang tidak mungkin",
    "url is empty": "URL kosong",
    "url '{}' has no host name": "URL '{0}' tidak punya nama host",
    "title is empty": "judul kosong",
    "title is {} characters long, more than the {} a headline can have; is an article body or HTML in the title column?":
        "judul sepanjang {0} karakter, lebih dari {1} yang mungkin untuk judul; apakah isi artikel atau HTML masuk ke kolom judul?",
    "no URL (and no article id) to identify the article": "tidak ada URL (maupun ID artikel) untuk mengenali artikel",
    "publish date is empty": "tanggal terbit kosong",
    "publish date '{}' is not a date Sorot can read": "tanggal terbit '{0}' bukan tanggal yang bisa dibaca Sorot",
    "row has {} fields but the header has {}; a delimiter or quote is probably missing":
        "baris berisi {0} kolom padahal header berisi {1}; kemungkinan ada pemisah atau tanda kutip yang hilang",
    "duplicate of the same article on line {}, which has the most views and was kept":
        "duplikat artikel yang sama di baris {0}, yang jumlah dilihatnya terbanyak dan disimpan",
    "control characters ({}) in {} were replaced by spaces": "karakter kontrol ({0}) di {1} diganti spasi",
    "line {}": "baris {0}",
    # saved pages (etl/ingest/saved_pages.py)
    "{}/{} is not a calendar date": "{0}/{1} bukan tanggal yang ada di kalender",
    "no view count (the number after 'remove_red_eye') in this entry":
        "entri ini tidak punya jumlah dilihat (angka setelah 'remove_red_eye')",
    "no publish date (the date after 'access_time') in this entry":
        "entri ini tidak punya tanggal terbit (tanggal setelah 'access_time')",
    # refusals of a whole file
    "{} has no usable row: all {} rows were rejected (line {}: {}); fix the export and ingest it again.":
        "{0} tidak punya baris yang bisa dipakai: semua {1} baris ditolak (baris {2}: {3}); perbaiki ekspor lalu unggah lagi.",
    "{} has a header but no rows; export the articles again from the CMS.":
        "{0} punya header tetapi tidak punya baris; ekspor ulang artikel dari CMS.",
    "{} has no snapshot date: add a 'snapshot_date' column, put the date in the file name (e.g. export-2024-11-10.csv) or pass --as-of 2024-11-10.":
        "{0} tidak punya tanggal data: tambahkan kolom 'snapshot_date', tulis tanggalnya di nama berkas (misalnya export-2024-11-10.csv) atau isi kolom Tanggal data di atas.",
    "{} lacks the required column '{}' (accepted names: {}); its header has: {}. Rename the column and ingest the file again.":
        "{0} tidak punya kolom wajib '{1}' (nama yang diterima: {2}); header-nya berisi: {3}. Ganti nama kolom lalu unggah lagi.",
    "{} cannot be decoded: it contains NUL bytes but no UTF-16 byte-order mark; save it from Excel as 'CSV UTF-8' or 'Unicode Text' and try again.":
        "{0} tidak bisa dibaca: berisi byte NUL tanpa penanda UTF-16; simpan dari Excel sebagai 'CSV UTF-8' atau 'Unicode Text' lalu coba lagi.",
    "{} cannot be decoded: it is neither UTF-8, UTF-16 nor Windows-1252 text; save it from Excel as 'CSV UTF-8' and try again.":
        "{0} tidak bisa dibaca: bukan teks UTF-8, UTF-16 maupun Windows-1252; " + _DECODE_FIX,
    "{} cannot be decoded: it contains NUL characters; is it really a CSV export?":
        "{0} tidak bisa dibaca: berisi karakter NUL; benarkah ini ekspor CSV?",
    "{} is empty; export the articles again from the CMS.": "{0} kosong; ekspor ulang artikel dari CMS.",
    "{} cannot be decoded as {} (bad byte at position {}); save it from Excel as 'CSV UTF-8' and try again.":
        "{0} tidak bisa dibaca sebagai {1} (byte rusak di posisi {2}); " + _DECODE_FIX,
    "{} has two columns that both mean '{}' ('{}' and '{}'), so Sorot cannot tell which to use; remove or rename one of them and ingest the file again.":
        "{0} punya dua kolom yang sama-sama berarti '{1}' ('{2}' dan '{3}'), jadi Sorot tidak tahu mana yang dipakai; hapus atau ganti nama salah satunya lalu unggah lagi.",
    "Interrupted; nothing half-written was kept (each file is stored whole or not at all); run `sorot ingest` again — files already loaded are skipped as unchanged.":
        "Terhenti; tidak ada yang tersimpan setengah jalan (setiap berkas disimpan utuh atau tidak sama sekali); unggah lagi — berkas yang sudah dimuat dilewati karena tidak berubah.",
    "No export files found (looked for *.csv, *.tsv and *.txt); check the path.":
        "Tidak ada berkas ekspor (dicari *.csv, *.tsv dan *.txt); periksa lokasinya.",
    "{} does not exist; check the path and try again.": "{0} tidak ada; periksa lokasinya lalu coba lagi.",
    "{} is a folder; pass it to `sorot ingest` to load every export inside.":
        "{0} adalah folder; unggah berkas-berkas ekspor di dalamnya.",
    "The upload stopped unexpectedly; nothing half-written was kept. Try again; the server log has the details.":
        "Unggahan berhenti tiba-tiba; tidak ada yang tersimpan setengah jalan. Coba lagi; rinciannya ada di log server.",
    "No 'Berita Terpopuler' list found in {}; is it a saved beritajakarta.id article page?":
        "Daftar 'Berita Terpopuler' tidak ditemukan di {0}; benarkah ini halaman artikel beritajakarta.id yang disimpan?",
    "{} has a 'Berita Terpopuler' heading but no entries under it (a title followed by 'access_time DATE remove_red_eye VIEWS person AUTHOR'); the page layout may have changed, so save the page again or send it to the Sorot maintainers.":
        "{0} punya judul 'Berita Terpopuler' tetapi tanpa entri di bawahnya (judul lalu 'access_time DATE remove_red_eye VIEWS person AUTHOR'); tata letak halaman mungkin berubah, jadi simpan ulang halaman itu atau kirim ke pengelola Sorot.",
    "{} has no snapshot date: put the day the page was saved in the file name (e.g. beritajakarta_2024-11-06.txt) or pass --as-of 2024-11-06.":
        "{0} tidak punya tanggal data: tulis tanggal halaman disimpan di nama berkas (misalnya beritajakarta_2024-11-06.txt) atau isi kolom Tanggal data di atas.",
    "No saved pages given; pass one or more .txt or .html files.":
        "Tidak ada halaman tersimpan; unggah satu atau beberapa berkas .txt atau .html.",
    "{} is a folder; pass the saved pages themselves to `sorot import-page`.":
        "{0} adalah folder; unggah halaman-halaman tersimpannya sendiri.",
    "{} is empty; save the article page again.": "{0} kosong; simpan ulang halaman artikelnya.",
    "{} has no usable entry in its 'Berita Terpopuler' list: all {} were rejected (line {}: {}); save the page again.":
        "{0} tidak punya entri yang bisa dipakai di daftar 'Berita Terpopuler': semua {1} ditolak (baris {2}: {3}); simpan ulang halamannya.",
    # workbooks (etl/ingest/workbook.py)
    "{} has no sheet with the columns {} and url (sheets found: {}); put the CMS export on a sheet of its own with its header row and try again.":
        "{0} tidak punya lembar dengan kolom {1} dan url (lembar yang ada: {2}); taruh ekspor CMS di lembar tersendiri bersama baris header-nya lalu coba lagi.",
    "{} is an old Excel .xls file or a password-protected workbook, which Sorot cannot read; open it in Excel, remove any password and save it as .xlsx or CSV UTF-8, then try again.":
        "{0} adalah berkas Excel .xls lama atau buku kerja berkata sandi, yang tidak bisa dibaca Sorot; buka di Excel, hapus kata sandinya dan simpan sebagai .xlsx atau CSV UTF-8, lalu coba lagi.",
    "{} is not a readable Excel workbook; open it in Excel and save it again as .xlsx or CSV UTF-8, then try again.":
        "{0} bukan buku kerja Excel yang bisa dibaca; buka di Excel dan simpan ulang sebagai .xlsx atau CSV UTF-8, lalu coba lagi.",
}


@cache
def _patterns() -> list[tuple[re.Pattern, str, tuple[bool, ...]]]:
    """Each template as a regex (a lazy group per value) with, per value, whether it stands
    in quotes (and so is kept as written). Longest templates first: the most specific wins."""
    compiled = []
    for english in sorted(TEMPLATES, key=len, reverse=True):
        parts = english.split("{}")
        quoted = tuple(part.endswith("'") for part in parts[:-1])
        pattern = "(.*?)".join(re.escape(part) for part in parts)
        compiled.append((re.compile(pattern, re.DOTALL), TEMPLATES[english], quoted))
    return compiled


def translate(message: str, lang: str) -> str:
    """An ingest sentence in `lang`; English, and any sentence without a template, as it is."""
    if lang == "en" or not message:
        return message
    if message in TERMS:
        return TERMS[message]
    if ", " in message and all(part in TERMS for part in message.split(", ")):
        return ", ".join(TERMS[part] for part in message.split(", "))
    for pattern, indonesian, quoted in _patterns():
        found = pattern.fullmatch(message)
        if found:
            values = [value if keep else translate(value, lang) for value, keep in zip(found.groups(), quoted)]
            return indonesian.format(*values)
    return message


def field_name(canonical: str, lang: str) -> str:
    """A canonical column (`published_at`) as editors call it (`Tanggal terbit`)."""
    return FIELDS.get(canonical, {}).get(lang, canonical)


def delimiter_name(name: str, lang: str) -> str:
    return DELIMITERS.get(name, name) if lang == "id" else name
