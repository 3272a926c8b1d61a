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


@pytest.fixture
def killed_at_pause(tmp_path):
    """Run `python -m etl.cli ARGS…` until it reaches its crash-test pause (SOROT_TEST_PAUSE_AT:
    "transaction" or "committed", see etl.ingest.load.pause_for_crash_test), then kill -9 it."""
    import os
    import signal
    import subprocess
    import sys
    import time

    def run(*args: str, moment: str = "transaction") -> None:
        marker = tmp_path / "paused"
        env = dict(os.environ, SOROT_TEST_PAUSE_FILE=str(marker), SOROT_TEST_PAUSE_AT=moment)
        proc = subprocess.Popen([sys.executable, "-m", "etl.cli", *args], cwd=Path(__file__).resolve().parents[1],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert proc.poll() is None, f"sorot {args[0]} ended before its pause"
                assert time.monotonic() < deadline
                time.sleep(0.05)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait()

    return run
