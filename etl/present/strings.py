"""Every UI string in Bahasa Indonesia (default) and English, in one table: the dashboard,
the exported charts and files, the download buttons, the weekly briefing and the CLI's
report tables all read their words here through `t`. Data is never translated."""
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
    "period_custom": {"id": "Rentang khusus", "en": "Custom range"},
    "outlets": {"id": "Situs", "en": "Outlets"},
    "reporter_by_outlet": {"id": "Per situs", "en": "Per outlet"},
    "period_of_outlet": {"id": "{outlet}: setelah {start} s.d. {end}", "en": "{outlet}: after {start} to {end}"},
    "upload_outlet": {"id": "Situs", "en": "Outlet"},
    "upload_outlet_auto": {"id": "Otomatis (dari URL berkas)", "en": "Automatic (from the file's URLs)"},
    "upload_outlet_new": {"id": "Situs baru…", "en": "New outlet…"},
    "upload_outlet_name": {"id": "Nama situs baru", "en": "New outlet's name"},
    "help_upload_outlet": {"id": "Biasanya terisi sendiri dari kolom situs atau URL berkas; pilih bila berkas tanpa URL atau memuat beberapa situs.",
                           "en": "Usually found by itself from the file's outlet column or URLs; choose one for a file without URLs or with several sites."},
    "outlets_all": {"id": "Semua situs", "en": "All outlets"},
    "help_outlets": {"id": "Kosongkan untuk menggabungkan semua situs: tiap artikel dihitung menurut periode situsnya sendiri.",
                     "en": "Leave empty to roll up every outlet: each article counts by its own outlet's period."},
    "help_period_custom": {"id": "Pilih awal rentang: data setelah tanggal data itu s.d. akhir periode.",
                           "en": "Choose where the range starts: the data after that snapshot up to the period end."},
    "period_from": {"id": "Dari (tanggal data)", "en": "From (snapshot date)"},
    "period_compared": {"id": "Dibanding {start} – {end}", "en": "Compared with {start} – {end}"},
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
    "db_needs_upgrade": {
        "id": "Database ini dibuat oleh Sorot versi lama dan perlu ditingkatkan sekali; jalankan "
              "`sorot upgrade` (atau unggah satu berkas), lalu coba lagi.",
        "en": "This database was made by an older Sorot and needs a one-time upgrade; run "
              "`sorot upgrade` (or upload a file), then try again.",
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
    # same place as in the previous period: a word, like "baru", so that no spreadsheet reads
    # it as a formula (the old mark "=" became "'=" in every download)
    "movement_same": {"id": "tetap", "en": "same"},
    "col_movement": {"id": "Gerak", "en": "Move"},
    "col_previous_rank": {"id": "Pekan lalu", "en": "Last week"},
    "col_title": {"id": "Judul", "en": "Title"},
    "col_authors": {"id": "Penulis", "en": "Authors"},
    "col_outlet": {"id": "Situs", "en": "Outlet"},
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
    "col_articles_change": {"id": "± Artikel", "en": "± Articles"},
    "help_articles_change": {"id": "Selisih artikel terbit dengan periode sebelumnya",
                             "en": "Articles published, against the previous period"},
    "col_views_change": {"id": "± Dilihat", "en": "± Views"},
    "help_views_change": {"id": "Selisih tambahan dilihat dengan periode sebelumnya",
                          "en": "Views gained, against the previous period"},
    "col_median_views_new": {"id": "Median (baru)", "en": "Median (new)"},
    "help_median_views_new": {"id": "Median tambahan dilihat per artikel yang terbit di periode ini",
                              "en": "Median views gained per article published in this period"},
    "col_share_articles": {"id": "Porsi artikel", "en": "Share of articles"},
    "help_share_articles": {
        "id": "Artikel yang ditandai dua wilayah dihitung di keduanya, jadi jumlah porsinya bisa lebih dari 100%.",
        "en": "An article tagged with two regions counts in both, so the shares can add up to more than 100%.",
    },
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
    "search_results_first": {"id": "{n} artikel ditemukan; {shown} yang paling banyak dibaca ditampilkan",
                             "en": "{n} articles found; the {shown} most read are listed"},
    "search_none": {"id": "Tidak ada judul yang memuat semua kata itu.",
                    "en": "No title contains all those words."},
    "article_pick": {"id": "Pilih artikel", "en": "Choose an article"},
    "article_missing": {"id": "Artikel tidak ditemukan.", "en": "Article not found."},
    "article_meta": {"id": "Terbit {date} · {authors} · {category} · {regions}",
                     "en": "Published {date} · {authors} · {category} · {regions}"},
    # ingest
    "upload": {"id": "Ekspor CMS (CSV, TSV, TXT, XLSX)", "en": "CMS exports (CSV, TSV, TXT, XLSX)"},
    "as_of": {"id": "Tanggal data (jika berkas tidak menyebutkannya)",
              "en": "Snapshot date (when the file does not say)"},
    "preview": {"id": "Yang terdeteksi", "en": "What was detected"},
    "encoding": {"id": "Encoding", "en": "Encoding"},
    "delimiter": {"id": "Pemisah", "en": "Delimiter"},
    # an .xlsx upload: named by its kind and sheet, never by an encoding or a delimiter
    "file_kind": {"id": "Berkas", "en": "File"},
    "workbook_file": {"id": "Buku kerja Excel", "en": "Excel workbook"},
    "sheet": {"id": "Lembar", "en": "Sheet"},
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
    "kind_rejected": {"id": "ditolak", "en": "rejected"},
    "kind_duplicate": {"id": "duplikat", "en": "duplicate"},
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
    "col_ingest_id": {"id": "No.", "en": "No."},
    "col_rows_replaced": {"id": "Diganti", "en": "Replaced"},
    "col_ingested_by": {"id": "Oleh", "en": "By"},
    "col_undone": {"id": "Dibatalkan", "en": "Undone"},
    "who_unknown": {"id": "tidak tercatat", "en": "not recorded"},
    "undone_by": {"id": "{when} oleh {who}", "en": "{when} by {who}"},
    "undo_heading": {"id": "Batalkan unggahan", "en": "Undo an upload"},
    "undo_choose": {"id": "Unggahan yang dibatalkan", "en": "Upload to undo"},
    "undo_confirm": {"id": "Ya, hapus data unggahan ini dan kembalikan baris yang digantinya",
                     "en": "Yes, remove this upload's data and bring back the rows it replaced"},
    "undo_button": {"id": "Batalkan unggahan", "en": "Undo the upload"},
    "undo_done": {"id": "Unggahan {id} ({file}) dibatalkan: {removed} baris dihapus, {restored} baris "
                           "yang diganti dikembalikan.",
                  "en": "Upload {id} ({file}) undone: {removed} rows removed, {restored} replaced rows "
                           "brought back."},
    "undo_refused": {"id": "Unggahan {id} ({file}) dimuat kemudian dan bergantung pada unggahan ini; "
                            "batalkan unggahan {id} ({file}) lebih dulu.",
                     "en": "Upload {id} ({file}) was loaded later and builds on this one; undo upload {id} "
                           "({file}) first."},
    "undo_failed": {"id": "Pembatalan gagal; tidak ada yang setengah tertulis. Coba lagi.",
                    "en": "The undo failed; nothing was half-written. Try again."},
    # charts
    "chart_views_per_period": {"id": "Tambahan dilihat per periode", "en": "Views gained per period"},
    "chart_top_trending": {"id": "Artikel terpopuler", "en": "Trending articles"},
    "chart_movers": {"id": "Naik peringkat", "en": "Rank gains"},
    "chart_reporters_scatter": {"id": "Produktivitas vs jangkauan pewarta",
                                "en": "Reporter output against reach"},
    "chart_reporter_history": {"id": "Tambahan dilihat per pekan", "en": "Views gained per week"},
    "chart_reporter_articles_history": {"id": "Artikel terbit per pekan", "en": "Articles published per week"},
    "chart_regions_views": {"id": "Tambahan dilihat per wilayah", "en": "Views gained by region"},
    "chart_regions_articles": {"id": "Artikel terbit per wilayah", "en": "Articles published by region"},
    "chart_region_share": {"id": "Porsi artikel per wilayah", "en": "Share of articles by region"},
    "chart_region_tiles": {"id": "Peta wilayah (skematis)", "en": "Region map (schematic)"},
    "chart_article_history": {"id": "Total dilihat per tanggal data", "en": "Total views by snapshot date"},
    "chart_article_gains": {"id": "Tambahan dilihat per periode", "en": "Views gained per period"},
    "axis_articles": {"id": "Artikel terbit", "en": "Articles published"},
    "axis_views_gained": {"id": "Tambahan dilihat", "en": "Views gained"},
    "axis_views_total": {"id": "Total dilihat", "en": "Total views"},
    "axis_period_end": {"id": "Akhir periode", "en": "Period end"},
    "axis_snapshot_date": {"id": "Tanggal data", "en": "Snapshot date"},
    "axis_share": {"id": "Porsi artikel", "en": "Share of articles"},
    "axis_rank_gain": {"id": "Naik (peringkat)", "en": "Places gained"},
    # shared charts and files (etl.present.export): the lines under an exported chart
    "share_source": {"id": "Sumber: Sorot · data per {date}", "en": "Source: Sorot · data as of {date}"},
    "share_filters": {"id": "Filter: {items}", "en": "Filters: {items}"},
    "share_history": {"id": "{n} periode terakhir s.d. {date}", "en": "Last {n} periods to {date}"},
    "share_all_snapshots": {"id": "Semua tanggal data s.d. {date}", "en": "All snapshot dates to {date}"},
    "filter_article": {"id": "Artikel", "en": "Article"},
    "filter_author": {"id": "Pewarta", "en": "Reporter"},
    # download buttons (dashboard.downloads)
    "download_png": {"id": "Unduh PNG", "en": "Download PNG"},
    "download_svg": {"id": "Unduh SVG", "en": "Download SVG"},
    "download_csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "download_xlsx": {"id": "Unduh Excel", "en": "Download Excel"},
    "download_briefing": {"id": "Unduh ringkasan pekanan (HTML)", "en": "Download weekly briefing (HTML)"},
    "download_briefing_pdf": {"id": "Unduh ringkasan pekanan (PDF)", "en": "Download weekly briefing (PDF)"},
    "briefing_pdf_unavailable": {"id": "PDF ringkasan perlu Chromium di server; unduh HTML lalu cetak dari peramban.",
                                 "en": "The briefing PDF needs Chromium on the server; download the HTML and print it "
                                       "from the browser."},
    "copy_link": {"id": "Salin tautan", "en": "Copy link"},
    "link_copied": {"id": "Tautan tersalin.", "en": "Link copied."},
    "copy_failed": {"id": "Browser menolak menyalin; salin tautan di bawah.",
                    "en": "The browser refused to copy; copy the link below."},
    "link_hint": {"id": "Tautan ini membuka tampilan yang sama: halaman, periode, bahasa dan filter.",
                  "en": "This link reopens the same view: page, period, language and filters."},
    # the weekly briefing (etl.present.briefing); its tables use the col_ and kpi_ words
    "briefing_title": {"id": "Ringkasan pekanan Sorot", "en": "Sorot weekly briefing"},
    "briefing_top_stories": {"id": "Berita teratas", "en": "Top stories"},
    "briefing_movers": {"id": "Naik peringkat", "en": "Movers"},
    "briefing_movers_none": {"id": "Tidak ada artikel yang naik peringkat dibanding periode sebelumnya.",
                             "en": "No article climbed since the previous period."},
    "briefing_reporters": {"id": "Produktivitas pewarta", "en": "Reporter output"},
    "briefing_reporters_more": {"id": "{n} pewarta teratas dari {total}.", "en": "Top {n} of {total} reporters."},
    "briefing_regions": {"id": "Liputan wilayah", "en": "Regional coverage"},
    "briefing_regions_missed": {"id": "Tanpa artikel baru: {names}.", "en": "No new article: {names}."},
    "briefing_kpi_change": {"id": "{change} dibanding periode sebelumnya",
                            "en": "{change} against the previous period"},
    "briefing_changes": {"id": "Dibanding periode sebelumnya", "en": "Against the previous period"},
    "briefing_compared": {"id": "Perubahan dibanding periode {start} – {end}.",
                          "en": "Changes against the period {start} – {end}."},
    "briefing_compared_none": {"id": "Belum ada periode sebelumnya untuk dibandingkan.",
                               "en": "There is no earlier period to compare with yet."},
    "briefing_appendix": {"id": "Lampiran", "en": "Appendix"},
    "briefing_appendix_ranking": {"id": "{n} artikel teratas", "en": "Top {n} articles"},
    "briefing_appendix_reporters": {"id": "Semua pewarta ({n})", "en": "Every reporter ({n})"},
    "briefing_empty": {"id": "Tidak ada data untuk periode ini.", "en": "No data for this period."},
    # `sorot report --format table` (etl.present.report), in Indonesian. Its column headers are
    # the col_ words; report_col_ names the columns the dashboard lacks or words differently
    # (the CLI says "Penulis" for a reporter and "Artikel baru" for articles published)
    "report_period": {"id": "Periode {start} – {end} (data setelah {start} s.d. {end}{note})",
                      "en": "Period {start} – {end} (data after {start} up to {end}{note})"},
    "report_period_first": {"id": "; belum ada data sebelumnya, awal periode = 7 hari sebelum akhir",
                            "en": "; no earlier data, the period starts 7 days before its end"},
    "report_no_rows": {"id": "Tidak ada baris untuk periode ini.", "en": "No rows for this period."},
    "report_col_article_id": {"id": "Kunci", "en": "Key"},
    "report_col_url": {"id": "URL", "en": "URL"},
    "report_col_author": {"id": "Penulis", "en": "Author"},
    "report_col_articles": {"id": "Artikel baru", "en": "New articles"},
    "report_col_views_new": {"id": "Dilihat (artikel baru)", "en": "Views (new articles)"},
    "report_col_median_views_new": {"id": "Median artikel baru", "en": "Median of new articles"},
    "report_col_metric": {"id": "Ukuran", "en": "Measure"},
    "report_col_value": {"id": "Periode ini", "en": "This period"},
    "report_col_previous": {"id": "Periode sebelumnya", "en": "Previous period"},
    "report_col_change": {"id": "Perubahan", "en": "Change"},
    "report_col_change_pct": {"id": "Perubahan %", "en": "Change %"},
    "report_metric_articles_published": {"id": "Artikel terbit", "en": "Articles published"},
    "report_metric_views_gained": {"id": "Tambahan dilihat", "en": "Views gained"},
    "report_metric_active_reporters": {"id": "Penulis aktif", "en": "Active authors"},
    # --- hardening (issue #15): failures, uploads that replace, bounded searches
    "upload_running": {
        "id": "Sebuah unggahan sedang dimuat; halaman ini menampilkan datanya lagi setelah selesai. "
              "Muat ulang halaman sebentar lagi.",
        "en": "An upload is being loaded right now; this page shows the data again when it is done. "
              "Reload the page in a moment.",
    },
    "db_disk_full": {
        "id": "Disk tempat database penuh; berkas yang gagal tidak disimpan sama sekali. Kosongkan "
              "ruang disk, lalu coba lagi.",
        "en": "The disk holding the database is full; nothing of the failed file was stored. Free "
              "some space, then try again.",
    },
    "db_no_write": {
        "id": "Sorot tidak boleh menulis ke database (izin ditolak atau disk hanya-baca); tidak ada "
              "yang disimpan. Minta akses tulis ke berkas dan foldernya.",
        "en": "Sorot may not write to the database (permission denied or a read-only disk); nothing "
              "was stored. Ask for write access to the file and its folder.",
    },
    "db_foreign": {
        "id": "Berkas database tidak bisa dibaca: rusak, atau bukan database Sorot. Tidak ada yang "
              "diubah; arahkan SOROT_DB ke berkas yang benar atau pulihkan dari cadangan.",
        "en": "The database file cannot be read: it is damaged, or not a Sorot database. Nothing was "
              "changed; point SOROT_DB at the right file or restore it from a backup.",
    },
    "page_failed": {
        "id": "Halaman ini gagal dimuat karena masalah tak terduga; tidak ada data yang berubah. "
              "Rinciannya ada di log server.",
        "en": "This page failed to load because of an unexpected problem; no data was changed. The "
              "server log has the details.",
    },
    "upload_failed": {
        "id": "Unggahan berhenti karena masalah tak terduga; tidak ada yang setengah tersimpan. Coba "
              "lagi; rinciannya ada di log server.",
        "en": "The upload stopped because of an unexpected problem; nothing half-written was kept. "
              "Try again; the server log has the details.",
    },
    "report_held": {"id": "Belum dimuat — menggantikan data tersimpan", "en": "Not loaded yet — replaces stored data"},
    "replace_line": {
        "id": "{date}: menggantikan {replaced} dari {stored} baris tersimpan; tambahan dilihat periode "
              "yang berakhir {date}: {before} sekarang, {after} dengan berkas ini.",
        "en": "{date}: replaces {replaced} of the {stored} stored rows; views gained in the period "
              "ending {date}: {before} now, {after} with this file.",
    },
    "replaced_line": {
        "id": "{date}: menggantikan {replaced} dari {stored} baris tersimpan; tambahan dilihat periode "
              "yang berakhir {date}: {before} sebelumnya, {after} sekarang.",
        "en": "{date}: replaced {replaced} of the {stored} stored rows; views gained in the period "
              "ending {date}: {before} before, {after} now.",
    },
    "replace_confirm": {"id": "Ya, ganti data tersimpan dengan berkas ini", "en": "Yes, replace the stored data with these files"},
    "replace_button": {"id": "Muat dan ganti", "en": "Load and replace"},
    "search_capped": {
        "id": "Hanya {words} kata pertama yang dicari (masing-masing paling banyak {chars} karakter).",
        "en": "Only the first {words} words were searched (each at most {chars} characters).",
    },
    # sign-in and roles (issue #17; dashboard/identity.py)
    "sign_in_title": {"id": "Masuk ke Sorot", "en": "Sign in to Sorot"},
    "sign_in_body": {
        "id": "Masuk dengan akun redaksi Anda untuk membaca laporan.",
        "en": "Sign in with your newsroom account to read the reports.",
    },
    "sign_in": {"id": "Masuk", "en": "Sign in"},
    "sign_out": {"id": "Keluar", "en": "Sign out"},
    "signed_in_as": {"id": "Masuk sebagai {email} ({role})", "en": "Signed in as {email} ({role})"},
    "role_viewer": {"id": "pembaca", "en": "viewer"},
    "role_editor": {"id": "editor", "en": "editor"},
    "role_admin": {"id": "admin", "en": "admin"},
    "ask_admin_title": {"id": "Minta akses kepada admin Anda", "en": "Ask your admin for access"},
    "ask_admin_body": {
        "id": "Anda masuk sebagai **{email}**, tetapi alamat ini belum punya peran di Sorot. Mohon minta "
              "admin redaksi Anda memberi peran; admin cukup menjalankan perintah di bawah ini di server.",
        "en": "You are signed in as **{email}**, but this address has no role in Sorot yet. Please ask "
              "your newsroom's admin to give you one; on the server, the admin runs the command below.",
    },
    "no_identity_body": {
        "id": "Sorot tidak tahu siapa Anda: permintaan ini datang tanpa identitas masuk. Buka Sorot lewat "
              "alamat resmi redaksi Anda, atau mohon minta admin Anda memeriksa pengaturan proxy.",
        "en": "Sorot does not know who you are: this request came without a sign-in. Open Sorot through "
              "your newsroom's address, or please ask your admin to check the proxy's set-up.",
    },
    "upload_not_allowed": {
        "id": "Halaman ini untuk editor: peran Anda ({role}) hanya untuk membaca laporan. Minta peran editor "
              "kepada admin Anda bila Anda perlu mengunggah data.",
        "en": "This page is for editors: your role ({role}) reads the reports only. Ask your admin for the "
              "editor role if you need to upload data.",
    },
}


def t(key: str, lang: str = "id", **values) -> str:
    """The UI string `key` in `lang` (falling back to Indonesian), with {placeholders} filled."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["id"]
    return text.format(**values) if values else text
