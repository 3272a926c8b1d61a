"""The dashboard for each role (issue #17), in AppTest: the signed-in e-mail arrives as
`st.user.email` (from the proxy's trusted header, or Streamlit's OIDC sign-in), set here
through `AppTest.user`. The database is tests/fixtures/dashboard's two weeks (3 and 10 Nov
2024), whose numbers tests/test_dashboard.py works out by hand; the roles are given here."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from etl.db.connect import reading
from etl.db.users import grant
from etl.errors import NotAllowed
from etl.ingest.files import ingest_uploads
from etl.newsroom.access import Caller, shell_caller

FIXTURES = Path(__file__).parent / "fixtures" / "dashboard"
APP = "../dashboard/app.py"
UPLOAD = "upload-2024-11-17.csv"
DATA_PAGES = ["overview", "trending", "reporters", "regions", "search"]


@pytest.fixture(scope="module")
def roles_db(fixture_db_dashboard) -> Path:
    for email, role in [("viewer@kantor.id", "viewer"), ("editor@kantor.id", "editor"),
                        ("admin@kantor.id", "admin")]:
        grant(fixture_db_dashboard, shell_caller(), email, role)
    return fixture_db_dashboard


@pytest.fixture(scope="module")
def fixture_db_dashboard(tmp_path_factory) -> Path:
    from etl.ingest.files import ingest_paths

    db = tmp_path_factory.mktemp("roles") / "sorot.duckdb"
    reports = ingest_paths(db, [FIXTURES / "export-2024-11-03.csv", FIXTURES / "export-2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    return db


# the pages' addresses (dashboard/app.py); the overview is the default page at /
URL_OF = {"overview": "", "trending": "terpopuler", "reporters": "pewarta", "regions": "wilayah",
          "search": "artikel", "ingest": "unggah"}


class Menu:
    """What app.py hands st.navigation: each page's address and whether it is in the menu."""

    def __init__(self, monkeypatch):
        self.pages: dict[str, str] = {}
        real = st.navigation

        def recording(pages, *args, **kwargs):
            self.pages = {p.url_path: p.visibility for p in pages}
            return real(pages, *args, **kwargs)
        monkeypatch.setattr(st, "navigation", recording)

    def shown(self) -> set[str]:
        return {path for path, visibility in self.pages.items() if visibility == "visible"}


def addresses(*pages: str) -> set[str]:
    return {URL_OF[p] for p in pages}


def visitor(monkeypatch, db: Path, mode: str, user: dict) -> AppTest:
    monkeypatch.setenv("SOROT_DB", str(db))
    monkeypatch.setenv("SOROT_AUTH", mode)
    at = AppTest.from_file(APP, default_timeout=60)
    at.user = user
    return at


def texts(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "title", "subheader", "info", "warning", "error", "code", "metric"):
        parts += [str(getattr(e, "value", "")) + str(getattr(e, "label", "")) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.sidebar.caption]
    return "\n".join(parts)


def assert_no_data(at: AppTest) -> None:
    """Nothing read from the reports: no number, no chart, no table, no period, no menu."""
    assert not at.exception, at.exception
    assert list(at.metric) == [] and list(at.dataframe) == [] and at.get("vega_lite_chart") == []
    assert list(at.sidebar.selectbox) == [] and list(at.file_uploader) == []
    shown = texts(at)
    assert "Nov 2024" not in shown and "Data per" not in shown


# --------------------------------------------------------------------------- viewer

def test_a_viewer_reads_every_page_but_has_no_upload_page(roles_db, monkeypatch):
    menu = Menu(monkeypatch)
    at = visitor(monkeypatch, roles_db, "proxy", {"email": "Viewer@Kantor.id"}).run()
    assert not at.exception, at.exception
    # the overview's KPIs of 3 → 10 Nov (tests/test_dashboard.py): 1 article published, -1
    kpis = {m.label: m.value for m in at.metric}
    assert kpis["Artikel terbit"] == "1"
    assert "Masuk sebagai viewer@kantor.id (pembaca)" in [c.value.replace("\\", "") for c in at.sidebar.caption]
    assert menu.shown() == addresses(*DATA_PAGES)     # every page but the upload page
    assert menu.pages["unggah"] == "hidden"
    for page in DATA_PAGES[1:]:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        assert list(at.file_uploader) == []


def test_a_viewer_who_opens_the_upload_page_gets_a_sentence_and_no_upload_widget(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "proxy", {"email": "viewer@kantor.id"}).run()
    at.switch_page("app_pages/ingest.py").run()
    assert not at.exception, at.exception
    assert list(at.file_uploader) == [] and list(at.button) == [] and list(at.dataframe) == []
    assert [w.value for w in at.warning] == [
        "Halaman ini untuk editor: peran Anda (pembaca) hanya untuk membaca laporan. Minta peran editor "
        "kepada admin Anda bila Anda perlu mengunggah data."]


def test_the_ingest_code_itself_refuses_a_viewer(roles_db, tmp_path):
    db = tmp_path / "copy.duckdb"
    shutil.copy(roles_db, db)
    viewer = Caller("viewer@kantor.id", "viewer", "dashboard from 10.0.0.7")
    with pytest.raises(NotAllowed, match="viewer@kantor.id is viewer and may not load data"):
        ingest_uploads(db, [(UPLOAD, (FIXTURES / UPLOAD).read_bytes())], caller=viewer, in_child=False)
    with reading(db) as con:
        assert con.execute("select count(*) from ingests").fetchall() == [(2,)]


# --------------------------------------------------------------------------- editor, admin

@pytest.mark.parametrize("email, role", [("editor@kantor.id", "editor"), ("admin@kantor.id", "admin")])
def test_an_editor_or_admin_has_the_upload_page_and_its_widget(roles_db, monkeypatch, email, role):
    menu = Menu(monkeypatch)
    at = visitor(monkeypatch, roles_db, "proxy", {"email": email}).run()
    assert menu.shown() == addresses(*DATA_PAGES, "ingest")
    at.switch_page("app_pages/ingest.py").run()
    assert not at.exception, at.exception
    assert len(at.file_uploader) == 1 and list(at.warning) == []
    assert f"Masuk sebagai {email} ({role})" in [c.value.replace("\\", "") for c in at.sidebar.caption]


def test_an_editors_upload_is_loaded_under_their_own_name(roles_db, tmp_path, monkeypatch):
    db = tmp_path / "upload.duckdb"
    shutil.copy(roles_db, db)
    seen = []
    import dashboard.queries as queries
    from etl.ingest import files

    real = files.ingest_uploads

    def recording(db_path, uploads, *, caller, **kwargs):
        seen.append(caller)
        return real(db_path, uploads, caller=caller, **kwargs)
    monkeypatch.setattr(queries.etl_ingest, "ingest_uploads", recording)
    at = visitor(monkeypatch, db, "proxy", {"email": "Editor@Kantor.id"}).run()
    at.switch_page("app_pages/ingest.py").run()
    at.file_uploader[0].set_value((UPLOAD, (FIXTURES / UPLOAD).read_bytes(), "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception, at.exception
    # 3 rows read, 1 loaded, 2 rejected (tests/test_dashboard.py::test_upload_preview_ingest_and_report)
    report = {m.label: m.value for m in at.metric}
    assert (report["Baris dibaca"], report["Dimuat"], report["Ditolak"]) == ("3", "1", "2")
    [caller] = seen
    assert (caller.email, caller.role) == ("editor@kantor.id", "editor")
    assert caller.origin.startswith("dashboard from ")


# --------------------------------------------------------------------------- nobody

@pytest.mark.parametrize("user", [{}, {"email": None}, {"email": ""}])
def test_no_identity_gives_the_ask_your_admin_page_and_no_data(roles_db, monkeypatch, user):
    menu = Menu(monkeypatch)
    at = visitor(monkeypatch, roles_db, "proxy", user).run()
    assert_no_data(at)
    assert menu.pages == {}                           # no navigation at all
    assert [t.value for t in at.title] == ["Minta akses kepada admin Anda"]
    assert [i.value for i in at.info] == [
        "Sorot tidak tahu siapa Anda: permintaan ini datang tanpa identitas masuk. Buka Sorot lewat alamat resmi "
        "redaksi Anda, atau mohon minta admin Anda memeriksa pengaturan proxy."]


def test_an_email_without_a_role_gets_the_ask_your_admin_page_with_the_command(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "proxy", {"email": "Budi@Kantor.id"}).run()
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Minta akses kepada admin Anda"]
    assert "**Budi@Kantor\\.id**" in at.info[0].value
    assert [c.value for c in at.code] == ["sorot users grant budi@kantor.id viewer"]
    # the page's address does not get round it
    at.switch_page("app_pages/trending.py").run()
    assert_no_data(at)


def test_the_ask_your_admin_page_in_english(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "proxy", {"email": "budi@kantor.id"})
    at.query_params["lang"] = "en"
    at.run()
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Ask your admin for access"]
    assert at.info[0].value.startswith("You are signed in as **budi@kantor\\.id**, but this address has no role")


def test_a_revoked_role_counts_from_the_next_click(roles_db, tmp_path, monkeypatch):
    from etl.db.users import revoke

    db = tmp_path / "revoke.duckdb"
    shutil.copy(roles_db, db)
    at = visitor(monkeypatch, db, "proxy", {"email": "viewer@kantor.id"}).run()
    assert {m.label: m.value for m in at.metric}["Artikel terbit"] == "1"
    revoke(db, shell_caller(), "viewer@kantor.id")
    at.run()
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Minta akses kepada admin Anda"]


def test_an_unknown_sign_in_mode_lets_nobody_in(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "ldap", {"email": "admin@kantor.id"}).run()
    assert_no_data(at)


# --------------------------------------------------------------------------- oidc

def test_oidc_signed_out_gets_the_sign_in_button_and_no_data(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "oidc", {"is_logged_in": False}).run()
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Masuk ke Sorot"]
    assert [b.label for b in at.button] == ["Masuk"]


def test_oidc_an_email_claim_without_the_sign_in_is_not_trusted(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "oidc", {"email": "admin@kantor.id"}).run()   # no is_logged_in
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Masuk ke Sorot"]


def test_oidc_signed_in_editor_has_the_pages_and_a_sign_out_button(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "oidc", {"is_logged_in": True, "email": "editor@kantor.id"}).run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Artikel terbit"] == "1"
    assert [b.label for b in at.sidebar.button] == ["Keluar"]
    at.sidebar.button[0].click().run()   # st.logout: AppTest's user becomes signed out
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Masuk ke Sorot"]


def test_oidc_signed_in_without_a_role_may_sign_out_to_switch_accounts(roles_db, monkeypatch):
    at = visitor(monkeypatch, roles_db, "oidc", {"is_logged_in": True, "email": "budi@kantor.id"}).run()
    assert_no_data(at)
    assert [t.value for t in at.title] == ["Minta akses kepada admin Anda"]
    assert [b.label for b in at.button] == ["Keluar"]


# --------------------------------------------------------------------------- none

def test_auth_none_ignores_any_user_and_is_the_local_admin(roles_db, monkeypatch):
    menu = Menu(monkeypatch)
    at = visitor(monkeypatch, roles_db, "none", {"email": "stranger@elsewhere.id"}).run()
    assert not at.exception, at.exception
    assert menu.shown() == addresses(*DATA_PAGES, "ingest")
    assert not any("Masuk sebagai" in c.value for c in at.sidebar.caption)   # nobody signs in
