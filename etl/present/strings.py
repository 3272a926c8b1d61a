"""Every UI string in Bahasa Indonesia (default) and English. Data is never translated."""
from __future__ import annotations

LANGS = ("id", "en")

STRINGS: dict[str, dict[str, str]] = {
    # navigation
    "page_overview": {"id": "Ringkasan", "en": "Overview"},
    "page_trending": {"id": "Artikel terpopuler", "en": "Trending articles"},
    "page_reporters": {"id": "Pewarta", "en": "Reporters"},
    "page_regions": {"id": "Wilayah", "en": "Regions"},
    "page_search": {"id": "Artikel", "en": "Article"},
    "page_ingest": {"id": "Unggah data", "en": "Upload data"},
    # sidebar
    "language": {"id": "Bahasa", "en": "Language"},
    "period": {"id": "Periode (akhir)", "en": "Period (ending)"},
    "data_as_of": {"id": "Data per {date}", "en": "Data as of {date}"},
    "last_ingest": {"id": "Unggahan terakhir {when}", "en": "Last upload {when}"},
    "period_range": {"id": "Periode {start} – {end}", "en": "Period {start} – {end}"},
    "period_first": {
        "id": "Belum ada data sebelum periode ini: awal periode = 7 hari sebelum akhir.",
        "en": "No data before this period: it starts 7 days before its end.",
    },
    # empty and error states
    "empty_title": {"id": "Belum ada data", "en": "No data yet"},
    "empty_body": {
        "id": "Database {db} belum berisi ekspor. Unggah ekspor CMS di halaman **Unggah data**, "
              "atau dari terminal jalankan `sorot ingest FOLDER_EKSPOR` — atau coba dengan data "
              "contoh: `sorot demo`.",
        "en": "The database {db} holds no exports yet. Upload a CMS export on the **Upload data** "
              "page, or from a terminal run `sorot ingest EXPORT_FOLDER` — or try the demo data: "
              "`sorot demo`.",
    },
    "go_upload": {"id": "Ke halaman Unggah data", "en": "Go to Upload data"},
    "db_busy": {
        "id": "Database sedang dipakai proses lain (unggahan besar?). Coba lagi sebentar lagi.",
        "en": "The database is in use by another process (a long upload?). Try again in a moment.",
    },
    "table_page": {"id": "Halaman", "en": "Page"},
    "table_rows": {"id": "halaman dari {pages} · baris {first}–{last} dari {total}",
                   "en": "page of {pages} · rows {first}–{last} of {total}"},
    "no_rows": {"id": "Tidak ada artikel untuk pilihan ini.", "en": "No articles for this selection."},
    # overview
    "kpi_articles_published": {"id": "Artikel terbit", "en": "Articles published"},
    "kpi_views_gained": {"id": "Tambahan dilihat", "en": "Views gained"},
    "kpi_active_reporters": {"id": "Pewarta aktif", "en": "Active reporters"},
    "no_change": {"id": "tetap", "en": "no change"},
    "vs_previous": {"id": "dibanding periode sebelumnya", "en": "against the previous period"},
    "top10": {"id": "10 artikel terpopuler", "en": "Top 10 trending"},
    "see_all": {"id": "Lihat semua artikel terpopuler", "en": "See the full ranking"},
    "coverage": {"id": "Liputan per wilayah", "en": "Coverage by region"},
    # columns
    "col_rank": {"id": "#", "en": "#"},
    "col_move": {"id": "Gerak", "en": "Move"},
    "movement_new": {"id": "baru", "en": "new"},   # rank movement of an article not ranked before
    "col_movement": {"id": "Gerak", "en": "Move"},
    "col_previous_rank": {"id": "Pekan lalu", "en": "Last week"},
    "col_title": {"id": "Judul", "en": "Title"},
    "col_authors": {"id": "Penulis", "en": "Authors"},
    "col_author": {"id": "Pewarta", "en": "Reporter"},
    "col_published_at": {"id": "Terbit", "en": "Published"},
    "col_category": {"id": "Kategori", "en": "Category"},
    "col_regions": {"id": "Wilayah", "en": "Regions"},
    "col_region": {"id": "Wilayah", "en": "Region"},
    "col_views_gained": {"id": "Tambahan dilihat", "en": "Views gained"},
    "col_views_total": {"id": "Total dilihat", "en": "Total views"},
    "col_evergreen": {"id": "Evergreen", "en": "Evergreen"},
    "col_rank_gain": {"id": "Naik (peringkat)", "en": "Places gained"},
    "col_articles": {"id": "Artikel terbit", "en": "Articles published"},
    "col_views": {"id": "Dilihat", "en": "Views"},
    "col_views_new": {"id": "Dilihat (baru)", "en": "Views (new)"},
    "help_views_new": {"id": "Tambahan dilihat artikel yang terbit di periode ini",
                       "en": "Views gained by the articles published in this period"},
    "col_median_views_new": {"id": "Median (baru)", "en": "Median (new)"},
    "help_median_views_new": {"id": "Median tambahan dilihat per artikel yang terbit di periode ini",
                              "en": "Median views gained per article published in this period"},
    "col_share_articles": {"id": "Porsi artikel", "en": "Share of articles"},
    "col_link": {"id": "Detail", "en": "Detail"},
    "col_period_end": {"id": "Akhir periode", "en": "Period end"},
    "col_snapshot_date": {"id": "Tanggal data", "en": "Snapshot date"},
    "col_gained": {"id": "Tambahan", "en": "Gain"},
    "col_published_in_period": {"id": "Terbit di periode", "en": "Published in period"},
    "open": {"id": "buka", "en": "open"},
    # trending
    "filter_region": {"id": "Wilayah", "en": "Region"},
    "filter_reporter": {"id": "Pewarta", "en": "Reporter"},
    "filter_category": {"id": "Kategori", "en": "Category"},
    "all": {"id": "Semua", "en": "All"},
    "scope": {"id": "Terbit", "en": "Published"},
    "scope_all": {"id": "Kapan saja", "en": "Any time"},
    "scope_new": {"id": "Di periode ini", "en": "In this period"},
    "view": {"id": "Tampilan", "en": "View"},
    "view_ranking": {"id": "Peringkat", "en": "Ranking"},
    "view_movers": {"id": "Naik paling tinggi", "en": "Movers"},
    "view_evergreen": {"id": "Evergreen", "en": "Evergreen"},
    "trending_count": {
        "id": "{n} artikel bertambah pembacanya; {evergreen} di antaranya evergreen "
              "(terbit lebih dari 4 pekan lalu dan masih dibaca).",
        "en": "{n} articles gained views; {evergreen} of them are evergreen "
              "(published more than four weeks ago and still read).",
    },
    "movers_note": {
        "id": "Artikel yang naik peringkat paling banyak dibanding periode sebelumnya.",
        "en": "Articles that climbed the most places since the previous period.",
    },
    # reporters
    "reporter_pick": {"id": "Halaman pewarta", "en": "Reporter page"},
    "none": {"id": "— pilih —", "en": "— choose —"},
    "leaderboard": {"id": "Papan peringkat", "en": "Leaderboard"},
    "reporter_articles": {"id": "Artikel {name} di periode ini", "en": "{name}'s articles in this period"},
    "reporter_history": {"id": "Per pekan", "en": "Week by week"},
    "reporter_unknown": {"id": "Pewarta ini tidak punya artikel di periode ini.",
                         "en": "This reporter has no articles in this period."},
    # regions
    "tile_measure": {"id": "Warna peta", "en": "Map colour"},
    "measure_views": {"id": "Tambahan dilihat", "en": "Views gained"},
    "measure_articles": {"id": "Artikel terbit", "en": "Articles published"},
    "region_pick": {"id": "Artikel per wilayah", "en": "Articles by region"},
    "region_articles": {"id": "Artikel bertanda {name} di periode ini",
                        "en": "Articles tagged {name} in this period"},
    "missed": {"id": "Wilayah tanpa artikel baru di periode ini: {names}.",
               "en": "Regions without a new article in this period: {names}."},
    "over_time": {"id": "Dari waktu ke waktu", "en": "Over time"},
    # search
    "search_words": {"id": "Cari judul", "en": "Search titles"},
    "search_hint": {"id": "Ketik kata dari judul, misalnya: banjir", "en": "Type words from a title, e.g. banjir"},
    "search_results": {"id": "{n} artikel ditemukan", "en": "{n} articles found"},
    "search_none": {"id": "Tidak ada judul yang memuat semua kata itu.",
                    "en": "No title contains all those words."},
    "article_pick": {"id": "Pilih artikel", "en": "Choose an article"},
    "article_missing": {"id": "Artikel tidak ditemukan.", "en": "Article not found."},
    "article_meta": {"id": "Terbit {date} · {authors} · {category} · {regions}",
                     "en": "Published {date} · {authors} · {category} · {regions}"},
    # ingest
    "upload": {"id": "Ekspor CMS (CSV, TSV, TXT)", "en": "CMS exports (CSV, TSV, TXT)"},
    "as_of": {"id": "Tanggal data (jika berkas tidak menyebutkannya)",
              "en": "Snapshot date (when the file does not say)"},
    "preview": {"id": "Yang terdeteksi", "en": "What was detected"},
    "encoding": {"id": "Encoding", "en": "Encoding"},
    "delimiter": {"id": "Pemisah", "en": "Delimiter"},
    "rows": {"id": "Baris", "en": "Rows"},
    "snapshot_date": {"id": "Tanggal data", "en": "Snapshot date"},
    "source": {"id": "sumber", "en": "source"},
    # where a snapshot date came from (etl: "column", "--as-of", "file name", joined by " and ")
    "date_source_column": {"id": "kolom tanggal data", "en": "snapshot date column"},
    "date_source_--as-of": {"id": "tanggal diisi (--as-of)", "en": "date given (--as-of)"},
    "date_source_file name": {"id": "nama berkas", "en": "file name"},
    "date_source_and": {"id": " dan ", "en": " and "},
    "columns_found": {"id": "Kolom dikenali", "en": "Columns recognised"},
    "columns_unknown": {"id": "Kolom diabaikan", "en": "Columns ignored"},
    "column_in_file": {"id": "Di berkas", "en": "In the file"},
    "column_means": {"id": "Dibaca sebagai", "en": "Read as"},
    "no_snapshot_date": {
        "id": "Tanggal data tidak ditemukan (tidak ada kolom tanggal data, dan nama berkas tidak memuat "
              "tanggal seperti 2024-11-10). Isi tanggal data di atas sebelum memuat, atau berkas akan ditolak.",
        "en": "No snapshot date found (no snapshot date column, and no date such as 2024-11-10 in the "
              "file name). Set the snapshot date above before loading, or the file will be refused.",
    },
    "refused": {"id": "Ditolak", "en": "Refused"},
    "ingest_button": {"id": "Muat ke database", "en": "Load into the database"},
    "report_loaded": {"id": "Dimuat", "en": "Loaded"},
    "report_unchanged": {"id": "Tidak berubah", "en": "Unchanged"},
    "report_refused": {"id": "Ditolak", "en": "Refused"},
    "rows_read": {"id": "Baris dibaca", "en": "Rows read"},
    "rows_loaded": {"id": "Dimuat", "en": "Loaded"},
    "rows_duplicate": {"id": "Duplikat", "en": "Duplicates"},
    "rows_rejected": {"id": "Ditolak", "en": "Rejected"},
    "rows_replaced": {"id": "Menggantikan data lama", "en": "Replaced earlier rows"},
    "warnings": {"id": "Peringatan", "en": "Warnings"},
    "problems": {"id": "Baris ditolak dan duplikat", "en": "Rejected and duplicate rows"},
    "col_line_number": {"id": "Baris", "en": "Line"},
    "col_raw_text": {"id": "Isi baris", "en": "Row text"},
    "col_reason": {"id": "Alasan", "en": "Reason"},
    "col_kind": {"id": "Jenis", "en": "Kind"},
    "col_message": {"id": "Pesan", "en": "Message"},
    "history": {"id": "Riwayat unggahan", "en": "Upload history"},
    "col_file_name": {"id": "Berkas", "en": "File"},
    "col_snapshot_date_source": {"id": "Sumber tanggal", "en": "Date from"},
    "col_rows_read": {"id": "Dibaca", "en": "Read"},
    "col_rows_loaded": {"id": "Dimuat", "en": "Loaded"},
    "col_rows_duplicate": {"id": "Duplikat", "en": "Duplicates"},
    "col_rows_rejected": {"id": "Ditolak", "en": "Rejected"},
    "col_rows_warned": {"id": "Peringatan", "en": "Warnings"},
    "col_ingested_at": {"id": "Waktu (WIB)", "en": "When (WIB)"},
    "history_empty": {"id": "Belum ada unggahan.", "en": "Nothing uploaded yet."},
    # charts
    "chart_views_per_period": {"id": "Tambahan dilihat per periode", "en": "Views gained per period"},
    "chart_top_trending": {"id": "Artikel terpopuler", "en": "Trending articles"},
    "chart_movers": {"id": "Naik peringkat", "en": "Rank gains"},
    "chart_reporters_scatter": {"id": "Produktivitas vs jangkauan pewarta",
                                "en": "Reporter output against reach"},
    "chart_reporter_history": {"id": "Artikel dan tambahan dilihat per pekan",
                               "en": "Articles and views gained per week"},
    "chart_regions_views": {"id": "Tambahan dilihat per wilayah", "en": "Views gained by region"},
    "chart_regions_articles": {"id": "Artikel terbit per wilayah", "en": "Articles published by region"},
    "chart_region_share": {"id": "Porsi artikel per wilayah", "en": "Share of articles by region"},
    "chart_region_tiles": {"id": "Peta wilayah (skematis)", "en": "Region map (schematic)"},
    "chart_article_history": {"id": "Total dilihat dan tambahan per periode",
                              "en": "Total views and gain per period"},
    "axis_articles": {"id": "Artikel terbit", "en": "Articles published"},
    "axis_views_gained": {"id": "Tambahan dilihat", "en": "Views gained"},
    "axis_views_total": {"id": "Total dilihat", "en": "Total views"},
    "axis_period_end": {"id": "Akhir periode", "en": "Period end"},
    "axis_snapshot_date": {"id": "Tanggal data", "en": "Snapshot date"},
    "axis_share": {"id": "Porsi artikel", "en": "Share of articles"},
    "axis_rank_gain": {"id": "Naik (peringkat)", "en": "Places gained"},
}


def lookup(table: dict[str, dict[str, str]], key: str, lang: str = "id", **values) -> str:
    """`key` of a string table in `lang` (falling back to Indonesian), {placeholders} filled.
    The exporter, the briefing and the download buttons keep tables of their own words and
    read them through this one function."""
    entry = table[key]
    text = entry.get(lang) or entry["id"]
    return text.format(**values) if values else text


def t(key: str, lang: str = "id", **values) -> str:
    """The UI string `key` in `lang` (falling back to Indonesian), with {placeholders} filled."""
    return lookup(STRINGS, key, lang, **values)
