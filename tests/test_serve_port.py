"""A busy port is refused in one sentence before Streamlit starts (issue #20)."""
from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

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
