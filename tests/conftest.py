"""Fixtures shared by several test modules."""
from __future__ import annotations

from pathlib import Path

import pytest

from etl.ingest.files import ingest_paths

EXPORT_FIXTURES = Path(__file__).parent / "fixtures" / "export"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """The exporter's and the briefing's database (tests/fixtures/export), read only."""
    db = tmp_path_factory.mktemp("export") / "sorot.duckdb"
    reports = ingest_paths(db, sorted(EXPORT_FIXTURES.glob("*.csv")))
    assert all(r.status == "loaded" for r in reports), [r.message for r in reports]
    return db
