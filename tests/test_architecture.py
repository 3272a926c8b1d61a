"""The arrows of docs/architecture.md, checked: every import in etl/ and dashboard/ points
the way the map says, and no module reaches into another's private (underscore) names.

The rooms, lowest first. A room may import itself and the rooms listed for it, nothing else.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# room -> the rooms it may import (besides itself)
ALLOWED = {
    "etl.errors": set(),
    "etl.newsroom": {"etl.errors"},
    "etl.db": {"etl.newsroom", "etl.errors"},
    "etl.ingest": {"etl.db", "etl.newsroom", "etl.errors"},
    "etl.metrics": {"etl.db", "etl.newsroom", "etl.errors"},
    # the ingest report's text reads etl.ingest's report types
    "etl.present": {"etl.metrics", "etl.ingest", "etl.newsroom", "etl.errors"},
    "etl.demo": {"etl.newsroom", "etl.errors"},
    # sending what etl.present made (a mail): knows the SMTP server, nothing of Sorot's data
    "etl.deliver": {"etl.errors"},
    "etl.cli": {"etl.present", "etl.metrics", "etl.ingest", "etl.db", "etl.demo", "etl.deliver",
                "etl.newsroom", "etl.errors"},
    # the upload page is the one writer in the dashboard: it calls etl.ingest's front door
    "dashboard": {"etl.present", "etl.metrics", "etl.ingest.files", "etl.newsroom.access", "etl.errors"},
}

# third-party packages a room must not import
FORBIDDEN_PACKAGES = {
    "etl.newsroom": {"duckdb", "polars", "pyarrow", "streamlit", "altair", "rich", "typer"},
    "etl.db": {"streamlit", "altair", "rich", "typer"},
    "etl.ingest": {"streamlit", "altair", "rich", "typer"},
    "etl.metrics": {"streamlit", "altair", "rich", "typer"},
    "etl.present": {"streamlit", "typer"},
    "etl.demo": {"duckdb", "streamlit"},
    "etl.deliver": {"duckdb", "polars", "pyarrow", "streamlit", "altair", "rich", "typer"},
    "etl.cli": {"streamlit"},
}


def room_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] == "dashboard":
        return "dashboard"
    if parts[0] != "etl" or len(parts) < 2:
        return None
    return ".".join(parts[:2])


def module_name(path: Path) -> str:
    relative = path.relative_to(ROOT).with_suffix("")
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> list[Path]:
    return sorted(p for folder in ("etl", "dashboard") for p in (ROOT / folder).rglob("*.py"))


def imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) for every import, also inside functions."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            folder = ROOT / node.module.replace(".", "/")
            # `from etl import metrics` imports the module etl.metrics, not a name of etl
            submodules = [name for name in names
                          if (folder / name).is_dir() or (folder / f"{name}.py").exists()]
            found += [(node.lineno, f"{node.module}.{name}", []) for name in submodules]
            if len(submodules) < len(names):
                found.append((node.lineno, node.module, [n for n in names if n not in submodules]))
    return found


def permitted(importer_room: str, target: str) -> bool:
    target_room = room_of(target)
    if target_room is None or target_room == importer_room or target in ("etl", "dashboard"):
        return True
    allowed = ALLOWED[importer_room]
    return target_room in allowed or any(target == a or target.startswith(a + ".") for a in allowed)


def test_every_module_is_in_a_room_of_the_map():
    unmapped = [module_name(p) for p in source_files()
                if room_of(module_name(p)) not in ALLOWED and module_name(p) not in ("etl", "dashboard")]
    assert unmapped == []


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_the_way_of_the_map(path):
    room = room_of(module_name(path))
    if room is None:
        return
    wrong = []
    for line, target, _names in imports(path):
        top = target.split(".")[0]
        if top in ("etl", "dashboard"):
            if not permitted(room, target):
                wrong.append(f"line {line}: {room} imports {target}")
        elif top in FORBIDDEN_PACKAGES.get(room, set()):
            wrong.append(f"line {line}: {room} imports {top}")
    assert wrong == []


@pytest.mark.parametrize("path", source_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_uses_another_modules_private_names(path):
    here = module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {}  # local alias -> an imported Sorot module
    wrong = []
    for line, target, names in imports(path):
        if target.split(".")[0] not in ("etl", "dashboard") or target == here:
            continue
        wrong += [f"line {line}: from {target} import {n}" for n in names if n.startswith("_")
                  and not n.startswith("__")]
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in ("etl", "dashboard"):
            for alias in node.names:
                modules[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in ("etl", "dashboard"):
                    modules[alias.asname or alias.name] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules and node.attr.startswith("_") and not node.attr.startswith("__")):
            wrong.append(f"line {node.lineno}: {node.value.id}.{node.attr}")
    assert wrong == []


def test_the_map_names_every_module():
    """docs/architecture.md has a line for every module (its job), so a newcomer finds the room."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = [str(p.relative_to(ROOT)) for p in source_files()
               if p.name != "__init__.py" and f"`{p.relative_to(ROOT)}`" not in text
               and f"`{p.name}`" not in text]
    assert missing == []
