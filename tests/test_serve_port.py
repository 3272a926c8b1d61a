"""A busy port is refused in one sentence before Streamlit starts, and a signal stops the
dashboard whole (issue #20)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _listening() -> tuple[socket.socket, int]:
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    return holder, holder.getsockname()[1]


def test_serve_refuses_a_busy_port(tmp_path):
    holder, port = _listening()
    with holder:
        done = subprocess.run([sys.executable, "-m", "etl.cli", "serve", "--db", str(tmp_path / "s.duckdb"),
                               "--port", str(port)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 2
    assert f"Port {port} on 127.0.0.1 is already in use" in done.stderr
    assert f"--port {port + 1}" in done.stderr
    assert "Traceback" not in done.stderr and "Sorot dashboard on" not in done.stdout


def test_dev_demo_refuses_a_busy_port_before_building(tmp_path):
    holder, port = _listening()
    with holder:
        done = subprocess.run([str(ROOT / "dev"), "demo", "--port", str(port)], capture_output=True, text=True,
                              cwd=ROOT, timeout=120, env={**__import__("os").environ, "SOROT_DB": str(tmp_path / "d.duckdb")})
    assert done.returncode == 2
    assert f"./dev demo --port {port + 1}" in done.stderr
    assert not (tmp_path / "d.duckdb").exists()


def test_a_free_port_passes():
    from etl.cli import port_problem

    holder, port = _listening()
    holder.close()
    assert port_problem("127.0.0.1", port) is None


def _port_answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
        return True
    except ProcessLookupError:
        return False


def _wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    from etl.ingest.files import ingest_paths

    db = tmp_path_factory.mktemp("serve") / "sorot.duckdb"
    reports = ingest_paths(db, sorted((ROOT / "tests" / "fixtures" / "export").glob("*.csv")))
    assert all(r.status == "loaded" for r in reports)
    return db


# How the dashboard is stopped: a service manager's SIGTERM, `kill -INT`, and Ctrl+C in a
# terminal (SIGINT to the whole foreground process group); `./dev demo` as the README starts it.
STOPS = [
    ("sorot serve", signal.SIGTERM, False),
    ("sorot serve", signal.SIGINT, False),
    ("sorot serve", signal.SIGINT, True),
    ("./dev demo", signal.SIGTERM, False),
    ("./dev demo", signal.SIGINT, False),
]


@pytest.mark.parametrize("how, signum, to_group", STOPS,
                         ids=["serve-SIGTERM", "serve-SIGINT", "serve-Ctrl+C", "dev-demo-SIGTERM", "dev-demo-SIGINT"])
def test_a_signal_stops_the_dashboard_and_frees_the_port(small_db, how, signum, to_group):
    """SIGTERM and SIGINT stop `sorot serve` and its Streamlit server: nothing of the process
    group is left and the port is free (issue #20: Streamlit kept serving after SIGTERM).
    The bounds are generous; they catch a server left running, not a slow one."""
    holder, port = _listening()
    holder.close()
    command = ([sys.executable, "-m", "etl.cli", "serve", "--db", str(small_db), "--port", str(port)]
               if how == "sorot serve" else [str(ROOT / "dev"), "demo", "--port", str(port)])
    server = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "SOROT_DB": str(small_db)},
                              start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert _wait_until(lambda: _port_answers(port), 120), "the dashboard never started"
        if to_group:
            os.killpg(server.pid, signum)
        else:
            os.kill(server.pid, signum)
        server.wait(timeout=30)
        assert _wait_until(lambda: not _group_alive(server.pid), 30), "a process of the dashboard kept running"
        assert _wait_until(lambda: not _port_answers(port), 30), "the port is still served"
    finally:
        if _group_alive(server.pid):
            os.killpg(server.pid, signal.SIGKILL)
