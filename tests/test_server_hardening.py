"""Issue #15, the server's part: uploads beside readers, replacing uploads, failure sentences,
interrupts, bounded work per visitor, `sorot serve`'s signals.

The numbers are worked out by hand from tests/fixtures/dashboard (SPEC §2): the period ending
2024-11-10 starts at 2024-11-03; a gains 400-100 = 300, b 90-50 = 40, c 380-30 = 350, d (new,
published 2024-11-05 after a) 120: 810 views gained. resend-2024-11-10.csv sends a again with
1,000 views and b unchanged (90): it replaces 2 of the 4 stored rows of 2024-11-10; a now gains
900, so the period gains 900 + 40 + 350 + 120 = 1,410.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import queries
from tests.old_databases import open_duckdb
from etl.ingest.files import ingest_paths
from etl.present.strings import t

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "dashboard"
APP = "../dashboard/app.py"
TRACEBACK_WORDS = ("Traceback", "File \"/", "Exception", "Error:", ".py\"", "duckdb")


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "sorot.duckdb"
    reports = ingest_paths(path, [FIXTURES / "export-2024-11-03.csv", FIXTURES / "export-2024-11-10.csv"])
    assert [r.status for r in reports] == ["loaded", "loaded"]
    return path


def stored_views(db: Path, article: str, day: str) -> list[int]:
    with open_duckdb(db, read_only=True) as con:
        return [r[0] for r in con.execute(
            "select views from snapshots where article_id like ? and snapshot_date = ?", [f"%{article}", day]).fetchall()]


def page_text(at: AppTest) -> str:
    parts = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "title", "subheader", "text"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [str(e.value) for e in at.sidebar.caption]
    return "\n".join(parts)


def cli(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


# --------------------------------------------------------------------------- replacing uploads

def test_cli_says_what_a_resent_week_replaced(db):
    done = cli("ingest", str(FIXTURES / "resend-2024-11-10.csv"), "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert ("replaced 2 of the 4 stored rows of 2024-11-10; views gained in the period ending "
            "2024-11-10: 810 before, 1,410 now") in done.stdout
    assert stored_views(db, "/a", "2024-11-10") == [1000]


def test_a_new_week_replaces_nothing_and_says_nothing_of_it(db):
    done = cli("ingest", str(FIXTURES / "upload-2024-11-17.csv"), "--db", str(db))
    assert done.returncode == 0 and "replaced" not in done.stdout


def test_dashboard_holds_a_replacing_upload_until_confirmed(db, monkeypatch):
    monkeypatch.setenv("SOROT_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("app_pages/ingest.py").run()
    data = (FIXTURES / "resend-2024-11-10.csv").read_bytes()
    at.file_uploader[0].set_value(("resend-2024-11-10.csv", data, "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception
    held = "\n".join(w.value for w in at.warning)
    assert t("report_held", "id") in held
    assert ("10 Nov 2024: menggantikan 2 dari 4 baris tersimpan; tambahan dilihat periode yang berakhir "
            "10 Nov 2024: 810 sekarang, 1.410 dengan berkas ini.") in held
    assert stored_views(db, "/a", "2024-11-10") == [400]  # nothing loaded before the confirmation
    confirm = [b for b in at.button if b.label == t("replace_button", "id")][0]
    assert confirm.disabled
    at.checkbox(key="replace_confirm").check().run()
    [b for b in at.button if b.label == t("replace_button", "id")][0].click().run()
    assert not at.exception
    assert stored_views(db, "/a", "2024-11-10") == [1000]
    assert any(t("report_loaded", "id") in s.value for s in at.success)
    assert ("10 Nov 2024: menggantikan 2 dari 4 baris tersimpan; tambahan dilihat periode yang berakhir "
            "10 Nov 2024: 810 sebelumnya, 1.410 sekarang.") in page_text(at)


# --------------------------------------------------------------------------- readers beside an upload

def test_two_sessions_read_while_a_third_uploads(db, tmp_path, monkeypatch):
    """The upload pauses inside its transaction (holding the file lock, as a long upload
    does) while two other sessions load pages: each shows its data or the one sentence that
    an upload is running, never a traceback; then the upload finishes and is stored."""
    marker = tmp_path / "paused"
    monkeypatch.setenv("SOROT_DB", str(db))
    monkeypatch.setenv("SOROT_TEST_PAUSE_FILE", str(marker))
    result: dict = {}

    def upload() -> None:
        data = (FIXTURES / "upload-2024-11-17.csv").read_bytes()
        try:
            result["reports"] = queries.ingest_uploads([("upload-2024-11-17.csv", data)], replace=False,
                                                       caller=queries.LOCAL_CALLER)
        except BaseException as problem:  # noqa: BLE001 — the assertion below shows it
            result["error"] = problem

    uploader = threading.Thread(target=upload)
    uploader.start()
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert uploader.is_alive(), result
            assert time.monotonic() < deadline
            time.sleep(0.05)
        for page in ("overview", "trending"):
            at = AppTest.from_file(APP, default_timeout=60)
            at.run()
            at.switch_page(f"app_pages/{page}.py").run()
            assert not at.exception, at.exception
            text = page_text(at)
            assert not any(w in text for w in ("Traceback", "different configuration")), text
            assert t("page_failed", "id") not in text, text  # not even caught as a failure
            assert t("upload_running", "id") in text or at.metric or at.dataframe, text
    finally:
        marker.unlink(missing_ok=True)
        uploader.join(120)
    assert "error" not in result, result.get("error")
    assert [r.status for r in result["reports"]] == ["loaded"]
    assert stored_views(db, "/e", "2024-11-17") == [75]


# --------------------------------------------------------------------------- no traceback in the browser

def corrupt_db(tmp_path: Path) -> Path:
    path = tmp_path / "rusak.duckdb"
    path.write_bytes(os.urandom(64 * 1024))
    return path


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_corrupt_database_is_one_sentence_on_every_page(tmp_path, monkeypatch, lang):
    monkeypatch.setenv("SOROT_DB", str(corrupt_db(tmp_path)))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    for page in ("overview", "trending", "reporters", "regions", "search", "ingest"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
        text = page_text(at)
        assert t("db_foreign", lang) in text, (page, text)
        assert not any(w in text for w in TRACEBACK_WORDS), (page, text)


def test_an_unexpected_page_failure_is_one_sentence_and_logged(db, monkeypatch, caplog):
    monkeypatch.setenv("SOROT_DB", str(db))

    def broken(*_args, **_kwargs):
        raise RuntimeError("boom at /srv/secret/path.py")

    monkeypatch.setattr(queries, "overview", broken)
    at = AppTest.from_file(APP, default_timeout=60)
    with caplog.at_level("ERROR", logger="sorot.dashboard"):
        at.run()
    assert not at.exception
    text = page_text(at)
    assert t("page_failed", "id") in text and "boom" not in text and "secret" not in text
    assert "boom at /srv/secret/path.py" in caplog.text


def test_serve_turns_error_details_off():
    from etl import cli as sorot_cli
    command = sorot_cli.streamlit_command(Path("app.py"), 8501, "127.0.0.1")
    assert command[command.index("--client.showErrorDetails") + 1] == "none"


# --------------------------------------------------------------------------- failure classes

def test_a_foreign_database_file_is_one_sentence_on_the_cli(tmp_path):
    bad = corrupt_db(tmp_path)
    before = bad.read_bytes()
    done = cli("ingest", str(FIXTURES / "upload-2024-11-17.csv"), "--db", str(bad))
    assert done.returncode == 1
    assert "is not a Sorot database DuckDB can read" in done.stderr and "nothing was changed" in done.stderr
    assert "Traceback" not in done.stderr and "unexpected" not in done.stderr
    assert bad.read_bytes() == before


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True)
    return done.returncode == 0


@pytest.fixture
def tmpfs(tmp_path):
    where = tmp_path / "disk"
    if not _mount_tmpfs(where, "16m"):  # a new Sorot database takes ~5 MB
        pytest.skip("mount -t tmpfs is not allowed here (not root, or no CAP_SYS_ADMIN)")
    yield where
    subprocess.run(["umount", str(where)], check=False)


def big_export(path: Path, rows: int) -> Path:
    lines = ["url,title,published_at,author,category,region,views"]
    lines += [f"https://x.id/big{i},Judul panjang nomor {i} {'x' * 200},2024-11-20,Ani,Hukum,Jakarta Pusat,{i}"
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_disk_full_is_its_own_sentence_and_the_next_ingest_works(tmpfs, tmp_path):
    db = tmpfs / "sorot.duckdb"
    first = cli("ingest", str(FIXTURES / "export-2024-11-03.csv"), "--db", str(db))
    assert first.returncode == 0, first.stderr
    filler = tmpfs / "filler"
    free = shutil.disk_usage(tmpfs).free
    filler.write_bytes(b"\0" * max(0, free - 512 * 1024))
    size = db.stat().st_size
    export = big_export(tmp_path / "besar-2024-11-24.csv", 20_000)  # ~5 MB of text
    full = cli("ingest", str(export), "--db", str(db))
    assert full.returncode == 1
    assert "is full" in full.stderr and "nothing of the failed file was stored" in full.stderr, full.stderr
    assert "cannot rollback" not in full.stderr and "unexpected" not in full.stderr
    assert db.stat().st_size <= size  # the failed load's blocks were given back
    filler.unlink()
    again = cli("ingest", str(FIXTURES / "export-2024-11-10.csv"), "--db", str(db))
    assert again.returncode == 0, again.stderr
    assert "cannot rollback" not in again.stderr
    with open_duckdb(db, read_only=True) as con:
        assert [r[0] for r in con.execute("select file_name from ingests order by ingest_id").fetchall()] == [
            "export-2024-11-03.csv", "export-2024-11-10.csv"]


def test_no_write_access_is_its_own_sentence(db, tmp_path):
    """As a normal user a read-only folder denies the write; root ignores file modes, so
    there the database sits on a tmpfs remounted read-only (the same refusal from the OS)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        target = folder / "sorot.duckdb"
        shutil.copy(db, target)
        target.chmod(0o444)
        folder.chmod(0o555)
    else:
        folder = tmp_path / "ro"
        if not _mount_tmpfs(folder, "8m"):
            pytest.skip("as root a read-only folder does not deny writes, and tmpfs cannot be mounted here")
        target = folder / "sorot.duckdb"
        shutil.copy(db, target)
        assert subprocess.run(["mount", "-o", "remount,ro", str(folder)]).returncode == 0
    try:
        done = cli("ingest", str(FIXTURES / "upload-2024-11-17.csv"), "--db", str(target))
        assert done.returncode == 1
        assert "may not write to" in done.stderr and "nothing was changed" in done.stderr, done.stderr
        assert "unexpected" not in done.stderr and "cannot rollback" not in done.stderr
    finally:
        if os.geteuid() != 0:
            folder.chmod(0o755)
        else:
            subprocess.run(["umount", str(folder)], check=False)


def _interrupted_ingest(tmp_path, files, db, moment, *, pauses):
    """`sorot ingest FILES` paused (SOROT_TEST_PAUSE_AT=moment) `pauses` times, each pause but
    the last let go, then sent SIGINT as Ctrl+C would: (process, stdout, stderr)."""
    marker = tmp_path / "paused"
    env = dict(os.environ, SOROT_TEST_PAUSE_FILE=str(marker), SOROT_TEST_PAUSE_AT=moment)
    proc = subprocess.Popen(
        [sys.executable, "-m", "etl.cli", "ingest", *map(str, files), "--db", str(db)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell's background job inherits an ignored SIGINT; Ctrl+C reaches a terminal's job
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        for pause in range(pauses):
            deadline = time.monotonic() + 60
            while not marker.exists():
                assert proc.poll() is None, proc.communicate()
                assert time.monotonic() < deadline
                time.sleep(0.05)
            if pause < pauses - 1:
                marker.unlink()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    return proc, out, err


@pytest.mark.parametrize("moment, loaded", [("transaction", False), ("committed", True)])
def test_ctrl_c_during_an_ingest_says_what_was_kept(db, tmp_path, moment, loaded):
    proc, _out, err = _interrupted_ingest(tmp_path, [FIXTURES / "upload-2024-11-17.csv"], db, moment, pauses=1)
    assert proc.returncode == 130
    assert "Interrupted; nothing half-written was kept." in err
    assert "Traceback" not in err and "cannot rollback" not in err and "Query interrupted" not in err
    if loaded:
        assert "Loaded before the interrupt: upload-2024-11-17.csv." in err
        assert stored_views(db, "/e", "2024-11-17") == [75]
    else:
        assert "upload-2024-11-17.csv was not loaded" in err
        assert stored_views(db, "/e", "2024-11-17") == []


# --------------------------------------------------------------------------- bounded work per visitor

def test_search_terms_are_capped_in_number_and_length():
    from etl.metrics import search_terms
    assert search_terms("banjir tebet") == (["banjir", "tebet"], False)
    words = " ".join(f"w{i}" for i in range(10))
    assert search_terms(words) == ([f"w{i}" for i in range(8)], True)
    assert search_terms("x" * 50) == (["x" * 40], True)


def test_a_3000_word_search_is_capped_with_a_sentence(db, monkeypatch):
    monkeypatch.setenv("SOROT_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = " ".join(["banjir"] + [f"kata{i}" for i in range(3000)])
    at.run()
    at.switch_page("app_pages/search.py")
    at.query_params["q"] = " ".join(["banjir"] + [f"kata{i}" for i in range(3000)])
    at.run()
    assert not at.exception
    assert t("search_capped", "id", words=8, chars=40) in page_text(at)
    assert len(at.query_params["q"].split()) == 8  # the URL keeps the capped search


def test_an_upload_is_parsed_once_per_content(monkeypatch):
    from etl.ingest import files
    calls = []
    real = files.preview
    monkeypatch.setattr(files, "preview", lambda *a, **k: calls.append(1) or real(*a, **k))
    data = (FIXTURES / "upload-2024-11-17.csv").read_bytes() + b"\n"  # content no other test used
    first = queries.preview_upload("upload-2024-11-17.csv", data)
    again = queries.preview_upload("upload-2024-11-17.csv", data)
    assert first == again and len(calls) == 1


def test_preview_does_not_warn_for_dates_in_a_column():
    """Low item: a file with a snapshot-date column and no date in its name loads; the
    preview says so (the load's rule), and a file with neither is still warned about."""
    column = queries.preview_upload("snapshot_column.csv", (ROOT / "tests/fixtures/ingest/snapshot_column.csv").read_bytes())
    assert column.snapshot_date is None and column.has_snapshot_date
    neither = queries.preview_upload("tanpa-tanggal.csv", (FIXTURES / "upload-2024-11-17.csv").read_bytes())
    assert not neither.has_snapshot_date


# --------------------------------------------------------------------------- sorot serve

def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except FileNotFoundError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.split(") ")[1][0] != "Z"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serve_stops_streamlit_with_it(db, tmp_path, sig):
    import urllib.request

    from tests.e2e.harness import free_port

    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        proc = subprocess.Popen([sys.executable, "-m", "etl.cli", "serve", "--db", str(db), "--port", str(port)],
                                cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=None)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            assert time.monotonic() < deadline
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.25)
        streamlit = _children(proc.pid)
        assert streamlit
        proc.send_signal(sig)  # the parent only, as a service manager does
        proc.wait(30)
        assert proc.returncode == 0, (tmp_path / "serve.log").read_text()
        assert not any(_alive(pid) for pid in streamlit)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


def test_ctrl_c_in_the_second_file_of_a_batch_names_the_first_as_loaded(tmp_path):
    db = tmp_path / "sorot.duckdb"
    # the first file pauses and is let go; the second is interrupted
    proc, out, err = _interrupted_ingest(
        tmp_path, [FIXTURES / "export-2024-11-03.csv", FIXTURES / "export-2024-11-10.csv"], db,
        "transaction", pauses=2)
    assert proc.returncode == 130
    assert "export-2024-11-03.csv: loaded" in out
    assert ("Interrupted; nothing half-written was kept. Loaded before the interrupt: export-2024-11-03.csv. "
            "export-2024-11-10.csv was not loaded; run the command again to load it.") in err
    assert stored_views(db, "/a", "2024-11-03") == [100] and stored_views(db, "/a", "2024-11-10") == []
