"""Nothing the dashboard shows loads from outside the server (issue #20): a newsroom may run
Sorot on a machine without internet, and an editor's browser should not tell a third party
which pages they open. What Streamlit itself could fetch is in docs/decisions.md."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .harness import exceptions, open_app

pytestmark = pytest.mark.browser

PAGES = ["", "/terpopuler", "/pewarta", "/wilayah", "/artikel", "/unggah"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# URLs that carry their content with them (the page icon is a data: URL) or name something
# already in the browser: no request leaves the machine for them.
INLINE_SCHEMES = {"data", "blob", "about"}


def leaves_the_server(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in INLINE_SCHEMES and parts.hostname not in LOCAL_HOSTS


def test_no_request_leaves_the_server(server, fresh_context):
    # A fresh browser profile: a warm cache (the session's `page`) could answer a request
    # without the browser asking anyone, and hide it.
    requested: list[str] = []
    fresh_context.on("request", lambda request: requested.append(request.url))
    page = fresh_context.new_page()
    page.on("websocket", lambda socket: requested.append(socket.url))
    for path in PAGES:
        open_app(page, f"{server.url}{path}")
        # Charts, icons and fonts load after the script run; wait until the browser is done.
        page.wait_for_load_state("networkidle")
        assert exceptions(page) == [], path

    assert any(urlsplit(url).path.endswith(".woff2") for url in requested), "no font was loaded at all"
    assert [url for url in requested if leaves_the_server(url)] == []


def test_the_check_sees_an_outside_request():
    """The filter above would pass anything if it were wrong; these are the URLs it must catch."""
    assert leaves_the_server("https://fonts.gstatic.com/s/i/short-term/release/materialsymbolsrounded/newspaper/default/24px.svg")
    assert leaves_the_server("http://127.0.0.2:8501/")
    assert not leaves_the_server("http://127.0.0.1:8501/_stcore/health")
    assert not leaves_the_server("ws://localhost:8501/_stcore/stream")
    assert not leaves_the_server("data:image/svg+xml;base64,PHN2Zz4=")
