"""What psql shows and sets around the COPY it sends: server errors, the "COPY n" status line, ECHO=queries
and the -L log, \\timing, and the result variables (ERROR, SQLSTATE, ROW_COUNT, LAST_ERROR_*). Shared by
the single COPY paths and the batched load, so each reports as psql would."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from dsqlsh.connection import Status
from dsqlsh.diagnostics import format_message

if TYPE_CHECKING:
    from psycopg import pq

    from dsqlsh.context import Context

__all__ = ["copied_rows", "echo_query", "print_status", "print_timing", "report_result", "set_result_variables",
           "sqlstate_of"]


def report_result(ctx: Context, res: pq.PGresult) -> bool:
    """Print a server error as psql does; False for errors, True for anything else."""
    status = int(res.status)
    if status in (Status.FATAL_ERROR, Status.BAD_RESPONSE, Status.NONFATAL_ERROR):
        ctx.last_error = res
        ctx.message(format_message(res, ctx.variables.choice("VERBOSITY"), ctx.variables.choice("SHOW_CONTEXT")))
        return False
    return True


def copied_rows(status: bytes | str | None) -> int:
    """The n of a "COPY n" command status."""
    text = status.decode() if isinstance(status, bytes) else status or ""
    return int(text.split()[-1]) if text.split() and text.split()[-1].isdigit() else 0


def print_status(ctx: Context, text: str) -> None:
    """The command status line ("COPY n"), unless QUIET."""
    if ctx.quiet:
        return
    ctx.streams.out.write(text + "\n")
    ctx.streams.out.flush()


def echo_query(ctx: Context, sql: str) -> None:
    """ECHO=queries and the -L log see the COPY statement, as psql's SendQuery shows it."""
    if ctx.variables.choice("ECHO") == "queries":
        ctx.streams.stdout.write(sql + "\n")
        ctx.streams.stdout.flush()
    if ctx.streams.log is not None:
        from dsqlsh.engine import QUERY_CLOSE, QUERY_OPEN

        ctx.streams.log.write(f"{QUERY_OPEN}\n{sql}\n{QUERY_CLOSE}\n\n")


def print_timing(ctx: Context, started: float) -> None:
    """\\timing's "Time: ..." line for a COPY that started at this perf_counter."""
    if ctx.timing:
        from dsqlsh.engine import timing_text

        ctx.streams.stdout.write(timing_text((time.perf_counter() - started) * 1000))
        ctx.streams.stdout.flush()


def sqlstate_of(error: pq.PGresult | str | None) -> str | None:
    """The SQLSTATE of a server error; None for libpq's text or no error."""
    from dsqlsh.diagnostics import SQLSTATE, field

    return field(error, SQLSTATE) if error is not None and not isinstance(error, str) else None  # type: ignore[arg-type]


def set_result_variables(ctx: Context, rows: int | None, error: pq.PGresult | str | None) -> None:
    """psql's SetResultVariables for the COPY it sent: ERROR, SQLSTATE, ROW_COUNT (rows, or 0 on failure
    when rows is None) and, on failure, LAST_ERROR_SQLSTATE / LAST_ERROR_MESSAGE ("" for client errors)."""
    from dsqlsh.diagnostics import PRIMARY, field

    v = ctx.variables
    v.set_internal("ERROR", "false" if rows is not None else "true")
    if rows is not None:
        v.set_internal("SQLSTATE", "00000")
        v.set_internal("ROW_COUNT", str(rows))
        return
    result = error if error is not None and not isinstance(error, str) else None
    sqlstate = sqlstate_of(result) or ""
    v.set_internal("SQLSTATE", sqlstate)
    v.set_internal("ROW_COUNT", "0")
    v.set_internal("LAST_ERROR_SQLSTATE", sqlstate)
    v.set_internal("LAST_ERROR_MESSAGE", (field(result, PRIMARY) if result is not None else None) or "")  # type: ignore[arg-type]
