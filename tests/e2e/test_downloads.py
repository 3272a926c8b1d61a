"""A chart leaves the dashboard as a PNG the editor can paste into a chat group."""
from __future__ import annotations

import struct

import pytest

from .harness import chart_marks, exceptions, open_app

pytestmark = pytest.mark.browser


def test_download_chart_png(server, page, tmp_path):
    open_app(page, f"{server.url}/terpopuler?period=2024-11-10")
    chart_marks(page)
    button = page.get_by_role("button", name="Unduh PNG").first
    with page.expect_download() as download:
        button.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    data = path.read_bytes()
    assert path.suffix == ".png"
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width == 2400 and height > 200  # 1200 px at 2x (docs/exports.md)
    assert exceptions(page) == []
