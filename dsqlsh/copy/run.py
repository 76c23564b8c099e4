"""Running a parsed \\copy: run_copy() opens the client-side end and sends psql's COPY. COPY TO and an
unbatched COPY FROM are one COPY each, as psql's; a load that is batched (COPY_BATCH_ROWS / COPY_BATCH_BYTES
set, a DSQL host, or COPY_START_ROW) goes to load.py."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING

from dsqlsh import reporting, session
from dsqlsh.connection import ERROR_STATUSES, ExecStatus
from dsqlsh.copy.batches import batch_limits
from dsqlsh.copy.client_end import ProgramFailed, open_source, program_failed, report_open_error, start_shell
from dsqlsh.copy.data_format import copy_format
from dsqlsh.copy.load import load_batches

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.copy.parser import CopySpec

__all__ = ["run_copy"]


def run_copy(ctx: Context, spec: CopySpec, read_line: Callable[[], str | None] | None) -> bool:
    """Run a parsed \\copy: open the client-side end, send the COPY, report as psql does. True on success."""
    if ctx.conn is not None:
        session.ensure_usable(ctx)  # as before any statement: DSQL may have closed the idle session
    if spec.is_from:
        return _copy_from(ctx, spec, read_line)
    return _copy_to(ctx, spec)


def _copy_to(ctx: Context, spec: CopySpec) -> bool:
    conn = ctx.conn
    if conn is None:
        ctx.error("You are currently not connected to a database.")
        return False
    proc: subprocess.Popen[bytes] | None = None
    sink: IO[bytes] | None = None
    text_sink = None
    if spec.kind == "file":
        try:
            sink = open(spec.target or "", "wb")  # noqa: SIM115
        except OSError as exc:
            return report_open_error(ctx, spec, exc)
    elif spec.kind == "program":
        ctx.streams.stdout.flush()
        proc = start_shell(spec.target or "", stdin=subprocess.PIPE)
        sink = proc.stdin
    elif spec.kind == "stdio":
        text_sink = ctx.streams.out
    else:
        text_sink = ctx.streams.stdout
    codec = conn.codec
    ok = True
    rows = None
    error = None
    reporting.echo_query(ctx, spec.sql)
    started = time.perf_counter()
    reporting.begin_if_needed(ctx)  # as psql's SendQuery
    try:
        for res in conn.execute(spec.sql):
            status = res.status
            if status == ExecStatus.COPY_OUT:
                for chunk in conn.copy_out():
                    if sink is not None:
                        try:
                            sink.write(chunk)
                        except BrokenPipeError as exc:  # psql's handleCopyOut: complain once, read on
                            ctx.error(f"could not write COPY data: {exc.strerror}")
                            sink, ok = None, False
                    elif text_sink is not None:
                        text_sink.write(chunk.decode(codec, "surrogateescape"))
            elif status == ExecStatus.COMMAND_OK:
                rows = res.command_status
            elif status in ERROR_STATUSES:
                reporting.report_error(ctx, res)
                ok, error = False, res
    finally:
        if text_sink is not None:
            text_sink.flush()
        if sink is not None:
            try:
                sink.close()
            except BrokenPipeError as exc:  # psql's fflush check at the end of handleCopyOut
                ctx.error(f"could not write COPY data: {exc.strerror}")
                ok = False
    if ok and rows is not None and text_sink is not ctx.streams.out:  # psql leaves "COPY n" out of the data
        reporting.print_status(ctx, bytes(rows).decode())
    # psql's ROW_COUNT after COPY TO STDOUT / PSTDOUT is 0: the count is only known to a file or program.
    reporting.set_result_variables(ctx, ok=ok, rows=copied_rows(rows) if text_sink is None else 0, error=error)
    if proc is not None and program_failed(ctx, spec, proc):  # psql's pclose check comes after the status
        ok = False
    reporting.print_timing(ctx, started)
    return ok


def _copy_from(ctx: Context, spec: CopySpec, read_line: Callable[[], str | None] | None) -> bool:
    conn = ctx.conn
    if conn is None:
        ctx.error("You are currently not connected to a database.")
        return False
    fmt = copy_format(spec.after)
    limits = batch_limits(ctx)
    start_row = max(ctx.variables.integer("COPY_START_ROW"), 0) if ctx.variables.get("COPY_START_ROW") else 0
    autocommit = ctx.variables.flag("AUTOCOMMIT")
    # Batches commit one by one: only outside a transaction block, and only when each COPY commits itself.
    batched = (limits is not None or start_row > 0) and not fmt.binary and autocommit and conn.is_idle
    source = open_source(ctx, spec, read_line, by_line=batched)
    if source is None:
        return False
    lines, close = source
    reporting.echo_query(ctx, spec.sql)
    started = time.perf_counter()
    ok = True
    try:
        if batched:
            ok = load_batches(ctx, spec, fmt, lines, limits or (sys.maxsize, sys.maxsize), start_row)
        else:
            reporting.begin_if_needed(ctx)  # psql's SendQuery opens one first
            status = _send_copy(ctx, spec.sql, lines)
            ok = status is not None
            if ok:
                reporting.print_status(ctx, status or "")
            reporting.set_result_variables(ctx, ok=ok, rows=copied_rows(status), error=None if ok else ctx.last_error)
    finally:
        for _ in lines:  # read the rest of the data (psql reads up to "\." even after an error)
            pass
        try:
            close()
        except ProgramFailed:
            ok = False
    reporting.print_timing(ctx, started)
    return ok


def copied_rows(status: bytes | str | None) -> int:
    """The n of a "COPY n" command status."""
    text = status.decode() if isinstance(status, bytes) else status or ""
    return int(text.split()[-1]) if text.split() and text.split()[-1].isdigit() else 0


def _send_copy(ctx: Context, sql: str, chunks: Iterable[bytes]) -> str | None:
    """One COPY FROM STDIN with these bytes; its command status ("COPY n"), or None after printing the error."""
    conn = ctx.conn
    assert conn is not None
    status: str | None = None
    failed = False
    for res in conn.execute(sql):
        code = res.status
        if code == ExecStatus.COPY_IN:
            try:
                conn.copy_in(iter(chunks))
            except KeyboardInterrupt:  # psql's message when a COPY FROM STDIN is abandoned
                conn.pgconn.put_copy_end(b"canceled by user")
        elif code == ExecStatus.COMMAND_OK:
            status = bytes(res.command_status or b"").decode()
        elif code in ERROR_STATUSES:
            reporting.report_error(ctx, res)
            failed = True
    return None if failed else status
