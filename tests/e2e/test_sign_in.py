"""Signing in, in a real browser (issue #17).

Proxy mode: `sorot serve --auth proxy` on loopback, and the browser sends the trusted header
itself (Playwright's extra_http_headers, on every request and on Streamlit's websocket), as
nginx would after its sign-in: a viewer reads but has no upload page, an editor uploads,
nobody without a role sees a number.

OIDC mode: `sorot serve --auth oidc` against a local OpenID Connect provider started here
(oidc-provider-mock, whose authorize page signs in whatever subject is typed, with that
subject as the e-mail claim): the full sign-in through Streamlit's st.login, and out again.
"""
from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from etl.db.users import grant
from etl.newsroom.access import shell_caller

from .conftest import DASHBOARD_FIXTURES
from .harness import (APP, Server, exceptions, free_port, heading, metrics, new_context, open_app, rerun,
                      sidebar_captions, wait_for_run)

pytestmark = pytest.mark.browser

HEADER = "X-Forwarded-Email"
NAV = '[data-testid="stSidebarNavLink"]'
UPLOADER = '[data-testid="stFileUploaderDropzoneInput"]'
# The menu of an editor, in Indonesian (dashboard/app.py); a viewer's lacks "Unggah data".
MENU = ["Ringkasan", "Artikel terpopuler", "Pewarta", "Wilayah", "Artikel"]


@pytest.fixture(scope="module")
def roles_db(tmp_path_factory) -> Path:
    from etl.ingest.files import ingest_paths

    db = tmp_path_factory.mktemp("sign-in") / "sorot.duckdb"
    reports = ingest_paths(db, [DASHBOARD_FIXTURES / "export-2024-11-03.csv",
                                DASHBOARD_FIXTURES / "export-2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    grant(db, shell_caller(), "viewer@kantor.id", "viewer")
    grant(db, shell_caller(), "editor@kantor.id", "editor")
    return db


@pytest.fixture(scope="module")
def proxy_server(roles_db, tmp_path_factory):
    app = Server(roles_db, tmp_path_factory.mktemp("proxy-log") / "serve.log", args=("--auth", "proxy")).start()
    try:
        yield app
    finally:
        app.stop()


def signed_in_as(browser, email: str | None):
    headers = {HEADER: email} if email else {}
    context = new_context(browser, extra_http_headers=headers)
    context.set_default_timeout(30_000)
    return context


def menu(page) -> list[str]:
    # each link's text is its icon's name, then its title
    return [text.strip().splitlines()[-1] for text in page.locator(NAV).all_inner_texts()]


def test_proxy_viewer_reads_but_has_no_upload_page(proxy_server, browser):
    context = signed_in_as(browser, "Viewer@Kantor.id")
    try:
        page = context.new_page()
        open_app(page, proxy_server.url)
        assert exceptions(page) == []
        assert heading(page) == "Ringkasan"
        assert metrics(page)["Artikel terbit"][0] == "1"      # 3 → 10 Nov: one article published
        assert menu(page) == MENU                              # no "Unggah data"
        assert "Masuk sebagai viewer@kantor.id (pembaca)" in sidebar_captions(page)
        open_app(page, f"{proxy_server.url}/unggah")           # the address typed by hand
        page.get_by_text("Halaman ini untuk editor").wait_for()
        assert page.locator(UPLOADER).count() == 0
    finally:
        context.close()


def test_proxy_editor_has_the_upload_page_and_its_widget(proxy_server, browser):
    context = signed_in_as(browser, "editor@kantor.id")
    try:
        page = context.new_page()
        open_app(page, proxy_server.url)
        assert menu(page) == [*MENU, "Unggah data"]
        with rerun(page):
            page.locator(NAV, has_text="Unggah data").click()
        assert heading(page) == "Unggah data" and exceptions(page) == []
        assert page.locator(UPLOADER).count() == 1
        assert "Masuk sebagai editor@kantor.id (editor)" in sidebar_captions(page)
    finally:
        context.close()


@pytest.mark.parametrize("email", [None, "budi@kantor.id"])
def test_proxy_without_identity_or_role_shows_no_data(proxy_server, browser, email):
    context = signed_in_as(browser, email)
    try:
        page = context.new_page()
        open_app(page, proxy_server.url)
        assert heading(page) == "Minta akses kepada admin Anda"
        assert metrics(page) == {} and menu(page) == []
        assert page.locator('[data-testid="stVegaLiteChart"], [data-testid="stDataFrame"]').count() == 0
        assert "Nov 2024" not in page.locator(APP).inner_text()
    finally:
        context.close()


# --------------------------------------------------------------------------- OIDC

@pytest.fixture(scope="module")
def provider():
    """A local OpenID Connect provider on a free port, stopped with the module."""
    import os

    from oidc_provider_mock import run_server_in_thread

    # Authlib (the provider's, and Streamlit's sign-in in the `sorot serve` started after this,
    # which inherits the environment) refuses plain http unless told; real providers are https.
    previous = os.environ.get("AUTHLIB_INSECURE_TRANSPORT")
    os.environ["AUTHLIB_INSECURE_TRANSPORT"] = "1"
    try:
        with run_server_in_thread(port=free_port()) as server:
            yield f"http://localhost:{server.server_port}"
    finally:
        if previous is None:
            os.environ.pop("AUTHLIB_INSECURE_TRANSPORT", None)
        else:
            os.environ["AUTHLIB_INSECURE_TRANSPORT"] = previous


@pytest.fixture(scope="module")
def oidc_server(roles_db, provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("oidc")
    port = free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "sorot"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    app = Server(roles_db, folder / "serve.log", port=port,
                 args=("--auth", "oidc", "--secrets", str(secrets_file))).start()
    try:
        yield app
    finally:
        app.stop()


def test_oidc_full_sign_in_and_out_in_chromium(oidc_server, browser):
    context = new_context(browser)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        open_app(page, oidc_server.url)
        assert heading(page) == "Masuk ke Sorot" and metrics(page) == {}
        page.get_by_role("button", name="Masuk").click()
        # the provider's authorize page: sign in as the editor
        page.wait_for_url("**/oauth2/authorize**")
        page.locator('input[name="sub"]').fill("editor@kantor.id")
        page.get_by_role("button", name="Authorize").click()
        # back through /oauth2callback to the dashboard, signed in
        page.wait_for_url(f"{oidc_server.url}/**")
        wait_for_run(page)
        page.get_by_text("Masuk sebagai editor@kantor.id (editor)").wait_for()
        assert heading(page) == "Ringkasan" and exceptions(page) == []
        assert metrics(page)["Artikel terbit"][0] == "1"
        assert menu(page) == [*MENU, "Unggah data"]
        # the session is in signed, HttpOnly cookies (Streamlit may split one into chunks)
        cookies = [c for c in context.cookies() if c["name"].startswith("_streamlit_user")]
        assert cookies and all(c["httpOnly"] for c in cookies)

        # out again: Streamlit ends the session at the provider too, which asks to confirm
        page.get_by_role("button", name="Keluar").click()
        page.wait_for_url("**/oauth2/end_session**")
        page.get_by_role("button", name="End session").click()
        page.wait_for_url(f"{oidc_server.url}/**")
        page.get_by_role("button", name="Masuk").wait_for()
        assert heading(page) == "Masuk ke Sorot" and metrics(page) == {}
    finally:
        context.close()


def test_oidc_signed_in_without_a_role_is_asked_to_see_the_admin(oidc_server, browser):
    context = new_context(browser)
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        open_app(page, oidc_server.url)
        page.get_by_role("button", name="Masuk").click()
        page.wait_for_url("**/oauth2/authorize**")
        page.locator('input[name="sub"]').fill("budi@kantor.id")
        page.get_by_role("button", name="Authorize").click()
        page.wait_for_url(f"{oidc_server.url}/**")
        wait_for_run(page)
        page.get_by_text("Minta akses kepada admin Anda").wait_for()
        assert metrics(page) == {} and menu(page) == []
        assert page.get_by_text("sorot users grant budi@kantor.id viewer").count() == 1
    finally:
        context.close()
