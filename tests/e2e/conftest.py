"""One `sorot serve` for the whole browser session, on a free loopback port, against a
fixture database built from tests/fixtures/dashboard (snapshots 3 and 10 Nov 2024; the
numbers are worked out in tests/test_dashboard.py). Each test gets a fresh browser context.

Tests that write (the upload, the CLI ingest) add later weeks (17 and 24 Nov), and every
assertion is written so that it holds whichever of them ran first.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from etl.ingest.files import ingest_paths

from .harness import CHROMIUM, Server, launch_chromium, new_context, warm_up

DASHBOARD_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "dashboard"
E2E_FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("e2e") / "sorot.duckdb"
    reports = ingest_paths(db, [DASHBOARD_FIXTURES / "export-2024-11-03.csv",
                                DASHBOARD_FIXTURES / "export-2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    return db


@pytest.fixture(scope="session")
def server(e2e_db, browser, tmp_path_factory):
    app = Server(e2e_db, tmp_path_factory.mktemp("e2e-log") / "serve.log").start()
    try:
        warm_up(browser, app.url)
        yield app
    finally:
        app.stop()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing; `./dev test` installs it (apt-get install chromium)."
        if os.environ.get("CI"):
            pytest.fail(message)  # CI must run the browser tests, never silently skip them
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def context(browser):
    """One browser profile for the session (its cache makes pages load faster); every page
    opened in it is still a session of its own for Streamlit (one websocket each)."""
    ctx = new_context(browser, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def fresh_context(browser):
    """A second browser profile, for "another editor" or "a fresh browser"."""
    ctx = new_context(browser, accept_downloads=True)
    ctx.set_default_timeout(30_000)
    yield ctx
    ctx.close()
