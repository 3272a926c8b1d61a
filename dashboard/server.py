"""`sorot serve` starts Streamlit through this module: `python -m dashboard.server run
dashboard/app.py [streamlit options]`, so the server runs on the same interpreter as the CLI.

The page scripts live in `dashboard/app_pages/`, not `pages/`: a folder named `pages/` next
to the main script is Streamlit's old multipage directory, which routed the first visitor
after a server start by file name and showed "Page not found" on every deep link.
"""
from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    from streamlit.web import cli

    sys.argv = ["streamlit", *argv]
    cli.main(prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
