"""The SQL models as runnable text: files under etl/sql/, `{{ ref() }}` and `{{ input() }}`
inlined, values bound.

Every model is one file; models name each other in two ways:

- ``{{ ref('name') }}``: always the model file ``name.sql``.
- ``{{ input('slot', default='name') }}``: a declared input, where a caller may swap in
  another model file (``compile_model('trending', inputs={'period_gains':
  'period_gains_fresh'})``): the stored slice of a mart against a fresh computation, or a
  narrowed set of articles. Without a choice it is the default file, so every model runs on
  its own. A slot means the same thing wherever it is declared, so one choice reaches every
  model of the graph that declares it.

Each model reached is inlined once as a CTE named ``ref_<name>``, so nothing needs views in
the database. Plain table names (``article_period_gains``, ``period_ends``) always mean the
stored tables. Values are only ever bound as ``$name`` parameters.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

import polars as pl

SQL_DIR = Path(__file__).parent.parent / "sql"


def sql_dir() -> Path:
    """Where the SQL lives; tests point it at a changed copy to play a newer Sorot."""
    return SQL_DIR


# stored: the marts' models, each next to its table (<mart>.table.sql); intermediate: steps
# and the alternatives of declared inputs; queries: what reports and the dashboard run.
MODEL_DIRS = ("staging", "intermediate", "stored", "queries")


_REF = re.compile(r"\{\{\s*ref\(\s*'(\w+)'\s*\)\s*\}\}")


_INPUT = re.compile(r"\{\{\s*input\(\s*'(\w+)'\s*,\s*default\s*=\s*'(\w+)'\s*\)\s*\}\}")


_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


_LEADING_WITH = re.compile(r"^with\s+", re.IGNORECASE | re.MULTILINE)


# Everything here calls sql_dir() when it runs (other modules as compiler.sql_dir()), and
# the caches are keyed by it, so a test that points it elsewhere sees only that copy.
def sql_file(relative: str) -> str:
    return _read(sql_dir(), relative)


@lru_cache(maxsize=None)
def _read(root: Path, relative: str) -> str:
    return (root / relative).read_text(encoding="utf-8")


def model_text(name: str) -> str:
    return _model_text(sql_dir(), name)


@lru_cache(maxsize=None)
def _model_text(root: Path, name: str) -> str:
    for folder in MODEL_DIRS:
        path = root / folder / f"{name}.sql"
        if path.exists():
            return path.read_text(encoding="utf-8")
    raise KeyError(f"no SQL model named {name!r} in etl/sql/{{{','.join(MODEL_DIRS)}}}")


def model_names() -> list[str]:
    """Every model file (a stored mart's table file is not a model)."""
    root = sql_dir()
    return sorted(p.stem for folder in MODEL_DIRS for p in (root / folder).glob("*.sql") if "." not in p.stem)


def compile_model(name: str, inputs: Mapping[str, str] | None = None) -> str:
    return compile_sql(model_text(name), inputs)


def compile_sql(text: str, inputs: Mapping[str, str] | None = None) -> str:
    """`text` with every model it reaches inlined (recursively) as a CTE ``ref_<name>``;
    `inputs` chooses the model file of a declared input slot by name."""
    return _compile(sql_dir(), text, tuple(sorted((inputs or {}).items())))


def models_reached(text: str, inputs: Mapping[str, str] | None = None) -> list[str]:
    """The model files `text` reaches with these inputs, each before the models using it."""
    return list(_graph(sql_dir(), text, tuple(sorted((inputs or {}).items())))[0])


@lru_cache(maxsize=512)
def _compile(root: Path, text: str, inputs: tuple[tuple[str, str], ...]) -> str:
    ctes, main = _graph(root, text, inputs)
    if not ctes:
        return main
    prefix = ",\n".join(f"ref_{name} as (\n{body}\n)" for name, body in ctes.items())
    found = _LEADING_WITH.search(main)
    if found:  # splice ours in front of the model's own CTEs
        return f"{main[:found.start()]}with {prefix},\n{main[found.end():]}"
    found = _LEADING_SELECT.search(main)   # "insert into t by name\nselect …": in front of the select
    at = found.start() if found else 0
    return f"{main[:at]}with {prefix}\n{main[at:]}"


_LEADING_SELECT = re.compile(r"^select\b", re.IGNORECASE | re.MULTILINE)


@lru_cache(maxsize=512)
def _graph(root: Path, text: str, inputs: tuple[tuple[str, str], ...]) -> tuple[dict[str, str], str]:
    """(model name -> its body with refs inlined, in dependency order; `text` inlined)."""
    chosen = dict(inputs)
    declared: dict[str, str] = {}   # slot -> its default, checked to agree everywhere
    ctes: dict[str, str] = {}

    def resolve(slot: str, default: str) -> str:
        if declared.setdefault(slot, default) != default:
            raise ValueError(f"the input {slot!r} has two defaults: {declared[slot]!r} and {default!r}")
        return chosen.get(slot, default)

    def deps(body: str) -> list[str]:
        return [m[1] if m[1] else resolve(m[2], m[3]) for m in _DEP.finditer(body)]

    def inline(body: str) -> str:
        return _DEP.sub(lambda m: f"ref_{m[1] or resolve(m[2], m[3])}", body)

    def visit(name: str, trail: tuple[str, ...]) -> None:
        if name in ctes:
            return
        if name in trail:
            raise ValueError(f"SQL models reference each other in a cycle: {' -> '.join(trail + (name,))}")
        body = _model_text(root, name)
        for dep in deps(body):
            visit(dep, trail + (name,))
        ctes[name] = inline(body).strip()

    for dep in deps(text):
        visit(dep, ())
    unknown = chosen.keys() - declared.keys()
    if unknown:
        raise KeyError(f"no model reached declares the inputs {sorted(unknown)}")
    return ctes, inline(text)


# a ref('name') (group 1) or an input('slot', default='name') (groups 2, 3)
_DEP = re.compile(f"{_REF.pattern}|{_INPUT.pattern}")


def parameters(sql: str) -> list[str]:
    """The $parameters a compiled statement needs."""
    return sorted(set(_PARAM.findall(sql)))


def bind(sql: str, params: Mapping[str, Any]) -> dict[str, Any]:
    """DuckDB wants exactly the parameters a statement uses."""
    used = set(_PARAM.findall(sql))
    missing = used - params.keys()
    if missing:
        raise KeyError(f"SQL needs parameters {sorted(missing)}")
    return {k: params[k] for k in used}


def query(con, text: str, params: Mapping[str, Any] | None = None,
          inputs: Mapping[str, str] | None = None) -> pl.DataFrame:
    sql = compile_sql(text, inputs)
    return con.sql(sql, params=bind(sql, params or {})).pl()


def execute(con, text: str, params: Mapping[str, Any] | None = None,
            inputs: Mapping[str, str] | None = None) -> None:
    sql = compile_sql(text, inputs)
    con.execute(sql, bind(sql, params or {})).fetchall()


def run_script(con, text: str, params: Mapping[str, Any]) -> None:
    """The statements of a multi-statement SQL file one by one, each with the parameters it
    uses: DuckDB binds parameters to one statement only."""
    for statement in con.extract_statements(text):
        used = bind(statement.query, params)
        if used:
            con.execute(statement, used)
        else:
            con.execute(statement)
