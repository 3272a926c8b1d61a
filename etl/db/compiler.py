"""The SQL models as runnable text: files under etl/sql/, `{{ ref() }}` inlined, values bound.

Models reference each other with ``{{ ref('name') }}``; the compiler inlines each referenced
model as a CTE named ``ref_<name>``, so a model can be run on its own without views in the
database. Plain table names (``article_period_gains``, ``period_ends``) always mean the
materialised tables. Values are only ever bound as ``$name`` parameters.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import polars as pl

SQL_DIR = Path(__file__).parent.parent / "sql"


MODEL_DIRS = ("staging", "marts")


_REF = re.compile(r"\{\{\s*ref\(\s*'(\w+)'\s*\)\s*\}\}")


_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


_LEADING_WITH = re.compile(r"^with\s+", re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=None)
def sql_file(relative: str) -> str:
    return (SQL_DIR / relative).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def model_text(name: str) -> str:
    for folder in MODEL_DIRS:
        path = SQL_DIR / folder / f"{name}.sql"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise KeyError(f"no SQL model named {name!r} in etl/sql/staging or etl/sql/marts")


def compile_sql(text: str, overrides: Mapping[str, str] | None = None) -> str:
    """Inline every ``{{ ref('x') }}`` (recursively) as a CTE ``ref_x``.

    ``overrides`` supplies the body of a ref by name instead of a model file; that is how a
    report reads either the materialised mart slice or a fresh computation (see
    ``period_gains_source``)."""
    overrides = overrides or {}
    ctes: dict[str, str] = {}

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ctes:
            return
        if name in trail:
            raise ValueError(f"SQL models reference each other in a cycle: {' -> '.join(trail + (name,))}")
        body = overrides[name] if name in overrides else model_text(name)
        for dep in _REF.findall(body):
            visit(dep, trail + (name,))
        ctes[name] = _REF.sub(lambda m: f"ref_{m[1]}", body).strip()

    for dep in _REF.findall(text):
        visit(dep, ())
    main = _REF.sub(lambda m: f"ref_{m[1]}", text)
    if not ctes:
        return main
    prefix = ",\n".join(f"ref_{name} as (\n{body}\n)" for name, body in ctes.items())
    found = _LEADING_WITH.search(main)
    if found:  # splice ours in front of the model's own CTEs
        return f"{main[:found.start()]}with {prefix},\n{main[found.end():]}"
    return f"with {prefix}\n{main}"


def bind(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """DuckDB wants exactly the parameters a statement uses."""
    used = set(_PARAM.findall(sql))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    return {k: params[k] for k in used}


def query(con, text: str, params: Mapping[str, Any] | None = None,
          overrides: Mapping[str, str] | None = None) -> pl.DataFrame:
    sql = compile_sql(text, overrides)
    return con.sql(sql, params=bind(sql, params or {})).pl()


def execute(con, text: str, params: Mapping[str, Any] | None = None,
            overrides: Mapping[str, str] | None = None) -> None:
    sql = compile_sql(text, overrides)
    con.execute(sql, bind(sql, params or {})).fetchall()
