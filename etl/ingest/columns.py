"""Arrow columns from Python lists without importing pandas.

pyarrow's `pa.array` asks, for every Python sequence, whether it is a pandas object, and so
imports pandas on its first call (0.3 s with bytecode, ~0.8 s without, on each `sorot ingest`
process; issue #16). polars builds the same columns in Rust without pandas; a list column is
built from its flattened values and offsets, which `pa.ListArray.from_arrays` takes as arrays
(not Python sequences), so no pandas either.
"""
from __future__ import annotations

import itertools
from collections.abc import Sequence

import polars as pl
import pyarrow as pa


def _arrow(values: Sequence, dtype) -> pa.Array:
    # oldest(): plain large_string rather than string_view, which every DuckDB reads.
    return pl.Series(values=values, dtype=dtype).to_arrow(compat_level=pl.CompatLevel.oldest())


def strings(values: Sequence[str | None]) -> pa.Array:
    return _arrow(values, pl.String)


def booleans(values: Sequence[bool | None]) -> pa.Array:
    return _arrow(values, pl.Boolean)


def int32s(values: Sequence[int | None]) -> pa.Array:
    return _arrow(values, pl.Int32)


def int64s(values: Sequence[int | None]) -> pa.Array:
    return _arrow(values, pl.Int64)


def dates(values) -> pa.Array:
    return _arrow(values, pl.Date)


def timestamps(values) -> pa.Array:
    """Naive datetimes, microseconds (DuckDB's TIMESTAMP)."""
    return _arrow(values, pl.Datetime("us"))


def string_lists(values: Sequence[Sequence[str]]) -> pa.Array:
    """A list<string> column; every row is a list (an empty one for none)."""
    offsets = [0, *itertools.accumulate(map(len, values))]
    flat = [item for row in values for item in row]
    return pa.ListArray.from_arrays(int32s(offsets), strings(flat))
