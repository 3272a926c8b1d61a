"""Roles (issue #17): the ingest code itself refuses a caller without the editor role,
whatever front end called it."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.db.connect import connect
from etl.errors import NotAllowed
from etl.ingest.files import ingest_file, ingest_paths, ingest_uploads
from etl.newsroom.access import Caller, require, shell_caller

FIXTURES = Path(__file__).parent / "fixtures"
VIEWER = Caller("pembaca@example.id", "viewer", "test")
EDITOR = Caller("redaktur@example.id", "editor", "test")
EXPORT = b"Judul,Tautan,Tanggal Terbit,Penulis,Dilihat\nA,https://x.id/a,2024-11-01,Ani,10\n"


def test_the_roles_are_ordered_viewer_editor_admin():
    admin = Caller("a@example.id", "admin", "test")
    assert [VIEWER.may("upload"), EDITOR.may("upload"), admin.may("upload")] == [False, True, True]
    assert [VIEWER.may("undo_any"), EDITOR.may("undo_any"), admin.may("undo_any")] == [False, False, True]
    assert VIEWER.may("read")


def test_the_shell_user_is_an_admin_named_user_at_host():
    caller = shell_caller()
    assert caller.role == "admin" and "@" in caller.email and caller.origin.startswith("cli on ")


def test_a_viewer_calling_the_ingest_functions_directly_is_refused_and_nothing_is_stored(tmp_path):
    db = tmp_path / "s.duckdb"
    export = tmp_path / "export_2024-11-10.csv"
    export.write_bytes(EXPORT)
    with pytest.raises(NotAllowed, match="viewer and may not load data"):
        ingest_paths(db, [export], caller=VIEWER)
    with pytest.raises(NotAllowed):
        ingest_uploads(db, [(export.name, EXPORT)], caller=VIEWER, in_child=False)
    assert not db.exists()
    con = connect(db)
    try:
        with pytest.raises(NotAllowed):
            ingest_file(con, export, caller=VIEWER)
        assert con.execute("select count(*) from ingests").fetchall() == [(0,)]
        assert ingest_file(con, export, caller=EDITOR).status == "loaded"
    finally:
        con.close()


def test_the_refusal_names_the_role_to_ask_for():
    with pytest.raises(NotAllowed, match=r"ask an admin for the admin role \(sorot users grant EMAIL admin\)"):
        require(EDITOR, "manage_users")
