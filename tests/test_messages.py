"""Every sentence ingest can show an editor exists in Indonesian (issue #20). The templates
are found in the code by AST, not copied: a new refusal or reason without a translation
fails here."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from etl.present.messages import TEMPLATES, delimiter_name, field_name, translate

ROOT = Path(__file__).resolve().parent.parent
MODULES = ["etl/newsroom/cells.py", "etl/ingest/rows.py", "etl/ingest/read.py", "etl/ingest/files.py",
           "etl/ingest/fast_path.py", "etl/ingest/saved_pages.py", "etl/ingest/workbook.py",
           "etl/ingest/outlet_choice.py", "etl/newsroom/outlets.py"]
RAISED = {"RefusedFile", "ValueError", "SorotError"}
# Functions whose returned f-string is a reason, a warning or a refusal.
RETURNED = {"cleaned_warning", "duplicate_reason", "_no_usable_rows", "_interrupt_sentence"}
# Raised for programmers, never shown to an editor.
INTERNAL = {"every group of the date patterns must be named"}
ENGLISH_MARKERS = (" is not ", " is empty", "rejected", " the ", "pass ", "column", " row", "line ",
                   "file", "export the", "try again", "cannot", "found")


def _template(node) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _template(node.left), _template(node.right)
        return None if left is None or right is None else left + right
    return None


def templates_in_code() -> set[str]:
    found: set[str] = set()
    for module in MODULES:
        for node in ast.walk(ast.parse((ROOT / module).read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in RAISED and node.args:
                found.add(_template(node.args[0]))
            if isinstance(node, ast.FunctionDef) and node.name in RETURNED:
                found.update(_template(r.value) for r in ast.walk(node)
                             if isinstance(r, ast.Return) and r.value is not None)
    found.discard(None)   # a call with a computed argument: its function is in RETURNED
    return found - INTERNAL


def test_the_enumeration_finds_the_known_sentences():
    found = templates_in_code()
    assert "views '{}' is not a whole number" in found
    assert "{} is empty; export the articles again from the CMS." in found
    assert "duplicate of the same article on line {}, which has the most views and was kept" in found
    assert len(found) > 40


def test_every_ingest_sentence_has_an_indonesian_template():
    missing = sorted(templates_in_code() - set(TEMPLATES))
    assert missing == []


@pytest.mark.parametrize("english", sorted(TEMPLATES))
def test_every_translation_fills_its_values_and_reads_indonesian(english):
    values = [f"X{i}" for i in range(english.count("{}"))]
    indonesian = translate(english.format(*values), "id")
    assert all(v in indonesian for v in values)
    lowered = f" {indonesian.lower()} "
    assert [w for w in ENGLISH_MARKERS if w in lowered] == []


def test_nested_reason_and_terms_are_translated_quoted_cells_are_not():
    message = ("x.csv has no usable row: all 2 rows were rejected (line 3: views 'the views' is not a whole "
               "number); fix the export and ingest it again.")
    assert translate(message, "id") == (
        "x.csv tidak punya baris yang bisa dipakai: semua 2 baris ditolak (baris 3: jumlah dilihat 'the views' "
        "bukan bilangan bulat); perbaiki ekspor lalu unggah lagi.")
    assert translate("control characters (U+0007) in author, title were replaced by spaces", "id") == \
        "karakter kontrol (U+0007) di penulis, judul diganti spasi"
    assert translate("views 'abc' is not a whole number", "en") == "views 'abc' is not a whole number"
    assert translate("some sentence nobody wrote", "id") == "some sentence nobody wrote"


def test_field_and_delimiter_names():
    assert field_name("published_at", "id") == "Tanggal terbit"
    assert field_name("published_at", "en") == "Publish date"
    assert delimiter_name("comma", "id") == "koma" and delimiter_name("comma", "en") == "comma"
