"""./dev on Python 3.11-3.13 (issue #20): which interpreter it picks, and that the locked
dependencies cover each supported version: `./dev test` on 3.12 and 3.13 builds its own
environment from uv.lock and runs the core of the suite there. All three interpreters exist on
the dev and CI machines (pyenv); a test skips only where its interpreter is missing."""
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


# The core of the suite, without a browser: parsing, ingest (CSV and workbook, the CLI's exit
# codes and sentences, crash safety) and the metrics. About a minute and a half per version.
CORE_TESTS = ("tests/test_parse.py", "tests/test_ingest.py", "tests/test_workbook.py", "tests/test_metrics.py")


def _uv_binary() -> str | None:
    """The uv binary this machine already has (`uv run` names itself in $UV; a pyenv shim is a
    script, so python3.11's uv module is asked), so ./dev need not install one."""
    for found in (os.environ.get("UV"), shutil.which("uv")):
        if found and Path(found).is_file():
            with open(found, "rb") as binary:
                if binary.read(4) == b"\x7fELF":
                    return found
    python = _real("python3.11")
    if python is not None:
        done = subprocess.run([python, "-c", "import uv; print(uv.find_uv_bin())"], capture_output=True, text=True)
        if done.returncode == 0:
            return done.stdout.strip()
    return None


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_dev_test_runs_the_core_suite_on_other_pythons(version, tmp_path):
    """`./dev test` on a machine whose only Python is 3.12 (or 3.13): ./dev picks it, builds the
    environment from uv.lock for it and the core tests pass there. The environment goes into a
    temporary folder (UV_PROJECT_ENVIRONMENT), so the checkout's .venv is not touched."""
    name = f"python{version}"
    real = _real(name)
    if real is None:
        pytest.skip(f"{name} is not installed on this machine")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("bash", "dirname", "env"):
        (bin_dir / tool).symlink_to(shutil.which(tool))
    (bin_dir / name).symlink_to(real)
    cache = tmp_path / "cache"
    uv = _uv_binary()
    if uv is not None:
        (cache / "sorot" / "uv-venv" / "bin").mkdir(parents=True)
        (cache / "sorot" / "uv-venv" / "bin" / "uv").symlink_to(uv)
    environment = tmp_path / "env"
    env = {key: value for key, value in os.environ.items()
           if key not in ("VIRTUAL_ENV", "PYTHON", "PYTHONPATH", "PYENV_VERSION", "UV_PROJECT_ENVIRONMENT")}
    env.update({
        "PATH": str(bin_dir),
        "XDG_CACHE_HOME": str(cache),
        # The packages uv has already downloaded stay where they are (the registry is the fallback).
        "UV_CACHE_DIR": os.environ.get("UV_CACHE_DIR")
        or str(Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "uv"),
        "UV_PROJECT_ENVIRONMENT": str(environment),
        "UV_PYTHON_DOWNLOADS": "never",
    })
    try:
        done = subprocess.run([str(bin_dir / "bash"), str(ROOT / "dev"), "test", "-q", "-p", "no:randomly",
                               "-p", "no:cacheprovider", *CORE_TESTS],
                              capture_output=True, text=True, env=env, cwd=ROOT, timeout=1200)
        assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
        assert " passed" in done.stdout and " failed" not in done.stdout and " skipped" not in done.stdout
        used = subprocess.run([str(environment / "bin" / "python"), "-c",
                               "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True)
        assert used.stdout.strip() == version
    finally:
        shutil.rmtree(environment, ignore_errors=True)
