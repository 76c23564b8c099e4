"""Running a parsed \\copy: run_copy() opens the client-side end and sends psql's COPY. COPY TO and an
unbatched COPY FROM are one COPY each, as psql's; a load that is batched (COPY_BATCH_ROWS / COPY_BATCH_BYTES
set, a DSQL host, or COPY_START_ROW) goes to load.py."""

from __future__ import annotations

import re
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
from dsqlsh.copy.parser import CopySpec
from dsqlsh.scanner import is_single_statement
from dsqlsh.statements import skip_space

if TYPE_CHECKING:
    from dsqlsh.context import Context

__all__ = ["run_copy", "script_copy_in"]


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
    start_row = _rows_to_skip(ctx)
    batched = _is_batched(ctx, limits, start_row, fmt.binary)
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


def _rows_to_skip(ctx: Context) -> int:
    """COPY_START_ROW is the first data row to load (1-based), as the resume hint names it: rows before it are
    skipped."""
    return max(ctx.variables.integer("COPY_START_ROW") - 1, 0) if ctx.variables.get("COPY_START_ROW") else 0


def _is_batched(ctx: Context, limits: tuple[int, int] | None, start_row: int, binary: bool) -> bool:
    """Batches commit one by one: only outside a transaction block, and only when each COPY commits itself."""
    conn = ctx.conn
    assert conn is not None
    return ((limits is not None or start_row > 0) and not binary and ctx.variables.flag("AUTOCOMMIT")
            and conn.is_idle)


# A script's own COPY ... FROM STDIN (pg_dump writes `COPY public.t (a, b) FROM stdin;`), its data on the next lines.
_SCRIPT_COPY_IN = re.compile(r"COPY\s+(?P<before>.+?)\s+FROM\s+STDIN\b(?P<after>.*?)\s*;?\s*$",
                             re.IGNORECASE | re.DOTALL)


def script_copy_in(ctx: Context, sql: str, read_line: Callable[[], str | None] | None, *,
                   first_line: int = 1) -> bool | None:
    """A script's COPY ... FROM STDIN, batched as \\copy is (a DSQL host, COPY_BATCH_ROWS/BYTES, COPY_START_ROW):
    True or False as it went; None when no batching applies, for the engine to send it as psql does. Its data
    starts on the script's line first_line."""
    match = _SCRIPT_COPY_IN.match(sql, skip_space(sql, 0))
    conn = ctx.conn
    if match is None or conn is None or conn.is_bad or not is_single_statement(sql):
        return None
    session.ensure_usable(ctx)  # first: a fresh connection may be needed to say whether it is idle
    after = match["after"].strip()
    if not _is_batched(ctx, batch_limits(ctx), _rows_to_skip(ctx), copy_format(after).binary):
        return None
    spec = CopySpec(" " + match["before"], True, "stdio", None, after, in_script=True, first_line=first_line)
    return _copy_from(ctx, spec, read_line)


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
