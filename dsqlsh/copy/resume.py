"""What a stopped load says: which input line and data row failed, how many data rows are committed, and the
COPY_START_ROW that resumes it exactly; or, when a COMMIT went unanswered, exactly what is unknown."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dsqlsh.copy.data_format import lines_in

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.context import Context
    from dsqlsh.copy.batches import Batch
    from dsqlsh.copy.data_format import Record

__all__ = ["explain_failure", "explain_unknown_commit"]

_COPY_LINE = re.compile(r"\bCOPY [^,\n]+, line (\d+)")


def explain_failure(ctx: Context, batch: Batch | None, header: Record | None, committed: int,
                    error: PGresult | str | None, *, label: str = "\\copy") -> None:
    """After a failed batch: which input line and data row, how many rows are committed, how to resume."""
    where = ""
    detail = ""
    if batch is not None and error is not None and not isinstance(error, str):
        from dsqlsh.diagnostics import CONTEXT, field

        detail = field(error, CONTEXT) or ""
    m = _COPY_LINE.search(detail)
    if batch is not None and m:
        index = _record_at(batch, header, int(m.group(1)))
        if index is not None:
            line = batch.first_line + sum(lines_in(r) for r in batch.rows[:index])
            where = f" at input line {line} (data row {batch.first_row + index + 1})"
    ctx.streams.stderr.write(f"{label} stopped{where}: {committed} data rows are committed; "
                             f"data rows {committed + 1} and after are not.\n"
                             f"HINT:  \\set COPY_START_ROW {committed + 1}\n")
    ctx.streams.stderr.flush()


def _record_at(batch: Batch, header: Record | None, line: int) -> int | None:
    """Which record of the batch holds the server's "line N": it counts the physical lines of this COPY's
    data, header included (a csv field's newlines too), and names the last line of a record."""
    last = lines_in(header.data) if header else 0
    for index, rec in enumerate(batch.rows):
        first = last + 1
        last += lines_in(rec)
        if first <= line <= last:
            return index
    return None


def explain_unknown_commit(ctx: Context, batch: Batch, committed: int, *, label: str = "\\copy") -> None:
    """After the connection closed with a batch's COMMIT sent and unanswered: say exactly what is unknown.

    Sending the batch again could load it twice, so the load stops; one look at the table settles it."""
    first, last = batch.first_row + 1, batch.first_row + len(batch.rows)
    ctx.streams.stderr.write(
        f"{label} stopped: the connection closed while data rows {first} to {last} were being committed, so "
        f"whether they are is unknown. Data rows 1 to {committed} are committed; data rows {last + 1} and after "
        f"are not.\nIf data rows {first} to {last} are in the table, resume with \\set COPY_START_ROW {last + 1}; "
        f"if they are not, with:\n"
        f"HINT:  \\set COPY_START_ROW {committed + 1}\n")
    ctx.streams.stderr.flush()
