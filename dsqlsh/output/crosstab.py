"""\\crosstabview's pivot, as psql's crosstabview.c: a result's rows in, the crosstab Table out.

The distinct values of one column (colV) become the rows, those of another (colH) the columns, and a third
(colD) fills the cells. Both headers keep the order in which their values first appear in the result, unless
a sort column (sortcolH) ranks the column headers by its integer values.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dsqlsh.output.options import Table
from dsqlsh.variables import c_atoi, c_int

__all__ = ["MAX_COLUMNS", "ColumnRef", "CrosstabError", "pivot"]

MAX_COLUMNS = 1600  # psql's CROSSTABVIEW_MAX_COLUMNS, the server's limit on a table's columns
# A column number as psql reads one (1-based, what atoi gives), or a column name already dequoted and folded.
ColumnRef = int | str
# The sort values psql takes as ranks: /^-?\d*$/ (so "" and "-" count, as rank 0); any other ranks 0 too.
_RANK = re.compile(r"-?[0-9]*")


class CrosstabError(Exception):
    """One of psql's \\crosstabview errors; str() is its message."""


@dataclass(frozen=True)
class _Columns:
    """The result columns the pivot reads, 0-based: rows (colV), columns (colH), data (colD), sort (sortcolH)."""

    vertical: int
    horizontal: int
    data: int
    sort: int | None


def pivot(table: Table, refs: Sequence[ColumnRef | None], *, null: str, null_set: bool = False,
          codec: str = "utf-8") -> Table:
    """The crosstab of table (a complete result) for \\crosstabview's up to four column references.

    null is \\pset null, shown for NULL header values and cells; null_set says it was set at all (psql names
    an unset one "(null)" in its duplicate-cell error). Raises CrosstabError with psql's message.
    """
    columns = _resolve(table.headers, list(refs) + [None] * (4 - len(refs)))
    ranks, sort_values = _header_values(table, columns)
    col_names = list(ranks[1])
    if columns.sort is not None:
        col_names = _ranked(col_names, sort_values, codec)
    row_names = list(ranks[0])
    width = len(col_names)
    col_index = {name: i for i, name in enumerate(col_names)}
    cells: list[list[str | None]] = [[None] * width for _ in row_names]
    shown_null = null if null_set else "(null)"
    for row in table.rows:
        v, h, d = row[columns.vertical], row[columns.horizontal], row[columns.data]
        line = cells[ranks[0][v]]
        at = col_index[h]
        if line[at] is not None:
            raise CrosstabError("\\crosstabview: query result contains multiple data values for row "
                                f'"{shown_null if v is None else v}", column "{shown_null if h is None else h}"')
        line[at] = null if d is None else d
    headers = [table.headers[columns.vertical]] + [null if name is None else name for name in col_names]
    aligns = [table.aligns[columns.vertical]] + [table.aligns[columns.data]] * width
    rows = [[null if name is None else name] + ["" if cell is None else cell for cell in line]
            for name, line in zip(row_names, cells, strict=True)]
    return Table(headers=headers, aligns=aligns, rows=rows, title=table.title)


def _resolve(headers: list[str], refs: list[ColumnRef | None]) -> _Columns:
    """psql's PrintResultInCrosstab argument checks, in its order: each error names the first problem."""
    if len(headers) < 3:
        raise CrosstabError("\\crosstabview: query must return at least three columns")
    vertical = 0 if refs[0] is None else _index_of(refs[0], headers)
    horizontal = 1 if refs[1] is None else _index_of(refs[1], headers)
    if vertical == horizontal:
        raise CrosstabError("\\crosstabview: vertical and horizontal headers must be different columns")
    if refs[2] is None:
        # Without colD, the data column is the one left over, which takes exactly three columns.
        if len(headers) != 3:
            raise CrosstabError("\\crosstabview: data column must be specified when query returns more than "
                                "three columns")
        data = next(i for i in range(3) if i not in (vertical, horizontal))
    else:
        data = _index_of(refs[2], headers)
    sort = None if refs[3] is None else _index_of(refs[3], headers)
    return _Columns(vertical, horizontal, data, sort)


def _index_of(ref: ColumnRef, headers: list[str]) -> int:
    """psql's indexOfColumn: a 1-based number, or a name that must match exactly one column."""
    if isinstance(ref, int):
        index = c_int(ref - 1)
        if not 0 <= index < len(headers):
            raise CrosstabError(f"\\crosstabview: column number {c_int(index + 1)} is out of range "
                                f"1..{len(headers)}")
        return index
    found = [i for i, name in enumerate(headers) if name == ref]
    if len(found) > 1:
        raise CrosstabError(f'\\crosstabview: ambiguous column name: "{ref}"')
    if not found:
        raise CrosstabError(f'\\crosstabview: column name not found: "{ref}"')
    return found[0]


def _header_values(table: Table, columns: _Columns) -> tuple[tuple[dict[str | None, int], dict[str | None, int]],
                                                             dict[str | None, str | None]]:
    """The distinct row and column header values, each with its rank (the order of first appearance), and each
    column value's sort value (the one on its first row). Fails past MAX_COLUMNS, as psql, while reading."""
    row_ranks: dict[str | None, int] = {}
    col_ranks: dict[str | None, int] = {}
    sort_values: dict[str | None, str | None] = {}
    for row in table.rows:
        h = row[columns.horizontal]
        if h not in col_ranks:
            col_ranks[h] = len(col_ranks)
            sort_values[h] = None if columns.sort is None else row[columns.sort]
            if len(col_ranks) > MAX_COLUMNS:
                raise CrosstabError(f"\\crosstabview: maximum number of columns ({MAX_COLUMNS}) exceeded")
        row_ranks.setdefault(row[columns.vertical], len(row_ranks))
    return (row_ranks, col_ranks), sort_values


def _ranked(names: list[str | None], sort_values: dict[str | None, str | None], codec: str) -> list[str | None]:
    """psql's rankSort: the column values in their sort column's integer order; ties (and values that are not
    integers, ranked 0) keep the order of the values themselves, compared as psql does (strcmp, NULL last).

    psql sorts with glibc's qsort, a stable merge sort, hence the ties' order."""
    def by_value(name: str | None) -> tuple[bool, bytes]:
        return name is None, b"" if name is None else name.encode(codec, "surrogateescape")

    def rank(name: str | None) -> int:
        value = sort_values[name]
        return c_atoi(value) if value is not None and _RANK.fullmatch(value) else 0

    return sorted(sorted(names, key=by_value), key=rank)
