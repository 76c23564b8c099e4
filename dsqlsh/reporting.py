"""What psql's common.c does around a statement, in one place for the engine, the describe commands and \\copy.

Echo (ECHO=queries, ECHO_HIDDEN, the -L log), the implicit BEGIN of AUTOCOMMIT off, errors and notices with
VERBOSITY and SHOW_CONTEXT, the result variables (ERROR, SQLSTATE, ROW_COUNT, LAST_ERROR_*), a result table
through the pager (with the broken-pipe check psql makes after each table), status lines, and \\timing.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, TextIO

from dsqlsh.diagnostics import PRIMARY, SQLSTATE, field, format_message

if TYPE_CHECKING:
    from psycopg.pq.abc import PGresult

    from dsqlsh.context import Context
    from dsqlsh.output.options import PrintOptions, Table

__all__ = ["QUERY_CLOSE", "QUERY_OPEN", "async_job_hint", "begin_if_needed", "echo_hidden", "echo_query",
           "print_notice", "print_result", "print_status", "print_timing", "report_error", "set_result_variables",
           "timing_text"]

# psql's frame around a query in the -L log, and around a meta-command's query under -E (ECHO_HIDDEN).
QUERY_OPEN = "/******** QUERY *********/"
QUERY_CLOSE = "/************************/"
# ... and around a meta-command's hidden query in the -L log.
HIDDEN_LOG_OPEN = "********* QUERY **********"
HIDDEN_LOG_CLOSE = "**************************"


def echo_query(ctx: Context, sql: str) -> None:
    """ECHO=queries shows the statement on stdout; the -L log gets it framed (psql's SendQuery)."""
    if ctx.variables.choice("ECHO") == "queries":
        ctx.streams.stdout.write(sql + "\n")
        ctx.streams.stdout.flush()
    if ctx.streams.log is not None:
        ctx.streams.log.write(f"{QUERY_OPEN}\n{sql}\n{QUERY_CLOSE}\n\n")


def echo_hidden(ctx: Context, sql: str, *, log_as_stdout: bool = False) -> bool:
    """ECHO_HIDDEN for a meta-command's query (psql's PSQLexec); False when it must not run (noexec).
    log_as_stdout: the -L log gets stdout's frame (psql's echo_hidden_command, for \\sf and \\sv)."""
    mode = _echo_hidden_mode(ctx)
    if mode == "off":
        return True
    frame = f"{QUERY_OPEN}\n{sql}\n{QUERY_CLOSE}\n\n"
    ctx.streams.stdout.write(frame)
    ctx.streams.stdout.flush()
    if ctx.streams.log is not None:
        ctx.streams.log.write(frame if log_as_stdout else f"{HIDDEN_LOG_OPEN}\n{sql}\n{HIDDEN_LOG_CLOSE}\n\n")
        ctx.streams.log.flush()
    return mode != "noexec"


def _echo_hidden_mode(ctx: Context) -> str:
    """ECHO_HIDDEN as psql reads it: off, on, or noexec."""
    from dsqlsh.variables import BadVariable, parse_bool

    value = ctx.variables.get("ECHO_HIDDEN") or "off"
    if value.lower() == "noexec":
        return "noexec"
    try:
        return "on" if parse_bool(value, "ECHO_HIDDEN") else "off"
    except BadVariable:
        return "off"


def begin_if_needed(ctx: Context, sql: str | None = None) -> None:
    """AUTOCOMMIT off: open a transaction first when none is open, unless sql must run outside one."""
    conn = ctx.conn
    if conn is None or ctx.variables.flag("AUTOCOMMIT") or not conn.is_idle:
        return
    if sql is not None:
        from dsqlsh.statements import starts_own_transaction

        if starts_own_transaction(sql):
            return
    for _ in conn.execute("BEGIN"):
        pass


def print_notice(ctx: Context, res: PGresult) -> None:
    """A NOTICE or WARNING as it arrives, laid out by VERBOSITY and SHOW_CONTEXT."""
    ctx.message(format_message(res, ctx.variables.choice("VERBOSITY"), ctx.variables.choice("SHOW_CONTEXT")))


def report_error(ctx: Context, res: PGresult) -> str:
    """Print a server error as psql does and keep it for \\errverbose; returns the text printed."""
    ctx.last_error = res
    text = format_message(res, ctx.variables.choice("VERBOSITY"), ctx.variables.choice("SHOW_CONTEXT"))
    ctx.message(text)
    return text


def set_result_variables(ctx: Context, *, ok: bool, rows: int = 0, error: PGresult | None = None) -> None:
    """psql's SetResultVariables: ERROR, SQLSTATE, ROW_COUNT after every query; on failure the LAST_ERROR_*
    pair comes from the server's error, so a client-side failure (error None) leaves them empty."""
    v = ctx.variables
    if ok:
        v.set_results("false", "00000", str(rows))
        return
    sqlstate = (field(error, SQLSTATE) if error is not None else None) or ""
    v.set_results("true", sqlstate, "0")
    v.set_internal("LAST_ERROR_SQLSTATE", sqlstate)
    v.set_internal("LAST_ERROR_MESSAGE", (field(error, PRIMARY) if error is not None else None) or "")


def print_status(ctx: Context, status: str, out: TextIO | None = None) -> None:
    """A command status line ("INSERT 0 1", "COPY 3") to \\o's target (or out), flushed as psql's
    PrintQueryStatus does, and to the -L log; nothing when QUIET."""
    if ctx.variables.flag("QUIET"):  # not ctx.quiet: a call less, for every statement's status
        return
    out = out or ctx.streams.out
    out.write(status + "\n")
    out.flush()
    if ctx.streams.log is not None:
        ctx.streams.log.write(status + "\n")


def print_result(ctx: Context, out: TextIO, popt: PrintOptions, *, table: Table | None = None,
                 text: list[str] | None = None) -> bool:
    """A result table (or its text, already printed as the rows came) through the pager when it applies, then
    to the -L log. False, with psql's error printed, when out is a \\o or \\g pipe whose reader has gone."""
    from dsqlsh.output.formats import print_table
    from dsqlsh.output.pager import Paged, terminal_width

    paged = Paged(out, ctx.streams.stdout, ctx.streams.stdin, popt, table=True)
    if text is not None:
        paged.stream.writelines(text)
    else:
        assert table is not None
        print_table(paged.stream, table, popt, term_width=terminal_width(out))
    paged.finish()
    if getattr(out, "broken", False):
        # psql checks ferror() after each table: a \o or \g pipe whose reader has gone fails the query.
        ctx.error("could not print result table: Broken pipe")
        return False
    if ctx.streams.log is not None:
        if text is not None:
            ctx.streams.log.writelines(text)
        else:
            assert table is not None
            print_table(ctx.streams.log, table, popt)
    return True


def timing_text(ms: float) -> str:
    """psql's PrintTiming: milliseconds, plus a d/h/m/s form from one second up."""
    if ms < 1000:
        return f"Time: {ms:.3f} ms\n"
    seconds = ms / 1000
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"Time: {ms:.3f} ms ({int(minutes):02d}:{seconds:06.3f})\n"
    hours, minutes = divmod(int(minutes), 60)
    if hours < 24:
        return f"Time: {ms:.3f} ms ({hours:02d}:{minutes:02d}:{seconds:06.3f})\n"
    days, hours = divmod(hours, 24)
    return f"Time: {ms:.3f} ms ({days:.0f} d {hours:02d}:{minutes:02d}:{seconds:06.3f})\n"


def print_timing(ctx: Context, started: float) -> None:
    """\\timing's "Time: ..." line for a statement that started at this perf_counter."""
    if ctx.timing:
        ctx.streams.stdout.write(timing_text((time.perf_counter() - started) * 1000))
        ctx.streams.stdout.flush()


def async_job_hint(job_id: str) -> str:
    """What to tell a user who just started an async job (CREATE INDEX ASYNC returns its id)."""
    return (f"Job {job_id} builds the index in the background: follow it with \\async-indexes, "
            f"or wait with \\async-indexes wait {job_id}")
