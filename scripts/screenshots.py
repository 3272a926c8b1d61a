"""Screenshots of every dashboard page for the README, in Bahasa Indonesia, 1400×900.

    uv run python scripts/screenshots.py [--db FILE]

Starts `sorot serve` on a free loopback port against the demo database (built with
`sorot demo` into a temporary folder when FILE does not exist; default data/sorot.duckdb),
opens each page in Debian's Chromium and writes docs/screenshots/<page>.png.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.harness import (chart_marks, exceptions, launch_chromium, new_context,  # noqa: E402
                               open_app, serving, warm_up)

OUT = ROOT / "docs" / "screenshots"
# file name, URL path and query (a view that shows what the page is for), charts to wait for
PAGES = [
    ("ringkasan", "", 3),
    ("terpopuler", "terpopuler", 1),
    ("pewarta", "pewarta", 1),
    ("wilayah", "wilayah", 4),
    ("artikel", "artikel?q=banjir", 1),
    ("unggah", "unggah", 0),
]


def build_demo(db: Path) -> None:
    with tempfile.TemporaryDirectory() as exports:
        subprocess.run([sys.executable, "-m", "etl.cli", "demo", "--db", str(db), "--out", exports],
                       cwd=ROOT, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(os.environ.get("SOROT_DB") or ROOT / "data" / "sorot.duckdb"))
    args = parser.parse_args()
    if not args.db.exists():
        build_demo(args.db)
    OUT.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as logs, serving(args.db, Path(logs) / "serve.log") as server, \
            sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        warm_up(browser, server.url)
        context = new_context(browser)
        for name, path, charts in PAGES:
            page = context.new_page()
            open_app(page, f"{server.url}/{path}")
            chart_marks(page, charts)
            if errors := exceptions(page):
                print(f"{name}: Streamlit exception:\n{errors[0]}", file=sys.stderr)
                return 1
            page.wait_for_timeout(500)  # let the charts' and tables' last frame settle
            page.screenshot(path=OUT / f"{name}.png")
            print(f"wrote {(OUT / f'{name}.png').relative_to(ROOT)}")
            page.close()
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
