"""`sorot serve` starts Streamlit through this module: `python -m dashboard.server run
dashboard/app.py [streamlit options]`, so the server runs on the same interpreter as the CLI.

The page scripts live in `dashboard/app_pages/`, not `pages/`: a folder named `pages/` next
to the main script is Streamlit's old multipage directory, which routed the first visitor
after a server start by file name and showed "Page not found" on every deep link.
"""
from __future__ import annotations

import sys


def close_internal_endpoints() -> None:
    """No /_stcore/metrics: it lists internal names and sessions to anyone who asks, and
    Streamlit has no option to turn it off. Its routes are built by one function the app
    module imported by name; the dashboard has no use for them. (The test starts a real
    `sorot serve` and asks for the endpoint, so a Streamlit upgrade that moves it shows.)"""
    from streamlit.web.server.starlette import starlette_app

    starlette_app.create_metrics_routes = lambda *_args, **_kwargs: []


def main(argv: list[str]) -> None:
    from streamlit.web import cli

    close_internal_endpoints()
    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
