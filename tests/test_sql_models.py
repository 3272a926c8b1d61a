"""Every SQL model runs on its own: compiled with its default inputs (and each alternative a
report chooses), on the database of tests/fixtures/ingest/week_2024-11-03.csv and
week_2024-11-10.csv; where a report swaps a stored slice for a fresh computation, both give
the same rows."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.old_databases import open_duckdb
from etl.cli import app
from etl.db import compiler
from etl.db.compiler import bind, compile_model, model_names
from etl.db.marts import NO_FILTERS
from etl.ingest.files import ingest_paths
from etl.newsroom.regions import REGIONS

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
S1, S2 = date(2024, 11, 3), date(2024, 11, 10)

# The stored period (3 Nov, 10 Nov], its previous period ending 3 Nov, no filters.
PARAMS = {
    **NO_FILTERS, "a": S1, "b": S2, "prev_b": S1, "since": None, "limit": None,
    "region_order": list(REGIONS), "view": "ranking", "cut": S2, "offset": 0, "rows": None,
    "end": S2, "periods": 12, "article_id": "beritajakarta.id/read/101/banjir-tebet", "words": ["banjir"],
}


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    db = tmp_path_factory.mktemp("models") / "sorot.duckdb"
    reports = ingest_paths(db, [FIXTURES / "week_2024-11-03.csv", FIXTURES / "week_2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    con = open_duckdb(db)
    yield con
    con.close()


def rows(con, model: str, inputs: dict[str, str] | None = None, **params) -> list[tuple]:
    sql = compile_model(model, inputs)
    return con.execute(sql, bind(sql, {**PARAMS, **params})).fetchall()


@pytest.mark.parametrize("model", model_names())
def test_every_model_compiles_and_runs(con, model):
    rows(con, model)


# (query, the stored choice, the fresh choice): the same rows for a stored period
SAME_ROWS = [
    ("trending", {"trending_top": "period_ranks_slice", "wanted_articles": "articles_in_trending_top"},
     {"period_gains": "period_gains_fresh_with_previous"}),
    ("trending", {"period_gains": "period_gains_slices_with_previous"},
     {"period_gains": "period_gains_fresh_with_previous", "wanted_articles": "articles_in_trending_top"}),
    ("reporters", {}, {"period_reporters": "period_reporters"}),
    ("regions", {}, {"period_regions": "period_regions"}),
    ("overview_totals", {}, {"period_totals": "period_totals", "period_gains": "period_gains_fresh_with_previous"}),
    ("period_articles", {"period_gains": "period_gains_slice"}, {"wanted_articles": "articles_in_counted_gains"}),
    ("search_articles", {}, {"wanted_articles": "articles_in_search_matches"}),
]


@pytest.mark.parametrize(("model", "stored", "fresh"), SAME_ROWS, ids=[s[0] for s in SAME_ROWS])
def test_stored_and_fresh_inputs_give_the_same_rows(con, model, stored, fresh):
    found = rows(con, model, stored)
    assert found and found == rows(con, model, fresh)


def test_the_stored_ranking_is_the_hand_worked_one(con):
    # (3 Nov, 10 Nov]: 104 went 50 -> 80 (gain 30); 101 went 1000 -> 900 (gain 0, not ranked).
    # In (27 Oct, 3 Nov] both were new: 101 gained 1000 (rank 1), 104 gained 50 (rank 2).
    # The stored URL is canonical: "www." dropped.
    assert rows(con, "trending", {"trending_top": "period_ranks_slice"}) == [
        (1, 2, "beritajakarta.id/read/104/lain", "https://beritajakarta.id/read/104/lain", "Lain",
         ["Nurito"], date(2024, 11, 2), None, ["DKI Jakarta"], 30, 80)]


def test_an_input_no_model_declares_is_refused():
    with pytest.raises(KeyError, match="declares"):
        compiler.compile_model("trending", {"period_gain": "period_gains_slice"})


def test_sql_compile_prints_runnable_sql_with_its_parameters(con):
    result = CliRunner().invoke(app, ["sql", "compile", "reporters", "--input", "period_reporters=period_reporters"])
    assert result.exit_code == 0, result.output
    first, sql = result.output.split("\n", 1)
    assert first == "-- parameters: $a, $b, $since"
    # period_reporters over the fresh gains of (a, b]: Nurito gained 0 + 30, published nothing
    assert con.execute(sql, {"a": S1, "b": S2, "since": None}).fetchall() == [("Nurito", 0, 30, 0, None)]
    bad = CliRunner().invoke(app, ["sql", "compile", "reporters", "--input", "period_reporters"])
    assert bad.exit_code == 2 and "NAME=MODEL" in bad.output
