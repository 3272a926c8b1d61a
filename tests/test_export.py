"""Chart images, table files and `sorot export chart`: the files are real (PNG signature and
size, SVG parses), carry the title and source line, and tables round-trip exactly with
formula cells neutralised."""
from __future__ import annotations

import io
import struct
import xml.etree.ElementTree as ET
from datetime import date, datetime
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.metrics import Period
from etl.present import charts, export, safe_text

PERIOD = Period(date(2024, 11, 3), date(2024, 11, 10), True)
SOURCE_ID = "Sumber: Sorot · data per 10 Nov 2024"
SOURCE_EN = "Source: Sorot · data as of 10 Nov 2024"
INJECTIONS = ['=HYPERLINK("http://evil.example","klik")', "+1", "-2", "@SUM(A1:A2)", "\tx", "\rx"]


def trending_frame() -> pl.DataFrame:
    return pl.DataFrame({
        "rank": [1, 2], "title": ["Banjir Rob di Muara Angke", "Kafe ‘Rindu’ di Menteng"],
        "views_gained": [3000, 2500], "views_total": [4000, 2500], "movement": ["↑1", "baru"],
    })


def decorated(lang: str = "id"):
    chart = charts.top_trending(trending_frame(), lang)
    return export.decorate(chart, title="Artikel terpopuler pekan ini", period=PERIOD,
                           filters={"region": "Jakarta Selatan"}, data_date=date(2024, 11, 10), lang=lang)


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"  # the first chunk, fixed by the PNG spec
    return struct.unpack(">II", data[16:24])


def svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    return " ".join(" ".join(el.itertext()) for el in root.iter() if el.tag.endswith("text"))


# --------------------------------------------------------------------------- charts

def test_png_is_1200px_wide_at_twice_the_scale():
    width, height = png_size(export.chart_png(decorated()))
    assert width == 2400
    assert height > 100


def test_png_scale_one_is_1200px():
    assert png_size(export.chart_png(decorated(), scale=1))[0] == 1200


def test_svg_parses_and_carries_title_period_filter_and_source():
    svg = export.chart_svg(decorated())
    text = svg_text(svg)
    assert 'width="1200"' in svg
    assert "Artikel terpopuler pekan ini" in text
    assert "Periode 3 Nov 2024 – 10 Nov 2024" in text
    assert "Wilayah: Jakarta Selatan" in text
    assert SOURCE_ID in text


def test_svg_in_english_and_numbers_in_indonesian():
    assert SOURCE_EN in svg_text(export.chart_svg(decorated("en")))
    # 3.000 on the Indonesian axis, 3,000 on the English one
    assert "3.000" in svg_text(export.chart_svg(decorated("id")))
    assert "3,000" in svg_text(export.chart_svg(decorated("en")))


def test_hostile_title_stays_text_in_svg():
    frame = trending_frame().with_columns(pl.Series("title", ["<script>alert(1)</script>", "b"]))
    svg = export.chart_svg(export.decorate(charts.top_trending(frame, "id"), data_date=date(2024, 11, 10)))
    assert "<script>" not in svg
    assert "<script>alert(1)</script>" in svg_text(svg)


def test_every_registry_chart_builds_from_the_database(fixture_db):
    from etl.db.connect import reading

    assert export.chart_names() == [n for n in charts.CHARTS if n in export.SOURCES]
    with reading(fixture_db) as con:
        for name in export.chart_names():
            chart = export.build_chart(con, name, PERIOD, author="Budi Santoso",
                                       article="warta.example.id/read/1/banjir-rob")
            assert SOURCE_ID in svg_text(export.chart_svg(chart)), name


def test_build_chart_refuses_unknown_names_and_filters(fixture_db):
    from etl.db.connect import reading

    with reading(fixture_db) as con:
        with pytest.raises(export.ExportError, match="choose one of: views_per_period"):
            export.build_chart(con, "pie", PERIOD)
        with pytest.raises(export.ExportError, match="--region works with"):
            export.build_chart(con, "region_share", PERIOD, region="Jaksel")
        with pytest.raises(export.ExportError, match="--author"):
            export.build_chart(con, "reporter_history", PERIOD)


# --------------------------------------------------------------------------- tables

def table() -> pl.DataFrame:
    return pl.DataFrame({
        "title": ["Kafe ‘Rindu’ di Menteng", "Banjir, rob \"lagi\" di Muara Angke", "Ojek daring; tarif naik"],
        "views_gained": [2500, -4, 1_234_567],
        "share_articles": [0.25, 0.1429, 1.0],
        "published_at": [date(2024, 11, 5), date(2024, 10, 20), date(2024, 1, 31)],
        "authors": [["Siti Aminah"], ["Budi Santoso", "Rina Wijaya"], []],
        "category": ["Gaya Hidup", None, "Metro"],
    })


def test_neutralise_only_text():
    assert [safe_text.neutralise(v) for v in INJECTIONS] == ["'" + v for v in INJECTIONS]
    assert safe_text.neutralise(-2) == -2
    assert safe_text.neutralise(2.5) == 2.5
    assert safe_text.neutralise("Kafe -2") == "Kafe -2"
    assert safe_text.neutralise(None) is None


def test_csv_has_bom_and_round_trips_exactly():
    data = export.table_csv(table())
    assert data.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(data), try_parse_dates=True)
    expected = table().with_columns(pl.col("authors").list.join("; "))
    assert back.columns == expected.columns
    assert back.to_dicts() == expected.to_dicts()


def test_csv_neutralises_injection_cells_but_not_numbers():
    frame = pl.DataFrame({"title": INJECTIONS, "views": [-2, -1, 0, 1, 2, 3]})
    back = pl.read_csv(io.BytesIO(export.table_csv(frame)))
    assert back["title"].to_list() == ["'" + v for v in INJECTIONS]
    assert back["views"].to_list() == [-2, -1, 0, 1, 2, 3]
    assert back.schema["views"] == pl.Int64


def test_csv_headers_and_pandas_input():
    data = export.table_csv(table().to_pandas().drop(columns=["authors"]), headers={"title": "Judul"})
    assert data.decode("utf-8-sig").splitlines()[0] == "Judul,views_gained,share_articles,published_at,category"


def test_xlsx_round_trips_with_types():
    book = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(table())))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(table().columns)
    assert [r[0] for r in rows[1:]] == table()["title"].to_list()
    assert [r[1] for r in rows[1:]] == [2500, -4, 1_234_567]
    assert [r[2] for r in rows[1:]] == [0.25, 0.1429, 1.0]
    assert [r[3].date() for r in rows[1:]] == table()["published_at"].to_list()
    assert sheet.cell(row=2, column=4).is_date
    assert [r[4] for r in rows[1:]] == ["Siti Aminah", "Budi Santoso; Rina Wijaya", ""] or \
        [r[4] for r in rows[1:]] == ["Siti Aminah", "Budi Santoso; Rina Wijaya", None]
    assert [r[5] for r in rows[1:]] == ["Gaya Hidup", None, "Metro"]
    assert sheet["A1"].font.b


def test_xlsx_publish_dates_through_pandas_are_dates_without_a_time():
    # The dashboard's tables are pandas frames: a Date column arrives as datetime64 midnights.
    frame = table().to_pandas()
    sheet = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(frame))).active
    cell = sheet.cell(row=2, column=4)
    assert cell.is_date and "h" not in cell.number_format  # "d mmm yyyy", no 00:00
    assert cell.value.date() == table()["published_at"][0]
    # a real time of day stays a datetime
    moments = pl.DataFrame({"at": [datetime(2024, 11, 3, 14, 5)]})
    at = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(moments))).active.cell(row=2, column=1)
    assert "h" in at.number_format


def test_xlsx_neutralises_injection_cells_and_keeps_negative_numbers():
    frame = pl.DataFrame({"title": INJECTIONS, "views": [-2, -1, 0, 1, 2, 3]})
    sheet = openpyxl.load_workbook(io.BytesIO(export.table_xlsx(frame))).active
    titles = [sheet.cell(row=i, column=1) for i in range(2, 8)]
    # A carriage return is stored as the OOXML escape _x000D_, which Excel decodes and
    # openpyxl leaves as is.
    assert [c.value.replace("_x000D_", "\r") for c in titles] == ["'" + v for v in INJECTIONS]
    assert all(c.data_type == "s" for c in titles)  # text, never a formula
    assert [sheet.cell(row=i, column=2).value for i in range(2, 8)] == [-2, -1, 0, 1, 2, 3]
    assert sheet.cell(row=2, column=2).data_type == "n"


def test_share_url_keeps_view_state():
    url = export.share_url("http://localhost:8501/terpopuler",
                           {"period": "2024-11-10", "lang": "id", "region": "Jakarta Selatan", "q": ""})
    assert url == "http://localhost:8501/terpopuler?period=2024-11-10&lang=id&region=Jakarta+Selatan"


# --------------------------------------------------------------------------- command line

def run(*args: str, db: Path | None = None):
    extra = ["--db", str(db)] if db else []
    return CliRunner().invoke(app, [*args, *extra])


def test_cli_lists_charts():
    result = run("export", "chart", "--list")
    assert result.exit_code == 0
    assert result.stdout.split() == export.chart_names()


def test_cli_writes_png_and_svg(fixture_db, tmp_path):
    png = tmp_path / "top.png"
    result = run("export", "chart", "top_trending", "--as-of", "2024-11-10", "--region", "Jakut",
                 "--out", str(png), db=fixture_db)
    assert result.exit_code == 0, result.output
    assert png_size(png.read_bytes())[0] == 2400
    svg = tmp_path / "regions.svg"
    result = run("export", "chart", "region_share", "--lang", "en", "--format", "svg", "--out", str(svg),
                 db=fixture_db)
    assert result.exit_code == 0, result.output
    assert SOURCE_EN in svg_text(svg.read_text(encoding="utf-8"))


@pytest.mark.parametrize("args, says", [
    (["export", "chart", "pie", "--out", "x.png"], "There is no chart named 'pie'; choose one of: views_per_period"),
    (["export", "chart", "top_trending", "--out", "x.gif"], "is not png or svg"),
    (["export", "chart", "region_share", "--region", "Jaksel", "--out", "x.png"], "has no region filter"),
    (["export", "chart", "top_trending", "--region", "Bandung", "--out", "x.png"], "Unknown region 'Bandung'"),
    (["export", "chart", "top_trending", "--as-of", "2020-01-01", "--out", "x.png"], "has no snapshot on or before"),
])
def test_cli_errors_are_one_sentence(fixture_db, tmp_path, args, says):
    result = run(*args, db=fixture_db)
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert says in result.stderr
    assert result.stderr.strip().startswith("Error:") and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


# --------------------------------------------------------------------------- Streamlit buttons

def test_download_buttons_render_in_a_page():
    from streamlit.testing.v1 import AppTest

    def page():
        from datetime import date

        import polars as pl

        from dashboard import downloads
        from etl.metrics import Period
        from etl.present import charts

        period = Period(date(2024, 11, 3), date(2024, 11, 10), True)
        frame = pl.DataFrame({"rank": [1], "title": ["=HYPERLINK(1)"], "views_gained": [5],
                              "views_total": [9], "movement": ["baru"]})
        downloads.chart_downloads(charts.top_trending(frame, "id"), "top_trending", period=period, lang="id")
        downloads.table_downloads(frame, "terpopuler", period=period, lang="id")
        downloads.copy_link_button(lang="id")

    at = AppTest.from_function(page).run(timeout=30)
    assert not at.exception
