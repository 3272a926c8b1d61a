"""Issue #15: a page that fails shows one sentence in the visitor's language in a real
browser, never a traceback or a server path; internal endpoints say nothing."""
from __future__ import annotations

import os
import shutil
import urllib.request

import pytest

from etl.present.strings import t

from .harness import exceptions, new_context, open_app, serving

pytestmark = pytest.mark.browser


def test_a_corrupt_database_is_one_sentence_in_the_browser(browser, e2e_db, tmp_path):
    """The file is damaged while the dashboard serves it (`sorot serve` itself refuses to
    start on such a file, with the same sentence on the terminal)."""
    bad = tmp_path / "rusak.duckdb"
    shutil.copy(e2e_db, bad)
    with serving(bad, tmp_path / "serve.log") as server:
        bad.write_bytes(os.urandom(64 * 1024))
        context = new_context(browser)
        page = context.new_page()
        try:
            for path, lang in (("", "id"), ("terpopuler?lang=en", "en"), ("artikel?q=banjir", "id")):
                open_app(page, f"{server.url}/{path}")
                assert exceptions(page) == []
                text = page.locator('[data-testid="stMain"]').inner_text()
                assert t("db_foreign", lang) in text, text
                for leak in ("Traceback", "IOException", str(tmp_path), ".py"):
                    assert leak not in text, (leak, text)
        finally:
            context.close()


def test_metrics_endpoint_says_nothing(server):
    with urllib.request.urlopen(f"{server.url}/_stcore/metrics", timeout=10) as response:
        body = response.read().decode("utf-8", "replace")
        kind = response.headers.get("content-type", "")
    # Streamlit's OpenMetrics text (# TYPE …, session_events, cache_memory_bytes) is gone;
    # what answers is the app's page shell, as for any unknown path.
    assert kind.startswith("text/html")
    assert "# TYPE" not in body and "session_events" not in body and "cache_memory_bytes" not in body
