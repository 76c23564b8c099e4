"""\\batch from start to end: check the statement, find its key ranges (or take BATCH_RESUME_KEY's), walk them on
`jobs` connections with a progress line, then psql's command tag and ROW_COUNT, or what is committed and how to
go on from there."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dsqlsh import reporting
from dsqlsh.batch.catalog import CatalogError, check_statement, count_rows, job_ranges, key_order, row_width
from dsqlsh.batch.keys import Range, ResumeError, read_resume, resume_text
from dsqlsh.batch.statement import BatchRefused, read_shape
from dsqlsh.batch.walk import Job, Walk
from dsqlsh.errors import DsqlshError
from dsqlsh.session import DEFAULT_MAX_AGE, connect, restore_sets

if TYPE_CHECKING:
    from dsqlsh.batch.keys import KeyOrder
    from dsqlsh.batch.statement import Shape
    from dsqlsh.batch.walk import Stop
    from dsqlsh.connection import Connection
    from dsqlsh.context import Context

__all__ = ["BatchOptions", "run_batch", "DSQL_MAX_ROWS", "DSQL_MAX_JOBS"]

DEFAULT_ROWS = 1000
DSQL_MAX_ROWS = 3000  # rows one DSQL transaction may modify
DSQL_MAX_JOBS = 8
DSQL_BYTES = 8 * 1024 * 1024  # a batch's share of DSQL's 10 MiB per transaction, with room for estimates
RETRIES = 10  # tries of one batch after OCC conflicts or a lost connection (or OCC_RETRY, when higher)
RESUME = "BATCH_RESUME_KEY"


@dataclass(frozen=True)
class BatchOptions:
    """\\batch's options: rows per batch and parallel jobs."""

    rows: int | None = None  # None: DEFAULT_ROWS (and on DSQL no more than its byte limit allows)
    jobs: int = 1


def run_batch(ctx: Context, sql: str, options: BatchOptions) -> bool:
    """Run sql in batches of its own transactions; False (reported) when refused, failed or interrupted."""
    from dsqlsh.session import recover

    try:
        return _run(ctx, sql, options)
    finally:
        recover(ctx)


def _run(ctx: Context, sql: str, options: BatchOptions) -> bool:
    session = ctx.conn
    if session is None:
        ctx.error("\\batch: not connected to a database")
        return False
    try:
        shape, keys, spans, size = _prepare(ctx, session, sql, options)
    except (BatchRefused, CatalogError, ResumeError) as exc:
        ctx.error(f"\\batch: {exc}")
        reporting.set_result_variables(ctx, ok=False)
        return False
    if not spans:
        return _finished(ctx, shape, 0)
    try:
        conns = _open_jobs(ctx, session, len(spans))
    except DsqlshError as exc:
        ctx.error(f"\\batch: {exc}")
        return False
    walk = Walk(shape, keys, [Job(span, span.after) for span in spans], conns, session, size,
                retries=max(ctx.variables.integer("OCC_RETRY"), RETRIES), reconnect=session.params.is_dsql,
                max_age=ctx.variables.integer("DSQL_MAX_CONNECTION_AGE") or DEFAULT_MAX_AGE)
    progress = _Progress(ctx, shape, keys, spans, session)
    try:
        walk.run(lambda: progress.show(walk.rows))
    finally:
        _release(ctx, walk.conns, session)
        progress.done(walk.rows)
    stops = walk.stops()
    if not stops and not walk.cancelled:
        ctx.variables.unset(RESUME)
        return _finished(ctx, shape, walk.rows)
    _explain_stop(ctx, sql, walk, stops)
    if walk.cancelled and ctx.conn is not None:
        ctx.conn.cancel_pressed = True  # as after a statement Ctrl-C cancelled: a script stops here (exit 3)
    return False


def _prepare(ctx: Context, session: Connection, sql: str,
             options: BatchOptions) -> tuple[Shape, KeyOrder, list[Range], int]:
    """The statement's shape and key order, the ranges to walk and the batch size; refusals as BatchRefused."""
    shape = read_shape(sql)
    if session.in_transaction:
        raise BatchRefused("a transaction is open: each batch must be a transaction of its own; COMMIT or "
                           "ROLLBACK first")
    dsql = session.params.is_dsql
    if dsql and options.jobs > DSQL_MAX_JOBS:
        raise BatchRefused(f"jobs={options.jobs}: DSQL takes at most {DSQL_MAX_JOBS} here")
    if dsql and options.rows is not None and options.rows > DSQL_MAX_ROWS:
        raise BatchRefused(f"rows={options.rows}: a DSQL transaction may modify at most {DSQL_MAX_ROWS} rows")
    keys = key_order(session, shape)
    check_statement(session, shape, keys)
    size = options.rows or DEFAULT_ROWS
    if dsql and options.rows is None:
        width = row_width(session, shape)
        if width:
            size = max(1, min(size, DSQL_BYTES // width))
    resume = ctx.variables.get(RESUME)
    spans = read_resume(sql, resume) if resume else job_ranges(session, shape, keys, options.jobs)
    return shape, keys, spans, size


def _open_jobs(ctx: Context, session: Connection, jobs: int) -> list[Connection]:
    """The session's connection for the first job; for each other, a fresh token and the session's SETs."""
    conns = [session]
    try:
        for _ in range(jobs - 1):
            conns.append(connect(ctx, session.params))
            restore_sets(conns[-1], session.session_sets)
    except BaseException:
        for conn in conns[1:]:
            conn.close()
        raise
    return conns


def _release(ctx: Context, conns: list[Connection], session: Connection) -> None:
    """Close the jobs' own connections; a fresh connection that replaced the session's own becomes the session's."""
    from dsqlsh.session import adopt

    for index, conn in enumerate(conns):
        if conn is session:
            continue
        if index == 0:
            adopt(ctx, conn)
        else:
            conn.close()


def _finished(ctx: Context, shape: Shape, rows: int) -> bool:
    reporting.print_status(ctx, f"INSERT 0 {rows}" if shape.kind == "INSERT" else f"{shape.kind} {rows}")
    reporting.set_result_variables(ctx, ok=True, rows=rows)
    return True


def _explain_stop(ctx: Context, sql: str, walk: Walk, stops: list[Stop]) -> None:
    """The error that stopped the walk, what is committed, and the BATCH_RESUME_KEY that goes on exactly."""
    err = ctx.streams.stderr
    first = stops[0] if stops else None
    if first is not None:
        if isinstance(first.error, str):
            ctx.message(first.error)
        else:
            reporting.report_error(ctx, first.error)
    error = None if first is None or isinstance(first.error, str) else first.error
    reporting.set_result_variables(ctx, ok=False, error=error)
    left = [job.left() for job in walk.jobs if not job.finished]
    head = "\\batch was interrupted" if first is None else "\\batch stopped"
    unknown = next((stop for stop in stops if stop.unknown), None)
    if unknown is None:
        ctx.variables.set(RESUME, resume_text(sql, left))
        err.write(f"{head}: {walk.rows} rows are committed, each batch in its own transaction; the rest is not. "
                  f"Running the same \\batch again goes on from there, as BATCH_RESUME_KEY is set; elsewhere:\n"
                  f"HINT:  \\set {RESUME} {_quoted(resume_text(sql, left))}\n")
        err.flush()
        return
    batch = unknown.batch
    shown = walk.keys.shown
    upto = shown(batch.upto) if batch.upto is not None else "the last key"
    after = f"after {shown(batch.after)}" if batch.after is not None else "from the first key"
    committed_left = [Range(batch.upto, job.span.upto) if job.stop is unknown else job.left()
                      for job in walk.jobs if not job.finished]
    err.write(f"{head}: the connection closed while the batch of keys {after} up to {upto} was being committed, "
              f"so whether it is committed is unknown. {walk.rows} rows of other batches are committed.\n"
              f"If that batch is committed, go on with \\set {RESUME} {_quoted(resume_text(sql, committed_left))}; "
              f"if it is not, with:\nHINT:  \\set {RESUME} {_quoted(resume_text(sql, left))}\n")
    err.flush()


def _quoted(value: str) -> str:
    """value as one \\set argument in single quotes (psql's rules: \\\\ and \\' inside)."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class _Progress:
    """One line on stderr while the walk runs, only when stderr is a terminal: rows done, of how many, rows/s."""

    def __init__(self, ctx: Context, shape: Shape, keys: KeyOrder, spans: list[Range], session: Connection) -> None:
        from dsqlsh.output.pager import is_terminal

        stream = ctx.streams.stderr
        self.stream = stream if is_terminal(stream) else None
        self.label = f"\\batch {shape.kind}"
        self.total = 0
        if self.stream is not None:
            try:
                self.total = count_rows(session, shape, keys, spans)
            except CatalogError:
                pass
        self.started = self.shown = time.monotonic()

    def show(self, rows: int) -> None:
        now = time.monotonic()
        if self.stream is None or now - self.shown < 0.2:
            return
        self.shown = now
        rate = rows / max(now - self.started, 1e-6)
        of = f" of {self.total}" if self.total else ""
        self.stream.write(f"\r{self.label}: {rows}{of} rows, {rate:.0f} rows/s\x1b[K")
        self.stream.flush()

    def done(self, rows: int) -> None:
        if self.stream is None:
            return
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r\x1b[K{self.label}: {rows} rows in {elapsed:.1f} s "
                          f"({rows / max(elapsed, 1e-6):.0f} rows/s)\n")
        self.stream.flush()
