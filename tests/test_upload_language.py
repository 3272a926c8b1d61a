"""The upload page in Indonesian (issue #20): a file that triggers several reject reasons,
a duplicate and a warning, and a refused file; no English sentence may reach the editor.
Expected values worked out by hand from the rows below."""
from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = "../dashboard/app.py"
FIXTURES = Path(__file__).parent / "fixtures" / "dashboard"
ROWS = (
    "url,judul,tanggal terbit,penulis,dilihat\n"
    "https://berita.example/1,Banjir Kemang,2024-11-16 10:00,Sari,100\n"        # line 2: loaded
    "https://berita.example/2,Macet Sudirman,kemarin,Budi,20\n"                # 3: date unreadable
    "https://berita.example/3,Pasar Senen,2024-11-15,Sari,banyak\n"            # 4: views not a number
    "https://berita.example/1,Banjir Kemang,2024-11-16 10:00,Sari,90\n"        # 5: duplicate of 2
    "https://berita.example/4,,2024-11-15,Rina,5\n"                            # 6: title empty
    "https://berita.example/5,Ada\x07kontrol,2024-11-15,Rina,5\n"             # 7: loaded, warned
)
# Words of the English sentences ingest writes; none may appear on the Indonesian page.
ENGLISH = ["is not", "rejected", "the", "pass", "column", "row", "rows", "line", "empty", "file",
           "comma", "duplicate", "published_at", "views", "title", "author", "replaced", "export",
           "try again", "cannot", "whole number", "header"]


def _shown_text(at: AppTest) -> str:
    parts = []
    for kind in ("caption", "info", "warning", "error", "success", "subheader", "title"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for frame in at.dataframe:   # what Sorot writes in the tables, not the file's own cells
        value = frame.value
        for column in ("kind", "reason", "message", "column_means"):
            if column in value:
                parts += [str(v) for v in value[column]]
        parts += [str(c) for c in value.columns if c not in ("raw_text", "line_number", "kind", "reason", "message")]
    return "\n".join(parts).replace("\\", "")   # markdown escapes off: the words as read


def _english_words(text: str) -> list[str]:
    lowered = text.lower()
    return [w for w in ENGLISH if re.search(rf"(?<![\w.-]){re.escape(w)}(?![\w-])", lowered)]


def test_indonesian_upload_flow_has_no_english_sentence(tmp_path, monkeypatch):
    monkeypatch.setenv("SOROT_DB", str(tmp_path / "sorot.duckdb"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/ingest.py").run()
    at.file_uploader[0].set_value([("unggah-2024-11-17.csv", ROWS.encode(), "text/csv"),
                                   ("kosong-2024-11-17.csv", b"", "text/csv")]).run()
    assert not at.exception
    preview = {m.label: m.value for m in at.metric}
    assert preview["Pemisah"] == "koma"
    means = at.dataframe[0].value.iloc[:, 1].tolist()
    assert means == ["URL", "Judul", "Tanggal terbit", "Penulis", "Dilihat"]
    assert "kosong-2024-11-17.csv kosong; ekspor ulang artikel dari CMS." in _shown_text(at)
    at.button[0].click().run()
    assert not at.exception
    report = {m.label: m.value for m in at.metric}
    assert (report["Baris dibaca"], report["Dimuat"], report["Duplikat"], report["Ditolak"]) == ("6", "2", "1", "3")
    reasons = [frame.value for frame in at.dataframe if "reason" in frame.value][0]
    assert reasons["line_number"].tolist() == [3, 4, 5, 6]
    assert reasons["reason"].tolist()[1] == "jumlah dilihat 'banyak' bukan bilangan bulat"
    assert reasons["reason"].tolist()[3] == "judul kosong"
    assert reasons["kind"].tolist() == ["ditolak", "ditolak", "duplikat", "ditolak"]
    warnings = [frame.value for frame in at.dataframe if "message" in frame.value][0]
    assert warnings["message"].tolist() == ["karakter kontrol (U+0007) di judul diganti spasi"]
    shown = _shown_text(at)
    assert _english_words(shown) == [], shown
    # The sidebar's "Data per" line shows the new data right after the load.
    assert "Data per 17 Nov 2024" in [c.value for c in at.sidebar.caption]
