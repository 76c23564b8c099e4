"""Cutting a load into batches: batch_limits() reads COPY_BATCH_ROWS / COPY_BATCH_BYTES (DSQL's defaults on a
DSQL host, where one transaction may hold at most 3,000 rows or 10 MiB), and split_batches() groups the
records, after skipping COPY_START_ROW of them, into Batches that each become their own committed COPY."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dsqlsh.copy.data_format import Record, lines_in

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["Batch", "batch_limits", "split_batches"]

DSQL_BATCH_ROWS = 1000
DSQL_BATCH_BYTES = 8 * 1024 * 1024


def batch_limits(ctx: Context) -> tuple[int, int] | None:
    """(rows, bytes) per batch, or None for psql's single COPY."""
    assert ctx.conn is not None
    rows = ctx.variables.get("COPY_BATCH_ROWS")
    size = ctx.variables.get("COPY_BATCH_BYTES")
    dsql = ctx.conn.params.is_dsql
    if rows is None and size is None and not dsql:
        return None
    max_rows = ctx.variables.integer("COPY_BATCH_ROWS") if rows is not None else (DSQL_BATCH_ROWS if dsql else 0)
    max_bytes = ctx.variables.integer("COPY_BATCH_BYTES") if size is not None else (DSQL_BATCH_BYTES if dsql else 0)
    return max_rows if max_rows > 0 else sys.maxsize, max_bytes if max_bytes > 0 else sys.maxsize


@dataclass
class Batch:
    """A run of records loaded as one COPY in its own transaction, and where it sits in the input."""

    first_row: int  # 0-based index of its first data row in the input
    first_line: int  # the input line its first record starts on
    rows: list[bytes]  # its records, each with its line end(s)
    data: bytes  # the same, joined: what the COPY sends
    size: int = 0


def split_batches(recs: Iterator[bytes], header: Record | None, start_row: int,
                  max_rows: int, max_bytes: int, *, first_line: int = 1) -> Iterator[Batch]:
    """Skip start_row records, then group the rest into Batches of at most max_rows rows and max_bytes bytes
    (the header, sent again with each batch, counted in); the input's data starts on line first_line."""
    line = first_line + (lines_in(header.data) if header else 0)
    row = 0
    for _ in range(start_row):
        if (rec := next(recs, None)) is None:
            return
        line += lines_in(rec)
        row += 1
    base = len(header.data) if header else 0
    # Plain locals in the loop, which runs once per row.
    taken: list[bytes] = []
    first, size = row, base
    for rec in recs:
        n = len(rec)
        if taken and (len(taken) >= max_rows or size + n > max_bytes):
            data = b"".join(taken)
            yield Batch(first, line, taken, data, size)
            line += data.count(b"\n")
            first, taken, size = row, [], base
        taken.append(rec)
        size += n
        row += 1
    if taken:
        yield Batch(first, line, taken, b"".join(taken), size)
