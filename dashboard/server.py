"""`sorot serve` starts Streamlit through this module: `python -m dashboard.server run
dashboard/app.py [streamlit options]`.

Why not `python -m streamlit` directly: a folder named `pages/` next to the main script is
Streamlit's old multipage "pages directory", and until `st.navigation` has run once in the
server process Streamlit routes by that folder's file names (overview, trending, …). The first
visitor after a server start therefore got a "Page not found" dialog over the right page on
every deep link (/terpopuler). `dashboard/pages/` only holds the `st.Page` scripts of
`app.py`'s `st.navigation`, so the server is told so before the first session starts.
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False  # what st.navigation sets on its first run
    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
