"""./dev on Python 3.11-3.13 (issue #20): which interpreter it picks, and that the locked
dependencies cover each supported version. All three interpreters exist on the dev and CI
machines; a test skips only where its interpreter is missing."""
from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ("3.11", "3.12", "3.13")


def _real(name: str) -> str | None:
    """The interpreter's real path: through PATH, else a pyenv install that is not activated
    (pyenv's shim answers only for the versions `pyenv global` names)."""
    found = shutil.which(name)
    if found is not None:
        done = subprocess.run([found, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.strip()
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    installed = sorted(pyenv.glob(f"*/bin/{name}"))
    return str(installed[-1]) if installed else None


def _dev_python(tmp_path: Path, *names: str) -> subprocess.CompletedProcess:
    """./dev's choice on a PATH that holds only the given interpreters (and the shell's tools)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    for name in names:
        real = _real(name)
        if real is None:
            pytest.skip(f"{name} is not installed on this machine")
        (bin_dir / name).symlink_to(real)
    env = {"PATH": str(bin_dir), "HOME": str(tmp_path)}
    return subprocess.run([str(bin_dir / "bash"), str(ROOT / "dev"), "python"], capture_output=True, text=True,
                          env=env, cwd=tmp_path)


def test_dev_prefers_python311(tmp_path):
    assert _dev_python(tmp_path, "python3.11", "python3.12", "python3.13").stdout.strip() == "python3.11"


def test_dev_without_python311_takes_the_newest_supported(tmp_path):
    assert _dev_python(tmp_path, "python3.12", "python3.13").stdout.strip() == "python3.13"


def test_dev_without_a_supported_python_says_so_in_one_sentence(tmp_path):
    done = _dev_python(tmp_path)
    assert done.returncode == 2
    assert "needs Python 3.11, 3.12 or 3.13" in done.stderr and done.stderr.count("\n") == 1


def test_the_lock_covers_every_supported_python():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert project["project"]["requires-python"] == ">=3.11,<3.14"
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    assert lock["requires-python"] == ">=3.11, <3.14"
    # Every compiled package has a wheel for each version (or a stable-ABI one).
    for package in lock["package"]:
        wheels = [w["url"].rsplit("/", 1)[-1] for w in package.get("wheels", [])]
        if not wheels or any("py3-none" in w or "py2.py3-none" in w for w in wheels):
            continue
        for version in VERSIONS:
            tag = "cp" + version.replace(".", "")
            assert any(f"-{tag}-" in w or "abi3" in w for w in wheels), (package["name"], version)


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_core_imports_and_a_parse_on_other_pythons(version):
    """A quick smoke on 3.12 and 3.13 where an environment for them exists (./dev builds one
    with `uv sync --python 3.13`); the whole suite runs on 3.11 in CI."""
    python = os.environ.get(f"SOROT_PYTHON_{version.replace('.', '')}")
    if not python or not Path(python).exists():
        pytest.skip(f"no Sorot environment for Python {version} (set SOROT_PYTHON_{version.replace('.', '')})")
    code = ("from etl.newsroom.cells import parse_views; assert parse_views('2.233') == 2233; "
            "import etl.cli, etl.ingest.files, etl.present.messages, dashboard.queries")
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
