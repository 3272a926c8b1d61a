"""Docs checked by tests: every command has help text and appears in the README."""
from __future__ import annotations

from pathlib import Path

import typer.main

from etl.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def commands(group, prefix: str = "sorot"):
    # Typer vendors its own click, so groups are recognised by what they have.
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            yield from commands(command, path)
        else:
            yield path, command


def test_every_command_has_help_and_is_in_the_readme():
    found = list(commands(typer.main.get_command(app)))
    assert len(found) >= 10
    for path, command in found:
        assert (command.help or "").strip(), f"{path} has no help text"
        assert path in README, f"{path} is not in the README"
        for param in command.params:
            if getattr(param, "param_type_name", "") == "option":
                assert (param.help or "").strip(), f"{path} {param.opts[0]} has no help text"


def test_readme_links_point_to_existing_docs():
    root = Path(__file__).resolve().parent.parent
    for target in ("docs/schema.md", "docs/metrics.md", "docs/decisions.md", "docs/dashboard.md",
                   "docs/exports.md", "docs/pages.md", "docs/benchmarks.md"):
        assert target in README and (root / target).exists(), target
