"""New data while the dashboard is open: an upload through the page's file widget, and a
`sorot ingest` from another process; two editors on different pages at once."""
from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import DASHBOARD_FIXTURES, E2E_FIXTURES
from .harness import (ROOT, chart_marks, choose, exceptions, heading, metrics, open_app, rerun, selected,
                      sidebar_captions, wait_opened)

pytestmark = pytest.mark.browser


def test_upload_shows_the_ingest_report_with_rejected_rows(server, page, tmp_path):
    open_app(page, f"{server.url}/unggah")
    upload = DASHBOARD_FIXTURES / "upload-2024-11-17.csv"
    with rerun(page):
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(upload)
    preview = metrics(page)
    assert preview["Baris"] == ("3", "") and preview["Tanggal data"] == ("17 Nov 2024", "")

    with rerun(page):
        page.get_by_role("button", name="Muat ke database").click()
    assert exceptions(page) == []
    page.get_by_text("Dimuat: upload-2024-11-17.csv").wait_for()
    report = metrics(page)
    assert [report[k][0] for k in ("Baris dibaca", "Dimuat", "Duplikat", "Ditolak")] == ["3", "1", "0", "2"]

    # The rejected rows, with line, reason and raw text, as the editor downloads them (the
    # first table of the report; its CSV is UTF-8 with BOM, columns named as on screen).
    with page.expect_download() as download:
        page.get_by_role("button", name="Unduh CSV").first.click()
    assert "ditolak" in download.value.suggested_filename
    saved = tmp_path / "rejected.csv"
    download.value.save_as(saved)
    header, *rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert [row[0] for row in rows] == ["3", "4"]  # the file's lines 3 and 4
    assert "n/a" in ",".join(rows[0]) and "2.5" in ",".join(rows[1])
    assert all(len(row) == len(header) and all(row) for row in rows)  # a reason for each

    # The report's tables (rejected rows, history) fit their boxes at 1400 px and, as their
    # phone twins, at 390 px (tests/e2e/test_tables.py checks the other pages the same way).
    for width, height in ((1400, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_function("""() => [...document.querySelectorAll('[data-testid="stDataFrame"]')]
            .filter(e => e.offsetParent !== null).every(e => e.querySelector('.dvn-scroller'))""")
        grids = page.locator('[data-testid="stDataFrame"]').evaluate_all("""els => els
            .filter(e => e.offsetParent !== null)
            .map(e => { const s = e.querySelector('.dvn-scroller'); return [s.scrollWidth, s.clientWidth]; })""")
        assert len(grids) >= 2, (width, grids)
        for scroll_width, box_width in grids:
            assert scroll_width <= box_width, f"{width} px: a table {scroll_width} px wide in a {box_width} px box"

def cli_ingest(db: Path, export: Path) -> subprocess.Popen:
    env = dict(os.environ, SOROT_LOCK_WAIT="30")
    return subprocess.Popen([sys.executable, "-m", "etl.cli", "ingest", str(export), "--db", str(db)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def click_page(page, title: str) -> None:
    with rerun(page):
        page.locator('[data-testid="stSidebarNavLink"]', has_text=title).click()
    assert heading(page) == title
    assert exceptions(page) == []


def test_cli_ingest_while_the_dashboard_is_open(server, e2e_db, page):
    open_app(page, f"{server.url}/")
    assert "24 Nov 2024" not in sidebar_captions(page)

    # The editor keeps clicking while another process loads the next week: every page
    # opens short read-only connections, so the writer gets the file within its retry window.
    ingest = cli_ingest(e2e_db, E2E_FIXTURES / "export-2024-11-24.csv")
    pages = ["Wilayah", "Pewarta", "Artikel terpopuler", "Ringkasan"]
    clicks = 0
    while ingest.poll() is None and clicks < 20:
        click_page(page, pages[clicks % len(pages)])
        clicks += 1
    output = ingest.communicate(timeout=60)[0]
    assert ingest.returncode == 0, output
    assert "export-2024-11-24.csv" in output

    # The next interaction shows the new week: the freshness line and the period picker.
    click_page(page, "Ringkasan")
    assert "Data per 24 Nov 2024" in sidebar_captions(page)
    # The picker may already have moved to the new latest week (no period in the URL);
    # choosing the option it shows would start no run to wait for.
    if selected(page, "Periode (akhir)") != "24 Nov 2024":
        choose(page, "Periode (akhir)", "24 Nov 2024")
    assert exceptions(page) == []
    assert metrics(page)["Artikel terbit"][0] == "2"  # h and i, published 20 and 22 Nov
    chart_marks(page, 3)


def test_two_editors_on_different_pages(server, context, fresh_context):
    regions, reporters = context.new_page(), fresh_context.new_page()
    # Both sessions load at the same time.
    regions.goto(f"{server.url}/wilayah?period=2024-11-10&measure=articles", wait_until="domcontentloaded")
    reporters.goto(f"{server.url}/pewarta?period=2024-11-10&reporter=Ani", wait_until="domcontentloaded")
    wait_opened(regions)
    wait_opened(reporters)
    assert heading(regions) == "Wilayah" and heading(reporters) == "Pewarta"
    assert selected(regions, "Warna peta") == "Artikel terbit"
    assert selected(reporters, "Halaman pewarta") == "Ani"

    # Each clicks in their own page; neither sees the other's choice.
    choose(regions, "Wilayah", "Jakarta Selatan")
    choose(reporters, "Halaman pewarta", "Budi")
    assert parse_qs(urlsplit(regions.url).query).get("region") == ["Jakarta Selatan"]
    assert "reporter" not in parse_qs(urlsplit(regions.url).query)
    assert parse_qs(urlsplit(reporters.url).query).get("reporter") == ["Budi"]
    assert "region" not in parse_qs(urlsplit(reporters.url).query)
    assert reporters.locator('[data-testid="stMain"] h2').first.inner_text() == "Budi"
    for page in (regions, reporters):
        assert exceptions(page) == []
        assert all(n > 0 for n in chart_marks(page))
    regions.close()
    reporters.close()

